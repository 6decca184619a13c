import type { ActionInfo } from './actions.js';
import { BoundedMap } from '../util/bounded-map.js';
import { globalConditionKeyDefs, isKnownService, rawAction, rawConditionKeys, rawResourceTypes, servicesDefiningKeys } from './data.js';

/** Types the IAM data gives condition keys. */
export type ConditionKeyType = 'String' | 'ARN' | 'Bool' | 'Numeric' | 'Date' | 'IPAddress' | 'Binary' | 'ArrayOfString' | 'ArrayOfARN' | 'ArrayOfBool' | string;

export interface ConditionKeyInfo {
  /** The key as the IAM data names it, variable part included: `aws:PrincipalTag/tag-key`, `s3:ExistingObjectTag/<key>`. */
  name: string;
  type: ConditionKeyType;
  global: boolean;
  /** The key can hold several values in one request (`aws:TagKeys`), so it needs a set qualifier. */
  multivalued: boolean;
}

interface KeyTable {
  exact: Map<string, ConditionKeyInfo>;
  /** Keys with a variable part, e.g. `aws:RequestTag/${TagKey}`, tested in order. */
  patterns: { re: RegExp; info: ConditionKeyInfo }[];
}

// The variable parts AWS's docs write in key names: `${TagKey}`, `<key>`, and the global list's `tag-key`.
const VARIABLE = /\$\{[^}]*\}|<[^>]*>|(?<=\/)tag-key$/;
const VARIABLES = new RegExp(VARIABLE.source, 'g');

function table(defs: Iterable<readonly [string, string]>, global: boolean): KeyTable {
  const t: KeyTable = { exact: new Map(), patterns: [] };
  for (const [name, type] of defs) {
    const info = { name, type, global, multivalued: type.startsWith('ArrayOf') };
    const lower = name.toLowerCase();
    if (!VARIABLE.test(name)) {
      t.exact.set(lower, info);
      continue;
    }
    t.patterns.push({ re: variableKeyPattern(name), info });
  }
  return t;
}

function variableKeyPattern(name: string): RegExp {
  const parts = name.split(VARIABLES).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`, 'i');
}

function find(t: KeyTable, lowerKey: string): ConditionKeyInfo | undefined {
  return t.exact.get(lowerKey) ?? t.patterns.find((p) => p.re.test(lowerKey))?.info;
}

let globals: KeyTable | undefined;
function globalTable(): KeyTable {
  globals ??= table(globalConditionKeyDefs(), true);
  return globals;
}

const serviceTables = new Map<string, KeyTable>();
function serviceTable(service: string): KeyTable {
  let t = serviceTables.get(service);
  if (!t) {
    t = table(
      Object.values(rawConditionKeys(service) ?? {}).map((k) => [k.key, k.type] as const),
      false,
    );
    serviceTables.set(service, t);
  }
  return t;
}

/**
 * A condition key as the IAM data defines it, matched case-insensitively and with its variable part
 * (`aws:PrincipalTag/team`, `s3:ExistingObjectTag/env`); undefined when neither a global key nor any
 * service defines it.
 */
export function lookupConditionKey(key: string): ConditionKeyInfo | undefined {
  let found = lookedUp.get(key);
  if (found === undefined) {
    found = lookupUncached(key) ?? null;
    lookedUp.set(key, found);
  }
  return found ?? undefined;
}

// Several rules look up every key of every condition, and policies repeat keys as written.
const lookedUp = new BoundedMap<string, ConditionKeyInfo | null>(5_000);

/**
 * Keys AWS documents that the IAM data does not define. cloudtrail:ExternalId: the external ID a
 * CloudTrail Lake channel's resource policy requires of cloudtrail-data:PutAuditEvents callers
 * (CloudTrail User Guide, security_iam_resource-based-policy-examples.html).
 */
const DOCUMENTED_KEYS: Record<string, ConditionKeyInfo> = {
  'cloudtrail:externalid': { name: 'cloudtrail:ExternalId', type: 'String', global: false, multivalued: false },
};

function lookupUncached(key: string): ConditionKeyInfo | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  const lower = key.toLowerCase();
  const documented = DOCUMENTED_KEYS[lower];
  if (documented) return documented;
  const prefix = lower.slice(0, colon);
  if (prefix === 'aws') {
    const g = find(globalTable(), lower);
    if (g) return g;
  }
  // Service-defined `aws:` keys (`aws:RequestTag/${TagKey}`) are also global; other prefixes name their service.
  for (const service of prefix === 'aws' ? [] : servicesDefiningKeys(prefix)) {
    const found = find(serviceTable(service), lower);
    if (found) return found;
  }
  return undefined;
}

/** Whether any service or the global list defines keys with this prefix (`s3`, `aws`, `token.actions.githubusercontent.com`). */
export function isKnownKeyPrefix(prefix: string): boolean {
  const lower = prefix.toLowerCase();
  return lower === 'aws' || servicesDefiningKeys(lower).length > 0;
}

/** Every key name defined under the key's prefix, for "did you mean". */
export function keysWithPrefix(prefix: string): string[] {
  const lower = prefix.toLowerCase();
  if (lower === 'aws') return globalConditionKeyDefs().map(([name]) => name);
  const out = new Set<string>();
  for (const service of servicesDefiningKeys(lower)) {
    for (const k of Object.values(rawConditionKeys(service) ?? {})) if (k.key.toLowerCase().startsWith(`${lower}:`)) out.add(k.key);
  }
  return [...out];
}

/** The key names an action's context can carry: plain names lower case, and names with a variable part as patterns. */
interface SupportTable {
  exact: Set<string>;
  patterns: RegExp[];
}

// Actions are cached for the whole run, so a strong map holds nothing longer, and is cheaper for the GC than a WeakMap.
const supportedCache = new Map<ActionInfo, SupportTable>();
// Thousands of actions list the same few variable keys (`aws:RequestTag/${TagKey}`): each is compiled once.
// Keyed by names from the IAM data, so bounded by it.
const variableKeyPatterns = new Map<string, RegExp>();

function supportTable(action: ActionInfo): SupportTable {
  const t: SupportTable = { exact: new Set(), patterns: [] };
  for (const name of actionConditionKeys(action)) {
    if (!VARIABLE.test(name)) {
      t.exact.add(name.toLowerCase());
      continue;
    }
    let re = variableKeyPatterns.get(name);
    if (!re) {
      re = variableKeyPattern(name);
      variableKeyPatterns.set(name, re);
    }
    t.patterns.push(re);
  }
  return t;
}

/**
 * Whether the action's authorization context can carry the key: the action's own keys and those of
 * its resource types (the Service Authorization Reference lists both). Global keys other than the
 * tag keys are always present or absent independently of the action, so they count as supported.
 */
export function actionSupportsKey(action: ActionInfo, key: string): boolean {
  const lower = key.toLowerCase();
  if (lower.startsWith('aws:') && !isTagKey(lower)) return true;
  let t = supportedCache.get(action);
  if (!t) {
    t = supportTable(action);
    supportedCache.set(action, t);
  }
  return t.exact.has(lower) || t.patterns.some((re) => re.test(lower));
}

/**
 * sts:TagSession, sts:SetSourceIdentity and sts:SetContext are authorized inside the AssumeRole* call
 * that sets them, with that call's context: a web identity or SAML token's claims
 * (`cognito-identity.amazonaws.com:aud`, `saml:sub`), which AWS's Cognito and SAML examples test in the
 * same statement. The IAM data lists only the session actions' own keys.
 */
const SESSION_ACTIONS = new Set(['tagsession', 'setsourceidentity', 'setcontext']);
const ASSUME_ACTIONS = ['assumerole', 'assumerolewithsaml', 'assumerolewithwebidentity'];

/**
 * Keys AWS documents for an action that the IAM data leaves out of it. aws-marketplace:ProductId:
 * "For the aws-marketplace:Subscribe action only, you can use the aws-marketplace:ProductId condition
 * key" (Bedrock User Guide, model-access-permissions.html); AWS's ROSAManageSubscription policy tests it
 * on Unsubscribe too.
 */
const DOCUMENTED_ACTION_KEYS: Record<string, string[]> = {
  'cloudtrail-data:putauditevents': ['cloudtrail:ExternalId'],
  'aws-marketplace:subscribe': ['aws-marketplace:ProductId'],
  'aws-marketplace:unsubscribe': ['aws-marketplace:ProductId'],
};

/** The key names the action's context can carry (its own and its resource types'), as the IAM data writes them. */
export function actionConditionKeys(action: ActionInfo): string[] {
  const types = isKnownService(action.service) ? (rawResourceTypes(action.service) ?? {}) : {};
  const names = new Set<string>(action.conditionKeys);
  for (const k of DOCUMENTED_ACTION_KEYS[action.lowerId] ?? []) names.add(k);
  if (action.service === 'sts' && SESSION_ACTIONS.has(action.name.toLowerCase())) {
    for (const assume of ASSUME_ACTIONS) for (const k of rawAction('sts', assume)?.conditionKeys ?? []) names.add(k);
  }
  for (const ref of action.resourceTypes) {
    for (const k of ref.conditionKeys) names.add(k);
    // A resource type's table lists the tag keys of the requests that create or tag it; reading a
    // secret carries its tags (aws:ResourceTag) but no aws:RequestTag or aws:TagKeys, which only the
    // actions whose own rows list them send.
    for (const k of types[ref.name.toLowerCase()]?.conditionKeys ?? []) if (!isRequestTagKey(k.toLowerCase())) names.add(k);
  }
  return [...names];
}

function isRequestTagKey(lowerKey: string): boolean {
  return lowerKey === 'aws:tagkeys' || lowerKey.startsWith('aws:requesttag/');
}

/** `aws:RequestTag/…`, `aws:ResourceTag/…`, `aws:TagKeys`: keys only some services put in the request context. */
export function isTagKey(lowerKey: string): boolean {
  return lowerKey === 'aws:tagkeys' || lowerKey.startsWith('aws:requesttag/') || lowerKey.startsWith('aws:resourcetag/');
}

/**
 * A web identity provider's claim key, named after the provider's URL (`token.actions.githubusercontent.com:sub`,
 * `oidc.eks.us-east-1.amazonaws.com/id/X:aud`): the IAM data lists only a few providers' keys.
 * Undefined for any other key; else the claim, lower case.
 */
export function providerClaim(key: string): string | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0 || !/[./]/.test(key.slice(0, colon))) return undefined;
  return key.slice(colon + 1).toLowerCase();
}

/**
 * The key's type when it holds one value per request: the IAM data's single-valued keys, and a
 * provider's `sub` claim, which every web identity token carries once (RFC 7519 4.1.2; AWS's OIDC
 * condition keys). Undefined for multivalued and unknown keys.
 */
export function singleValuedType(key: string): ConditionKeyType | undefined {
  const info = lookupConditionKey(key);
  if (info) return info.multivalued ? undefined : info.type;
  return providerClaim(key) === 'sub' ? 'String' : undefined;
}

/**
 * Keys the IAM data types as String that hold a list in the request: Cognito's `amr` claim is
 * ["authenticated", "cognito-identity.amazonaws.com", ...], and AWS's own examples test it with ForAnyValue:.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
 */
const MULTIVALUED_CLAIMS = new Set(['cognito-identity.amazonaws.com:amr']);

/** The key's type when a set operator (ForAllValues:, ForAnyValue:) on it adds nothing: it holds one value per request. */
export function holdsOneValue(key: string): ConditionKeyType | undefined {
  return MULTIVALUED_CLAIMS.has(key.toLowerCase()) ? undefined : singleValuedType(key);
}
