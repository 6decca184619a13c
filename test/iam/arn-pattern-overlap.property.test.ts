/**
 * patternsOverlap against a plain reference: memoised recursion over the two whole code lists,
 * with no trimming of literal ends and no split at the resource part.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPattern, patternsOverlap, policyPattern, type ArnPattern } from '../../src/iam/arn-pattern.js';

const STAR = -2;
const ONE = -1;
const isStar = (c: number) => c <= STAR;
/** Whether a star code lets the character through (mask 1 = no `/`, 2 = no `:`). */
const admits = (star: number, ch: number) => {
  const mask = STAR - star;
  return !((mask & 1 && ch === 47) || (mask & 2 && ch === 58));
};

function referenceOverlap(a: ArnPattern, b: ArnPattern): boolean {
  const x = a.codes;
  const y = b.codes;
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * 1000 + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false);
    let ok = false;
    if (i === x.length && j === y.length) ok = true;
    else {
      const xi = i < x.length ? (x[i] as number) : undefined;
      const yj = j < y.length ? (y[j] as number) : undefined;
      // A star matching nothing.
      if (xi !== undefined && isStar(xi) && go(i + 1, j)) ok = true;
      else if (yj !== undefined && isStar(yj) && go(i, j + 1)) ok = true;
      else if (xi !== undefined && yj !== undefined) {
        // One common character c, taken by each side (a star stays in place).
        const fits = (code: number, c: number) => code === c || code === ONE || (isStar(code) && admits(code, c));
        const candidates = new Set<number>([97, 98, 47, 58, 120]);
        for (const code of [xi, yj]) if (code >= 0) candidates.add(code);
        for (const c of candidates) {
          if (!fits(xi, c) || !fits(yj, c)) continue;
          if (go(isStar(xi) ? i : i + 1, isStar(yj) ? j : j + 1)) {
            ok = true;
            break;
          }
        }
      }
    }
    memo.set(key, ok);
    return ok;
  };
  return go(0, 0);
}

const piece = fc.constantFrom('a', 'b', ':', '/', '*', '?', '${x}', 'ab', '::');
const loose = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
const segment = fc.array(fc.constantFrom('a', 'b', '*', '?', '${x}'), { maxLength: 2 }).map((p) => p.join(''));
const resource = fc.array(fc.constantFrom('a', 'b', '/', ':', '*', '?', '${x}'), { maxLength: 4 }).map((p) => p.join(''));
const arnLike = fc.tuple(segment, segment, segment, segment, resource).map(([p, s, r, acc, res]) => `arn:${p}:${s}:${r}:${acc}:${res}`);
const text = fc.oneof(loose, arnLike);
const formatSegment = fc.constantFrom('a', 'b', '${Partition}', '${Region}', '${Account}', '');
const format = fc
  .tuple(formatSegment, formatSegment, formatSegment, fc.array(fc.constantFrom('a', '/', '${Name}', '${ObjectName}', '${BucketName}'), { maxLength: 3 }))
  .map(([p, r, acc, res]) => `arn:${p}:s:${r}:${acc}:${res.join('')}`);

/** `arn:p:s:::...` with nothing before its fifth `:` that could stand for a `:` (a `*` or `?`). */
function writesBothEmpty(text: string): boolean {
  const parts = text.replace(/\$\{[^}]*\}/g, 'x').split(':');
  return parts.length >= 6 && parts[3] === '' && parts[4] === '' && !/[*?]/.test(parts.slice(0, 3).join(':'));
}

function namesRegionOrAccount(format: string): boolean {
  const parts = format.replace(/\$\{Partition\}/g, 'p').split(':');
  return (parts[3] ?? '') !== '' || (parts[4] ?? '') !== '';
}

describe('patternsOverlap agrees with a plain search over both whole patterns', () => {
  // A `?` before the fifth `:` may itself be a `:`: the resource part then starts elsewhere, and
  // comparing the heads and resource parts apart would miss the common string in brackets.
  it.each([
    ['arn::::b?:', 'arn::::b:*', false, '[arn::::b::]'],
    ['arn:??::a::', 'arn:${Partition}:s:${Region}:a:${Name}', true, '[arn::s::a::]'],
  ])('%s and %s overlap', (x, y, format) => {
    const b = format ? formatPattern(y) : policyPattern(y);
    expect(patternsOverlap(policyPattern(x), b)).toBe(true);
    expect(patternsOverlap(b, policyPattern(x))).toBe(true);
  });

  it('on random short policy patterns', () => {
    fc.assert(
      fc.property(text, text, (x, y) => {
        expect(patternsOverlap(policyPattern(x), policyPattern(y))).toBe(referenceOverlap(policyPattern(x), policyPattern(y)));
      }),
      { seed: 20261130, numRuns: 3000 },
    );
  });

  it('on random IAM-data formats against policy patterns', () => {
    fc.assert(
      fc.property(format, text, (f, y) => {
        // An ARN written with region and account both empty is of no type whose format names either.
        const expected = writesBothEmpty(y) && namesRegionOrAccount(f) ? false : referenceOverlap(formatPattern(f), policyPattern(y));
        expect(patternsOverlap(formatPattern(f), policyPattern(y))).toBe(expected);
      }),
      { seed: 20261130, numRuns: 3000 },
    );
  });
});
