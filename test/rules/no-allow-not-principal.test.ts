import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-allow-not-principal.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

describe('no-allow-not-principal', () => {
  it('reports an Allow with NotPrincipal at the key and names the excluded principals\' account', async () => {
    const text = policy([
      { Sid: 'AllButBob', Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/Bob' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared-docs/*' },
    ]);
    const findings = await lintWith(rule, text);
    const at = positionOf(text, '"NotPrincipal"');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'no-allow-not-principal', severity: 'error', line: at.line, column: at.column, path: ['Statement', 0, 'NotPrincipal'] });
    expect(findings[0]?.message).toBe('Statement "AllButBob" allows every principal except "arn:aws:iam::111122223333:user/Bob", including anonymous users and every other AWS account');
    expect(findings[0]?.suggestion).toBe(
      'Name who needs access in Principal instead, e.g. "Principal": {"AWS": "arn:aws:iam::111122223333:root"} (the account of "arn:aws:iam::111122223333:user/Bob"), and keep "arn:aws:iam::111122223333:user/Bob" out with a separate Deny statement if needed',
    );
  });

  it.each([['an account ID', '156460612806'], ['an account root ARN', 'arn:aws:iam::156460612806:root']])(
    'does not propose granting the excluded account itself when NotPrincipal names %s (cfn_nag\'s example)',
    async (_name, excluded) => {
      const [finding] = await lintWith(rule, policy([{ Effect: 'Allow', NotPrincipal: { AWS: [excluded] }, Action: '*', Resource: 'arn:aws:s3:::docs/*' }]), { policyType: 'resource' });
      expect(finding?.suggestion).toBe(`Name who needs access in Principal instead, e.g. "Principal": {"AWS": "arn:aws:iam::111122223333:role/app-role"}, rather than excluding "${excluded}"`);
    },
  );

  it('keeps an excluded service out with a Deny on aws:PrincipalServiceName rather than inventing a role for it', async () => {
    const [finding] = await lintWith(rule, policy([{ Effect: 'Allow', NotPrincipal: { Service: 'lambda.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: '*' }]), { policyType: 'resource' });
    expect(finding?.suggestion).toBe(
      'Name who needs access in Principal instead, e.g. "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, and keep "lambda.amazonaws.com" out with a separate Deny whose Condition is {"StringEquals": {"aws:PrincipalServiceName": ["lambda.amazonaws.com"]}}',
    );
  });

  it('reads resource policies in a CloudFormation template', async () => {
    const text = [
      'Resources:',
      '  DocsPolicy:',
      '    Type: AWS::S3::BucketPolicy',
      '    Properties:',
      '      Bucket: shared-docs',
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            NotPrincipal:',
      "              AWS: '444455556666'",
      '            Action: s3:GetObject',
      '            Resource: arn:aws:s3:::shared-docs/*',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 10, column: 13, path: ['Statement', 0, 'NotPrincipal'], policy: { kind: 'resource' } });
    // The excluded account is not offered as the one to grant.
    expect(findings[0]?.suggestion).toContain('rather than excluding "444455556666"');
  });

  it('leaves a role trust policy to invalid-policy-structure, which reports NotPrincipal there whatever the Effect', async () => {
    const text = [
      'Resources:',
      '  DeployRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            NotPrincipal:',
      '              Service: ec2.amazonaws.com',
      '            Action: sts:AssumeRole',
      '',
    ].join('\n');
    expect(await lintWith(rule, text, { filename: 't.yaml' })).toEqual([]);
  });

  it.each([
    [
      'a Deny with NotPrincipal (keeps everyone but the named role out)',
      policy([
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::payroll/*' },
        { Effect: 'Deny', NotPrincipal: { AWS: ['arn:aws:iam::111122223333:role/payroll-app'] }, Action: 's3:*', Resource: 'arn:aws:s3:::payroll/*' },
      ]),
    ],
    ['an Allow with Principal', policy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::docs/*' }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });
});

describe('no-allow-not-principal and NotPrincipal beside Principal', () => {
  const tf = (notIdentifiers: string) => `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
    dynamic "principals" {
      for_each = var.principals
      content {
        type        = "AWS"
        identifiers = principals.value
      }
    }
    dynamic "not_principals" {
      for_each = var.not_principals
      content {
        type        = "AWS"
        identifiers = ${notIdentifiers}
      }
    }
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = "b"
  policy = data.aws_iam_policy_document.d.json
}
`;

  it('does not report an opaque NotPrincipal beside a Principal (dynamic "principals" beside dynamic "not_principals")', async () => {
    expect(await lintWith(rule, tf('not_principals.value'), { filename: 'main.tf' })).toEqual([]);
  });

  it('still reports a written-out NotPrincipal beside an opaque Principal', async () => {
    const text = tf('["arn:aws:iam::111122223333:role/auditor"]');
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    const at = positionOf(text, 'content', 'dynamic "not_principals"');
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      ['no-allow-not-principal', at.line, at.column, 'Statement #1 allows every principal except "arn:aws:iam::111122223333:role/auditor", including anonymous users and every other AWS account'],
    ]);
  });
});
