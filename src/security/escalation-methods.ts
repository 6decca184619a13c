/**
 * The public catalogue of AWS IAM privilege-escalation methods: Rhino Security Labs' original 21
 * (2018), their part 2 (2019), the paths Bishop Fox added in IAM Vulnerable, and the later
 * additions collected by Datadog's pathfinding.cloud. Each method lists every action it needs;
 * a policy that grants all of them, unconstrained, lets its holder become someone more powerful.
 * `test/rules/no-privilege-escalation.test.ts` checks that every action exists in the IAM data.
 *
 * Catalogue entries that only add an action to another entry (iam:AttachRolePolicy + sts:AssumeRole,
 * lambda:UpdateFunctionCode + lambda:InvokeFunction) are left out: the shorter method already
 * covers every policy that grants them, so they could never add a finding.
 */
export interface EscalationMethod {
  /** Stable id, named after the catalogue entry (pathfinding.cloud ids where it has one). */
  readonly id: string;
  readonly name: string;
  /** Every action the method needs, the most decisive first (iam:PassRole when it takes part). */
  readonly actions: readonly string[];
  readonly source: string;
}

const RHINO = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/';
const RHINO_2 = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation-part-2/';
const IAM_VULNERABLE = 'https://github.com/BishopFox/iam-vulnerable';
const pf = (id: string) => `https://pathfinding.cloud/paths/${id}`;

export const ESCALATION_METHODS: readonly EscalationMethod[] = [
  // Rhino Security Labs, the original 21.
  { id: 'iam-create-policy-version', name: 'Create a new default version of a managed policy', actions: ['iam:CreatePolicyVersion'], source: RHINO },
  { id: 'iam-set-default-policy-version', name: 'Switch a managed policy to a more permissive existing version', actions: ['iam:SetDefaultPolicyVersion'], source: RHINO },
  { id: 'ec2-passrole-run-instances', name: 'Launch an EC2 instance with a privileged instance profile', actions: ['iam:PassRole', 'ec2:RunInstances'], source: RHINO },
  { id: 'iam-create-access-key', name: "Create an access key for another user", actions: ['iam:CreateAccessKey'], source: RHINO },
  { id: 'iam-create-login-profile', name: 'Create a console password for another user', actions: ['iam:CreateLoginProfile'], source: RHINO },
  { id: 'iam-update-login-profile', name: "Change another user's console password", actions: ['iam:UpdateLoginProfile'], source: RHINO },
  { id: 'iam-attach-user-policy', name: 'Attach a managed policy to a user', actions: ['iam:AttachUserPolicy'], source: RHINO },
  { id: 'iam-attach-group-policy', name: 'Attach a managed policy to a group', actions: ['iam:AttachGroupPolicy'], source: RHINO },
  { id: 'iam-attach-role-policy', name: 'Attach a managed policy to a role', actions: ['iam:AttachRolePolicy'], source: RHINO },
  { id: 'iam-put-user-policy', name: 'Write an inline policy on a user', actions: ['iam:PutUserPolicy'], source: RHINO },
  { id: 'iam-put-group-policy', name: 'Write an inline policy on a group', actions: ['iam:PutGroupPolicy'], source: RHINO },
  { id: 'iam-put-role-policy', name: 'Write an inline policy on a role', actions: ['iam:PutRolePolicy'], source: RHINO },
  { id: 'iam-add-user-to-group', name: 'Add a user to a more privileged group', actions: ['iam:AddUserToGroup'], source: RHINO },
  // Alone (RULES.md lists it among the single actions): the new trust can name a principal in an
  // account the attacker controls, whose own policies grant it sts:AssumeRole; Rhino's method
  // assumes the role from the same principal, which needs sts:AssumeRole here too.
  { id: 'iam-update-assume-role-policy', name: "Rewrite a role's trust policy to let a principal you control assume the role", actions: ['iam:UpdateAssumeRolePolicy'], source: RHINO },
  { id: 'lambda-passrole-create-invoke', name: 'Create a Lambda function with a privileged role and invoke it', actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], source: RHINO },
  { id: 'lambda-passrole-create-event-source', name: 'Create a Lambda function with a privileged role and trigger it from an event source', actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'], source: RHINO },
  { id: 'lambda-update-function-code', name: "Replace the code of a Lambda function that runs with a privileged role", actions: ['lambda:UpdateFunctionCode'], source: RHINO },
  { id: 'glue-passrole-create-dev-endpoint', name: 'Create a Glue development endpoint with a privileged role', actions: ['iam:PassRole', 'glue:CreateDevEndpoint'], source: RHINO },
  { id: 'glue-update-dev-endpoint', name: "Add an SSH key to a Glue development endpoint's privileged role", actions: ['glue:UpdateDevEndpoint'], source: RHINO },
  { id: 'cloudformation-passrole-create-stack', name: 'Create a CloudFormation stack with a privileged service role', actions: ['iam:PassRole', 'cloudformation:CreateStack'], source: RHINO },
  {
    id: 'datapipeline-passrole-create-pipeline',
    name: 'Create and activate a Data Pipeline that runs with a privileged role',
    actions: ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline'],
    source: RHINO,
  },
  // Rhino Security Labs, part 2.
  { id: 'codestar-passrole-create-project', name: 'Create a CodeStar project with a privileged service role', actions: ['iam:PassRole', 'codestar:CreateProject'], source: RHINO_2 },
  { id: 'codestar-create-project-associate-team-member', name: 'Create a CodeStar project and make oneself its owner', actions: ['codestar:CreateProject', 'codestar:AssociateTeamMember'], source: RHINO_2 },
  { id: 'lambda-update-function-configuration', name: 'Attach a malicious layer to a Lambda function that runs with a privileged role', actions: ['lambda:UpdateFunctionConfiguration'], source: RHINO_2 },
  // Creating a notebook with iam:PassRole and opening it needs this action too: that method is covered by this one.
  { id: 'sagemaker-presigned-notebook-url', name: 'Open an existing SageMaker notebook that runs with a privileged role', actions: ['sagemaker:CreatePresignedNotebookInstanceUrl'], source: RHINO_2 },
  {
    id: 'sagemaker-notebook-lifecycle-config',
    name: 'Give an existing SageMaker notebook that runs with a privileged role a start-up script, and restart it',
    actions: ['sagemaker:CreateNotebookInstanceLifecycleConfig', 'sagemaker:UpdateNotebookInstance', 'sagemaker:StopNotebookInstance', 'sagemaker:StartNotebookInstance'],
    source: pf('sagemaker-005'),
  },
  // Bishop Fox, IAM Vulnerable.
  { id: 'sagemaker-passrole-training-job', name: 'Create a SageMaker training job with a privileged role', actions: ['iam:PassRole', 'sagemaker:CreateTrainingJob'], source: IAM_VULNERABLE },
  { id: 'sagemaker-passrole-processing-job', name: 'Create a SageMaker processing job with a privileged role', actions: ['iam:PassRole', 'sagemaker:CreateProcessingJob'], source: IAM_VULNERABLE },
  { id: 'ec2-instance-connect', name: 'Push an SSH key to an instance that has a privileged instance profile', actions: ['ec2-instance-connect:SendSSHPublicKey'], source: IAM_VULNERABLE },
  { id: 'ssm-send-command', name: 'Run commands on an instance that has a privileged instance profile', actions: ['ssm:SendCommand'], source: pf('ssm-002') },
  { id: 'ssm-start-session', name: 'Open a shell on an instance that has a privileged instance profile', actions: ['ssm:StartSession'], source: pf('ssm-001') },
  // pathfinding.cloud (Datadog) additions.
  { id: 'apprunner-passrole-create-service', name: 'Create an App Runner service with a privileged instance role', actions: ['iam:PassRole', 'apprunner:CreateService'], source: pf('apprunner-001') },
  { id: 'apprunner-update-service', name: 'Change the image or start command of an App Runner service that has a privileged role', actions: ['apprunner:UpdateService'], source: pf('apprunner-002') },
  { id: 'batch-passrole-submit-job', name: 'Register a Batch job definition with a privileged role and submit it', actions: ['iam:PassRole', 'batch:RegisterJobDefinition', 'batch:SubmitJob'], source: pf('batch-001') },
  {
    id: 'bedrock-code-interpreter-session',
    name: 'Run code in an existing Bedrock AgentCore code interpreter that has a privileged role',
    actions: ['bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter'],
    source: pf('bedrock-002'),
  },
  { id: 'braket-passrole-create-job', name: 'Create a Braket hybrid job with a privileged role', actions: ['iam:PassRole', 'braket:CreateJob'], source: pf('braket-001') },
  { id: 'cloudformation-update-stack', name: 'Update a CloudFormation stack that has a privileged service role', actions: ['cloudformation:UpdateStack'], source: pf('cloudformation-002') },
  {
    id: 'cloudformation-passrole-create-stack-set',
    name: 'Create a CloudFormation stack set with a privileged execution role and deploy it',
    actions: ['iam:PassRole', 'cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'],
    source: pf('cloudformation-003'),
  },
  { id: 'cloudformation-passrole-update-stack-set', name: 'Update a CloudFormation stack set to run with a privileged execution role', actions: ['iam:PassRole', 'cloudformation:UpdateStackSet'], source: pf('cloudformation-004') },
  {
    id: 'cloudformation-change-set',
    name: 'Create and execute a change set on a stack that has a privileged service role',
    actions: ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'],
    source: pf('cloudformation-005'),
  },
  { id: 'codebuild-start-build', name: 'Start a build of a privileged CodeBuild project with an overridden buildspec', actions: ['codebuild:StartBuild'], source: pf('codebuild-002') },
  { id: 'codebuild-start-build-batch', name: 'Start a batch build of a privileged CodeBuild project with an overridden buildspec', actions: ['codebuild:StartBuildBatch'], source: pf('codebuild-003') },
  { id: 'cognito-passrole-set-identity-pool-roles', name: 'Set a privileged role as the role of a Cognito identity pool', actions: ['iam:PassRole', 'cognito-identity:SetIdentityPoolRoles'], source: pf('cognitoidentity-001') },
  {
    id: 'ec2-modify-user-data',
    name: 'Rewrite the user data of an instance that has a privileged instance profile and restart it',
    actions: ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'],
    source: pf('ec2-002'),
  },
  { id: 'ec2-passrole-request-spot-instances', name: 'Request a spot instance with a privileged instance profile', actions: ['iam:PassRole', 'ec2:RequestSpotInstances'], source: pf('ec2-004') },
  {
    id: 'ec2-launch-template-version',
    name: 'Add a launch template version with new user data and make it the default',
    actions: ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
    source: pf('ec2-005'),
  },
  { id: 'ecs-passrole-create-service', name: 'Register an ECS task definition with a privileged role and run it as a service', actions: ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:CreateService'], source: pf('ecs-003') },
  { id: 'ecs-passrole-run-task', name: 'Run an ECS task with a privileged task role', actions: ['iam:PassRole', 'ecs:RunTask'], source: pf('ecs-008') },
  { id: 'ecs-passrole-start-task', name: 'Start an ECS task with a privileged task role', actions: ['iam:PassRole', 'ecs:StartTask'], source: pf('ecs-009') },
  { id: 'ecs-execute-command', name: 'Open a shell in a running ECS task that has a privileged task role', actions: ['ecs:ExecuteCommand', 'ecs:DescribeTasks'], source: pf('ecs-006') },
  { id: 'emr-passrole-run-job-flow', name: 'Launch an EMR cluster with a privileged instance profile', actions: ['iam:PassRole', 'elasticmapreduce:RunJobFlow'], source: pf('emr-001') },
  { id: 'glue-passrole-create-job', name: 'Create a Glue job with a privileged role and run it', actions: ['iam:PassRole', 'glue:CreateJob', 'glue:StartJobRun'], source: pf('glue-003') },
  { id: 'glue-passrole-create-job-trigger', name: 'Create a Glue job with a privileged role and a trigger that runs it', actions: ['iam:PassRole', 'glue:CreateJob', 'glue:CreateTrigger'], source: pf('glue-004') },
  { id: 'glue-passrole-update-job', name: 'Point an existing Glue job at a privileged role and new code, and run it', actions: ['iam:PassRole', 'glue:UpdateJob', 'glue:StartJobRun'], source: pf('glue-005') },
  { id: 'glue-passrole-update-job-trigger', name: 'Point an existing Glue job at a privileged role and new code, and a trigger that runs it', actions: ['iam:PassRole', 'glue:UpdateJob', 'glue:CreateTrigger'], source: pf('glue-006') },
  {
    id: 'imagebuilder-passrole-create-image',
    name: 'Build an EC2 Image Builder image whose build instance has a privileged instance profile',
    actions: ['iam:PassRole', 'imagebuilder:CreateComponent', 'imagebuilder:CreateImageRecipe', 'imagebuilder:CreateInfrastructureConfiguration', 'imagebuilder:CreateImage'],
    source: pf('imagebuilder-001'),
  },
  { id: 'lambda-passrole-create-add-permission', name: 'Create a Lambda function with a privileged role and allow oneself to invoke it', actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:AddPermission'], source: pf('lambda-006') },
  {
    id: 'ssm-passrole-automation',
    name: 'Create an SSM Automation document and run it with a privileged role',
    actions: ['iam:PassRole', 'ssm:CreateDocument', 'ssm:StartAutomationExecution'],
    source: pf('ssm-003'),
  },
  {
    id: 'amplify-passrole-create-app',
    name: 'Create an Amplify app with a privileged service role and run a build',
    actions: ['iam:PassRole', 'amplify:CreateApp', 'amplify:CreateBranch', 'amplify:StartJob'],
    source: pf('amplify-001'),
  },
  { id: 'bedrock-passrole-agent-runtime', name: 'Create a Bedrock AgentCore agent runtime with a privileged role', actions: ['iam:PassRole', 'bedrock-agentcore:CreateAgentRuntime'], source: pf('bedrock-003') },
  { id: 'codedeploy-create-deployment', name: 'Deploy scripts to instances that have a privileged instance profile', actions: ['codedeploy:CreateDeployment'], source: pf('codedeploy-001') },
  {
    id: 'emr-serverless-passrole-job-run',
    name: 'Create an EMR Serverless application and run a job with a privileged role',
    actions: ['iam:PassRole', 'emr-serverless:CreateApplication', 'emr-serverless:StartJobRun'],
    source: pf('emrserverless-001'),
  },
];
