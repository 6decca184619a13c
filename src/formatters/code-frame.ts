import type { ChalkInstance } from 'chalk';
import type { SourceFile } from '../source/source-file.js';
import type { Finding } from '../types.js';

const MAX_LINE = 160;

/**
 * The source line of a finding with its span underlined, in the style of actionlint and rustc:
 * `  7 |     "Action": "s3:*",` then `    |               ^^^^^^`.
 */
export function codeFrame(source: SourceFile, finding: Finding, color: ChalkInstance): string[] {
  const text = source.lineText(finding.line);
  if (text === '' && finding.line > source.lineCount) return [];
  const gutter = String(finding.line);
  const pad = ' '.repeat(gutter.length);
  const start = Math.max(0, finding.column - 1);
  const end = finding.endLine === finding.line ? Math.max(finding.endColumn - 1, start + 1) : Math.max(text.length, start + 1);
  // Very long lines (minified JSON) are cut around the span so the frame stays readable.
  const from = text.length > MAX_LINE && start > MAX_LINE / 2 ? start - 20 : 0;
  const shown = text.slice(from, from + MAX_LINE).replace(/\t/g, ' ');
  const caretStart = start - from;
  const caretLen = Math.max(1, Math.min(end, from + MAX_LINE) - start);
  return [
    `  ${color.dim(`${gutter} |`)} ${from > 0 ? '…' : ''}${shown}${text.length > from + MAX_LINE ? '…' : ''}`,
    `  ${color.dim(`${pad} |`)} ${' '.repeat(caretStart + (from > 0 ? 1 : 0))}${color.red('^'.repeat(caretLen))}`,
  ];
}
