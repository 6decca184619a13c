import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-allow-not-action.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

describe('no-allow-not-action', () => {
  it('reports an Allow with NotAction at the key, with the count of what it grants by access level', async () => {
    const text = policy([{ Sid: 'AllButIam', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }]);
    const findings = await lintWith(rule, text);
    const at = positionOf(text, '"NotAction"');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'no-allow-not-action', severity: 'warning', line: at.line, column: at.column, path: ['Statement', 0, 'NotAction'] });
    expect(findings[0]?.message).toMatch(
      /^Statement "AllButIam" allows every action except "iam:\*", "organizations:\*": [\d,]+ actions \(List [\d,]+, Read [\d,]+, Write [\d,]+, Permissions management [\d,]+, Tagging [\d,]+\), and any action AWS adds later$/,
    );
    expect(findings[0]?.suggestion).toMatch(/^List the needed actions in Action instead; as written it grants actions of [\d,]+ services, including sts:AssumeRole, kms:PutKeyPolicy, s3:PutBucketPolicy, lambda:AddPermission and 1 more$/);
  });

  it('counts exactly the actions NotAction leaves granted', async () => {
    const all = await lintWith(rule, policy([{ Effect: 'Allow', NotAction: 'nosuchservice:Foo', Resource: '*' }]));
    const less = await lintWith(rule, policy([{ Effect: 'Allow', NotAction: ['s3:GetObject', 's3:PutObject', 's3:GetObject'], Resource: '*' }]));
    const count = (m?: string) => Number(/: ([\d,]+) actions/.exec(m ?? '')?.[1]?.replaceAll(',', ''));
    expect(count(all[0]?.message) - count(less[0]?.message)).toBe(2);
  });

  it('suggests the actions that act on the statement\'s resources', async () => {
    const text = policy([{ Effect: 'Allow', NotAction: 's3:Delete*', Resource: 'arn:aws:s3:::example-reports/*' }]);
    const [finding] = await lintWith(rule, text);
    expect(finding?.message).toMatch(/^Statement #1 allows every action except "s3:Delete\*": [\d,]+ actions/);
    expect(finding?.suggestion).toMatch(
      /^List the needed actions in Action instead; of what it grants, [\d,]+ actions act on arn:aws:s3:::example-reports\/\* \(.*Read [\d,]+.*\), e\.g\. s3:GetObject, s3:GetObjectAcl, /,
    );
    expect(finding?.suggestion).not.toContain('s3:DeleteObject');
  });

  it('reports NotAction whose value comes from a template parameter without a count', async () => {
    const text = [
      'Parameters:',
      '  Excluded: {Type: String}',
      'Resources:',
      '  Ops:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            NotAction: !Ref Excluded',
      "            Resource: '*'",
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 11, column: 13, path: ['Statement', 0, 'NotAction'], policy: { location: 'Resources.Ops.Properties.PolicyDocument' } });
    expect(findings[0]?.message).toBe('Statement #1 allows every action except "${Excluded}", part of which is only known at deploy time');
  });

  it.each([
    ['a Deny with NotAction (the usual guardrail)', policy([{ Effect: 'Deny', NotAction: ['iam:*', 'sts:GetSessionToken'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }])],
    ['an Allow with Action', policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('does not read SCPs', async () => {
    expect(await lintWith(rule, policy([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]), { policyType: 'scp' })).toEqual([]);
  });
});

describe('no-allow-not-action and NotAction beside Action', () => {
  const tf = (actions: string, notActions: string) => `data "aws_iam_policy_document" "d" {
  statement {
    actions       = ${actions}
    not_actions   = ${notActions}
    resources     = ["*"]
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
`;

  it('does not report an opaque NotAction beside an Action: at most one is set at deploy time', async () => {
    expect(await lintWith(rule, tf('lookup(statement.value, "actions", null)', 'lookup(statement.value, "not_actions", null)'), { filename: 'main.tf' })).toEqual([]);
    expect(await lintWith(rule, tf('["s3:GetObject"]', 'var.not_actions'), { filename: 'main.tf' })).toEqual([]);
  });

  it('does not report an Action beside a NotAction from a template parameter (CloudFormation)', async () => {
    const text = ['Resources:', '  Ops:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow', '            Action: !Ref Actions', '            NotAction: !Ref Excluded', "            Resource: '*'", ''].join('\n');
    expect(await lintWith(rule, text, { filename: 't.yaml' })).toEqual([]);
  });

  it('still reports a written-out NotAction beside an opaque Action', async () => {
    const text = tf('var.actions', '["iam:*"]');
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    const at = positionOf(text, 'not_actions');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'no-allow-not-action', line: at.line, column: at.column });
    expect(findings[0]?.message).toMatch(/^Statement #1 allows every action except "iam:\*": [\d,]+ actions \(.*\), and any action AWS adds later$/);
  });
});

describe('no-allow-not-action in trust and resource policies', () => {
  const template = [
    'Resources:',
    '  Queue:',
    '    Type: AWS::SQS::Queue',
    '  QueuePolicy:',
    '    Type: AWS::SQS::QueuePolicy',
    '    Properties:',
    '      Queues: [!Ref Queue]',
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: {AWS: "arn:aws:iam::111111111111:root"}',
    '            NotAction: sqs:DeleteQueue',
    '            Resource: !GetAtt Queue.Arn',
    '  Role:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: {Service: ec2.amazonaws.com}',
    '            NotAction: sts:TagSession',
    '',
  ].join('\n');

  it('counts what a queue policy and a trust policy can grant, not every AWS action', async () => {
    const findings = await lintWith(rule, template, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.message, f.suggestion])).toEqual([
      [
        13,
        13,
        'Statement #1 allows every action except "sqs:DeleteQueue"; on arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Queue} that is 18 actions (Read 6, Write 7, Permissions management 3, Tagging 2), and any AWS adds later',
        'List the needed actions in Action instead, e.g. sqs:GetQueueAttributes, sqs:GetQueueUrl, sqs:ListDeadLetterSourceQueues, sqs:ListMessageMoveTasks and 2 more',
      ],
      [
        23,
        13,
        'Statement #1 allows every action except "sts:TagSession"; in a trust policy that is 5 actions on the role (sts:SetContext, sts:SetSourceIdentity, sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity), and any AWS adds later',
        'List the needed action in Action instead, e.g. "Action": "sts:AssumeRole"',
      ],
    ]);
  });

  it('names the assume action of a federated trust', async () => {
    const text = policy([{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/okta' }, NotAction: 'sts:TagSession' }]);
    const [finding] = await lintWith(rule, text, { policyType: 'trust' });
    expect(finding?.suggestion).toBe('List the needed action in Action instead, e.g. "Action": "sts:AssumeRoleWithSAML"');
  });

  it('does not report a trust policy whose NotAction leaves no action on the role', async () => {
    expect(await lintWith(rule, policy([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, NotAction: 'sts:*' }]), { policyType: 'trust' })).toEqual([]);
  });

  it('gives a resource policy on "*" no count of every AWS action, and names the excluded service', async () => {
    const text = policy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, NotAction: 'sqs:DeleteQueue', Resource: '*' }]);
    const findings = await lintWith(rule, text, { policyType: 'resource' });
    expect(findings.map((f) => [f.message, f.suggestion])).toEqual([
      ['Statement #1 allows every action except "sqs:DeleteQueue" on the resource the policy is attached to, and any action AWS adds later', 'List the needed sqs actions in Action instead'],
    ]);
  });
});
