import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-wildcard-action.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const allow = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Sid: 'S', Effect: 'Allow', Action, Resource, ...extra });
const keyPolicyStatement = (AWS: unknown) => ({ Sid: 'S', Effect: 'Allow', Principal: { AWS }, Action: 'kms:*', Resource: '*' });

describe('no-wildcard-action', () => {
  describe('reports', () => {
    it.each([
      {
        name: '"*" on "*"',
        statement: allow('*'),
        needle: '"*"',
        severity: 'error',
        message: 'Statement "S" allows every action ("*") on "*"',
        suggestion: /^"\*" on "\*" is full administrator access: \d{2},\d{3} actions across \d{3} services\. List the actions the workload calls instead$/,
      },
      {
        name: '"*:*" on "*"',
        statement: allow('*:*'),
        needle: '"*:*"',
        severity: 'error',
        message: 'Statement "S" allows every action ("*:*") on "*"',
        suggestion: /^"\*:\*" on "\*" is full administrator access: \d{2},\d{3} actions across \d{3} services\./,
      },
      {
        name: '"*" on an S3 bucket and its objects',
        statement: allow('*', ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*']),
        needle: '"*"',
        severity: 'error',
        message: 'Statement "S" allows every action ("*") on arn:aws:s3:::logs, arn:aws:s3:::logs/*',
        // The examples start with the ARN's own service.
        suggestion: /^"\*" covers \d{2},\d{3} actions; \d+ of them apply to arn:aws:s3:::logs, arn:aws:s3:::logs\/\* \(List \d+, Read \d+, .*\)\. List the ones needed, e.g\. s3:/,
      },
      {
        name: 's3:* on objects: the object Read actions',
        statement: allow('s3:*', 'arn:aws:s3:::logs/*'),
        needle: '"s3:*"',
        severity: 'warning',
        message: 'Statement "S" allows every s3 action ("s3:*")',
        suggestion: /^s3:\* covers (\d+) actions \(List \d+, Read \d+, Write \d+, Permissions management \d+, Tagging \d+\)\. For arn:aws:s3:::logs\/\*, the read-only ones that apply are s3:GetObject, s3:GetObjectAcl, /,
      },
      {
        name: 'sqs:* on "*": the read-only actions',
        statement: allow('sqs:*'),
        needle: '"sqs:*"',
        severity: 'warning',
        message: 'Statement "S" allows every sqs action ("sqs:*")',
        suggestion: /^sqs:\* covers \d+ actions \(Read \d+, Write \d+, Permissions management \d+, Tagging \d+\)\. List the ones needed; the read-only ones are sqs:GetQueueAttributes, sqs:GetQueueUrl, /,
      },
      {
        // Read in the IAM data, but no harmless read: the suggestion says so.
        name: 'secretsmanager:* on "*": the read-only actions, with those that return secrets named',
        statement: allow('secretsmanager:*'),
        needle: '"secretsmanager:*"',
        severity: 'warning',
        message: 'Statement "S" allows every secretsmanager action ("secretsmanager:*")',
        suggestion: /\. List the ones needed; the read-only ones are .*; of them, secretsmanager:BatchGetSecretValue, secretsmanager:GetSecretValue return secrets or credentials$/,
      },
      {
        name: 'a service wildcard written in upper case',
        statement: allow('S3:*', 'arn:aws:s3:::logs/*'),
        needle: '"S3:*"',
        severity: 'warning',
        message: 'Statement "S" allows every s3 action ("S3:*")',
        suggestion: /^S3:\* covers \d+ actions .* the read-only ones that apply are s3:GetObject, /,
      },
      {
        name: 'a partial wildcard with Write and Permissions management actions',
        statement: allow('s3:Put*', 'arn:aws:s3:::logs/*'),
        needle: '"s3:Put*"',
        severity: 'warning',
        message: /^Statement "S" allows "s3:Put\*", which includes Write \(\d+\) and Permissions management \(\d+\) actions$/,
        suggestion: /^s3:Put\* covers \d+ actions \(Write \d+, Permissions management \d+, Tagging \d+\)\. For arn:aws:s3:::logs\/\*, \d of them apply: s3:PutObject, s3:PutObjectAcl, /,
      },
      {
        name: 'a partial wildcard in the middle, with Permissions management actions',
        statement: allow('iam:*Policy*'),
        needle: '"iam:*Policy*"',
        severity: 'warning',
        message: /^Statement "S" allows "iam:\*Policy\*", which includes Write \(\d+\) and Permissions management \(\d+\) actions$/,
        suggestion: /^iam:\*Policy\* covers \d+ actions \(.*\)\. List the ones needed; the read-only ones are iam:GetAccountPasswordPolicy, /,
      },
      {
        name: 'a partial wildcard none of whose actions acts on the resource',
        statement: allow('s3:DeleteObject*', 'arn:aws:s3:::logs'),
        needle: '"s3:DeleteObject*"',
        severity: 'warning',
        message: /^Statement "S" allows "s3:DeleteObject\*", which includes Write \(\d\) actions$/,
        suggestion: /^s3:DeleteObject\* covers \d actions \(Write \d, Tagging \d\), none of which acts on arn:aws:s3:::logs\. List the actions needed, with the resources they act on$/,
      },
      {
        name: 'a wildcard under a Condition (not silenced)',
        statement: allow('s3:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } } }),
        needle: '"s3:*"',
        severity: 'warning',
        message: 'Statement "S" allows every s3 action ("s3:*")',
        suggestion: /^s3:\* covers \d+ actions/,
      },
      {
        name: 'a wildcard among explicit actions',
        statement: allow(['logs:CreateLogStream', 'dynamodb:*'], 'arn:aws:dynamodb:us-east-1:123456789012:table/orders'),
        needle: '"dynamodb:*"',
        severity: 'warning',
        message: 'Statement "S" allows every dynamodb action ("dynamodb:*")',
        suggestion: /For arn:aws:dynamodb:us-east-1:123456789012:table\/orders, the read-only ones that apply are dynamodb:BatchGetItem, /,
      },
      {
        name: 'kms:* given to another principal in a key policy',
        statement: keyPolicyStatement('arn:aws:iam::123456789012:role/app'),
        needle: '"kms:*"',
        severity: 'warning',
        message: 'Statement "S" allows every kms action ("kms:*")',
        suggestion: /^kms:\* covers \d+ actions/,
      },
      {
        name: 'kms:* given to the account root and a role together',
        statement: keyPolicyStatement(['arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:role/app']),
        needle: '"kms:*"',
        severity: 'warning',
        message: 'Statement "S" allows every kms action ("kms:*")',
        suggestion: /^kms:\* covers \d+ actions/,
      },
      {
        // Its "*" is the resource it is attached to: no "administrator access" to every service.
        name: '"*" on "*" in a resource policy',
        statement: { Sid: 'S', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/etl' }, Action: '*', Resource: '*' },
        needle: '"*"',
        severity: 'error',
        message: 'Statement "S" allows every action ("*") on "*"',
        suggestion: /^In a resource policy, "\*" lets the principals do anything to the resource the policy is attached to\. List the actions they need$/,
      },
      {
        name: 's3:* in a bucket policy',
        statement: { Sid: 'S', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/etl' }, Action: 's3:*', Resource: 'arn:aws:s3:::logs/*' },
        needle: '"s3:*"',
        severity: 'warning',
        message: 'Statement "S" allows every s3 action ("s3:*")',
        suggestion: /the read-only ones that apply are s3:GetObject, /,
      },
    ])('$name', async ({ statement, needle, severity, message, suggestion }) => {
      const text = policy([statement]);
      const findings = await lintWith(rule, text);
      expect(findings).toHaveLength(1);
      const at = positionOf(text, needle, '"Action"');
      expect(findings[0]).toMatchObject({ ruleId: 'no-wildcard-action', severity, line: at.line, column: at.column, endLine: at.line, endColumn: at.column + needle.length });
      if (typeof message === 'string') expect(findings[0]?.message).toBe(message);
      else expect(findings[0]?.message).toMatch(message);
      expect(findings[0]?.suggestion).toMatch(suggestion);
    });

    it('s3:* on objects names no bucket action among the Read ones', async () => {
      const [f] = await lintWith(rule, policy([allow('s3:*', 'arn:aws:s3:::logs/*')]));
      expect(f?.suggestion).toContain('s3:GetObject');
      expect(f?.suggestion).not.toContain('s3:ListBucket');
      expect(f?.suggestion).not.toContain('s3:GetBucketPolicy');
    });

    it('reports every wildcard of a statement, in order', async () => {
      const text = policy([allow(['s3:*', 's3:GetObject', 'sqs:*'], '*')]);
      const findings = await lintWith(rule, text);
      expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
        [positionOf(text, '"s3:*"').line, positionOf(text, '"s3:*"').column, 'Statement "S" allows every s3 action ("s3:*")'],
        [positionOf(text, '"sqs:*"').line, positionOf(text, '"sqs:*"').column, 'Statement "S" allows every sqs action ("sqs:*")'],
      ]);
    });

    it('labels a statement without Sid by its number', async () => {
      const text = policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Action: '*', Resource: '*' }]);
      const findings = await lintWith(rule, text);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: 'no-wildcard-action', severity: 'error', ...positionOf(text, '"*"', '"Action": "*"'), message: 'Statement #2 allows every action ("*") on "*"' });
    });

    it('reads a permissions boundary, saying that it grants nothing but caps nothing either', async () => {
      const text = policy([allow('*')]);
      const findings = await lintWith(rule, text, { policyType: 'boundary' });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: 'no-wildcard-action',
        severity: 'error',
        ...positionOf(text, '"*"', '"Action"'),
        message: 'Statement "S" allows every action ("*") on "*" (a permissions boundary grants nothing itself: this leaves it uncapped for the identities it bounds)',
      });
      expect((await lintWith(rule, text, { policyType: 'identity' }))[0]?.message).toBe('Statement "S" allows every action ("*") on "*"');
    });

    it('follows a configured severity for "*"', async () => {
      const text = policy([allow('*')]);
      const findings = await lintWith(rule, text, { severity: 'warning' });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: 'no-wildcard-action', severity: 'warning', ...positionOf(text, '"*"', '"Action"') });
    });

    it("reports kms:* for another account's root in a key policy that names its own account as ${AWS::AccountId}", async () => {
      const text = [
        'Resources:',
        '  Key:',
        '    Type: AWS::KMS::Key',
        '    Properties:',
        '      KeyPolicy:',
        '        Statement:',
        '          - Sid: Root',
        '            Effect: Allow',
        "            Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'}",
        "            Action: 'kms:*'",
        "            Resource: '*'",
        '          - Sid: Partner',
        '            Effect: Allow',
        '            Principal: {AWS: arn:aws:iam::999988887777:root}',
        '            Action: kms:*',
        "            Resource: '*'",
        '',
      ].join('\n');
      const findings = await lintWith(rule, text, { filename: 'key.yaml' });
      expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([[15, 21, 'Statement "Partner" allows every kms action ("kms:*")']]);
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
        '              - Sid: TableAccess',
        '                Effect: Allow',
        '                Action: dynamodb:*',
        '                Resource: !GetAtt Table.Arn',
        '',
      ].join('\n');
      const findings = await lintWith(rule, text, { filename: 'template.yaml' });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: 'no-wildcard-action',
        severity: 'warning',
        line: 13,
        column: 25,
        endLine: 13,
        endColumn: 35,
        message: 'Statement "TableAccess" allows every dynamodb action ("dynamodb:*")',
        policy: { kind: 'identity', location: 'Resources.AppRole.Properties.Policies[0].PolicyDocument' },
      });
      expect(findings[0]?.suggestion).toMatch(/^dynamodb:\* covers \d+ actions/);
    });

    it('points at the quoted action in a JSON template', async () => {
      const text = JSON.stringify(
        {
          Resources: {
            Deployer: {
              Type: 'AWS::IAM::ManagedPolicy',
              Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*:*', Resource: '*' }] } },
            },
          },
        },
        null,
        2,
      );
      const findings = await lintWith(rule, text, { filename: 'deployer.template.json' });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: 'no-wildcard-action',
        severity: 'error',
        ...positionOf(text, '"*:*"'),
        message: 'Statement "Everything" allows every action ("*:*") on "*"',
        policy: { location: 'Resources.Deployer.Properties.PolicyDocument' },
      });
    });
  });

  describe('does not report', () => {
    it.each([
      { name: 'a Deny', statement: { Effect: 'Deny', Action: '*', Resource: '*' } },
      { name: 'a Deny of a service', statement: { Effect: 'Deny', Action: ['s3:*', 'iam:*'], Resource: '*' } },
      { name: 'a read-only partial wildcard', statement: allow('s3:Get*', 'arn:aws:s3:::logs/*') },
      { name: 'a read-only partial wildcard in lower case', statement: allow('s3:get*', 'arn:aws:s3:::logs/*') },
      { name: 'a List partial wildcard', statement: allow('s3:List*') },
      { name: 'ec2:Describe*', statement: allow('ec2:Describe*') },
      { name: 'explicit actions', statement: allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::logs/*') },
      { name: 'NotAction (no-allow-not-action reports it)', statement: { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' } },
      { name: 'an unknown service (unknown-action reports it)', statement: allow('nosuchservice:*') },
      { name: 'a pattern that matches nothing (unknown-action reports it)', statement: allow('s3:Frobnicate*') },
      { name: 'the default KMS key policy statement', statement: keyPolicyStatement('arn:aws:iam::111122223333:root') },
      { name: 'the default KMS key policy statement with a bare account id', statement: keyPolicyStatement('111122223333') },
      { name: 'the default KMS key policy statement in upper case', statement: { ...keyPolicyStatement('arn:aws:iam::111122223333:root'), Action: 'KMS:*' } },
    ])('$name', async ({ statement }) => {
      expect(await lintWith(rule, policy([statement]))).toEqual([]);
    });

    it.each(['scp', 'rcp', 'trust', 'endpoint'] as const)('a %s policy', async (policyType) => {
      expect(await lintWith(rule, policy([allow('*'), allow('s3:*')]), { policyType })).toEqual([]);
    });

    it('a service listed in allowServices, in any case, with its narrower patterns; "*" still reported', async () => {
      const text = policy([allow('logs:*'), allow(['LOGS:Put*', 'Logs:Delete*']), allow('*')]);
      const findings = await lintWith(rule, text, { options: { allowServices: ['Logs'] } });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: 'no-wildcard-action', severity: 'error', ...positionOf(text, '"*"', '"Action": "*"'), message: 'Statement "S" allows every action ("*") on "*"' });
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

    it('a trust policy and an SCP in a template', async () => {
      const text = [
        'Resources:',
        '  AppRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:*"}]',
        '  FullAccess:',
        '    Type: AWS::Organizations::Policy',
        '    Properties:',
        '      Name: FullAWSAccess',
        '      Type: SERVICE_CONTROL_POLICY',
        '      Content:',
        '        Version: "2012-10-17"',
        '        Statement: [{Effect: Allow, Action: "*", Resource: "*"}]',
        '',
      ].join('\n');
      expect(await lintWith(rule, text, { filename: 'org.yaml' })).toEqual([]);
    });
  });
});

describe('no-wildcard-action suggestions without read-only actions', () => {
  it('says so instead of listing none', async () => {
    const findings = await lintWith(rule, policy([{ Effect: 'Allow', Action: 's3:DeleteObject*', Resource: '*' }]));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.suggestion).toMatch(/^s3:DeleteObject\* covers \d+ actions \(Write \d+, Tagging \d+\), none of them read-only: s3:DeleteObject, s3:DeleteObjectAnnotation, .*\. List the ones needed$/);
  });

  it('counts one action in the singular', async () => {
    const text = policy([{ Effect: 'Allow', Action: 'cloudtrail-data:*', Resource: '*' }]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.line, f.column, f.message, f.suggestion])).toEqual([
      [positionOf(text, '"cloudtrail-data:*"').line, positionOf(text, '"cloudtrail-data:*"').column, 'Statement #1 allows every cloudtrail-data action ("cloudtrail-data:*")', 'cloudtrail-data:* covers 1 action (Write 1), none of them read-only: cloudtrail-data:PutAuditEvents. List the ones needed'],
    ]);
  });

  it("does not report the partial wildcards of AWS's default key policy in a key policy statement of kms actions", async () => {
    const admins = { Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/KeyAdmin' }, Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'], Resource: '*' };
    const users = { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/App' }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' };
    expect(await lintWith(rule, policy([admins, users]), { policyType: 'resource' })).toEqual([]);
    // The same wildcards in an identity policy, or beside other services' actions, are reported.
    expect((await lintWith(rule, policy([{ ...users, Principal: undefined }]), { policyType: 'identity' })).map((f) => f.message)).toEqual([
      'Statement "Allow use of the key" allows "kms:ReEncrypt*", which includes Write (2) actions',
      'Statement "Allow use of the key" allows "kms:GenerateDataKey*", which includes Write (4) actions',
    ]);
    expect(await lintWith(rule, policy([{ ...users, Action: [...users.Action, 's3:GetObject'] }]), { policyType: 'resource' })).toHaveLength(2);
    // CloudWatch Logs' key policy for log group encryption, as the CDK writes it.
    const logs = { Effect: 'Allow', Principal: { Service: 'logs.us-east-1.amazonaws.com' }, Action: ['kms:Decrypt*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'], Resource: '*' };
    expect(await lintWith(rule, policy([logs]), { policyType: 'resource' })).toEqual([]);
  });

  it('reports a partial wildcard that grants one action today, naming it (it grants what AWS adds later too)', async () => {
    const text = policy([{ Effect: 'Allow', Action: 'iam:Pass*', Resource: '*' }]);
    expect((await lintWith(rule, text)).map((f) => [f.message, f.suggestion])).toEqual([
      ['Statement #1 allows "iam:Pass*", which includes Write (1) actions', 'iam:Pass* covers 1 action (Write 1), none of them read-only: iam:PassRole. List the ones needed'],
    ]);
  });
});
