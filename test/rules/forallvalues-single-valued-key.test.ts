import { describe, expect, it } from 'vitest';
import rule from '../../rules/forallvalues-single-valued-key.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const st = (Condition: unknown, Effect = 'Allow') => ({ Effect, Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*', Condition });

describe('forallvalues-single-valued-key', () => {
  it('reports ForAllValues: on a single-valued key at the key, suggesting the plain operator', async () => {
    const text = policy([st({ 'ForAllValues:StringEquals': { 'aws:PrincipalTag/team': ['data', 'analytics'] } })]);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'forallvalues-single-valued-key',
      severity: 'warning',
      ...positionOf(text, '"aws:PrincipalTag/team"'),
      path: ['Statement', 0, 'Condition', 'ForAllValues:StringEquals', 'aws:PrincipalTag/team'],
      message: 'ForAllValues:StringEquals "aws:PrincipalTag/team": the key holds a single value (String), so the set operator is true when the key is absent, where StringEquals is false',
      suggestion: 'Use "StringEquals"',
    });
  });

  it('reports ForAnyValue: on a single-valued key (also written in another case), and says when it changes the result', async () => {
    const findings = await lintWith(rule, policy([st({ 'forAnyValue:stringLike': { 'aws:SourceVpce': 'vpce-1a2b*' } }), st({ 'ForAnyValue:StringNotEquals': { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }, 'Deny')]));
    expect(findings.map((f) => [f.message, f.suggestion])).toEqual([
      ['ForAnyValue:StringLike "aws:SourceVpce": the key holds a single value (String), so the set operator adds nothing to StringLike', 'Use "StringLike"'],
      ['ForAnyValue:StringNotEquals "aws:SourceVpce": the key holds a single value (String), so the set operator is false when the key is absent, where StringNotEquals is true', 'Use "StringNotEquals"'],
    ]);
  });

  it("reports a web identity provider's sub claim, which the IAM data does not list but every token carries once", async () => {
    const text = policy([{ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Condition: { 'ForAllValues:StringLike': { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*', 'oidc.example.com:aud': 'app' } } }]);
    const findings = await lintWith(rule, text, { policyType: 'trust' });
    expect(findings.map((f) => [f.line, f.column, f.message, f.suggestion])).toEqual([
      [...Object.values(positionOf(text, '"token.actions.githubusercontent.com:sub"')), 'ForAllValues:StringLike "token.actions.githubusercontent.com:sub": the key holds a single value (String), so the set operator is true when the key is absent, where StringLike is false', 'Use "StringLike"'],
    ]);
  });

  it('keeps what the statement does without the key where the plain operator alone would loosen it', async () => {
    const findings = await lintWith(
      rule,
      policy([
        st({ 'ForAnyValue:StringNotEquals': { 'aws:PrincipalTag/team': 'contractors' } }),
        st({ 'ForAllValues:StringEquals': { 'aws:PrincipalTag/team': 'interns' } }, 'Deny'),
        st({ 'ForAnyValue:StringEqualsIfExists': { 'aws:PrincipalTag/team': 'data' } }),
      ]),
    );
    expect(findings.map((f) => f.suggestion)).toEqual([
      'Use "StringNotEquals" with "Null": {"aws:PrincipalTag/team": "false"}: alone it would also hold when the key is absent, and this Allow would grant requests without the key',
      'Use "StringEqualsIfExists", which still holds when the key is absent, as the set operator did: without IfExists this Deny would skip requests without the key',
      'Use "StringEquals"',
    ]);
  });

  it('keeps IgnoreCase in the operator it suggests', async () => {
    const findings = await lintWith(rule, policy([st({ 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:username': 'alice' } })]));
    expect(findings.map((f) => f.suggestion)).toEqual(['Use "StringEqualsIgnoreCase"']);
  });

  it('suggests the operator that also fits the key type, as condition-type-mismatch does', async () => {
    const findings = await lintWith(rule, policy([st({ 'ForAllValues:StringNotLike': { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops-*' } }, 'Deny')]));
    expect(findings.map((f) => [f.ruleId, f.suggestion])).toEqual([['forallvalues-single-valued-key', 'Use "ArnNotLike"']]);
  });

  it.each([
    ['a multivalued key', st({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } })],
    ['a key the IAM data does not know', st({ 'ForAnyValue:StringEquals': { 'example:Widgets': ['a'] } })],
    ['Cognito\'s amr claim, a list in the token', st({ 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } })],
    ['a plain operator', st({ StringEquals: { 'aws:PrincipalTag/team': 'data' } })],
  ])('does not report %s', async (_n, statement) => {
    expect(await lintWith(rule, policy([statement]))).toEqual([]);
  });

  it('reports inside a CloudFormation template', async () => {
    const text = [
      'Resources:',
      '  Bucket:',
      '    Type: AWS::S3::BucketPolicy',
      '    Properties:',
      '      Bucket: reports',
      '      PolicyDocument:',
      '        Statement:',
      '          - Effect: Deny',
      '            Principal: "*"',
      '            Action: "s3:*"',
      '            Resource: arn:aws:s3:::reports/*',
      '            Condition:',
      '              ForAllValues:StringNotEquals:',
      '                aws:SourceVpce: vpce-1a2b3c4d',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.suggestion])).toEqual([[14, 17, 'Use "StringNotEquals"']]);
  });
});
