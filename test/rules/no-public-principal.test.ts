import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-public-principal.js';
import type { PolicyKind } from '../../src/types.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const BUCKET_OBJECTS = 'arn:aws:s3:::example-reports/*';

/** A bucket policy statement that reads objects, with the given principal and extra elements. */
function bucketStatement(principal: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Sid: 'PublicRead', Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: BUCKET_OBJECTS, ...extra };
}

function trustStatement(principal: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Sid: 'AssumeFromAnywhere', Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra };
}

describe('no-public-principal', () => {
  describe('reports a public principal in an Allow', () => {
    it.each([
      {
        name: 'Principal "*" in a bucket policy',
        text: policy([bucketStatement('*')]),
        needle: '"*"',
        after: '"Principal"',
        principal: '("*")',
        statement: '"PublicRead"',
        kind: 'resource',
      },
      {
        name: '{"AWS": "*"} in a bucket policy',
        text: policy([bucketStatement({ AWS: '*' })]),
        needle: '"*"',
        after: '"AWS"',
        principal: '({"AWS": "*"})',
        statement: '"PublicRead"',
        kind: 'resource',
      },
      {
        name: '"*" among account ARNs in {"AWS": [...]}',
        text: policy([bucketStatement({ AWS: ['arn:aws:iam::123456789012:root', '*'] })]),
        needle: '"*"',
        after: '"AWS"',
        principal: '({"AWS": "*"})',
        statement: '"PublicRead"',
        kind: 'resource',
      },
      {
        name: 'Principal "*" in a trust policy',
        text: policy([trustStatement('*')]),
        needle: '"*"',
        after: '"Principal"',
        principal: '("*")',
        statement: '"AssumeFromAnywhere"',
        kind: 'trust',
      },
      {
        name: '{"AWS": "*"} in a trust policy',
        text: policy([trustStatement({ AWS: '*' })]),
        needle: '"*"',
        after: '"AWS"',
        principal: '({"AWS": "*"})',
        statement: '"AssumeFromAnywhere"',
        kind: 'trust',
      },
      {
        name: '{"AWS": ["role ARN", "*"]} in a trust policy',
        text: policy([trustStatement({ AWS: ['arn:aws:iam::123456789012:role/deploy', '*'] })]),
        needle: '"*"',
        after: '"AWS"',
        principal: '({"AWS": "*"})',
        statement: '"AssumeFromAnywhere"',
        kind: 'trust',
      },
    ])('$name', async ({ text, needle, after, principal, statement, kind }) => {
      const findings = await lintWith(rule, text);
      const at = positionOf(text, needle, after);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: 'no-public-principal',
        severity: 'error',
        line: at.line,
        column: at.column,
        endLine: at.line,
        endColumn: at.column + needle.length,
        policy: { kind },
      });
      expect(findings[0]?.message).toBe(`Statement ${statement} allows any principal ${principal} with no condition that pins the caller`);
      expect(findings[0]?.suggestion).toContain('"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}}');
      expect(findings[0]?.suggestion).toContain('Name the principals');
    });

    it('labels a statement without Sid by its place and reports each public statement', async () => {
      const text = policy([
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example-reports' },
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: BUCKET_OBJECTS },
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:PutObject', Resource: BUCKET_OBJECTS },
      ]);
      const findings = await lintWith(rule, text);
      const first = positionOf(text, '"*"', '"s3:ListBucket"');
      const second = positionOf(text, '"*"', '"AWS": "*"');
      expect(findings.map((f) => [f.line, f.column])).toEqual([
        [first.line, first.column],
        [second.line, second.column],
      ]);
      expect(findings[0]?.message).toContain('Statement #2 allows any principal ("*")');
      expect(findings[1]?.message).toContain('Statement #3 allows any principal ({"AWS": "*"})');
    });

    it('says to add to the existing Condition when the statement has one that does not pin', async () => {
      const text = policy([bucketStatement('*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })]);
      const findings = await lintWith(rule, text);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: 'no-public-principal', ...positionOf(text, '"*"', '"Principal"') });
      expect(findings[0]?.suggestion).toBe(
        'Name the principals (an account or role ARN), or add to its Condition a condition that pins the caller: "StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}',
      );
    });

    it('adds the pinning key to a StringEquals the statement has, not a second StringEquals', async () => {
      const text = policy([bucketStatement('*', { Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } })]);
      expect((await lintWith(rule, text)).map((f) => f.suggestion)).toEqual(['Name the principals (an account or role ARN), or pin the caller: add "aws:PrincipalOrgID": "o-xxxxxxxxxx" to its "StringEquals"']);
    });

    it('sets the value of a pinning key its StringEquals has already (with a "*"), instead of adding the key again', async () => {
      const text = policy([bucketStatement('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': '*' } } })]);
      expect((await lintWith(rule, text)).map((f) => f.suggestion)).toEqual([
        'Name the principals (an account or role ARN), or pin the caller: set its "StringEquals" "aws:PrincipalOrgID" to your organization ID ("o-xxxxxxxxxx")',
      ]);
    });

    it('pins a statement for AWS service principals with aws:SourceOrgID, since services carry no aws:PrincipalOrgID', async () => {
      const text = policy([bucketStatement('*', { Condition: { Bool: { 'aws:PrincipalIsAWSService': 'true' } } })]);
      const findings = await lintWith(rule, text);
      expect(findings.map((f) => f.suggestion)).toEqual([
        'Name the principals (an account or role ARN), or add to its Condition a condition that pins the caller: "StringEquals": {"aws:SourceOrgID": "o-xxxxxxxxxx"}',
      ]);
    });
  });

  describe('a pinning condition silences it', () => {
    it.each([
      ['aws:PrincipalOrgID', 'StringEquals', 'o-a1b2c3d4e5'],
      ['aws:PrincipalOrgPaths', 'ForAnyValue:StringLike', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'],
      ['aws:PrincipalAccount', 'StringEquals', '123456789012'],
      ['aws:PrincipalArn', 'ArnLike', 'arn:aws:iam::123456789012:role/reporting-*'],
      ['aws:userid', 'StringLike', 'AROAEXAMPLEID:*'],
      ['aws:SourceAccount', 'StringEquals', '123456789012'],
      ['aws:SourceArn', 'ArnEquals', 'arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE'],
      ['aws:SourceOwner', 'StringEquals', '123456789012'],
      ['aws:SourceOrgID', 'StringEquals', 'o-a1b2c3d4e5'],
      ['aws:SourceOrgPaths', 'ForAnyValue:StringEquals', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'],
      ['aws:SourceVpc', 'StringEquals', 'vpc-1a2b3c4d'],
      // S3's delegation of access control to the account's access points.
      ['s3:DataAccessPointAccount', 'StringEquals', '123456789012'],
      ['s3:DataAccessPointArn', 'StringEquals', 'arn:aws:s3:us-east-1:123456789012:accesspoint/reports'],
      ['aws:SourceVpce', 'StringEquals', 'vpce-1a2b3c4d'],
      ['aws:VpceOrgID', 'StringEquals', 'o-a1b2c3d4e5'],
      ['aws:VpceAccount', 'StringEquals', '123456789012'],
      ['kms:CallerAccount', 'StringEquals', '123456789012'],
      ['aws:SourceIp', 'IpAddress', '10.0.0.0/8'],
      ['aws:PRINCIPALORGID', 'StringEquals', 'o-a1b2c3d4e5'],
      // A wildcard after the owner: AWS's own examples (an account's alarms, an OU's paths).
      ['aws:SourceArn', 'ArnLike', 'arn:aws:cloudwatch:us-east-2:111122223333:alarm:*'],
      ['aws:PrincipalArn', 'ArnLike', 'arn:aws:iam::123456789012:*'],
      // An S3 bucket's ARN has no account, and its name is global (AWS's event-notification examples).
      ['aws:SourceArn', 'ArnLike', 'arn:aws:s3:*:*:amzn-s3-demo-bucket'],
    ])('%s under %s', async (key, operator, value) => {
      const condition = { [operator]: { [key]: value } };
      expect(await lintWith(rule, policy([bucketStatement('*', { Condition: condition })]))).toEqual([]);
      expect(await lintWith(rule, policy([trustStatement({ AWS: '*' }, { Condition: condition })]))).toEqual([]);
    });
  });

  describe('a condition that does not pin the caller', () => {
    it.each([
      ['a negated operator', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
      ['an IfExists operator', { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
      ['a "*" value', { StringLike: { 'aws:PrincipalAccount': '*' } }],
      ['a "*" among the values', { StringLike: { 'aws:PrincipalArn': ['arn:aws:iam::123456789012:role/reporting', '*'] } }],
      ['aws:SourceIp 0.0.0.0/0', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }],
      ['aws:SourceIp ::/0', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '::/0'] } }],
      ['aws:SourceIp 0::/0, every IPv6 address written another way', { IpAddress: { 'aws:SourceIp': '0::/0' } }],
      ['aws:SourceIp 10.0.0.0/0, every IPv4 address', { IpAddress: { 'aws:SourceIp': '10.0.0.0/0' } }],
      ['aws:SourceIp under NotIpAddress', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }],
      ['a Null test', { Null: { 'aws:PrincipalOrgID': 'false' } }],
      ['ForAllValues: (true when the key is absent)', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
      ['an organization ID with a wildcard', { StringLike: { 'aws:PrincipalOrgID': 'o-*' } }],
      ['a role ARN in any account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app-role' } }],
      ['a source ARN of any account', { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }],
      ['a source bucket whose name has a wildcard (anyone may own a matching bucket)', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::my-bucket-*' } }],
      ['an organization path in any organization', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': '*/r-ab12/*' } }],
      ['a key that is not a pinning key', { StringEquals: { 'aws:ResourceAccount': '123456789012' } }],
    ])('%s', async (_name, condition) => {
      const text = policy([bucketStatement('*', { Condition: condition })]);
      const findings = await lintWith(rule, text);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: 'no-public-principal', severity: 'error', ...positionOf(text, '"*"', '"Principal"') });
      expect(findings[0]?.message).toContain('Statement "PublicRead" allows any principal ("*")');
      // Into its StringEquals when it has one, else into its Condition.
      expect(findings[0]?.suggestion).toMatch(/add to its Condition|to its "StringEquals"/);
    });
  });

  describe('a Deny in the same policy', () => {
    const allow = { Sid: 'Invoke', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };
    const deny = (Condition: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition, ...extra });

    it.each([
      ['StringNotEquals aws:SourceVpce (a private API)', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }],
      ['NotIpAddress aws:SourceIp', { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24'] } }],
    ])('pins the Allow when it refuses every caller but the pinned ones: %s', async (_name, condition) => {
      expect(await lintWith(rule, policy([deny(condition), allow]))).toEqual([]);
    });

    it('counts a NotAction or NotResource Deny that leaves none of the Allow out (only the endpoint may read)', async () => {
      const pin = { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } };
      const read = { Sid: 'Read', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b2/*' };
      const notAction = { Effect: 'Deny', Principal: '*', NotAction: 's3:PutBucketPolicy', Resource: ['arn:aws:s3:::b2', 'arn:aws:s3:::b2/*'], Condition: pin };
      expect(await lintWith(rule, policy([read, notAction]))).toEqual([]);
      const notResource = { Effect: 'Deny', Principal: '*', Action: 's3:*', NotResource: 'arn:aws:s3:::b2/public/*', Condition: pin };
      expect(await lintWith(rule, policy([read, notResource]))).toHaveLength(1);
      expect(await lintWith(rule, policy([{ ...read, Resource: 'arn:aws:s3:::b2/private/*' }, notResource]))).toEqual([]);
      // An exception the Allow's actions may fall in leaves them public.
      expect(await lintWith(rule, policy([{ ...read, Action: 's3:Get*' }, { ...notAction, NotAction: 's3:GetObject*' }]))).toHaveLength(1);
    });

    it.each([
      ['its condition is positive', deny({ StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })],
      ['it covers fewer actions', deny({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }, { Action: 'execute-api:ManageConnections' })],
      ['it covers fewer resources', deny({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }, { Resource: 'execute-api:/prod/*' })],
      ['its key does not pin', deny({ StringNotEquals: { 'aws:UserAgent': 'curl' } })],
      ['its range is open', deny({ NotIpAddress: { 'aws:SourceIp': '0.0.0.0/0' } })],
      ['it also tests something else, so it only denies when both hold', deny({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' }, Bool: { 'aws:SecureTransport': 'false' } })],
    ])('leaves the Allow public when %s', async (_name, d) => {
      const text = policy([d, allow]);
      const findings = await lintWith(rule, text);
      expect(findings.map((f) => [f.message, f.line, f.column])).toEqual([['Statement "Invoke" allows any principal ("*") with no condition that pins the caller', positionOf(text, '"*"', '"Invoke"').line, positionOf(text, '"*"', '"Invoke"').column]]);
    });
  });

  it('takes a Deny on the same interpolated resource as the Allow for pinning it (Terraform\'s execution_arn)', async () => {
    const text = [
      'resource "aws_api_gateway_rest_api_policy" "p" {',
      '  rest_api_id = aws_api_gateway_rest_api.api.id',
      '  policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [',
      '      { Effect = "Deny", Principal = "*", Action = "execute-api:Invoke", Resource = "${aws_api_gateway_rest_api.api.execution_arn}/*", Condition = { StringNotEquals = { "aws:SourceVpce" = "vpce-1a2b3c4d" } } },',
      '      { Effect = "Allow", Principal = "*", Action = "execute-api:Invoke", Resource = "${aws_api_gateway_rest_api.api.execution_arn}/*" },',
      '    ]',
      '  })',
      '}',
      '',
    ].join('\n');
    expect(await lintWith(rule, text, { filename: 'api.tf' })).toEqual([]);
  });

  describe('valid', () => {
    it.each<{ name: string; text: string; policyType?: PolicyKind }>([
      { name: 'a Deny with Principal "*"', text: policy([{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: BUCKET_OBJECTS, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }]) },
      { name: 'a Deny with {"AWS": "*"} and no condition', text: policy([{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:DeleteObject', Resource: BUCKET_OBJECTS }]) },
      { name: 'named account principals', text: policy([bucketStatement({ AWS: ['arn:aws:iam::123456789012:root', '111122223333'] })]) },
      { name: 'a service principal', text: policy([bucketStatement({ Service: 'cloudfront.amazonaws.com' }, { Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE' } } })]) },
      { name: 'an identity policy (no Principal)', text: policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: BUCKET_OBJECTS }]) },
      { name: 'an identity policy forced by --policy-type', text: policy([bucketStatement('*')]), policyType: 'identity' },
      { name: 'an RCP (Principal "*" by design)', text: policy([{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]), policyType: 'rcp' },
      { name: 'an RCP deny-by-default perimeter', text: policy([bucketStatement('*')]), policyType: 'rcp' },
      { name: 'a VPC endpoint policy', text: policy([{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]), policyType: 'endpoint' },
      { name: 'a VPC endpoint policy with {"AWS": "*"}', text: policy([bucketStatement({ AWS: '*' })]), policyType: 'endpoint' },
    ])('$name', async ({ text, policyType }) => {
      expect(await lintWith(rule, text, policyType ? { policyType } : {})).toEqual([]);
    });
  });

  describe('CloudFormation', () => {
    it('reports Principal "*" in an AWS::S3::BucketPolicy (YAML) at its place in the template', async () => {
      const text = [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Resources:',
        '  ReportsBucket:',
        '    Type: AWS::S3::Bucket',
        '  ReportsBucketPolicy:',
        '    Type: AWS::S3::BucketPolicy',
        '    Properties:',
        '      Bucket: !Ref ReportsBucket',
        '      PolicyDocument:',
        "        Version: '2012-10-17'",
        '        Statement:',
        '          - Sid: PublicRead',
        '            Effect: Allow',
        "            Principal: '*'",
        '            Action: s3:GetObject',
        "            Resource: !Sub '${ReportsBucket.Arn}/*'",
        '          - Sid: OrgWrite',
        '            Effect: Allow',
        '            Principal:',
        "              AWS: '*'",
        '            Action: s3:PutObject',
        "            Resource: !Sub '${ReportsBucket.Arn}/*'",
        '            Condition:',
        '              StringEquals:',
        '                aws:PrincipalOrgID: o-a1b2c3d4e5',
        '',
      ].join('\n');
      const findings = await lintWith(rule, text, { filename: 'bucket.yaml' });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: 'no-public-principal',
        severity: 'error',
        line: 14,
        column: 24,
        endLine: 14,
        endColumn: 27,
        path: ['Statement', 0, 'Principal'],
        policy: { kind: 'resource', name: 'ReportsBucketPolicy', location: 'Resources.ReportsBucketPolicy.Properties.PolicyDocument' },
      });
      expect(findings[0]?.message).toContain('Statement "PublicRead" allows any principal ("*")');
      expect(findings[0]?.suggestion).toContain('"aws:PrincipalOrgID": "o-xxxxxxxxxx"');
    });

    it('reports {"AWS": "*"} in an AWS::SQS::QueuePolicy (JSON)', async () => {
      const template = {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          OrdersQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'orders' } },
          OrdersQueuePolicy: {
            Type: 'AWS::SQS::QueuePolicy',
            Properties: {
              Queues: [{ Ref: 'OrdersQueue' }],
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Sid: 'AnyoneSends', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] } },
                  {
                    Sid: 'TopicSends',
                    Effect: 'Allow',
                    Principal: { AWS: '*' },
                    Action: 'sqs:SendMessage',
                    Resource: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] },
                    Condition: { ArnEquals: { 'aws:SourceArn': { Ref: 'OrdersTopic' } } },
                  },
                ],
              },
            },
          },
          OrdersTopic: { Type: 'AWS::SNS::Topic' },
        },
      };
      const text = `${JSON.stringify(template, null, 2)}\n`;
      const findings = await lintWith(rule, text, { filename: 'queue.template.json' });
      const at = positionOf(text, '"*"', '"AnyoneSends"');
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: 'no-public-principal',
        line: at.line,
        column: at.column,
        path: ['Statement', 0, 'Principal', 'AWS'],
        policy: { kind: 'resource', name: 'OrdersQueuePolicy' },
      });
      expect(findings[0]?.message).toContain('Statement "AnyoneSends" allows any principal ({"AWS": "*"})');
    });

    it.each([
      ['"NONE"', 'A function URL with auth type NONE is public by design'],
      ['"AWS_IAM"', 'Name the principal (an account ID or ARN), or pin it to your organization with principal_org_id = "o-xxxxxxxxxx" on aws_lambda_permission.url'],
    ])('a Terraform aws_lambda_permission for a function URL of auth type %s: principal_org_id only where callers sign their requests', async (authType, suggestion) => {
      const text = [
        'resource "aws_lambda_permission" "url" {',
        '  statement_id           = "AllowPublicUrl"',
        '  action                 = "lambda:InvokeFunctionUrl"',
        '  function_name          = aws_lambda_function.main.function_name',
        '  principal              = "*"',
        `  function_url_auth_type = ${authType}`,
        '}',
        '',
      ].join('\n');
      const findings = await lintWith(rule, text, { filename: 'main.tf' });
      const at = positionOf(text, '"*"');
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: 'no-public-principal', severity: 'error', line: at.line, column: at.column });
      expect(findings[0]?.message).toBe('Statement #1 allows any principal ("*") with no condition that pins the caller');
      expect(findings[0]?.suggestion).toMatch(new RegExp(`^${suggestion.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    });

    it('suggests the PrincipalOrgID property for an AWS::Lambda::Permission', async () => {
      const text = [
        'Resources:',
        '  AnyAccountInvoke:',
        '    Type: AWS::Lambda::Permission',
        '    Properties:',
        '      Action: lambda:InvokeFunction',
        '      FunctionName: webhook-receiver',
        "      Principal: '*'",
        '',
      ].join('\n');
      const findings = await lintWith(rule, text, { filename: 't.yaml' });
      const at = positionOf(text, "'*'");
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: 'no-public-principal', line: at.line, column: at.column });
      expect(findings[0]?.suggestion).toBe(
        'Name the principal (an account ID or ARN), or pin it to your organization with PrincipalOrgID: o-xxxxxxxxxx on AWS::Lambda::Permission "AnyAccountInvoke"',
      );
    });

    it('does not read an AWS::EC2::VPCEndpoint policy nor an RCP', async () => {
      const text = [
        'Resources:',
        '  S3Endpoint:',
        '    Type: AWS::EC2::VPCEndpoint',
        '    Properties:',
        '      VpcId: vpc-1a2b3c4d',
        '      ServiceName: com.amazonaws.us-east-1.s3',
        '      PolicyDocument:',
        "        Version: '2012-10-17'",
        '        Statement:',
        '          - Effect: Allow',
        "            Principal: '*'",
        "            Action: '*'",
        "            Resource: '*'",
        '  Perimeter:',
        '    Type: AWS::Organizations::Policy',
        '    Properties:',
        '      Name: perimeter',
        '      Type: RESOURCE_CONTROL_POLICY',
        '      Content:',
        "        Version: '2012-10-17'",
        '        Statement:',
        '          - Effect: Allow',
        "            Principal: '*'",
        "            Action: '*'",
        "            Resource: '*'",
        '',
      ].join('\n');
      expect(await lintWith(rule, text, { filename: 'network.yaml' })).toEqual([]);
    });
  });
});
