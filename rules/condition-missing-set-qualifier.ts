/**
 * condition-missing-set-qualifier: a multivalued condition key (an `ArrayOf…` type in the IAM
 * data: aws:TagKeys, aws:CalledVia, events:detail-type) tested without ForAllValues:/ForAnyValue:.
 * AWS requires a set operator for such keys, and Access Analyzer reports MISSING_QUALIFIER.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import { defineRule } from '../src/engine/rule.js';
import { lookupConditionKey } from '../src/iam/condition-keys.js';
import { knownOperators } from '../src/policy/conditions.js';
import { effectOf } from '../src/policy/queries.js';
import { POLICY_KINDS } from '../src/types.js';

export default defineRule({
  meta: {
    id: 'condition-missing-set-qualifier',
    severity: 'warning',
    description: 'A multivalued condition key used without ForAllValues: or ForAnyValue:',
    kinds: POLICY_KINDS,
    messages: {
      missing: '{{operator}} "{{key}}": the key can hold several values in one request ({{type}}), so it needs ForAllValues: or ForAnyValue:',
      qualifyPositive: 'Use "ForAnyValue:{{operator}}" (true when any of the request\'s values matches) or "ForAllValues:{{operator}}"{{guard}} (true when every one does{{absent}})',
      qualifyNegated: 'Use "ForAllValues:{{operator}}"{{guard}} (true when none of the request\'s values matches{{absent}})',
      qualifyDeny: 'Use "ForAnyValue:{{operator}}": the Deny then applies when any of the request\'s values matches (ForAllValues: would let through a request whose values are mixed)',
      qualifyDenyNegated: 'Use "ForAnyValue:{{operator}}" (the Deny applies when any of the request\'s values is outside the list, as for tag keys outside an allowed set) or "ForAllValues:{{operator}}" (when none of them is in it, or the key is absent, as for a call chain that must include a service)',
    },
  },
  create(context) {
    return {
      policy(policy) {
        for (const statement of policy.statements) {
          for (const { op, operator, parts } of knownOperators(statement)) {
            // Null tests presence, which has no per-value form, and never takes a qualifier.
            if (parts.qualifier || parts.base === 'Null') continue;
            for (const entry of op.keys) {
              const key = entry.key.value;
              if (entry.key.intrinsic || key.includes('${')) continue;
              const info = lookupConditionKey(key);
              if (!info?.multivalued) continue;
              context.report({
                messageId: 'missing',
                data: { operator, key, type: info.type },
                at: entry.key,
                // A Deny on a value must catch a request if any one of its values matches: only ForAnyValue: does.
                // Negated, both qualifiers have their uses, which the suggestion tells apart.
                suggestion:
                  effectOf(statement) === 'Deny'
                    ? { messageId: parts.negated ? 'qualifyDenyNegated' : 'qualifyDeny', data: { operator } }
                    : { messageId: parts.negated ? 'qualifyNegated' : 'qualifyPositive', data: { operator, ...allowGuard(key, parts.ifExists) } },
              });
            }
          }
        }
      },
    };
  },
});

/**
 * In an Allow, ForAllValues: is also true when the key is absent (forallvalues-allow-without-null-guard):
 * offered with the Null test that keeps such requests out, unless IfExists already lets them in.
 */
function allowGuard(key: string, ifExists: boolean): { guard: string; absent: string } {
  if (ifExists) return { guard: '', absent: ', or the key is absent' };
  return { guard: ` with "Null": {"${key}": "false"}`, absent: '; without the Null test also when the key is absent' };
}
