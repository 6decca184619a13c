import type { PolicyKind } from '../../types.js';

/**
 * Where CloudFormation resource types hold IAM policy documents. `list` marks properties that
 * hold a list of `{PolicyName, PolicyDocument}` (inline policies); `attachTo` names the
 * properties that say which users, groups or roles the policy applies to.
 * The README's input table is generated from this list, and a test keeps them in step.
 * `AWS::Lambda::Permission`, whose properties make one statement, is read by ../lambda-permission.ts.
 */
export interface PolicyProperty {
  type: string;
  property: string;
  kind: PolicyKind;
  inline?: boolean;
  list?: boolean;
  attachTo?: { users?: string; groups?: string; roles?: string };
  /** Only when another property has this value (Organizations policies of type SCP or RCP). */
  when?: { property: string; equals: string };
  /** Not when this property is set without a condition (a SAM function given its own `Role`: SAM creates no role). */
  unless?: string;
  /** Why the property is then not read, for its "not read" notice (SAM's `Policies` only). */
  unlessWhy?: string;
  /**
   * AWS SAM's `Policies`: a managed policy name or ARN, a policy template, an inline document, or a
   * list of them; only the inline documents (objects with a `Statement`) are policies to lint.
   */
  sam?: boolean;
}

export const POLICY_PROPERTIES: readonly PolicyProperty[] = [
  { type: 'AWS::IAM::Role', property: 'AssumeRolePolicyDocument', kind: 'trust' },
  { type: 'AWS::IAM::Role', property: 'Policies', kind: 'identity', inline: true, list: true },
  { type: 'AWS::IAM::User', property: 'Policies', kind: 'identity', inline: true, list: true },
  { type: 'AWS::IAM::Group', property: 'Policies', kind: 'identity', inline: true, list: true },
  { type: 'AWS::IAM::Policy', property: 'PolicyDocument', kind: 'identity', inline: true, attachTo: { users: 'Users', groups: 'Groups', roles: 'Roles' } },
  { type: 'AWS::IAM::RolePolicy', property: 'PolicyDocument', kind: 'identity', inline: true, attachTo: { roles: 'RoleName' } },
  { type: 'AWS::IAM::UserPolicy', property: 'PolicyDocument', kind: 'identity', inline: true, attachTo: { users: 'UserName' } },
  { type: 'AWS::IAM::GroupPolicy', property: 'PolicyDocument', kind: 'identity', inline: true, attachTo: { groups: 'GroupName' } },
  { type: 'AWS::IAM::ManagedPolicy', property: 'PolicyDocument', kind: 'identity', attachTo: { users: 'Users', groups: 'Groups', roles: 'Roles' } },
  { type: 'AWS::SSO::PermissionSet', property: 'InlinePolicy', kind: 'identity' },
  // SAM ignores a function's Policies when it names its own Role.
  { type: 'AWS::Serverless::Function', property: 'Policies', kind: 'identity', inline: true, sam: true, unless: 'Role', unlessWhy: 'SAM ignores them when the function names its own Role' },
  // The trust policy of the role SAM creates for the function (Globals.Function can give it too: ./sam.ts).
  { type: 'AWS::Serverless::Function', property: 'AssumeRolePolicyDocument', kind: 'trust', unless: 'Role' },
  // SAM refuses a state machine given both Role and Policies ("Specify either 'Role' or 'Policies'").
  { type: 'AWS::Serverless::StateMachine', property: 'Policies', kind: 'identity', inline: true, sam: true, unless: 'Role', unlessWhy: 'SAM rejects a state machine that names both Role and Policies' },
  { type: 'AWS::S3::BucketPolicy', property: 'PolicyDocument', kind: 'resource' },
  { type: 'AWS::S3::AccessPoint', property: 'Policy', kind: 'resource' },
  { type: 'AWS::S3::MultiRegionAccessPointPolicy', property: 'Policy', kind: 'resource' },
  { type: 'AWS::S3ObjectLambda::AccessPointPolicy', property: 'PolicyDocument', kind: 'resource' },
  { type: 'AWS::S3Express::BucketPolicy', property: 'PolicyDocument', kind: 'resource' },
  { type: 'AWS::S3Tables::TableBucketPolicy', property: 'ResourcePolicy', kind: 'resource' },
  { type: 'AWS::SQS::QueuePolicy', property: 'PolicyDocument', kind: 'resource' },
  { type: 'AWS::SQS::QueueInlinePolicy', property: 'PolicyDocument', kind: 'resource' },
  { type: 'AWS::SNS::TopicPolicy', property: 'PolicyDocument', kind: 'resource' },
  { type: 'AWS::SNS::TopicInlinePolicy', property: 'PolicyDocument', kind: 'resource' },
  { type: 'AWS::KMS::Key', property: 'KeyPolicy', kind: 'resource' },
  { type: 'AWS::KMS::ReplicaKey', property: 'KeyPolicy', kind: 'resource' },
  { type: 'AWS::SecretsManager::ResourcePolicy', property: 'ResourcePolicy', kind: 'resource' },
  { type: 'AWS::ECR::Repository', property: 'RepositoryPolicyText', kind: 'resource' },
  { type: 'AWS::ECR::RegistryPolicy', property: 'PolicyText', kind: 'resource' },
  { type: 'AWS::Logs::ResourcePolicy', property: 'PolicyDocument', kind: 'resource' },
  { type: 'AWS::Logs::Destination', property: 'DestinationPolicy', kind: 'resource' },
  { type: 'AWS::OpenSearchService::Domain', property: 'AccessPolicies', kind: 'resource' },
  { type: 'AWS::Elasticsearch::Domain', property: 'AccessPolicies', kind: 'resource' },
  { type: 'AWS::ApiGateway::RestApi', property: 'Policy', kind: 'resource' },
  { type: 'AWS::Backup::BackupVault', property: 'AccessPolicy', kind: 'resource' },
  { type: 'AWS::EFS::FileSystem', property: 'FileSystemPolicy', kind: 'resource' },
  { type: 'AWS::CodeArtifact::Domain', property: 'PermissionsPolicyDocument', kind: 'resource' },
  { type: 'AWS::CodeArtifact::Repository', property: 'PermissionsPolicyDocument', kind: 'resource' },
  { type: 'AWS::Events::EventBus', property: 'Policy', kind: 'resource' },
  { type: 'AWS::Kinesis::ResourcePolicy', property: 'ResourcePolicy', kind: 'resource' },
  { type: 'AWS::Glue::ResourcePolicy', property: 'PolicyInJson', kind: 'resource' },
  { type: 'AWS::SSM::ResourcePolicy', property: 'Policy', kind: 'resource' },
  { type: 'AWS::EC2::VPCEndpoint', property: 'PolicyDocument', kind: 'endpoint' },
  // Found by a hunt over the CloudFormation resource reference (each property a policy document, as
  // an object or a JSON string).
  { type: 'AWS::Logs::LogGroup', property: 'ResourcePolicyDocument', kind: 'resource' },
  { type: 'AWS::Backup::LogicallyAirGappedBackupVault', property: 'AccessPolicy', kind: 'resource' },
  { type: 'AWS::Organizations::ResourcePolicy', property: 'Content', kind: 'resource' },
  { type: 'AWS::VpcLattice::AuthPolicy', property: 'Policy', kind: 'resource' },
  { type: 'AWS::VpcLattice::ResourcePolicy', property: 'Policy', kind: 'resource' },
  { type: 'AWS::CloudTrail::ResourcePolicy', property: 'ResourcePolicy', kind: 'resource' },
  { type: 'AWS::MSK::ClusterPolicy', property: 'Policy', kind: 'resource' },
  { type: 'AWS::Oam::Sink', property: 'Policy', kind: 'resource' },
  { type: 'AWS::EventSchemas::RegistryPolicy', property: 'Policy', kind: 'resource' },
  { type: 'AWS::Lex::ResourcePolicy', property: 'Policy', kind: 'resource' },
  { type: 'AWS::SageMaker::ModelPackageGroup', property: 'ModelPackageGroupPolicy', kind: 'resource' },
  { type: 'AWS::RedshiftServerless::Namespace', property: 'NamespaceResourcePolicy', kind: 'resource' },
  { type: 'AWS::ECR::PublicRepository', property: 'RepositoryPolicyText', kind: 'resource' },
  { type: 'AWS::ECR::RepositoryCreationTemplate', property: 'RepositoryPolicy', kind: 'resource' },
  { type: 'AWS::S3Outposts::BucketPolicy', property: 'PolicyDocument', kind: 'resource' },
  { type: 'AWS::S3Outposts::AccessPoint', property: 'Policy', kind: 'resource' },
  { type: 'AWS::S3Tables::TablePolicy', property: 'ResourcePolicy', kind: 'resource' },
  { type: 'AWS::S3Vectors::VectorBucketPolicy', property: 'Policy', kind: 'resource' },
  { type: 'AWS::ApiGateway::DomainNameV2', property: 'Policy', kind: 'resource' },
  { type: 'AWS::XRay::ResourcePolicy', property: 'PolicyDocument', kind: 'resource' },
  { type: 'AWS::MediaStore::Container', property: 'Policy', kind: 'resource' },
  { type: 'AWS::BedrockAgentCore::ResourcePolicy', property: 'Policy', kind: 'resource' },
  { type: 'AWS::Organizations::Policy', property: 'Content', kind: 'scp', when: { property: 'Type', equals: 'SERVICE_CONTROL_POLICY' } },
  { type: 'AWS::Organizations::Policy', property: 'Content', kind: 'rcp', when: { property: 'Type', equals: 'RESOURCE_CONTROL_POLICY' } },
];

/**
 * Nested places, as a path below `Properties` (`*` walks a list), e.g. a DynamoDB table's
 * `ResourcePolicy.PolicyDocument`.
 */
export const NESTED_POLICY_PROPERTIES: readonly { type: string; path: string[]; kind: PolicyKind }[] = [
  { type: 'AWS::DynamoDB::Table', path: ['ResourcePolicy', 'PolicyDocument'], kind: 'resource' },
  { type: 'AWS::DynamoDB::GlobalTable', path: ['Replicas', '*', 'ResourcePolicy', 'PolicyDocument'], kind: 'resource' },
  { type: 'AWS::DynamoDB::Table', path: ['StreamSpecification', 'ResourcePolicy', 'PolicyDocument'], kind: 'resource' },
  { type: 'AWS::DynamoDB::GlobalTable', path: ['Replicas', '*', 'ReplicaStreamSpecification', 'ResourcePolicy', 'PolicyDocument'], kind: 'resource' },
  { type: 'AWS::Logs::DeliveryDestination', path: ['DeliveryDestinationPolicy', 'DeliveryDestinationPolicy'], kind: 'resource' },
];

/**
 * Nested places that hold statements (one, or a list) rather than a document (a `<name>` step
 * walks each entry of a map, such as a function's `Events`): SAM's
 * `CustomStatements`, which SAM writes into the API's resource policy next to the statements it
 * makes of `AwsAccountWhitelist`, `IpRangeBlacklist` and the other `ResourcePolicy` keys (not read:
 * those are SAM's, not the author's, to get right). `AWS::Serverless::HttpApi` has no resource policy.
 */
export const NESTED_STATEMENT_PROPERTIES: readonly { type: string; path: string[]; kind: PolicyKind }[] = [
  { type: 'AWS::Serverless::Api', path: ['Auth', 'ResourcePolicy', 'CustomStatements'], kind: 'resource' },
  // An Api event's statements, which SAM adds to the resource policy of the event's API.
  { type: 'AWS::Serverless::Function', path: ['Events', '<event>', 'Properties', 'Auth', 'ResourcePolicy', 'CustomStatements'], kind: 'resource' },
  // One statement of the bus's policy (the CDK's EventBusPolicy writes it); the older Action/Principal/Condition form is not read.
  { type: 'AWS::Events::EventBusPolicy', path: ['Statement'], kind: 'resource' },
];
