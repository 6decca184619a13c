import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/unknown-condition-key.js';
import { iamDataVersion } from '../../src/iam/data.js';
import { repoRoot } from '../helpers/cli.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const { date } = iamDataVersion();
const st = (Condition: unknown, Action: unknown = 's3:ListBucket') => ({ Effect: 'Allow', Action, Resource: 'arn:aws:s3:::reports', Condition });

describe('unknown-condition-key', () => {
  it.each([
    {
      key: 's3:prefx',
      message: `Unknown condition key "s3:prefx": neither a global key nor a key of "s3" (IAM data of ${date})`,
      suggestion: 'Did you mean "s3:prefix"?',
    },
    {
      key: 'aws:SourceIpp',
      message: `Unknown condition key "aws:SourceIpp": neither a global key nor a key of "aws" (IAM data of ${date})`,
      suggestion: 'Did you mean "aws:SourceIp"?',
    },
    {
      key: 'aws:PrincipalTags/team',
      message: `Unknown condition key "aws:PrincipalTags/team": neither a global key nor a key of "aws" (IAM data of ${date})`,
      suggestion: 'Did you mean "aws:PrincipalTag/team"?',
    },
    {
      key: 's3:ExistingObjecTag/env',
      message: `Unknown condition key "s3:ExistingObjecTag/env": neither a global key nor a key of "s3" (IAM data of ${date})`,
      suggestion: 'Did you mean "s3:ExistingObjectTag/env"?',
    },
    {
      key: 'lakeformation:GlueARN',
      message: `Unknown condition key "lakeformation:GlueARN": neither a global key nor a key of "lakeformation" (IAM data of ${date})`,
      suggestion: '"lakeformation" defines "lakeformation:EnabledOnlyForMetaDataAccess"; a key newer than the IAM data is reported too',
    },
    {
      key: 'scheduler:ScheduleGroup',
      message: `Unknown condition key "scheduler:ScheduleGroup": neither a global key nor a key of "scheduler" (IAM data of ${date})`,
      suggestion: '"scheduler" defines no condition keys of its own; use a global key such as "aws:ResourceTag/${TagKey}" or "aws:RequestTag/${TagKey}" where its actions support tags; a key newer than the IAM data is reported too',
    },
    {
      key: 's4:prefix',
      message: `Unknown condition key prefix "s4" in "s4:prefix": no service defines it in the IAM data of ${date}`,
      suggestion: 'Did you mean "s3:prefix"?',
    },
    {
      key: 'nosuchservice:thing',
      message: `Unknown condition key prefix "nosuchservice" in "nosuchservice:thing": no service defines it in the IAM data of ${date}`,
      suggestion: 'Use a global aws: key or a key of "s3:", the services this statement acts on',
    },
    {
      // Candidates as near as each other come in name order, whatever the case: the shorter first.
      key: 'aoss:collectioni',
      message: `Unknown condition key "aoss:collectioni": neither a global key nor a key of "aoss" (IAM data of ${date})`,
      suggestion: 'Did you mean "aoss:collection" or "aoss:CollectionId"?',
    },
    {
      key: 'SourceIp',
      message: 'Condition key "SourceIp" has no prefix: keys are written prefix:name',
      suggestion: 'Did you mean "aws:SourceIp"?',
    },
  ])('reports "$key" at the key', async ({ key, message, suggestion }) => {
    const text = policy([st({ StringEquals: { [key]: 'x' } })]);
    const findings = await lintWith(rule, text);
    const at = positionOf(text, `"${key}"`);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'unknown-condition-key',
      severity: 'error',
      line: at.line,
      column: at.column,
      path: ['Statement', 0, 'Condition', 'StringEquals', key],
      message,
      suggestion,
    });
  });

  it.each([
    ['global keys in any case', { StringEquals: { 'AWS:sourceip': '10.0.0.0/8', 'aws:PrincipalTag/team': 'a', 'aws:TagKeys': 'b' } }],
    ['service keys with a variable part', { StringEquals: { 's3:ExistingObjectTag/env': 'prod', 'ec2:ResourceTag/Name': 'x' } }],
    ['keys of another service', { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'ec2:Vpc': 'vpc-1' } }],
    ['OIDC provider keys', { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:o/r:ref:refs/heads/main', 'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub': 'x', 'app.terraform.io:sub': 'x' } }],
    ['SAML and Cognito keys', { StringEquals: { 'saml:aud': 'https://signin.aws.amazon.com/saml', 'cognito-identity.amazonaws.com:amr': 'authenticated' } }],
    ['keys from policy variables or placeholders', { StringEquals: { '${Provider}:sub': 'x', '<OIDC_provider_name>:sub': 'x' } }],
    ['the legacy aws:PrincipalOrgMasterAccountId', { StringNotEquals: { 'aws:PrincipalOrgMasterAccountId': '${aws:PrincipalAccount}' } }],
    ["AWS IoT Core policy variables as keys (device policies)", { Bool: { 'iot:Connection.Thing.IsAttached': 'true' }, StringEquals: { 'iot:Connection.Thing.ThingName': '${iot:ClientId}', 'iot:Certificate.Subject.CommonName': 'device-1' } }],
  ])('does not report %s', async (_, Condition) => {
    expect(await lintWith(rule, policy([st(Condition)]))).toEqual([]);
  });

  it("does not report cloudtrail:ExternalId, which the CloudTrail guide's channel policy requires though the IAM data lacks it; condition-key-mismatch accepts it on PutAuditEvents", async () => {
    const { default: keyMismatch } = await import('../../rules/condition-key-mismatch.js');
    const channel = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'cloudtrail-data:PutAuditEvents', Resource: 'arn:aws:cloudtrail:us-east-1:777788889999:channel/EXAMPLE', Condition: { StringEquals: { 'cloudtrail:ExternalId': 'UniqueExternalIDFromPartner' } } };
    expect(await lintWith(rule, policy([channel]))).toEqual([]);
    expect(await lintWith(keyMismatch, policy([channel]))).toEqual([]);
  });

  it('leaves keys of a service the data lacks to unknown-action when the statement acts on that service', async () => {
    const text = policy([st({ Null: { 'deepracer:UserToken': 'true' } }, 'deepracer:*')]);
    expect(await lintWith(rule, text)).toEqual([]);
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
      '            Action: s3:ListBucket',
      '            Resource: !Sub arn:${AWS::Partition}:s3:::${Bucket}',
      '            Condition:',
      '              StringLike:',
      '                s3:prefixes: [home/*]',
      '                !Sub "${Provider}:sub": x',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.message, f.suggestion])).toEqual([
      [13, 17, `Unknown condition key "s3:prefixes": neither a global key nor a key of "s3" (IAM data of ${date})`, 'Did you mean "s3:prefix"?'],
    ]);
  });
});

const corpus = join(repoRoot, '..', 'shared', 'corpus', 'aws-managed-policies');
describe.skipIf(!existsSync(corpus))('unknown-condition-key on the AWS managed policies', () => {
  it('finds what Access Analyzer reports as INVALID_SERVICE_CONDITION_KEY, and nothing else', async () => {
    const ours: string[] = [];
    for (const name of readdirSync(corpus).filter((f) => f.endsWith('.json'))) {
      for (const f of await lintWith(rule, readFileSync(join(corpus, name), 'utf8'), { filename: name })) ours.push(`${name}#${String(f.path[1])}:${String(f.path.at(-1))}`);
    }
    const analyzer = join(corpus, '..', 'aws-managed-policies-access-analyzer');
    const theirs = readdirSync(analyzer).flatMap((name) =>
      (JSON.parse(readFileSync(join(analyzer, name), 'utf8')) as { issueCode: string; locations: { path: { index?: number; key?: string }[] }[] }[])
        .filter((x) => x.issueCode === 'INVALID_SERVICE_CONDITION_KEY')
        .map((x) => `${name}#${String(x.locations[0]?.path[1]?.index)}:${String(x.locations[0]?.path.at(-1)?.key)}`),
    );
    expect(theirs).toEqual(['AmazonDataZoneGlueManageAccessRolePolicy.json#7:lakeformation:GlueARN']);
    expect(ours).toEqual(theirs);
  }, 120_000);
});
