/**
 * The infrastructure-as-code language a policy or principal was written in, so suggestions name
 * what its author can write: `${AWS::AccountId}` and `AWS::IAM::ManagedPolicy` in a template,
 * `data.aws_caller_identity` and `aws_iam_policy` in Terraform. Undefined for a bare policy file
 * and an account snapshot (`get-account-authorization-details`), which no IaC declares.
 */
import type { IamPrincipal, PolicyDocument } from './model.js';

export type IacDialect = 'cloudformation' | 'terraform';

// The loaders do not record their language; what each one sets tells it:
// - .tf: `resource.terraformType` next to the CloudFormation twin type; an unused
//   `data.aws_iam_policy_document` has no attachment but is located by its address.
// - plan/state JSON and aws_lambda_permission (both Terraform loaders): the Terraform type itself.
// - CloudFormation: every policy is located under the template's `Resources`.
// - Snapshot: `AWS::IAM::*` types too, but located under its own lists (`RoleDetailList[0]...`).
export function iacDialect(policy: PolicyDocument): IacDialect | undefined {
  const resource = policy.attachment.resource;
  if (resource && (resource.terraformType !== undefined || resource.type.startsWith('aws_'))) return 'terraform';
  if (policy.location.startsWith('data.')) return 'terraform';
  if (/^Resources[.[]/.test(policy.location)) return 'cloudformation';
  return undefined;
}

/** A Terraform address of a user, group or role, in a module or with an index or key. */
const TERRAFORM_PRINCIPAL = /^(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*aws_iam_(?:user|group|role)\.[\w-]+(?:\[[^\]]*\])?$/;

/**
 * Principals are named as their language names them: Terraform by address, CloudFormation by
 * logical id or CDK path (neither can look like an address), a snapshot by ARN. A template
 * principal is told from a snapshot one by where its policies and managed policy ARNs are written;
 * one with neither is undefined, but then no rule has anything of it to report.
 */
export function principalDialect(principal: IamPrincipal): IacDialect | undefined {
  if (TERRAFORM_PRINCIPAL.test(principal.name)) return 'terraform';
  if (principal.managedPolicyArns.some((arn) => arn.path[0] === 'Resources')) return 'cloudformation';
  for (const policy of principal.policies) {
    const dialect = iacDialect(policy);
    if (dialect) return dialect;
  }
  return undefined;
}
