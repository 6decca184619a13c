import { describe, expect, it } from 'vitest';
import rule from '../../rules/resource-mismatch.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const statement = (Action: unknown, Resource: unknown, Effect = 'Allow') => ({ Effect, Action, Resource });

describe('resource-mismatch', () => {
  describe('reports', () => {
    it.each([
      {
        name: 'an object action on a bucket ARN',
        stmt: statement(['s3:GetObject'], 'arn:aws:s3:::logs'),
        needle: '"s3:GetObject"',
        message: '"s3:GetObject" acts on accesspointobject, object resources, but no resource in the statement is one: "arn:aws:s3:::logs"',
        suggestion: 'Add "arn:aws:s3:::logs/*" to Resource (object: arn:${Partition}:s3:::${BucketName}/${ObjectName}), or move "s3:GetObject" to a statement of its own',
      },
      {
        name: 's3:ListBucket on objects',
        stmt: statement('s3:ListBucket', 'arn:aws:s3:::logs/*'),
        needle: '"s3:ListBucket"',
        message: '"s3:ListBucket" acts on accesspoint, bucket resources, but no resource in the statement is one: "arn:aws:s3:::logs/*"',
        suggestion: 'Add "arn:aws:s3:::logs" to Resource (bucket: arn:${Partition}:s3:::${BucketName}), or move "s3:ListBucket" to a statement of its own',
      },
      {
        name: 'another service\'s ARN',
        stmt: statement('dynamodb:GetItem', 'arn:aws:s3:::logs'),
        needle: '"dynamodb:GetItem"',
        message: '"dynamodb:GetItem" acts on table resources, but no resource in the statement is one: "arn:aws:s3:::logs"',
        suggestion: 'Move "dynamodb:GetItem" to a statement whose Resource has the form arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}',
      },
      {
        name: 'a pattern none of whose actions applies',
        stmt: statement('s3:PutObject*', 'arn:aws:s3:::logs'),
        needle: '"s3:PutObject*"',
        message: 'actions "s3:PutObject*" matches acts on the listed resources: "arn:aws:s3:::logs"',
        suggestion: 'Add "arn:aws:s3:::logs/*" to Resource',
      },
      {
        name: 'a Deny whose resource is of the wrong type (it denies nothing)',
        stmt: statement('s3:DeleteObject', 'arn:aws:s3:::logs', 'Deny'),
        needle: '"s3:DeleteObject"',
        message: '"s3:DeleteObject" acts on',
        suggestion: 'arn:aws:s3:::logs/*',
      },
    ])('$name', async ({ stmt, needle, message, suggestion }) => {
      const text = policy([stmt]);
      const findings = await lintWith(rule, text);
      expect(findings).toHaveLength(1);
      const at = positionOf(text, needle);
      expect(findings[0]).toMatchObject({ ruleId: 'resource-mismatch', severity: 'error', line: at.line, column: at.column, endColumn: at.column + needle.length, path: ['Statement', 0, 'Action', ...(Array.isArray(stmt.Action) ? [0] : [])] });
      expect(findings[0]?.message).toContain(message);
      expect(findings[0]?.suggestion).toContain(suggestion);
    });

    it('reports each mismatched action of a statement once', async () => {
      const text = policy([statement(['s3:GetObject', 's3:ListBucket', 's3:PutObject'], 'arn:aws:s3:::logs')]);
      const findings = await lintWith(rule, text);
      expect(findings.map((f) => [f.line, f.column])).toEqual([
        [positionOf(text, '"s3:GetObject"').line, positionOf(text, '"s3:GetObject"').column],
        [positionOf(text, '"s3:PutObject"').line, positionOf(text, '"s3:PutObject"').column],
      ]);
    });
  });

  describe('does not report', () => {
    it.each([
      { name: 'matching object and bucket ARNs', stmt: statement(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*']) },
      { name: 'a prefix wildcard that covers objects', stmt: statement('s3:GetObject', 'arn:aws:s3:::logs*') },
      { name: 'Resource "*"', stmt: statement('s3:GetObject', '*') },
      { name: 'a pattern of which one action applies', stmt: statement('s3:Get*', 'arn:aws:s3:::logs') },
      { name: 'a wildcard-only action on a specific ARN', stmt: statement('s3:ListAllMyBuckets', 'arn:aws:s3:::logs') },
      { name: 'ec2:DescribeInstances on an instance ARN', stmt: statement('ec2:DescribeInstances', 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc') },
      { name: 'a resource that is not an ARN (invalid-arn reports it)', stmt: statement('s3:GetObject', 'logs-bucket') },
      { name: 'an unknown action (unknown-action reports it)', stmt: statement('s3:GetObjekt', 'arn:aws:s3:::logs') },
      { name: 'a wildcard across services', stmt: statement('*', 'arn:aws:s3:::logs') },
      { name: 'kafka-cluster actions on kafka ARNs', stmt: statement('kafka-cluster:Connect', 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc-123') },
      { name: 'an IAM role path', stmt: statement('iam:PassRole', 'arn:aws:iam::123456789012:role/service/app') },
      { name: 'a log stream inside a log group with slashes', stmt: statement('logs:PutLogEvents', 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/app:log-stream:*') },
      { name: 'NotResource', stmt: { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::logs' } },
    ])('$name', async ({ stmt }) => {
      expect(await lintWith(rule, policy([stmt]))).toEqual([]);
    });
  });

  describe('in CloudFormation', () => {
    const template = (resource: string) =>
      [
        'Parameters:',
        '  BucketArn: {Type: String}',
        'Conditions:',
        '  IsProd: !Equals [!Ref AWS::AccountId, "123456789012"]',
        'Resources:',
        '  LogsBucket:',
        '    Type: AWS::S3::Bucket',
        '  ReadLogs:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        '        Version: "2012-10-17"',
        '        Statement:',
        '          - Effect: Allow',
        '            Action: s3:GetObject',
        `            Resource: ${resource}`,
        '',
      ].join('\n');

    it.each([
      ['!GetAtt LogsBucket.Arn', 1],
      ['!Sub "${LogsBucket.Arn}/*"', 0],
      ['!Ref BucketArn', 0],
      ['!Sub "arn:${AWS::Partition}:s3:::${LogsBucket}"', 1],
      ['!Sub "arn:${AWS::Partition}:s3:::${LogsBucket}/*"', 0],
      ['!If [IsProd, !GetAtt LogsBucket.Arn, !Sub "${LogsBucket.Arn}/*"]', 1],
      ['[!Sub "${LogsBucket.Arn}/*", !Ref AWS::NoValue]', 0],
    ])('Resource: %s gives %i finding(s)', async (resource, count) => {
      const findings = await lintWith(rule, template(resource), { filename: 'stack.yaml' });
      expect(findings).toHaveLength(count);
      for (const f of findings) expect(f).toMatchObject({ line: 15, column: 21, policy: { location: 'Resources.ReadLogs.Properties.PolicyDocument' } });
    });

    it('reads the JSON long forms', async () => {
      const text = JSON.stringify(
        {
          Resources: {
            LogsBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-logs' } },
            Reader: {
              Type: 'AWS::IAM::ManagedPolicy',
              Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::GetAtt': ['LogsBucket', 'Arn'] } }] } },
            },
          },
        },
        null,
        2,
      );
      const findings = await lintWith(rule, text, { filename: 'stack.template.json' });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject(positionOf(text, '"s3:GetObject"'));
      expect(findings[0]?.message).toContain('"arn:${AWS::Partition}:s3:::acme-logs"');
      expect(findings[0]?.suggestion).toContain('"arn:${AWS::Partition}:s3:::acme-logs/*"');
    });
  });
});
