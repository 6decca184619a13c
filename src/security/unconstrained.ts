/**
 * What the (U) rules of the security pack share: which actions of a statement are granted without
 * any constraint (Allow, `Resource: "*"`, no Condition), and how a suggestion names an action's ARN.
 */
import { expandAction, type ActionInfo } from '../iam/actions.js';
import { covers } from '../iam/arn-cover.js';
import { bareFormatPattern, patternsOverlap, policyPattern } from '../iam/arn-pattern.js';
import { splitArn } from '../iam/arn-segments.js';
import { actionResourceTypes, mainResourceType, type ResourceTypeInfo } from '../iam/resources.js';
import { BoundedMap, cachedIn } from '../util/bounded-map.js';
import { everyResourceEntries, grantedActions, Selection } from '../policy/granted.js';
import type { Located, PolicyDocument, Statement } from '../policy/model.js';
import { deniedActions } from './denied.js';
import { hasCondition, isAllow, isEveryResource, listSome } from '../policy/queries.js';

export interface UnconstrainedHit {
  action: ActionInfo;
  /** The Resource value that names every resource of the action: `*`, or an ARN pattern such as `arn:aws:s3:::*` for s3:GetObject. */
  resource: Located;
  /** The Action entry that grants it (`iam:*` for iam:PassRole). */
  entry: Located;
}

/**
 * What a (U) rule looks for, made once at module level: its choice is applied to each distinct
 * Action entry once, not to each of the 200,000 actions a large tree grants per rule.
 */
export function unconstrainedSelection(wanted: ((action: ActionInfo) => boolean) | { ids: Iterable<string> }): Selection {
  // Wildcard-only actions are never returned: `"*"` is the only resource they accept.
  if (typeof wanted !== 'function') return Selection.ofIds(wanted.ids, scopable);
  return new Selection((action) => wanted(action) && !action.wildcardOnly);
}

const scopable = (action: ActionInfo): boolean => !action.wildcardOnly;

/**
 * The actions an unconstrained Allow grants that `wanted` (from unconstrainedSelection) selects,
 * never wildcard-only ones: `"*"` is the only resource they accept. Empty for a Deny, a statement
 * with any Condition, or one whose resources are all named.
 */
export function unconstrainedGrants(statement: Statement, wanted: Selection, policy: PolicyDocument): UnconstrainedHit[] {
  if (!isAllow(statement) || hasCondition(statement)) return [];
  const hits = unconstrainedGrantsOf(statement, wanted);
  // An unconditioned Deny on "*" in the same policy takes those actions back, as in no-privilege-escalation.
  const denied = hits.length > 0 ? deniedActions(policy) : null;
  return denied ? hits.filter((h) => !denied(h.action)) : hits;
}

function unconstrainedGrantsOf(statement: Statement, wanted: Selection): UnconstrainedHit[] {
  const every = everyResourceEntries(statement)[0];
  if (every) {
    // `*` on `*` is full administrator access, no-wildcard-action's error; naming every kind of action
    // it includes again would bury that one finding.
    if (grantedActions(statement).everything) return [];
    return wanted.grants(statement).map((g) => ({ ...g, resource: every }));
  }
  // RULES.md's "effectively *": an ARN pattern that names every resource of the action's type
  // (`arn:aws:s3:::*` every object, `arn:aws:secretsmanager:*:*:secret:*` every secret). The grants
  // first: most statements grant nothing a rule selects. A pattern is compared only with formats of its
  // own service: a policy can hold thousands of patterns, each beside thousands of actions under `*`.
  return onEveryResourceOfType(statement, wanted.grants(statement));
}

/**
 * Of what a statement grants, the grants whose action's every resource one of the statement's ARN
 * patterns names (`arn:aws:iam::*:role/*` for iam:PassRole). Wildcard-only actions never: a named
 * ARN does not match the `*` their requests carry. By default the action's main type counts; with
 * `allTypes`, each of its types (RULES.md's "effectively *" for a request that names several): the
 * required ones, and an optional one that this statement, or another that grants the same action,
 * names some resources of (`ssm:SendCommand` on every document, but on one named instance or on
 * instances only under a Condition, reaches no instance freely); an action none of whose types is
 * required needs them all (`ssm:StartSession` on every document reaches no instance).
 */
export function onEveryResourceOfType(
  statement: Statement,
  grants: readonly Omit<UnconstrainedHit, 'resource'>[],
  allTypes = false,
  /** Whether the policy's statements that grant the action name some resources of the type: an optional type named there counts too. */
  namedElsewhere: (action: ActionInfo, type: ResourceTypeInfo) => boolean = () => false,
  /** Types the caller judges on its own, across statements: passed over here. */
  apart: (action: ActionInfo, type: ResourceTypeInfo) => boolean = () => false,
): UnconstrainedHit[] {
  if (grants.length === 0) return [];
  const arns = arnPatterns(statement.resource?.values ?? []);
  const patterns = withWildcards(arns);
  if (patterns.length === 0) return [];
  // Actions share resource types: each type is compared with the statement's patterns once.
  const covering = new Map<ResourceTypeInfo, Located | null>();
  const coverOf = (type: ResourceTypeInfo) => cachedIn(covering, type, () => patterns.find((p) => coversAllOf(p, type))?.r ?? null);
  const named = new Map<ResourceTypeInfo, boolean>();
  const namedHere = (type: ResourceTypeInfo) => cachedIn(named, type, () => namesType(arns, type));
  const out: UnconstrainedHit[] = [];
  for (const g of grants) {
    if (g.action.wildcardOnly) continue;
    const types = allTypes ? actionResourceTypes(g.action) : mainTypeOnly(g.action);
    const anyRequired = types.some((t) => t.required);
    let resource: Located | undefined;
    for (const type of types) {
      if (apart(g.action, type)) continue;
      const found = coverOf(type);
      if (found) resource ??= found;
      else if (!allTypes || type.required || !anyRequired || namedHere(type) || namedElsewhere(g.action, type)) {
        resource = undefined;
        break;
      }
    }
    if (resource) out.push({ ...g, resource });
  }
  return out;
}

function mainTypeOnly(action: ActionInfo): readonly ResourceTypeInfo[] {
  const main = mainResourceType(action);
  return main ? [main] : [];
}

/**
 * The types all of whose resources the statement names: through `*`, an ARN pattern, or a
 * NotResource whose exceptions do not take in the whole type.
 */
export function typesCovered(statement: Statement, types: readonly ResourceTypeInfo[]): ResourceTypeInfo[] {
  if (statement.resource) {
    if (statement.resource.values.some(isEveryResource)) return [...types];
    const patterns = withWildcards(arnPatterns(statement.resource.values));
    return types.filter((type) => patterns.some((p) => coversAllOf(p, type)));
  }
  if (!statement.notResource) return [];
  // All but a few of a type still reach the rest of it: only exceptions that take in the whole type leave it out.
  const excepted = arnPatterns(statement.notResource.values);
  return statement.notResource.values.some(isEveryResource) ? [] : types.filter((type) => !excepted.some((p) => coversAllOf(p, type)));
}

function withWildcards(arns: readonly ArnValue[]): ArnValue[] {
  return arns.filter((p) => /[*?]/.test(p.r.value));
}

/** Whether the ARN names every resource of the type. */
function coversAllOf(arn: ArnValue, type: ResourceTypeInfo): boolean {
  return ofService(arn, type) && coversType(arn.r.value, type.arn);
}

export interface ArnValue {
  r: Located;
  /** The ARN's service, lower case. */
  service: string;
  /** The service is a pattern or a placeholder. */
  anyService: boolean;
}

/** The values that are ARNs, as written or in a `Fn::Sub`, with their services. */
export function arnPatterns(values: readonly Located[]): ArnValue[] {
  return values
    .filter((r) => (r.intrinsic === undefined || r.intrinsic === 'Fn::Sub') && r.value.startsWith('arn:'))
    .map((r) => {
      const service = (splitArn(r.value)[2] ?? '').toLowerCase();
      return { r, service, anyService: /[*?$]/.test(service) };
    });
}

/** Whether the ARN's service may be the type's: the same, or a pattern or placeholder. */
function ofService(arn: ArnValue, type: ResourceTypeInfo): boolean {
  return arn.anyService || arn.service === type.arn.split(':')[2];
}

/** Whether some of the ARNs name resources of the type. */
export function namesType(arns: readonly ArnValue[], type: ResourceTypeInfo): boolean {
  return arns.some((p) => ofService(p, type) && namesSomeOf(p.r.value, type.arn));
}

const naming = new BoundedMap<string, boolean>();
/** Whether a Resource pattern names some resources of a format, as AWS writes their ARNs. */
function namesSomeOf(pattern: string, format: string): boolean {
  // The same quick no as for covering: the written heads of the two resource parts must agree.
  if (!mayCover(pattern, format)) return false;
  return cachedIn(naming, `${pattern}\n${format}`, () => patternsOverlap(bareFormatPattern(format), policyPattern(pattern)));
}

/** `arn:${AWS::Partition}:...` (a template's partition) is any partition: read as `aws`, as the formats are. */
function ownPartition(pattern: string): { pattern: string; partition: string } | undefined {
  const partition = splitArn(pattern)[1] ?? '';
  if (/^\$\{[^}]*\}$/.test(partition)) return { pattern: pattern.replace(partition, 'aws'), partition: 'aws' };
  return /[*?$]/.test(partition) ? undefined : { pattern, partition };
}

const coverage = new BoundedMap<string, boolean>();
/**
 * Whether a Resource pattern names every ARN of a format, in the pattern's partition. An IAM ARN of
 * one account (`arn:aws:iam::123456789012:role/*`, `${AWS::AccountId}`) counts as any account's:
 * roles, users and policies of another account are out of the caller's reach anyway.
 */
function coversType(pattern: string, format: string): boolean {
  if (!mayCover(pattern, format)) return false;
  return cachedIn(coverage, `${pattern}\n${format}`, () => {
    const own = ownPartition(pattern);
    return own !== undefined && covers(anyIamAccount(own.pattern), format.replace('${Partition}', own.partition));
  });
}

/**
 * A quick no: the written part of the pattern's resource (before its first wildcard) must start the
 * format's (before its first placeholder), or the other way round. `arn:aws:*:*:*:app7/*` is no
 * `role/...`; policies can hold thousands of such patterns beside every action of `*`.
 */
function mayCover(pattern: string, format: string): boolean {
  const p = headOf(pattern, /[*?$]/);
  const f = cachedIn(formatHeads, format, () => headOf(format, /\$\{/));
  return p.startsWith(f) || f.startsWith(p);
}

const formatHeads = new Map<string, string>();
/** The resource part of an ARN (after its fifth `:`) up to the first match of `stop`. */
function headOf(arn: string, stop: RegExp): string {
  // The colons of `${AWS::Partition}` are not the ARN's.
  let start = 0;
  for (let colons = 0; colons < 5; start++) {
    if (start >= arn.length) return '';
    if (arn.startsWith('${', start)) {
      const end = arn.indexOf('}', start);
      if (end > 0) start = end;
    } else if (arn.charCodeAt(start) === 58) colons++;
  }
  const rest = arn.slice(start);
  const i = rest.search(stop);
  return i < 0 ? rest : rest.slice(0, i);
}

function anyIamAccount(pattern: string): string {
  const parts = splitArn(pattern);
  if (parts[2] !== 'iam' || !/^(\d{12}|\$\{[^}]*\})$/.test(parts[4] ?? '')) return pattern;
  return [...parts.slice(0, 4), '*', ...parts.slice(5)].join(':');
}

/** How a finding names the resources: `"*"`, or the pattern that names them all. */
export function resourceLabel(hits: readonly UnconstrainedHit[]): string {
  const resources = [...new Set(hits.map((h) => h.resource))];
  const first = resources[0];
  if (!first) return 'every resource ("*")';
  if (resources.length === 1 && isEveryResource(first)) return `every resource ("${first.value}")`;
  // Each action by the pattern that covers its type: several patterns are all named.
  const names = listSome(resources.map((r) => `"${r.value}"`), 3);
  return `every resource of ${new Set(hits.map((h) => h.action)).size === 1 ? 'its' : 'their'} type (${names})`;
}

/** `iam:PassRole`, or `iam:PassRole (via iam:*)` when a pattern grants it, `(via NotAction)` when a NotAction leaves it in. */
export function grantLabel(hit: UnconstrainedHit): string {
  return hit.entry.value.toLowerCase() === hit.action.lowerId ? hit.action.id : `${hit.action.id} (via ${hit.entry.value})`;
}

/** The `NotAction` key a Selection points at for what a NotAction statement leaves in (an Action entry always has a `:`). */
export function isNotActionKey(entry: Located): boolean {
  return entry.value === 'NotAction';
}

/** Labels of the hits, grouped so that a pattern granting 300 actions reads as one item. */
export function hitsSummary(hits: readonly UnconstrainedHit[], max = 5): string {
  const byEntry = new Map<Located, UnconstrainedHit[]>();
  for (const h of hits) {
    const list = byEntry.get(h.entry);
    if (list) list.push(h);
    else byEntry.set(h.entry, [h]);
  }
  const labels: string[] = [];
  for (const [entry, list] of byEntry) {
    if (list.length === 1) labels.push(grantLabel(list[0] as UnconstrainedHit));
    else if (isNotActionKey(entry)) labels.push(`${list.length} actions that NotAction leaves in (${listSome(list.map((h) => h.action.id), 3)})`);
    else labels.push(`${entry.value} (${list.length} actions: ${listSome(list.map((h) => h.action.id), 3)})`);
  }
  return listSome(labels, max);
}


/** `s3:GetObject → arn:${Partition}:s3:::${BucketName}/${ObjectName}` for up to `max` actions, one per ARN format. */
export function formatAdvice(actions: readonly ActionInfo[], max = 4): string {
  const byFormat = new Map<string, string[]>();
  for (const a of actions) {
    const arn = mainResourceType(a)?.arn;
    if (!arn) continue;
    const ids = byFormat.get(arn);
    if (ids) ids.push(a.id);
    else byFormat.set(arn, [a.id]);
  }
  const parts = [...byFormat].map(([arn, ids]) => `${listSome(ids, 2)} → ${arn}`);
  return parts.length > max ? `${parts.slice(0, max).join('; ')}; and ${parts.length - max} more formats` : parts.join('; ');
}

/**
 * Service principals a suggestion can name, from the services whose actions the statement lists
 * by name or by a one-service pattern (`lambda:CreateFunction` → `lambda.amazonaws.com`) for more
 * than reading: a service the statement only reads is no hint of one that receives a role. IAM, STS
 * and Organizations actions are about identities, not a service that takes a role. Empty for `*`.
 */
export function servicePrincipalHints(statement: Statement, overrides: Readonly<Record<string, string>> = {}): string[] {
  const out = new Set<string>();
  for (const entry of statement.action?.values ?? []) {
    if (entry.intrinsic || entry.value.includes('${')) continue;
    const service = /^([a-z0-9-]+):/i.exec(entry.value)?.[1]?.toLowerCase();
    if (!service || IDENTITY_SERVICES.has(service)) continue;
    if (expandAction(entry.value).every((a) => a.accessLevel === 'Read' || a.accessLevel === 'List')) continue;
    out.add(overrides[service] ?? `${service}.amazonaws.com`);
  }
  return [...out];
}

const IDENTITY_SERVICES = new Set(['iam', 'sts', 'organizations', 'sso', 'identitystore', 'access-analyzer']);

/** Whether a condition value names one service (`lambda.amazonaws.com`, `ec2.amazonaws.com*`), not any (`*`, `*.amazonaws.com`). */
export function namesOneService(value: string): boolean {
  return value.length > 0 && !/^[^.]*[*?]/.test(value);
}
