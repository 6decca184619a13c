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

  it('takes the account from the resource ARN and keeps to aws:SourceAccount for a principal that is not a service prefix', async () => {
    const text = policy([
      { Sid: 'Delivery', Effect: 'Allow', Principal: { Service: ['delivery.logs.amazonaws.com'] }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:444455556666:events', Condition: { StringEquals: { 'aws:SecureTransport': 'true' } } },
    ]);
    const findings = await lintWith(rule, text);
    expect(findings[0]?.suggestion).toBe('Add to its Condition: {"StringEquals": {"aws:SourceAccount": "444455556666"}}');
  });

  it('names every service principal of the statement', async () => {
    const findings = await lintWith(rule, bucketPolicy({ Service: ['config.amazonaws.com', 'cloudtrail.amazonaws.com'] }));
    expect(findings.map((f) => f.message)).toEqual([
      'Statement "TrailWrite" lets "config.amazonaws.com", "cloudtrail.amazonaws.com" act on this resource on behalf of any account: no aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths condition',
    ]);
  });

  it.each([
    ['aws:SourceArn', { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } }],
    ['aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': '111122223333' } }],
    ['aws:SourceOrgID', { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } }],
    ['the CloudTrail encryption context on a key', { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } }],
  ])('does not report a grant pinned by %s', async (_n, condition) => {
    expect(await lintWith(rule, bucketPolicy({ Service: 'cloudtrail.amazonaws.com' }, { Condition: condition }))).toEqual([]);
  });

  it.each([
    ['a negated source condition', { StringNotEquals: { 'aws:SourceAccount': '111122223333' } }],
    ['a source condition that accepts anything', { StringLike: { 'aws:SourceArn': '*' } }],
  ])('reports %s', async (_n, condition) => {
    expect(await lintWith(rule, bucketPolicy({ Service: 'cloudtrail.amazonaws.com' }, { Condition: condition }))).toHaveLength(1);
  });

  it.each([
    ['a Deny', policy([{ Effect: 'Deny', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:*', Resource: BUCKET }])],
    ['an account principal', bucketPolicy({ AWS: 'arn:aws:iam::111122223333:role/writer' })],
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
      [10, 24, 'Add "Condition": {"StringEquals": {"aws:SourceAccount": "${AWS::AccountId}"}, "ArnLike": {"aws:SourceArn": "arn:${AWS::Partition}:events:*:${AWS::AccountId}:*"}}'],
    ]);
  });
});
