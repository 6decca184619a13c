/**
 * condition-key-mismatch: a condition key that the statement's actions never carry in their
 * request context. Under an operator that fails on a missing key, an Allow then grants none of
 * those actions, and a Deny never applies to them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-allow-with-unsupported-tag-condition-key-for-service
 */
import { defineRule } from '../src/engine/rule.js';
import { parseAction, serviceActions, type ActionInfo } from '../src/iam/actions.js';
import { actionConditionKeys, actionSupportsKey, isTagKey, lookupConditionKey } from '../src/iam/condition-keys.js';
import { isKnownService, rawActions, rawResourceTypes } from '../src/iam/data.js';
import { mainResourceType } from '../src/iam/resources.js';
import { closest } from '../src/iam/similar.js';
import { parseOperator } from '../src/policy/conditions.js';
import { grantedActions } from '../src/policy/granted.js';
import type { ConditionKeyEntry } from '../src/policy/model.js';
import { effectOf, isEveryResource, listSome } from '../src/policy/queries.js';
import { POLICY_KINDS } from '../src/types.js';
import { BoundedMap } from '../src/util/bounded-map.js';

/**
 * Keys a service sets on every request signed with the credentials it issues, whatever the action:
 * the IAM data lists them under that service's own actions only.
 */
const CREDENTIAL_KEYS = new Set(['ec2:sourceinstancearn', 'ec2:roledelivery', 'glue:roleassumedby', 'glue:credentialissuingservice', 'lambda:sourcefunctionarn', 'ssm:sourceinstancearn']);

/**
 * A SAML session's keys (`saml:sub`, `saml:sub_type`) stay in the context of every request made with
 * its credentials: AWS's SAML guide scopes a role's S3 permissions with them. The IAM data lists them
 * under sts:AssumeRoleWithSAML only. (Web identity claims, `<provider>:sub`, are not judged at all.)
 */
function sessionKey(lowerKey: string): boolean {
  return lowerKey.startsWith('saml:');
}

type Suggestion = { messageId: 'split' | 'splitScoped' | 'useKey' | 'moveKey' | 'removeKey' | 'scopeFirst' | 'noScope'; data: Record<string, string> };

// Strong maps: actions live for the whole run, and large WeakMaps slow every GC.
const supportCache = new Map<string, Map<ActionInfo, boolean>>();
// Statements list hundreds of actions, and the same keys recur across a policy's statements.
function supports(action: ActionInfo, lowerKey: string): boolean {
  let byAction = supportCache.get(lowerKey);
  if (!byAction) {
    byAction = new Map();
    supportCache.set(lowerKey, byAction);
  }
  let found = byAction.get(action);
  if (found === undefined) {
    found = actionSupportsKey(action, lowerKey);
    byAction.set(action, found);
  }
  return found;
}

const associated = new Map<string, Set<string>>();
/**
 * Whether any action of the key's service lists the key. A key its service defines but no action
 * lists (`iottwinmaker:linkedServices`) is a gap in the data, not proof that no action carries it.
 */
function associatedWithAnAction(prefix: string, lowerKey: string): boolean {
  if (!isKnownService(prefix)) return true;
  let keys = associated.get(prefix);
  if (!keys) {
    keys = serviceActionKeys(prefix);
    associated.set(prefix, keys);
  }
  const name = lookupConditionKey(lowerKey)?.name.toLowerCase();
  return name === undefined || keys.has(name);
}

/**
 * The union of actionConditionKeys over the service's actions, lower case, read from the stored
 * records: the actions' own keys, their resource type references' keys, and the referenced types' keys.
 */
function serviceActionKeys(service: string): Set<string> {
  const keys = new Set<string>();
  const types = rawResourceTypes(service) ?? {};
  const referenced = new Set<string>();
  for (const raw of rawActions(service)) {
    for (const k of raw.conditionKeys) keys.add(k.toLowerCase());
    for (const ref of raw.resourceTypes) {
      for (const k of ref.conditionKeys) keys.add(k.toLowerCase());
      referenced.add(ref.name.toLowerCase());
    }
  }
  for (const name of referenced) for (const k of types[name]?.conditionKeys ?? []) keys.add(k.toLowerCase());
  return keys;
}

// Whether a key as written can be judged at all: the answer depends on the key alone, and policies repeat keys.
const judgedKeys = new BoundedMap<string, boolean>(2_000);
function judgedKey(key: string, prefix: string, lower: string): boolean {
  let found = judgedKeys.get(key);
  if (found === undefined) {
    found = prefix === 'aws' ? isTagKey(lower) : lookupConditionKey(key) !== undefined && associatedWithAnAction(prefix, lower);
    judgedKeys.set(key, found);
  }
  return found;
}

export default defineRule({
  meta: {
    id: 'condition-key-mismatch',
    severity: 'warning',
    description: 'A condition key that none of the statement\'s actions supports',
    kinds: POLICY_KINDS,
    messages: {
      allowNever: '"{{key}}" is never in the request context of {{actions}}, so this Allow does not grant {{them}}',
      denyNever: '"{{key}}" is never in the request context of {{actions}}, so this Deny never applies to {{them}}',
      split: 'Split the statement: keep "{{key}}" with {{supported}}, and move {{unsupported}} to a statement without it',
      splitScoped:
        'Split the statement: keep "{{key}}" with {{supported}}. Without it {{scopable}} would be granted on every resource: move {{them}} to a statement that names the resources ({{formats}}){{rest}}',
      useKey: 'Did you mean {{candidates}}, which these actions support? Otherwise remove "{{key}}" from this statement',
      moveKey: 'Remove "{{key}}" from this statement; it applies to {{keyActions}}',
      removeKey: 'Remove "{{key}}" from this statement, or move {{actions}} to one without it',
      scopeFirst: '{{appliesTo}}Without "{{key}}" this statement would grant {{actions}} on every resource: name the resources in Resource ({{formats}}), then remove "{{key}}"',
      noScope: '{{appliesTo}}{{actions}} cannot be limited by Resource either: remove "{{key}}" only if granting {{them}} everywhere is intended',
    },
  },
  create(context) {
    function check(effect: 'Allow' | 'Deny', everywhere: boolean, actionsOf: () => readonly ActionInfo[], operator: string, entry: ConditionKeyEntry): void {
      const key = entry.key.value;
      const lower = key.toLowerCase();
      if (entry.key.intrinsic || key.includes('${') || CREDENTIAL_KEYS.has(lower) || sessionKey(lower)) return;
      const prefix = lower.slice(0, lower.indexOf(':'));
      if (!judgedKey(key, prefix, lower)) return;
      if (!failsWhenAbsent(operator, entry)) return;
      const actions = actionsOf();
      if (actions.length === 0) return;
      const unsupported = actions.filter((a) => !supports(a, lower));
      if (unsupported.length === 0) return;
      const supported = actions.filter((a) => supports(a, lower));
      // A service key is fine when one of the actions carries it (the others need not); a tag key is
      // not: each action it does not reach is left out of the Allow, as Access Analyzer reports.
      if (prefix !== 'aws' && supported.length > 0) return;
      const ids = (list: ActionInfo[]) => listSome(list.map((a) => a.id), 4);
      context.report({
        messageId: effect === 'Allow' ? 'allowNever' : 'denyNever',
        data: { key, actions: ids(unsupported), them: unsupported.length === 1 ? 'it' : 'them' },
        at: entry.key,
        suggestion: scoped(effect === 'Allow' && everywhere, suggest(key, prefix, supported, unsupported, ids), unsupported, ids),
      });
    }

    /**
     * An Allow on every resource that grants nothing today: removing the key, as the other
     * suggestions say, would grant the actions everywhere, which the key was written to prevent.
     */
    function scoped(everywhere: boolean, removal: Suggestion, unsupported: ActionInfo[], ids: (l: ActionInfo[]) => string): Suggestion {
      if (!everywhere) return removal;
      if (removal.messageId === 'split') {
        // Actions that take no ARN need "*" anyway; the others would be granted on every resource.
        const scopable = unsupported.filter((a) => mainResourceType(a) !== undefined);
        if (scopable.length === 0) return removal;
        const rest = unsupported.filter((a) => !scopable.includes(a));
        const formats = [...new Set(scopable.map((a) => mainResourceType(a)?.arn as string))];
        return {
          messageId: 'splitScoped',
          data: { ...removal.data, scopable: ids(scopable), them: scopable.length === 1 ? 'it' : 'them', formats: listSome(formats, 3), rest: rest.length > 0 ? `, and ${ids(rest)} to one with Resource "*"` : '' },
        };
      }
      if (removal.messageId !== 'removeKey' && removal.messageId !== 'moveKey') return removal;
      const data = { ...removal.data, actions: ids(unsupported), them: unsupported.length === 1 ? 'it' : 'them', appliesTo: removal.data.keyActions ? `"${removal.data.key}" applies to ${removal.data.keyActions}. ` : '' };
      const formats = [...new Set(unsupported.map((a) => mainResourceType(a)?.arn).filter((f) => f !== undefined))];
      if (formats.length === 0) return { messageId: 'noScope', data };
      return { messageId: 'scopeFirst', data: { ...data, formats: listSome(formats, 3) } };
    }

    function suggest(key: string, prefix: string, supported: ActionInfo[], unsupported: ActionInfo[], ids: (l: ActionInfo[]) => string): Suggestion {
      if (supported.length > 0) return { messageId: 'split', data: { key, supported: ids(supported), unsupported: ids(unsupported) } };
      const own = new Set<string>();
      for (const a of unsupported) for (const k of actionConditionKeys(a)) if (!k.toLowerCase().startsWith('aws:')) own.add(k);
      const near = closest(key, own);
      if (near.length > 0) return { messageId: 'useKey', data: { key, candidates: near.map((k) => `"${k}"`).join(' or ') } };
      if (prefix !== 'aws' && isKnownService(prefix)) {
        const keyActions = serviceActions(prefix).filter((a) => supports(a, key.toLowerCase()));
        if (keyActions.length > 0) return { messageId: 'moveKey', data: { key, keyActions: ids(keyActions) } };
      }
      return { messageId: 'removeKey', data: { key, actions: ids(unsupported) } };
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) {
          const effect = effectOf(statement);
          const entries = statement.action?.values ?? [];
          if (!effect || !statement.condition || entries.length === 0) continue;
          // An unknown part (`*`, `*:Get*`, an intrinsic) can stand for any action, which might carry the key.
          if (entries.some((a) => a.intrinsic || a.value.includes('${') || a.value === '*' || parseAction(a.value)?.service.includes('*'))) continue;
          // Expanded only when a key gets that far: most keys (aws:SourceIp, aws:PrincipalOrgID) stop before.
          const actionsOf = () => grantedActions(statement).actions;
          const everywhere = statement.resource?.values.some(isEveryResource) ?? false;
          for (const op of statement.condition.operators) for (const entry of op.keys) check(effect, everywhere, actionsOf, op.operator.value, entry);
        }
      },
    };
  },
});

/**
 * Whether the condition is false when the key is missing: then an Allow grants nothing and a Deny
 * denies nothing. IfExists, negated operators, ForAllValues and `Null: true` pass instead.
 */
function failsWhenAbsent(operator: string, entry: ConditionKeyEntry): boolean {
  const parts = parseOperator(operator);
  // An operator known only at deploy time may be an IfExists or negated one.
  if (parts.placeholder) return false;
  if (parts.base === 'Null') return entry.values.length > 0 && entry.values.every((v) => !v.intrinsic && v.value.toLowerCase() === 'false');
  if (parts.ifExists || parts.qualifier === 'ForAllValues') return false;
  return parts.qualifier === 'ForAnyValue' || !parts.negated;
}
