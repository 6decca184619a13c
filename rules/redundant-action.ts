/**
 * redundant-action: an Action entry that another entry of the same statement already covers
 * (listed twice, or matched by a wildcard such as `s3:Get*`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-redundant-action
 */
import { defineRule } from '../src/engine/rule.js';
import { grantedActionIds } from '../src/iam/actions.js';
import type { Located, ValueList } from '../src/policy/model.js';
import { branchedWithin } from '../src/policy/values.js';
import { POLICY_KINDS } from '../src/types.js';
import { BoundedMap } from '../src/util/bounded-map.js';

interface Entry {
  at: Located;
  lower: string;
  /** The lower-case ids a wildcard entry grants; empty for an explicit entry and for `*`. */
  ids: readonly string[];
  all: boolean;
  wild: boolean;
}

const NO_IDS: readonly string[] = [];
/** Up to this many wildcard entries in a statement are scanned rather than indexed. */
const SCAN_LIMIT = 16;

// The id sets of wildcard entries, keyed by grantedActionIds' list, which entries of the same text share.
const idSets = new BoundedMap<readonly string[], Set<string>>(2_000);
function idSetOf(ids: readonly string[]): Set<string> {
  let set = idSets.get(ids);
  if (!set) {
    set = new Set(ids);
    idSets.set(ids, set);
  }
  return set;
}

export default defineRule({
  meta: {
    id: 'redundant-action',
    severity: 'info',
    description: 'An action repeated, or already covered by a wildcard, in the same statement',
    kinds: POLICY_KINDS,
    fixable: true,
    messages: {
      repeated: '"{{action}}" is listed twice in this statement',
      covered: '"{{action}}" is already covered by "{{by}}" in this statement',
      drop: 'Drop "{{action}}"',
    },
  },
  create(context) {
    function check(list: ValueList): void {
      // Not when either entry is one branch of an Fn::If: the other branch has no such repeat.
      const fix = (at: Located, by: Located) => (branchedWithin(list, at) || branchedWithin(list, by) ? {} : { fix: { removeListItem: { list: list.node, item: at } } });
      const values = list.values.filter((v) => !v.intrinsic && !v.value.includes('${'));
      // Without a wildcard each entry names at most one action, whose id is its lower-case text: only
      // a repeated entry can be redundant, and no expansion is needed to tell.
      if (!values.some((v) => v.value.includes('*') || v.value.includes('?'))) {
        const seen = new Map<string, Located>();
        for (const v of values) {
          const lower = v.value.toLowerCase();
          const first = seen.get(lower);
          if (!first) seen.set(lower, v);
          else context.report({ messageId: 'repeated', data: { action: v.value }, at: v, suggestion: { messageId: 'drop', data: { action: v.value } }, ...fix(v, first) });
        }
        return;
      }
      // Only a wildcard entry is expanded: an explicit entry's id is its lower-case text, so it is
      // covered when a wildcard's ids hold that text, and it covers only a wildcard naming just it.
      const entries: Entry[] = values.map((v) => {
        const text = v.value;
        const all = text === '*';
        const wild = !all && (text.includes('*') || text.includes('?'));
        return { at: v, lower: text.toLowerCase(), ids: wild ? grantedActionIds(text) : NO_IDS, all, wild };
      });
      const firstText = new Map<string, number>();
      const wildcards: number[] = [];
      for (let j = 0; j < entries.length; j++) {
        const e = entries[j] as Entry;
        if (e.wild) wildcards.push(j);
        if (!firstText.has(e.lower)) firstText.set(e.lower, j);
      }
      // The wildcard entries that grant an action, in entry order. A few are scanned; with many
      // (AWS's ReadOnlyAccess lists thousands in one statement) every action is indexed once, which
      // for a few `s3:*` entries would build hundreds of map entries per statement for nothing.
      let index: Map<string, number[]> | undefined;
      const holders = (id: string): number[] | undefined => {
        if (wildcards.length <= SCAN_LIMIT) {
          const found = wildcards.filter((j) => idSetOf((entries[j] as Entry).ids).has(id));
          return found.length > 0 ? found : undefined;
        }
        if (!index) {
          index = new Map();
          for (const j of wildcards) {
            for (const granted of (entries[j] as Entry).ids) {
              const list = index.get(granted);
              if (list) list.push(j);
              else index.set(granted, [j]);
            }
          }
        }
        return index.get(id);
      };
      const star = entries.findIndex((e) => e.all);

      entries.forEach((entry, i) => {
        const text = entry.at.value;
        const first = firstText.get(entry.lower) as number;
        if (first < i) {
          context.report({ messageId: 'repeated', data: { action: text }, at: entry.at, suggestion: { messageId: 'drop', data: { action: text } }, ...fix(entry.at, (entries[first] as Entry).at) });
          return;
        }
        if (entry.all) return;
        let by: Entry | undefined;
        if (!entry.wild) {
          // An explicit entry naming no known action is unknown-action's, even beside "*".
          if (star >= 0) by = grantedActionIds(text).length > 0 ? entries[star] : undefined;
          else {
            // A wildcard holding this action covers it, unless it names only this action and comes later.
            const found = holders(entry.lower)?.find((j) => !((entries[j] as Entry).ids.length === 1 && j > i));
            by = found === undefined ? undefined : entries[found];
          }
        } else if (entry.ids.length > 0) {
          if (star >= 0) by = entries[star];
          else {
            // Covered by another entry whose actions include all of this one's; of two equal sets, the later one is redundant.
            const first = entry.ids[0] as string;
            const found = holders(first)?.find((j) => {
              const other = entries[j] as Entry;
              if (j === i || other.lower === entry.lower) return false;
              if (other.ids.length < entry.ids.length || (other.ids.length === entry.ids.length && j > i)) return false;
              const set = idSetOf(other.ids);
              return entry.ids.every((id) => set.has(id));
            });
            // An earlier explicit entry naming the one action this wildcard names.
            const explicit = entry.ids.length === 1 ? firstText.get(first) : undefined;
            const j = explicit !== undefined && explicit < i && (found === undefined || explicit < found) ? explicit : found;
            by = j === undefined ? undefined : entries[j];
          }
        }
        if (by) {
          context.report({
            messageId: 'covered',
            data: { action: text, by: by.at.value },
            at: entry.at,
            suggestion: { messageId: 'drop', data: { action: text } },
            ...fix(entry.at, by.at),
          });
        }
      });
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) {
          if (statement.action) check(statement.action);
          if (statement.notAction) check(statement.notAction);
        }
      },
    };
  },
});
