/**
 * no-user-attached-policy: permissions attached to IAM users one by one drift apart and are hard
 * to review; AWS recommends granting them through groups, or roles with temporary credentials.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#use-groups-for-permissions
 */
import { defineRule, type MessageData } from '../src/engine/rule.js';
import type { IamPrincipal } from '../src/policy/model.js';
import { listSome, principalLabel } from '../src/policy/queries.js';

/** How a group gets the policy, in Terraform: `through` after a group exists, `create` when one is made for it. */
interface TerraformAdvice {
  through: string;
  create: string;
}

const TERRAFORM_ATTACH: TerraformAdvice = {
  through: 'an aws_iam_group_policy_attachment',
  create: 'attach the policy to it with an aws_iam_group_policy_attachment',
};

// aws_iam_user_policy is inline: the group gets a managed copy rather than an inline one.
const TERRAFORM_MOVE: TerraformAdvice = {
  through: 'an aws_iam_policy and an aws_iam_group_policy_attachment',
  create: 'move the policy to an aws_iam_policy attached to it with an aws_iam_group_policy_attachment',
};

export default defineRule({
  meta: {
    id: 'no-user-attached-policy',
    severity: 'warning',
    description: 'Policies attached directly to IAM users rather than to groups or roles',
    kinds: ['identity'],
    messages: {
      inlineOnUser: 'User "{{user}}" has an inline policy{{policyName}} attached directly',
      policyOnUsers: '{{owner}} is attached directly to {{users}}',
      managedOnUser: 'User "{{user}}" has the managed policy {{policy}} attached directly',
      useMemberGroup: 'Attach it to group "{{group}}", which {{users}} already belongs to, through {{property}}',
      useGroupTerraform: 'Create an aws_iam_group for {{users}}, {{attach}} and add the user to it with an aws_iam_user_group_membership; for workloads, use a role instead',
      useGroup: 'Create an AWS::IAM::Group for {{users}}, attach the policy through {{property}} and add the user to it; for workloads, use a role instead',
      useGroupAccount: 'Create an IAM group for {{users}}, give it the policy with {{property}} and add the user to it (aws iam add-user-to-group); for workloads, use a role instead',
    },
  },
  create(context) {
    const reported = new Set<number>();

    /** `advice` is the CloudFormation property, or the Terraform resources, that gives a group the policy. */
    /** In an account snapshot `advice` is the AWS CLI command that gives a group the policy. */
    function suggestion(users: readonly IamPrincipal[], advice: string | TerraformAdvice, account = false): { messageId: 'useMemberGroup' | 'useGroup' | 'useGroupTerraform' | 'useGroupAccount'; data: MessageData } {
      const groups = users.flatMap((u) => u.memberOf);
      const shared = groups.find((g) => users.every((u) => u.memberOf.includes(g)));
      const group = shared ?? groups[0];
      const names = users.length > 0 ? listSome(users.map(principalLabel), 3) : 'the user';
      if (group) return { messageId: 'useMemberGroup', data: { group: group.name, users: names, property: typeof advice === 'string' ? advice : advice.through } };
      if (typeof advice !== 'string') return { messageId: 'useGroupTerraform', data: { users: names, attach: advice.create } };
      return { messageId: account ? 'useGroupAccount' : 'useGroup', data: { users: names, property: advice } };
    }

    return {
      policy(policy) {
        const { attachment } = policy;
        const users = attachment.principals.filter((p) => p.type === 'user');
        if (!attachment.declaredAt || !attachment.resource) return;
        const isUserResource = attachment.resource.type === 'AWS::IAM::User';
        if (users.length === 0 && attachment.resource.type !== 'AWS::IAM::UserPolicy') return;
        // Each Fn::If version of a document shares its declaration: report it once.
        if (reported.has(attachment.declaredAt.span.start)) return;
        reported.add(attachment.declaredAt.span.start);
        const { dialect } = policy;
        const terraform = dialect === 'terraform';
        // An account snapshot (get-account-authorization-details) is changed with the AWS CLI, not a template.
        const account = dialect === undefined;
        // Named as the user wrote it: the Terraform type for Terraform input (.tf keeps it next to the CloudFormation twin).
        const type = (terraform && attachment.resource.terraformType) || attachment.resource.type;
        const owner = `${type} "${attachment.resource.name}"`;
        const property = account ? 'aws iam put-group-policy' : "the group's Policies";
        if (isUserResource && users[0]) {
          const policyName = attachment.policyName ? ` "${attachment.policyName}"` : '';
          context.report({ messageId: 'inlineOnUser', data: { user: users[0].name, policyName }, at: attachment.declaredAt, suggestion: suggestion(users, property, account) });
          return;
        }
        const userText = users.length > 0 ? listSome(users.map(principalLabel), 3) : terraform ? 'a user not declared in this file' : 'a user outside this template';
        const advice = terraform
          ? type === 'aws_iam_policy'
            ? TERRAFORM_ATTACH
            : TERRAFORM_MOVE
          : attachment.resource.type === 'AWS::IAM::UserPolicy'
            ? 'an AWS::IAM::GroupPolicy'
            : "the policy's Groups property";
        context.report({
          messageId: 'policyOnUsers',
          data: { owner, users: userText },
          at: attachment.declaredAt,
          suggestion: suggestion(users, advice),
        });
      },
      principal(principal) {
        if (principal.type !== 'user') return;
        for (const arn of principal.managedPolicyArns) {
          const { dialect } = principal;
          const advice = dialect === 'terraform' ? TERRAFORM_ATTACH : dialect === undefined ? 'aws iam attach-group-policy' : "the group's ManagedPolicyArns";
          context.report({ messageId: 'managedOnUser', data: { user: principal.name, policy: `"${arn.value}"` }, at: arn, suggestion: suggestion([principal], advice, dialect === undefined) });
        }
      },
    };
  },
});
