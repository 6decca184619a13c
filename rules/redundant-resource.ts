/**
 * redundant-resource: a Resource entry that another entry of the same statement already covers
 * (listed twice, or matched by a wildcard ARN such as `arn:aws:s3:::b/*`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-redundant-resource
 */
import { defineRule } from '../src/engine/rule.js';
import { coverPattern, patternCovers, type CoverPattern } from '../src/iam/arn-cover.js';
import type { Located, ValueList } from '../src/policy/model.js';
import { branchedWithin } from '../src/policy/values.js';
import { POLICY_KINDS } from '../src/types.js';
import { BoundedMap } from '../src/util/bounded-map.js';

interface Entry {
  at: Located;
  /** The text two entries must share to be the same value; undefined when equal text does not say so. */
  key?: string;
  branched: boolean;
}

// What the CloudFormation loader writes for an intrinsic it cannot spell out: two of them with the
// same text may still be different values (two `Fn::ImportValue`s).
const OPAQUE = /\$\{(?:Fn::[A-Za-z]+|Ref)\}/;

/** Entries from the two branches of one `Fn::If` (merged when a template has many) never stand together. */
function alternatives(p: Entry, q: Entry): boolean {
  if (!p.branched || !q.branched) return false;
  const a = p.at.path;
  const b = q.at.path;
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k > 0 && a[k - 1] === 'Fn::If';
}

export default defineRule({
  meta: {
    id: 'redundant-resource',
    severity: 'info',
    description: 'A resource repeated, or already covered by a wildcard ARN, in the same statement',
    kinds: POLICY_KINDS,
    fixable: true,
    messages: {
      repeated: '"{{resource}}" is listed twice in this statement',
      covered: '"{{resource}}" is already covered by "{{by}}" in this statement',
      drop: 'Drop "{{resource}}"',
    },
  },
  create(context) {
    function check(list: ValueList): void {
      const values = list.values;
      if (values.length < 2) return;
      // Only an entry with `*` or `?` can cover another: without one, only repeats are looked for.
      const wild = values.some((v) => v.value.includes('*') || v.value.includes('?'));
      const entries: Entry[] = values.map((v) => {
        const entry: Entry = { at: v, branched: v.path.includes('Fn::If') };
        if (!(v.intrinsic && OPAQUE.test(v.value))) entry.key = v.value;
        return entry;
      });
      // A fix only when the entry, and one that makes it redundant, are in the list whatever Fn::If branch is taken.
      const report = (entry: Entry, messageId: 'repeated' | 'covered', because: readonly Entry[], by?: Entry) =>
        context.report({
          messageId,
          data: { resource: entry.at.value, ...(by && { by: by.at.value }) },
          at: entry.at,
          suggestion: { messageId: 'drop', data: { resource: entry.at.value } },
          ...(!branchedWithin(list, entry.at) && because.some((e) => !branchedWithin(list, e.at)) ? { fix: { removeListItem: { list: list.node, item: entry.at } } } : {}),
        });

      const repeated = new Set<number>();
      const sameText = new Map<string, number[]>();
      entries.forEach((entry, i) => {
        if (entry.key === undefined) return;
        const earlier = sameText.get(entry.key);
        if (earlier?.some((j) => !alternatives(entries[j] as Entry, entry))) repeated.add(i);
        if (earlier) earlier.push(i);
        else sameText.set(entry.key, [i]);
      });

      const coverers = new Map<number, number[]>();
      if (wild) findCoverers(entries, repeated, coverers);

      entries.forEach((entry, i) => {
        if (repeated.has(i)) {
          report(entry, 'repeated', (sameText.get(entry.key as string) ?? []).filter((j) => j < i).map((j) => entries[j] as Entry));
          return;
        }
        const found = coverers.get(i);
        if (!found) return;
        // Name an entry that stays once the redundant ones are dropped.
        const kept = found.filter((j) => !coverers.has(j));
        const by = Math.min(...(kept.length > 0 ? kept : found));
        report(entry, 'covered', found.map((j) => entries[j] as Entry), entries[by]);
      });
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) {
          if (statement.resource) check(statement.resource);
          if (statement.notResource) check(statement.notResource);
        }
      },
    };
  },
});

// Resource texts repeat across policies; a pattern is immutable, so one serves every entry of the same text.
const patterns = new BoundedMap<string, CoverPattern>();
function patternOf(text: string): CoverPattern {
  let p = patterns.get(text);
  if (!p) {
    p = coverPattern(text);
    patterns.set(text, p);
  }
  return p;
}

/**
 * For each entry that another covers, the entries covering it. Only a wildcard without placeholders
 * covers another text, and its literal start must begin the other's: coverers are indexed by that
 * start, so an entry looks up the few whose start is a prefix of its own instead of trying every
 * other (managed policies list hundreds).
 */
function findCoverers(entries: readonly Entry[], repeated: ReadonlySet<number>, coverers: Map<number, number[]>): void {
  const patterns = entries.map((e) => patternOf(e.at.value));
  const byPrefix = new Map<string, number[]>();
  const prefixLengths = new Set<number>();
  patterns.forEach((pattern, j) => {
    if (repeated.has(j) || !pattern.wild || pattern.placeholder) return;
    const { prefix } = pattern;
    const list = byPrefix.get(prefix);
    if (list) list.push(j);
    else byPrefix.set(prefix, [j]);
    prefixLengths.add(prefix.length);
  });
  const lengths = [...prefixLengths].sort((p, q) => p - q);

  entries.forEach((entry, i) => {
    if (repeated.has(i)) return;
    const pattern = patterns[i] as CoverPattern;
    const { prefix } = pattern;
    const found: number[] = [];
    let redundant = false;
    for (const length of lengths) {
      if (length > prefix.length) break;
      for (const j of byPrefix.get(prefix.slice(0, length)) ?? []) {
        const other = patterns[j] as CoverPattern;
        if (j === i || alternatives(entries[j] as Entry, entry) || !patternCovers(other, pattern)) continue;
        found.push(j);
        // Of two entries that cover each other, the later one is redundant.
        if (j < i || !patternCovers(pattern, other)) redundant = true;
      }
    }
    if (redundant) coverers.set(i, found);
  });
}
