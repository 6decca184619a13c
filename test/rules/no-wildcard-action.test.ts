import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-wildcard-action.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const allow = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Sid: 'S', Effect: 'Allow', Action, Resource, ...extra });

describe('no-wildcard-action', () => {
  describe('reports', () => {
    it.each([
      { name: '"*" on "*"', statement: allow('*'), needle: '"*"', severity: 'error', message: 'Statement "S" allows every action ("*") on "*"' },
      { name: '"*:*"', statement: allow('*:*'), needle: '"*:*"', severity: 'error', message: 'Statement "S" allows every action ("*:*") on "*"' },
      { name: 's3:*', statement: allow('s3:*', 'arn:aws:s3:::logs/*'), needle: '"s3:*"', severity: 'warning', message: 'Statement "S" allows every s3 action ("s3:*")' },
      { name: 'a service wildcard written in upper case', statement: allow('S3:*', 'arn:aws:s3:::logs/*'), needle: '"S3:*"', severity: 'warning', message: 'Statement "S" allows every s3 action ("S3:*")' },
      { name: 'a partial wildcard with Write actions', statement: allow('s3:Put*', 'arn:aws:s3:::logs/*'), needle: '"s3:Put*"', severity: 'warning', message: 'Statement "S" allows "s3:Put*", which includes' },
      { name: 'a partial wildcard with Permissions management actions', statement: allow('iam:*Policy*'), needle: '"iam:*Policy*"', severity: 'warning', message: 'Permissions management actions' },
      { name: 'a wildcard under a Condition (not silenced)', statement: allow('s3:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } } }), needle: '"s3:*"', severity: 'warning', message: 'allows every s3 action' },
      { name: 'kms:* given to another principal in a key policy', statement: { Sid: 'S', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/app' }, Action: 'kms:*', Resource: '*' }, needle: '"kms:*"', severity: 'warning', message: 'allows every kms action' },
    ])('$name', async ({ statement, needle, severity, message }) => {
      const text = policy([statement]);
      const findings = await lintWith(rule, text);
      expect(findings).toHaveLength(1);
      const at = positionOf(text, needle, '"Action"');
      expect(findings[0]).toMatchObject({ ruleId: 'no-wildcard-action', severity, line: at.line, column: at.column, endLine: at.line, endColumn: at.column + needle.length });
      expect(findings[0]?.message).toContain(message);
    });

    it('calls "*" on "*" full administrator access with the counts from the IAM data', async () => {
      const [f] = await lintWith(rule, policy([allow('*')]));
      expect(f?.suggestion).toMatch(/^"\*" on "\*" is full administrator access: \d{4,} actions across \d{3} services\. List the actions the workload calls instead$/);
    });

    it('for s3:* on objects, counts actions by access level and names the object Read actions', async () => {
      const [f] = await lintWith(rule, policy([allow('s3:*', 'arn:aws:s3:::logs/*')]));
      expect(f?.suggestion).toMatch(/^s3:\* covers \d+ actions \(List \d+, Read \d+, Write \d+, Permissions management \d+, Tagging \d+\)\. For arn:aws:s3:::logs\/\*, reading needs only /);
      expect(f?.suggestion).toContain('s3:GetObject');
      expect(f?.suggestion).not.toContain('s3:ListBucket');
    });

    it('for "*" on specific ARNs, says how many actions can act on them', async () => {
      const [f] = await lintWith(rule, policy([allow('*', 'arn:aws:s3:::logs/*')]));
      expect(f?.message).toBe('Statement "S" allows every action ("*") on arn:aws:s3:::logs/*');
      expect(f?.suggestion).toMatch(/^"\*" covers \d+ actions; \d+ of them apply to arn:aws:s3:::logs\/\* \(/);
      expect(f?.suggestion).toContain('s3:GetObject');
    });

    it('points into a CloudFormation YAML template', async () => {
      const text = [
        'Resources:',
        '  AppRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]',
        '      Policies:',
        '        - PolicyName: data',
        '          PolicyDocument:',
        '            Statement:',
        '              - Effect: Allow',
        '                Action: dynamodb:*',
        '                Resource: !GetAtt Table.Arn',
        '',
      ].join('\n');
      const findings = await lintWith(rule, text, { filename: 'template.yaml' });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ line: 12, column: 25, endColumn: 35, policy: { kind: 'identity', location: 'Resources.AppRole.Properties.Policies[0].PolicyDocument' } });
    });
  });

  describe('does not report', () => {
    it.each([
      { name: 'a Deny', statement: { Effect: 'Deny', Action: '*', Resource: '*' } },
      { name: 'a read-only partial wildcard', statement: allow('s3:Get*', 'arn:aws:s3:::logs/*') },
      { name: 'ec2:Describe*', statement: allow('ec2:Describe*') },
      { name: 'explicit actions', statement: allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::logs/*') },
      { name: 'NotAction (another rule)', statement: { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' } },
      { name: 'an unknown service (unknown-action reports it)', statement: allow('nosuchservice:*') },
      { name: 'the default KMS key policy statement', statement: { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' } },
    ])('$name', async ({ statement }) => {
      expect(await lintWith(rule, policy([statement]))).toEqual([]);
    });

    it.each(['scp', 'rcp', 'trust'] as const)('a %s policy', async (policyType) => {
      expect(await lintWith(rule, policy([allow('*')]), { policyType })).toEqual([]);
    });

    it('a service listed in allowServices, but still "*"', async () => {
      const text = policy([allow('logs:*'), allow('*')]);
      const findings = await lintWith(rule, text, { options: { allowServices: ['logs'] } });
      expect(findings.map((f) => f.message)).toEqual(['Statement "S" allows every action ("*") on "*"']);
    });

    it('the key root statement written with !Sub in a template', async () => {
      const text = [
        'Resources:',
        '  Key:',
        '    Type: AWS::KMS::Key',
        '    Properties:',
        '      KeyPolicy:',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}',
        '            Action: kms:*',
        '            Resource: "*"',
        '',
      ].join('\n');
      expect(await lintWith(rule, text, { filename: 'key.yaml' })).toEqual([]);
    });
  });
});
