import { describe, expect, it } from 'vitest';
import rule from '../../rules/mfa-condition-pattern.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const st = (Effect: string, Condition: unknown) => ({ Sid: 'Mfa', Effect, NotAction: ['iam:ChangePassword', 'sts:GetSessionToken'], Resource: '*', Condition });

describe('mfa-condition-pattern', () => {
  it('reports Bool "false" in a Deny at the key and suggests BoolIfExists', async () => {
    const text = policy([st('Deny', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } })]);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'mfa-condition-pattern',
      severity: 'warning',
      ...positionOf(text, '"aws:MultiFactorAuthPresent"'),
      path: ['Statement', 0, 'Condition', 'Bool', 'aws:MultiFactorAuthPresent'],
      message:
        'Statement "Mfa" denies only when aws:MultiFactorAuthPresent is "false"; requests signed with long-term access keys have no such key, so the Deny does not apply to them',
      suggestion: 'Use "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}',
    });
  });

  it.each([
    [
      'BoolIfExists "true" in an Allow',
      { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
      'Statement "Mfa" allows with BoolIfExists aws:MultiFactorAuthPresent "true", which also passes when the key is absent (long-term access keys, no MFA)',
      'Use "Bool": {"aws:MultiFactorAuthPresent": "true"}',
    ],
    [
      'Null "false" in an Allow',
      { Null: { 'aws:MultiFactorAuthPresent': 'false' } },
      'Statement "Mfa" allows with Null aws:MultiFactorAuthPresent "false", which tests only whether the key is present, not whether MFA was used',
      'Use "Bool": {"aws:MultiFactorAuthPresent": "true"}',
    ],
    [
      'NumericLessThanIfExists on the MFA age in an Allow',
      { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } },
      'Statement "Mfa" allows with NumericLessThanIfExists aws:MultiFactorAuthAge, which also passes when the key is absent (no MFA at all)',
      'Use "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}',
    ],
  ])('reports %s', async (_n, condition, message, suggestion) => {
    const findings = await lintWith(rule, policy([st('Allow', condition)]));
    expect(findings.map((f) => [f.message, f.suggestion])).toEqual([[message, suggestion]]);
  });

  it('reports NumericGreaterThan on the MFA age in a Deny', async () => {
    const findings = await lintWith(rule, policy([st('Deny', { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } })]));
    expect(findings.map((f) => f.suggestion)).toEqual(['Use "NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "3600"}']);
  });

  it.each([
    ['the force-MFA Deny (BoolIfExists "false")', st('Deny', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } })],
    ['Bool "true" in an Allow', st('Allow', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } })],
    ['a Deny of long-term credentials (Null "true")', st('Deny', { Null: { 'aws:MultiFactorAuthPresent': 'true' } })],
    ['NumericLessThan on the age in an Allow', st('Allow', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } })],
    ['NumericGreaterThanIfExists on the age in a Deny', st('Deny', { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } })],
  ])('does not report %s', async (_n, statement) => {
    expect(await lintWith(rule, policy([statement]))).toEqual([]);
  });

  it('does not report a Deny on "false" beside a Deny of the same scope on the key\'s absence (Null "true")', async () => {
    const text = policy([st('Deny', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }), st('Deny', { Null: { 'aws:MultiFactorAuthPresent': 'true' } })]);
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('does not report NumericGreaterThan on the age beside a Deny of the same scope on its absence', async () => {
    const text = policy([st('Deny', { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } }), st('Deny', { Null: { 'aws:MultiFactorAuthAge': 'true' } })]);
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it.each([
    ['covers other actions', { ...st('Deny', { Null: { 'aws:MultiFactorAuthPresent': 'true' } }), NotAction: ['iam:ChangePassword'] }],
    ['is an Allow', st('Allow', { Null: { 'aws:MultiFactorAuthPresent': 'true' } })],
    ['has a second condition', st('Deny', { Null: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } })],
    ['tests the age key instead', st('Deny', { Null: { 'aws:MultiFactorAuthAge': 'true' } })],
    ['tests for presence (Null "false")', st('Deny', { Null: { 'aws:MultiFactorAuthPresent': 'false' } })],
  ])('still reports the Deny on "false" when the Null statement beside it %s', async (_n, sibling) => {
    const text = policy([st('Deny', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }), sibling]);
    // An Allow on Null is a finding of its own (allowNull); only the first statement's are looked at.
    const findings = (await lintWith(rule, text)).filter((f) => f.path[1] === 0);
    expect(findings.map((f) => [f.path.join('.'), f.message.split(';')[0]])).toEqual([['Statement.0.Condition.Bool.aws:MultiFactorAuthPresent', 'Statement "Mfa" denies only when aws:MultiFactorAuthPresent is "false"']]);
  });

  it('reports inside a CloudFormation template at the key', async () => {
    const text = [
      'Resources:',
      '  ForceMfa:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Deny',
      '            NotAction: ["iam:ChangePassword", "iam:EnableMFADevice"]',
      '            Resource: "*"',
      '            Condition:',
      '              Bool:',
      '                aws:MultiFactorAuthPresent: "false"',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.message.startsWith('Statement #1 denies only when')])).toEqual([[13, 17, true]]);
  });
});
