import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffLines, splitLines, unifiedDiff } from '../../src/fix/diff.js';

const lines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${i + from}\n`).join('');

/** Applies a unified diff to `before`, hunk by hunk, checking every context and removed line. */
function patch(before: string, diff: string): string {
  const old = splitLines(before);
  const out: string[] = [];
  let at = 0;
  const body = diff.split('\n').slice(2, -1);
  for (let i = 0; i < body.length; i++) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(body[i]!);
    if (!header) throw new Error(`not a hunk header: ${body[i]}`);
    const start = Number(header[1]) - (header[2] === '0' ? 0 : 1);
    out.push(...old.slice(at, start));
    at = start;
    while (i + 1 < body.length && !body[i + 1]!.startsWith('@@')) {
      const line = body[++i]!;
      const noEol = body[i + 1] === '\\ No newline at end of file';
      if (noEol) i++;
      const text = line.slice(1) + (noEol ? '' : '\n');
      if (line[0] === '+') out.push(text);
      else {
        expect(old[at]).toBe(text);
        at++;
        if (line[0] === ' ') out.push(text);
      }
    }
  }
  return [...out, ...old.slice(at)].join('');
}

// Compared with the system's diff where there is one; the other tests pin the format without it.
const hasDiff = spawnSync('diff', ['--version']).error === undefined;

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('p.json', 'a\nb\n', 'a\nb\n')).toBe('');
  });

  it('shows one removed line with three lines of context each side', () => {
    const before = lines(10);
    const after = before.replace('line 5\n', '');
    expect(unifiedDiff('dir/p.json', before, after)).toBe(
      ['--- a/dir/p.json', '+++ b/dir/p.json', '@@ -2,7 +2,6 @@', ' line 2', ' line 3', ' line 4', '-line 5', ' line 6', ' line 7', ' line 8', ''].join('\n'),
    );
  });

  it('cuts the context at the start and end of the file', () => {
    const before = 'a\nb\nc\n';
    expect(unifiedDiff('p', before, 'a\nB\nc\n')).toBe('--- a/p\n+++ b/p\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
  });

  it('merges changes whose contexts touch and splits those further apart', () => {
    const before = lines(30);
    const near = before.replace('line 5\n', '').replace('line 12\n', 'twelve\n');
    expect(unifiedDiff('p', before, near).match(/^@@/gm)).toHaveLength(1);
    const far = before.replace('line 5\n', '').replace('line 13\n', 'thirteen\n');
    const diff = unifiedDiff('p', before, far);
    expect(diff.match(/^@@.*$/gm)).toEqual(['@@ -2,7 +2,6 @@', '@@ -10,7 +9,7 @@']);
  });

  it('marks a missing newline at the end of either side', () => {
    expect(unifiedDiff('p', 'a\nb', 'a\nb\n')).toBe('--- a/p\n+++ b/p\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
  });

  it('writes an empty side as GNU diff does', () => {
    expect(unifiedDiff('p', '', 'a\n')).toBe('--- a/p\n+++ b/p\n@@ -0,0 +1 @@\n+a\n');
    expect(unifiedDiff('p', 'a\n', '')).toBe('--- a/p\n+++ b/p\n@@ -1 +0,0 @@\n-a\n');
  });

  it.skipIf(!hasDiff)('produces the same hunks as diff -u on a small edit', () => {
    const before = `${lines(12)}`;
    const after = before.replace('line 3\n', 'line 3\ninserted\n').replace('line 11\n', '');
    const dir = mkdtempSync(join(tmpdir(), 'iamlint-diff-'));
    try {
      writeFileSync(join(dir, 'a'), before);
      writeFileSync(join(dir, 'b'), after);
      const gnu = spawnSync('diff', ['-u', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
      const hunks = (d: string) => d.split('\n').filter((l) => !l.startsWith('---') && !l.startsWith('+++'));
      expect(hunks(unifiedDiff('p', before, after))).toEqual(hunks(gnu.stdout));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('round-trips: applying the diff to the old text gives the new text', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: random(25) }, () => `${'xyz'[random(3)]}\n`);
      const b = [...a];
      for (let edits = random(5); edits > 0; edits--) {
        const at = random(b.length + 1);
        if (random(2) === 0) b.splice(at, 1);
        else b.splice(at, 0, `${'xyzw'[random(4)]}\n`);
      }
      const before = a.join('');
      const after = b.join('');
      const diff = unifiedDiff('p', before, after);
      expect(diff === '' ? before : patch(before, diff)).toBe(after);
    }
  });
});

describe('diffLines', () => {
  it('finds a shortest edit script', () => {
    const ops = diffLines(['a\n', 'b\n', 'c\n', 'a\n', 'b\n', 'b\n', 'a\n'], ['c\n', 'b\n', 'a\n', 'b\n', 'a\n', 'c\n']);
    expect(ops.filter((o) => o.kind !== ' ')).toHaveLength(5);
    expect(ops.filter((o) => o.kind !== '+').map((o) => o.line).join('')).toBe('a\nb\nc\na\nb\nb\na\n');
    expect(ops.filter((o) => o.kind !== '-').map((o) => o.line).join('')).toBe('c\nb\na\nb\na\nc\n');
  });
});
