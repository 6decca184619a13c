/** A streamed report reaches a terminal file by file, and any other reader in a few large writes. */
import { describe, expect, it } from 'vitest';
import { streamReports } from '../../src/formatters/outputs.js';
import { PLAIN_COLOR } from '../../src/formatters/plain-color.js';
import type { FormatContext } from '../../src/formatters/types.js';
import type { FileResult } from '../../src/types.js';

const context = (): FormatContext => ({ sources: new Map(), color: PLAIN_COLOR, tool: { name: 'iamlint', version: '1.2.3', iamData: { version: '0.1', date: '2026-01-01' } } });
const result = (i: number): FileResult => ({
  path: `p${i}.json`,
  policies: 1,
  findings: [{ ruleId: 'unknown-action', severity: 'error', message: `Unknown action "s3:GetObjekt${'x'.repeat(200)}"`, line: 1, column: 1, endLine: 1, endColumn: 2, path: [], policy: null }],
});

async function writesFor(files: number, isTTY: boolean): Promise<string[]> {
  const writes: string[] = [];
  const stdout = { isTTY, write: (text: string) => (writes.push(text), true), once: () => undefined };
  const streams = await streamReports([{ format: 'json' }], context, stdout);
  for (let i = 0; i < files; i++) await streams.file(result(i), undefined);
  streams.end();
  return writes;
}

describe('streamed reports on stdout', () => {
  it('writes each file as it is done to a terminal', async () => {
    expect(await writesFor(3, true)).toHaveLength(4);
  });

  it('batches the writes to anything else, keeping every byte and their order', async () => {
    const terminal = (await writesFor(600, true)).join('');
    const batches = await writesFor(600, false);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.length).toBeLessThan(10);
    expect(batches.join('')).toBe(terminal);
    expect(JSON.parse(batches.join('')).files).toHaveLength(600);
  });

  it('writes a small report once, at the end', async () => {
    expect(await writesFor(3, false)).toHaveLength(1);
  });
});
