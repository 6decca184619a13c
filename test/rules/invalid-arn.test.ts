import { describe, expect, it } from 'vitest';
import rule from '../../rules/invalid-arn.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const allow = (Resource: unknown, Action: unknown = 's3:GetObject') => ({ Effect: 'Allow', Action, Resource });
const S3_OBJECT = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';

describe('invalid-arn', () => {
  it('reports the bucket:* typo at the value and suggests bucket/*', async () => {
    const text = policy([allow(['arn:aws:s3:::reports', 'arn:aws:s3:::reports:*'], ['s3:ListBucket', 's3:GetObject'])]);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'invalid-arn',
      severity: 'error',
      ...positionOf(text, '"arn:aws:s3:::reports:*"'),
      path: ['Statement', 0, 'Resource', 1],
      message: '"arn:aws:s3:::reports:*" names no S3 object: a bucket name cannot hold ":", objects are bucket/key',
      suggestion: `Use "arn:aws:s3:::reports/*" (${S3_OBJECT})`,
    });
  });

  it('reports an ARN service no service of the IAM data uses, naming the data date', async () => {
    const text = policy([allow('arn:aws:deeplens-old:us-east-1:123456789012:device/*', 'ec2:DescribeInstances')]);
    const [finding] = await lintWith(rule, text);
    expect(finding).toMatchObject({
      ...positionOf(text, '"arn:aws:deeplens-old'),
      message: expect.stringMatching(/^No service names its ARNs "deeplens-old" in the IAM data of \d{4}-\d{2}-\d{2}, so "arn:aws:deeplens-old:us-east-1:123456789012:device\/\*" matches nothing/),
      suggestion: 'Use arn:partition:service:region:account:resource',
    });
  });

  it('does not report an ARN service that is a known action prefix without ARN formats in the data (devops-guru)', async () => {
    expect(await lintWith(rule, policy([allow('arn:aws:devops-guru:*:*:/channels', 'devops-guru:ListInsights')]))).toEqual([]);
  });

  it.each([
    [
      'a region in an S3 object ARN',
      'arn:aws:s3:us-east-1::reports/*',
      's3 ARNs of this form have no region, so "arn:aws:s3:us-east-1::reports/*" (region "us-east-1") matches nothing',
      `Use "arn:aws:s3:::reports/*" (${S3_OBJECT})`,
    ],
    [
      'a region and an account in an S3 bucket ARN',
      'arn:aws:s3:eu-west-1:123456789012:reports',
      's3 ARNs of this form have no region, so "arn:aws:s3:eu-west-1:123456789012:reports" (region "eu-west-1") matches nothing',
      'Use "arn:aws:s3:::reports" (arn:${Partition}:s3:::${BucketName})',
    ],
    [
      'a region in an IAM ARN',
      'arn:aws:iam:us-east-1:123456789012:role/deployer',
      'iam ARNs of this form have no region, so "arn:aws:iam:us-east-1:123456789012:role/deployer" (region "us-east-1") matches nothing',
      'Use "arn:aws:iam::123456789012:role/deployer" (arn:${Partition}:iam::${Account}:role/${RoleNameWithPath})',
    ],
    [
      'an account in an S3 object ARN',
      'arn:aws:s3::123456789012:reports/*',
      's3 ARNs of this form have no account, so "arn:aws:s3::123456789012:reports/*" (account "123456789012") matches nothing',
      `Use "arn:aws:s3:::reports/*" (${S3_OBJECT})`,
    ],
    [
      'an unknown partition',
      'arn:aws-usgov:s3:::reports/*',
      'Unknown partition "aws-usgov" in "arn:aws-usgov:s3:::reports/*"',
      `Use "arn:aws-us-gov:s3:::reports/*" (${S3_OBJECT})`,
    ],
    [
      'an upper-case partition',
      'arn:AWS:s3:::reports/*',
      'Unknown partition "AWS" in "arn:AWS:s3:::reports/*"',
      `Use "arn:aws:s3:::reports/*" (${S3_OBJECT})`,
    ],
    [
      'an upper-case service',
      'arn:aws:S3:::reports/*',
      'Service "S3" in "arn:aws:S3:::reports/*" is not lower case, so the ARN matches nothing',
      `Use "arn:aws:s3:::reports/*" (${S3_OBJECT})`,
    ],
    [
      'a service one edit from a known one',
      'arn:aws:lamda:us-east-1:123456789012:function:resize',
      'Unknown service "lamda" in "arn:aws:lamda:us-east-1:123456789012:function:resize"',
      'Use "arn:aws:lambda:us-east-1:123456789012:function:resize" (arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName})',
    ],
    [
      'an account that is not 12 digits',
      'arn:aws:iam::12345678901:role/deployer',
      'Account "12345678901" in "arn:aws:iam::12345678901:role/deployer" is not a 12-digit account ID',
      'Write the 12-digit account ID in place of "12345678901", as in "arn:aws:iam::123456789012:role/deployer"',
    ],
    [
      "a documentation placeholder for the region (Access Analyzer's INVALID_ARN_REGION)",
      'arn:aws:ssm:<region>::document/*',
      'Region "<region>" in "arn:aws:ssm:<region>::document/*" is not an AWS Region code, so the ARN matches nothing',
      'Write the Region code in place of "<region>", as in "arn:aws:ssm:us-east-1::document/*", or "*" for every Region',
    ],
    [
      "a placeholder region in the China partition, corrected with one of that partition's Regions",
      'arn:aws-cn:dynamodb:region:123456789012:table/orders',
      'Region "region" in "arn:aws-cn:dynamodb:region:123456789012:table/orders" is not an AWS Region code, so the ARN matches nothing',
      'Write the Region code in place of "region", as in "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/orders", or "*" for every Region',
    ],
    [
      'placeholders for the region and the account (the EC2 guide writes region:account)',
      'arn:aws:ec2:region:account:instance/*',
      'Region "region" in "arn:aws:ec2:region:account:instance/*" is not an AWS Region code, so the ARN matches nothing',
      'Write the Region code and the 12-digit account ID in place of "region" and "account", as in "arn:aws:ec2:us-east-1:123456789012:instance/*"',
    ],
    [
      'a region where none belongs beside a placeholder account: the help still names the account',
      'arn:aws:iam:us-east-1:ACCOUNT-ID:role/x',
      'iam ARNs of this form have no region, so "arn:aws:iam:us-east-1:ACCOUNT-ID:role/x" (region "us-east-1") matches nothing',
      'Write the 12-digit account ID in place of "ACCOUNT-ID", as in "arn:aws:iam::123456789012:role/x"',
    ],
    [
      'a placeholder word for the account, on every resource type (the EC2 guide writes region:account)',
      'arn:aws:ec2:us-east-1:account:*/*',
      'Account "account" in "arn:aws:ec2:us-east-1:account:*/*" is not a 12-digit account ID',
      'Write the 12-digit account ID in place of "account", as in "arn:aws:ec2:us-east-1:123456789012:*/*"',
    ],
    [
      'an empty region where every format of the resource has one',
      'arn:aws:logs::123456789012:log-group:app',
      'logs ARNs of this form need a region, so "arn:aws:logs::123456789012:log-group:app" matches nothing',
      'Use "arn:aws:logs:*:123456789012:log-group:app" (arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName})',
    ],
    [
      'too few parts',
      'arn:aws:sqs:us-east-1:orders',
      '"arn:aws:sqs:us-east-1:orders" has 5 of the 6 colon-separated parts of an ARN (arn:partition:service:region:account:resource)',
      'Use an ARN of the form arn:${Partition}:sqs:${Region}:${Account}:${QueueName}',
    ],
    [
      'a bucket name without the ARN prefix',
      'reports/*',
      '"reports/*" in Resource is neither "*" nor an ARN',
      `Use "arn:aws:s3:::reports/*" (${S3_OBJECT})`,
    ],
    ['a star with a space', ' *', '" *" in Resource is neither "*" nor an ARN', 'Use "*" (every resource)'],
    [
      'an upper-case ARN prefix',
      'ARN:aws:s3:::reports/*',
      '"ARN:aws:s3:::reports/*" in Resource is neither "*" nor an ARN',
      'Use "arn:aws:s3:::reports/*" (arn:partition:service:region:account:resource)',
    ],
  ])('reports %s', async (_, resource, message, suggestion) => {
    const findings = await lintWith(rule, policy([allow(resource)]));
    expect(findings.map((f) => [f.message, f.suggestion, f.path])).toEqual([[message, suggestion, ['Statement', 0, 'Resource']]]);
  });

  it('accepts API Gateway\'s short execute-api:/ form in a resource policy, not in an identity policy', async () => {
    const text = policy([{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/Prod/GET/pets' }]);
    expect(await lintWith(rule, text, { policyType: 'resource' })).toEqual([]);
    const identity = policy([{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'execute-api:/Prod/GET/pets' }]);
    expect((await lintWith(rule, identity)).map((f) => [f.message, f.line, f.column])).toEqual([
      ['"execute-api:/Prod/GET/pets" in Resource is neither "*" nor an ARN', positionOf(identity, '"execute-api:/Prod').line, positionOf(identity, '"execute-api:/Prod').column],
    ]);
  });

  it('reads NotResource too', async () => {
    const text = policy([{ Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs:*'] }]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.path, f.line])).toEqual([[['Statement', 0, 'NotResource', 1], positionOf(text, 'logs:*').line]]);
  });

  it('lists the formats of the statement\'s actions for a value that is no ARN', async () => {
    const findings = await lintWith(rule, policy([allow('my-table', 'dynamodb:GetItem')]));
    expect(findings[0]?.suggestion).toBe('Use an ARN of the form arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}');
  });

  it.each([
    ['"*"', '*'],
    ['an S3 object ARN', 'arn:aws:s3:::reports/*'],
    ['an S3 access point, which has a region and account', 'arn:aws:s3:us-east-1:123456789012:accesspoint/reports'],
    ['an AWS managed policy (account "aws")', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    ['AWS-owned SSM documents, whose account is empty', 'arn:aws:ssm:*::document/AWS-RunShellScript'],
    ['public AMIs', 'arn:aws:ec2:*::image/ami-*'],
    ['a health event (region "*", no account)', 'arn:aws:health:*::event/EC2/*'],
    ['wildcards in every part', 'arn:aws:*:*:*:*'],
    ['wildcard region and account', 'arn:aws-us-gov:dynamodb:*:*:table/orders'],
    [
      'Region codes of every partition',
      ['us-east-1', 'ap-southeast-5', 'mx-central-1', 'us-gov-west-1', 'cn-northwest-1', 'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'eusc-de-east-1'].map((r) => `arn:aws:dynamodb:${r}:123456789012:table/orders`),
    ],
    ['a partition wildcard', 'arn:aws*:s3:::reports/*'],
    ['policy variables', 'arn:aws:s3:::reports/${aws:username}/*'],
    ['a variable account', 'arn:aws:iam::${aws:PrincipalAccount}:role/deployer'],
    ['a region in a service whose formats have both forms', 'arn:aws:s3:us-west-2:123456789012:async-request/mrap/*'],
    ['a resource part with colons', 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*'],
    ['every partition', ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'].map((p) => `arn:${p}:s3:::b`)],
    ['a trailing "*" that stands for the parts after it, as in the IAM guide', ['arn:aws:cloudfront:*', 'arn:aws:sqs:us-east-1:*']],
  ])('does not report %s', async (_, resource) => {
    expect(await lintWith(rule, policy([allow(resource)]))).toEqual([]);
  });

  it('still reports too few parts ending in "*" unless the last part is "*" after a known service and partition', async () => {
    const values = ['arn:aws:cloudfrnt:*', 'arn:aws:s3:my-bucket/*', 'arn:awz:s3:*', 'arn:aws:dynamodb:table/Orders*', 'arn:aws:sqs:region:*'];
    const findings = await lintWith(rule, policy([allow(values)]));
    expect(findings.map((f) => f.message)).toEqual(values.map((v) => `"${v}" has ${v.split(':').length} of the 6 colon-separated parts of an ARN (arn:partition:service:region:account:resource)`));
  });

  it('does not read Principal', async () => {
    const text = policy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam:us-east-1:123:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]);
    expect(await lintWith(rule, text, { policyType: 'resource' })).toEqual([]);
  });

  it('writes a missing region as the template does, inside the !Sub the ARN is written in', async () => {
    const text = ['Resources:', '  P:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow', '            Action: logs:PutLogEvents', '            Resource: !Sub "arn:${AWS::Partition}:logs::${AWS::AccountId}:log-group:bastion:*"', ''].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.suggestion])).toEqual([
      [...Object.values(positionOf(text, '!Sub "arn:${AWS::Partition}:logs')), 'Use !Sub "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:bastion:*" (arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName})'],
    ]);
  });

  it('inside a policy written as a !Sub text, the corrected ARN needs no !Sub of its own; inside Fn::Join pieces only the format is given', async () => {
    const text = [
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument: !Sub |',
      '        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs::${AWS::AccountId}:q"}]}',
      '  L:',
      '    Type: AWS::Logs::ResourcePolicy',
      '    Properties:',
      '      PolicyName: x',
      '      PolicyDocument: !Join',
      "        - ''",
      `        - - '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs::'`,
      '          - !Ref AWS::AccountId',
      `          - ':log-group:x:*"}]}'`,
      '',
    ].join('\n');
    expect((await lintWith(rule, text, { filename: 't.yaml' })).map((f) => f.suggestion)).toEqual([
      'Use "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:q" (arn:${Partition}:sqs:${Region}:${Account}:${QueueName})',
      'Use arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}',
    ]);
  });

  it('points into a CloudFormation template and leaves intrinsics alone', async () => {
    const text = [
      'Resources:',
      '  Reader:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: s3:GetObject',
      '            Resource:',
      '              - !GetAtt Bucket.Arn',
      '              - !Sub "${BucketArn}/*"',
      '              - !Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"',
      '              - !Sub "arn:${AWS::Partition}:s3:${AWS::Region}::reports-${Env}/*"',
      '              - !Sub "arn:${AWS::Partition}:s3:::${Bucket}:*"',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => ({ line: f.line, column: f.column, message: f.message, suggestion: f.suggestion }))).toEqual([
      {
        line: 14,
        column: 17,
        message: 's3 ARNs of this form have no region, so "arn:${AWS::Partition}:s3:${AWS::Region}::reports-${Env}/*" (region "${AWS::Region}") matches nothing',
        suggestion: `Use !Sub "arn:\${AWS::Partition}:s3:::reports-\${Env}/*" (${S3_OBJECT})`,
      },
      {
        line: 15,
        column: 17,
        message: '"arn:${AWS::Partition}:s3:::${Bucket}:*" names no S3 object: a bucket name cannot hold ":", objects are bucket/key',
        suggestion: `Use !Sub "arn:\${AWS::Partition}:s3:::\${Bucket}/*" (${S3_OBJECT})`,
      },
    ]);
    expect(positionOf(text, '"arn:${AWS::Partition}:s3:::${Bucket}:*"')).toEqual({ line: 15, column: 22 });
  });
});

describe('invalid-arn in Terraform', () => {
  const file = (extra: string) => `data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["ec2:StartInstances"]\n    resources = ["arn:aws:ec2:::instance/*"]\n  }\n}\n${extra}`;
  const FORMAT = ' (arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId})';

  it('fills a missing region and account with the data sources the file declares, and with "*" when it declares none', async () => {
    const declared = await lintWith(rule, file('data "aws_region" "current" {}\ndata "aws_caller_identity" "current" {}\n'), { filename: 'main.tf' });
    expect(declared.map((f) => f.suggestion)).toEqual([`Use "arn:aws:ec2:\${data.aws_region.current.name}:\${data.aws_caller_identity.current.account_id}:instance/*"${FORMAT}`]);
    // A reference to an undeclared data source would fail terraform validate.
    const bare = await lintWith(rule, file(''), { filename: 'main.tf' });
    expect(bare.map((f) => [f.line, f.column, f.suggestion])).toEqual([[4, 18, `Use "arn:aws:ec2:*:*:instance/*"${FORMAT}`]]);
    const commented = await lintWith(rule, file('# data "aws_region" "current" {}\n'), { filename: 'main.tf' });
    expect(commented.map((f) => f.suggestion)).toEqual([`Use "arn:aws:ec2:*:*:instance/*"${FORMAT}`]);
  });
});
