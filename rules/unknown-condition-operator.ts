/**
 * unknown-condition-operator: a Condition operator that is not in the IAM grammar (including the
 * `ForAllValues:`/`ForAnyValue:` qualifiers and the `IfExists` suffix). IAM rejects the policy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { defineRule } from '../src/engine/rule.js';
import { closest, editDistance } from '../src/iam/similar.js';
import { parseOperator } from '../src/policy/conditions.js';
import { ALL_OPERATORS, isKnownOperator } from '../src/policy/operators.js';
import { POLICY_KINDS } from '../src/types.js';

export default defineRule({
  meta: {
    id: 'unknown-condition-operator',
    severity: 'error',
    description: 'A Condition operator that is not in the IAM grammar',
    kinds: POLICY_KINDS,
    messages: {
      unknown: 'Unknown condition operator "{{operator}}"',
      didYouMean: 'Did you mean {{candidates}}?',
      listOperators: 'Use an operator of the IAM grammar, such as StringEquals, ArnLike, NumericLessThan, Bool or IpAddress',
    },
  },
  create(context) {
    return {
      policy(policy) {
        for (const statement of policy.statements) {
          for (const op of statement.condition?.operators ?? []) {
            const operator = op.operator.value;
            // `test = var.condition_test`: unknown until deploy time, not wrong.
            if (isKnownOperator(operator) || parseOperator(operator).placeholder) continue;
            const near = nearest(operator).map((c) => `"${c}"`);
            context.report({
              messageId: 'unknown',
              data: { operator },
              at: op.operator,
              suggestion: near.length > 0 ? { messageId: 'didYouMean', data: { candidates: near.join(' or ') } } : { messageId: 'listOperators' },
            });
          }
        }
      },
    };
  },
});

/**
 * The operators nearest to the misspelt one, ties only: `ForAnyValues:StringLike` is one edit from
 * `ForAnyValue:StringLike` and two from `ForAllValues:StringLike`, which tests something else.
 */
function nearest(operator: string): string[] {
  const near = closest(operator, ALL_OPERATORS);
  const distance = (c: string) => editDistance(operator.toLowerCase(), c.toLowerCase(), Number.MAX_SAFE_INTEGER);
  const best = Math.min(...near.map(distance));
  return near.filter((c) => distance(c) === best);
}
