import type { PrincipalType } from '../../policy/model.js';
import type { PolicyKind } from '../../types.js';
import { getAttShape } from '../cloudformation/arn-shapes.js';

/**
 * Terraform resource types that hold a policy document, the attribute holding it, and the
 * CloudFormation type they match, so the rules that name resource types (no-inline-policy,
 * no-user-attached-policy) read a Terraform resource as its CloudFormation twin.
 */
export interface PolicyAttribute {
  type: string;
  attribute: string;
  kind: PolicyKind;
  cfnType: string;
  inline?: boolean;
  /** The attribute naming the user, group or role an inline policy belongs to. */
  owner?: { attribute: string; type: PrincipalType };
}

export const TF_POLICY_ATTRIBUTES: readonly PolicyAttribute[] = [
  { type: 'aws_iam_policy', attribute: 'policy', kind: 'identity', cfnType: 'AWS::IAM::ManagedPolicy' },
  { type: 'aws_iam_role', attribute: 'assume_role_policy', kind: 'trust', cfnType: 'AWS::IAM::Role' },
  { type: 'aws_iam_role_policy', attribute: 'policy', kind: 'identity', cfnType: 'AWS::IAM::RolePolicy', inline: true, owner: { attribute: 'role', type: 'role' } },
  { type: 'aws_iam_user_policy', attribute: 'policy', kind: 'identity', cfnType: 'AWS::IAM::UserPolicy', inline: true, owner: { attribute: 'user', type: 'user' } },
  { type: 'aws_iam_group_policy', attribute: 'policy', kind: 'identity', cfnType: 'AWS::IAM::GroupPolicy', inline: true, owner: { attribute: 'group', type: 'group' } },
  { type: 'aws_s3_bucket_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::S3::BucketPolicy' },
  { type: 'aws_s3_bucket', attribute: 'policy', kind: 'resource', cfnType: 'AWS::S3::BucketPolicy' },
  { type: 'aws_sqs_queue_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::SQS::QueuePolicy' },
  { type: 'aws_sqs_queue', attribute: 'policy', kind: 'resource', cfnType: 'AWS::SQS::QueuePolicy' },
  { type: 'aws_sns_topic_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::SNS::TopicPolicy' },
  { type: 'aws_sns_topic', attribute: 'policy', kind: 'resource', cfnType: 'AWS::SNS::TopicPolicy' },
  { type: 'aws_kms_key', attribute: 'policy', kind: 'resource', cfnType: 'AWS::KMS::Key' },
  { type: 'aws_ecr_repository_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::ECR::Repository' },
  { type: 'aws_secretsmanager_secret_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::SecretsManager::ResourcePolicy' },
  { type: 'aws_secretsmanager_secret', attribute: 'policy', kind: 'resource', cfnType: 'AWS::SecretsManager::ResourcePolicy' },
  { type: 'aws_cloudwatch_log_resource_policy', attribute: 'policy_document', kind: 'resource', cfnType: 'AWS::Logs::ResourcePolicy' },
  { type: 'aws_vpc_endpoint', attribute: 'policy', kind: 'endpoint', cfnType: 'AWS::EC2::VPCEndpoint' },
  { type: 'aws_vpc_endpoint_policy', attribute: 'policy', kind: 'endpoint', cfnType: 'AWS::EC2::VPCEndpoint' },
  { type: 'aws_ssoadmin_permission_set_inline_policy', attribute: 'inline_policy', kind: 'identity', cfnType: 'AWS::SSO::PermissionSet', owner: { attribute: 'permission_set_arn', type: 'permission-set' } },
  // The other resource policies the plan loader reads (terraform-plan/resource-types.ts), with their CloudFormation twins.
  { type: 'aws_s3_access_point', attribute: 'policy', kind: 'resource', cfnType: 'AWS::S3::AccessPoint' },
  { type: 'aws_s3control_access_point_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::S3::AccessPoint' },
  { type: 'aws_s3control_bucket_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::S3Outposts::BucketPolicy' },
  { type: 'aws_s3control_object_lambda_access_point_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::S3ObjectLambda::AccessPointPolicy' },
  { type: 'aws_s3tables_table_bucket_policy', attribute: 'resource_policy', kind: 'resource', cfnType: 'AWS::S3Tables::TableBucketPolicy' },
  { type: 'aws_kms_replica_key', attribute: 'policy', kind: 'resource', cfnType: 'AWS::KMS::ReplicaKey' },
  { type: 'aws_kms_external_key', attribute: 'policy', kind: 'resource', cfnType: 'AWS::KMS::Key' },
  { type: 'aws_kms_replica_external_key', attribute: 'policy', kind: 'resource', cfnType: 'AWS::KMS::ReplicaKey' },
  // A key policy managed apart from its key (to break a dependency cycle).
  { type: 'aws_kms_key_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::KMS::Key' },
  { type: 'aws_ecr_registry_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::ECR::RegistryPolicy' },
  { type: 'aws_ecrpublic_repository_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::ECR::PublicRepository' },
  { type: 'aws_cloudwatch_log_destination_policy', attribute: 'access_policy', kind: 'resource', cfnType: 'AWS::Logs::Destination' },
  { type: 'aws_opensearch_domain', attribute: 'access_policies', kind: 'resource', cfnType: 'AWS::OpenSearchService::Domain' },
  { type: 'aws_opensearch_domain_policy', attribute: 'access_policies', kind: 'resource', cfnType: 'AWS::OpenSearchService::Domain' },
  { type: 'aws_elasticsearch_domain', attribute: 'access_policies', kind: 'resource', cfnType: 'AWS::Elasticsearch::Domain' },
  { type: 'aws_elasticsearch_domain_policy', attribute: 'access_policies', kind: 'resource', cfnType: 'AWS::Elasticsearch::Domain' },
  { type: 'aws_api_gateway_rest_api', attribute: 'policy', kind: 'resource', cfnType: 'AWS::ApiGateway::RestApi' },
  { type: 'aws_api_gateway_rest_api_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::ApiGateway::RestApi' },
  { type: 'aws_backup_vault_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::Backup::BackupVault' },
  { type: 'aws_efs_file_system_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::EFS::FileSystem' },
  { type: 'aws_codeartifact_domain_permissions_policy', attribute: 'policy_document', kind: 'resource', cfnType: 'AWS::CodeArtifact::Domain' },
  { type: 'aws_codeartifact_repository_permissions_policy', attribute: 'policy_document', kind: 'resource', cfnType: 'AWS::CodeArtifact::Repository' },
  { type: 'aws_cloudwatch_event_bus_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::Events::EventBusPolicy' },
  { type: 'aws_kinesis_resource_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::Kinesis::ResourcePolicy' },
  { type: 'aws_glue_resource_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::Glue::ResourcePolicy' },
  { type: 'aws_dynamodb_resource_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::DynamoDB::Table' },
  { type: 'aws_glacier_vault', attribute: 'access_policy', kind: 'resource', cfnType: 'AWS::Glacier::Vault' },
  { type: 'aws_media_store_container_policy', attribute: 'policy', kind: 'resource', cfnType: 'AWS::MediaStore::Container' },
  // Its kind depends on its `type`: see organizationsKind.
  { type: 'aws_organizations_policy', attribute: 'content', kind: 'scp', cfnType: 'AWS::Organizations::Policy' },
];

/** SCP by default (as the provider defaults `type`), RCP when so typed, undefined for tag and backup policies. */
export function organizationsKind(type: string | undefined): PolicyKind | undefined {
  if (type === undefined || type === 'SERVICE_CONTROL_POLICY') return 'scp';
  if (type === 'RESOURCE_CONTROL_POLICY') return 'rcp';
  return undefined;
}

export const PRINCIPAL_RESOURCES: Record<string, PrincipalType> = {
  aws_iam_user: 'user',
  aws_iam_group: 'group',
  aws_iam_role: 'role',
  aws_ssoadmin_permission_set: 'permission-set',
};

/**
 * Resources that attach a managed policy: the attribute with the policy ARN, and the attributes
 * naming principals (one, or a list). The same in `.tf` and `.tf.json` files.
 */
export const ATTACHMENT_RESOURCES: Readonly<Record<string, { arn: string; to: readonly [attribute: string, type: PrincipalType, list: boolean][] }>> = {
  aws_iam_role_policy_attachment: { arn: 'policy_arn', to: [['role', 'role', false]] },
  aws_iam_user_policy_attachment: { arn: 'policy_arn', to: [['user', 'user', false]] },
  aws_iam_group_policy_attachment: { arn: 'policy_arn', to: [['group', 'group', false]] },
  aws_iam_policy_attachment: { arn: 'policy_arn', to: [['users', 'user', true], ['roles', 'role', true], ['groups', 'group', true]] },
  aws_ssoadmin_managed_policy_attachment: { arn: 'managed_policy_arn', to: [['permission_set_arn', 'permission-set', false]] },
};

/** `aws_iam_role.r.name` (or `.arn`, `.id`): the principal's resource type and name, in a regular expression's groups 1 and 2. */
export const PRINCIPAL_ATTRIBUTE_REFERENCE = `(${Object.keys(PRINCIPAL_RESOURCES).join('|')})\\.([\\w-]+)\\.(?:name|id|arn|unique_id)`;

/** The CloudFormation type and attribute whose ARN shape a Terraform type's `arn` has, and the attribute holding its name. */
const ARN_SHAPES: Record<string, [cfnType: string, attribute: string, nameAttribute: string]> = {
  aws_s3_bucket: ['AWS::S3::Bucket', 'Arn', 'bucket'],
  aws_sqs_queue: ['AWS::SQS::Queue', 'Arn', 'name'],
  aws_sns_topic: ['AWS::SNS::Topic', 'TopicArn', 'name'],
  aws_dynamodb_table: ['AWS::DynamoDB::Table', 'Arn', 'name'],
  aws_lambda_function: ['AWS::Lambda::Function', 'Arn', 'function_name'],
  aws_iam_role: ['AWS::IAM::Role', 'Arn', 'name'],
  aws_iam_user: ['AWS::IAM::User', 'Arn', 'name'],
  aws_iam_group: ['AWS::IAM::Group', 'Arn', 'name'],
  aws_iam_policy: ['AWS::IAM::ManagedPolicy', 'PolicyArn', 'name'],
  aws_iam_instance_profile: ['AWS::IAM::InstanceProfile', 'Arn', 'name'],
  aws_kms_key: ['AWS::KMS::Key', 'Arn', 'key_id'],
  aws_secretsmanager_secret: ['AWS::SecretsManager::Secret', 'Id', 'name'],
  aws_kinesis_stream: ['AWS::Kinesis::Stream', 'Arn', 'name'],
  aws_kinesis_firehose_delivery_stream: ['AWS::KinesisFirehose::DeliveryStream', 'Arn', 'name'],
  aws_cloudwatch_log_group: ['AWS::Logs::LogGroup', 'Arn', 'name'],
  aws_sfn_state_machine: ['AWS::StepFunctions::StateMachine', 'Arn', 'name'],
  aws_ecr_repository: ['AWS::ECR::Repository', 'Arn', 'name'],
  aws_ecs_cluster: ['AWS::ECS::Cluster', 'Arn', 'name'],
  aws_cloudwatch_event_bus: ['AWS::Events::EventBus', 'Arn', 'name'],
  aws_codecommit_repository: ['AWS::CodeCommit::Repository', 'Arn', 'repository_name'],
  aws_codebuild_project: ['AWS::CodeBuild::Project', 'Arn', 'name'],
  aws_cognito_user_pool: ['AWS::Cognito::UserPool', 'Arn', 'name'],
};

/**
 * The ARN pattern of `<type>.<name>.arn`, with the resource's literal name when it sets one;
 * the partition is taken to be `aws`, region and account stay unknown. The pattern is also the text
 * messages show, so its unknown parts are written as Terraform references a user could paste
 * (the data sources `aws_region` and `aws_caller_identity`), not CloudFormation's pseudo parameters.
 */
export function arnShape(type: string, address: string, literalName: (attribute: string) => string | undefined): string | undefined {
  const shape = ARN_SHAPES[type];
  if (!shape) return undefined;
  const [cfnType, attribute, nameAttribute] = shape;
  const name = literalName(nameAttribute) ?? '${' + address + '.' + nameAttribute + '}';
  // The CloudFormation shapes write the log group ARN with its `:*` suffix; Terraform's `arn` has none.
  const arn = getAttShape(cfnType, attribute, name)
    ?.replaceAll('${AWS::Partition}', 'aws')
    .replaceAll('${AWS::Region}', '${data.aws_region.current.name}')
    .replaceAll('${AWS::AccountId}', '${data.aws_caller_identity.current.account_id}');
  return type === 'aws_cloudwatch_log_group' ? arn?.replace(/:\*$/, '') : arn;
}
