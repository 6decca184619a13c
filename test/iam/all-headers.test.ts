import { beforeEach, describe, expect, it, vi } from 'vitest';
import { basename } from 'node:path';

// The index files data.ts reads, by name, in order.
const reads: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: string, ...rest: unknown[]) => {
    if (String(path).endsWith('.lines')) reads.push(basename(String(path)));
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, readFileSync, default: { ...fs, readFileSync } };
});

const { expandAction, findAction } = await import('../../src/iam/actions.js');
const { totalActionCount } = await import('../../src/iam/data.js');

describe('a policy granting every action', () => {
  beforeEach(() => {
    reads.length = 0;
  });

  it('reads the names and levels of every service from one file of headers, not one file per service', () => {
    const all = expandAction('*');
    expect(all.length).toBe(totalActionCount());
    expect(reads).toEqual(['headers.lines']);
    const getObject = all.find((a) => a.id === 's3:GetObject');
    expect(getObject?.accessLevel).toBe('Read');
    expect(getObject?.wildcardOnly).toBe(false);
    expect(reads).toEqual(['headers.lines']);
  });

  it("reads a service's own file once its details are asked for, and gives the same details as a lone lookup", () => {
    const getObject = findAction('s3', 'GetObject');
    expect(reads).toEqual([]);
    expect(getObject?.resourceTypes.map((r) => r.name)).toContain('object');
    expect(getObject?.conditionKeys).toContain('s3:ExistingObjectTag/<key>');
    expect(reads).toEqual(['s3.lines']);
  });
});
