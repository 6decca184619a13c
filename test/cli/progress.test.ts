import { describe, expect, it } from 'vitest';
import { lint } from '../../src/api.js';
import { createProgress } from '../../src/cli/progress.js';
import { repoRoot, scratch } from '../helpers/cli.js';

const policies: Record<string, string> = {};
for (let i = 0; i < 120; i++) policies[`p/${i}.json`] = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (s: string) => writes.push(s) };
}

/** A clock the test moves by hand. */
function clock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('progress', () => {
  it('redraws "done / total" in place on a terminal, at most every 100 ms, and erases it at the end', () => {
    const stderr = fakeStream(true);
    const c = clock();
    const progress = createProgress(stderr, { stdoutIsTTY: true, env: {}, now: c.now });
    progress.update(1, 1000);
    progress.update(2, 1000); // same instant: skipped
    c.advance(50);
    progress.update(3, 1000); // 50 ms later: skipped
    c.advance(60);
    progress.update(48, 1000);
    c.advance(10);
    progress.update(1000, 1000); // the last file is always shown
    progress.end();
    expect(stderr.writes).toEqual([
      '\riamlint: 1 / 1000 files',
      '\riamlint: 48 / 1000 files',
      '\riamlint: 1000 / 1000 files',
      `\r${' '.repeat('iamlint: 1000 / 1000 files'.length)}\r`,
    ]);
  });

  it('pads a shorter line over a longer one', () => {
    const stderr = fakeStream(true);
    const c = clock();
    const progress = createProgress(stderr, { stdoutIsTTY: true, env: {}, now: c.now });
    progress.update(999, 1000);
    c.advance(100);
    progress.update(1000, 1000);
    expect(stderr.writes[1]).toBe('\riamlint: 1000 / 1000 files');
    const again = createProgress(stderr, { stdoutIsTTY: true, env: {}, now: c.now });
    again.update(1000, 1000);
    c.advance(100);
    again.update(9, 1000);
    expect(stderr.writes.at(-1)).toBe('\riamlint: 9 / 1000 files   ');
  });

  it.each([
    ['stderr is not a terminal', false, true, {}],
    ['stdout is not a terminal', true, false, {}],
    ['CI is set', true, true, { CI: 'true' }],
  ])('writes nothing when %s', (_, stderrTTY, stdoutTTY, env) => {
    const stderr = fakeStream(stderrTTY);
    const progress = createProgress(stderr, { stdoutIsTTY: stdoutTTY, env });
    progress.update(1, 5000);
    progress.update(5000, 5000);
    progress.end();
    expect(stderr.writes).toEqual([]);
  });

  it('writes nothing for runs of 200 files or fewer', () => {
    const stderr = fakeStream(true);
    const progress = createProgress(stderr, { stdoutIsTTY: true, env: {} });
    for (let i = 1; i <= 200; i++) progress.update(i, 200);
    progress.end();
    expect(stderr.writes).toEqual([]);
    progress.update(1, 201);
    expect(stderr.writes).toEqual(['\riamlint: 1 / 201 files']);
  });
});

describe('onProgress', () => {
  it('is called after each file on one thread', async () => {
    const s = scratch(policies);
    try {
      const calls: [number, number][] = [];
      await lint({ paths: ['p'], cwd: s.dir, useConfig: false, workers: 1, onProgress: (done, total) => calls.push([done, total]) });
      expect(calls).toEqual(Array.from({ length: 120 }, (_, i) => [i + 1, 120]));
    } finally {
      s.cleanup();
    }
  });

  it('is called as worker threads report, ending with every file done', async () => {
    // Workers run the built JavaScript (dist), as the CLI does.
    const api = (await import(`${repoRoot}/dist/src/api.js`)) as typeof import('../../src/api.js');
    const s = scratch(policies);
    try {
      const calls: [number, number][] = [];
      await api.lint({ paths: ['p'], cwd: s.dir, useConfig: false, workers: 2, onProgress: (done, total) => calls.push([done, total]) });
      expect(calls.length).toBeGreaterThan(1);
      expect(calls.at(-1)).toEqual([120, 120]);
      expect(calls.map(([d]) => d)).toEqual([...calls.map(([d]) => d)].sort((a, b) => a - b));
    } finally {
      s.cleanup();
    }
  });
});
