import type { ChalkInstance } from 'chalk';
import type { Finding } from '../types.js';
import { displayWidth, wholeCharStart } from './display-width.js';
import { visible } from './visible.js';

/** What a code frame reads of a file: a whole SourceFile, or the few lines kept by `frameLines`. */
export interface FrameSource {
  lineText(line: number): string;
  readonly lineCount: number;
}

/** The lines of a file its findings point at, as plain data (it crosses from worker threads). */
export interface FrameLineData {
  lineCount: number;
  lines: [number, string][];
}

/**
 * Keeps only the lines code frames show, copied out of the file's text: a slice would keep the
 * whole text alive, and a large run must not hold every file it has linted.
 */
export function frameLineData(source: FrameSource, findings: readonly Finding[]): FrameLineData {
  const lines: [number, string][] = [];
  const seen = new Set<number>();
  for (const f of findings) {
    if (seen.has(f.line)) continue;
    seen.add(f.line);
    lines.push([f.line, Buffer.from(source.lineText(f.line), 'utf8').toString('utf8')]);
  }
  return { lineCount: source.lineCount, lines };
}

export class FrameLines implements FrameSource {
  private readonly byLine: Map<number, string>;
  readonly lineCount: number;
  constructor(data: FrameLineData) {
    this.byLine = new Map(data.lines);
    this.lineCount = data.lineCount;
  }
  static of(source: FrameSource, findings: readonly Finding[]): FrameLines {
    return new FrameLines(frameLineData(source, findings));
  }
  lineText(line: number): string {
    return this.byLine.get(line) ?? '';
  }
}

const MAX_LINE = 160;

/**
 * The source line of a finding with its span underlined, in the style of actionlint and rustc:
 * `  7 |     "Action": "s3:*",` then `    |               ^^^^^^`.
 */
export function codeFrame(source: FrameSource, finding: Finding, color: ChalkInstance): string[] {
  const text = source.lineText(finding.line);
  if (text === '' && finding.line > source.lineCount) return [];
  const gutter = String(finding.line);
  const pad = ' '.repeat(gutter.length);
  const start = Math.max(0, finding.column - 1);
  const end = finding.endLine === finding.line ? Math.max(finding.endColumn - 1, start + 1) : Math.max(text.length, start + 1);
  // Very long lines (minified JSON) are cut around the span so the frame stays readable, never
  // inside a surrogate pair (an emoji), which would print as a replacement character.
  const from = text.length > MAX_LINE && start > MAX_LINE / 2 ? wholeCharStart(text, start - 20) : 0;
  const to = wholeCharStart(text, from + MAX_LINE);
  const shown = visible(text.slice(from, to).replace(/\t/g, ' '));
  // Carets are placed by terminal columns: a wide character before or in the span takes two.
  const caretStart = displayWidth(text.slice(from, start).replace(/\t/g, ' '));
  const caretLen = Math.max(1, displayWidth(text.slice(start, Math.min(end, to))));
  return [
    `  ${color.dim(`${gutter} |`)} ${from > 0 ? '…' : ''}${shown}${text.length > to ? '…' : ''}`,
    `  ${color.dim(`${pad} |`)} ${' '.repeat(caretStart + (from > 0 ? 1 : 0))}${color.red('^'.repeat(caretLen))}`,
  ];
}
