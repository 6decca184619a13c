import type { Node, Span } from '../source/node.js';

/** A text edit: replace `range` (offsets, end exclusive) of the file with `text`. */
export interface Edit {
  range: [number, number];
  text: string;
}

/**
 * The edit that deletes one entry of a JSON or YAML list and keeps everything around it: the
 * separators, the layout, and comments on other lines. An entry alone on its line loses its
 * whole line; an entry sharing a line loses itself and its comma. Undefined when the entry is
 * not a direct item of the list, or when the text at its span is not the entry itself (a policy
 * inside a JSON string, where offsets point into escaped text), so nothing is ever guessed.
 */
export function removeListItem(text: string, list: Node, item: Span, value: string): Edit | undefined {
  if (list.type !== 'array' || list.items.length < 2) return undefined;
  const index = list.items.findIndex((n) => n.start === item.start && n.end === item.end);
  if (index < 0 || !isLiteral(text.slice(item.start, item.end), value)) return undefined;
  const flow = text[list.start] === '[';
  return flow ? removeFlowItem(text, list.items, index) : removeBlockItem(text, item);
}

/** Whether `slice` of the source is the scalar `value` itself, plain or quoted (not escaped inside a string). */
export function isLiteral(slice: string, value: string): boolean {
  if (slice === value) return true;
  if (slice.length >= 2 && (slice[0] === '"' || slice[0] === "'") && slice.endsWith(slice[0])) {
    if (slice[0] === "'") return slice.slice(1, -1).replaceAll("''", "'") === value;
    try {
      return JSON.parse(slice) === value;
    } catch {
      return false;
    }
  }
  return false;
}

/** `["a", "b"]` in JSON or YAML flow style. */
function removeFlowItem(text: string, items: readonly Node[], index: number): Edit | undefined {
  const item = items[index] as Node;
  const next = items[index + 1];
  if (next) {
    const comma = separatorBetween(text, item.end, next.start);
    if (comma < 0) return undefined;
    const lineStart = text.lastIndexOf('\n', item.start - 1) + 1;
    const afterComma = skipSpaces(text, comma + 1);
    const ownLine = /^[ \t]*$/.test(text.slice(lineStart, item.start)) && (text[afterComma] === '\n' || text[afterComma] === '\r');
    if (ownLine) return { range: [lineStart, lineEnd(text, afterComma)], text: '' };
    return { range: [item.start, afterComma], text: '' };
  }
  // The last entry: its comma is the one after the previous entry, and what lies between (a comment) stays.
  const prev = items[index - 1] as Node;
  const comma = separatorBetween(text, prev.end, item.start);
  if (comma < 0) return undefined;
  const lineStart = text.lastIndexOf('\n', item.start - 1) + 1;
  const after = skipSpaces(text, item.end);
  const ownLine = lineStart > comma && /^[ \t]*$/.test(text.slice(lineStart, item.start)) && (text[after] === '\n' || text[after] === '\r');
  if (ownLine) return { range: [comma, lineEnd(text, after)], text: text.slice(comma + 1, lineStart) };
  const between = text.slice(comma + 1, item.start);
  // A comment before the entry stays; a line comment keeps its line break, or the closing bracket
  // after the entry would land in it (`["a", # keep` / `"a"]` must not become `["a" # keep]`).
  if (LINE_COMMENT.test(between)) return { range: [comma, item.end], text: between };
  return { range: [comma, item.end], text: between.includes('/*') ? between.trimEnd() : '' };
}

/** A `#` or `//` comment: both are line comments in the files iamlint fixes (YAML, JSON with comments, HCL). */
const LINE_COMMENT = /(?:^|[^*])(?:#|\/\/)/;

/**
 * The offset of the comma that separates two entries, between the end of one and the start of the
 * next, outside comments (`"a" /* read, get *\/ , "b"`); -1 when there is none.
 */
function separatorBetween(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close >= to) return -1;
      i = close + 1;
    } else if (text[i] === '#' || text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= to) return -1;
      i = nl;
    } else if (text[i] === ',') return i;
  }
  return -1;
}

/** A YAML block sequence entry: `- value` on its own line(s). */
function removeBlockItem(text: string, item: Span): Edit | undefined {
  const lineStart = text.lastIndexOf('\n', item.start - 1) + 1;
  if (!/^[ \t]*-[ \t]+$/.test(text.slice(lineStart, item.start))) return undefined;
  const rest = skipSpaces(text, item.end);
  if (rest < text.length && text[rest] !== '\n' && text[rest] !== '\r' && text[rest] !== '#') return undefined;
  return { range: [lineStart, lineEnd(text, rest)], text: '' };
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

/** The offset just past the newline ending the line that holds `from`. */
function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}
