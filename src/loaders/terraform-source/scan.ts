import type { Span } from '../../source/node.js';

/**
 * A small HCL scanner: it knows strings (with their `${...}` templates), heredocs, comments and
 * brackets well enough to find where each block, attribute and expression starts and ends.
 * hcl2json checks the syntax and gives no positions; this gives the positions.
 */

export interface HclAttribute {
  kind: 'attribute';
  name: string;
  nameSpan: Span;
  /** The expression after `=`, trimmed of blanks and comments. */
  expr: Span;
}

export interface HclBlock {
  kind: 'block';
  type: string;
  typeSpan: Span;
  labels: { value: string; span: Span }[];
  /** From the type keyword to the closing brace. */
  span: Span;
  items: HclItem[];
}

export type HclItem = HclAttribute | HclBlock;

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;

/** The top-level items of a file. */
export function scanBody(text: string): HclItem[] {
  return new BodyScanner(text).body(0, text.length).items;
}

class BodyScanner {
  constructor(private readonly text: string) {}

  body(from: number, limit: number): { items: HclItem[]; end: number } {
    const text = this.text;
    const items: HclItem[] = [];
    let i = from;
    for (;;) {
      i = skipTrivia(text, i, true);
      if (i >= limit || text[i] === '}') return { items, end: i };
      IDENT.lastIndex = i;
      const m = IDENT.exec(text);
      if (!m) {
        i = nextLine(text, i);
        continue;
      }
      const nameSpan = { start: i, end: i + m[0].length };
      let j = skipTrivia(text, nameSpan.end, false);
      if (text[j] === '=' && text[j + 1] !== '=') {
        const exprStart = skipTrivia(text, j + 1, false);
        const exprEnd = expressionEnd(text, exprStart);
        items.push({ kind: 'attribute', name: m[0], nameSpan, expr: { start: exprStart, end: exprEnd } });
        i = exprEnd;
        continue;
      }
      const labels: HclBlock['labels'] = [];
      while (j < limit && text[j] !== '{') {
        if (text[j] === '"') {
          const end = stringEnd(text, j);
          labels.push({ value: text.slice(j + 1, end - 1), span: { start: j, end } });
          j = end;
        } else {
          IDENT.lastIndex = j;
          const label = IDENT.exec(text);
          if (!label) break;
          labels.push({ value: label[0], span: { start: j, end: j + label[0].length } });
          j += label[0].length;
        }
        j = skipTrivia(text, j, false);
      }
      if (text[j] !== '{') {
        i = nextLine(text, j);
        continue;
      }
      const inner = this.body(j + 1, limit);
      const end = text[inner.end] === '}' ? inner.end + 1 : inner.end;
      items.push({ kind: 'block', type: m[0], typeSpan: nameSpan, labels, span: { start: nameSpan.start, end }, items: inner.items });
      i = end;
    }
  }
}

function nextLine(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl + 1;
}

/** Skips blanks and comments, and line breaks too when `newlines` is set. */
export function skipTrivia(text: string, i: number, newlines: boolean): number {
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) i++;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else break;
  }
  return i;
}

/**
 * The end of the expression starting at `i`: the first line break, comma or closing bracket
 * outside brackets, strings, heredocs and comments. Trailing blanks and comments are left out.
 */
export function expressionEnd(text: string, i: number): number {
  let depth = 0;
  let end = i;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') {
      i = stringEnd(text, i);
      end = i;
    } else if (c === '<' && text[i + 1] === '<' && /^<<-?[A-Za-z_]/.test(text.slice(i, i + 4))) {
      i = heredocEnd(text, i).end;
      end = i;
    } else if (c === '#' || (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))) {
      i = skipTrivia(text, i, false);
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
      end = ++i;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
      end = ++i;
    } else if (depth === 0 && (c === '\n' || c === ',')) break;
    else {
      i++;
      if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') end = i;
    }
  }
  return end;
}

/** Offset just past the closing quote of the string opening at `i` (or the end of its line when unterminated). */
export function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === '"') return j + 1;
    else if (c === '\n') return j;
    else if ((c === '$' || c === '%') && text[j + 1] === '{') {
      if (text[j - 1] === c && text[j - 2] !== c) {
        // `$${` and `%%{` are escapes for literal `${` and `%{`.
        j += 2;
        continue;
      }
      j = templateEnd(text, j + 2);
    } else j++;
  }
  return j;
}

/** Past the `}` closing a template sequence whose content starts at `i`. */
function templateEnd(text: string, i: number): number {
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') i = stringEnd(text, i);
    else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      if (depth === 0) return i + 1;
      depth--;
      i++;
    } else i++;
  }
  return i;
}

export interface Heredoc {
  /** The body, from the line after the marker to the line break before the closing marker. */
  body: Span;
  /** Past the closing marker. */
  end: number;
  indented: boolean;
}

/** `<<EOF` or `<<-EOF` at `i`. */
export function heredocEnd(text: string, i: number): Heredoc {
  const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
  if (!m) return { body: { start: i, end: i }, end: i + 2, indented: false };
  const id = m[2] as string;
  const start = i + m[0].length;
  const closing = new RegExp(`^[ \\t]*${id}[ \\t]*$`, 'm');
  const rest = text.slice(start);
  const found = closing.exec(rest);
  if (!found) return { body: { start, end: text.length }, end: text.length, indented: m[1] === '-' };
  return { body: { start, end: start + found.index }, end: start + found.index + found[0].length, indented: m[1] === '-' };
}

/** Every `#`, `//` and `/* *\/` comment outside strings and heredocs. */
export function hclComments(text: string): { start: number; end: number; textStart: number; text: string }[] {
  const out: { start: number; end: number; textStart: number; text: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') i = stringEnd(text, i);
    else if (c === '<' && text[i + 1] === '<' && /^<<-?[A-Za-z_]/.test(text.slice(i, i + 4))) i = Math.max(i + 2, heredocEnd(text, i).end);
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
      const marker = c === '#' ? 1 : 2;
      out.push({ start: i, end, textStart: i + marker, text: text.slice(i + marker, end) });
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      out.push({ start: i, end, textStart: i + 2, text: text.slice(i + 2, close < 0 ? end : close) });
      i = end;
    } else i++;
  }
  return out;
}

/** The attribute `name` written directly in a block. */
export function attribute(block: HclBlock, name: string): HclAttribute | undefined {
  for (const item of block.items) if (item.kind === 'attribute' && item.name === name) return item;
  return undefined;
}
