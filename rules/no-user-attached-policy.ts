/**
 * no-user-attached-policy: permissions attached to IAM users one by one drift apart and are hard
 * to review; AWS recommends granting them through groups, or roles with temporary credentials.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#use-groups-for-permissions
 */
import { defineRule, type MessageData } from '../src/engine/rule.js';
import type { IamPrincipal } from '../src/policy/model.js';
import { listSome, principalLabel } from '../src/policy/queries.js';

// Terraform users are named by address (`module.app.aws_iam_user.ci`), CloudFormation ones by logical id or ARN.
const TERRAFORM_USER = /^(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*aws_iam_user\.[\w-]+(?:\[[^\]]*\])?$/;

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
      useGroupTerraform: 'Create an aws_iam_group for {{users}}, attach the policy with {{property}} and add the user to it with an aws_iam_user_group_membership; for workloads, use a role instead',
      useGroup: 'Create an AWS::IAM::Group for {{users}}, attach the policy through {{property}} and add the user to it; for workloads, use a role instead',
    },
  },
  create(context) {
    const reported = new Set<number>();

    function suggestion(users: readonly IamPrincipal[], property: string, terraform = false): { messageId: 'useMemberGroup' | 'useGroup' | 'useGroupTerraform'; data: MessageData } {
      const groups = users.flatMap((u) => u.memberOf);
      const shared = groups.find((g) => users.every((u) => u.memberOf.includes(g)));
      const group = shared ?? groups[0];
      const names = listSome(users.map(principalLabel), 3);
      return group
        ? { messageId: 'useMemberGroup' as const, data: { group: group.name, users: names, property } }
        : { messageId: terraform ? ('useGroupTerraform' as const) : ('useGroup' as const), data: { users: names, property } };
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
        const terraformType = attachment.resource.terraformType ?? (attachment.resource.type.startsWith('aws_') ? attachment.resource.type : undefined);
        // Named as the user wrote it: the Terraform type for Terraform input, the CloudFormation type otherwise.
        const owner = `${terraformType ?? attachment.resource.type} "${attachment.resource.name}"`;
        const property = "the group's Policies";
        if (isUserResource && users[0]) {
          const policyName = attachment.policyName ? ` "${attachment.policyName}"` : '';
          context.report({ messageId: 'inlineOnUser', data: { user: users[0].name, policyName }, at: attachment.declaredAt, suggestion: suggestion(users, property) });
          return;
        }
        const userText = users.length > 0 ? listSome(users.map(principalLabel), 3) : 'a user outside this template';
        const advice = terraformType
          ? terraformType === 'aws_iam_policy'
            ? 'an aws_iam_group_policy_attachment'
            : 'an aws_iam_policy and an aws_iam_group_policy_attachment'
          : attachment.resource.type === 'AWS::IAM::UserPolicy'
            ? 'an AWS::IAM::GroupPolicy'
            : "the policy's Groups property";
        context.report({
          messageId: 'policyOnUsers',
          data: { owner, users: userText },
          at: attachment.declaredAt,
          suggestion: users.length > 0 ? suggestion(users, advice, terraformType !== undefined) : { messageId: terraformType ? 'useGroupTerraform' : 'useGroup', data: { users: 'the user', property: advice } },
        });
      },
      principal(principal) {
        if (principal.type !== 'user') return;
        for (const arn of principal.managedPolicyArns) {
          const terraform = TERRAFORM_USER.test(principal.name);
          const property = terraform ? 'an aws_iam_group_policy_attachment' : "the group's ManagedPolicyArns";
          context.report({ messageId: 'managedOnUser', data: { user: principal.name, policy: `"${arn.value}"` }, at: arn, suggestion: suggestion([principal], property, terraform) });
        }
      },
    };
  },
});
