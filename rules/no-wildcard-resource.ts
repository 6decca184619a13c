/**
 * no-wildcard-resource: `Resource: "*"` in an unconditioned Allow for actions that can be scoped
 * to resource ARNs. Wildcard-only actions (no resource types in the IAM data) are never reported.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 */
import { defineRule } from '../src/engine/rule.js';
import { expandAction, parseAction, type ActionInfo } from '../src/iam/actions.js';
import { actionResourceTypes, arnTypeCount, mainResourceType, type ResourceTypeInfo } from '../src/iam/resources.js';
import { hasWildcard } from '../src/iam/wildcard.js';
import type { Located, Statement } from '../src/policy/model.js';
import { hasCondition, isAllow, isEveryResource, listSome, statementLabel } from '../src/policy/queries.js';

/** How one Action entry counts: the actions it names that take resource ARNs, if the entry is reported at all. */
interface EntryVerdict {
  total: number;
  scoped: ActionInfo[];
}

const SHOWN_FORMATS = 5;

export default defineRule({
  meta: {
    id: 'no-wildcard-resource',
    severity: 'warning',
    description: 'Resource "*" for actions that support resource-level permissions',
    kinds: ['identity', 'boundary'],
    messages: {
      wildcard: 'Statement {{statement}} allows {{count}} that can be scoped to resource ARNs on every resource ("*") without a Condition: {{actions}}',
      scope: 'Name the resources instead of "*": {{formats}}',
      scopeAndSplit: 'Name the resources instead of "*": {{formats}}. Move {{wildcardOnly}} (which need "*") to a statement of their own with Resource "*"',
    },
  },
  create(context) {
    function check(statement: Statement): void {
      if (!isAllow(statement) || hasCondition(statement) || !statement.action) return;
      const star = statement.resource?.values.find(isEveryResource);
      if (!star) return;
      const entries = statement.action.values.filter((a) => !a.intrinsic && !a.value.includes('${'));
      // Every action of every service on "*" is no-wildcard-action's error to report; this rule adding a
      // second finding to the same statement would only repeat it.
      if (entries.some((a) => isEveryAction(a.value))) return;
      const judged: { text: string; total: number; scoped: ActionInfo[] }[] = [];
      const wildcardOnly: string[] = [];
      for (const entry of entries) {
        const verdict = judge(entry.value);
        if (verdict === undefined) continue;
        if (verdict.scoped.length === 0) wildcardOnly.push(entry.value);
        else judged.push({ text: entry.value, ...verdict });
      }
      if (judged.length === 0) return;
      // Each entry's first action leads, so the formats shown cover every entry before a pattern's long tail.
      // One entry's actions are already unique and in order: no merge needed.
      let actions: readonly ActionInfo[];
      if (judged.length === 1) actions = (judged[0] as (typeof judged)[number]).scoped;
      else {
        const scoped = new Map<string, ActionInfo>();
        for (const e of judged) scoped.set((e.scoped[0] as ActionInfo).id, e.scoped[0] as ActionInfo);
        for (const e of judged) for (const a of e.scoped) if (!scoped.has(a.id)) scoped.set(a.id, a);
        actions = [...scoped.values()];
      }
      const labels = [...new Set(judged.map((e) => (hasWildcard(e.text) ? `${e.text} (${e.scoped.length} of its ${e.total} actions)` : (e.scoped[0] as ActionInfo).id)))];
      const formats = actions.slice(0, SHOWN_FORMATS).map(arnAdvice);
      const formatText = actions.length > SHOWN_FORMATS ? `${formats.join('; ')}; and ${actions.length - SHOWN_FORMATS} more` : formats.join('; ');
      context.report({
        messageId: 'wildcard',
        data: { statement: statementLabel(statement), count: `${actions.length} action${actions.length === 1 ? '' : 's'}`, actions: listSome(labels, 4) },
        at: star,
        suggestion:
          wildcardOnly.length > 0
            ? { messageId: 'scopeAndSplit', data: { formats: formatText, wildcardOnly: listSome(wildcardOnly, 4) } }
            : { messageId: 'scope', data: { formats: formatText } },
      });
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) check(statement);
      },
    };
  },
});

function isEveryAction(text: string): boolean {
  return text === '*' || text === '*:*';
}

// Policies such as ReadOnlyAccess list thousands of patterns and AWS's managed policies repeat them: each is judged once.
const verdicts = new Map<string, EntryVerdict | null>();

/**
 * An explicit action counts when it takes resource ARNs; a pattern (`s3:Get*`, `sqs:*`) when more
 * than half of the actions it expands to do, and then it names those. Undefined for entries the rule
 * does not judge: unknown actions (unknown-action's) and wildcards across services (`*:Get*`), whose
 * scope is no-wildcard-action's concern.
 */
function judge(text: string): EntryVerdict | undefined {
  // The text as written first: entries repeat verbatim, and lower-casing each costs a string.
  let verdict = verdicts.get(text);
  if (verdict === undefined) {
    const key = text.toLowerCase();
    verdict = verdicts.get(key);
    if (verdict === undefined) {
      verdict = judgeUncached(text) ?? null;
      verdicts.set(key, verdict);
    }
    verdicts.set(text, verdict);
  }
  return verdict ?? undefined;
}

function judgeUncached(text: string): EntryVerdict | undefined {
  const parsed = parseAction(text);
  if (!parsed || hasWildcard(parsed.service)) return undefined;
  const expanded = expandAction(text);
  if (expanded.length === 0) return undefined;
  // Sorted, so the actions a suggestion shows first do not depend on the IAM data's order.
  const scoped = expanded.filter(takesArns).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { total: expanded.length, scoped: scoped.length * 2 > expanded.length ? scoped : [] };
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
  const types = actionResourceTypes(action);
  const required = types.filter((t) => t.required);
  const main = mainResourceType(action) as ResourceTypeInfo;
  const others = required.filter((t) => t !== main).map((t) => t.name);
  const also = others.length > 0 ? ` (required types also include ${listSome(others, 4)})` : '';
  return `${action.id} → ${main.arn}${also}`;
}

