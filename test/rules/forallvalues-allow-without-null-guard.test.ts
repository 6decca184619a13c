import { describe, expect, it } from 'vitest';
import rule from '../../rules/forallvalues-allow-without-null-guard.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const create = (Condition: unknown, Action: unknown = 'ec2:CreateVolume', Effect = 'Allow') => ({ Sid: 'CreateVolumes', Effect, Action, Resource: '*', Condition });

describe('forallvalues-allow-without-null-guard', () => {
  it('reports ForAllValues: in an Allow without a Null guard, at the key', async () => {
    const text = policy([create({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'cost-center'] } })]);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'forallvalues-allow-without-null-guard',
      severity: 'warning',
      ...positionOf(text, '"aws:TagKeys"'),
      path: ['Statement', 0, 'Condition', 'ForAllValues:StringEquals', 'aws:TagKeys'],
      message: 'Statement "CreateVolumes" allows with ForAllValues:StringEquals "aws:TagKeys", which is also true when the request has no aws:TagKeys; nothing requires the key to be present',
      suggestion: 'Add "Null": {"aws:TagKeys": "false"} to the statement\'s Condition',
    });
  });

  it('reports a DynamoDB LeadingKeys restriction that a Scan (no leading keys) passes', async () => {
    const text = policy([
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Scan'], Resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/Users', Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${www.amazon.com:user_id}'] } } },
    ]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.message, f.suggestion])).toEqual([
      [
        'Statement #1 allows with ForAllValues:StringEquals "dynamodb:LeadingKeys", which is also true when the request has no dynamodb:LeadingKeys; nothing requires the key to be present',
        // The Null test alone would deny the Scan, which never carries the key.
        'Add "Null": {"dynamodb:LeadingKeys": "false"} to the statement\'s Condition, and move dynamodb:Scan to a statement of its own: its requests never hold the key, so the Null test would deny it',
      ],
    ]);
  });

  it("names the actions that read a tagged resource among those whose requests hold no aws:TagKeys (the resource type's table lists it for tagging requests only)", async () => {
    const text = policy([create({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, ['secretsmanager:GetSecretValue', 'secretsmanager:CreateSecret', 'secretsmanager:ListSecrets'])]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => f.suggestion)).toEqual([
      'Add "Null": {"aws:TagKeys": "false"} to the statement\'s Condition, and move secretsmanager:GetSecretValue, secretsmanager:ListSecrets to a statement of their own: their requests never hold the key, so the Null test would deny them',
    ]);
  });

  it("does not report Route 53 record changes, whose change batch always carries the record types, beside the listing cert-manager needs", async () => {
    const text = policy([
      {
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
        Resource: 'arn:aws:route53:::hostedzone/*',
        Condition: { 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] } },
      },
    ]);
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it("does not report Untag and RemoveTags calls, whose keys to remove are required (the IAM guide's UntagUser example)", async () => {
    const text = policy([create({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['temporary'] } }, ['iam:UntagUser', 'secretsmanager:UntagResource', 'ssm:RemoveTagsFromResource'])]);
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('reports ec2:DeleteTags, which without tags deletes them all', async () => {
    const findings = await lintWith(rule, policy([create({ 'ForAllValues:StringLike': { 'aws:TagKeys': 'app-*' } }, ['ec2:CreateTags', 'ec2:DeleteTags'])]));
    expect(findings).toHaveLength(1);
  });

  it.each([
    ['a Null guard', create({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] }, Null: { 'aws:TagKeys': 'false' } })],
    ['a required request tag (which puts its key in aws:TagKeys)', create({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] }, StringEquals: { 'aws:RequestTag/team': 'data' } })],
    ['a ForAnyValue: test on the same key', create({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] }, 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } })],
    ['tag-adding actions only, which always carry tags', create({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, ['ec2:CreateTags', 'iam:TagRole'])],
    [
      "DynamoDB item actions and Query, which always name the partition key (AWS's per-user table example)",
      create({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${www.amazon.com:user_id}'] } }, ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']),
    ],
    ['a Deny', create({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['team'] } }, 'ec2:CreateVolume', 'Deny')],
    // The IAM guide's session-tag example: a session that sets no transitive keys passes no tags on.
    ['sts:TransitiveTagKeys, optional and asking for nothing when absent', create({ 'ForAllValues:StringEquals': { 'sts:TransitiveTagKeys': ['Project', 'Department'] } }, 'sts:TagSession')],
    ['ForAnyValue: (false when the key is absent)', create({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } })],
    ['an IfExists form (absence allowed on purpose)', create({ 'ForAllValues:StringEqualsIfExists': { 'aws:TagKeys': ['team'] } })],
    ['a single-valued key (forallvalues-single-valued-key reports it)', create({ 'ForAllValues:StringEquals': { 'aws:RequestTag/team': ['data'] } })],
    ["a provider's sub claim, single-valued though the IAM data does not list it", create({ 'ForAllValues:StringLike': { 'token.actions.githubusercontent.com:sub': ['repo:acme/app:*'] } }, 'sts:AssumeRoleWithWebIdentity')],
  ])('does not report %s', async (_n, statement) => {
    expect(await lintWith(rule, policy([statement]))).toEqual([]);
  });

  it("does not say a web identity call never holds a provider's claim the IAM data does not list", async () => {
    const text = policy([create({ 'ForAllValues:StringEquals': { 'oidc.example.com:groups': ['deployers'] } }, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'])]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.line, f.column, f.suggestion])).toEqual([[...Object.values(positionOf(text, '"oidc.example.com:groups"')), 'Add "Null": {"oidc.example.com:groups": "false"} to the statement\'s Condition']]);
  });

  it('reports inside a CloudFormation template', async () => {
    const text = [
      'Resources:',
      '  Tagging:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: secretsmanager:CreateSecret',
      '            Resource: "*"',
      '            Condition:',
      '              ForAllValues:StringEquals:',
      '                aws:TagKeys: [project, team]',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column])).toEqual([[13, 17]]);
  });
});
