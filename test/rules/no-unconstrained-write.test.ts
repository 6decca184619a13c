import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-unconstrained-write.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

describe('no-unconstrained-write', () => {
  it('is off by default', () => {
    expect(rule.meta.offByDefault).toBe(true);
  });

  it('reports Write actions on "*" at the first one, skipping wildcard-only ones', async () => {
    const text = policy([{ Sid: 'Queue', Effect: 'Allow', Action: ['sqs:CreateQueue', 'sqs:SendMessage', 'logs:CreateLogDelivery'], Resource: '*' }]);
    const findings = await lintWith(rule, text);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'no-unconstrained-write',
        severity: 'info',
        ...positionOf(text, '"sqs:CreateQueue"'),
        path: ['Statement', 0, 'Action', 0],
        message: 'Statement "Queue" allows 2 Write actions on every resource ("*") without a Condition: sqs:CreateQueue, sqs:SendMessage',
        suggestion: 'Scope them by name: sqs:CreateQueue, sqs:SendMessage → arn:${Partition}:sqs:${Region}:${Account}:${QueueName}',
      }),
    ]);
  });

  it.each([
    ['a Deny', policy([{ Effect: 'Deny', Action: 'sqs:*', Resource: '*' }])],
    ['wildcard-only Write actions', policy([{ Effect: 'Allow', Action: ['iam:SetSecurityTokenServicePreferences', 'logs:CreateLogDelivery'], Resource: '*' }])],
    ['a condition', policy([{ Effect: 'Allow', Action: 'ec2:TerminateInstances', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } } }])],
    ['named resources', policy([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:jobs' }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('points into a CloudFormation template', async () => {
    const text = ['Resources:', '  P:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', '        Statement:', '          - Effect: Allow', '            Action: sqs:DeleteQueue', '            Resource: "*"', ''].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column])).toEqual([[8, 21]]);
  });
});
