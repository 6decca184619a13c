/**
 * no-user-attached-policy: permissions attached to IAM users one by one drift apart and are hard
 * to review; AWS recommends granting them through groups, or roles with temporary credentials.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#use-groups-for-permissions
 */
import { defineRule, type MessageData } from '../src/engine/rule.js';
import type { IamPrincipal, PolicyDocument } from '../src/policy/model.js';
import { effectOf, listSome, principalLabel, holderLabel } from '../src/policy/queries.js';
import { isAdminManaged } from '../src/iam/managed-policies.js';

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
      managedOnUsers: 'The managed policy "{{policy}}" is attached directly to {{users}}',
      managedOnUser: 'User "{{user}}" has the managed policy {{policy}} attached directly',
      useMemberGroup: 'Attach it to group "{{group}}", which {{users}} already {{belong}} to, through {{property}}{{others}}',
      useMemberGroupAccount: 'Attach it to group "{{group}}", which {{users}} already {{belong}} to (aws iam attach-group-policy --group-name {{groupName}} --policy-arn {{arn}}), then detach it from {{them}} (aws iam detach-user-policy --user-name {{userName}} --policy-arn {{arn}}{{each}}){{others}}',
      groupHasPolicy: 'Group "{{group}}", which {{users}} already {{belong}} to, has the policy already: detach it from {{them}} (aws iam detach-user-policy --user-name {{userName}} --policy-arn {{arn}}{{each}})',
      useGroupTerraform: 'Create an aws_iam_group for {{users}}, {{attach}} and add {{them}} to it with an aws_iam_user_group_membership; for workloads, use a role instead',
      useGroup: 'Create an AWS::IAM::Group for {{users}}, attach the policy through {{property}} and add {{them}} to it; for workloads, use a role instead',
      useGroupAccount: 'Create an IAM group for {{users}}, give it the policy with {{property}} and add {{them}} to it (aws iam add-user-to-group); for workloads, use a role instead',
    },
  },
  create(context) {
    const reported = new Set<number>();

    /**
     * `; this would also grant it to its other member: user "bob"` (deny, for a Deny), or nothing when the
     * group has no other member or the input does not list them all (only an account snapshot does).
     */
    function othersText(group: IamPrincipal, users: readonly IamPrincipal[], policy: PolicyDocument | undefined): string {
      // A template or plan shows the members it adds; others may be added elsewhere.
      const others = (group.members ?? group.seenMembers ?? []).filter((m) => !users.includes(m));
      if (others.length === 0) return '';
      const effects = new Set(policy?.statements.map(effectOf) ?? []);
      const verb = effects.size === 1 && effects.has('Allow') ? 'grant' : effects.size === 1 && effects.has('Deny') ? 'deny' : 'apply';
      const count = others.length === 1 ? 'its other member' : `its ${others.length} other members`;
      const shown = group.members ? '' : ' this file shows';
      return `; this would also ${verb} it to ${count}${shown}: ${listSome(others.map(principalLabel), 3)}`;
    }

    /**
     * `advice` is the CloudFormation property, or the Terraform resources, that gives a group the policy;
     * in an account snapshot it is the AWS CLI command, and `arn` the managed policy's ARN.
     */
    function suggestion(
      users: readonly IamPrincipal[],
      advice: string | TerraformAdvice,
      account = false,
      managed?: { arn: string; attachedTo: (group: IamPrincipal) => boolean },
      policy?: PolicyDocument,
    ): { messageId: 'useMemberGroup' | 'useMemberGroupAccount' | 'groupHasPolicy' | 'useGroup' | 'useGroupTerraform' | 'useGroupAccount'; data: MessageData } {
      // Only a group every listed user is in: naming another would say they belong to it. Never for an
      // administrator-level AWS managed policy, which would go to every member of a shared group.
      const privileged = managed !== undefined && isAdminManaged(managed.arn);
      const group = privileged ? undefined : users[0]?.memberOf.find((g) => users.every((u) => u.memberOf.includes(g)));
      const names = users.length > 0 ? listSome(users.map(principalLabel), 3) : 'the user';
      if (group) {
        const belong = users.length > 1 ? 'belong' : 'belongs';
        if (account && managed) {
          const them = users.length > 1 ? 'the users' : 'the user';
          const cli = { group: group.name, users: names, belong, arn: managed.arn, them, userName: users.length > 1 ? 'USER' : cliName(users[0]!.name), each: users.length > 1 ? ', for each of them' : '' };
          if (managed.attachedTo(group)) return { messageId: 'groupHasPolicy', data: cli };
          return { messageId: 'useMemberGroupAccount', data: { ...cli, groupName: cliName(group.name), others: othersText(group, users, policy) } };
        }
        return { messageId: 'useMemberGroup', data: { group: group.name, users: names, belong, property: typeof advice === 'string' ? advice : advice.through, others: othersText(group, users, policy) } };
      }
      if (typeof advice !== 'string') return { messageId: 'useGroupTerraform', data: { users: names, attach: advice.create, them: users.length > 1 ? 'the users' : 'the user' } };
      return { messageId: account ? 'useGroupAccount' : 'useGroup', data: { users: names, property: advice, them: users.length > 1 ? 'the users' : 'the user' } };
    }

    return {
      policy(policy) {
        const { attachment } = policy;
        const users = attachment.principals.filter((p) => p.type === 'user');
        if (!attachment.declaredAt || !attachment.resource) return;
        const isUserResource = attachment.resource.type === 'AWS::IAM::User';
        // A user policy names its user by name: one not declared in the input is still a user.
        const userPolicy = attachment.resource.type === 'AWS::IAM::UserPolicy' || attachment.resource.type === 'aws_iam_user_policy';
        if (users.length === 0 && !userPolicy) return;
        // Each Fn::If version of a document shares its declaration: report it once.
        if (reported.has(attachment.declaredAt.span.start)) return;
        reported.add(attachment.declaredAt.span.start);
        const { dialect } = policy;
        const terraform = dialect === 'terraform';
        // An account snapshot (get-account-authorization-details) is changed with the AWS CLI, not a template.
        const account = dialect === undefined;
        // Named as the user wrote it: the Terraform type for Terraform input (.tf keeps it next to the CloudFormation twin).
        const type = (terraform && attachment.resource.terraformType) || attachment.resource.type;
        const owner = holderLabel(type, attachment.resource.name);
        const property = account ? 'aws iam put-group-policy' : "the group's Policies";
        if (isUserResource && users[0]) {
          const policyName = attachment.policyName ? ` "${attachment.policyName}"` : '';
          context.report({ messageId: 'inlineOnUser', data: { user: users[0].name, policyName }, at: attachment.declaredAt, suggestion: suggestion(users, property, account, undefined, policy) });
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
        if (account && !attachment.inline) {
          // A customer managed policy of the snapshot: its attachments are all in the snapshot.
          const arn = attachment.resource.name;
          const attachedTo = (group: IamPrincipal) => attachment.principals.includes(group);
          context.report({
            messageId: 'managedOnUsers',
            data: { policy: arn, users: userText },
            at: attachment.declaredAt,
            suggestion: suggestion(users, 'aws iam attach-group-policy', true, { arn, attachedTo }, policy),
          });
          return;
        }
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
          const account = dialect === undefined;
          const managed = { arn: arn.value, attachedTo: (group: IamPrincipal) => group.managedPolicyArns.some((a) => a.value === arn.value) };
          context.report({ messageId: 'managedOnUser', data: { user: principal.name, policy: `"${arn.value}"` }, at: arn, suggestion: suggestion([principal], advice, account, managed) });
        }
      },
    };
  },
});

/** The name an AWS CLI option takes: the last part of a user or group ARN. */
function cliName(name: string): string {
  return /^arn:[^:]*:iam::[^:]*:(?:user|group)\//.test(name) ? name.slice(name.lastIndexOf('/') + 1) : name;
}
