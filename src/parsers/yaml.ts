import { Alias, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Node, ObjectEntry } from '../source/node.js';
import { DocumentTooComplexError, MAX_DEPTH, MAX_NODES, type ParseResult, type SyntaxProblem } from './parse-result.js';
import { intrinsicNameForTag } from './cfn-tags.js';

/**
 * Parses YAML into position-carrying nodes. CloudFormation short-form tags (`!Ref`, `!Sub`, ...)
 * become intrinsic nodes; other tags are ignored, as CloudFormation would reject them itself.
 */
export function parseYaml(text: string): ParseResult {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, strict: false });
  const errors = doc.errors.map((e) => ({
    start: e.pos[0],
    end: Math.max(e.pos[1], e.pos[0] + 1),
    message: firstLine(e.message),
  }));
  if (errors.length > 0) return { root: undefined, errors };
  if (doc.contents === null || doc.contents === undefined) {
    return { root: undefined, errors: [{ start: 0, end: 0, message: 'The file is empty' }] };
  }
  const converter = new Converter(doc, text);
  const root = converter.convert(doc.contents as YamlNode, 0);
  // Like the parser's own errors: the first one only, and no tree.
  const unresolved = converter.errors[0];
  return unresolved ? { root: undefined, errors: [unresolved] } : { root, errors: [] };
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
  private count = 0;
  readonly errors: SyntaxProblem[] = [];
  private readonly aliases = new Map<Alias, YamlNode | undefined>();
  constructor(
    private readonly doc: Document,
    private readonly text: string,
  ) {}

  convert(node: YamlNode | Alias | null | undefined, depth: number): Node {
    if (++this.count > MAX_NODES) {
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
        const [aliasStart, aliasEnd] = node.range ?? [0, 0];
        if (!target) this.errors.push({ start: aliasStart, end: Math.max(aliasEnd, aliasStart + 1), message: `The alias *${node.source} has no anchor &${node.source} before it` });
      }
      return this.convert(target, depth + 1);
    }
    const [start, end] = node.range ?? [0, 0];
    const plain = this.plainNode(node, start, end, depth);
    const intrinsic = node.tag ? intrinsicNameForTag(node.tag) : undefined;
    if (!intrinsic) return plain;
    const tagStart = this.text.lastIndexOf(node.tag as string, start);
    return {
      type: 'intrinsic',
      name: intrinsic,
      start: tagStart >= 0 && start - tagStart < 200 ? tagStart : start,
      end,
      argument: intrinsic === 'Fn::GetAtt' && plain.type === 'string' ? splitGetAtt(plain as Node & { type: 'string'; value: unknown }) : plain,
    };
  }

  private plainNode(node: YamlNode, start: number, end: number, depth: number): Node {
    if (isMap(node)) {
      const entries: ObjectEntry[] = [];
      const merged = new Set<ObjectEntry>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as YamlNode | null;
        const keyRange = key?.range ?? [start, start];
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
      const v = node.value;
      const raw = node.type === 'PLAIN' ? this.text.slice(start, end) : undefined;
      if (typeof v === 'string') return { type: 'string', start, end, value: v };
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
