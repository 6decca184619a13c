/**
 * condition-equivalent-to-null: a `StringLike` (or `ArnLike`) whose only value is `*` matches any
 * value, so it only tests that the key is present: `Null` says that plainly.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-equivalent-to-null-false
 */
import { defineRule } from '../src/engine/rule.js';
import { parseOperator } from '../src/policy/conditions.js';
import { POLICY_KINDS } from '../src/types.js';

const LIKE = new Set(['StringLike', 'ArnLike', 'ArnEquals']);

export default defineRule({
  meta: {
    id: 'condition-equivalent-to-null',
    severity: 'info',
    description: 'A StringLike or ArnLike condition whose only value is "*", which only tests that the key is present',
    kinds: POLICY_KINDS,
    messages: {
      presence: '{{operator}} "{{key}}": "*" only tests that the key is present',
      useNull: 'Write "Null": {"{{key}}": "false"}',
    },
  },
  create(context) {
    return {
      policy(policy) {
        for (const statement of policy.statements) {
          for (const op of statement.condition?.operators ?? []) {
            const parts = parseOperator(op.operator.value);
            // IfExists passes when the key is absent, and qualifiers change the meaning: neither is a presence test.
            if (!LIKE.has(parts.base) || parts.ifExists || parts.qualifier) continue;
            for (const entry of op.keys) {
              if (entry.values.length === 0 || !entry.values.every((v) => v.value === '*')) continue;
              context.report({
                messageId: 'presence',
                data: { operator: op.operator.value, key: entry.key.value },
                at: entry.key,
                suggestion: { messageId: 'useNull', data: { key: entry.key.value } },
              });
            }
          }
        }
      },
    };
  },
});
