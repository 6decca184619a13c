import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../src/util/bounded-map.js';

describe('BoundedMap', () => {
  it('empties itself when a new key would pass the limit, and keeps updating existing keys', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2).set('b', 3);
    expect([...m]).toEqual([['a', 1], ['b', 3]]);
    m.set('c', 4);
    expect([...m]).toEqual([['c', 4]]);
  });
});
