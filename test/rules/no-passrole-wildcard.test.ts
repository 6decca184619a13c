import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-passrole-wildcard.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const ROLE = 'arn:aws:iam::123456789012:role/app/lambda-exec';

describe('no-passrole-wildcard', () => {
  it('reports iam:PassRole on "*" as an error at the action, with the services the statement uses', async () => {
    const text = policy([{ Sid: 'Deploy', Effect: 'Allow', Action: ['lambda:CreateFunction', 'iam:PassRole'], Resource: '*' }]);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'no-passrole-wildcard',
      severity: 'error',
      ...positionOf(text, '"iam:PassRole"'),
      path: ['Statement', 0, 'Action', 1],
      message: 'Statement "Deploy" allows iam:PassRole on every role (*) to any service: the holder can hand any role, an administrator role included, to a service it controls',
      // The condition on this statement would deny lambda:CreateFunction, whose requests never hold iam:PassedToService.
      suggestion:
        'Move iam:PassRole to a statement of its own that names the roles instead of "*" (arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}) with "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}; in this one the condition would deny its other actions, whose requests never hold iam:PassedToService',
    });
    // iam:Pass* is iam:PassRole alone: nothing else to move it away from.
    const alone = policy([{ Sid: 'Pass', Effect: 'Allow', Action: 'iam:Pass*', Resource: '*' }]);
    expect((await lintWith(rule, alone))[0]?.suggestion).toBe(
      'Name the roles instead of "*" (arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}) and add "Condition": {"StringEquals": {"iam:PassedToService": "SERVICE.amazonaws.com"}}',
    );
  });

  it.each([
    ['iam:*', 'iam:PassRole (via iam:*)'],
    ['iam:Pass*', 'iam:PassRole (via iam:Pass*)'],
    ['*', 'iam:PassRole (via *)'],
  ])('counts %s, which grants iam:PassRole', async (action, grant) => {
    const findings = await lintWith(rule, policy([{ Effect: 'Allow', Action: action, Resource: '*' }]));
    expect(findings.map((f) => [f.severity, f.message.split(' on ')[0]])).toEqual([['error', `Statement #1 allows ${grant}`]]);
  });

  it('reports a NotAction that leaves iam:PassRole in, at the NotAction key, and not one that lists it', async () => {
    const text = policy([{ Effect: 'Allow', NotAction: ['iam:CreateUser', 'organizations:*'], Resource: '*' }]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.line, f.column, f.message.split(' on ')[0]])).toEqual([[...Object.values(positionOf(text, '"NotAction"')), 'Statement #1 allows iam:PassRole (via NotAction)']]);
    expect(await lintWith(rule, policy([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]))).toEqual([]);
  });

  it('does not report iam:PassRole on resources none of which can be a role (iam:* or NotAction on S3 objects)', async () => {
    expect(await lintWith(rule, policy([{ Effect: 'Allow', NotAction: 's3:*', Resource: 'arn:aws:s3:::mybucket/*' }]))).toEqual([]);
    expect(await lintWith(rule, policy([{ Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iot:*:*:jobtemplate/*' }]))).toEqual([]);
  });

  it('takes the pass back for a Deny with NotAction that does not list iam:PassRole, not for one that does', async () => {
    const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' };
    expect(await lintWith(rule, policy([allowAll, { Effect: 'Deny', NotAction: 's3:*', Resource: '*' }]))).toEqual([]);
    expect(await lintWith(rule, policy([allowAll, { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }]))).toHaveLength(1);
  });

  it('reports every role of an account, with the account the policy uses in the suggestion', async () => {
    const text = policy([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::artifacts/*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/*' },
    ]);
    const [f] = await lintWith(rule, text);
    expect(f?.message).toContain('on every role (arn:aws:iam::123456789012:role/*)');
    expect(f?.suggestion).toContain('(arn:aws:iam::123456789012:role/${RoleNameWithPath})');
    expect(f?.suggestion).toContain('"iam:PassedToService": "SERVICE.amazonaws.com"');
  });

  it('names the services, still as an error (RULES.md), when iam:PassedToService limits the pass on "*"', async () => {
    const text = policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEqualsIfExists: { 'iam:PassedToService': ['ec2.amazonaws.com'] } } }]);
    const findings = await lintWith(rule, text);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'Statement #1 allows iam:PassRole on every role (*): the holder can hand any role, an administrator role included, to ec2.amazonaws.com',
        suggestion: 'Name the roles the service needs instead of "*" (arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}); keep the condition',
      }),
    ]);
  });

  it.each([
    ['an unrelated condition', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }],
    ['a negated service condition', { StringNotEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } }],
    ['a service condition matching every service', { StringLike: { 'iam:PassedToService': '*.amazonaws.com' } }],
  ])('keeps the error with %s', async (_, Condition) => {
    const findings = await lintWith(rule, policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition }]));
    expect(findings.map((f) => f.severity)).toEqual(['error']);
  });

  it('reports named roles without iam:PassedToService at info', async () => {
    const text = policy([{ Effect: 'Allow', Action: ['ecs:RunTask', 'iam:PassRole'], Resource: ROLE }]);
    const findings = await lintWith(rule, text);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        path: ['Statement', 0, 'Action', 1],
        message: 'Statement #1 allows iam:PassRole on named roles without an iam:PassedToService condition: those roles can be handed to any service',
        suggestion:
          'Move iam:PassRole to a statement of its own with "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}; in this one the condition would deny its other actions, whose requests never hold iam:PassedToService',
      }),
    ]);
    const withCondition = policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: ROLE, Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }]);
    expect((await lintWith(rule, withCondition))[0]?.suggestion).toBe('Add "iam:PassedToService": "SERVICE.amazonaws.com" to its "StringEquals"');
    const wildcardService = policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: ROLE, Condition: { StringEquals: { 'iam:PassedToService': '*' } } }]);
    expect((await lintWith(rule, wildcardService))[0]?.suggestion).toBe('Set its "iam:PassedToService" to "SERVICE.amazonaws.com"');
    const withOther = policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: ROLE, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }]);
    expect((await lintWith(rule, withOther))[0]?.suggestion).toBe('Add to its Condition: {"StringEquals": {"iam:PassedToService": "SERVICE.amazonaws.com"}}');
  });

  it('names the service another statement of the policy launches with a role, when this one names none', async () => {
    const launch = { Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:DescribeInstances'], Resource: '*' };
    const text = policy([launch, { Effect: 'Allow', Action: 'iam:PassRole', Resource: ROLE }]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.line, f.column, f.suggestion])).toEqual([
      [...Object.values(positionOf(text, '"iam:PassRole"')), 'Add "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}'],
    ]);
    // A policy that launches with many services says nothing of which one takes this role.
    const many = { Effect: 'Allow', Action: ['ec2:RunInstances', 'lambda:CreateFunction', 'glue:CreateJob', 'cloudformation:CreateStack'], Resource: '*' };
    expect((await lintWith(rule, policy([many, { Effect: 'Allow', Action: 'iam:PassRole', Resource: ROLE }])))[0]?.suggestion).toBe('Add "Condition": {"StringEquals": {"iam:PassedToService": "SERVICE.amazonaws.com"}}');
  });

  it('says roles chosen by tag are chosen by tag, at info', async () => {
    const text = policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/owner': '${aws:PrincipalTag/owner}' } } }]);
    const findings = await lintWith(rule, text);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        ...positionOf(text, '"iam:PassRole"'),
        message: 'Statement #1 allows iam:PassRole on the roles its aws:ResourceTag/owner condition selects without an iam:PassedToService condition: those roles can be handed to any service',
      }),
    ]);
  });

  it('keeps the error when the tag test ends in IfExists, which every untagged role passes', async () => {
    const text = policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEqualsIfExists: { 'aws:ResourceTag/owner': '${aws:PrincipalTag/owner}' } } }]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ['error', 'Statement #1 allows iam:PassRole on every role (*) to any service: the holder can hand any role, an administrator role included, to a service it controls'],
    ]);
  });

  it.each([
    ['named roles passed to one service', policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: ROLE, Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }])],
    ['a Deny of iam:* on "*"', policy([{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }])],
    ['wildcard-only IAM actions on "*"', policy([{ Effect: 'Allow', Action: ['iam:ListRoles', 'iam:Get*'], Resource: '*' }])],
    [
      '"*" narrowed to tagged roles and one service',
      policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/team': 'data', 'iam:PassedToService': 'glue.amazonaws.com' } } }]),
    ],
    ['NotResource (no-allow-not-resource reports it)', policy([{ Effect: 'Allow', Action: 'iam:PassRole', NotResource: ROLE }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it.each([
    ['iam:*', { Effect: 'Deny', Action: 'iam:*', Resource: '*' }],
    ['iam:PassRole, among named resources', { Effect: 'Deny', Action: 'iam:PassRole', Resource: [ROLE, '*'] }],
    ['*', { Effect: 'Deny', Action: '*', Resource: '*' }],
  ])('does not report a grant that an unconditioned Deny of %s on "*" in the same policy takes back', async (_, deny) => {
    const allows = [
      { Sid: 'AllowAll', Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: ROLE },
    ];
    expect(await lintWith(rule, policy([...allows, deny]))).toEqual([]);
  });

  it.each([
    ['has a Condition', { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }],
    ['names only some roles', { Effect: 'Deny', Action: 'iam:*', Resource: 'arn:aws:iam::123456789012:role/admin' }],
    ['leaves iam:PassRole out', { Effect: 'Deny', Action: ['iam:Create*', 'iam:Delete*'], Resource: '*' }],
  ])('keeps the error when the Deny %s', async (_, deny) => {
    const text = policy([{ Sid: 'AllowAll', Effect: 'Allow', Action: '*', Resource: '*' }, deny]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.severity, f.message, f.path])).toEqual([
      ['error', 'Statement "AllowAll" allows iam:PassRole (via *) on every role (*) to any service: the holder can hand any role, an administrator role included, to a service it controls', ['Statement', 0, 'Action']],
    ]);
  });

  it('points into a CloudFormation template and treats a GetAtt role as named', async () => {
    const text = [
      'Resources:',
      '  DeployPolicy:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: iam:PassRole',
      '            Resource: "*"',
      '          - Effect: Allow',
      '            Action: iam:PassRole',
      '            Resource: !GetAtt TaskRole.Arn',
      '            Condition: {StringEquals: {iam:PassedToService: ecs-tasks.amazonaws.com}}',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.severity, f.line, f.column])).toEqual([['error', 9, 21]]);
  });

  it("reads a template's own account in a role wildcard as every role of that account, not as named roles", async () => {
    const yaml = ['Resources:', '  P:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', '        Version: "2012-10-17"', '        Statement:', '          - Effect: Allow', '            Action: iam:PassRole', "            Resource: !Sub 'arn:aws:iam::${AWS::AccountId}:role/*'", ''].join('\n');
    expect((await lintWith(rule, yaml, { filename: 't.yaml' })).map((f) => [f.severity, f.message.split(' to ')[0]])).toEqual([
      ['error', 'Statement #1 allows iam:PassRole on every role (arn:aws:iam::${AWS::AccountId}:role/*)'],
    ]);
    const tf = [
      'data "aws_iam_policy_document" "d" {',
      '  statement {',
      '    actions   = ["iam:PassRole"]',
      '    resources = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/*"]',
      '    condition {',
      '      test     = "StringEquals"',
      '      variable = "iam:PassedToService"',
      '      values   = ["ecs-tasks.amazonaws.com"]',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    expect((await lintWith(rule, tf, { filename: 'main.tf' })).map((f) => f.severity)).toEqual(['error']);
  });
});
