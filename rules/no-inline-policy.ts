/**
 * no-inline-policy: policies embedded in one user, group or role cannot be reused, versioned or
 * audited on their own.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html
 */
import { defineRule, type MessageData } from '../src/engine/rule.js';
import { listSome, principalLabel, holderLabel } from '../src/policy/queries.js';
import { formatPath } from '../src/source/path.js';

const SAM_NOUNS: Record<string, string> = { 'AWS::Serverless::Function': 'function', 'AWS::Serverless::StateMachine': 'state machine' };

export default defineRule({
  meta: {
    id: 'no-inline-policy',
    severity: 'warning',
    description: 'Inline policies on users, groups and roles',
    kinds: ['identity'],
    messages: {
      inlineOnPrincipal: '{{owner}} has an inline policy{{policyName}}',
      inlineResource: '{{owner}} is an inline policy of {{principals}}',
      inlineUnattached: '{{owner}} is an inline policy',
      inlineSam: '{{owner}} has an inline policy in {{property}}',
      moveToManagedTerraform: 'Move it to an aws_iam_policy and attach it with {{attachment}}, so it can be reused and versioned',
      moveToManagedSam:
        'Move its statements to an AWS::IAM::ManagedPolicy (e.g. {{policy}}) and list it in the {{noun}}\'s Policies as !Ref {{policy}}, so it can be reused and versioned',
      moveToManaged: 'Move it to an AWS::IAM::ManagedPolicy and attach it through its {{property}} property (or the principal\'s ManagedPolicyArns), so it can be reused and versioned',
      moveToGroupPolicy:
        'Move it to an AWS::IAM::ManagedPolicy attached through its Groups property to a group the user is in, so it can be reused and versioned (attached to the user itself, it is no-user-attached-policy\'s finding)',
      moveToGroupPolicyTerraform:
        'Move it to an aws_iam_policy attached with an aws_iam_group_policy_attachment to a group the user is in, so it can be reused and versioned (attached to the user itself, it is no-user-attached-policy\'s finding)',
      moveToGroupPolicyAccount:
        'Make it a customer managed policy (aws iam create-policy) and attach it to a group the user is in (aws iam attach-group-policy), then delete the inline one (aws iam delete-user-policy), so it can be reused and versioned',
      moveToManagedAccount: 'Make it a customer managed policy (aws iam create-policy) and attach it to the {{principal}} (aws iam attach-{{principal}}-policy), then delete the inline one (aws iam delete-{{principal}}-policy), so it can be reused and versioned',
    },
  },
  create(context) {
    // Both branches of an `Fn::If` PolicyDocument are separate documents of one inline policy: report it once.
    const reported = new Set<number>();
    return {
      policy(policy) {
        const { attachment } = policy;
        if (!attachment.inline || !attachment.declaredAt || !attachment.resource) return;
        if (reported.has(attachment.declaredAt.span.start)) return;
        reported.add(attachment.declaredAt.span.start);
        const principals = attachment.principals.map(principalLabel);
        const property = attachment.principals[0] ? `${capitalize(attachment.principals[0].type)}s` : 'Roles, Users or Groups';
        const { dialect } = policy;
        const terraform = dialect === 'terraform';
        // Named as the user wrote it: the Terraform type for Terraform input (.tf keeps it next to the CloudFormation twin).
        const type = (terraform && attachment.resource.terraformType) || attachment.resource.type;
        // An account snapshot (get-account-authorization-details) is changed with the AWS CLI, not a
        // template: its principals are named as IAM names them.
        const accountPrincipal = dialect === undefined ? (attachment.principals[0]?.type ?? /^AWS::IAM::(Role|User|Group)$/.exec(type)?.[1]?.toLowerCase()) : undefined;
        const owner = accountPrincipal ? `${capitalize(accountPrincipal)} "${attachment.resource.name}"` : holderLabel(type, attachment.resource.name);
        // SAM's Policies go to a role SAM creates: the function (or state machine) is what the author wrote them on.
        const sam = SAM_NOUNS[type];
        if (sam) {
          const [, logicalId, , ...property] = attachment.declaredAt.path;
          const policy = `${String(logicalId)}Policy`;
          context.report({
            messageId: 'inlineSam',
            data: { owner, property: formatPath(property) },
            at: attachment.declaredAt,
            suggestion: { messageId: 'moveToManagedSam', data: { policy, noun: sam } },
          });
          return;
        }
        // A user's policy goes to a group of the user: attached to the user, it would be no-user-attached-policy's finding.
        const ownerType = attachment.principals[0]?.type ?? /^(?:aws_iam_|AWS::IAM::)(role|user|group)/i.exec(type)?.[1]?.toLowerCase();
        const toGroup = ownerType === 'user' && attachment.principals.every((p) => p.type === 'user');
        const suggestion: { messageId: 'moveToManaged' | 'moveToManagedTerraform' | 'moveToManagedAccount' | 'moveToGroupPolicy' | 'moveToGroupPolicyTerraform' | 'moveToGroupPolicyAccount'; data: MessageData } = terraform
          ? toGroup
            ? { messageId: 'moveToGroupPolicyTerraform', data: {} }
            : { messageId: 'moveToManagedTerraform', data: { attachment: terraformAttachment(ownerType) } }
          : accountPrincipal
            ? toGroup
              ? { messageId: 'moveToGroupPolicyAccount', data: {} }
              : { messageId: 'moveToManagedAccount', data: { principal: accountPrincipal } }
            : toGroup
              ? { messageId: 'moveToGroupPolicy', data: {} }
              : { messageId: 'moveToManaged', data: { property } };
        const isPrincipalResource = /^(?:AWS::IAM::(?:Role|User|Group)|aws_iam_(?:role|user|group))$/.test(type);
        if (isPrincipalResource) {
          const policyName = attachment.policyName ? ` "${attachment.policyName}"` : '';
          context.report({ messageId: 'inlineOnPrincipal', data: { owner, policyName }, at: attachment.declaredAt, suggestion });
        } else if (principals.length > 0) {
          context.report({ messageId: 'inlineResource', data: { owner, principals: listSome(principals) }, at: attachment.declaredAt, suggestion });
        } else {
          context.report({ messageId: 'inlineUnattached', data: { owner }, at: attachment.declaredAt, suggestion });
        }
      },
    };
  },
});

function terraformAttachment(principalType: string | undefined): string {
  if (principalType) return `an aws_iam_${principalType}_policy_attachment`;
  return 'an aws_iam_role_policy_attachment, aws_iam_user_policy_attachment or aws_iam_group_policy_attachment';
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
