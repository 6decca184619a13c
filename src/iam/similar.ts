import { byText } from '../util/compare.js';

/** Levenshtein distance, stopping early once it exceeds `max` (returns max + 1 then). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Two rows, reused across calls: did-you-mean compares one word with a whole service's names.
  const n = b.length + 1;
  if (rowA.length < n) {
    rowA = new Int32Array(n * 2);
    rowB = new Int32Array(n * 2);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j < n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j < n; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length] as number;
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** The candidates closest to `word` (case-insensitive), at most `limit`, within a distance that grows with its length. */
export function closest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = word.toLowerCase();
  const max = lower.length <= 4 ? 1 : lower.length <= 10 ? 2 : 3;
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), max);
    if (d <= max) scored.push({ c, d });
  }
  return scored.sort((x, y) => x.d - y.d || byText(x.c, y.c)).slice(0, limit).map((s) => s.c);
}

/**
 * Candidates that differ from `word` by one run of characters added or dropped in the middle, the
 * way a name gains or loses a word: `GetBucketLifecycleConfiguration` for `GetLifecycleConfiguration`,
 * `CreateOriginAccessIdentity` for `CreateCloudFrontOriginAccessIdentity`. Edit distance misses
 * these: the run is longer than any distance worth suggesting. Closest (shortest run) first.
 */
export function oneRunApart(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = word.toLowerCase();
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const other = c.toLowerCase();
    const [short, long] = lower.length < other.length ? [lower, other] : [other, lower];
    const run = long.length - short.length;
    if (run < 2 || short.length < 6) continue;
    let prefix = 0;
    while (prefix < short.length && short.charCodeAt(prefix) === long.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < short.length - prefix && short.charCodeAt(short.length - 1 - suffix) === long.charCodeAt(long.length - 1 - suffix)) suffix++;
    // The shorter name is the longer one's start and end: the difference is one run between them.
    if (prefix >= 3 && suffix >= 3 && prefix + suffix === short.length) scored.push({ c, d: run });
  }
  return scored.sort((x, y) => x.d - y.d || byText(x.c, y.c)).slice(0, limit).map((s) => s.c);
}
