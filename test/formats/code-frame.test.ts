/** Code frames: the underline sits under the span in terminal columns, and a cut long line keeps its characters whole. */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { codeFrame } from '../../src/formatters/code-frame.js';
import { displayWidth } from '../../src/formatters/display-width.js';
import type { Finding } from '../../src/types.js';

const plain = new Chalk({ level: 0 });
const source = (line: string) => ({ lineText: () => line, lineCount: 1 });

/** A finding on line 1 over `needle`, columns in UTF-16 units as findings carry them. */
function findingAt(line: string, needle: string): Finding {
  const column = line.indexOf(needle) + 1;
  return { ruleId: 'r', severity: 'error', message: 'm', line: 1, column, endLine: 1, endColumn: column + needle.length, path: [], policy: null };
}

describe('displayWidth', () => {
  it.each([
    ['ascii', 'Sid: "A"', 8],
    ['CJK, two columns each', '日本', 4],
    ['an emoji (a surrogate pair), two columns', '😀', 2],
    ['transport and newer emoji, two columns each', '🚀🫠', 4],
    ['a combining accent, none', 'e\u0301', 1],
    ['fullwidth letters', 'ＡＢ', 4],
  ])('%s', (_name, text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('codeFrame', () => {
  it('puts the carets under the span after wide characters', () => {
    const line = '  - Sid: "😀日本", Action: "s3:*"';
    const [shown, carets] = codeFrame(source(line), findingAt(line, '"s3:*"'), plain);
    expect(shown).toBe(`  1 | ${line}`);
    // 😀 is two UTF-16 units and two columns; 日 and 本 one unit and two columns each: two columns more than units.
    expect(carets).toBe(`    | ${' '.repeat(line.indexOf('"s3:*"') + 2)}^^^^^^`);
  });

  it('shows the control characters of a line as their pictures, so a file cannot clear the screen or retitle the window', () => {
    const line = '  // \u001b[2J\u001b]0;pwned\u0007\u009b "Action": "s3:*"';
    const [shown, carets] = codeFrame(source(line), findingAt(line, '"s3:*"'), plain);
    expect(shown).toBe('  1 |   // \u241b[2J\u241b]0;pwned\u2407\ufffd "Action": "s3:*"');
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    // One column each, as before: the carets stay under the span.
    expect(carets).toBe(`    | ${' '.repeat(line.indexOf('"s3:*"'))}^^^^^^`);
  });

  it('underlines a span of wide characters with one caret per column', () => {
    const line = 'Sid: "日本"';
    const [, carets] = codeFrame(source(line), findingAt(line, '"日本"'), plain);
    expect(carets).toBe(`    | ${' '.repeat(5)}^^^^^^`);
  });

  it('cuts a long line without splitting an emoji at either end', () => {
    // The span starts 20 units after the emoji's second half, and the 160-unit window ends on another's.
    const line = `${'x'.repeat(99)}😀${'y'.repeat(19)}"s3:*"${'z'.repeat(132)}😀${'w'.repeat(50)}`;
    const [shown, carets] = codeFrame(source(line), findingAt(line, '"s3:*"'), plain);
    expect(shown).toBe(`  1 | …😀${'y'.repeat(19)}"s3:*"${'z'.repeat(132)}…`);
    // After "…", the emoji takes two columns and the y's nineteen.
    expect(carets).toBe(`    | ${' '.repeat(1 + 2 + 19)}^^^^^^`);
  });
});
