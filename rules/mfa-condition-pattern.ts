/**
 * mfa-condition-pattern: MFA conditions that pass or fail when the MFA keys are absent. Requests
 * signed with long-term access keys carry neither aws:MultiFactorAuthPresent nor
 * aws:MultiFactorAuthAge, so a condition has to say what happens then.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
 */
import { defineRule } from '../src/engine/rule.js';
import { conditionsOn } from '../src/policy/conditions.js';
import type { PrincipalBlock, Statement, ValueList } from '../src/policy/model.js';
import { effectOf, statementLabel } from '../src/policy/queries.js';
import { POLICY_KINDS } from '../src/types.js';

type MessageId = 'denyBoolFalse' | 'allowIfExistsTrue' | 'allowNull' | 'denyAgeNoIfExists' | 'allowAgeIfExists';

const PRESENT = 'aws:MultiFactorAuthPresent';
const AGE = 'aws:MultiFactorAuthAge';

export default defineRule({
  meta: {
    id: 'mfa-condition-pattern',
    severity: 'warning',
    description: 'MFA conditions that do not do what they say when the request carries no MFA key (long-term access keys)',
    kinds: POLICY_KINDS,
    messages: {
      denyBoolFalse: 'Statement {{statement}} denies only when {{key}} is "false"; requests signed with long-term access keys have no such key, so the Deny does not apply to them',
      allowIfExistsTrue: 'Statement {{statement}} allows with {{operator}} {{key}} "true", which also passes when the key is absent (long-term access keys, no MFA)',
      allowNull: 'Statement {{statement}} allows with Null {{key}} "{{value}}", which tests only whether the key is present, not whether MFA was used',
      denyAgeNoIfExists: 'Statement {{statement}} denies on {{operator}} {{key}}, which is false when the key is absent (no MFA at all), so the Deny does not apply without MFA',
      allowAgeIfExists: 'Statement {{statement}} allows with {{operator}} {{key}}, which also passes when the key is absent (no MFA at all)',
      useBlock: 'Use {{block}}',
    },
  },
  create(context) {
    return {
      policy(policy) {
        for (const statement of policy.statements) {
          const effect = effectOf(statement);
          if (!effect) continue;
          for (const { operator, parts, entry } of conditionsOn(statement, [PRESENT, AGE])) {
            if (parts.qualifier) continue; // set operators on a single-valued key are another rule's finding
            const key = entry.key.value;
            const values = entry.values.map((v) => v.value.toLowerCase());
            const report = (messageId: MessageId, block: string, data: Record<string, string> = {}) =>
              context.report({ messageId, data: { statement: statementLabel(statement), key, operator, ...data }, at: entry.key, suggestion: { messageId: 'useBlock', data: { block } } });
            if (key.toLowerCase() === PRESENT.toLowerCase()) {
              if (effect === 'Deny' && parts.base === 'Bool' && !parts.ifExists && values.includes('false')) {
                if (absenceDeniedBySibling(policy.statements, statement, PRESENT)) continue;
                report('denyBoolFalse', `"BoolIfExists": {"${PRESENT}": "false"}`);
              } else if (effect === 'Allow' && parts.base === 'Bool' && parts.ifExists && values.includes('true')) {
                report('allowIfExistsTrue', `"Bool": {"${PRESENT}": "true"}`);
              } else if (effect === 'Allow' && parts.base === 'Null') {
                report('allowNull', `"Bool": {"${PRESENT}": "true"}`, { value: entry.values[0]?.value ?? '' });
              }
              continue;
            }
            const seconds = entry.values[0]?.value ?? '3600';
            if (effect === 'Deny' && /^NumericGreaterThan/.test(parts.base) && !parts.ifExists) {
              if (absenceDeniedBySibling(policy.statements, statement, AGE)) continue;
              report('denyAgeNoIfExists', `"${parts.base}IfExists": {"${AGE}": "${seconds}"}`);
            } else if (effect === 'Allow' && /^NumericLessThan/.test(parts.base) && parts.ifExists) {
              report('allowAgeIfExists', `"${parts.base}": {"${AGE}": "${seconds}"}`);
            }
          }
        }
      },
    };
  },
});

/**
 * A Deny that applies only when the key is present is complete when another Deny of the same
 * actions, resources and principals covers the key's absence (`"Null": {"KEY": "true"}` as its only
 * condition): the two statements together deny with and without the key.
 */
function absenceDeniedBySibling(statements: readonly Statement[], statement: Statement, key: string): boolean {
  return statements.some((other) => {
    if (other === statement || effectOf(other) !== 'Deny' || !sameScope(other, statement)) return false;
    // Its only condition: one operator with one key.
    if (other.condition?.operators.length !== 1 || other.condition.operators[0]?.keys.length !== 1) return false;
    const [use] = conditionsOn(other, [key]);
    return use !== undefined && use.parts.base === 'Null' && !use.parts.ifExists && use.entry.values.length > 0 && use.entry.values.every((v) => v.value.toLowerCase() === 'true');
  });
}

function sameScope(a: Statement, b: Statement): boolean {
  return (
    sameValues(a.action, b.action, true) &&
    sameValues(a.notAction, b.notAction, true) &&
    sameValues(a.resource, b.resource, false) &&
    sameValues(a.notResource, b.notResource, false) &&
    samePrincipals(a.principal, b.principal) &&
    samePrincipals(a.notPrincipal, b.notPrincipal)
  );
}

/** The same entries in any order; actions are compared as IAM matches them, without regard to case. */
function sameValues(a: ValueList | undefined, b: ValueList | undefined, caseless: boolean): boolean {
  const key = (list: ValueList | undefined) => (list ? list.values.map((v) => (caseless ? v.value.toLowerCase() : v.value)).sort().join('\n') : undefined);
  return key(a) === key(b);
}

function samePrincipals(a: PrincipalBlock | undefined, b: PrincipalBlock | undefined): boolean {
  const key = (block: PrincipalBlock | undefined) =>
    block && (block.wildcard ? '*' : block.entries.map((e) => `${e.type.value}=${e.values.map((v) => v.value).sort().join(',')}`).sort().join(';'));
  return key(a) === key(b);
}
