import { parseJson } from '../parsers/json.js';
import type { ParseResult } from '../parsers/parse-result.js';
import type { Node } from '../source/node.js';
import type { SourceFile } from '../source/source-file.js';

/**
 * Parses a policy written as a JSON string inside another document (CloudFormation properties
 * that take a string, Terraform's `policy` attributes) and moves every offset onto the characters
 * of the outer file, so findings point into the string rather than at its start.
 */
export function parseEmbeddedJson(value: string, literal: { start: number; end: number }, file: SourceFile): ParseResult {
  const inner = parseJson(value);
  const map = offsetMap(value, literal, file);
  const move = (offset: number) => map(offset);
  if (inner.root) relocate(inner.root, move);
  return { root: inner.root, errors: inner.errors.map((e) => ({ ...e, start: move(e.start), end: move(e.end) })) };
}

function offsetMap(value: string, literal: { start: number; end: number }, file: SourceFile): (offset: number) => number {
  const raw = file.text.slice(literal.start, literal.end);
  if (raw.startsWith('"')) {
    const positions = decodeJsonStringPositions(raw, literal.start);
    if (positions.length === value.length + 1) return (i) => positions[Math.min(i, value.length)] as number;
  }
  const at = raw.indexOf(value);
  if (at >= 0) return (i) => literal.start + at + i;
  const positions = subsequencePositions(value, raw, literal.start);
  if (positions) return (i) => positions[Math.min(i, value.length)] as number;
  // Escapes the source spells otherwise (YAML's `\n`, `\x41`): point at the string as a whole.
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
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    // A folded line break is a space in the value and a newline in the source.
    while (j < raw.length && raw[j] !== c && !(c === ' ' && raw[j] === '\n')) j++;
    if (j >= raw.length) return undefined;
    out.push(base + j);
    j++;
  }
  out.push(base + Math.min(j, raw.length));
  return out;
}

/** For each character of the decoded string, the offset of its first source character (plus one past the end). */
function decodeJsonStringPositions(raw: string, base: number): number[] {
  const out: number[] = [];
  let i = 1;
  while (i < raw.length - 1) {
    out.push(base + i);
    if (raw[i] === '\\') i += raw[i + 1] === 'u' ? 6 : 2;
    else i += 1;
  }
  out.push(base + Math.min(i, raw.length - 1));
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
