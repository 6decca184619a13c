/**
 * invalid-policy-structure: elements IAM's grammar does not allow or requires.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { defineRule, type Target } from '../src/engine/rule.js';
import type { PolicyDocument, PrincipalBlock, Statement, ValueList } from '../src/policy/model.js';
import { actionResourceTypes, mainResourceType } from '../src/iam/resources.js';
import { grantedActions } from '../src/policy/granted.js';
import { isOpaque, listSome, statementLabel } from '../src/policy/queries.js';
import { POLICY_KINDS, type PolicyKind } from '../src/types.js';

const NEEDS_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['resource', 'trust', 'endpoint', 'rcp']);
const FORBIDS_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'scp']);
const NEEDS_RESOURCE: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'resource', 'endpoint', 'rcp']);
/** Repository policies of ECR (and the templates of new repositories' policies) apply to the repository they are set on and are written without Resource. */
const RESOURCE_IMPLIED = /^(AWS::ECR::(Repository|PublicRepository|RepositoryCreationTemplate)|aws_ecr_repository_policy|aws_ecrpublic_repository_policy|aws_ecr_repository|aws_ecrpublic_repository)$/;
function resourceImplied(policy: PolicyDocument): boolean {
  const type = policy.attachment.resource?.type;
  if (type !== undefined) return RESOURCE_IMPLIED.test(type);
  // A bare file: a resource policy of only ECR actions is a repository policy (AWS's examples are
  // saved without Resource: https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html).
  if (policy.kind !== 'resource') return false;
  const actions = policy.statements.flatMap((s) => [...(s.action?.values ?? []), ...(s.notAction?.values ?? [])]);
  return actions.length > 0 && actions.every((a) => /^ecr(-public)?:/i.test(a.value));
}

const NOTHING_MEANT: ReadonlySet<string> = new Set();

const KIND_LABEL: Record<PolicyKind, string> = {
  identity: 'identity',
  resource: 'resource',
  trust: 'trust',
  scp: 'service control (SCP)',
  rcp: 'resource control (RCP)',
  boundary: 'permissions boundary',
  endpoint: 'VPC endpoint',
};
/** A starting Statement per kind: a trust policy takes no Resource, resource policies and RCPs need a Principal, RCPs deny. */
const STATEMENT_EXAMPLE: Partial<Record<PolicyKind, string>> = {
  trust: '[{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]',
  resource: '[{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": [...], "Resource": [...]}]',
  endpoint: '[{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": [...], "Resource": [...]}]',
  rcp: '[{"Effect": "Deny", "Principal": "*", "Action": [...], "Resource": "*", "Condition": {...}}]',
};
const DEFAULT_STATEMENT_EXAMPLE = '[{"Effect": "Allow", "Action": [...], "Resource": [...]}]';

const NO_PRINCIPAL_WHY: Partial<Record<PolicyKind, string>> = {
  identity: 'the policy applies to the identity it is attached to',
  boundary: 'a boundary applies to the identity it is attached to',
  scp: 'an SCP applies to every principal in the accounts it is attached to',
};

const SINGLE_VALUED = new Set(['Effect', 'Version', 'Sid', 'Id']);

export default defineRule({
  meta: {
    id: 'invalid-policy-structure',
    severity: 'error',
    description: 'Unknown or missing policy elements, X with NotX, wrong value types, bad Effect',
    kinds: POLICY_KINDS,
    messages: {
      wrongType: '{{element}} must be {{expected}}, not {{found}}',
      wrongTypeHelp: 'Write {{element}} as {{expected}}',
      unknownElement: 'Unknown element "{{element}}"',
      unknownElementHelp: 'Use one of {{expected}}, or remove it',
      didYouMean: 'Did you mean "{{close}}"?',
      didYouMeanCase: 'Did you mean "{{close}}"? Element names are case-sensitive',
      notAnObject: 'A {{element}} must be an object, not {{found}}',
      notAnObjectHelp: 'Write the {{element}} as an object: {{example}}',
      duplicateElement: '"{{element}}" appears twice in one object: a JSON reader keeps one of them, so the other is lost (or the policy is rejected)',
      duplicateElementHelp: 'Merge the two "{{element}}" entries into one',
      duplicateValueHelp: 'Keep the "{{element}}" you mean and remove the other: it holds one value',
      duplicateKeyCase: '"{{element}}" repeats "{{first}}" in another case: condition keys are case-insensitive, so this is one key written twice',
      duplicateKeyCaseHelp: 'Merge the values of "{{element}}" into "{{first}}"',
      missingStatement: 'The policy has no Statement',
      missingStatementHelp: 'Add "Statement": {{example}}',
      missingElement: 'Statement {{statement}} has no {{element}}',
      missingElementHelp: 'Add {{fix}}',
      bothElements: 'Statement {{statement}} has both {{element}} and Not{{element}}',
      bothElementsHelp: 'Keep one of {{element}} and Not{{element}}',
      badEffect: 'Effect must be "Allow" or "Deny", not "{{effect}}"',
      badEffectHelp: 'Use {{fix}}',
      forbiddenElement: '{{element}} is not allowed in {{kind}} policies',
      forbiddenElementHelp: 'Remove {{element}}; {{why}}',
      rcpPrincipal: 'The Principal of an RCP must be "*", not {{found}}',
      rcpPrincipalHelp: 'Use "Principal": "*" and name them in a Condition instead: {{condition}}',
      rcpPrincipalPlainHelp: 'Use "Principal": "*" and name them in a Condition instead',
      rcpAllow: 'Statement {{statement}} uses "Effect": "Allow", which RCPs support only in the AWS-managed RCPFullAWSAccess',
      rcpAllowHelp: 'Use "Effect": "Deny" with a Condition for the access to block; RCPFullAWSAccess already lets everything else through',
    },
  },
  create(context) {
    const at = (policy: PolicyDocument): Target => ({ span: { start: policy.node.start, end: policy.node.start + 1 }, path: [] });
    const statementAt = (s: Statement): Target => ({ span: { start: s.node.start, end: s.node.start + 1 }, path: s.path });

    /** Elements a statement meant to write but misspelled (`action`, `Resources`): reported once, as unknown. */
    const misspelled = (policy: PolicyDocument, path: Statement['path']): Set<string> =>
      new Set(policy.problems.filter((p) => p.data.close && p.path.length === path.length + 1 && path.every((seg, i) => p.path[i] === seg)).map((p) => p.data.close as string));

    function checkStatement(policy: PolicyDocument, s: Statement): void {
      const label = statementLabel(s);
      const meant = policy.problems.length === 0 ? NOTHING_MEANT : misspelled(policy, s.path);
      if (!s.effect) {
        if (!s.keys.some((k) => k.value === 'Effect') && !meant.has('Effect')) {
          context.report({ messageId: 'missingElement', data: { statement: label, element: 'Effect' }, at: statementAt(s), suggestion: { messageId: 'missingElementHelp', data: { fix: '"Effect": "Allow" or "Effect": "Deny"' } } });
        }
      } else if (s.effect.value !== 'Allow' && s.effect.value !== 'Deny' && !s.effect.intrinsic) {
        const lower = s.effect.value.trim().toLowerCase();
        const fix = lower === 'deny' ? '"Deny"' : lower === 'allow' ? '"Allow"' : '"Allow" or "Deny"';
        context.report({ messageId: 'badEffect', data: { effect: s.effect.value }, at: s.effect, suggestion: { messageId: 'badEffectHelp', data: { fix } } });
      }
      bothElements(label, 'Action', s.action, s.notAction);
      bothElements(label, 'Resource', s.resource, s.notResource);
      bothElements(label, 'Principal', s.principal, s.notPrincipal);
      if (!s.action && !s.notAction && !meant.has('Action') && !meant.has('NotAction')) {
        context.report({ messageId: 'missingElement', data: { statement: label, element: 'Action' }, at: statementAt(s), suggestion: { messageId: 'missingElementHelp', data: { fix: '"Action": ["service:Action"]' } } });
      }
      if (!s.resource && !s.notResource && NEEDS_RESOURCE.has(policy.kind) && !resourceImplied(policy) && !meant.has('Resource') && !meant.has('NotResource')) {
        context.report({ messageId: 'missingElement', data: { statement: label, element: 'Resource' }, at: statementAt(s), suggestion: { messageId: 'missingElementHelp', data: { fix: resourceFix(s) } } });
      }
      const principal = s.principal ?? s.notPrincipal;
      if (!principal && NEEDS_PRINCIPAL.has(policy.kind) && policy.kindKnown && !meant.has('Principal') && !meant.has('NotPrincipal')) {
        const fix = policy.kind === 'rcp' ? '"Principal": "*"' : '"Principal": {"AWS": "arn:aws:iam::123456789012:root"}';
        context.report({ messageId: 'missingElement', data: { statement: label, element: 'Principal' }, at: statementAt(s), suggestion: { messageId: 'missingElementHelp', data: { fix } } });
      }
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html: not in a role trust
      // policy; https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html: not in an RCP.
      if (s.notPrincipal && (policy.kind === 'trust' || policy.kind === 'rcp') && !isOpaque(s.notPrincipal)) {
        const why = policy.kind === 'trust' ? 'name who may assume the role in Principal' : 'use "Principal": "*" and exempt principals with a Condition on aws:PrincipalArn';
        context.report({ messageId: 'forbiddenElement', data: { element: 'NotPrincipal', kind: KIND_LABEL[policy.kind] }, at: s.notPrincipal.key, suggestion: { messageId: 'forbiddenElementHelp', data: { element: 'NotPrincipal', why } } });
      }
      if (policy.kind === 'rcp') checkRcp(s, label);
      // An opaque element (a Terraform dynamic block, a null attribute) may well be absent once deployed.
      if (principal && FORBIDS_PRINCIPAL.has(policy.kind) && !isOpaque(principal)) {
        context.report({ messageId: 'forbiddenElement', data: { element: principal.key.value, kind: KIND_LABEL[policy.kind] }, at: principal.key, suggestion: { messageId: 'forbiddenElementHelp', data: { element: principal.key.value, why: NO_PRINCIPAL_WHY[policy.kind] ?? '' } } });
      }
      const resource = s.resource ?? s.notResource;
      if (resource && policy.kind === 'trust' && !isOpaque(resource)) {
        context.report({ messageId: 'forbiddenElement', data: { element: resource.key.value, kind: 'trust' }, at: resource.key, suggestion: { messageId: 'forbiddenElementHelp', data: { element: resource.key.value, why: 'a trust policy applies to its own role' } } });
      }
    }

    function bothElements(label: string, element: string, plain: ValueList | PrincipalBlock | undefined, negated: ValueList | PrincipalBlock | undefined): void {
      // An opaque one (`actions = lookup(statement.value, "actions", null)` beside `not_actions = ...`) may be absent at deploy time.
      if (plain && negated && !isOpaque(plain) && !isOpaque(negated)) {
        context.report({ messageId: 'bothElements', data: { statement: label, element }, at: negated.key, suggestion: { messageId: 'bothElementsHelp', data: { element } } });
      }
    }

    function checkRcp(s: Statement, label: string): void {
      if (s.principal && !s.principal.wildcard && !isOpaque(s.principal)) {
        const values = s.principal.entries.flatMap((e) => e.values.map((v) => ({ type: e.type.value, value: v.value })));
        // `{"AWS": "*"}` means the same as "*".
        if (values.some((v) => v.value !== '*')) {
          const condition = principalCondition(values);
          const found = listSome(values.map((v) => `"${v.value}"`), 3);
          context.report({ messageId: 'rcpPrincipal', data: { found }, at: s.principal.key, suggestion: condition ? { messageId: 'rcpPrincipalHelp', data: { condition } } : { messageId: 'rcpPrincipalPlainHelp' } });
        }
      }
      if (s.notAction && !isOpaque(s.notAction)) {
        const services = [...new Set(s.notAction.values.map((v) => v.value.split(':')[0]?.toLowerCase()).filter((v): v is string => !!v && /^[a-z0-9-]+$/.test(v)))];
        const excluded = listSome(s.notAction.values.map((v) => `"${v.value}"`), 3);
        const why = `RCPs need Action: list the ${services.length > 0 ? `${services.join(', ')} ` : ''}actions to deny instead of excluding ${excluded}`;
        context.report({ messageId: 'forbiddenElement', data: { element: 'NotAction', kind: KIND_LABEL.rcp }, at: s.notAction.key, suggestion: { messageId: 'forbiddenElementHelp', data: { element: 'NotAction', why } } });
      }
      if (s.effect?.value === 'Allow' && !s.effect.intrinsic && !isRcpFullAwsAccess(s)) {
        context.report({ messageId: 'rcpAllow', data: { statement: label }, at: s.effect, suggestion: { messageId: 'rcpAllowHelp' } });
      }
    }

    return {
      policy(policy) {
        for (const p of policy.problems) {
          if (p.messageId === 'unknownElement') {
            const close = p.data.close;
            const help = !close ? 'unknownElementHelp' : close.toLowerCase() === p.data.element?.toLowerCase() ? 'didYouMeanCase' : 'didYouMean';
            context.report({ messageId: 'unknownElement', data: p.data, at: p, suggestion: { messageId: help, data: p.data } });
          } else if (p.messageId === 'duplicateElement') {
            const cased = p.data.first !== undefined;
            // Two Effects (or Versions, Sids, Ids) cannot be merged: one value is meant.
            const help = cased ? 'duplicateKeyCaseHelp' : SINGLE_VALUED.has(p.data.element ?? '') ? 'duplicateValueHelp' : 'duplicateElementHelp';
            context.report({ messageId: cased ? 'duplicateKeyCase' : 'duplicateElement', data: p.data, at: p, suggestion: { messageId: help, data: p.data } });
          } else if (p.messageId === 'wrongType') {
            context.report({ messageId: 'wrongType', data: p.data, at: p, suggestion: { messageId: 'wrongTypeHelp', data: p.data } });
          } else {
            const example = p.data.element === 'statement' ? '{"Effect": "Allow", "Action": [...], "Resource": [...]}' : '{"Version": "2012-10-17", "Statement": [...]}';
            context.report({ messageId: p.messageId, data: p.data, at: p, suggestion: { messageId: 'notAnObjectHelp', data: { ...p.data, example } } });
          }
        }
        if (policy.node.type !== 'object') return;
        if (!policy.statementKey && !misspelled(policy, []).has('Statement')) {
          context.report({ messageId: 'missingStatement', at: at(policy), suggestion: { messageId: 'missingStatementHelp', data: { example: STATEMENT_EXAMPLE[policy.kind] ?? DEFAULT_STATEMENT_EXAMPLE } } });
          return;
        }
        for (const s of policy.statements) checkStatement(policy, s);
      },
    };
  },
});

/** RCPFullAWSAccess, the one RCP that may Allow: every principal, action and resource, unconditionally. */
function isRcpFullAwsAccess(s: Statement): boolean {
  const only = (list: ValueList | undefined): boolean => list !== undefined && list.values.length === 1 && list.values[0]?.value === '*';
  return !!s.principal?.wildcard && only(s.action) && only(s.resource) && !s.condition && !s.notAction && !s.notResource;
}

/**
 * The Condition that names an RCP's principals when they are all of one kind (accounts, IAM ARNs or
 * services); keys of different kinds in one Condition would all have to match, which means less.
 */
function principalCondition(values: { type: string; value: string }[]): string | undefined {
  const quote = (list: string[]): string => `[${list.map((v) => `"${v}"`).join(', ')}]`;
  const account = (v: { type: string; value: string }): string | undefined => (v.type === 'AWS' ? /^(?:arn:[\w-]+:iam::)?(\d{12})(?::root)?$/.exec(v.value)?.[1] : undefined);
  if (values.every((v) => account(v))) return `"Condition": {"StringEquals": {"aws:PrincipalAccount": ${quote(values.map((v) => account(v) as string))}}}`;
  if (values.every((v) => v.type === 'AWS' && v.value.startsWith('arn:'))) return `"Condition": {"ArnLike": {"aws:PrincipalArn": ${quote(values.map((v) => v.value))}}}`;
  if (values.every((v) => v.type === 'Service')) return `"Condition": {"StringEquals": {"aws:PrincipalServiceName": ${quote(values.map((v) => v.value))}}}`;
  return undefined;
}

/**
 * The Resource to add: the ARN formats of the resource types the statement's actions act on
 * (`sns:Publish` → a topic), else `"*"` when every action takes only that, else a generic ARN.
 */
function resourceFix(statement: Statement): string {
  const granted = grantedActions(statement);
  if (granted.everything || granted.actions.length === 0) return '"Resource": ["arn:..."]';
  // The type named after the action first (an object for s3:GetObject), then the others it takes (execute-api:Invoke's API or domain name).
  const formats = [...new Set(granted.actions.flatMap((a) => {
    const main = mainResourceType(a);
    return [...(main ? [main.arn] : []), ...actionResourceTypes(a).map((t) => t.arn)];
  }))];
  if (formats.length === 0) return granted.actions.every((a) => a.wildcardOnly) ? '"Resource": "*"' : '"Resource": ["arn:..."]';
  return `"Resource": [${formats.slice(0, 3).map((f) => `"${f}"`).join(', ')}${formats.length > 3 ? ', ...' : ''}]`;
}
