/**
 * no-allow-not-action: an Allow with NotAction grants every action except the listed ones,
 * including every action AWS adds later.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
 */
import { defineRule, type MessageData } from '../src/engine/rule.js';
import { expandAction, levelCounts, type ActionInfo } from '../src/iam/actions.js';
import { actionsForResources, literalService } from '../src/iam/arn.js';
import { prefixesForArnService, serviceKeys } from '../src/iam/data.js';
import { describeAccessLevels, describeLevelCounts } from '../src/iam/describe.js';
import { actionResourceTypes } from '../src/iam/resources.js';
import type { PolicyDocument, Statement } from '../src/policy/model.js';
import { isAllow, isEveryResource, isUnsetHalf, listSome, principalValues, statementLabel } from '../src/policy/queries.js';

/** Well-known sensitive actions, named in the suggestion when NotAction leaves them granted. */
const NOTABLE = ['iam:PassRole', 'iam:CreateAccessKey', 'sts:AssumeRole', 'kms:PutKeyPolicy', 's3:PutBucketPolicy', 'lambda:AddPermission', 'secretsmanager:GetSecretValue', 'organizations:LeaveOrganization'];

let allCounts: number[] | undefined;
function countsOfEverything(): number[] {
  allCounts ??= levelCounts(expandAction('*'));
  return allCounts;
}

/** What a role trust policy can grant at all: the sts actions on a role (sts:AssumeRole, sts:TagSession, ...). */
let trustActions: ActionInfo[] | undefined;
function actionsOnRoles(): ActionInfo[] {
  trustActions ??= expandAction('sts:*').filter((a) => actionResourceTypes(a).some((t) => t.name === 'role'));
  return trustActions;
}

/** The assume action a trust policy's principals call: SAML and OIDC federation have their own. */
function assumeActionFor(statement: Statement): string {
  const federated = principalValues(statement.principal, 'Federated').map((v) => v.value);
  if (federated.length === 0) return 'sts:AssumeRole';
  return federated.every((v) => v.includes(':saml-provider/')) ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
}

/** Read and List actions first: the usual need behind "everything but delete". */
function examplesOf(actions: readonly ActionInfo[]): string {
  const reads = actions.filter((a) => a.accessLevel === 'Read' || a.accessLevel === 'List');
  return listSome((reads.length > 0 ? reads : actions).map((a) => a.id), 4);
}

function listForResources({ applicable, resources }: { applicable: ActionInfo[]; resources: string[] }): { messageId: 'listForResources'; data: MessageData } {
  return { messageId: 'listForResources', data: { count: applicable.length, resources: listSome(resources, 3), levels: describeAccessLevels(applicable), examples: examplesOf(applicable) } };
}

export default defineRule({
  meta: {
    id: 'no-allow-not-action',
    severity: 'warning',
    description: 'Allow statements with NotAction, which grant every action not listed',
    kinds: ['identity', 'boundary', 'resource', 'trust'],
    speaksOfGrants: true,
    messages: {
      grants: 'Statement {{statement}} allows every action except {{excluded}}: {{count}} actions ({{levels}}), and any action AWS adds later',
      grantsTrust: 'Statement {{statement}} allows every action except {{excluded}}; in a trust policy that is {{count}} actions on the role ({{actions}}), and any AWS adds later',
      grantsOnResources: 'Statement {{statement}} allows every action except {{excluded}}; on {{resources}} that is {{count}} actions ({{levels}}), and any AWS adds later',
      grantsOnOwnResource: 'Statement {{statement}} allows every action except {{excluded}} on the resource the policy is attached to, and any action AWS adds later',
      grantsOpaque: 'Statement {{statement}} allows every action except {{excluded}}, part of which is only known at deploy time',
      listForResources: 'List the needed actions in Action instead; of what it grants, {{count}} actions act on {{resources}} ({{levels}}), e.g. {{examples}}',
      listNeeded: 'List the needed actions in Action instead; as written it grants actions of {{services}} services, including {{examples}}',
      listNeededPlain: 'List the needed actions in Action instead; as written it grants actions of {{services}} services',
      listTrust: 'List the needed action in Action instead, e.g. "Action": "{{assume}}"',
      listExamples: 'List the needed actions in Action instead, e.g. {{examples}}',
      listOfServices: 'List the needed {{services}} actions in Action instead',
      listOwn: 'List the needed actions in Action instead; only actions on the resource the policy is attached to take effect',
    },
  },
  create(context) {
    function check(policy: PolicyDocument, statement: Statement): void {
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
      // A trust or resource policy grants only actions on its own role or resource, not all of AWS.
      if (policy.kind === 'trust') {
        const granted = actionsOnRoles().filter((a) => !excludedIds.has(a.id));
        // `NotAction: sts:*` leaves nothing a trust policy could grant.
        if (granted.length === 0 && !opaque) return;
        const suggestion = { messageId: 'listTrust' as const, data: { assume: assumeActionFor(statement) } };
        if (opaque) context.report({ messageId: 'grantsOpaque', data: { statement: label, excluded }, at: notAction.key, suggestion });
        else context.report({ messageId: 'grantsTrust', data: { statement: label, excluded, count: granted.length, actions: listSome(granted.map((a) => a.id), 6) }, at: notAction.key, suggestion });
        return;
      }
      if (policy.kind === 'resource') {
        const onResources = applicableActions(statement, excludedIds);
        if (onResources && !opaque) {
          const { applicable, resources } = onResources;
          const suggestion = { messageId: 'listExamples' as const, data: { examples: examplesOf(applicable) } };
          context.report({ messageId: 'grantsOnResources', data: { statement: label, excluded, count: applicable.length, resources: listSome(resources, 3), levels: describeAccessLevels(applicable) }, at: notAction.key, suggestion });
          return;
        }
        const services = [...new Set([...excludedIds].map((id) => id.slice(0, id.indexOf(':'))))];
        const suggestion = onResources
          ? listForResources(onResources)
          : services.length > 0 && services.length <= 3
            ? { messageId: 'listOfServices' as const, data: { services: services.join(', ') } }
            : { messageId: 'listOwn' as const };
        context.report({ messageId: opaque ? 'grantsOpaque' : 'grantsOnOwnResource', data: { statement: label, excluded }, at: notAction.key, suggestion });
        return;
      }
      const suggestion = suggest(statement, excludedIds);
      if (opaque) {
        context.report({ messageId: 'grantsOpaque', data: { statement: label, excluded }, at: notAction.key, suggestion });
        return;
      }
      const less = levelCounts(excludedActions);
      const remaining = countsOfEverything().map((n, i) => n - (less[i] as number));
      const count = remaining.reduce((n, c) => n + c, 0);
      const levels = describeLevelCounts(remaining);
      context.report({ messageId: 'grants', data: { statement: label, excluded, count, levels }, at: notAction.key, suggestion });
    }

    /** The actions left granted that act on the statement's listed resources, when every resource names its service. */
    function applicableActions(statement: Statement, excluded: Set<string>): { applicable: ActionInfo[]; resources: string[] } | undefined {
      const resources = (statement.resource?.values ?? []).filter((r) => !isEveryResource(r)).map((r) => r.value);
      // Template placeholders hold colons (`${AWS::Partition}`): mask them so the service segment is found.
      const arnServices = resources.map((r) => literalService(r.replace(/\$\{[^}]*\}/g, (p) => p.replaceAll(':', '_'))));
      const notResource = statement.notResource && !isUnsetHalf(statement.resource, statement.notResource);
      if (resources.length === 0 || notResource || !arnServices.every((s) => s !== undefined)) return undefined;
      const prefixes = [...new Set(arnServices.flatMap((s) => prefixesForArnService(s as string)))];
      const candidates = prefixes.flatMap((p) => expandAction(`${p}:*`)).filter((a) => !excluded.has(a.id));
      const applicable = actionsForResources(candidates, resources);
      return applicable.length > 0 ? { applicable, resources } : undefined;
    }

    function suggest(statement: Statement, excluded: Set<string>): { messageId: 'listForResources' | 'listNeeded' | 'listNeededPlain'; data: MessageData } {
      const onResources = applicableActions(statement, excluded);
      if (onResources) return listForResources(onResources);
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
        for (const statement of policy.statements) check(policy, statement);
      },
    };
  },
});
