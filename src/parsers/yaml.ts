import { Alias, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { Node, ObjectEntry } from '../source/node.js';
import { DocumentTooComplexError, MAX_DEPTH, MAX_NODES, type ParseResult, type SyntaxProblem } from './parse-result.js';
import { intrinsicNameForTag } from './cfn-tags.js';
import { loneCrAsLf } from '../source/line-breaks.js';

function parseStream(text: string): Document.Parsed[] {
  const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: false });
  // An empty stream comes back as an object that is not a list of documents.
  return Array.isArray(parsed) ? parsed : [];
}

/** YAML 1.1's other booleans, as PyYAML and SnakeYAML resolve them (not `y`/`n`). */
const YAML11_BOOLEAN = /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/;

/**
 * A line holding only the closing brackets of a flow collection (`}]`, `},`, `]`), or the end of a
 * quoted string holding JSON (`}'`, as a JSON policy is written across lines in a quoted scalar).
 */
const CLOSERS_LINE = /(\r?\n)([ \t]*)([}\]][}\],]*['"]?)(?=[ \t]*(?:\r?\n|$))/g;

/** A block scalar's header at the end of a line: `key: |`, `- >-`, `key: !Sub |2  # comment`. */
const BLOCK_INDICATOR = String.raw`[ \t]+(?:[!&]\S*[ \t]+){0,2}[|>][1-9+-]{0,2}[ \t]*(?:#.*)?$`;
/** `key: |` (also as a list item, `- key: |`): group 1 runs to the key, whose column the content must pass. */
const KEY_BLOCK_HEADER = new RegExp(String.raw`^([ \t]*(?:[-?][ \t]+)*)(?![-?][ \t])\S.*?:` + BLOCK_INDICATOR);
/** `- |` or `? |`: group 1 runs past the indicator, whose column the content must pass. */
const ITEM_BLOCK_HEADER = new RegExp(String.raw`^((?:[ \t]*[-?](?=[ \t]))+)` + BLOCK_INDICATOR);

/** The column a block scalar's content must be indented past, when the line ends in a block scalar's header. */
function blockHeaderIndent(line: string): number {
  const key = KEY_BLOCK_HEADER.exec(line);
  if (key) return (key[1] as string).length;
  const item = ITEM_BLOCK_HEADER.exec(line);
  return item ? (item[1] as string).length - 1 : -1;
}

/** The text repaired for the parser, and where each of its offsets is in the file. */
interface Repaired {
  text: string;
  toFile: (offset: number) => number;
}

/**
 * The text with each line that holds only flow closers joined to the line before: `\n    }]`
 * becomes `}]\n    `, the same length. PyYAML, which the SAM CLI uses, and CloudFormation accept
 * `Statement: [{` ... `}]` with the closers at the key's indentation; the YAML 1.2 parser here
 * rejects them as under-indented (AWS's own SAM examples are written so). Lines of a block scalar
 * (a pretty-printed JSON policy under `|`) are its value, and stay. Undefined when there is no
 * such line, or the line before holds a `#` (the closers would land in a comment). `toFile` takes
 * an offset in a moved closer back to where the file has it.
 */
function closersMoved(text: string): Repaired | undefined {
  const inBlock = blockScalarLines(text);
  const moves: { at: number; length: number; shift: number }[] = [];
  const out = text.replace(CLOSERS_LINE, (match: string, eol: string, indent: string, closers: string, offset: number) => {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    if (text.slice(lineStart, offset).includes('#') || inBlock(offset + eol.length)) return match;
    moves.push({ at: offset, length: closers.length, shift: eol.length + indent.length });
    return `${closers}${eol}${indent}`;
  });
  if (moves.length === 0) return undefined;
  return {
    text: out,
    toFile: (offset) => {
      for (const m of moves) {
        // In a closer: where the file has it. In the line break and indentation moved after it (where a
        // block collection ends): just past the closers, which in the file end the same stretch.
        if (offset > m.at && offset <= m.at + m.length) return offset + m.shift;
        if (offset > m.at + m.length && offset <= m.at + m.length + m.shift) return m.at + m.length + m.shift;
      }
      return offset;
    },
  };
}

/** Whether the line starting at an offset is a line of a block scalar's value. */
function blockScalarLines(text: string): (lineStart: number) => boolean {
  const inside = new Set<number>();
  let headerIndent = -1;
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(start, end).replace(/\r$/, '');
    const indent = line.length - line.trimStart().length;
    if (headerIndent >= 0 && (line.trim() === '' || indent > headerIndent)) inside.add(start);
    else headerIndent = blockHeaderIndent(line);
    start = end + 1;
  }
  return (lineStart) => inside.has(lineStart);
}

/**
 * Parses YAML into position-carrying nodes. CloudFormation short-form tags (`!Ref`, `!Sub`, ...)
 * become intrinsic nodes; other tags are ignored, as CloudFormation would reject them itself.
 */
export function parseYaml(source: string): ParseResult {
  // A lone CR is a line break in YAML (1.2, 5.4), but the yaml package reads it as a space, which
  // turns a classic Mac OS file into one long, invalid line.
  const text = loneCrAsLf(source);
  const tooDeep = deepestPoint(text);
  if (tooDeep >= 0) return { root: undefined, errors: [{ start: tooDeep, end: tooDeep + 1, message: `Nested or indented deeper than ${YAML_MAX_DEPTH} levels` }] };
  let docs = parseStream(text);
  let toFile = (offset: number) => offset;
  // A quoted string closed at its key's indentation reads as unterminated (MISSING_CHAR).
  if (docs.some((doc) => doc.errors.some((e) => e.code === 'BAD_INDENT' || e.code === 'MISSING_CHAR'))) {
    const repaired = closersMoved(text);
    const again = repaired === undefined ? undefined : parseStream(repaired.text);
    if (again && again.every((doc) => doc.errors.length === 0)) {
      docs = again;
      toFile = repaired!.toFile;
    }
  }
  const errors = docs.flatMap((doc) =>
    doc.errors.map((e) => ({
      start: e.pos[0],
      end: Math.max(e.pos[1], e.pos[0] + 1),
      message: firstLine(e.message),
    })),
  );
  if (errors.length > 0) return { root: undefined, errors };
  // A stream of several documents (`---`, as Kubernetes manifests are written): each is read, and
  // the loaders look for policies in every one. Empty documents are passed over.
  const filled = docs.filter((doc) => doc.contents !== null && doc.contents !== undefined);
  if (filled.length === 0) return { root: undefined, errors: [{ start: 0, end: 0, message: 'The file is empty' }] };
  const budget = { count: 0 };
  const roots: Node[] = [];
  for (const doc of filled) {
    const converter = new Converter(doc, text, budget, toFile);
    const root = converter.convert(doc.contents as YamlNode, 0);
    // Like the parser's own errors: the first one only, and no tree.
    const unresolved = converter.errors[0];
    if (unresolved) return { root: undefined, errors: [unresolved] };
    roots.push(root);
  }
  // `---` followed by nothing is an empty document, which holds no policy.
  const [root, ...rest] = roots;
  const others = rest.filter((n) => n.type !== 'null');
  return others.length > 0 ? { root, errors: [], others } : { root, errors: [] };
}

function firstLine(message: string): string {
  const line = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  // The yaml package catches its own stack overflow on deep flow collections and reports it as
  // an error; and its hint for several documents names its API, not anything a user can do.
  if (line.includes('Maximum call stack size exceeded')) return 'The document is nested too deeply to read';
  if (line.startsWith('Source contains multiple documents')) return 'The file holds more than one YAML document (---); put each policy in its own file';
  return line;
}

class Converter {
  readonly errors: SyntaxProblem[] = [];
  private readonly aliases = new Map<Alias, YamlNode | undefined>();
  constructor(
    private readonly doc: Document,
    private readonly text: string,
    /** Values converted so far in the whole file: the documents of one stream share the bound. */
    private readonly budget: { count: number },
    /** Offsets of the parsed text in the file: they differ where closers were moved (closersMoved). */
    private readonly toFile: (offset: number) => number,
  ) {}

  private range(node: { range?: readonly number[] | null } | null | undefined, fallback: number): [number, number] {
    const [start = fallback, end = fallback] = node?.range ?? [];
    return [this.toFile(start), this.toFile(end)];
  }

  convert(node: YamlNode | Alias | null | undefined, depth: number): Node {
    if (++this.budget.count > MAX_NODES) {
      throw new DocumentTooComplexError(`More than ${MAX_NODES} values (YAML aliases expanding too far?)`, 0);
    }
    if (depth > MAX_DEPTH) {
      throw new DocumentTooComplexError(`Nesting deeper than ${MAX_DEPTH} levels`, node?.range?.[0] ?? 0);
    }
    if (!node) return { type: 'null', start: 0, end: 0, value: null };
    if (isAlias(node)) {
      // Alias.resolve searches the whole document; an alias met a million times is searched once.
      let target = this.aliases.get(node);
      if (target === undefined && !this.aliases.has(node)) {
        target = node.resolve(this.doc) as YamlNode | undefined;
        this.aliases.set(node, target);
        // The yaml package only notices an alias to no anchor when it builds JavaScript values.
        const [aliasStart, aliasEnd] = this.range(node, 0);
        if (!target) this.errors.push({ start: aliasStart, end: Math.max(aliasEnd, aliasStart + 1), message: `The alias *${node.source} has no anchor &${node.source} before it` });
      }
      const converted = this.convert(target, depth + 1);
      // A list or map used through an alias is placed where it is used (`- *readActions`), not where
      // its anchor defined it: a finding about it as a whole points there. Its items keep their places.
      if (converted.type !== 'array' && converted.type !== 'object') return converted;
      const [useStart, useEnd] = this.range(node, 0);
      return { ...converted, start: useStart, end: useEnd };
    }
    const [start, end] = this.range(node, 0);
    const plain = this.plainNode(node, start, end, depth);
    const intrinsic = node.tag ? intrinsicNameForTag(node.tag) : undefined;
    if (!intrinsic) return plain;
    return {
      type: 'intrinsic',
      name: intrinsic,
      start: tagOffset(this.text, node.tag as string, start),
      end: plain.end,
      argument: intrinsic === 'Fn::GetAtt' && plain.type === 'string' ? splitGetAtt(plain as Node & { type: 'string'; value: unknown }) : plain,
    };
  }

  private plainNode(node: YamlNode, start: number, end: number, depth: number): Node {
    // A block collection's range runs to the start of the line after it: findings end with its last character.
    if (isMap(node) || isSeq(node)) end = lastContent(this.text, start, end);
    if (isMap(node)) {
      const entries: ObjectEntry[] = [];
      const merged = new Set<ObjectEntry>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as YamlNode | null;
        const keyRange: [number, number] = key ? this.range(key, start) : [start, start];
        const keyText = key && isScalar(key) ? String(key.value) : key ? String(key) : '';
        const value = this.convert(pair.value as YamlNode | null, depth + 1);
        const sources = keyText === '<<' && isScalar(key) && key.type === 'PLAIN' ? mergeSources(value) : undefined;
        if (sources) {
          for (const e of sources) merged.add(e);
          entries.push(...sources);
        } else {
          entries.push({ key: keyText, keySpan: { start: keyRange[0], end: keyRange[1] }, value });
        }
      }
      return { type: 'object', start, end, entries: merged.size > 0 ? withoutOverridden(entries, merged) : entries };
    }
    if (isSeq(node)) {
      return { type: 'array', start, end, items: node.items.map((i) => this.convert(i as YamlNode, depth + 1)) };
    }
    if (isScalar(node)) {
      // A block scalar's range starts at its header (`|-`, and any comment after it): its value is
      // the lines below, and that is where findings in it point.
      if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') [start, end] = blockContent(this.text, start, end);
      const v = node.value;
      const raw = node.type === 'PLAIN' ? this.text.slice(start, end) : undefined;
      if (typeof v === 'string') {
        // CloudFormation reads YAML 1.1's plain yes/no/on/off as booleans (as PyYAML, and so the SAM
        // CLI, do): https://github.com/aws/aws-cli/pull/5257. YAML 1.2 left them strings.
        if (raw !== undefined && YAML11_BOOLEAN.test(raw)) return { type: 'boolean', start, end, value: /^(?:yes|on)$/i.test(raw) };
        return { type: 'string', start, end, value: v };
      }
      if (typeof v === 'number' || typeof v === 'bigint') {
        return { type: 'number', start, end, value: Number(v), ...(raw !== undefined && { raw }) };
      }
      if (typeof v === 'boolean') return { type: 'boolean', start, end, value: v, ...(raw !== undefined && { raw }) };
      if (v === null || v === undefined) return { type: 'null', start, end, value: null };
      return { type: 'string', start, end, value: String(v) };
    }
    return { type: 'null', start, end, value: null };
  }
}

/**
 * The entries a merge key (`<<: *base` or `<<: [*a, *b]`) brings in, as `aws cloudformation
 * package` and SAM resolve them before CloudFormation sees the template; undefined when its value
 * is not a mapping or a list of mappings, so the `<<` key stays and is reported as written.
 */
function mergeSources(value: Node): ObjectEntry[] | undefined {
  if (value.type === 'object') return value.entries.map((e) => ({ ...e }));
  if (value.type !== 'array' || !value.items.every((i) => i.type === 'object')) return undefined;
  return value.items.flatMap((i) => (i as Node & { type: 'object' }).entries.map((e) => ({ ...e })));
}

/** A merged key gives way to a key written in the mapping itself, and to one merged before it. */
function withoutOverridden(entries: ObjectEntry[], merged: Set<ObjectEntry>): ObjectEntry[] {
  const explicit = new Set(entries.filter((e) => !merged.has(e)).map((e) => e.key));
  const seen = new Set<string>();
  return entries.filter((e) => {
    if (!merged.has(e)) return true;
    if (explicit.has(e.key) || seen.has(e.key)) return false;
    seen.add(e.key);
    return true;
  });
}

/** `!GetAtt Res.Attr` is the short spelling of `!GetAtt [Res, Attr]`. */
function splitGetAtt(node: Node & { type: 'string'; value: unknown }): Node {
  const text = node.value as string;
  const dot = text.indexOf('.');
  if (dot < 0) return node;
  return {
    type: 'array',
    start: node.start,
    end: node.end,
    items: [
      { type: 'string', start: node.start, end: node.start + dot, value: text.slice(0, dot) },
      { type: 'string', start: node.start + dot + 1, end: node.end, value: text.slice(dot + 1) },
    ],
  };
}

/**
 * The yaml package recurses once per level and overflows the stack somewhere past 900 levels; an
 * overflow there can even abort the process (V8 compiling a regular expression with no stack left).
 * So deep documents are refused before parsing, by a bound that never undercounts: a line's block
 * level is at most the column its content starts at (indentation plus "- ", "? " and ": "
 * indicators), and flow brackets add one level each.
 */
export const YAML_MAX_DEPTH = 500;

/** The offset where the bound first passes YAML_MAX_DEPTH, or -1. */
function deepestPoint(text: string): number {
  let flow = 0;
  let quote = '';
  let atLineStart = true;
  let column = 0;
  let scalarIndent = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || i === text.length) {
      atLineStart = true;
      continue;
    }
    const lineStart = atLineStart;
    atLineStart = false;
    if (lineStart && !quote) {
      // The content column of a new line, skipping block-scalar text (which is not structure).
      let j = i;
      while (text.charCodeAt(j) === 32) j++;
      const indent = j - i;
      if (scalarIndent >= 0 && (indent > scalarIndent || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13 || j === text.length)) {
        const end = text.indexOf('\n', j);
        i = (end < 0 ? text.length : end) - 1;
        continue;
      }
      scalarIndent = -1;
      while ((text[j] === '-' || text[j] === '?' || text[j] === ':') && (text[j + 1] === ' ' || text[j + 1] === '\t')) {
        j += 2;
        while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
        if (j - i + flow > YAML_MAX_DEPTH) return j;
      }
      column = j - i;
      if (column + flow > YAML_MAX_DEPTH) return j;
      const lineEnd = text.slice(j, text.indexOf('\n', j) < 0 ? text.length : text.indexOf('\n', j));
      if (/[:-]\s+[|>][+-]?\d?[+-]?\s*(#.*)?\r?$|^[|>][+-]?\d?[+-]?\s*(#.*)?\r?$/.test(lineEnd)) scalarIndent = indent;
      i = j - 1;
      continue;
    }
    const ch = text[i];
    if (quote) {
      if (quote === '"' && ch === '\\') i++;
      else if (ch === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = '';
      }
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if (ch === '[' || ch === '{') {
      if (++flow + column > YAML_MAX_DEPTH) return i;
    } else if (ch === ']' || ch === '}') flow = Math.max(0, flow - 1);
  }
  return -1;
}

/** The span of a block scalar's content: from its first character after the header line to its last non-blank one. */
function blockContent(text: string, start: number, end: number): [number, number] {
  const header = text.indexOf('\n', start);
  if (header < 0 || header >= end) return [start, end];
  let first = header + 1;
  while (first < end && /\s/.test(text[first] as string)) first++;
  let last = end;
  while (last > first && /\s/.test(text[last - 1] as string)) last--;
  return first < last ? [first, last] : [start, end];
}

/**
 * Where the tag of a value starting at `start` is written: the last one before it with nothing but
 * blanks, comments and an anchor in between, so neither a tag in a comment after it (`!Sub # was
 * !Join`) nor an earlier value's (`!Ref A` before `{Name: "x #1", Value: !Ref B}`) is taken for it.
 */
function tagOffset(text: string, tag: string, start: number): number {
  for (let at = text.lastIndexOf(tag, start); at >= 0 && start - at < 200; at = at > 0 ? text.lastIndexOf(tag, at - 1) : -1) {
    if (/^(?:\s|#[^\n]*|&\S+)*$/.test(text.slice(at + tag.length, start))) return at;
  }
  return start;
}

/** The end of a block collection's last item: trailing blanks and comment lines before the next key are not part of it. */
function lastContent(text: string, start: number, end: number): number {
  for (;;) {
    while (end > start && /\s/.test(text[end - 1] as string)) end--;
    const lineStart = Math.max(start, text.lastIndexOf('\n', end - 1) + 1);
    if (lineStart <= start || !text.slice(lineStart, end).trimStart().startsWith('#')) return end;
    end = lineStart;
  }
}
