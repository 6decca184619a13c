import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/config/errors.js';
import { IgnoreMatcher } from '../../src/files/glob.js';

const BASE = '/repo/app';

function matcher(patterns: string[], base = BASE, typed = false): (path: string) => boolean {
  const m = new IgnoreMatcher();
  m.add(patterns, base, { typed });
  return (path) => m.ignores(`${BASE}/${path}`);
}

describe('ignore patterns', () => {
  it.each([
    [['*.json'], 'policies/a.json', true],
    [['*.json'], 'policies/a.yaml', false],
    [['legacy/'], 'legacy/old/a.json', true],
    [['/legacy'], 'src/legacy/a.json', false],
    [['**/fixtures/**'], 'a/b/fixtures/c.json', true],
    [['p?.json'], 'p1.json', true],
    [['p[0-9].json'], 'p1.json', true],
    [['p[0-9].json'], 'pa.json', false],
    [['p[!0-9].json'], 'pa.json', true],
    [['p[!0-9].json'], 'p1.json', false],
    [['a[.]json'], 'a.json', true],
    [['a[.]json'], 'abjson', false],
  ])('%j on %s: %s', (patterns, path, ignored) => {
    expect(matcher(patterns)(path)).toBe(ignored);
  });

  it('re-includes with "!", the last pattern that matches deciding, as in .gitignore', () => {
    const ignores = matcher(['*.json', '!policies/wild.json', 'policies/wild*']);
    expect(ignores('policies/a.json')).toBe(true);
    expect(ignores('policies/wild.json')).toBe(true);
    const reincluded = matcher(['*.json', '!policies/wild.json']);
    expect(reincluded('policies/wild.json')).toBe(false);
    expect(reincluded('other/wild.json')).toBe(true);
  });

  it('reads a pattern that climbs out of its base as a path from where it climbs to, and a typed absolute path under the base', () => {
    expect(matcher(['../app/legacy'])('legacy/a.json')).toBe(true);
    expect(matcher(['../app/legacy'])('src/legacy/a.json')).toBe(false);
    expect(matcher(['../other/legacy'])('legacy/a.json')).toBe(false);
    expect(matcher(['..\\app\\legacy'])('legacy/a.json')).toBe(true);
    expect(matcher([`${BASE}/legacy`], BASE, true)('legacy/a.json')).toBe(true);
    expect(matcher([`${BASE}/legacy`], BASE, true)('src/legacy/a.json')).toBe(false);
    // In a config, a leading "/" anchors at the base, as in .gitignore: /repo/app/... is a path under it.
    expect(matcher([`${BASE}/legacy`], BASE, false)('legacy/a.json')).toBe(false);
    expect(matcher([`${BASE}/legacy`], BASE, false)('repo/app/legacy/a.json')).toBe(true);
  });

  it('refuses a set no regular expression takes, naming the pattern', () => {
    expect(() => matcher(['[z-a].json'])).toThrow(new UsageError('ignore pattern "[z-a].json": a [...] set in it is not valid'));
    expect(matcher(['[abc.json'])('[abc.json')).toBe(true);
  });
});
