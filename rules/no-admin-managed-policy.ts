/**
 * no-admin-managed-policy: AdministratorAccess, PowerUserAccess and IAMFullAccess attached to a
 * user, group, role or IAM Identity Center permission set give it (or let it give itself) nearly
 * every permission in the account.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html
 */
import { defineRule } from '../src/engine/rule.js';
import { grantedActions } from '../src/policy/granted.js';
import { asSub } from '../src/loaders/cloudformation/sub-advice.js';
import type { IacDialect, IamPrincipal, Located } from '../src/policy/model.js';
import type { SourceFile } from '../src/source/source-file.js';
import { isAllow, listSome, principalLabel } from '../src/policy/queries.js';
import { ADMIN_MANAGED_POLICIES, awsManagedPolicyName } from '../src/iam/managed-policies.js';

/** AWS managed policies live in account `aws`; a partition may be written out or come from `${AWS::Partition}`. */

const WHAT: Record<string, string> = {
  AdministratorAccess: 'every action on every resource',
  PowerUserAccess: 'every action except IAM, Organizations and Account management',
  IAMFullAccess: 'every IAM action, enough to grant itself anything',
};

export default defineRule({
  meta: {
    id: 'no-admin-managed-policy',
    severity: 'error',
    description: 'AdministratorAccess, PowerUserAccess or IAMFullAccess attached to a user, group or role',
    kinds: ['identity'],
    messages: {
      attached: '{{principal}} has the AWS managed policy {{policy}} attached, which allows {{what}}',
      readOnlyPlus: 'Attach {{arn}} instead, plus {{scoped}} granting only the writes {{principal}} needs{{services}}',
    },
  },
  create(context) {
    return {
      principal(principal) {
        for (const arn of principal.managedPolicyArns) {
          const name = awsManagedPolicyName(arn.value);
          if (name === undefined || !ADMIN_MANAGED_POLICIES.has(name)) continue;
          const readOnly = name === 'IAMFullAccess' ? 'IAMReadOnlyAccess' : 'ReadOnlyAccess';
          const services = usedServices(principal);
          context.report({
            messageId: 'attached',
            data: { principal: capitalize(principalLabel(principal)), policy: name, what: WHAT[name] as string },
            at: arn,
            suggestion: {
              messageId: 'readOnlyPlus',
              data: {
                arn: replacement(arn, readOnly, principal.dialect, context.file),
                // A permission set takes a customer managed policy only by a name each account must hold.
                scoped: principal.type === 'permission-set' ? 'an inline policy' : 'a customer managed policy',
                principal: principalLabel(principal),
                services: services.length > 0 ? ` (its other policies already use ${listSome(services, 5)})` : '',
              },
            },
          });
        }
      },
    };
  },
});

/**
 * The AWS managed policy to attach instead, written as the attached one is: a SAM policy name stays
 * a name, and in a template an ARN with `${AWS::Partition}` is an `Fn::Sub`, the only place
 * CloudFormation fills it in.
 */
function replacement(attached: Located, readOnly: string, dialect: IacDialect | undefined, file: SourceFile): string {
  const written = file.text.slice(attached.span.start, attached.span.end).replace(/^["']|["']$/g, '');
  if (dialect === 'cloudformation' && /^[A-Za-z]+$/.test(written)) return readOnly;
  const arn = `arn:${partitionFor(attached.value, dialect)}:iam::aws:policy/${readOnly}`;
  return dialect === 'cloudformation' && arn.includes('${') ? asSub(arn, file) : arn;
}

/**
 * The partition of the suggested ARN as the attached one writes it: a literal, or in Terraform the
 * expression the user wrote (`${data.aws_partition.current.partition}`, `${var.partition}`), which
 * `${AWS::Partition}` would not be.
 */
function partitionFor(arn: string, dialect: IacDialect | undefined): string {
  const written = /^arn:([^:]+):/.exec(arn)?.[1];
  if (written !== undefined && /^aws[\w-]*$/.test(written)) return written;
  if (dialect === 'terraform') return written ?? 'aws';
  return '${AWS::Partition}';
}

/** Services the principal's own Allow statements name, a starting point for the scoped policy. */
function usedServices(principal: IamPrincipal): string[] {
  const out = new Set<string>();
  for (const policy of principal.policies) {
    if (policy.kind !== 'identity') continue;
    for (const s of policy.statements) {
      if (!isAllow(s)) continue;
      const granted = grantedActions(s);
      if (granted.everything) continue;
      for (const a of granted.actions) out.add(a.service);
    }
  }
  return [...out].sort();
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
