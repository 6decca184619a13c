/**
 * Whether one Resource pattern already names every resource another does, with IAM's matching:
 * `*` is any run of characters (`/` and `:` included), `?` is one character, case counts.
 *
 * A `${...}` (a policy variable, or what CloudFormation fills in) is text nobody knows yet. In the
 * covered pattern it is read as `*`, so it is covered only when every value it could take is. A
 * covering pattern that holds one covers nothing but the same text: its value could be anything.
 * `${*}`, `${?}` and `${$}` are IAM's escapes for those characters, so they are literal.
 */

import { detached } from '../util/bounded-map.js';

const ONE = -1;
const STAR = -2;
const OTHER = -3;

export interface CoverPattern {
  readonly source: string;
  /** Character codes, ONE for `?`, STAR for `*` (runs of stars collapsed to one). */
  readonly codes: Int32Array;
  /** The literal text before the first wildcard (the whole pattern when it has none). */
  readonly prefix: string;
  /** The literal text after the last wildcard. */
  readonly suffix: string;
  readonly wild: boolean;
  readonly hasOne: boolean;
  /** Holds a placeholder, so it can cover only itself. */
  readonly placeholder: boolean;
  readonly witnesses: Int32Array[];
}

const ESCAPES = new Set(['*', '?', '$']);

export function coverPattern(text: string): CoverPattern {
  const codes: number[] = [];
  let placeholder = false;
  const push = (c: number) => {
    if (c !== STAR || codes[codes.length - 1] !== STAR) codes.push(c);
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 36 /* $ */ && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end > 0) {
        const inner = text.slice(i + 2, end);
        if (ESCAPES.has(inner)) push(inner.charCodeAt(0));
        else {
          push(STAR);
          placeholder = true;
        }
        i = end;
        continue;
      }
    }
    push(ch === 42 /* * */ ? STAR : ch === 63 /* ? */ ? ONE : ch);
  }
  let first = -1;
  let last = -1;
  codes.forEach((c, k) => {
    if (c >= 0) return;
    if (first < 0) first = k;
    last = k;
  });
  // One flat string, not a chain of one-character pieces (tens of thousands of them on a large tree).
  const literal = (from: number, to: number) => codes.slice(from, to).map((c) => String.fromCharCode(c)).join('');
  return {
    source: detached(text),
    codes: Int32Array.from(codes),
    prefix: first < 0 ? literal(0, codes.length) : literal(0, first),
    suffix: last < 0 ? literal(0, codes.length) : literal(last + 1, codes.length),
    wild: first >= 0,
    hasOne: codes.includes(ONE),
    placeholder,
    witnesses: witnesses(codes),
  };
}

/** Whether every string `b` matches is also matched by `a`. */
export function covers(a: string, b: string): boolean {
  return patternCovers(coverPattern(a), coverPattern(b));
}

export function patternCovers(a: CoverPattern, b: CoverPattern): boolean {
  if (a.source === b.source) return true;
  if (a.placeholder) return false;
  // A wildcard of `b` can stand for a character `a` does not expect where `a` is literal, so
  // `a`'s literal ends must lie within `b`'s.
  if (!b.prefix.startsWith(a.prefix) || !b.suffix.endsWith(a.suffix)) return false;
  if (symbolicMatch(a.codes, b.codes)) return true;
  // Without `?` in `a`, the symbolic match is exact: read each wildcard of `b` as a character
  // `a` never names; only a star of `a` can take it. A `?` of `a` can take part of a star of `b`
  // (`?*` covers `*?`), which only a search of both automata settles.
  return a.hasOne && b.witnesses.every((w) => symbolicMatch(a.codes, w)) && automataCover(a.codes, b.codes);
}

/**
 * A few strings the pattern matches, each wildcard spelled as characters no pattern names: a
 * pattern that misses one does not cover it, which spares the search below (slow on long lists).
 */
function witnesses(codes: number[]): Int32Array[] {
  if (!codes.some((c) => c < 0)) return [];
  return [[], [OTHER], [OTHER, OTHER]].map((star) => {
    const text: number[] = [];
    for (const c of codes) {
      if (c === STAR) text.push(...star);
      else text.push(c === ONE ? OTHER : c);
    }
    return Int32Array.from(text);
  });
}

/**
 * `a` matched against `b`'s codes as text: a star of `a` takes any run of them, a `?` one
 * character or `?`, a character itself. The classic greedy glob match, which only ever needs to
 * go back to the last star.
 */
function symbolicMatch(x: Int32Array, y: Int32Array): boolean {
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < m) {
    const xi = i < n ? (x[i] as number) : 0;
    const yj = y[j] as number;
    if (i < n && xi !== STAR && (xi === ONE ? yj !== STAR : xi === yj)) {
      i++;
      j++;
    } else if (i < n && xi === STAR) {
      star = i++;
      mark = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (i < n && x[i] === STAR) i++;
  return i === n;
}

/** Past this many states, give up and say "not covered": a finding left out is the safe side. */
const MAX_STATES = 20_000;

/**
 * Language inclusion by search: walk `b`'s automaton together with the subset automaton of `a`
 * over the characters either names plus one neither does; `b` is covered unless some walk ends
 * with `b` accepting and `a` not.
 */
function automataCover(x: Int32Array, y: Int32Array): boolean {
  const n = x.length;
  const m = y.length;
  const symbols = [...new Set([...x, ...y].filter((c) => c >= 0)), OTHER];
  // A star may match nothing, so the state before it also stands after it.
  const closeA = (set: Set<number>) => {
    for (const i of set) if (i < n && x[i] === STAR) set.add(i + 1);
    return [...set].sort((p, q) => p - q);
  };
  const closeB = (j: number) => (j < m && y[j] === STAR ? [j, j + 1] : [j]);
  const start = closeA(new Set([0]));
  const seen = new Set<string>();
  const queue: [number, number[]][] = [];
  const visit = (j: number, states: number[]) => {
    const key = `${j}|${states.join(',')}`;
    if (!seen.has(key)) {
      seen.add(key);
      queue.push([j, states]);
    }
  };
  for (const j of closeB(0)) visit(j, start);
  for (let q = 0; q < queue.length; q++) {
    if (seen.size > MAX_STATES) return false;
    const [j, states] = queue[q] as [number, number[]];
    if (j === m) {
      if (!states.includes(n)) return false;
      continue;
    }
    const yj = y[j] as number;
    for (const c of symbols) {
      if (yj >= 0 && yj !== c) continue;
      const next = new Set<number>();
      for (const i of states) {
        if (i === n) continue;
        const xi = x[i] as number;
        if (xi === STAR) next.add(i);
        else if (xi === ONE || xi === c) next.add(i + 1);
      }
      const stepped = closeA(next);
      for (const j2 of closeB(yj === STAR ? j : j + 1)) visit(j2, stepped);
    }
  }
  return true;
}
