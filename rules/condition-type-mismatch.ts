/**
 * condition-type-mismatch: a condition operator whose family does not fit the key's type in the IAM
 * data (a Bool key under StringEquals, StringLike on an ARN key, a Date operator on a Numeric key),
 * a value the operator cannot read ("yes" under Bool, "1h" under NumericLessThan), a `*` pattern
 * under StringEquals, which compares it literally, and `NullIfExists` (always true with "false").
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import { defineRule } from '../src/engine/rule.js';
import { lookupConditionKey } from '../src/iam/condition-keys.js';
import { knownOperators, type OperatorParts } from '../src/policy/conditions.js';
import type { Located } from '../src/policy/model.js';
import { type Family, TYPE_NAME, familyOf, familyOfType, fits, operatorFor, singleValueParts, spellOperator } from '../src/policy/operator-families.js';
import { effectOf } from '../src/policy/queries.js';
import { POLICY_KINDS } from '../src/types.js';

const NUMBER = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:([0-5]\d|60)(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?)?$/;

function validIp(value: string): boolean {
  const [addr = '', prefix, ...rest] = value.split('/');
  if (rest.length > 0) return false;
  // node:net is loaded here, not at start-up: importing it costs a small run ~3 ms, and few policies hold IP conditions.
  const { isIPv4, isIPv6 } = process.getBuiltinModule('node:net');
  const v4 = isIPv4(addr);
  if (!v4 && !isIPv6(addr)) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (v4 ? 32 : 128);
}

function validValue(family: Family, value: string): boolean {
  switch (family) {
    case 'Bool': return /^(true|false)$/i.test(value);
    case 'Numeric': return NUMBER.test(value);
    case 'Date': return ISO_DATE.test(value) || /^\d+$/.test(value);
    case 'Ip': return validIp(value);
    default: return true;
  }
}

function fromVariable(v: Located): boolean {
  return v.intrinsic !== undefined || v.value.includes('${');
}

/**
 * An IAM policy variable (`${aws:VpcSourceIp}`, `${saml:sub}`): a condition key in `${...}`. A
 * template's placeholder (`${self:custom.cidrs}`, `${env:EXPIRY}`, an intrinsic) is none.
 */
function policyVariable(v: Located): boolean {
  if (v.intrinsic !== undefined) return false;
  for (const m of v.value.matchAll(/\$\{([^}]+)\}/g)) {
    const name = m[1] as string;
    if (lookupConditionKey(name) || ISSUER_CLAIM.test(name) || name.toLowerCase().startsWith('saml:')) return true;
  }
  return false;
}

/** The value is one variable naming an IP address key (`${aws:VpcSourceIp}`), which holds one address, not a range. */
function addressVariable(text: string): boolean {
  const name = /^\$\{([^}]+)\}$/.exec(text)?.[1];
  return name !== undefined && familyOfType(lookupConditionKey(name)?.type ?? '') === 'Ip';
}

/** A web identity provider's claim (`${cognito-identity.amazonaws.com:sub}`): a host name, not `${file(./x.yml):key}`. */
const ISSUER_CLAIM = /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[\w.-]+)*:[\w-]+$/i;

/**
 * "You can use policy variables in the Condition element in any condition that involves the string
 * operators or the ARN operators" (IAM User Guide, policy variables): with a variable, a String
 * operator on an IP or numeric key is the only way to write the test (AWS's aws:Ec2InstanceSourcePrivateIPv4 example).
 */
const VARIABLE_FAMILIES = new Set<Family>(['String', 'Arn']);

export default defineRule({
  meta: {
    id: 'condition-type-mismatch',
    severity: 'warning',
    description: 'A condition operator that does not fit the key\'s type or its values, a "*" under StringEquals, or NullIfExists',
    kinds: POLICY_KINDS,
    messages: {
      typeMismatch: '{{operator}} is {{family}} operator, but "{{key}}" is {{type}} key',
      likeOnArn: '{{operator}} compares "{{key}}" as a string, but it is an ARN key: use the ARN operators, which match ARNs part by part',
      badValue: '"{{value}}" is not {{expected}}, so {{operator}} "{{key}}" never matches it',
      badNegatedValue: '"{{value}}" is not {{expected}}, so no request value matches it and {{operator}} "{{key}}" holds for every value it was meant to exclude',
      literalWildcard: '{{operator}} compares "{{value}}" literally: "*" is a wildcard only in the Like operators',
      nameValues: 'Write the values "{{key}}" must have; to test only that the key is present, use "Null": {"{{key}}": "false"}',
      nameClaimValues: 'Write the values "{{key}}" must have',
      nullIfExists: 'IfExists does not combine with Null, which itself tests whether the key is present: NullIfExists "false" is always true',
      variableOperator: '{{operator}} cannot take the policy variable "{{value}}": IAM accepts policy variables only with the String and ARN operators',
      useOperator: 'Use "{{suggested}}"',
      useBool: 'Use "{{suggested}}": {"{{key}}": "{{value}}"}',
      writeBool: 'Write "true" or "false"',
      writeNumber: 'Write a number, such as "{{example}}"',
      writeDate: 'Write an ISO 8601 date or seconds since the epoch, such as "{{example}}"',
      writeIp: 'Write an IPv4 or IPv6 address or CIDR range, such as "{{example}}"',
      useNull: 'Use "Null" without IfExists',
      writeLiteral: 'Write the values out: a String operator, the only kind that takes a variable, compares text for equality and cannot test a range or an order',
    },
  },
  create(context) {
    return {
      policy(policy) {
        for (const statement of policy.statements) {
          const effect = effectOf(statement);
          for (const { op, operator, parts } of knownOperators(statement)) {
            const family = familyOf(parts.base);
            if (family === 'Null') {
              if (parts.ifExists) context.report({ messageId: 'nullIfExists', at: op.operator, suggestion: { messageId: 'useNull' } });
              continue;
            }
            for (const entry of op.keys) {
              const key = entry.key.value;
              // Unknown keys are unknown-condition-key's to report, and a misspelt key says nothing of its type.
              if (entry.key.intrinsic || key.includes('${')) continue;
              const info = lookupConditionKey(key);
              const keyFamily = info && familyOfType(info.type);
              if (!keyFamily) {
                // An identity provider's claim (token.actions.githubusercontent.com:sub) is in no IAM data, yet
                // is a string: a non-Like String operator compares a "*" in it literally.
                const literal = ISSUER_CLAIM.test(key) ? entry.values.find((v) => !fromVariable(v) && isLiteralPattern(parts, key, v.value)) : undefined;
                if (literal) reportLiteral(literal, operator, parts, key, effect, 'String');
                continue;
              }
              if (!fits(family, keyFamily, parts, key)) {
                const onlyWay = VARIABLE_FAMILIES.has(family) && !VARIABLE_FAMILIES.has(keyFamily) && entry.values.every(policyVariable);
                if (!onlyWay) reportMismatch(entry.key, operator, singleValueParts(parts, key, effect), parts, family, keyFamily, entry.values);
                continue;
              }
              for (const value of entry.values) {
                if (policyVariable(value) && !VARIABLE_FAMILIES.has(family)) {
                  // A String operator tests equality only: it stands in for an equality test, not for a range or an ordering.
                  // An IP variable naming an address key (`${aws:VpcSourceIp}`) compares as text; a tag may hold a range.
                  const equality = family === 'Bool' || ((family === 'Numeric' || family === 'Date') && /Equals$/.test(parts.base)) || (family === 'Ip' && addressVariable(value.value));
                  const suggestion = equality ? { messageId: 'useOperator' as const, data: { suggested: operatorFor('String', singleValueParts(parts, key, effect)) } } : { messageId: 'writeLiteral' as const };
                  context.report({ messageId: 'variableOperator', data: { operator, value: value.value }, at: value, suggestion });
                  break;
                }
                if (fromVariable(value)) continue;
                if (!validValue(family, value.value)) {
                  reportValue(value, operator, key, family, parts.negated);
                  break;
                }
                if (isLiteralPattern(parts, key, value.value)) {
                  reportLiteral(value, operator, parts, key, effect, keyFamily);
                  break;
                }
              }
            }
          }
        }
      },
    };

    function reportLiteral(value: Located, operator: string, parts: OperatorParts, key: string, effect: ReturnType<typeof effectOf>, keyFamily: Family): void {
      context.report({
        messageId: 'literalWildcard',
        data: { operator, value: value.value },
        at: value,
        // A lone `*` under Like would match any value: name the values instead (a Null test checks presence).
        // A claim tested only for presence would admit every identity of its provider: no Null alternative there.
        suggestion:
          value.value === '*'
            ? { messageId: ISSUER_CLAIM.test(key) ? 'nameClaimValues' : 'nameValues', data: { key } }
            : { messageId: 'useOperator', data: { suggested: likeFor(singleValueParts(parts, key, effect), keyFamily) } },
      });
    }

    // `plain`: the operator's parts as the suggestion writes them (singleValueParts), so forallvalues-single-valued-key agrees.
    function reportMismatch(at: Located, operator: string, plain: OperatorParts, parts: OperatorParts, family: Family, keyFamily: Family, values: Located[]): void {
      const suggested = operatorFor(keyFamily, plain);
      const data = { operator, key: at.value, family: TYPE_NAME[family], type: TYPE_NAME[keyFamily], suggested };
      if (family === 'String' && keyFamily === 'Arn') {
        context.report({ messageId: 'likeOnArn', data, at, suggestion: { messageId: 'useOperator', data } });
        return;
      }
      // A negated operator holds when the key differs or is absent: BoolIfExists with the other value says the same.
      const single = new Set(values.map((v) => v.value.toLowerCase()));
      const [only] = single;
      if (keyFamily === 'Bool' && parts.negated && single.size === 1 && (only === 'true' || only === 'false')) {
        const bool = spellOperator({ qualifier: plain.qualifier, base: 'Bool', ifExists: true });
        context.report({ messageId: 'typeMismatch', data, at, suggestion: { messageId: 'useBool', data: { suggested: bool, key: at.value, value: only === 'true' ? 'false' : 'true' } } });
        return;
      }
      context.report({ messageId: 'typeMismatch', data, at, suggestion: { messageId: 'useOperator', data } });
    }

    function reportValue(value: Located, operator: string, key: string, family: Family, negated: boolean): void {
      const expected = { Bool: '"true" or "false"', Numeric: 'a number', Date: 'a date', Ip: 'an IP address or CIDR range' }[family as 'Bool'];
      const data = { value: value.value, operator, key, expected };
      // NotIpAddress and the other negated operators hold when nothing matches: a value that matches
      // nothing takes nothing out, the opposite of "never matches".
      const messageId = negated ? 'badNegatedValue' : 'badValue';
      if (family === 'Bool') context.report({ messageId, data, at: value, suggestion: { messageId: 'writeBool' } });
      else if (family === 'Numeric') context.report({ messageId, data, at: value, suggestion: { messageId: 'writeNumber', data: { example: numberIn(value.value) } } });
      else if (family === 'Date') context.report({ messageId, data, at: value, suggestion: { messageId: 'writeDate', data: { example: dateFor(value.value) } } });
      else context.report({ messageId, data, at: value, suggestion: { messageId: 'writeIp', data: { example: value.value.includes(':') ? '2001:db8::/32' : '203.0.113.0/24' } } });
    }
  },
});

/** Keys whose value is literally `*` in real requests: `lambda:Principal` of a public permission. */
const LITERAL_STAR_KEYS = new Set(['lambda:principal']);

/**
 * A value with a `*` under a non-Like String operator, which compares it literally: a lone `*` too
 * (`"aws:PrincipalOrgID": "*"` under StringEquals matches no request), except on a key whose value
 * can be `*` itself. `?` is too common in literal text (URLs) to count.
 */
function isLiteralPattern(parts: OperatorParts, key: string, value: string): boolean {
  if (!parts.base.startsWith('String') || parts.base.endsWith('Like') || !value.includes('*')) return false;
  return value !== '*' || !LITERAL_STAR_KEYS.has(key.toLowerCase());
}

function likeFor(parts: OperatorParts, keyFamily: Family): string {
  return spellOperator({ ...parts, base: `${keyFamily === 'Arn' ? 'Arn' : 'String'}${parts.negated ? 'Not' : ''}Like` });
}

function numberIn(value: string): string {
  return /-?\d+(\.\d+)?/.exec(value)?.[0] ?? '3600';
}

/** The date the value names when JavaScript can read it (`2025/01/31`), in ISO 8601; else an example. */
function dateFor(value: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) return '2025-01-31T00:00:00Z';
  // Date.parse reads such text as local time: keep the fields as written.
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}Z`;
}
