/**
 * What a policy's unconditioned Denies take back from its own Allows. An explicit Deny wins over
 * any Allow, so `Allow * on *` next to `Deny iam:* on *` grants no IAM action at all.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 *
 * Only a Deny that certainly applies counts: no Condition (a Condition may not match the request)
 * and a `*` among its Resource (a Deny on some resources leaves the Allow on the others). A
 * NotAction Deny takes back every action it does not list (Selection reads its complement). The
 * same semantics as no-privilege-escalation's subtraction.
 */
import { expandAction, type ActionInfo } from '../iam/actions.js';
import { grantedActions, type Selection } from '../policy/granted.js';
import { effectOf, type PolicyDocument, type Statement } from '../policy/model.js';
import { hasCondition, isEveryResource } from '../policy/queries.js';

const NONE: readonly Statement[] = [];
const cache = new WeakMap<PolicyDocument, readonly Statement[]>();

/** No Condition and a `*` among its Resource: the statement applies to every request for its actions. */
export function appliesToEveryRequest(statement: Statement): boolean {
  return !hasCondition(statement) && (statement.resource?.values.some(isEveryResource) ?? false);
}

/** A Deny that applies to every request for its actions. */
export function isUnconditionedDeny(statement: Statement): boolean {
  return effectOf(statement) === 'Deny' && appliesToEveryRequest(statement);
}

/** The policy's unconditioned Deny statements, found once per policy. */
export function unconditionedDenies(policy: PolicyDocument): readonly Statement[] {
  let found = cache.get(policy);
  if (!found) {
    const list = policy.statements.filter(isUnconditionedDeny);
    found = list.length > 0 ? list : NONE;
    cache.set(policy, found);
  }
  return found;
}

/** Whether an unconditioned Deny of the policy names an action the selection picks. */
export function deniesSelection(policy: PolicyDocument, selection: Selection): boolean {
  for (const statement of unconditionedDenies(policy)) if (selection.firstEntry(statement)) return true;
  return false;
}

const deniedCache = new WeakMap<PolicyDocument, ((action: ActionInfo) => boolean) | null>();

/**
 * Whether the policy's unconditioned Denies take an action back; null when it has none. A NotAction
 * Deny takes back every action it does not list, unless an entry is known only at deploy time.
 */
export function deniedActions(policy: PolicyDocument): ((action: ActionInfo) => boolean) | null {
  let found = deniedCache.get(policy);
  if (found === undefined) {
    const named = new Set<ActionInfo>();
    let everything = false;
    const spared: Set<ActionInfo>[] = [];
    for (const deny of unconditionedDenies(policy)) {
      if (deny.action) {
        const granted = grantedActions(deny);
        if (granted.everything) everything = true;
        for (const a of granted.actions) named.add(a);
      } else if (deny.notAction && !deny.notAction.values.some((v) => v.intrinsic || v.value.includes('${'))) {
        spared.push(new Set(deny.notAction.values.flatMap((v) => expandAction(v.value))));
      }
    }
    found = everything ? () => true : named.size === 0 && spared.length === 0 ? null : (a) => named.has(a) || spared.some((left) => !left.has(a));
    deniedCache.set(policy, found);
  }
  return found;
}
