/**
 * invalid-policy-structure: elements IAM's grammar does not allow or requires.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { defineRule, type Target } from '../src/engine/rule.js';
import type { PolicyDocument, Statement } from '../src/policy/model.js';
import { statementLabel } from '../src/policy/queries.js';
import { POLICY_KINDS, type PolicyKind } from '../src/types.js';

const NEEDS_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['resource', 'trust', 'endpoint']);
const FORBIDS_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'scp']);
const NEEDS_RESOURCE: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'resource', 'endpoint', 'rcp']);

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
      notAnObject: 'A {{element}} must be an object, not {{found}}',
      duplicateElement: 'Element "{{element}}" appears twice',
      missingStatement: 'The policy has no Statement',
      missingStatementHelp: 'Add "Statement": [{"Effect": "Allow", "Action": [...], "Resource": [...]}]',
      missingElement: 'Statement {{statement}} has no {{element}}',
      missingElementHelp: 'Add {{fix}}',
      bothElements: 'Statement {{statement}} has both {{element}} and Not{{element}}',
      bothElementsHelp: 'Keep one of {{element}} and Not{{element}}',
      badEffect: 'Effect must be "Allow" or "Deny", not "{{effect}}"',
      badEffectHelp: 'Use "{{fix}}"',
      forbiddenElement: '{{element}} is not allowed in {{kind}} policies',
      forbiddenElementHelp: 'Remove {{element}}; {{why}}',
    },
  },
  create(context) {
    const at = (policy: PolicyDocument): Target => ({ span: { start: policy.node.start, end: policy.node.start + 1 }, path: [] });
    const statementAt = (s: Statement): Target => ({ span: { start: s.node.start, end: s.node.start + 1 }, path: s.path });

    function checkStatement(policy: PolicyDocument, s: Statement): void {
      const label = statementLabel(s);
      if (!s.effect) {
        if (!s.keys.some((k) => k.value === 'Effect')) {
          context.report({ messageId: 'missingElement', data: { statement: label, element: 'Effect' }, at: statementAt(s), suggestion: { messageId: 'missingElementHelp', data: { fix: '"Effect": "Allow" or "Effect": "Deny"' } } });
        }
      } else if (s.effect.value !== 'Allow' && s.effect.value !== 'Deny' && !s.effect.intrinsic) {
        const fix = s.effect.value.toLowerCase() === 'deny' ? 'Deny' : 'Allow';
        context.report({ messageId: 'badEffect', data: { effect: s.effect.value }, at: s.effect, suggestion: { messageId: 'badEffectHelp', data: { fix } } });
      }
      const pairs: [string, unknown, unknown][] = [
        ['Action', s.action, s.notAction],
        ['Resource', s.resource, s.notResource],
        ['Principal', s.principal, s.notPrincipal],
      ];
      for (const [element, plain, negated] of pairs) {
        if (plain && negated) {
          context.report({ messageId: 'bothElements', data: { statement: label, element }, at: (negated as { key: Target }).key, suggestion: { messageId: 'bothElementsHelp', data: { element } } });
        }
      }
      if (!s.action && !s.notAction) {
        context.report({ messageId: 'missingElement', data: { statement: label, element: 'Action' }, at: statementAt(s), suggestion: { messageId: 'missingElementHelp', data: { fix: '"Action": ["service:Action"]' } } });
      }
      if (!s.resource && !s.notResource && NEEDS_RESOURCE.has(policy.kind)) {
        context.report({ messageId: 'missingElement', data: { statement: label, element: 'Resource' }, at: statementAt(s), suggestion: { messageId: 'missingElementHelp', data: { fix: '"Resource": ["arn:..."]' } } });
      }
      const principal = s.principal ?? s.notPrincipal;
      if (!principal && NEEDS_PRINCIPAL.has(policy.kind) && policy.kindKnown) {
        context.report({ messageId: 'missingElement', data: { statement: label, element: 'Principal' }, at: statementAt(s), suggestion: { messageId: 'missingElementHelp', data: { fix: '"Principal": {"AWS": "arn:aws:iam::123456789012:root"}' } } });
      }
      if (principal && FORBIDS_PRINCIPAL.has(policy.kind)) {
        context.report({ messageId: 'forbiddenElement', data: { element: principal.key.value, kind: policy.kind }, at: principal.key, suggestion: { messageId: 'forbiddenElementHelp', data: { element: principal.key.value, why: 'the policy applies to the identity it is attached to' } } });
      }
      const resource = s.resource ?? s.notResource;
      if (resource && policy.kind === 'trust') {
        context.report({ messageId: 'forbiddenElement', data: { element: resource.key.value, kind: 'trust' }, at: resource.key, suggestion: { messageId: 'forbiddenElementHelp', data: { element: resource.key.value, why: 'a trust policy applies to its own role' } } });
      }
    }

    return {
      policy(policy) {
        for (const p of policy.problems) {
          if (p.messageId === 'unknownElement') {
            context.report({ messageId: 'unknownElement', data: p.data, at: p, suggestion: { messageId: 'unknownElementHelp', data: p.data } });
          } else context.report({ messageId: p.messageId, data: p.data, at: p });
        }
        if (policy.node.type !== 'object') return;
        if (!policy.statementKey) {
          context.report({ messageId: 'missingStatement', at: at(policy), suggestion: { messageId: 'missingStatementHelp' } });
          return;
        }
        for (const s of policy.statements) checkStatement(policy, s);
      },
    };
  },
});
