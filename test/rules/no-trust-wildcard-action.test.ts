import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-trust-wildcard-action.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const trust = (Principal: unknown, Action: unknown, extra: Record<string, unknown> = {}) => policy([{ Effect: 'Allow', Principal, Action, ...extra }]);

describe('no-trust-wildcard-action', () => {
  it('reports "sts:*" at the action and suggests sts:AssumeRole for an AWS principal', async () => {
    const text = trust({ AWS: 'arn:aws:iam::111122223333:role/ci' }, 'sts:*');
    const findings = await lintWith(rule, text, { policyType: 'trust' });
    const at = positionOf(text, '"sts:*"');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'no-trust-wildcard-action', severity: 'error', line: at.line, column: at.column, path: ['Statement', 0, 'Action'] });
    expect(findings[0]?.message).toMatch(/^Statement #1 of the trust policy allows every STS action \("sts:\*", \d+ actions\) to "arn:aws:iam::111122223333:role\/ci"$/);
    expect(findings[0]?.suggestion).toBe('Replace "sts:*" with "sts:AssumeRole", the AssumeRole action that fits "arn:aws:iam::111122223333:role/ci"');
  });

  it('reports "*" and suggests the web identity variant for an OIDC provider', async () => {
    const text = trust({ Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, ['*'], {
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:example-org/app:ref:refs/heads/main' } },
    });
    const [finding] = await lintWith(rule, text, { policyType: 'trust' });
    expect(finding?.path).toEqual(['Statement', 0, 'Action', 0]);
    expect(finding?.message).toBe('Statement #1 of the trust policy allows every action ("*") to "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"');
    expect(finding?.suggestion).toContain('with "sts:AssumeRoleWithWebIdentity", the AssumeRole action that fits');
  });

  it('suggests the SAML variant for a SAML provider', async () => {
    const [finding] = await lintWith(rule, trust({ Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, 'sts:*'), { policyType: 'trust' });
    expect(finding?.suggestion).toBe('Replace "sts:*" with "sts:AssumeRoleWithSAML", the AssumeRole action that fits "arn:aws:iam::111122223333:saml-provider/Okta"');
  });

  it('reports a pattern that matches several AssumeRole variants at info', async () => {
    const [finding] = await lintWith(rule, trust({ Service: 'ec2.amazonaws.com' }, 'sts:AssumeRole*'), { policyType: 'trust' });
    expect(finding).toMatchObject({ severity: 'info' });
    expect(finding?.message).toBe('Statement #1 of the trust policy allows "sts:AssumeRole*", which matches sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity');
    expect(finding?.suggestion).toBe('Replace "sts:AssumeRole*" with "sts:AssumeRole", the AssumeRole action that fits "ec2.amazonaws.com"');
  });

  it('reads a bare file with "sts:*" and no Resource, guessed a trust policy', async () => {
    const findings = await lintWith(rule, trust({ Service: 'lambda.amazonaws.com' }, 'sts:*'));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.policy?.kind).toBe('trust');
  });

  it('reads a bare file with "sts:*" and a Resource, whose kind is guessed as resource', async () => {
    const text = policy([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:*', Resource: '*' }]);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.policy?.kind).toBe('resource');
  });

  it('points inside a CloudFormation trust policy', async () => {
    const text = [
      'Resources:',
      '  AppRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: {Service: ecs-tasks.amazonaws.com}',
      "            Action: '*'",
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 10, column: 21, path: ['Statement', 0, 'Action'], policy: { kind: 'trust' } });
  });

  it.each([
    ['sts:AssumeRole', trust({ AWS: 'arn:aws:iam::111122223333:root' }, 'sts:AssumeRole'), 'trust'],
    ['a Deny of "*"', policy([{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }]), 'trust'],
    ['sts:AssumeRole plus sts:TagSession', trust({ AWS: 'arn:aws:iam::111122223333:role/ci' }, ['sts:AssumeRole', 'sts:TagSession']), 'trust'],
    ['"*" in a known resource policy', trust({ AWS: 'arn:aws:iam::111122223333:root' }, 'sts:*', { Resource: '*' }), 'resource'],
  ] as const)('does not report %s', async (_, text, policyType) => {
    expect(await lintWith(rule, text, { policyType })).toEqual([]);
  });
});
