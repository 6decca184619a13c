/**
 * redundant-action: an Action entry that another entry of the same statement already covers
 * (listed twice, or matched by a wildcard such as `s3:Get*`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-redundant-action
 */
import { defineRule } from '../src/engine/rule.js';
import { grantedActionIds } from '../src/iam/actions.js';
import type { Located, ValueList } from '../src/policy/model.js';
import { POLICY_KINDS } from '../src/types.js';

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
      const fix = (at: Located) => ({ removeListItem: { list: list.node, item: at } });
      const values = list.values.filter((v) => !v.intrinsic && !v.value.includes('${'));
      // Without a wildcard each entry names at most one action, whose id is its lower-case text: only
      // a repeated entry can be redundant, and no expansion is needed to tell.
      if (!values.some((v) => v.value.includes('*') || v.value.includes('?'))) {
        const seen = new Set<string>();
        for (const v of values) {
          const lower = v.value.toLowerCase();
          if (!seen.has(lower)) seen.add(lower);
          else context.report({ messageId: 'repeated', data: { action: v.value }, at: v, suggestion: { messageId: 'drop', data: { action: v.value } }, fix: fix(v) });
        }
        return;
      }
      const entries = values.map((v) => ({ at: v, lower: v.value.toLowerCase(), ids: v.value === '*' ? [] : grantedActionIds(v.value), all: v.value === '*' }));
      // Which entries grant each action, so a covering entry is looked up, not searched for:
      // AWS's ReadOnlyAccess lists thousands of entries in one statement.
      const holders = new Map<string, number[]>();
      const firstText = new Map<string, number>();
      entries.forEach((e, j) => {
        for (const id of e.ids) {
          const list = holders.get(id);
          if (list) list.push(j);
          else holders.set(id, [j]);
        }
        if (!firstText.has(e.lower)) firstText.set(e.lower, j);
      });
      const star = entries.findIndex((e) => e.all);
      const idSets = new Map<number, Set<string>>();
      const idSet = (j: number) => {
        let set = idSets.get(j);
        if (!set) {
          set = new Set((entries[j] as (typeof entries)[number]).ids);
          idSets.set(j, set);
        }
        return set;
      };

      entries.forEach((entry, i) => {
        const text = entry.at.value;
        if ((firstText.get(entry.lower) as number) < i) {
          context.report({ messageId: 'repeated', data: { action: text }, at: entry.at, suggestion: { messageId: 'drop', data: { action: text } }, fix: fix(entry.at) });
          return;
        }
        if (entry.all || entry.ids.length === 0) return;
        let by = star >= 0 ? entries[star] : undefined;
        if (!by) {
          // Covered by another entry whose actions include all of this one's; of two equal sets, the later one is redundant.
          const candidates = holders.get(entry.ids[0] as string) ?? [];
          const found = candidates.find((j) => {
            const other = entries[j] as (typeof entries)[number];
            if (j === i || other.lower === entry.lower) return false;
            if (other.ids.length < entry.ids.length || (other.ids.length === entry.ids.length && j > i)) return false;
            const set = idSet(j);
            return entry.ids.every((id) => set.has(id));
          });
          by = found === undefined ? undefined : entries[found];
        }
        if (by) {
          context.report({
            messageId: 'covered',
            data: { action: text, by: by.at.value },
            at: entry.at,
            suggestion: { messageId: 'drop', data: { action: text } },
            fix: fix(entry.at),
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
