import type { ChalkInstance } from 'chalk';
import { table, visibleLength, wrapWords } from './text.js';

/**
 * Renders the Markdown of the rule docs for a terminal: headings in bold, paragraphs and lists
 * re-wrapped, code blocks indented, tables aligned (or one record per row when too wide), and no
 * Markdown punctuation left over. Covers what rules/*.md use, not all of CommonMark.
 */
export function renderMarkdown(markdown: string, chalk: ChalkInstance, width: number): string {
  const out: string[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const body = '  ';
  // Lines that are headings: the text under a heading follows it without a gap.
  const headings = new Set<number>();
  const blank = () => {
    if (out.length > 0 && out[out.length - 1] !== '' && !headings.has(out.length - 1)) out.push('');
  };
  for (let i = 0; i < lines.length; ) {
    const line = lines[i] as string;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (line.trim() === '') {
      i++;
    } else if (heading) {
      blank();
      const text = words(heading[2] as string, chalk).join(' ');
      out.push(heading[1] === '#' ? chalk.bold.underline(text) : heading[1] === '##' ? chalk.bold(text.toUpperCase()) : body + chalk.bold(text));
      headings.add(out.length - 1);
      if (heading[1] === '#') out.push('');
      i++;
    } else if (/^\s*```/.test(line)) {
      const fence = /^(\s*)```/.exec(line)![1]!.length;
      blank();
      for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i] as string); i++) {
        const code = (lines[i] as string).slice(Math.min(fence, leading(lines[i] as string)));
        out.push(code === '' ? '' : `${body}    ${chalk.cyan(code)}`);
      }
      i++;
      out.push('');
    } else if (/^\s*\|/.test(line)) {
      const rows: string[][] = [];
      for (; i < lines.length && /^\s*\|/.test(lines[i] as string); i++) {
        const cells = splitRow(lines[i] as string);
        if (!cells.every((c) => /^:?-+:?$/.test(c))) rows.push(cells);
      }
      blank();
      out.push(...renderTable(rows, chalk, width, body));
      out.push('');
    } else if (LIST_ITEM.test(line)) {
      const m = LIST_ITEM.exec(line)!;
      const depth = Math.floor((m[1] as string).length / 2);
      let text = m[3] as string;
      for (i++; i < lines.length && continues(lines[i] as string, (m[1] as string).length); i++) text += ` ${(lines[i] as string).trim()}`;
      const indent = body + '  '.repeat(depth);
      const marker = /\d/.test(m[2] as string) ? `${m[2]} ` : '- ';
      out.push(...wrapWords(words(text, chalk), width, indent + marker, indent + ' '.repeat(marker.length)));
      if (i < lines.length && (lines[i] as string).trim() === '') out.push('');
    } else {
      let text = line.trim();
      for (i++; i < lines.length && continues(lines[i] as string, -1); i++) text += ` ${(lines[i] as string).trim()}`;
      out.push(...wrapWords(words(text, chalk), width, body));
      out.push('');
    }
  }
  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

const LIST_ITEM = /^(\s*)([-*]|\d+\.)\s+(.*)$/;

function leading(line: string): number {
  return line.length - line.trimStart().length;
}

/** Whether a line carries on the paragraph or list item before it (indented past `markerIndent` for a list item). */
function continues(line: string, markerIndent: number): boolean {
  if (line.trim() === '' || /^\s*(#|```|\|)/.test(line) || LIST_ITEM.test(line)) return false;
  return markerIndent < 0 || leading(line) > markerIndent;
}

function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  const text = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\' && text[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '`') {
      inCode = !inCode;
      cell += ch;
    } else if (ch === '|' && !inCode) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

function renderTable(rows: string[][], chalk: ChalkInstance, width: number, indent: string): string[] {
  const cells = rows.map((row) => row.map((c) => words(c, chalk).join(' ')));
  const [head, ...rest] = cells;
  if (!head) return [];
  const aligned = table(head.map((h) => chalk.bold(h)), rest, indent).trimEnd().split('\n');
  if (aligned.every((l) => visibleLength(l) <= width)) return aligned;
  // Too wide for the terminal: one record per row, each cell on its own wrapped line.
  const out: string[] = [];
  for (const row of rows.slice(1)) {
    row.forEach((cell, i) => {
      const label = `${head[i] ?? ''}: `;
      out.push(...wrapWords(words(cell, chalk), width, i === 0 ? `${indent}- ${chalk.bold(label)}` : `${indent}  ${chalk.bold(label)}`, `${indent}    `));
    });
  }
  return out;
}

interface Segment {
  text: string;
  style?: (s: string) => string;
}

/** Inline Markdown (code spans, emphasis, links) as words ready to wrap, each styled on its own. */
export function words(text: string, chalk: ChalkInstance): string[] {
  const out: string[] = [];
  let current = '';
  for (const seg of inline(text, chalk)) {
    for (const piece of seg.text.split(/(\s+)/)) {
      if (piece === '') continue;
      if (/^\s+$/.test(piece)) {
        if (current !== '') out.push(current);
        current = '';
      } else current += seg.style ? seg.style(piece) : piece;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

function inline(text: string, chalk: ChalkInstance): Segment[] {
  const segments: Segment[] = [];
  const pattern = /(`+)([\s\S]*?[^`])\1(?!`)|\*\*((?:`[^`]*`|[^*`])+?)\*\*|(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])|(?<!\w)_([^_\s][^_]*?)_(?!\w)|\[([^\]]+)\]\(([^)\s]+)\)|<(https?:\/\/[^>\s]+)>/g;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index > last) segments.push({ text: text.slice(last, m.index) });
    if (m[2] !== undefined) segments.push({ text: m[2].trim() === '' ? m[2] : m[2].replace(/^ (.*) $/, '$1'), style: chalk.cyan });
    else if (m[3] !== undefined) segments.push(...within(inline(m[3], chalk), chalk.bold));
    else if (m[4] !== undefined || m[5] !== undefined) segments.push(...within(inline((m[4] ?? m[5]) as string, chalk), chalk.italic));
    else if (m[6] !== undefined) {
      segments.push(...inline(m[6], chalk));
      if (m[6] !== m[7]) segments.push({ text: ` (${m[7]})`, style: chalk.underline });
    } else segments.push({ text: m[8] as string, style: chalk.underline });
    last = pattern.lastIndex;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}

function within(segments: Segment[], outer: (s: string) => string): Segment[] {
  return segments.map((seg) => ({ text: seg.text, style: seg.style ? (s: string) => outer(seg.style!(s)) : outer }));
}
