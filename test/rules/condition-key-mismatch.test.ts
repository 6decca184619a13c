import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/condition-key-mismatch.js';
import { repoRoot } from '../helpers/cli.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const st = (Action: unknown, Condition: unknown, Effect = 'Allow') => ({ Effect, Action, Resource: '*', Condition });

describe('condition-key-mismatch', () => {
  it.each([
    {
      name: 'a service key the only action does not carry',
      statement: st('s3:GetObject', { StringLike: { 's3:prefix': 'home/*' } }),
      key: 's3:prefix',
      operator: 'StringLike',
      message: '"s3:prefix" is never in the request context of s3:GetObject, so this Allow does not grant it',
      suggestion:
        '"s3:prefix" applies to s3:ListBucket, s3:ListBucketVersions. Without "s3:prefix" this statement would grant s3:GetObject on every resource: name the resources in Resource (arn:${Partition}:s3:::${BucketName}/${ObjectName}), then remove "s3:prefix"',
    },
    {
      name: 'a service key on an action scoped by its Resource (removing the key grants only what Resource names)',
      statement: { ...st('s3:GetObject', { StringLike: { 's3:prefix': 'home/*' } }), Resource: 'arn:aws:s3:::logs/*' },
      key: 's3:prefix',
      operator: 'StringLike',
      message: '"s3:prefix" is never in the request context of s3:GetObject, so this Allow does not grant it',
      suggestion: 'Remove "s3:prefix" from this statement; it applies to s3:ListBucket, s3:ListBucketVersions',
    },
    {
      name: 'a tag key the action does not carry, on every resource',
      statement: st('rds-db:connect', { StringEquals: { 'aws:ResourceTag/env': 'prod' } }),
      key: 'aws:ResourceTag/env',
      operator: 'StringEquals',
      message: '"aws:ResourceTag/env" is never in the request context of rds-db:connect, so this Allow does not grant it',
      suggestion:
        'Without "aws:ResourceTag/env" this statement would grant rds-db:connect on every resource: name the resources in Resource (arn:${Partition}:rds-db:${Region}:${Account}:dbuser:${DbiResourceId}/${DbUserName}), then remove "aws:ResourceTag/env"',
    },
    {
      name: 'a tag key on an action that takes no resource ARN',
      statement: st('kms:ListKeys', { StringEquals: { 'aws:ResourceTag/env': 'prod' } }),
      key: 'aws:ResourceTag/env',
      operator: 'StringEquals',
      message: '"aws:ResourceTag/env" is never in the request context of kms:ListKeys, so this Allow does not grant it',
      suggestion: 'kms:ListKeys cannot be limited by Resource either: remove "aws:ResourceTag/env" only if granting it everywhere is intended',
    },
    {
      name: 'a tag key some actions do not carry (Access Analyzer reports these)',
      statement: st(['logs:CreateLogGroup', 'logs:DescribeLogGroups'], { StringEquals: { 'aws:ResourceTag/team': 'data' } }),
      key: 'aws:ResourceTag/team',
      operator: 'StringEquals',
      message: '"aws:ResourceTag/team" is never in the request context of logs:DescribeLogGroups, so this Allow does not grant it',
      suggestion: 'Split the statement: keep "aws:ResourceTag/team" with logs:CreateLogGroup, and move logs:DescribeLogGroups to a statement without it',
    },
    {
      name: "a request tag key on an action that only reads a taggable resource (the resource type's table lists it for the requests that tag)",
      statement: st(['secretsmanager:GetSecretValue', 'secretsmanager:CreateSecret'], { StringEquals: { 'aws:RequestTag/team': 'red' } }),
      key: 'aws:RequestTag/team',
      operator: 'StringEquals',
      message: '"aws:RequestTag/team" is never in the request context of secretsmanager:GetSecretValue, so this Allow does not grant it',
      // Moved to a statement without the key, on "*", it would read every secret.
      suggestion:
        'Split the statement: keep "aws:RequestTag/team" with secretsmanager:CreateSecret. Without it secretsmanager:GetSecretValue would be granted on every resource: move it to a statement that names the resources (arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId})',
    },
    {
      name: 'a request tag key that an action taking an ARN and one taking none do not carry, on every resource',
      statement: st(['secretsmanager:CreateSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:ListSecrets'], { StringEquals: { 'aws:RequestTag/team': 'red' } }),
      key: 'aws:RequestTag/team',
      operator: 'StringEquals',
      message: '"aws:RequestTag/team" is never in the request context of secretsmanager:GetSecretValue, secretsmanager:ListSecrets, so this Allow does not grant them',
      suggestion:
        'Split the statement: keep "aws:RequestTag/team" with secretsmanager:CreateSecret. Without it secretsmanager:GetSecretValue would be granted on every resource: move it to a statement that names the resources (arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}), and secretsmanager:ListSecrets to one with Resource "*"',
    },
    {
      name: 'a Deny that never applies',
      statement: st('kms:DescribeKey', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['owner'] } }, 'Deny'),
      key: 'aws:TagKeys',
      operator: 'ForAnyValue:StringEquals',
      message: '"aws:TagKeys" is never in the request context of kms:DescribeKey, so this Deny never applies to it',
      suggestion: 'Remove "aws:TagKeys" from this statement, or move kms:DescribeKey to one without it',
    },
  ])('reports $name', async ({ statement, key, operator, message, suggestion }) => {
    const text = policy([statement]);
    const findings = await lintWith(rule, text);
    const at = positionOf(text, `"${key}"`);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'condition-key-mismatch',
      severity: 'warning',
      line: at.line,
      column: at.column,
      path: ['Statement', 0, 'Condition', operator, key],
      message,
      suggestion,
    });
  });

  it('suggests a close key the actions support', async () => {
    const text = policy([st('ec2:RunInstances', { StringEquals: { 'ec2:VpcID': 'vpc-0abc' } })]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => f.suggestion)).toEqual(['Did you mean "ec2:Vpc", which these actions support? Otherwise remove "ec2:VpcID" from this statement']);
  });

  it.each([
    ['a key one of the actions carries', st(['s3:ListBucket', 's3:GetObject'], { StringLike: { 's3:prefix': 'home/*' } })],
    ['a key of another service that one action carries', st(['kms:Decrypt', 's3:GetObject'], { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })],
    ['global keys other than the tag keys', st('s3:GetObject', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, Bool: { 'aws:SecureTransport': 'true' } })],
    ['a tag key every action carries', st(['ec2:RunInstances', 'ec2:CreateTags'], { StringEquals: { 'aws:RequestTag/team': 'data' } })],
    ["a resource's own tags on an action that reads it", st('secretsmanager:GetSecretValue', { StringEquals: { 'aws:ResourceTag/team': 'red' } })],
    ['IfExists, which passes when the key is missing', st('s3:GetObject', { StringLikeIfExists: { 's3:prefix': 'home/*' } })],
    ['a negated operator, which passes when the key is missing', st('kms:ListKeys', { StringNotEquals: { 'aws:ResourceTag/env': 'prod' } }, 'Deny')],
    ['ForAllValues, which passes when the key is missing', st('kms:ListKeys', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } })],
    ['Null true, which passes when the key is missing', st('kms:ListKeys', { Null: { 'aws:ResourceTag/env': 'true' } })],
    ['keys every request made with a service\'s credentials carries', st('s3:ListBucket', { ArnEquals: { 'lambda:SourceFunctionArn': 'arn:aws:lambda:us-east-1:123456789012:function:f' } })],
    ['unknown keys (unknown-condition-key reports them)', st('s3:GetObject', { StringEquals: { 's3:prefx': 'x' } })],
    ['Action "*"', st('*', { StringLike: { 's3:prefix': 'home/*' } })],
    ['NotAction', { Effect: 'Deny', NotAction: 's3:ListBucket', Resource: '*', Condition: { StringLike: { 's3:prefix': 'x' } } }],
    ['OIDC keys', st('sts:AssumeRoleWithWebIdentity', { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:o/r:ref:refs/heads/main' } })],
    [
      "a web identity's claims on sts:TagSession, authorized inside AssumeRoleWithWebIdentity (AWS's Cognito attributes-for-access-control trust)",
      st(['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'], { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:12345678-1234-1234-1234-123456789012' } }),
    ],
    ["a SAML assertion's keys on sts:TagSession alone", st('sts:TagSession', { StringEquals: { 'saml:sub': 'alice' } })],
    ["a SAML session's keys on the actions its credentials call (AWS's SAML guide scopes S3 folders with them)", st('s3:GetObject', { StringEquals: { 'saml:sub_type': 'persistent' } })],
  ])('does not report %s', async (_, statement) => {
    expect(await lintWith(rule, policy([statement]))).toEqual([]);
  });

  it('points into a CloudFormation template', async () => {
    const text = [
      'Resources:',
      '  Policy:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: [s3:GetObject, s3:PutObject]',
      '            Resource: !Sub arn:${AWS::Partition}:s3:::${Bucket}/*',
      '            Condition:',
      '              StringEquals:',
      '                s3:x-amz-acl: bucket-owner-full-control',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([]);
    const wrong = text.replace('s3:x-amz-acl', 's3:max-keys');
    expect((await lintWith(rule, wrong, { filename: 't.yaml' })).map((f) => [f.line, f.column, f.message])).toEqual([
      [13, 17, '"s3:max-keys" is never in the request context of s3:GetObject, s3:PutObject, so this Allow does not grant them'],
    ]);
  });
});

describe('condition-key-mismatch and gaps in the IAM data', () => {
  it('does not report a service key that no action of its service lists (the data does not say which actions carry it)', async () => {
    const text = policy([{ Effect: 'Allow', Action: 'iottwinmaker:GetEntity', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'iottwinmaker:linkedServices': 'SITEWISE' } } }]);
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('reads aws-marketplace:ProductId on Subscribe and Unsubscribe, which AWS documents and the IAM data leaves out', async () => {
    const text = policy([{ Effect: 'Allow', Action: ['aws-marketplace:Subscribe', 'aws-marketplace:Unsubscribe'], Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws-marketplace:ProductId': ['prod-m5ilt4siql27k'] } } }]);
    expect(await lintWith(rule, text)).toEqual([]);
    const other = text.replace("['aws-marketplace:Subscribe', 'aws-marketplace:Unsubscribe']", "'aws-marketplace:ViewSubscriptions'").replace(/"aws-marketplace:Subscribe",\s*"aws-marketplace:Unsubscribe"/, '"aws-marketplace:ViewSubscriptions"');
    expect((await lintWith(rule, other)).map((f) => [f.ruleId, f.line, f.column])).toEqual([['condition-key-mismatch', ...Object.values(positionOf(other, '"aws-marketplace:ProductId"'))]]);
  });
});

const corpus = join(repoRoot, '..', 'shared', 'corpus', 'aws-managed-policies');
describe.skipIf(!existsSync(corpus))('condition-key-mismatch on the AWS managed policies', () => {
  it('finds every ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE of Access Analyzer', async () => {
    const ours = new Set<string>();
    let total = 0;
    for (const name of readdirSync(corpus).filter((f) => f.endsWith('.json'))) {
      for (const f of await lintWith(rule, readFileSync(join(corpus, name), 'utf8'), { filename: name })) {
        ours.add(`${name}#${String(f.path[1])}`);
        total++;
      }
    }
    const analyzer = join(corpus, '..', 'aws-managed-policies-access-analyzer');
    const theirs = readdirSync(analyzer).flatMap((name) =>
      (JSON.parse(readFileSync(join(analyzer, name), 'utf8')) as { issueCode: string; locations: { path: { index?: number }[] }[] }[])
        .filter((x) => x.issueCode === 'ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE')
        .map((x) => `${name}#${String(x.locations[0]?.path[1]?.index)}`),
    );
    expect(theirs).toHaveLength(5);
    expect(theirs.filter((t) => !ours.has(t))).toEqual([]);
    // The others follow from the IAM data (create and list actions without the resource's tags,
    // tag keys the Tagging API does not carry; keys no action of their service lists are skipped); pinned so a change in the rule or the data shows.
    // aws-marketplace:ProductId on Subscribe/Unsubscribe (Timestream InfluxDB, ROSA) is documented, so not among them.
    // Five are aws:RequestTag on EC2 actions that create nothing taggable (CreateRoute, CreateNetworkAclEntry,
    // CreateTransitGatewayRoute, ModifyLaunchTemplate, CreateLaunchTemplateVersion): those statements cannot grant them.
    expect(total).toBe(55);
  }, 120_000);
});

describe('condition-key-mismatch and an operator known only at deploy time', () => {
  const tf = (test: string) => `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::reports/*"]
    condition {
      test     = ${test}
      variable = "s3:prefix"
      values   = ["home/*"]
    }
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
`;

  it('does not report a key under test = var.x, which may be an IfExists operator', async () => {
    expect(await lintWith(rule, tf('var.condition_test'), { filename: 'main.tf' })).toEqual([]);
  });

  it('still reports the key under a written-out operator, at the key', async () => {
    const text = tf('"StringLike"');
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    const at = positionOf(text, '"s3:prefix"');
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      ['condition-key-mismatch', at.line, at.column, '"s3:prefix" is never in the request context of s3:GetObject, so this Allow does not grant it'],
    ]);
  });
});
