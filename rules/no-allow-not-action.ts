/**
 * no-allow-not-action: an Allow with NotAction grants every action except the listed ones,
 * including every action AWS adds later.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
 */
import { defineRule, type MessageData } from '../src/engine/rule.js';
import { ACCESS_LEVELS, countByAccessLevel, expandAction, type AccessLevel, type ActionInfo } from '../src/iam/actions.js';
import { actionsForResources, literalService } from '../src/iam/arn.js';
import { prefixesForArnService, serviceKeys } from '../src/iam/data.js';
import { describeAccessLevels } from '../src/iam/describe.js';
import type { Statement } from '../src/policy/model.js';
import { isAllow, isEveryResource, isUnsetHalf, listSome, statementLabel } from '../src/policy/queries.js';

/** Well-known sensitive actions, named in the suggestion when NotAction leaves them granted. */
const NOTABLE = ['iam:PassRole', 'iam:CreateAccessKey', 'sts:AssumeRole', 'kms:PutKeyPolicy', 's3:PutBucketPolicy', 'lambda:AddPermission', 'secretsmanager:GetSecretValue', 'organizations:LeaveOrganization'];

let allCounts: Map<AccessLevel, number> | undefined;
function countsOfEverything(): Map<AccessLevel, number> {
  allCounts ??= countByAccessLevel(expandAction('*'));
  return allCounts;
}

export default defineRule({
  meta: {
    id: 'no-allow-not-action',
    severity: 'warning',
    description: 'Allow statements with NotAction, which grant every action not listed',
    kinds: ['identity', 'boundary', 'resource', 'trust'],
    messages: {
      grants: 'Statement {{statement}} allows every action except {{excluded}}: {{count}} actions ({{levels}}), and any action AWS adds later',
      grantsOpaque: 'Statement {{statement}} allows every action except {{excluded}}, part of which is only known at deploy time',
      listForResources: 'List the needed actions in Action instead; of what it grants, {{count}} actions act on {{resources}} ({{levels}}), e.g. {{examples}}',
      listNeeded: 'List the needed actions in Action instead; as written it grants actions of {{services}} services, including {{examples}}',
      listNeededPlain: 'List the needed actions in Action instead; as written it grants actions of {{services}} services',
    },
  },
  create(context) {
    function check(statement: Statement): void {
      const notAction = statement.notAction;
      if (!notAction || !isAllow(statement)) return;
      if (isUnsetHalf(statement.action, notAction)) return;
      const excludedIds = new Set<string>();
      const excludedActions: ActionInfo[] = [];
      let opaque = false;
      for (const entry of notAction.values) {
        if (entry.intrinsic || entry.value.includes('${')) {
          opaque = true;
          continue;
        }
        for (const a of expandAction(entry.value)) {
          if (excludedIds.has(a.id)) continue;
          excludedIds.add(a.id);
          excludedActions.push(a);
        }
      }
      const label = statementLabel(statement);
      const excluded = listSome(notAction.values.map((v) => `"${v.value}"`), 4);
      const suggestion = suggest(statement, excludedIds);
      if (opaque) {
        context.report({ messageId: 'grantsOpaque', data: { statement: label, excluded }, at: notAction.key, suggestion });
        return;
      }
      const all = countsOfEverything();
      const less = countByAccessLevel(excludedActions);
      const remaining = ACCESS_LEVELS.map((level) => [level, (all.get(level) ?? 0) - (less.get(level) ?? 0)] as const).filter(([, n]) => n > 0);
      const count = remaining.reduce((n, [, c]) => n + c, 0);
      const levels = remaining.map(([level, n]) => `${level} ${n}`).join(', ');
      context.report({ messageId: 'grants', data: { statement: label, excluded, count, levels }, at: notAction.key, suggestion });
    }

    function suggest(statement: Statement, excluded: Set<string>): { messageId: 'listForResources' | 'listNeeded' | 'listNeededPlain'; data: MessageData } {
      const resources = (statement.resource?.values ?? []).filter((r) => !isEveryResource(r)).map((r) => r.value);
      // Template placeholders hold colons (`${AWS::Partition}`): mask them so the service segment is found.
      const arnServices = resources.map((r) => literalService(r.replace(/\$\{[^}]*\}/g, (p) => p.replaceAll(':', '_'))));
      const notResource = statement.notResource && !isUnsetHalf(statement.resource, statement.notResource);
      if (resources.length > 0 && !notResource && arnServices.every((s) => s !== undefined)) {
        const prefixes = [...new Set(arnServices.flatMap((s) => prefixesForArnService(s as string)))];
        const candidates = prefixes.flatMap((p) => expandAction(`${p}:*`)).filter((a) => !excluded.has(a.id));
        const applicable = actionsForResources(candidates, resources);
        if (applicable.length > 0) {
          const reads = applicable.filter((a) => a.accessLevel === 'Read' || a.accessLevel === 'List');
          return {
            messageId: 'listForResources' as const,
            data: { count: applicable.length, resources: listSome(resources, 3), levels: describeAccessLevels(applicable), examples: listSome((reads.length > 0 ? reads : applicable).map((a) => a.id), 4) },
          };
        }
      }
      const excludedServices = new Set([...excluded].map((id) => id.slice(0, id.indexOf(':'))));
      const fullyExcluded = [...excludedServices].filter((s) => expandAction(`${s}:*`).every((a) => excluded.has(a.id)));
      const services = serviceKeys().size - fullyExcluded.length;
      const notable = NOTABLE.filter((id) => !excluded.has(id));
      return notable.length > 0
        ? { messageId: 'listNeeded' as const, data: { services, examples: listSome(notable, 4) } }
        : { messageId: 'listNeededPlain' as const, data: { services } };
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) check(statement);
      },
    };
  },
});
