import type { InvalidUtf8 } from '../files/read-source.js';
import type { Position } from '../types.js';
import { loneCrAsLf } from './line-breaks.js';

/**
 * The text of one input and a line index over it, so that parser offsets become the line and
 * column the user sees. Columns count UTF-16 code units, as editors and ESLint do.
 */
export class SourceFile {
  readonly path: string;
  readonly text: string;
  /** Set when the file's bytes were not all UTF-8: loaders report it instead of parsing. */
  readonly invalidUtf8: InvalidUtf8 | undefined;
  private lineStarts: number[] | undefined;
  private lf: string | undefined;

  constructor(path: string, text: string, invalidUtf8?: InvalidUtf8) {
    this.path = path;
    this.text = text;
    this.invalidUtf8 = invalidUtf8;
  }

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const text = this.text;
    // indexOf runs natively; a character loop is slow in code that never gets hot.
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
    return starts;
  }

  positionAt(offset: number): Position {
    const starts = this.starts();
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    // Between the two characters of a CRLF break is still the end of the line, not a column past it.
    if (clamped > 0 && this.text.charCodeAt(clamped) === 10 && this.text.charCodeAt(clamped - 1) === 13) clamped--;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - (starts[lo] as number) + 1 };
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    const starts = this.starts();
    const start = starts[line - 1];
    if (start === undefined) return '';
    const next = starts[line];
    const raw = this.text.slice(start, next ?? this.text.length);
    return raw.replace(/\r?\n$|\r$/, '');
  }

  /** The text with each lone CR as an LF (loneCrAsLf), made once per file: for code that finds lines by LF. */
  get lfText(): string {
    this.lf ??= loneCrAsLf(this.text);
    return this.lf;
  }

  get lineCount(): number {
    return this.starts().length;
  }
}
