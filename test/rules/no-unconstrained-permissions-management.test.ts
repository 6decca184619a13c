import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-unconstrained-permissions-management.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

describe('no-unconstrained-permissions-management', () => {
  it('reports Permissions management actions on "*" at the first one', async () => {
    const text = policy([{ Sid: 'Buckets', Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 's3:PutBucketPolicy', 'kms:CreateGrant'], Resource: '*' }]);
    const findings = await lintWith(rule, text);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'no-unconstrained-permissions-management',
        severity: 'warning',
        ...positionOf(text, '"s3:PutBucketPolicy"'),
        path: ['Statement', 0, 'Action', 1],
        message: 'Statement "Buckets" allows 2 Permissions management actions on every resource ("*") without a Condition: s3:PutBucketPolicy, kms:CreateGrant',
        suggestion:
          'Scope them by name (s3:PutBucketPolicy → arn:${Partition}:s3:::${BucketName}; kms:CreateGrant → arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}), or keep them in a policy of an admin-only role',
      }),
    ]);
  });

  it('leaves out what an unconditioned Deny on "*" of the same policy takes back, and keeps what a conditioned one may not', async () => {
    const allow = { Sid: 'Buckets', Effect: 'Allow', Action: ['s3:PutBucketPolicy', 'kms:CreateGrant'], Resource: '*' };
    const deny = { Effect: 'Deny', Action: 'kms:CreateGrant', Resource: '*' };
    const messages = async (statements: unknown[]) => (await lintWith(rule, policy(statements))).map((f) => f.message);
    expect(await messages([allow, deny])).toEqual(['Statement "Buckets" allows 1 Permissions management action on every resource ("*") without a Condition: s3:PutBucketPolicy']);
    // NotAction: every action it does not list is denied.
    expect(await messages([allow, { Effect: 'Deny', NotAction: 's3:*', Resource: '*' }])).toEqual(['Statement "Buckets" allows 1 Permissions management action on every resource ("*") without a Condition: s3:PutBucketPolicy']);
    expect(await messages([allow, { ...deny, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }])).toHaveLength(1);
    expect((await messages([allow, { ...deny, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }]))[0]).toContain('2 Permissions management actions');
    expect(await messages([allow, { Effect: 'Deny', Action: ['s3:PutBucketPolicy', 'kms:*'], Resource: '*' }])).toEqual([]);
  });

  it('groups what a pattern grants', async () => {
    const [f] = await lintWith(rule, policy([{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }]));
    expect(f?.message).toMatch(/^Statement #1 allows \d+ Permissions management actions on every resource \("\*"\) without a Condition: iam:\* \(\d+ actions: iam:/);
  });

  it.each([
    ['a Deny', policy([{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }])],
    ['wildcard-only Permissions management actions', policy([{ Effect: 'Allow', Action: ['lakeformation:GrantPermissions', 's3:PutAccountPublicAccessBlock'], Resource: '*' }])],
    ['a condition', policy([{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*', Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } } }])],
    ['named roles', policy([{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: 'arn:aws:iam::123456789012:role/app-*' }])],
    ['a key policy', policy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('points into a CloudFormation template', async () => {
    const text = ['Resources:', '  P:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', '        Statement:', '          - Effect: Allow', '            Action: iam:PutRolePolicy', '            Resource: "*"', ''].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column])).toEqual([[8, 21]]);
  });
});

describe('no-unconstrained-permissions-management and full access', () => {
  it('leaves "*" on "*" to no-wildcard-action, whose error names it full administrator access', async () => {
    expect(await lintWith(rule, policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]))).toEqual([]);
  });
});
