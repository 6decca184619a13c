import type { PrincipalType } from '../../policy/model.js';
import type { PolicyKind } from '../../types.js';

/**
 * Where Terraform AWS provider resources hold IAM policy JSON, as `terraform show -json` renders
 * their values. The README's Terraform table is checked against this list by a test.
 */
export interface PlanPolicyAttribute {
  type: string;
  /** The attribute holding the JSON string; `block[].attribute` when `block` is set. */
  attribute: string;
  /** Undefined for data sources whose policy may be of any kind: the kind is then guessed. */
  kind?: PolicyKind;
  /** A data source (`data.aws_iam_policy_document`) rather than a managed resource. */
  data?: boolean;
  /** A list of nested blocks, each with its own policy (an `aws_iam_role`'s `inline_policy`). */
  block?: string;
  inline?: boolean;
  /** A reusable customer managed policy, which attachments may reference by ARN. */
  managed?: boolean;
  /** The attribute naming the user, group or role the inline policy belongs to. */
  owner?: { attribute: string; type: PrincipalType };
  /** Only when another attribute has this value; `orMissing` when it is the provider's default. */
  when?: { attribute: string; equals: string; orMissing?: boolean };
  /**
   * Optional and computed: a refresh reads the policy back from AWS, so in a state or plan it also holds
   * what a separate `type` resource sets. That copy is skipped when such a resource, whose `owner`
   * attribute names this one by its `self` attribute (and whose `name` is the block's `name`), is present.
   */
  computedFrom?: { type: string; owner: string; self: string; name?: string };
}

export const PLAN_POLICY_ATTRIBUTES: readonly PlanPolicyAttribute[] = [
  { type: 'aws_iam_policy', attribute: 'policy', kind: 'identity', managed: true },
  { type: 'aws_iam_role', attribute: 'assume_role_policy', kind: 'trust' },
  { type: 'aws_iam_role', block: 'inline_policy', attribute: 'policy', kind: 'identity', inline: true, computedFrom: { type: 'aws_iam_role_policy', owner: 'role', self: 'name', name: 'name' } },
  { type: 'aws_iam_role_policy', attribute: 'policy', kind: 'identity', inline: true, owner: { attribute: 'role', type: 'role' } },
  { type: 'aws_iam_user_policy', attribute: 'policy', kind: 'identity', inline: true, owner: { attribute: 'user', type: 'user' } },
  { type: 'aws_iam_group_policy', attribute: 'policy', kind: 'identity', inline: true, owner: { attribute: 'group', type: 'group' } },
  { type: 'aws_ssoadmin_permission_set_inline_policy', attribute: 'inline_policy', kind: 'identity', owner: { attribute: 'permission_set_arn', type: 'permission-set' } },
  { type: 'aws_s3_bucket_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_s3_bucket', attribute: 'policy', kind: 'resource', computedFrom: { type: 'aws_s3_bucket_policy', owner: 'bucket', self: 'bucket' } },
  { type: 'aws_s3_access_point', attribute: 'policy', kind: 'resource' },
  { type: 'aws_s3control_access_point_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_s3control_bucket_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_s3control_object_lambda_access_point_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_s3tables_table_bucket_policy', attribute: 'resource_policy', kind: 'resource' },
  { type: 'aws_sqs_queue_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sqs_queue', attribute: 'policy', kind: 'resource', computedFrom: { type: 'aws_sqs_queue_policy', owner: 'queue_url', self: 'url' } },
  { type: 'aws_sns_topic_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sns_topic', attribute: 'policy', kind: 'resource', computedFrom: { type: 'aws_sns_topic_policy', owner: 'arn', self: 'arn' } },
  { type: 'aws_kms_key', attribute: 'policy', kind: 'resource', computedFrom: { type: 'aws_kms_key_policy', owner: 'key_id', self: 'key_id' } },
  { type: 'aws_kms_replica_key', attribute: 'policy', kind: 'resource' },
  { type: 'aws_kms_external_key', attribute: 'policy', kind: 'resource' },
  { type: 'aws_kms_replica_external_key', attribute: 'policy', kind: 'resource' },
  { type: 'aws_kms_key_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_secretsmanager_secret_policy', attribute: 'policy', kind: 'resource' },
  // Optional and computed: Read sets it from GetResourcePolicy, so it copies an aws_secretsmanager_secret_policy.
  { type: 'aws_secretsmanager_secret', attribute: 'policy', kind: 'resource', computedFrom: { type: 'aws_secretsmanager_secret_policy', owner: 'secret_arn', self: 'arn' } },
  { type: 'aws_ecr_repository_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_ecr_registry_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_ecrpublic_repository_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_cloudwatch_log_resource_policy', attribute: 'policy_document', kind: 'resource' },
  { type: 'aws_cloudwatch_log_destination_policy', attribute: 'access_policy', kind: 'resource' },
  // access_policies is computed, read back from the domain policy resource (terraform-provider-aws #40056).
  { type: 'aws_opensearch_domain', attribute: 'access_policies', kind: 'resource', computedFrom: { type: 'aws_opensearch_domain_policy', owner: 'domain_name', self: 'domain_name' } },
  { type: 'aws_opensearch_domain_policy', attribute: 'access_policies', kind: 'resource' },
  { type: 'aws_elasticsearch_domain', attribute: 'access_policies', kind: 'resource', computedFrom: { type: 'aws_elasticsearch_domain_policy', owner: 'domain_name', self: 'domain_name' } },
  { type: 'aws_elasticsearch_domain_policy', attribute: 'access_policies', kind: 'resource' },
  // Optional and computed (IAMPolicyDocumentSchemaOptionalComputed): Read copies an aws_api_gateway_rest_api_policy.
  { type: 'aws_api_gateway_rest_api', attribute: 'policy', kind: 'resource', computedFrom: { type: 'aws_api_gateway_rest_api_policy', owner: 'rest_api_id', self: 'id' } },
  { type: 'aws_api_gateway_rest_api_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_backup_vault_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_efs_file_system_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_codeartifact_domain_permissions_policy', attribute: 'policy_document', kind: 'resource' },
  { type: 'aws_codeartifact_repository_permissions_policy', attribute: 'policy_document', kind: 'resource' },
  { type: 'aws_cloudwatch_event_bus_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_kinesis_resource_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_glue_resource_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_dynamodb_resource_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_glacier_vault', attribute: 'access_policy', kind: 'resource' },
  { type: 'aws_media_store_container_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_vpc_endpoint', attribute: 'policy', kind: 'endpoint' },
  { type: 'aws_vpc_endpoint_policy', attribute: 'policy', kind: 'endpoint' },
  { type: 'aws_organizations_policy', attribute: 'content', kind: 'scp', when: { attribute: 'type', equals: 'SERVICE_CONTROL_POLICY', orMissing: true } },
  { type: 'aws_organizations_policy', attribute: 'content', kind: 'rcp', when: { attribute: 'type', equals: 'RESOURCE_CONTROL_POLICY' } },
  { type: 'aws_iam_policy_document', attribute: 'json', data: true },
];

/** Resources that say which users, groups and roles a managed policy applies to, or who is in a group. */
export interface PlanLink {
  type: string;
  /** Attributes naming principals: a name or a list of names. */
  principals: { attribute: string; type: PrincipalType }[];
  /** The attribute with the managed policy ARN(s); unset for group membership. */
  policyArns?: string;
  /** Group membership: the attributes naming the users and the groups. */
  membership?: { users: string; groups: string };
}

export const PLAN_LINKS: readonly PlanLink[] = [
  { type: 'aws_iam_role_policy_attachment', principals: [{ attribute: 'role', type: 'role' }], policyArns: 'policy_arn' },
  { type: 'aws_iam_user_policy_attachment', principals: [{ attribute: 'user', type: 'user' }], policyArns: 'policy_arn' },
  { type: 'aws_iam_group_policy_attachment', principals: [{ attribute: 'group', type: 'group' }], policyArns: 'policy_arn' },
  {
    type: 'aws_iam_policy_attachment',
    principals: [
      { attribute: 'users', type: 'user' },
      { attribute: 'groups', type: 'group' },
      { attribute: 'roles', type: 'role' },
    ],
    policyArns: 'policy_arn',
  },
  { type: 'aws_iam_role', principals: [], policyArns: 'managed_policy_arns' },
  { type: 'aws_iam_role_policy_attachments_exclusive', principals: [{ attribute: 'role_name', type: 'role' }], policyArns: 'policy_arns' },
  { type: 'aws_iam_user_policy_attachments_exclusive', principals: [{ attribute: 'user_name', type: 'user' }], policyArns: 'policy_arns' },
  { type: 'aws_iam_group_policy_attachments_exclusive', principals: [{ attribute: 'group_name', type: 'group' }], policyArns: 'policy_arns' },
  { type: 'aws_ssoadmin_managed_policy_attachment', principals: [{ attribute: 'permission_set_arn', type: 'permission-set' }], policyArns: 'managed_policy_arn' },
  { type: 'aws_iam_user_group_membership', principals: [], membership: { users: 'user', groups: 'groups' } },
  { type: 'aws_iam_group_membership', principals: [], membership: { users: 'users', groups: 'group' } },
];

/** Resource types that declare a principal, and which kind. */
export const PLAN_PRINCIPALS: Readonly<Record<string, PrincipalType>> = {
  aws_iam_user: 'user',
  aws_iam_group: 'group',
  aws_iam_role: 'role',
  aws_ssoadmin_permission_set: 'permission-set',
};
