/**
 * redundant-action: an Action entry that another entry of the same statement already covers
 * (listed twice, or matched by a wildcard such as `s3:Get*`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-redundant-action
 */
import { defineRule } from '../src/engine/rule.js';
import { expandAction } from '../src/iam/actions.js';
import type { Located } from '../src/policy/model.js';
import { POLICY_KINDS } from '../src/types.js';

export default defineRule({
  meta: {
    id: 'redundant-action',
    severity: 'info',
    description: 'An action repeated, or already covered by a wildcard, in the same statement',
    kinds: POLICY_KINDS,
    messages: {
      repeated: '"{{action}}" is listed twice in this statement',
      covered: '"{{action}}" is already covered by "{{by}}" in this statement',
      drop: 'Drop "{{action}}"',
    },
  },
  create(context) {
    function check(values: Located[]): void {
      const entries = values
        .filter((v) => !v.intrinsic && !v.value.includes('${'))
        .map((v) => ({ at: v, ids: new Set((v.value === '*' ? [] : expandAction(v.value)).map((a) => a.id)), all: v.value === '*' }));
      entries.forEach((entry, i) => {
        const text = entry.at.value;
        const twin = entries.findIndex((other, j) => j < i && other.at.value.toLowerCase() === text.toLowerCase());
        if (twin >= 0) {
          context.report({ messageId: 'repeated', data: { action: text }, at: entry.at, suggestion: { messageId: 'drop', data: { action: text } } });
          return;
        }
        if (entry.all || entry.ids.size === 0) return;
        // Covered by another entry whose actions include all of this one's; of two equal sets, the later one is redundant.
        const by = entries.find((other, j) => {
          if (j === i || other.at.value.toLowerCase() === text.toLowerCase()) return false;
          if (other.all) return true;
          if (other.ids.size < entry.ids.size || (other.ids.size === entry.ids.size && j > i)) return false;
          for (const id of entry.ids) if (!other.ids.has(id)) return false;
          return true;
        });
        if (by) context.report({ messageId: 'covered', data: { action: text, by: by.at.value }, at: entry.at, suggestion: { messageId: 'drop', data: { action: text } } });
      });
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) {
          if (statement.action) check(statement.action.values);
          if (statement.notAction) check(statement.notAction.values);
        }
      },
    };
  },
});
