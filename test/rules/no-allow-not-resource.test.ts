import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-allow-not-resource.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

describe('no-allow-not-resource', () => {
  it('reports an Allow with NotResource at the key and proposes a Resource list of the same type', async () => {
    const text = policy([{ Sid: 'ReadAllButPayroll', Effect: 'Allow', Action: ['s3:GetObject'], NotResource: 'arn:aws:s3:::payroll-exports/*' }]);
    const findings = await lintWith(rule, text);
    const at = positionOf(text, '"NotResource"');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'no-allow-not-resource', severity: 'warning', line: at.line, column: at.column, path: ['Statement', 0, 'NotResource'] });
    expect(findings[0]?.message).toBe('Statement "ReadAllButPayroll" allows "s3:GetObject" on every resource except "arn:aws:s3:::payroll-exports/*"');
    expect(findings[0]?.suggestion).toBe(
      'It grants them on everything but "arn:aws:s3:::payroll-exports/*"; list the resources needed instead: "Resource": ["arn:aws:s3:::${BucketName}/${ObjectName}"]',
    );
  });

  it("lists the types the other actions require after the excluded one's, and moves the actions that take only \"*\" (the IAM guide's everything-but-Maria boundary)", async () => {
    const text = policy([{ Sid: 'AllButMaria', Effect: 'Allow', Action: ['iam:GetUser', 'iam:CreateGroup', 'iam:ListUsers'], NotResource: 'arn:aws:iam::123456789012:user/Maria' }]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.line, f.column, f.suggestion])).toEqual([
      [
        positionOf(text, '"NotResource"').line,
        positionOf(text, '"NotResource"').column,
        'It grants them on everything but "arn:aws:iam::123456789012:user/Maria"; list the resources needed instead: "Resource": ["arn:aws:iam::123456789012:user/${UserNameWithPath}", "arn:aws:iam::123456789012:group/${GroupNameWithPath}"]; move iam:ListUsers, which accepts only "*", to a statement of its own with "Resource": "*"',
      ],
    ]);
  });

  it('fills the partition, region and account from the excluded ARN', async () => {
    const text = policy([{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], NotResource: ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/*'] }]);
    const [finding] = await lintWith(rule, text);
    expect(finding?.suggestion).toBe(
      'It grants them on everything but "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/*"; list the resources needed instead: "Resource": ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:${SecretId}"]',
    );
  });

  it('uses the excluded ARN\'s service when the Action is "*"', async () => {
    const text = policy([{ Effect: 'Allow', Action: '*', NotResource: ['arn:aws:dynamodb:us-east-1:111122223333:table/Payroll'] }]);
    const [finding] = await lintWith(rule, text);
    expect(finding?.message).toBe('Statement #1 allows "*" on every resource except "arn:aws:dynamodb:us-east-1:111122223333:table/Payroll"');
    expect(finding?.suggestion).toContain('"Resource": ["arn:aws:dynamodb:us-east-1:111122223333:table/${TableName}"');
  });

  it('proposes the other resource types when NotResource excludes a whole type, those the action requires first, region and account as the policy writes them', async () => {
    const text = policy([{ Effect: 'Allow', Action: 'ec2:CreateVpcEndpoint', NotResource: 'arn:aws:ec2:*:*:vpc-endpoint/*' }]);
    const [finding] = await lintWith(rule, text);
    expect(finding?.suggestion).toBe(
      'It grants them on everything but "arn:aws:ec2:*:*:vpc-endpoint/*"; list the resources needed instead: "Resource": ["arn:aws:ec2:*:*:vpc/${VpcId}", "arn:aws:ec2:*:*:route-table/${RouteTableId}", "arn:aws:ec2:*:*:security-group/${SecurityGroupId}"] and the formats of 1 more resource type they accept',
    );
  });

  it("names ec2:RunInstances' required resource types before its optional ones (the EC2 guide's launch-template example)", async () => {
    const text = policy([{ Effect: 'Allow', Action: 'ec2:RunInstances', NotResource: 'arn:aws:ec2:*:*:launch-template/*' }]);
    const [finding] = await lintWith(rule, text);
    expect(finding?.suggestion).toBe(
      'It grants them on everything but "arn:aws:ec2:*:*:launch-template/*"; list the resources needed instead: "Resource": ["arn:aws:ec2:*::image/${ImageId}", "arn:aws:ec2:*:*:instance/${InstanceId}", "arn:aws:ec2:*:*:network-interface/${NetworkInterfaceId}"] and the formats of 14 more resource types they accept',
    );
  });

  it('says "*" is the only resource when the known actions are wildcard-only but another entry is not known', async () => {
    const text = policy([{ Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 's3:ListAllMyBucket'], NotResource: 'arn:aws:s3:::payroll-exports' }]);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'no-allow-not-resource', ...positionOf(text, '"NotResource"'), path: ['Statement', 0, 'NotResource'] });
    expect(findings[0]?.message).toBe('Statement #1 allows "s3:ListAllMyBuckets", "s3:ListAllMyBucket" on every resource except "arn:aws:s3:::payroll-exports"');
    expect(findings[0]?.suggestion).toBe('Its actions (s3:ListAllMyBuckets) accept only "*" as resource, so NotResource excludes nothing: write "Resource": "*" and move any other action to its own statement');
  });

  it('points inside a CloudFormation template', async () => {
    const text = [
      'Resources:',
      '  Reader:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Action: sqs:ReceiveMessage',
      "            NotResource: !Sub 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:billing-*'",
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 10, column: 13, path: ['Statement', 0, 'NotResource'] });
    expect(findings[0]?.suggestion).toContain('"Resource": ["arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"]');
  });

  it.each([
    ['a Deny with NotResource', policy([{ Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::approved-bucket', 'arn:aws:s3:::approved-bucket/*'] }])],
    ['an Allow with Resource', policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });
});

describe('no-allow-not-resource: wildcard-only actions', () => {
  it.each([
    ['sts:GetCallerIdentity', policy([{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', NotResource: 'arn:aws:iam::111122223333:role/admin' }])],
    ['ec2:DescribeInstances', policy([{ Effect: 'Allow', Action: 'ec2:DescribeInstances', NotResource: 'arn:aws:ec2:*:*:instance/i-0abc' }])],
    ['s3:ListAllMyBuckets', policy([{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', NotResource: 'arn:aws:s3:::payroll-exports' }])],
    ['several wildcard-only actions, one in another case', policy([{ Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'S3:listallmybuckets', 'ec2:DescribeRegions'], NotResource: 'arn:aws:s3:::payroll-exports' }])],
  ])('does not report NotResource on %s, which applies only to "*"', async (_n, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it.each([
    ['a wildcard-only action next to a resource-level one', ['sts:GetCallerIdentity', 's3:GetObject'], '"sts:GetCallerIdentity", "s3:GetObject"'],
    ['"ec2:Describe*" together with "ec2:TerminateInstances"', ['ec2:Describe*', 'ec2:TerminateInstances'], '"ec2:Describe*", "ec2:TerminateInstances"'],
    ['"ec2:Describe*", some of whose actions take resources', ['ec2:Describe*'], '"ec2:Describe*"'],
    ['an unknown action alone', ['sts:GetCallerIdentityX'], '"sts:GetCallerIdentityX"'],
  ])('still reports %s', async (_n, action, listed) => {
    const text = policy([{ Effect: 'Allow', Action: action, NotResource: 'arn:aws:s3:::payroll-exports' }]);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'no-allow-not-resource', ...positionOf(text, '"NotResource"') });
    expect(findings[0]?.message).toBe(`Statement #1 allows ${listed} on every resource except "arn:aws:s3:::payroll-exports"`);
  });

  it('still reports NotAction with NotResource, whatever the NotAction lists', async () => {
    const text = policy([{ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::payroll-exports' }]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => f.message)).toEqual(['Statement #1 allows every action except "iam:*" on every resource except "arn:aws:s3:::payroll-exports"']);
  });

  it('skips a wildcard-only statement and reports one whose action is a parameter, in a CloudFormation template', async () => {
    const text = [
      'Parameters:',
      '  ExtraAction:',
      '    Type: String',
      'Resources:',
      '  Reader:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Action: [sts:GetCallerIdentity, ec2:DescribeRegions]',
      "            NotResource: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/admin'",
      '          - Effect: Allow',
      '            Action: [sts:GetCallerIdentity, !Ref ExtraAction]',
      "            NotResource: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/admin'",
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.path])).toEqual([['no-allow-not-resource', 16, 13, ['Statement', 1, 'NotResource']]]);
    expect(findings[0]?.suggestion).toBe(
      'Its actions (sts:GetCallerIdentity) accept only "*" as resource, so NotResource excludes nothing: write "Resource": "*" and move any other action to its own statement',
    );
  });
});

describe('no-allow-not-resource and NotResource beside Resource', () => {
  const tf = (resources: string, notResources: string, notActions = 'lookup(statement.value, "not_actions", null)') => `data "aws_iam_policy_document" "d" {
  statement {
    actions       = ["s3:GetObject"]
    not_actions   = ${notActions}
    resources     = ${resources}
    not_resources = ${notResources}
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
`;

  it('does not report an opaque NotResource beside a Resource: at most one is set at deploy time', async () => {
    expect(await lintWith(rule, tf('lookup(statement.value, "resources", null)', 'lookup(statement.value, "not_resources", null)'), { filename: 'main.tf' })).toEqual([]);
    expect(await lintWith(rule, tf('["arn:aws:s3:::reports/*"]', 'var.not_resources'), { filename: 'main.tf' })).toEqual([]);
  });

  it('does not report a Resource beside a NotResource from a template parameter (CloudFormation)', async () => {
    const text = ['Resources:', '  Ops:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow', '            Action: s3:GetObject', "            Resource: 'arn:aws:s3:::reports/*'", '            NotResource: !Ref Excluded', ''].join('\n');
    expect(await lintWith(rule, text, { filename: 't.yaml' })).toEqual([]);
  });

  it('still reports a written-out NotResource beside an opaque Resource, naming the Action rather than an opaque NotAction', async () => {
    const text = tf('var.resources', '["arn:aws:s3:::private/*"]');
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    const at = positionOf(text, 'not_resources');
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      ['no-allow-not-resource', at.line, at.column, 'Statement #1 allows "s3:GetObject" on every resource except "arn:aws:s3:::private/*"'],
    ]);
  });
});
