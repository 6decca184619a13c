/**
 * invalid-policy-structure: elements IAM's grammar does not allow or requires.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { defineRule, type Target } from '../src/engine/rule.js';
import type { PolicyDocument, PrincipalBlock, Statement, ValueList } from '../src/policy/model.js';
import { isOpaque, statementLabel } from '../src/policy/queries.js';
import { POLICY_KINDS, type PolicyKind } from '../src/types.js';

const NEEDS_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['resource', 'trust', 'endpoint']);
const FORBIDS_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'scp']);
const NEEDS_RESOURCE: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'resource', 'endpoint', 'rcp']);
/** Repository policies of ECR apply to the repository they are set on and are written without Resource. */
const RESOURCE_IMPLIED = /^(AWS::ECR::(Repository|PublicRepository)|aws_ecr_repository_policy|aws_ecrpublic_repository_policy|aws_ecr_repository|aws_ecrpublic_repository)$/;
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
const NO_PRINCIPAL_WHY: Partial<Record<PolicyKind, string>> = {
  identity: 'the policy applies to the identity it is attached to',
  boundary: 'a boundary applies to the identity it is attached to',
  scp: 'an SCP applies to every principal in the accounts it is attached to',
};

export default defineRule({
  meta: {
    id: 'invalid-policy-structure',
    severity: 'error',
    description: 'Unknown or missing policy elements, X with NotX, wrong value types, bad Effect',
    kinds: POLICY_KINDS,
    messages: {
      wrongType: '{{element}} must be {{expected}}, not {{found}}',
      unknownElement: 'Unknown element "{{element}}"',
      unknownElementHelp: 'Use one of {{expected}}, or remove it',
      didYouMean: 'Did you mean "{{close}}"?',
      didYouMeanCase: 'Did you mean "{{close}}"? Element names are case-sensitive',
      notAnObject: 'A {{element}} must be an object, not {{found}}',
      duplicateElement: 'Element "{{element}}" appears twice',
      missingStatement: 'The policy has no Statement',
      missingStatementHelp: 'Add "Statement": [{"Effect": "Allow", "Action": [...], "Resource": [...]}]',
      missingElement: 'Statement {{statement}} has no {{element}}',
      missingElementHelp: 'Add {{fix}}',
      bothElements: 'Statement {{statement}} has both {{element}} and Not{{element}}',
      bothElementsHelp: 'Keep one of {{element}} and Not{{element}}',
      badEffect: 'Effect must be "Allow" or "Deny", not "{{effect}}"',
      badEffectHelp: 'Use {{fix}}',
      forbiddenElement: '{{element}} is not allowed in {{kind}} policies',
      forbiddenElementHelp: 'Remove {{element}}; {{why}}',
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
      const pairs: [string, ValueList | PrincipalBlock | undefined, ValueList | PrincipalBlock | undefined][] = [
        ['Action', s.action, s.notAction],
        ['Resource', s.resource, s.notResource],
        ['Principal', s.principal, s.notPrincipal],
      ];
      for (const [element, plain, negated] of pairs) {
        // An opaque one (`actions = lookup(statement.value, "actions", null)` beside `not_actions = ...`) may be absent at deploy time.
        if (plain && negated && !isOpaque(plain) && !isOpaque(negated)) {
          context.report({ messageId: 'bothElements', data: { statement: label, element }, at: negated.key, suggestion: { messageId: 'bothElementsHelp', data: { element } } });
        }
      }
      if (!s.action && !s.notAction && !meant.has('Action') && !meant.has('NotAction')) {
        context.report({ messageId: 'missingElement', data: { statement: label, element: 'Action' }, at: statementAt(s), suggestion: { messageId: 'missingElementHelp', data: { fix: '"Action": ["service:Action"]' } } });
      }
      if (!s.resource && !s.notResource && NEEDS_RESOURCE.has(policy.kind) && !resourceImplied(policy) && !meant.has('Resource') && !meant.has('NotResource')) {
        context.report({ messageId: 'missingElement', data: { statement: label, element: 'Resource' }, at: statementAt(s), suggestion: { messageId: 'missingElementHelp', data: { fix: '"Resource": ["arn:..."]' } } });
      }
      const principal = s.principal ?? s.notPrincipal;
      if (!principal && NEEDS_PRINCIPAL.has(policy.kind) && policy.kindKnown && !meant.has('Principal') && !meant.has('NotPrincipal')) {
        context.report({ messageId: 'missingElement', data: { statement: label, element: 'Principal' }, at: statementAt(s), suggestion: { messageId: 'missingElementHelp', data: { fix: '"Principal": {"AWS": "arn:aws:iam::123456789012:root"}' } } });
      }
      // An opaque element (a Terraform dynamic block, a null attribute) may well be absent once deployed.
      if (principal && FORBIDS_PRINCIPAL.has(policy.kind) && !isOpaque(principal)) {
        context.report({ messageId: 'forbiddenElement', data: { element: principal.key.value, kind: KIND_LABEL[policy.kind] }, at: principal.key, suggestion: { messageId: 'forbiddenElementHelp', data: { element: principal.key.value, why: NO_PRINCIPAL_WHY[policy.kind] ?? '' } } });
      }
      const resource = s.resource ?? s.notResource;
      if (resource && policy.kind === 'trust' && !isOpaque(resource)) {
        context.report({ messageId: 'forbiddenElement', data: { element: resource.key.value, kind: 'trust' }, at: resource.key, suggestion: { messageId: 'forbiddenElementHelp', data: { element: resource.key.value, why: 'a trust policy applies to its own role' } } });
      }
    }

    return {
      policy(policy) {
        for (const p of policy.problems) {
          if (p.messageId === 'unknownElement') {
            const close = p.data.close;
            const help = !close ? 'unknownElementHelp' : close.toLowerCase() === p.data.element?.toLowerCase() ? 'didYouMeanCase' : 'didYouMean';
            context.report({ messageId: 'unknownElement', data: p.data, at: p, suggestion: { messageId: help, data: p.data } });
          } else context.report({ messageId: p.messageId, data: p.data, at: p });
        }
        if (policy.node.type !== 'object') return;
        if (!policy.statementKey && !misspelled(policy, []).has('Statement')) {
          context.report({ messageId: 'missingStatement', at: at(policy), suggestion: { messageId: 'missingStatementHelp' } });
          return;
        }
        for (const s of policy.statements) checkStatement(policy, s);
      },
    };
  },
});
