import { describe, expect, it } from 'vitest';
import rule from '../../rules/cross-account-trust.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

function trust(aws: unknown, extra: Record<string, unknown> = {}): string {
  return policy([{ Sid: 'AuditAccess', Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole', ...extra }]);
}

const SUGGESTION = (account: string) =>
  `Name the role that may assume it ("arn:aws:iam::${account}:role/ROLE_NAME"); for a third party add "Condition": {"StringEquals": {"sts:ExternalId": "EXTERNAL_ID"}}, for your organization "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}}`;

describe('cross-account-trust', () => {
  it.each([
    ['an account root ARN', 'arn:aws:iam::111122223333:root'],
    ['a bare account id', '111122223333'],
  ])('reports %s at info, at the principal', async (_n, value) => {
    const text = trust(value);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'cross-account-trust',
      severity: 'info',
      ...positionOf(text, `"${value}"`),
      path: ['Statement', 0, 'Principal', 'AWS'],
      message: 'Statement "AuditAccess" lets account 111122223333 (any principal that account allows) assume the role, with no sts:ExternalId or aws:PrincipalOrgID condition',
      suggestion: SUGGESTION('111122223333'),
    });
  });

  it('reports an account missing from knownAccounts as a warning and a listed one at info', async () => {
    const text = trust(['111122223333', 'arn:aws:iam::444455556666:root']);
    const findings = await lintWith(rule, text, { options: { knownAccounts: ['111122223333'] } });
    expect(findings.map((f) => [f.severity, f.line, f.message])).toEqual([
      ['info', positionOf(text, '"111122223333"').line, 'Statement "AuditAccess" lets account 111122223333 (listed in knownAccounts) assume the role, with no sts:ExternalId or aws:PrincipalOrgID condition'],
      ['warning', positionOf(text, '"arn:aws:iam::444455556666:root"').line, 'Statement "AuditAccess" lets account 444455556666 (not in knownAccounts) assume the role, with no sts:ExternalId or aws:PrincipalOrgID condition'],
    ]);
  });

  it.each([
    ['a role of another account (named principal)', trust('arn:aws:iam::111122223333:role/auditor')],
    ['a third party with sts:ExternalId', trust('111122223333', { Condition: { StringEquals: { 'sts:ExternalId': 'f3a9c2' } } })],
    ['an organization member with aws:PrincipalOrgID', trust('arn:aws:iam::111122223333:root', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })],
    ['a Deny', policy([{ Effect: 'Deny', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }])],
    ['a service principal', policy([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }])],
    ['an account pinned by aws:PrincipalArn to named roles', trust('111122223333', { Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Admin_*' } } })],
    ["an account pinned by aws:userid to one role's sessions", trust('111122223333', { Condition: { StringLike: { 'aws:userid': 'AROAEXAMPLEID123456789:*' } } })],
  ])('does not report %s', async (_n, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('still reports an account whose aws:PrincipalArn test admits any of its principals', async () => {
    const text = trust('111122223333', { Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:*' } } });
    expect((await lintWith(rule, text)).map((f) => f.ruleId)).toEqual(['cross-account-trust']);
  });

  it.each([
    ['accepts anything', { StringLike: { 'sts:ExternalId': '*' } }],
    ['also passes a caller without one (IfExists)', { StringEqualsIfExists: { 'sts:ExternalId': 'f3a9c2' } }],
    ['only requires one to be present (Null)', { Null: { 'sts:ExternalId': 'false' } }],
    ['is true without an organization (ForAllValues:)', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
  ])('reports a scoping condition that %s', async (_name, condition) => {
    const text = trust('111122223333', { Condition: condition });
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['cross-account-trust', ...Object.values(positionOf(text, '"111122223333"'))]]);
  });

  it('does not report the template\'s own account, and reports a literal one, in a CloudFormation template', async () => {
    const text = [
      'Resources:',
      '  AuditRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              AWS:',
      '                - !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root',
      '                - !Ref AWS::AccountId',
      '                - arn:aws:iam::111122223333:root',
      '            Action: sts:AssumeRole',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.severity])).toEqual([[12, 19, 'info']]);
  });
});

describe('cross-account-trust: NotAction', () => {
  const notAction = (value: unknown) =>
    policy([{ Sid: 'AuditAccess', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, NotAction: value }]);

  it.each([
    ['"sts:TagSession"', 'sts:TagSession'],
    ['"iam:*"', 'iam:*'],
    ['["sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"]', ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML']],
  ])('reports an Allow with NotAction %s, which grants sts:AssumeRole, at the principal', async (_n, value) => {
    const text = notAction(value);
    const findings = await lintWith(rule, text, { policyType: 'trust' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'cross-account-trust',
      severity: 'info',
      ...positionOf(text, '"arn:aws:iam::111122223333:root"'),
      path: ['Statement', 0, 'Principal', 'AWS'],
      message: 'Statement "AuditAccess" lets account 111122223333 (any principal that account allows) assume the role, with no sts:ExternalId or aws:PrincipalOrgID condition',
      suggestion: SUGGESTION('111122223333'),
    });
  });

  it.each([
    ['"sts:*"', 'sts:*'],
    ['"sts:AssumeRole"', 'sts:AssumeRole'],
    ['"STS:assumerole" (case-insensitive)', 'STS:assumerole'],
    ['["iam:*", "sts:Assume*"]', ['iam:*', 'sts:Assume*']],
    ['"*"', '*'],
  ])('does not report NotAction %s, which excludes sts:AssumeRole', async (_n, value) => {
    expect(await lintWith(rule, notAction(value), { policyType: 'trust' })).toEqual([]);
  });

  it('does not report a NotAction with an ExternalId condition', async () => {
    const text = policy([
      { Effect: 'Allow', Principal: { AWS: '111122223333' }, NotAction: 'sts:TagSession', Condition: { StringEquals: { 'sts:ExternalId': 'f3a9c2' } } },
    ]);
    expect(await lintWith(rule, text, { policyType: 'trust' })).toEqual([]);
  });

  it('reports a NotAction trust in a CloudFormation template, and not one whose NotAction is a parameter', async () => {
    const text = [
      'Parameters:',
      '  ExcludedAction:',
      '    Type: String',
      'Resources:',
      '  AuditRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              AWS: arn:aws:iam::111122223333:root',
      '            NotAction: sts:TagSession',
      '  OtherRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              AWS: arn:aws:iam::444455556666:root',
      '            NotAction: !Ref ExcludedAction',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      ['cross-account-trust', 12, 20, 'Statement #1 lets account 111122223333 (any principal that account allows) assume the role, with no sts:ExternalId or aws:PrincipalOrgID condition'],
    ]);
  });

  it('does not report the role\'s own account in an account snapshot (from the role ARN), and reports another one', async () => {
    const root = (account: string) => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' });
    const text = `${JSON.stringify({
      RoleDetailList: [
        { RoleName: 'deploy', Arn: 'arn:aws:iam::111122223333:role/deploy', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [root('111122223333'), root('444455556666')] } },
      ],
    }, null, 2)}\n`;
    const findings = await lintWith(rule, text, { filename: 'account.json' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      ['cross-account-trust', ...Object.values(positionOf(text, '"arn:aws:iam::444455556666:root"')), 'Statement #2 lets account 444455556666 (any principal that account allows) assume the role, with no sts:ExternalId or aws:PrincipalOrgID condition'],
    ]);
  });

  it('does not report the role\'s own account in saved `aws iam get-role` output, even URL-encoded', async () => {
    const document = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] }));
    const text = JSON.stringify({ Role: { Path: '/', RoleName: 'EVS-ReadOnly', Arn: 'arn:aws:iam::123456789012:role/EVS-ReadOnly', AssumeRolePolicyDocument: document } }, null, 2);
    expect(await lintWith(rule, text, { filename: 'get-role.json' })).toEqual([]);
    expect(await lintWith(rule, text.replace('iam::123456789012:role', 'iam::210987654321:role'), { filename: 'get-role.json' })).toHaveLength(1);
  });
});
