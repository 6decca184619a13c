/**
 * forallvalues-single-valued-key: ForAllValues:/ForAnyValue: compare a set of request values.
 * On a key that holds one value they add nothing but surprises: ForAllValues: is also true when the
 * key is absent, so an Allow passes requests that do not carry the key at all.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import { defineRule } from '../src/engine/rule.js';
import { holdsOneValue } from '../src/iam/condition-keys.js';
import { knownOperators, type OperatorParts } from '../src/policy/conditions.js';
import { effectOf as statementEffect } from '../src/policy/queries.js';
import { fittingOperator } from '../src/policy/operator-families.js';
import { POLICY_KINDS } from '../src/types.js';

export default defineRule({
  meta: {
    id: 'forallvalues-single-valued-key',
    severity: 'warning',
    description: 'ForAllValues: or ForAnyValue: used with a single-valued condition key',
    kinds: POLICY_KINDS,
    messages: {
      singleValued: '{{operator}} "{{key}}": the key holds a single value ({{type}}), so the set operator {{effect}}',
      usePlain: 'Use "{{plain}}"',
      useIfExists: 'Use "{{plain}}", which still holds when the key is absent, as the set operator did: without IfExists this Deny would skip requests without the key',
      usePlainWithNull: 'Use "{{plain}}" with "Null": {"{{key}}": "false"}: alone it would also hold when the key is absent, and this Allow would grant requests without the key',
    },
  },
  create(context) {
    return {
      policy(policy) {
        for (const statement of policy.statements) {
          for (const { op, operator, parts } of knownOperators(statement)) {
            if (!parts.qualifier || parts.base === 'Null') continue;
            const plain = operator.slice(parts.qualifier.length + 1);
            for (const entry of op.keys) {
              const key = entry.key.value;
              if (entry.key.intrinsic || key.includes('${')) continue;
              const type = holdsOneValue(key);
              if (!type) continue;
              context.report({
                messageId: 'singleValued',
                data: {
                  operator,
                  key,
                  type,
                  effect: effectOf(parts.qualifier, parts.negated || parts.ifExists, plain),
                },
                at: entry.key,
                suggestion: replacement(parts, key, plain, statementEffect(statement)),
              });
            }
          }
        }
      },
    };
  },
});

/**
 * The operator to write instead, keeping what the statement does with a request that lacks the key
 * where dropping the qualifier alone would loosen it: a Deny that covered such requests, or an
 * Allow that did not. Where plain is stricter (an Allow with ForAllValues:), plain is the fix.
 */
function replacement(parts: OperatorParts, key: string, plain: string, effect: 'Allow' | 'Deny' | undefined): { messageId: 'usePlain' | 'useIfExists' | 'usePlainWithNull'; data: Record<string, string> } {
  // The operator condition-type-mismatch would also ask for, when the plain one misfits the key's type.
  const fitting = fittingOperator(parts, key) ?? plain;
  const setWhenAbsent = parts.qualifier === 'ForAllValues';
  if (effect === 'Deny' && setWhenAbsent && !parts.negated && !parts.ifExists) return { messageId: 'useIfExists', data: { plain: `${fitting}IfExists` } };
  if (effect === 'Allow' && !setWhenAbsent && (parts.negated || parts.ifExists)) {
    const strict = fitting.replace(/IfExists$/, '');
    return parts.negated ? { messageId: 'usePlainWithNull', data: { plain: strict, key } } : { messageId: 'usePlain', data: { plain: strict } };
  }
  return { messageId: 'usePlain', data: { plain: fitting } };
}

/** What the qualifier changes: only the result for a request without the key (ForAllValues: true, ForAnyValue: false). */
function effectOf(qualifier: 'ForAllValues' | 'ForAnyValue', plainWhenAbsent: boolean, plain: string): string {
  const setWhenAbsent = qualifier === 'ForAllValues';
  return setWhenAbsent === plainWhenAbsent
    ? `adds nothing to ${plain}`
    : `is ${setWhenAbsent} when the key is absent, where ${plain} is ${plainWhenAbsent}`;
}
