/**
 * unknown-condition-key: a condition key that is neither global nor defined by the service its
 * prefix names. IAM accepts it, but the key is never in a request: the condition never matches
 * (or, under IfExists or a negated operator, never restricts).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import { defineRule } from '../src/engine/rule.js';
import { parseAction } from '../src/iam/actions.js';
import { isKnownKeyPrefix, keysWithPrefix, lookupConditionKey } from '../src/iam/condition-keys.js';
import { iamDataVersion, serviceKeys } from '../src/iam/data.js';
import { closest, editDistance } from '../src/iam/similar.js';
import type { Located, Statement } from '../src/policy/model.js';
import { listSome } from '../src/policy/queries.js';
import { POLICY_KINDS } from '../src/types.js';

/**
 * Keys AWS's own policies use that the global list no longer names: `aws:PrincipalOrgMasterAccountId`
 * (the organization's management account, in AWSSSOServiceRolePolicy) still evaluates.
 */
const LEGACY_KEYS = new Set(['aws:principalorgmasteraccountid']);
/**
 * AWS IoT Core policies (the device policies IoT attaches to certificates) test its policy variables
 * as condition keys: `"Bool": {"iot:Connection.Thing.IsAttached": "true"}`. The IAM data, which covers
 * IAM policies only, lists none of them.
 * https://docs.aws.amazon.com/iot/latest/developerguide/iot-policy-variables.html
 */
const IOT_POLICY_KEYS = /^iot:(ClientId|Domain|Connection\.Thing\.|Certificate\.)/i;

// The variable part of a documented key name: `${TagKey}`, `<key>`, or the global list's `tag-key`.
const VARIABLE = /\$\{[^}]*\}|<[^>]*>|(?<=\/)tag-key$/;

export default defineRule({
  meta: {
    id: 'unknown-condition-key',
    severity: 'error',
    description: 'A condition key that is neither global nor defined by the service of its prefix',
    kinds: POLICY_KINDS,
    messages: {
      unknownKey: 'Unknown condition key "{{key}}": neither a global key nor a key of "{{prefix}}" (IAM data of {{date}})',
      unknownPrefix: 'Unknown condition key prefix "{{prefix}}" in "{{key}}": no service defines it in the IAM data of {{date}}',
      noPrefix: 'Condition key "{{key}}" has no prefix: keys are written prefix:name',
      didYouMean: 'Did you mean {{candidates}}?',
      listKeys: '"{{prefix}}" defines {{keys}}; a key newer than the IAM data is reported too',
      noKeys: '"{{prefix}}" defines no condition keys of its own; use a global key such as "aws:ResourceTag/${TagKey}" or "aws:RequestTag/${TagKey}" where its actions support tags; a key newer than the IAM data is reported too',
      statementServices: 'Use a global aws: key or a key of {{services}}, the services this statement acts on',
      checkPrefix: 'Check the prefix in the Service Authorization Reference; keys are written service:name, e.g. "s3:prefix" or "aws:SourceIp"',
    },
  },
  create(context) {
    const { date } = iamDataVersion();

    function check(statement: Statement, located: Located<string>): void {
      const key = located.value;
      if (located.intrinsic || key.includes('${')) return;
      const colon = key.indexOf(':');
      if (colon <= 0) {
        const near = nearestKeys(`aws:${key}`, keysWithPrefix('aws'));
        context.report({ messageId: 'noPrefix', data: { key }, at: located, suggestion: near.length > 0 ? didYouMean(near) : { messageId: 'checkPrefix' } });
        return;
      }
      const prefix = key.slice(0, colon);
      // OIDC and SAML providers name keys after their URL (`token.actions.githubusercontent.com:sub`,
      // `oidc.eks.us-east-1.amazonaws.com/id/X:sub`): the IAM data lists only a few of them, and `<provider>` is a template placeholder.
      if (/[./<>{}]/.test(prefix)) return;
      if (lookupConditionKey(key) || LEGACY_KEYS.has(key.toLowerCase()) || IOT_POLICY_KEYS.test(key)) return;
      if (isKnownKeyPrefix(prefix)) {
        const defined = keysWithPrefix(prefix);
        const near = nearestKeys(key, defined);
        context.report({
          messageId: 'unknownKey',
          data: { key, prefix, date },
          at: located,
          suggestion: near.length > 0
            ? didYouMean(near)
            : defined.length > 0
              ? { messageId: 'listKeys', data: { prefix, keys: listSome(defined.map((k) => `"${k}"`), 4) } }
              : { messageId: 'noKeys', data: { prefix } },
        });
        return;
      }
      const services = actionServices(statement);
      // A service the IAM data lacks altogether: unknown-action reports its actions once, a finding per key adds nothing.
      if (services.unknown.has(prefix.toLowerCase())) return;
      const nearPrefixes = closest(prefix, [...serviceKeys()].filter(isKnownKeyPrefix));
      const near = nearPrefixes.flatMap((p) => nearestKeys(`${p}:${key.slice(colon + 1)}`, keysWithPrefix(p), 1));
      context.report({
        messageId: 'unknownPrefix',
        data: { key, prefix, date },
        at: located,
        suggestion:
          near.length > 0
            ? didYouMean(near)
            : services.known.length > 0
              ? { messageId: 'statementServices', data: { services: listSome(services.known.map((s) => `"${s}:"`), 4) } }
              : { messageId: 'checkPrefix' },
      });
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) {
          for (const op of statement.condition?.operators ?? []) for (const entry of op.keys) check(statement, entry.key);
        }
      },
    };
  },
});

function didYouMean(near: string[]) {
  return { messageId: 'didYouMean', data: { candidates: near.map((k) => `"${k}"`).join(' or ') } } as const;
}

/**
 * The documented keys nearest to `key`. A key with a variable part is compared, and shown, with the
 * user's own tail: `s3:ExistingObjecTag/env` → `s3:ExistingObjectTag/env`.
 */
function nearestKeys(key: string, candidates: string[], limit = 3): string[] {
  const forms = new Map<string, string>();
  for (const c of candidates) forms.set(instantiate(c, key), c);
  const near = closest(key, forms.keys(), limit);
  // Only the nearest: `aws:SourceIpp` means `aws:SourceIp`, not also `aws:SourceVpc`.
  const distance = (c: string) => editDistance(key.toLowerCase(), c.toLowerCase(), 3);
  const best = Math.min(...near.map(distance));
  return near.filter((c) => distance(c) === best);
}

function instantiate(candidate: string, key: string): string {
  const m = VARIABLE.exec(candidate);
  if (!m) return candidate;
  const head = candidate.slice(0, m.index);
  const sep = head.at(-1);
  const body = key.slice(key.indexOf(':') + 1);
  const at = sep === '/' || sep === ':' ? body.indexOf(sep) : -1;
  return at >= 0 && at < body.length - 1 ? `${head}${body.slice(at + 1)}` : candidate;
}

/** The statement's action prefixes, split into those the IAM data knows and those it does not. */
function actionServices(statement: Statement): { known: string[]; unknown: Set<string> } {
  const known = new Set<string>();
  const unknown = new Set<string>();
  for (const a of [...(statement.action?.values ?? []), ...(statement.notAction?.values ?? [])]) {
    const service = parseAction(a.value)?.service.toLowerCase();
    if (!service || service.includes('*') || service.includes('?')) continue;
    (serviceKeys().has(service) ? known : unknown).add(service);
  }
  return { known: [...known].filter(isKnownKeyPrefix), unknown };
}
