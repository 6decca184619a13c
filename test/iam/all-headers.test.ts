import { readFileSync as realRead } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The index files data.ts reads, by name, in order; `tamper` changes headers.lines as it is read.
const reads: string[] = [];
let tamper: ((text: string) => string) | undefined;
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: string, ...rest: unknown[]) => {
    const name = basename(String(path));
    if (name.endsWith('.lines')) reads.push(name);
    const out = (fs.readFileSync as (...a: unknown[]) => string | Buffer)(path, ...rest);
    if (name !== 'headers.lines' || !tamper) return out;
    const text = tamper(out.toString());
    return typeof out === 'string' ? text : Buffer.from(text);
  }) as typeof fs.readFileSync;
  return { ...fs, readFileSync, default: { ...fs, readFileSync } };
});

const repo = join(import.meta.dirname, '..', '..');
const index = join(repo, 'dist', 'iam-index');

/** actions.ts and data.ts as a new run sees them: nothing read yet. */
async function fresh() {
  vi.resetModules();
  reads.length = 0;
  const actions = await import('../../src/iam/actions.js');
  const data = await import('../../src/iam/data.js');
  return { ...actions, ...data };
}

/** The s3 line of headers.lines, rewritten by `change`. */
function changeS3Header(change: (header: { n: string; l: string; t: number[]; x: number[] }) => void): (text: string) => string {
  const services = (JSON.parse(realRead(join(index, 'meta.json'), 'utf8')) as { services: string[] }).services;
  return (text) => {
    const lines = text.split('\n');
    const at = services.indexOf('s3');
    const header = JSON.parse(lines[at] as string);
    change(header);
    lines[at] = JSON.stringify(header);
    return lines.join('\n');
  };
}

describe('a policy granting every action', () => {
  beforeEach(() => {
    tamper = undefined;
  });

  it('reads the names and levels of every service from one file of headers, not one file per service', async () => {
    const { expandAction, totalActionCount } = await fresh();
    const all = expandAction('*');
    expect(all.length).toBe(totalActionCount());
    expect(reads).toEqual(['headers.lines']);
    const getObject = all.find((a) => a.id === 's3:GetObject');
    expect(getObject?.accessLevel).toBe('Read');
    expect(getObject?.wildcardOnly).toBe(false);
    expect(reads).toEqual(['headers.lines']);
  });

  it("then reads a service's own file for its details, the same details as its line there", async () => {
    // (This file's node:fs is the mocked one too: read before the reads are counted.)
    const lines = realRead(join(index, 's3.lines'), 'utf8').split('\n');
    const position = (JSON.parse(lines[0] as string) as { n: string }).n.split('\n').indexOf('GetObject');
    const [types, keys] = JSON.parse(lines[3 + position] as string) as [{ name: string }[], string[]];
    const { expandAction, findAction } = await fresh();
    expandAction('*');
    reads.length = 0;
    const getObject = findAction('s3', 'GetObject');
    expect(reads).toEqual([]);
    expect(getObject?.resourceTypes).toEqual(types);
    expect(getObject?.conditionKeys).toEqual(keys);
    expect(getObject?.resourceTypes.map((r) => r.name)).toContain('object');
    expect(reads).toEqual(['s3.lines']);
  });

  it('reads the own files of the few services a wildcard service part names, not the headers of all', async () => {
    const { expandAction } = await fresh();
    expect(expandAction('s3*:GetObject').map((a) => a.id)).toContain('s3:GetObject');
    expect(reads).not.toContain('headers.lines');
    expect(reads).toContain('s3.lines');
  });

  it('takes a headers.lines whose lines end in CRLF (an index a Windows checkout converted) with service files that do not', async () => {
    tamper = (text) => text.replace(/\n/g, '\r\n');
    const { expandAction, findAction } = await fresh();
    expect(expandAction('*').length).toBeGreaterThan(20_000);
    expect(findAction('s3', 'GetObject')?.resourceTypes.map((r) => r.name)).toContain('object');
  });

  it("says the service's file is damaged when its first line is not the header headers.lines has", async () => {
    tamper = changeS3Header((h) => {
      // The header of another build: one action fewer.
      h.n = h.n.slice(h.n.indexOf('\n') + 1);
      h.l = h.l.slice(1);
      h.t = h.t.slice(1);
      h.x = h.x.slice(1);
    });
    const { expandAction, findAction } = await fresh();
    expandAction('*');
    const getObject = findAction('s3', 'GetObject');
    expect(() => getObject?.resourceTypes).toThrow(`the IAM index file ${join(index, 's3.lines')} is damaged: run npm run build`);
  });
});
