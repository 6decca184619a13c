/**
 * no-privilege-escalation: a policy, or the policies of one IAM principal taken together, that
 * grants every action of a known privilege-escalation method on every resource without a Condition.
 * The methods are the public catalogue in src/security/escalation-methods.ts.
 * https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
 */
import { defineRule } from '../src/engine/rule.js';
import { findAction, type ActionInfo } from '../src/iam/actions.js';
import { actionResourceTypes, type ResourceTypeInfo } from '../src/iam/resources.js';
import { Selection, type SelectedGrant } from '../src/policy/granted.js';
import type { IamPrincipal, Located, PolicyDocument, Statement } from '../src/policy/model.js';
import { effectOf, hasCondition, listSome, principalLabel } from '../src/policy/queries.js';
import { appliesToEveryRequest } from '../src/security/denied.js';
import { ESCALATION_METHODS, type EscalationMethod } from '../src/security/escalation-methods.js';
import { arnPatterns, isNotActionKey, namesType, onEveryResourceOfType, typesCovered, type ArnValue } from '../src/security/unconstrained.js';
import { cachedIn } from '../src/util/bounded-map.js';
import { awsManagedPolicyName } from '../src/iam/managed-policies.js';

interface Method extends EscalationMethod {
  infos: ActionInfo[];
}

/** Where one action of the catalogue comes from. */
interface Grant {
  at: Located;
  /** The Action entry or managed-policy ARN as written, e.g. `lambda:*`. */
  entry: string;
  policy?: PolicyDocument;
  /** How a message names the source: the policy's name or the AWS managed policy. */
  source: string;
  /** The ARN pattern that names every resource of the action's type, where the grant is not on `*`. */
  pattern?: string;
}

/** What one source (a policy document or an AWS managed policy ARN) grants of the catalogue's actions. */
interface Grants {
  granted: Map<string, Grant>;
  denied: Set<string>;
  /** For each TARGETS action, the target types unconditioned Allows grant it on every resource of (with the first source that does), and those Denies take back. */
  targets: Map<string, Reach>;
}

interface Reach {
  allowed: Map<string, string>;
  denied: Set<string>;
}

// Resolved on first use: the catalogue names actions of some twenty services, whose data a run
// that never grants anything on "*" need not read.
let methods: readonly Method[] | undefined;
let catalogue: readonly ActionInfo[] | undefined;
function METHODS(): readonly Method[] {
  methods ??= ESCALATION_METHODS.map((m) => ({
    ...m,
    infos: m.actions.map((a) => {
      const [service = '', name = ''] = a.split(':');
      const info = findAction(service, name);
      if (!info) throw new Error(`escalation method ${m.id}: unknown action ${a}`);
      return info;
    }),
  }));
  return methods;
}
function CATALOGUE(): readonly ActionInfo[] {
  catalogue ??= [...new Map(METHODS().flatMap((m) => m.infos.map((i) => [i.id, i] as const))).values()];
  return catalogue;
}
// The catalogue's actions among an entry's, found once per distinct Action entry. Picked by id, so a
// policy that grants none of them does not read the data of the catalogue's twenty-odd services
// (ec2's is the largest): a third of the rule work of a small file's run.
const CATALOGUE_SELECTION = Selection.ofIds(ESCALATION_METHODS.flatMap((m) => m.actions));

/** AWS managed policies that grant catalogue actions wholesale, by name; the ARN is all a template shows of them. */
const MANAGED: Record<string, (a: ActionInfo) => boolean> = {
  AdministratorAccess: () => true,
  PowerUserAccess: (a) => !['iam', 'organizations', 'account'].includes(a.service),
  IAMFullAccess: (a) => a.service === 'iam',
};
// The partition may be `${AWS::Partition}`, whose colons a plain `[^:]+` would not cross.

const policyCache = new WeakMap<PolicyDocument, Grants>();

export default defineRule({
  meta: {
    id: 'no-privilege-escalation',
    severity: 'error',
    description: 'Grants every action of a known privilege-escalation method, in one policy or across the policies of one principal',
    kinds: ['identity', 'boundary'],
    speaksOfGrants: true,
    messages: {
      escalation: 'Allows privilege escalation by "{{method}}" ({{id}}): {{actions}} on {{where}} without a Condition',
      combined:
        '{{principal}} can escalate privileges by "{{method}}" ({{id}}) only through the combination of its policies: {{actions}}',
      combinedMany: '{{principal}} can escalate privileges by {{count}} methods only through the combination of its policies ({{sources}}): {{methods}}',
      scopeCombined: 'Scope or drop the actions these methods need, in the policy that grants each: {{actions}}',
      scope: 'Scope {{action}} to named resources ({{formats}}){{extra}}, or drop {{drop}}',
      escalationMany: '"{{entry}}" on {{where}} without a Condition completes {{count}} privilege-escalation methods: {{methods}}',
      scopeMany: 'List the actions the workload needs instead of "{{entry}}"; the escalation needs {{actions}}',
      escalationNotAction: 'The actions NotAction leaves in, on {{where}} without a Condition, complete {{count}} privilege-escalation methods: {{methods}}',
      scopeNotAction: 'List the actions the workload needs in Action instead of a NotAction; the escalation needs {{actions}}',
    },
  },
  create(context) {
    // The table test guarantees every method has an action that takes resource ARNs.
    function suggestionFor(method: Method): { messageId: 'scope'; data: Record<string, string> } {
      const scopable = method.infos.find((a) => !a.wildcardOnly && actionResourceTypes(a).length > 0) ?? (method.infos[0] as ActionInfo);
      const rest = method.infos.filter((a) => a !== scopable).map((a) => a.id);
      const drop = rest.length === 0 ? 'it' : rest.length === 1 ? (rest[0] as string) : `one of ${rest.slice(0, -1).join(', ')} or ${rest.at(-1)}`;
      const formats = [...new Set(actionResourceTypes(scopable).map((rt) => rt.arn))].slice(0, 2).join(' or ');
      const extra = scopable.id === 'iam:PassRole' ? ' and add an "iam:PassedToService" condition' : ' or add a Condition';
      return { messageId: 'scope', data: { action: scopable.id, formats, extra, drop } };
    }

    return {
      policy(policy) {
        const grants = policyGrants(policy);
        // A wildcard such as `*` or `iam:*` completes dozens of methods at one place: one finding there.
        const byEntry = new Map<Grant['at'], Method[]>();
        for (const method of completed(grants)) {
          const at = grants.granted.get(method.infos[0]!.id)!.at;
          byEntry.set(at, [...(byEntry.get(at) ?? []), method]);
        }
        for (const [at, methods] of byEntry) {
          if (methods.length <= MAX_SEPARATE) continue;
          const actions = [...new Set(methods.flatMap((m) => m.infos.map((a) => a.id)))];
          const notAction = isNotActionKey(at);
          context.report({
            messageId: notAction ? 'escalationNotAction' : 'escalationMany',
            data: { entry: at.value, where: where(methods, grants.granted), count: methods.length, methods: listSome(methods.map((m) => `"${m.name}" (${m.id})`), 4) },
            at,
            suggestion: { messageId: notAction ? 'scopeNotAction' : 'scopeMany', data: { entry: at.value, actions: listSome(actions, 6) } },
          });
        }
        for (const method of completed(grants)) {
          const first = grants.granted.get(method.infos[0]!.id)!;
          if ((byEntry.get(first.at)?.length ?? 0) > MAX_SEPARATE) continue;
          context.report({
            messageId: 'escalation',
            data: { method: method.name, id: method.id, actions: describe(method, grants, false), where: where([method], grants.granted) },
            at: first.at,
            suggestion: suggestionFor(method),
          });
        }
      },
      principal(principal) {
        const own = sourcesOf(principal);
        const groups = principal.type === 'user' ? principal.memberOf.map((g) => combine(sourcesOf(g))) : [];
        const sources = [...own, ...(principal.type === 'user' ? principal.memberOf.flatMap(sourcesOf) : [])];
        if (sources.length < 2) return;
        const all = combine(sources);
        // Reported already: at the one policy that grants it all, or at a group whose policies combine to it.
        const fresh = completed(all).filter((method) => !sources.some((s) => isComplete(method, s)) && !groups.some((g) => isComplete(method, g)));
        // As for one policy: many methods completed at one entry (PowerUserAccess beside iam:PassRole) are one finding there.
        const byEntry = new Map<Grant['at'], Method[]>();
        for (const method of fresh) {
          const at = all.granted.get(method.infos[0]!.id)!.at;
          byEntry.set(at, [...(byEntry.get(at) ?? []), method]);
        }
        for (const [at, methods] of byEntry) {
          if (methods.length <= MAX_SEPARATE) continue;
          const first = all.granted.get(methods[0]!.infos[0]!.id)!;
          const actions = [...new Set(methods.flatMap((m) => m.infos.map((a) => a.id)))];
          context.report({
            messageId: 'combinedMany',
            data: {
              principal: capitalize(principalLabel(principal)),
              count: methods.length,
              methods: listSome(methods.map((m) => `"${m.name}" (${m.id})`), 4),
              sources: listSome([...new Set(actions.map((id) => all.granted.get(id)!.source))], 3),
            },
            at,
            ...(first.policy && { policy: first.policy }),
            suggestion: { messageId: 'scopeCombined', data: { actions: listSome(actions, 6) } },
          });
        }
        for (const method of fresh) {
          const first = all.granted.get(method.infos[0]!.id)!;
          if ((byEntry.get(first.at)?.length ?? 0) > MAX_SEPARATE) continue;
          context.report({
            messageId: 'combined',
            data: {
              principal: capitalize(principalLabel(principal)),
              method: method.name,
              id: method.id,
              actions: describe(method, all, true),
            },
            at: first.at,
            ...(first.policy && { policy: first.policy }),
            suggestion: suggestionFor(method),
          });
        }
      },
    };
  },
});

/** The identity policies and AWS managed policies attached to the principal itself. */
function sourcesOf(principal: IamPrincipal): Grants[] {
  const out = principal.policies.filter((p) => p.kind === 'identity').map(policyGrants);
  for (const arn of principal.managedPolicyArns) {
    const name = awsManagedPolicyName(arn.value);
    const grants = name !== undefined && Object.hasOwn(MANAGED, name) ? MANAGED[name] : undefined;
    if (!grants) continue;
    const granted = new Map<string, Grant>();
    for (const a of CATALOGUE()) if (grants(a)) granted.set(a.id, { at: arn, entry: name as string, source: `AWS managed policy ${name}` });
    // An AWS managed policy grants what it grants on "*": every target type with it.
    const targets = new Map([...granted.keys()].filter((id) => TARGETS[id]).map((id): [string, Reach] => [id, { allowed: new Map(TARGETS[id]?.map((t) => [t, `AWS managed policy ${name}`])), denied: new Set() }]));
    out.push({ granted, denied: new Set(), targets });
  }
  return out;
}

function combine(sources: readonly Grants[]): Grants {
  const granted = new Map<string, Grant>();
  const denied = new Set<string>();
  const targets: Grants['targets'] = new Map();
  for (const s of sources) {
    for (const [id, g] of s.granted) if (!granted.has(id)) granted.set(id, g);
    for (const id of s.denied) denied.add(id);
    for (const [id, t] of s.targets) {
      const into = cachedIn(targets, id, newReach);
      for (const [type, source] of t.allowed) if (!into.allowed.has(type)) into.allowed.set(type, source);
      for (const type of t.denied) into.denied.add(type);
    }
  }
  for (const id of denied) granted.delete(id);
  return { granted, denied, targets };
}

/**
 * The catalogue actions the policy grants unconstrained (Allow, no Condition, on `*` or on a pattern
 * that names every resource of the action's types), each with the entry that grants it first, minus
 * those an unconditioned Deny on the same takes back.
 */
function policyGrants(policy: PolicyDocument): Grants {
  let found = policyCache.get(policy);
  if (found) return found;
  const granted = new Map<string, Grant>();
  const denied = new Set<string>();
  const targets: Grants['targets'] = new Map();
  const selected = policy.statements.map((s) => CATALOGUE_SELECTION.grants(s));
  // The ARNs each catalogue action is granted on anywhere in the policy, conditions or not: an
  // optional resource type named there is one the action's requests name (see onEveryResourceOfType).
  let grantedOn: Map<string, ArnValue[]> | undefined;
  const named = new Map<string, boolean>();
  const elsewhere = (action: ActionInfo, type: ResourceTypeInfo): boolean => {
    grantedOn ??= arnsByAction(policy, selected);
    // Once per action and type: a policy can hold thousands of statements, each granting the catalogue.
    return cachedIn(named, `${action.id}\n${type.arn}`, () => namesType(grantedOn?.get(action.id) ?? [], type));
  };
  for (let i = 0; i < policy.statements.length; i++) {
    const statement = policy.statements[i] as Statement;
    const effect = effectOf(statement);
    if (effect === undefined || hasCondition(statement)) continue;
    // RULES.md's "effectively *" (`iam:PassRole` on `arn:aws:iam::*:role/*`), for a Deny as for an Allow:
    // a Deny on every resource of the action's types takes it back.
    const grants = selected[i] ?? [];
    const hits: readonly { action: ActionInfo; entry: Located; resource?: Located }[] = appliesToEveryRequest(statement) ? grants : onEveryResourceOfType(statement, grants, true, elsewhere, isTarget);
    for (let k = 0; k < grants.length; k++) {
      const action = (grants[k] as SelectedGrant).action;
      const names = TARGETS[action.id];
      if (!names) continue;
      const reach = cachedIn(targets, action.id, newReach);
      for (const type of typesCovered(statement, actionResourceTypes(action).filter((t) => names.includes(t.name)))) {
        if (effect === 'Deny') reach.denied.add(type.name);
        else if (!reach.allowed.has(type.name)) reach.allowed.set(type.name, policy.name);
      }
    }
    // Which entry comes first matters, not the catalogue's order: the map is only ever looked up.
    for (let k = 0; k < hits.length; k++) {
      const { action, entry: at, resource } = hits[k] as (typeof hits)[number];
      if (effect === 'Deny') denied.add(action.id);
      else if (!granted.has(action.id)) granted.set(action.id, { at, entry: at.value, policy, source: policy.name, ...(resource && { pattern: resource.value }) });
    }
  }
  for (const id of denied) granted.delete(id);
  found = { granted, denied, targets };
  policyCache.set(policy, found);
  return found;
}

/**
 * Actions that reach a role only through resource types the IAM data marks optional. SendCommand is
 * authorized on its document and on each node it runs on (AWS's sample policies grant both, such as
 * Route 53 ARC's "Run Command execution block sample policy": document, instance/*, managed-instance/*),
 * so a grant on every document escalates only where the principal's policies, in any statement, also
 * grant it on every instance or every managed node that no Deny takes back.
 */
const TARGETS: Readonly<Record<string, readonly string[]>> = { 'ssm:SendCommand': ['instance', 'managed-instance'] };

const isTarget = (action: ActionInfo, type: ResourceTypeInfo): boolean => TARGETS[action.id]?.includes(type.name) ?? false;

const newReach = (): Reach => ({ allowed: new Map(), denied: new Set() });

/** The target types (TARGETS) the grants reach, each with the source that grants it; undefined for an action without targets. */
function reachedTargets(grants: Grants, id: string): [string, string][] | undefined {
  if (!TARGETS[id]) return undefined;
  const reach = grants.targets.get(id);
  return reach ? [...reach.allowed].filter(([type]) => !reach.denied.has(type)) : [];
}

function reachesTarget(grants: Grants, id: string): boolean {
  const reached = reachedTargets(grants, id);
  return reached === undefined || reached.length > 0;
}

/** The ARNs of the policy's Allow statements, by each catalogue action they grant. */
function arnsByAction(policy: PolicyDocument, selected: readonly (readonly { action: ActionInfo }[])[]): Map<string, ArnValue[]> {
  const out = new Map<string, ArnValue[]>();
  policy.statements.forEach((s, i) => {
    if (effectOf(s) !== 'Allow' || !s.resource) return;
    const arns = arnPatterns(s.resource.values);
    for (const { action } of selected[i] ?? []) cachedIn(out, action.id, () => []).push(...arns);
  });
  return out;
}

function isComplete(method: Method, grants: Grants): boolean {
  return method.infos.every((a) => grants.granted.has(a.id) && reachesTarget(grants, a.id));
}

/** More methods than this completed at one Action entry are reported as one finding there. */
const MAX_SEPARATE = 3;

function completed(grants: Grants): Method[] {
  if (grants.granted.size === 0) return [];
  return METHODS().filter((m) => isComplete(m, grants));
}

/** `every resource`, or `every resource of their type ("arn:aws:iam::*:role/*", "*")` when a grant is on a pattern. */
function where(methods: readonly Method[], granted: ReadonlyMap<string, Grant>): string {
  const grants = methods.flatMap((m) => m.infos.map((a) => granted.get(a.id)!));
  const patterns = [...new Set(grants.flatMap((g) => (g.pattern === undefined ? [] : [`"${g.pattern}"`])))];
  if (patterns.length === 0) return 'every resource';
  const star = grants.some((g) => g.pattern === undefined) ? ['"*"'] : [];
  const its = grants.length === 1 ? 'its' : 'their';
  return `every resource of ${its} type (${listSome([...patterns, ...star], 3)})`;
}

/** `iam:PassRole (via "iam:*")`, and with `withSource` the policy each action comes from. */
function describe(method: Method, grants: Grants, withSource: boolean): string {
  return method.infos
    .map((a) => {
      const g = grants.granted.get(a.id)!;
      const via = g.entry.toLowerCase() === a.lowerId || g.policy === undefined ? '' : ` via "${g.entry}"`;
      const from = withSource ? ` in ${g.source}` : '';
      // Its nodes granted only by another source of the combination: named, since that source is half of it.
      const reached = withSource ? (reachedTargets(grants, a.id) ?? []) : [];
      const target = reached.some(([, source]) => source === g.source) ? undefined : reached[0];
      const on = target ? `, on every ${target[0]} in ${target[1]}` : '';
      return via || from ? `${a.id} (${[via.trim(), from.trim()].filter(Boolean).join(' ')}${on})` : a.id;
    })
    .join(', ');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
