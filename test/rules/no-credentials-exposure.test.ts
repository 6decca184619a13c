import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-credentials-exposure.js';
import { findAction } from '../../src/iam/actions.js';
import { CREDENTIAL_ACTIONS } from '../../src/security/credential-actions.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

describe('no-credentials-exposure', () => {
  it.each(CREDENTIAL_ACTIONS.map((e) => [e.action, e]))('table entry %s is in the IAM data, takes resource ARNs and has a source', (_, e) => {
    const [service, name] = e.action.split(':') as [string, string];
    const action = findAction(service, name);
    expect(action?.wildcardOnly).toBe(false);
    expect(e.source).toMatch(/^https:\/\//);
  });

  it('reports credential actions on "*" at the first one, with their ARN formats', async () => {
    const text = policy([{ Sid: 'Db', Effect: 'Allow', Action: ['rds:DescribeDBInstances', 'rds-db:connect', 'sts:AssumeRole'], Resource: '*' }]);
    const findings = await lintWith(rule, text);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'no-credentials-exposure',
        severity: 'warning',
        ...positionOf(text, '"rds-db:connect"'),
        path: ['Statement', 0, 'Action', 1],
        message: 'Statement "Db" allows rds-db:connect, sts:AssumeRole on every resource ("*") without a Condition: these return credentials',
        suggestion:
          'Name the resources whose credentials are needed: rds-db:connect → arn:${Partition}:rds-db:${Region}:${Account}:dbuser:${DbiResourceId}/${DbUserName}; sts:AssumeRole → arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}',
      }),
    ]);
  });

  it('reports the Windows password and the API keys and tokens of Cloudsplaining\'s list', async () => {
    const actions = ['ec2:GetPasswordData', 'lightsail:CreateBucketAccessKey', 'grafana:CreateWorkspaceApiKey', 'airflow:CreateCliToken', 'gamelift:GetComputeAuthToken'];
    const [f, ...rest] = await lintWith(rule, policy([{ Effect: 'Allow', Action: actions, Resource: '*' }]));
    expect(rest).toEqual([]);
    expect(f?.message).toBe(`Statement #1 allows ${actions.join(', ')} on every resource ("*") without a Condition: these return credentials`);
    expect(f?.suggestion).toContain('ec2:GetPasswordData → arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}');
  });

  it('counts actions granted through patterns', async () => {
    const [f] = await lintWith(rule, policy([{ Effect: 'Allow', Action: 'redshift:Get*', Resource: '*' }]));
    expect(f?.message).toContain('redshift:Get* (2 actions: redshift:GetClusterCredentials, redshift:GetClusterCredentialsWithIAM)');
  });

  it('counts what a NotAction leaves in, at the NotAction key', async () => {
    const text = policy([{ Effect: 'Allow', NotAction: ['iam:*', 'sts:*'], Resource: '*' }]);
    const [f, ...rest] = await lintWith(rule, text);
    expect(rest).toEqual([]);
    expect(f).toMatchObject(positionOf(text, '"NotAction"'));
    expect(f?.message).toMatch(/^Statement #1 allows \d+ actions that NotAction leaves in \(airflow:CreateCliToken, airflow:CreateWebLoginToken, appstream:CreateStreamingURL and \d+ more\)/);
    expect(f?.message).not.toContain('iam:CreateAccessKey');
  });

  it.each([
    ['a Deny', policy([{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }])],
    ['wildcard-only credential actions', policy([{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'sts:GetSessionToken', 'cognito-identity:GetCredentialsForIdentity'], Resource: '*' }])],
    ['a condition', policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceAccount': '123456789012' } } }])],
    ['named resources', policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::123456789012:role/deployer' }])],
    ['a resource policy', policy([{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'iam:CreateAccessKey', Resource: '*' }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('points into a CloudFormation template', async () => {
    const text = ['Resources:', '  P:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', '        Statement:', '          - Effect: Allow', '            Action: [iam:CreateAccessKey]', '            Resource: "*"', ''].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column])).toEqual([[8, 22]]);
  });
});
