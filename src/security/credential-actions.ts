/**
 * Actions whose response is a credential (keys, a token, a password, a pre-signed sign-in URL) or
 * that install one the caller then holds, and that accept resource ARNs, so that `Resource: "*"`
 * on them is a choice. Actions without resource types (`ecr:GetAuthorizationToken`,
 * `sts:GetSessionToken`, `cognito-identity:GetCredentialsForIdentity`) cannot be scoped and are left
 * out, as are `sts:AssumeRoleWithSAML`/`WithWebIdentity`, which callers make unsigned, so no
 * identity policy grants them. Cloudsplaining's list is the starting point:
 * https://github.com/salesforce/cloudsplaining/blob/master/docs/glossary/credentials-exposure.md
 * test/rules/no-credentials-exposure.test.ts checks every entry against the IAM data.
 */
export interface CredentialAction {
  /** `service:Action` as the IAM data spells it. */
  action: string;
  /** What the caller obtains. */
  returns: string;
  source: string;
}

export const CREDENTIAL_ACTIONS: readonly CredentialAction[] = [
  { action: 'sts:AssumeRole', returns: 'temporary credentials of the role', source: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html' },
  { action: 'sts:GetFederationToken', returns: 'temporary credentials of a federated user', source: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html' },
  { action: 'iam:CreateAccessKey', returns: "a new secret access key of the user", source: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html' },
  { action: 'iam:CreateServiceSpecificCredential', returns: "a password for the user's CodeCommit, Keyspaces or Bedrock credential", source: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html' },
  { action: 'iam:ResetServiceSpecificCredential', returns: 'a new password for a service-specific credential', source: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_ResetServiceSpecificCredential.html' },
  { action: 'redshift:GetClusterCredentials', returns: 'a temporary database user password', source: 'https://docs.aws.amazon.com/redshift/latest/APIReference/API_GetClusterCredentials.html' },
  { action: 'redshift:GetClusterCredentialsWithIAM', returns: 'a temporary database password for the IAM identity', source: 'https://docs.aws.amazon.com/redshift/latest/APIReference/API_GetClusterCredentialsWithIAM.html' },
  { action: 'redshift-serverless:GetCredentials', returns: 'a temporary database password', source: 'https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_GetCredentials.html' },
  { action: 'rds-db:connect', returns: 'database login through an IAM authentication token', source: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html' },
  { action: 'dsql:DbConnect', returns: 'database login through an IAM authentication token', source: 'https://docs.aws.amazon.com/aurora-dsql/latest/userguide/authentication-authorization.html' },
  { action: 'dsql:DbConnectAdmin', returns: 'admin database login through an IAM authentication token', source: 'https://docs.aws.amazon.com/aurora-dsql/latest/userguide/authentication-authorization.html' },
  { action: 'codeartifact:GetAuthorizationToken', returns: 'a repository authorization token', source: 'https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_GetAuthorizationToken.html' },
  { action: 'cognito-identity:GetOpenIdTokenForDeveloperIdentity', returns: 'an OpenID token that can be exchanged for AWS credentials', source: 'https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetOpenIdTokenForDeveloperIdentity.html' },
  { action: 'lightsail:GetInstanceAccessDetails', returns: 'temporary SSH keys or an RDP password for the instance', source: 'https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_GetInstanceAccessDetails.html' },
  { action: 'lightsail:GetRelationalDatabaseMasterUserPassword', returns: 'the database master password', source: 'https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_GetRelationalDatabaseMasterUserPassword.html' },
  { action: 'ec2-instance-connect:SendSSHPublicKey', returns: 'SSH login to the instance with a key of the caller', source: 'https://docs.aws.amazon.com/ec2-instance-connect/latest/APIReference/API_SendSSHPublicKey.html' },
  { action: 'ec2-instance-connect:SendSerialConsoleSSHPublicKey', returns: "serial-console login to the instance with a key of the caller", source: 'https://docs.aws.amazon.com/ec2-instance-connect/latest/APIReference/API_SendSerialConsoleSSHPublicKey.html' },
  { action: 'elasticmapreduce:GetClusterSessionCredentials', returns: 'credentials for the cluster', source: 'https://docs.aws.amazon.com/emr/latest/APIReference/API_GetClusterSessionCredentials.html' },
  { action: 'emr-containers:GetManagedEndpointSessionCredentials', returns: 'credentials for the managed endpoint', source: 'https://docs.aws.amazon.com/emr-on-eks/latest/APIReference/API_GetManagedEndpointSessionCredentials.html' },
  { action: 'gamelift:GetInstanceAccess', returns: 'credentials to log in to a fleet instance', source: 'https://docs.aws.amazon.com/gamelift/latest/apireference/API_GetInstanceAccess.html' },
  { action: 'gamelift:GetComputeAccess', returns: 'temporary AWS credentials for a compute resource', source: 'https://docs.aws.amazon.com/gamelift/latest/apireference/API_GetComputeAccess.html' },
  { action: 'gamelift:RequestUploadCredentials', returns: 'temporary credentials for the build upload location', source: 'https://docs.aws.amazon.com/gamelift/latest/apireference/API_RequestUploadCredentials.html' },
  { action: 'sagemaker:CreatePresignedDomainUrl', returns: 'a sign-in URL for a Studio user profile', source: 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreatePresignedDomainUrl.html' },
  { action: 'sagemaker:CreatePresignedNotebookInstanceUrl', returns: 'a sign-in URL for the notebook instance', source: 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreatePresignedNotebookInstanceUrl.html' },
  { action: 'appstream:CreateStreamingURL', returns: 'a streaming session URL', source: 'https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateStreamingURL.html' },
  { action: 'connect:GetFederationToken', returns: 'a token for the Amazon Connect instance', source: 'https://docs.aws.amazon.com/connect/latest/APIReference/API_GetFederationToken.html' },
  { action: 'codepipeline:PollForJobs', returns: 'temporary credentials for the artifact store', source: 'https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PollForJobs.html' },
  { action: 'ec2:GetPasswordData', returns: "the Windows instance's administrator password (encrypted with the launch key pair)", source: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetPasswordData.html' },
  { action: 'lightsail:CreateBucketAccessKey', returns: 'a new secret access key for the bucket', source: 'https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_CreateBucketAccessKey.html' },
  { action: 'grafana:CreateWorkspaceApiKey', returns: 'an API key of the Grafana workspace', source: 'https://docs.aws.amazon.com/grafana/latest/APIReference/API_CreateWorkspaceApiKey.html' },
  { action: 'airflow:CreateCliToken', returns: "a token for the Airflow environment's CLI", source: 'https://docs.aws.amazon.com/mwaa/latest/API/API_CreateCliToken.html' },
  { action: 'airflow:CreateWebLoginToken', returns: "a sign-in token for the Airflow environment's web server", source: 'https://docs.aws.amazon.com/mwaa/latest/API/API_CreateWebLoginToken.html' },
  { action: 'gamelift:GetComputeAuthToken', returns: 'an authentication token for a compute resource', source: 'https://docs.aws.amazon.com/gamelift/latest/apireference/API_GetComputeAuthToken.html' },
  { action: 'mediapackage:RotateIngestEndpointCredentials', returns: 'new ingest credentials of the channel', source: 'https://docs.aws.amazon.com/mediapackage/latest/apireference/channels-id-ingest_endpoints-ingest_endpoint_id-credentials.html' },
];
