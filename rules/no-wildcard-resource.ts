/**
 * no-wildcard-resource: `Resource: "*"` in an unconditioned Allow for actions that can be scoped
 * to resource ARNs. Wildcard-only actions (no resource types in the IAM data) are never reported.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 */
import { defineRule } from '../src/engine/rule.js';
import type { ActionInfo } from '../src/iam/actions.js';
import { actionResourceTypes, arnTypeCount, mainResourceType, namesResourceType, type ResourceTypeInfo } from '../src/iam/resources.js';
import { hasWildcard } from '../src/iam/wildcard.js';
import { grantedActions } from '../src/policy/granted.js';
import type { PolicyDocument, Statement } from '../src/policy/model.js';
import { deniedActions } from '../src/security/denied.js';
import { BoundedMap } from '../src/util/bounded-map.js';
import { hasCondition, isAllow, isEveryResource, listSome, statementLabel } from '../src/policy/queries.js';
import { byCodeUnit } from '../src/util/compare.js';

/** How one Action entry counts: the actions it names that take resource ARNs, if the entry is reported at all. */
interface EntryVerdict {
  total: number;
  scoped: ActionInfo[];
}

interface Judged extends EntryVerdict {
  text: string;
}

const SHOWN_FORMATS = 5;

export default defineRule({
  meta: {
    id: 'no-wildcard-resource',
    severity: 'warning',
    description: 'Resource "*" for actions that support resource-level permissions',
    kinds: ['identity', 'boundary'],
    speaksOfGrants: true,
    messages: {
      wildcard: 'Statement {{statement}} allows {{count}} that can be scoped to resource ARNs on every resource ("*") without a Condition: {{actions}}',
      scope: 'Name the resources instead of "*": {{formats}}',
      scopeAndSplit: 'Name the resources instead of "*": {{formats}}. Move {{wildcardOnly}} (which {{need}} "*") to a statement of {{their}} own with Resource "*"',
    },
  },
  create(context) {
    function check(statement: Statement, policy: PolicyDocument): void {
      if (!isAllow(statement) || hasCondition(statement) || !statement.action) return;
      const star = statement.resource?.values.find(isEveryResource);
      if (!star) return;
      const granted = grantedActions(statement);
      // Every action of every service on "*" is no-wildcard-action's error to report; this rule adding a
      // second finding to the same statement would only repeat it.
      if (granted.everything) return;
      // An action an unconditioned Deny on "*" of the same policy takes back is granted nowhere.
      const denied = deniedActions(policy);
      // Entries naming no known action (unknown-action's) are not among the expansions.
      let judged: Judged[] | undefined;
      const wildcardOnly: string[] = [];
      for (const { entry, actions } of granted.expansions) {
        const text = entry.value;
        if (serviceIsWildcard(text)) continue;
        const verdict = judge(actions);
        const scoped = denied && verdict.scoped.length > 0 ? verdict.scoped.filter((a) => !denied(a)) : verdict.scoped;
        if (verdict.scoped.length === 0) wildcardOnly.push(text);
        else if (scoped.length > 0) (judged ??= []).push({ text, total: verdict.total, scoped });
      }
      if (judged === undefined) return;
      // Each entry's first action leads, so the formats shown cover every entry before a pattern's long tail.
      // One entry's actions are already unique and in order: no merge needed. Actions are one object per id.
      let actions: readonly ActionInfo[];
      if (judged.length === 1) actions = (judged[0] as Judged).scoped;
      else {
        const seen = new Set<ActionInfo>();
        const merged: ActionInfo[] = [];
        for (const e of judged) {
          const a = e.scoped[0] as ActionInfo;
          if (!seen.has(a)) {
            seen.add(a);
            merged.push(a);
          }
        }
        for (const e of judged) {
          for (const a of e.scoped) {
            if (seen.has(a)) continue;
            seen.add(a);
            merged.push(a);
          }
        }
        actions = merged;
      }
      const labels = [...new Set(judged.map((e) => (hasWildcard(e.text) ? `${e.text} (${e.scoped.length} of its ${e.total} actions)` : (e.scoped[0] as ActionInfo).id)))];
      const shown = actions.slice(0, SHOWN_FORMATS);
      // An action that may take any of many types (ec2:CreateTags takes 106) is best scoped to the
      // resources the statement's other actions act on (the volumes ec2:CreateVolume makes).
      const near = shown.filter((a) => !isOpenEnded(a)).map((a) => mainResourceType(a)?.arn);
      const formats = shown.map((a) => (isOpenEnded(a) ? arnAdviceNear(a, near) : arnAdvice(a)));
      const formatText = actions.length > SHOWN_FORMATS ? `${formats.join('; ')}; and ${actions.length - SHOWN_FORMATS} more` : formats.join('; ');
      context.report({
        messageId: 'wildcard',
        data: { statement: statementLabel(statement), count: `${actions.length} action${actions.length === 1 ? '' : 's'}`, actions: listSome(labels, 4, ['entry', 'entries']) },
        at: star,
        suggestion:
          wildcardOnly.length > 0
            ? { messageId: 'scopeAndSplit', data: { formats: formatText, wildcardOnly: listSome(wildcardOnly, 4), ...(wildcardOnly.length === 1 ? { need: 'needs', their: 'its' } : { need: 'need', their: 'their' }) } }
            : { messageId: 'scope', data: { formats: formatText } },
      });
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) check(statement, policy);
      },
    };
  },
});

/** A wildcard service part (`*:Get*`): its scope is no-wildcard-action's concern. */
function serviceIsWildcard(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58 /* : */) return false;
    if (c === 42 /* * */ || c === 63 /* ? */) return true;
  }
  return false;
}

// Policies such as ReadOnlyAccess list thousands of patterns and AWS's managed policies repeat them:
// each distinct expansion (expandAction's array, shared by every entry of the same text) is judged once.
const verdicts = new BoundedMap<readonly ActionInfo[], EntryVerdict>();

/**
 * An explicit action counts when it takes resource ARNs; a pattern (`s3:Get*`, `sqs:*`) when more
 * than half of the actions it expands to do, and then it names those (else `scoped` is empty).
 */
function judge(expanded: readonly ActionInfo[]): EntryVerdict {
  let verdict = verdicts.get(expanded);
  if (verdict === undefined) {
    // Sorted, so the actions a suggestion shows first do not depend on the IAM data's order.
    const scoped = expanded.filter(takesArns).sort((x, y) => byCodeUnit(x.id, y.id));
    verdict = { total: expanded.length, scoped: scoped.length * 2 > expanded.length ? scoped : [] };
    verdicts.set(expanded, verdict);
  }
  return verdict;
}

/** Resource types with an ARN format in the IAM data: without one there is nothing to scope to. */
function takesArns(action: ActionInfo): boolean {
  return arnTypeCount(action) > 0;
}

/**
 * `s3:GetObject → arn:${Partition}:s3:::${BucketName}/${ObjectName}`: the format of the resource type
 * the action is named after (`object` for GetObject, `instance` for RunInstances) among the required
 * ones, else the shortest. The other required types are named: some actions need them all (RunInstances),
 * others any one of them, and the IAM data does not say which.
 */
function arnAdvice(action: ActionInfo): string {
  let advice = advices.get(action);
  if (advice === undefined) {
    advice = arnAdviceUncached(action);
    advices.set(action, advice);
  }
  return advice;
}

// Keyed by the IAM data's actions, which live for the run: bounded by the data, not by the policies.
const advices = new Map<ActionInfo, string>();

/** No resource type is required and none is the one the action is named after: it takes any of them. */
function isOpenEnded(action: ActionInfo): boolean {
  let open = openEnded.get(action);
  if (open === undefined) {
    const types = actionResourceTypes(action);
    const main = mainResourceType(action);
    open = types.length > 1 && main !== undefined && !types.some((t) => t.required) && !namesResourceType(action, main);
    openEnded.set(action, open);
  }
  return open;
}

const openEnded = new Map<ActionInfo, boolean>();

/** The advice with the first format another action of the statement is scoped to, when the action takes it. */
function arnAdviceNear(action: ActionInfo, near: readonly (string | undefined)[]): string {
  const types = actionResourceTypes(action);
  const arn = near.find((n) => types.some((t) => t.arn === n));
  return arn ? `${action.id} → ${arn}${otherTypes(types.length - 1)}` : arnAdvice(action);
}

function arnAdviceUncached(action: ActionInfo): string {
  const types = actionResourceTypes(action);
  const required = types.filter((t) => t.required);
  const main = mainResourceType(action) as ResourceTypeInfo;
  const others = required.filter((t) => t !== main).map((t) => t.name);
  // For an open-ended action the one format shown is only the shortest of those it takes
  // (apigateway:GET takes 45): say so, or it reads as the only one.
  const also = others.length > 0 ? ` (required types also include ${listSome(others, 4)})` : otherTypes(isOpenEnded(action) ? types.length - 1 : 0);
  return `${action.id} → ${main.arn}${also}`;
}

function otherTypes(n: number): string {
  return n === 0 ? '' : n === 1 ? ' (or its other resource type)' : ` (or any of its ${n} other resource types)`;
}

