import { describe, expect, it } from 'vitest';
import rule from '../../rules/service-principal-without-source.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const BUCKET = 'arn:aws:s3:::acme-trail-logs/AWSLogs/*';

function bucketPolicy(principal: unknown, extra: Record<string, unknown> = {}, resource: string = BUCKET): string {
  return policy([{ Sid: 'TrailWrite', Effect: 'Allow', Principal: principal, Action: 's3:PutObject', Resource: resource, ...extra }]);
}

describe('service-principal-without-source', () => {
  it('reports a service principal without a source condition, at the principal, with a condition block', async () => {
    const text = bucketPolicy({ Service: 'cloudtrail.amazonaws.com' });
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'service-principal-without-source',
      severity: 'warning',
      ...positionOf(text, '"cloudtrail.amazonaws.com"'),
      path: ['Statement', 0, 'Principal', 'Service'],
      policy: { kind: 'resource' },
      message:
        'Statement "TrailWrite" lets "cloudtrail.amazonaws.com" act on this resource on behalf of any account: no aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths condition',
      suggestion: 'Add "Condition": {"StringEquals": {"aws:SourceAccount": "ACCOUNT_ID"}, "ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*:ACCOUNT_ID:*"}}',
    });
  });

  it.each([
    [
      'S3, whose bucket ARNs have no account: the SourceArn pattern leaves it open',
      { Service: 's3.amazonaws.com' },
      'Add "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}, "ArnLike": {"aws:SourceArn": "arn:aws:s3:*:*:*"}}',
    ],
    ['two services, which one SourceArn would split', { Service: ['events.amazonaws.com', 'rds.amazonaws.com'] }, 'Add "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}'],
  ])('suggests a source condition that admits the real caller: %s', async (_name, Principal, suggestion) => {
    const text = policy([{ Effect: 'Allow', Principal, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:events' }]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => f.suggestion)).toEqual([suggestion]);
  });

  it('takes the account from the resource ARN and keeps to aws:SourceAccount for a principal that is not a service prefix', async () => {
    const text = policy([
      { Sid: 'Delivery', Effect: 'Allow', Principal: { Service: ['delivery.logs.amazonaws.com'] }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:444455556666:events', Condition: { StringEquals: { 'aws:SecureTransport': 'true' } } },
    ]);
    const findings = await lintWith(rule, text);
    expect(findings[0]?.suggestion).toBe('Add "aws:SourceAccount": "444455556666" to its "StringEquals"');
  });

  it('names every service principal of the statement', async () => {
    const findings = await lintWith(rule, bucketPolicy({ Service: ['config.amazonaws.com', 'cloudtrail.amazonaws.com'] }));
    expect(findings.map((f) => f.message)).toEqual([
      'Statement "TrailWrite" lets "config.amazonaws.com", "cloudtrail.amazonaws.com" act on this resource on behalf of any account: no aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths condition',
    ]);
  });

  it('names the delivering accounts of a central log bucket (AWSLogs/<account>/), not the bucket owner', async () => {
    const two = bucketPolicy({ Service: 'config.amazonaws.com' }, {}, undefined).replace(`"${BUCKET}"`, '["arn:aws:s3:::central-logs/AWSLogs/111111111111/Config/*", "arn:aws:s3:::central-logs/AWSLogs/222222222222/Config/*"]');
    expect((await lintWith(rule, two)).map((f) => f.suggestion)).toEqual(['Add "Condition": {"StringEquals": {"aws:SourceAccount": ["111111111111", "222222222222"]}}']);
    const one = bucketPolicy({ Service: 'cloudtrail.amazonaws.com' }, {}, 'arn:aws:s3:::central-logs/AWSLogs/111111111111/*');
    expect((await lintWith(rule, one)).map((f) => f.suggestion)).toEqual(['Add "Condition": {"StringEquals": {"aws:SourceAccount": "111111111111"}, "ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*:111111111111:*"}}']);
  });

  it('adds keys to the operators the Condition already has, so a second "StringEquals" does not replace the first', async () => {
    const text = bucketPolicy({ Service: 'config.amazonaws.com' }, { Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } });
    expect((await lintWith(rule, text)).map((f) => f.suggestion)).toEqual([
      'Add "aws:SourceAccount": "ACCOUNT_ID" to its "StringEquals", and "ArnLike": {"aws:SourceArn": "arn:aws:config:*:ACCOUNT_ID:*"} to its Condition',
    ]);
  });

  it.each([
    ['aws:SourceArn', { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } }],
    ['aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': '111122223333' } }],
    ['aws:SourceOrgID', { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } }],
    ['the CloudTrail encryption context on a key', { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } }],
    ["SES's source-account encryption context", { StringEquals: { 'kms:EncryptionContext:aws:ses:source-account': '111122223333' } }],
    ["EventBridge's event bus encryption context", { StringEquals: { 'kms:EncryptionContext:aws:events:event-bus:arn': 'arn:aws:events:us-east-1:111122223333:event-bus/orders' } }],
    ["SNS's topic encryption context", { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': 'arn:aws:sns:*:111122223333:*' } }],
  ])('does not report a grant pinned by %s', async (_n, condition) => {
    expect(await lintWith(rule, bucketPolicy({ Service: 'cloudtrail.amazonaws.com' }, { Condition: condition }))).toEqual([]);
  });

  it.each([
    ['a negated source condition', { StringNotEquals: { 'aws:SourceAccount': '111122223333' } }],
    ['a source condition that accepts anything', { StringLike: { 'aws:SourceArn': '*' } }],
    ["a source ARN of any account's bucket", { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }],
    ['a source ARN with a wildcard account', { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:*:trail/*' } }],
    ['an encryption context key that names no source', { StringEquals: { 'kms:EncryptionContext:aws:ses:rule-name': 'inbound' } }],
  ])('reports %s', async (_n, condition) => {
    expect(await lintWith(rule, bucketPolicy({ Service: 'cloudtrail.amazonaws.com' }, { Condition: condition }))).toHaveLength(1);
  });

  it('names the source key that pins nothing, and sets its value instead of adding the key again', async () => {
    const [f, ...rest] = await lintWith(rule, bucketPolicy({ Service: 'cloudtrail.amazonaws.com' }, { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:*:trail/*' } } }));
    expect(rest).toEqual([]);
    expect(f?.message).toMatch(/on behalf of any account: its aws:SourceArn condition does not pin it to one account or organization$/);
    expect(f?.suggestion).toBe('Set its "ArnLike" "aws:SourceArn" to "arn:aws:cloudtrail:*:ACCOUNT_ID:*", and add "StringEquals": {"aws:SourceAccount": "ACCOUNT_ID"} to its Condition');
  });

  it.each([
    ['a Deny', policy([{ Effect: 'Deny', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:*', Resource: BUCKET }])],
    ['an account principal', bucketPolicy({ AWS: 'arn:aws:iam::111122223333:role/writer' })],
    ['a source ARN with a wildcard after its account', bucketPolicy({ Service: 'cloudtrail.amazonaws.com' }, { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } } })],
  ])('does not report %s', async (_n, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('does not read trust policies', async () => {
    const text = policy([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('suggests the template\'s own account in a CloudFormation template', async () => {
    const text = [
      'Resources:',
      '  AlertsTopicPolicy:',
      '    Type: AWS::SNS::TopicPolicy',
      '    Properties:',
      '      Topics: [!Ref AlertsTopic]',
      '      PolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              Service: events.amazonaws.com',
      '            Action: sns:Publish',
      '            Resource: !Ref AlertsTopic',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.suggestion])).toEqual([
      // As intrinsics: CloudFormation fills in ${AWS::AccountId} only inside Fn::Sub.
      [10, 24, 'Add "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}, "ArnLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:events:*:${AWS::AccountId}:*"}}}'],
    ]);
  });

  it('keeps ${AWS::AccountId} as written for a policy that is a !Sub template string', async () => {
    const text = 'Resources:\n  Logs:\n    Type: AWS::Logs::ResourcePolicy\n    Properties:\n      PolicyName: delivery\n      PolicyDocument: !Sub \'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "logs:PutLogEvents", "Resource": "arn:${AWS::Partition}:logs:*:${AWS::AccountId}:*"}]}\'\n';
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => f.suggestion)).toEqual([
      'Add "Condition": {"StringEquals": {"aws:SourceAccount": "${AWS::AccountId}"}, "ArnLike": {"aws:SourceArn": "arn:${AWS::Partition}:events:*:${AWS::AccountId}:*"}}',
    ]);
  });

  it('says to make a plain policy string an Fn::Sub, where ${AWS::AccountId} is not filled in', async () => {
    const text = 'Resources:\n  Repo:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryPolicyText: \'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "ecr:BatchGetImage"}]}\'\n';
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => f.suggestion)).toEqual([
      'Add "Condition": {"StringEquals": {"aws:SourceAccount": "${AWS::AccountId}"}, "ArnLike": {"aws:SourceArn": "arn:${AWS::Partition}:codebuild:*:${AWS::AccountId}:*"}}, and make the policy string an Fn::Sub so that ${AWS::AccountId} is filled in',
    ]);
  });

  it('suggests Terraform data sources in a .tf file, in a heredoc and in jsonencode', async () => {
    const text = `data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sns:Publish", "Resource": "\${aws_sns_topic.alerts.arn}"}]
}
EOF
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:PutObject", Resource = "arn:aws:s3:::acme-trail-logs/*", Condition = { Bool = { "aws:SecureTransport" = "true" } } }]
  })
}
`;
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    expect(findings.map((f) => [f.line, f.column, f.suggestion])).toEqual([
      [
        ...Object.values(positionOf(text, '"events.amazonaws.com"')),
        'Add "Condition": {"StringEquals": {"aws:SourceAccount": "${data.aws_caller_identity.current.account_id}"}, "ArnLike": {"aws:SourceArn": "arn:${data.aws_partition.current.partition}:events:*:${data.aws_caller_identity.current.account_id}:*"}}',
      ],
      [
        ...Object.values(positionOf(text, '"cloudtrail.amazonaws.com"')),
        'Add to its Condition: {"StringEquals": {"aws:SourceAccount": "${data.aws_caller_identity.current.account_id}"}, "ArnLike": {"aws:SourceArn": "arn:${data.aws_partition.current.partition}:cloudtrail:*:${data.aws_caller_identity.current.account_id}:*"}}',
      ],
    ]);
  });

  it('writes the partition out, and says the caller-identity data source is needed, where the file declares neither', async () => {
    const text = `resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "events.amazonaws.com" }, Action = "sns:Publish", Resource = aws_sns_topic.alerts.arn }]
  })
}
`;
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    expect(findings.map((f) => [f.line, f.column, f.suggestion])).toEqual([
      [
        ...Object.values(positionOf(text, '"events.amazonaws.com"')),
        'Add "Condition": {"StringEquals": {"aws:SourceAccount": "${data.aws_caller_identity.current.account_id}"}, "ArnLike": {"aws:SourceArn": "arn:aws:events:*:${data.aws_caller_identity.current.account_id}:*"}}, which needs data "aws_caller_identity" "current" {} in the module',
      ],
    ]);
  });

  it('suggests the data sources for a plan too, though its Resource names the account: the fix goes in the configuration', async () => {
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:444455556666:events' }] };
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ address: 'aws_sqs_queue_policy.events', mode: 'managed', type: 'aws_sqs_queue_policy', name: 'events', values: { queue_url: 'https://sqs.eu-west-1.amazonaws.com/444455556666/events', policy: JSON.stringify(document) } }] } },
    };
    const text = `${JSON.stringify(plan, null, 2)}\n`;
    const findings = await lintWith(rule, text, { filename: 'plan.json' });
    expect(findings.map((f) => [f.line, f.column, f.suggestion])).toEqual([
      [
        ...Object.values(positionOf(text, '\\"delivery.logs.amazonaws.com\\"')),
        'Add "Condition": {"StringEquals": {"aws:SourceAccount": "${data.aws_caller_identity.current.account_id}"}}, which needs data "aws_caller_identity" "current" {} in the module',
      ],
    ]);
  });

  it.each([
    ['main.tf', 'resource "aws_lambda_permission" "s3" {\n  action        = "lambda:InvokeFunction"\n  function_name = aws_lambda_function.thumbnailer.function_name\n  principal     = "s3.amazonaws.com"\n}\n'],
    [
      'plan.json',
      `${JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [{ address: 'aws_lambda_permission.s3', mode: 'managed', type: 'aws_lambda_permission', name: 's3', values: { action: 'lambda:InvokeFunction', function_name: 'thumbnailer', principal: 's3.amazonaws.com' } }] } } }, null, 2)}\n`,
    ],
  ])('suggests the source_account and source_arn attributes of an aws_lambda_permission (%s)', async (filename, text) => {
    const findings = await lintWith(rule, text, { filename });
    expect(findings.map((f) => [f.line, f.column, f.suggestion])).toEqual([
      [
        ...Object.values(positionOf(text, '"s3.amazonaws.com"')),
        'Add source_account = data.aws_caller_identity.current.account_id to aws_lambda_permission.s3 (and source_arn = the ARN of the s3 resource that may invoke the function)',
      ],
    ]);
  });

  it.each([
    [
      't.yaml',
      'Resources:\n  FromUploads:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !Ref Thumbnailer\n      Principal: s3.amazonaws.com\n',
      's3.amazonaws.com',
      'Add SourceAccount: !Ref AWS::AccountId to AWS::Lambda::Permission "FromUploads" (and SourceArn: the ARN of the s3 resource that may invoke the function)',
    ],
    // A JSON template takes the long form: a YAML `!Ref` pasted into it would not parse.
    [
      't.json',
      `${JSON.stringify({ Resources: { FromUploads: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: 'Thumbnailer' }, Principal: 's3.amazonaws.com' } } } }, null, 2)}\n`,
      '"s3.amazonaws.com"',
      'Add "SourceAccount": {"Ref": "AWS::AccountId"} to AWS::Lambda::Permission "FromUploads" (and "SourceArn": the ARN of the s3 resource that may invoke the function)',
    ],
  ])('suggests the SourceAccount and SourceArn properties of an AWS::Lambda::Permission (%s), at its Principal', async (filename, text, needle, suggestion) => {
    const findings = await lintWith(rule, text, { filename });
    expect(findings.map((f) => [f.ruleId, f.severity, f.line, f.column, f.path, f.message, f.suggestion])).toEqual([
      [
        'service-principal-without-source',
        'warning',
        ...Object.values(positionOf(text, needle)),
        ['Statement', 0, 'Principal', 'Service'],
        'Statement #1 lets "s3.amazonaws.com" act on this resource on behalf of any account: no aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths condition',
        suggestion,
      ],
    ]);
  });

  it('is silent on an AWS::Lambda::Permission with SourceAccount or SourceArn', async () => {
    const text = 'Resources:\n  FromUploads:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !Ref Thumbnailer\n      Principal: s3.amazonaws.com\n      SourceAccount: !Ref AWS::AccountId\n  FromTopic:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !Ref Thumbnailer\n      Principal: sns.amazonaws.com\n      SourceArn: !Ref Jobs\n';
    expect(await lintWith(rule, text, { filename: 't.yaml' })).toEqual([]);
  });

  it('is silent on an Alexa skill trigger, whose EventSourceToken names the one skill that may call', async () => {
    const text = 'Resources:\n  Skill:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !Ref SkillFunction\n      Principal: alexa-appkit.amazon.com\n      EventSourceToken: amzn1.ask.skill.12345678-1234-1234-1234-123456789012\n';
    expect(await lintWith(rule, text, { filename: 't.yaml' })).toEqual([]);
    const without = text.replace(/ {6}EventSourceToken.*\n/, '');
    expect((await lintWith(rule, without, { filename: 't.yaml' })).map((f) => f.ruleId)).toEqual(['service-principal-without-source']);
  });
});
