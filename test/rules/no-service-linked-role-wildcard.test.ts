import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-service-linked-role-wildcard.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

describe('no-service-linked-role-wildcard', () => {
  it('reports iam:CreateServiceLinkedRole on "*" without iam:AWSServiceName, at the action', async () => {
    const text = policy([{ Sid: 'Scaling', Effect: 'Allow', Action: ['autoscaling:CreateAutoScalingGroup', 'iam:CreateServiceLinkedRole'], Resource: '*' }]);
    const findings = await lintWith(rule, text);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'no-service-linked-role-wildcard',
        severity: 'warning',
        ...positionOf(text, '"iam:CreateServiceLinkedRole"'),
        path: ['Statement', 0, 'Action', 1],
        message: 'Statement "Scaling" allows iam:CreateServiceLinkedRole on "*" without an iam:AWSServiceName condition: the holder can create the service-linked role of any AWS service',
        // Either scoping on this statement would take autoscaling:CreateAutoScalingGroup away.
        suggestion:
          'Move iam:CreateServiceLinkedRole to a statement of its own that names the service: "Resource": "arn:aws:iam::*:role/aws-service-role/autoscaling.amazonaws.com/*", or "Condition": {"StringEquals": {"iam:AWSServiceName": "autoscaling.amazonaws.com"}}; on this one either would take away its other actions',
      }),
    ]);
    const alone = policy([{ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*' }]);
    expect((await lintWith(rule, alone))[0]?.suggestion).toMatch(/^Name the service: "Resource": "arn:aws:iam::\*:role\/aws-service-role\//);
  });

  it.each([
    ['iam:*', '*'],
    ['*', '*'],
    ['iam:Create*', 'arn:aws:iam::*:role/aws-service-role/*'],
  ])('counts %s on %s', async (Action, Resource) => {
    const [f] = await lintWith(rule, policy([{ Effect: 'Allow', Action, Resource }]));
    expect(f?.message).toMatch(/^Statement #1 allows iam:CreateServiceLinkedRole \(via .+\) on "/);
    expect(f?.suggestion).toContain('SERVICE.amazonaws.com');
  });

  it('reports a condition whose value names no single service', async () => {
    const text = policy([{ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringLike: { 'iam:AWSServiceName': ['*a4b.amazonaws.com'] } } }]);
    const [f] = await lintWith(rule, text);
    expect(f?.message).toBe('Statement #1 allows iam:CreateServiceLinkedRole on "*" with an iam:AWSServiceName condition that names no single service (*a4b.amazonaws.com)');
  });

  it.each([
    ['a condition naming the services', policy([{ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringEquals: { 'iam:AWSServiceName': ['rds.amazonaws.com', 'spot.amazonaws.com'] } } }])],
    ['the service-linked role ARN of one service', policy([{ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: 'arn:aws:iam::*:role/aws-service-role/elasticloadbalancing.amazonaws.com/*' }])],
    ['a Deny', policy([{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }])],
    ['wildcard-only IAM actions', policy([{ Effect: 'Allow', Action: ['iam:ListRoles', 'iam:GetAccountSummary'], Resource: '*' }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it.each([
    ['iam:*', { Effect: 'Deny', Action: 'iam:*', Resource: '*' }],
    ['iam:CreateServiceLinkedRole', { Effect: 'Deny', Action: 'iam:CreateServiceLinkedRole', Resource: '*' }],
  ])('does not report a grant that an unconditioned Deny of %s on "*" in the same policy takes back', async (_, deny) => {
    expect(await lintWith(rule, policy([{ Effect: 'Allow', Action: '*', Resource: '*' }, deny]))).toEqual([]);
  });

  it.each([
    ['has a Condition', { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } }],
    ['names only some roles', { Effect: 'Deny', Action: 'iam:*', Resource: 'arn:aws:iam::*:role/aws-service-role/rds.amazonaws.com/*' }],
  ])('keeps the finding when the Deny %s', async (_, deny) => {
    const text = policy([{ Sid: 'AllowAll', Effect: 'Allow', Action: '*', Resource: '*' }, deny]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => f.message)).toEqual([
      'Statement "AllowAll" allows iam:CreateServiceLinkedRole (via *) on "*" without an iam:AWSServiceName condition: the holder can create the service-linked role of any AWS service',
    ]);
  });

  it('points into a CloudFormation template', async () => {
    const text = [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}]}',
      '      Policies:',
      '        - PolicyName: slr',
      '          PolicyDocument:',
      '            Statement:',
      '              - Effect: Allow',
      '                Action: [iam:CreateServiceLinkedRole]',
      '                Resource: "*"',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column])).toEqual([[11, 26]]);
  });
});
