/**
 * The name of an AWS managed policy from its ARN (`arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`
 * → `ViewOnlyAccess`), any partition or a placeholder for it; undefined for a customer managed
 * policy, whose account is not `aws` even when its name is `AdministratorAccess`.
 */
export function awsManagedPolicyName(arn: string): string | undefined {
  return AWS_MANAGED.exec(arn)?.[1];
}

const AWS_MANAGED = /^arn:(?:\$\{[^}]*\}|[^:$]+):iam::aws:policy\/(?:[^/]+\/)*([A-Za-z0-9+=,.@_-]+)$/;

/** The AWS managed policies that hand out administrator-level access (RULES.md's no-admin-managed-policy). */
export const ADMIN_MANAGED_POLICIES: ReadonlySet<string> = new Set(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess']);

/** Whether the ARN is one of ADMIN_MANAGED_POLICIES. */
export function isAdminManaged(arn: string): boolean {
  const name = awsManagedPolicyName(arn);
  return name !== undefined && ADMIN_MANAGED_POLICIES.has(name);
}
