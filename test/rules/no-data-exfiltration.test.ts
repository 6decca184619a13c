import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-data-exfiltration.js';
import { findAction } from '../../src/iam/actions.js';
import { EXFILTRATION_ACTIONS } from '../../src/security/exfiltration-actions.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

describe('no-data-exfiltration', () => {
  it.each(EXFILTRATION_ACTIONS.map((e) => [e.action, e]))('table entry %s is in the IAM data, takes resource ARNs and has a source', (_, e) => {
    const [service, name] = e.action.split(':') as [string, string];
    expect(findAction(service, name)?.wildcardOnly).toBe(false);
    expect(e.source).toMatch(/^https:\/\//);
  });

  it('reports reads of objects, parameters and secrets on "*" with the formats to scope them', async () => {
    const text = policy([{ Sid: 'App', Effect: 'Allow', Action: ['s3:GetObject', 'ssm:GetParametersByPath', 'secretsmanager:GetSecretValue'], Resource: '*' }]);
    const findings = await lintWith(rule, text);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'no-data-exfiltration',
        severity: 'warning',
        ...positionOf(text, '"s3:GetObject"'),
        path: ['Statement', 0, 'Action', 0],
        message:
          'Statement "App" allows s3:GetObject, ssm:GetParametersByPath, secretsmanager:GetSecretValue on every resource ("*") without a Condition: these return stored data (object contents, parameter values, secrets)',
        suggestion:
          'Scope to a bucket prefix, a parameter path, the secret ARNs: s3:GetObject → arn:${Partition}:s3:::${BucketName}/${ObjectName}; ssm:GetParametersByPath → arn:${Partition}:ssm:${Region}:${Account}:parameter/${ParameterNameWithoutLeadingSlash}; secretsmanager:GetSecretValue → arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}',
      }),
    ]);
  });

  it('counts s3:* and ssm:GetParameter*', async () => {
    const findings = await lintWith(rule, policy([{ Effect: 'Allow', Action: ['s3:*', 'ssm:GetParameter*'], Resource: '*' }]));
    expect(findings[0]?.message).toContain('s3:* (2 actions: s3:GetObject, s3:GetObjectVersion), ssm:GetParameter* (4 actions:');
  });

  it('scopes a pattern whose actions all return data in place (ssm:GetParameter*)', async () => {
    const findings = await lintWith(rule, policy([{ Effect: 'Allow', Action: 'ssm:GetParameter*', Resource: '*' }]));
    expect(findings[0]?.suggestion).toMatch(/^Scope to a parameter path: /);
  });

  it('moves the data-returning actions of a wildcard to a statement of their own, since scoping s3:* to objects would take its bucket actions away', async () => {
    const findings = await lintWith(rule, policy([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]));
    expect(findings[0]?.suggestion).toBe(
      "Move s3:GetObject, s3:GetObjectVersion to a statement of their own scoped to a bucket prefix: s3:GetObject, s3:GetObjectVersion → arn:${Partition}:s3:::${BucketName}/${ObjectName}; the statement's other actions need resources of their own",
    );
  });

  it.each([
    ['every object of every bucket', 's3:GetObject', 'arn:aws:s3:::*/*', 'every resource of its type ("arn:aws:s3:::*/*")'],
    ['every secret of every account', 'secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:*:*:secret:*', 'every resource of its type ("arn:aws:secretsmanager:*:*:secret:*")'],
    ['every resource in ARN form', 'ssm:GetParameter', 'arn:aws:*:*:*:*', 'every resource ("arn:aws:*:*:*:*")'],
  ])('reports a resource that is effectively "*" (RULES.md): %s', async (_n, action, resource, label) => {
    const text = policy([{ Effect: 'Allow', Action: action, Resource: resource }]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [...Object.values(positionOf(text, `"${action}"`)), `Statement #1 allows ${action} on ${label} without a Condition: these return stored data (object contents, parameter values, secrets)`],
    ]);
  });

  it('names each pattern that covers a type, and reads a template partition as any partition', async () => {
    const text = policy([{ Effect: 'Allow', Action: ['s3:GetObject', 'secretsmanager:GetSecretValue'], Resource: ['arn:aws:s3:::*', 'arn:${AWS::Partition}:secretsmanager:*:*:secret:*'] }]);
    expect((await lintWith(rule, text)).map((f) => f.message)).toEqual([
      'Statement #1 allows s3:GetObject, secretsmanager:GetSecretValue on every resource of their type ("arn:aws:s3:::*", "arn:${AWS::Partition}:secretsmanager:*:*:secret:*") without a Condition: these return stored data (object contents, parameter values, secrets)',
    ]);
  });

  it.each([
    ['a Deny', policy([{ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }])],
    ["every bucket's objects under one prefix name", policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*/reports/*' }])],
    ["one account's secrets", policy([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:123456789012:secret:*' }])],
    ['wildcard-only reads', policy([{ Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 'secretsmanager:BatchGetSecretValue', 'ssm:DescribeParameters'], Resource: '*' }])],
    ['a condition', policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:ResourceAccount': '123456789012' } } }])],
    ['a bucket prefix', policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/2024/*' }])],
    ['a bucket policy', policy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: '*' }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('points into a CloudFormation template', async () => {
    const text = ['Resources:', '  P:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', '        Statement:', '          - Effect: Allow', '            Action: ssm:GetParameter', '            Resource: "*"', ''].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column])).toEqual([[8, 21]]);
  });
});
