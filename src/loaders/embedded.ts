import { parseAwsJson, parseJson } from '../parsers/json.js';
import type { ParseResult } from '../parsers/parse-result.js';
import type { Node } from '../source/node.js';
import type { SourceFile } from '../source/source-file.js';

/**
 * Parses a policy written as a JSON string inside another document (CloudFormation properties
 * that take a string, Terraform's `policy` attributes) and moves every offset onto the characters
 * of the outer file, so findings point into the string rather than at its start. Strict JSON, as
 * IAM reads it: no comments, no trailing commas.
 */
export function parseEmbeddedJson(value: string, literal: { start: number; end: number }, file: SourceFile): ParseResult {
  return parseEmbedded(parseAwsJson, value, literal, file);
}

/** The same for a document in another syntax (YAML, for a CloudFormation template in a Terraform heredoc). */
export function parseEmbedded(parse: (text: string) => ParseResult, value: string, literal: { start: number; end: number }, file: SourceFile): ParseResult {
  return parseMapped(parse, value, offsetMap(value, literal, file));
}

/** Parses `value` and moves each offset through `move` (a character of the value → its offset in the file). */
export function parseMapped(parse: (text: string) => ParseResult, value: string, move: (offset: number) => number): ParseResult {
  const inner = parse(value);
  if (inner.root) relocate(inner.root, move);
  return { root: inner.root, errors: inner.errors.map((e) => ({ ...e, start: move(e.start), end: move(e.end) })) };
}

/** For each character of a string value, the offset in the file of the source character it was read from. */
export function offsetMap(value: string, literal: { start: number; end: number }, file: SourceFile): (offset: number) => number {
  const raw = file.text.slice(literal.start, literal.end);
  if (raw.startsWith('"')) {
    // A Terraform string also writes a literal `${` as `$${` (and `%{` as `%%{`).
    for (const hcl of [false, true]) {
      const positions = decodeDoubleQuotedPositions(raw, literal.start, hcl);
      if (positions.length === value.length + 1) return (i) => positions[Math.min(i, value.length)] as number;
    }
  }
  const at = raw.indexOf(value);
  if (at >= 0) return (i) => literal.start + at + i;
  const positions = subsequencePositions(value, raw, literal.start);
  if (positions) return (i) => positions[Math.min(i, value.length)] as number;
  // A value the source does not spell character by character: point at the string as a whole.
  return () => literal.start;
}

/**
 * YAML block scalars (`|`, `>`) and single-quoted strings drop indentation, fold line breaks and
 * halve `''`, so the value's characters are a subsequence of the source's. Matching each one at
 * the next equal source character puts every token's first character in place (indentation
 * spaces may pair with the wrong blanks, which no token starts at). Undefined when a character is
 * missing.
 */
function subsequencePositions(value: string, raw: string, base: number): number[] | undefined {
  const out: number[] = [];
  let j = 0;
  let i = 0;
  // A block scalar's leading blank lines and extra indentation (`|2`) are in the value but before
  // the span, which starts at its first character: they map to the start, not to blanks inside.
  if (raw.length > 0 && !/\s/.test(raw[0] as string)) for (; i < value.length && /\s/.test(value[i] as string); i++) out.push(base);
  for (; i < value.length; i++) {
    const c = value[i] as string;
    // A folded line break is a space in the value and a newline in the source.
    while (j < raw.length && raw[j] !== c && !(c === ' ' && raw[j] === '\n')) j++;
    // A block scalar ends in a line break even where the file ends without one.
    if (j >= raw.length && c === '\n' && value.slice(i).trim() === '') {
      out.push(base + raw.length);
      continue;
    }
    // The source ran out before the value: a closing bracket the YAML reader moved up a line
    // (yaml.ts closersMoved) stands after the string's end. Only the tail is left: it maps to the end.
    if (j >= raw.length) {
      if (/^[\s}\]]*$/.test(value.slice(i))) {
        for (; i < value.length; i++) out.push(base + raw.length);
        break;
      }
      return undefined;
    }
    out.push(base + j);
    j++;
  }
  out.push(base + Math.min(j, raw.length));
  return out;
}

/**
 * For each UTF-16 unit of a double-quoted string's value, the offset of the source character it
 * was read from (plus one past the end). JSON's escapes are YAML's too; YAML adds `\x41`, `\U0001F600`
 * and the one-letter ones, drops an escaped line break with the next line's indentation, and folds
 * an unescaped one (trailing blanks dropped, one break a space, each further one a newline).
 */
function decodeDoubleQuotedPositions(raw: string, base: number, hcl: boolean): number[] {
  const out: number[] = [];
  const end = raw.length - 1;
  const blank = (c: string | undefined) => c === ' ' || c === '\t';
  const lineBreak = (c: string | undefined) => c === '\n' || c === '\r';
  let i = 1;
  while (i < end) {
    const c = raw[i];
    if (c === '\\') {
      const next = raw[i + 1];
      if (lineBreak(next)) {
        i += next === '\r' && raw[i + 2] === '\n' ? 3 : 2;
        while (i < end && blank(raw[i])) i++;
        continue;
      }
      const width = next === 'x' ? 4 : next === 'u' ? 6 : next === 'U' ? 10 : 2;
      const astral = next === 'U' && Number.parseInt(raw.slice(i + 2, i + 10), 16) > 0xffff;
      out.push(base + i);
      if (astral) out.push(base + i);
      i += width;
    } else if (hcl && (c === '$' || c === '%') && raw[i + 1] === c && raw[i + 2] === '{') {
      out.push(base + i, base + i + 2);
      i += 3;
    } else if (blank(c)) {
      let k = i;
      while (k < end && blank(raw[k])) k++;
      if (lineBreak(raw[k])) i = k;
      else for (; i < k; i++) out.push(base + i);
    } else if (lineBreak(c)) {
      const at = i;
      let breaks = 0;
      while (i < end && (lineBreak(raw[i]) || blank(raw[i]))) {
        if (raw[i] === '\n' || (raw[i] === '\r' && raw[i + 1] !== '\n')) breaks++;
        i++;
      }
      if (breaks === 1) out.push(base + at);
      else for (let b = 1; b < breaks; b++) out.push(base + at);
    } else {
      out.push(base + i);
      i++;
    }
  }
  out.push(base + Math.min(i, end));
  return out;
}

function relocate(node: Node, move: (offset: number) => number): void {
  node.start = move(node.start);
  node.end = move(node.end);
  if (node.type === 'object') {
    for (const e of node.entries) {
      e.keySpan = { start: move(e.keySpan.start), end: move(e.keySpan.end) };
      relocate(e.value, move);
    }
  } else if (node.type === 'array') node.items.forEach((i) => relocate(i, move));
}

/**
 * A policy template (`Fn::Sub`, a Terraform heredoc) whose JSON is valid only once substituted,
 * because a variable stands outside quotes: in a value's place (`"aws:RequestedRegion": [ ${Regions} ]`)
 * it is read as a quoted placeholder; in a member's place inside a Condition (`{ ${PrincipalCondition} }`)
 * it is left out and the object is marked open, so the condition counts as known only at deploy time;
 * in the Statement list it stands for statements nobody can read, and is left out.
 * Undefined when the JSON still does not parse, or a variable stands for members elsewhere.
 */
export function parseTemplateJson(value: string, literal: { start: number; end: number }, file: SourceFile): ParseResult | undefined {
  return parseTemplateJsonMapped(value, offsetMap(value, literal, file));
}

/** parseTemplateJson with the value's characters mapped to file offsets by `map`. */
export function parseTemplateJsonMapped(value: string, map: (offset: number) => number): ParseResult | undefined {
  const repair = quoteBareVariables(value);
  if (!repair) return undefined;
  const inner = parseJson(repair.text);
  if (!inner.root || inner.errors.length > 0) return undefined;
  markOpen(inner.root, repair.openAt);
  const inserted = repair.insertedAt;
  // Offsets in the repaired text, less the quotes inserted before them, are offsets in the template.
  const move = (offset: number) => {
    let shift = 0;
    while (shift < inserted.length && (inserted[shift] as number) < offset) shift++;
    return map(Math.max(0, offset - shift));
  };
  relocate(inner.root, move);
  return { root: inner.root, errors: [] };
}

interface Repair {
  text: string;
  /** Offsets in the repaired text of the quotes it inserted, ascending. */
  insertedAt: number[];
  /** Offsets in the repaired text of the objects whose members a variable stands for. */
  openAt: Set<number>;
}

function quoteBareVariables(value: string): Repair | undefined {
  let out = '';
  const insertedAt: number[] = [];
  const openAt = new Set<number>();
  // Each open container, with the member key it is the value of.
  const stack: { kind: '{' | '['; key: string | undefined; at: number }[] = [];
  let lastString: string | undefined;
  let pendingKey: string | undefined;
  let lastSignificant = '';
  let changed = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '"') {
      // A variable inside a string may hold quotes of its own (`${lookup(var.buckets, "logs")}`):
      // they become `'` (the same length), so the string ends where the template's does.
      let j = i + 1;
      let text = '"';
      while (j < value.length && value[j] !== '"') {
        if (value[j] === '$' && value[j + 1] === '{') {
          const close = closingBrace(value, j + 2);
          if (close < 0) return undefined;
          const variable = value.slice(j, close + 1);
          if (/["\u0000-\u001f]/.test(variable)) changed = true;
          text += asStringContent(variable);
          j = close + 1;
        } else {
          const step = value[j] === '\\' ? 2 : 1;
          text += value.slice(j, j + step);
          j += step;
        }
      }
      lastString = text.slice(1);
      out += `${text}"`;
      i = j;
      lastSignificant = '"';
      continue;
    }
    if (c === '$' && value[i + 1] === '{') {
      const end = closingBrace(value, i + 2);
      if (end < 0) return undefined;
      const variable = value.slice(i, end + 1);
      const top = stack[stack.length - 1];
      const inValue = top?.kind === '[' || lastSignificant === ':';
      if (top?.kind === '[' && top.key === 'Statement') {
        // Statements a variable stands for are unknown: left out, with the comma that joined them.
        openAt.add(top.at);
        out += ' '.repeat(end + 1 - i);
        let next = end + 1;
        while (next < value.length && /\s/.test(value[next] as string)) next++;
        if (value[next] === ',') {
          out += value.slice(end + 1, next) + ' ';
          i = next;
        } else {
          const comma = out.search(/,\s*$/);
          if (comma >= 0) out = `${out.slice(0, comma)} ${out.slice(comma + 1)}`;
          i = end;
        }
        changed = true;
        continue;
      }
      if (inValue) {
        insertedAt.push(out.length);
        out += '"' + asStringContent(variable);
        insertedAt.push(out.length);
        out += '"';
        lastSignificant = '"';
      } else {
        const parent = stack[stack.length - 2];
        if (top?.kind !== '{' || !(top.key === 'Condition' || (parent?.kind === '{' && parent.key === 'Condition'))) return undefined;
        openAt.add(top.at);
        out += ' '.repeat(variable.length);
      }
      changed = true;
      i = end;
      continue;
    }
    if (c === ':') pendingKey = lastString;
    if (c === '{' || c === '[') {
      stack.push({ kind: c, key: lastSignificant === ':' ? pendingKey : undefined, at: out.length });
    } else if (c === '}' || c === ']') stack.pop();
    if (!/\s/.test(c)) lastSignificant = c;
    out += c;
  }
  return changed ? { text: out, insertedAt, openAt } : undefined;
}

/**
 * A template as the content of a JSON string of the same length: its quotes become `'`, and the line
 * breaks of one written over several lines (`${jsonencode(\n  var.x,\n)}`) spaces.
 */
function asStringContent(variable: string): string {
  return variable.replace(/"/g, "'").replace(/[\u0000-\u001f]/g, ' ');
}

/**
 * The `}` that closes a `${` whose body starts at `from`: Terraform's may hold braces
 * (`${jsonencode({a = 1})}`) and quoted arguments, which may hold braces too (`${replace(x, "}", "")}`).
 */
export function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && depth-- === 0) return i;
  }
  return -1;
}

/** The text with each `${...}` written over by `x` (line breaks kept), so a JSON parser sees only what the file writes around them. */
export function maskInterpolations(text: string): string {
  let out = '';
  let from = 0;
  for (let i = text.indexOf('${'); i >= 0; i = text.indexOf('${', from)) {
    const end = closingBrace(text, i + 2);
    if (end < 0) break;
    out += text.slice(from, i) + text.slice(i, end + 1).replace(/[^\n]/g, 'x');
    from = end + 1;
  }
  return out + text.slice(from);
}

function markOpen(node: Node, openAt: ReadonlySet<number>): void {
  if (node.type === 'object') {
    if (openAt.has(node.start)) node.open = true;
    for (const e of node.entries) markOpen(e.value, openAt);
  } else if (node.type === 'array') {
    if (openAt.has(node.start)) node.open = true;
    node.items.forEach((i) => markOpen(i, openAt));
  }
}
