import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BoundedMap, detached } from '../src/util/bounded-map.js';

describe('BoundedMap', () => {
  it('empties itself when a new key would pass the limit, and keeps updating existing keys', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2).set('b', 3);
    expect([...m]).toEqual([['a', 1], ['b', 3]]);
    m.set('c', 4);
    expect([...m]).toEqual([['c', 4]]);
  });
});

describe('detached', () => {
  it('keeps the characters, lone surrogates included', () => {
    for (const s of ['', 'a', 'arn:aws:s3:::bucket/key', '\ud800x', 'é'.repeat(40)]) expect(detached(s)).toBe(s);
  });

  it('keeps no file text alive through a key cut from it', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const m = new BoundedMap<string, number>();
    gc();
    const before = process.memoryUsage().heapUsed;
    // 40 texts of 1 MB: a key that still sliced its text would keep all 40 MB.
    for (let i = 0; i < 40; i++) m.set(`${i} ${'x'.repeat(1 << 20)}`.slice(0, 30), i);
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(8 << 20);
    expect(m.get(`7 ${'x'.repeat(28)}`)).toBe(7);
  });
});
