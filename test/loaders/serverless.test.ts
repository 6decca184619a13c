/**
 * Serverless Framework services (serverless.yml): the statements of the role the framework creates,
 * per-function roles, managed policies by ARN, and the CloudFormation under `resources`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import noAdminManagedPolicy from '../../rules/no-admin-managed-policy.js';
import noInlinePolicy from '../../rules/no-inline-policy.js';
import resourceMismatch from '../../rules/resource-mismatch.js';
import { lintWith } from '../helpers/lint.js';
import { loadText, policyAt, positionIn } from './load.js';

const SERVICE = readFileSync(new URL('../../fixtures/templates/serverless/serverless.yml', import.meta.url), 'utf8');

describe('Serverless Framework', () => {
  it('reads the role statements, per-function statements and the CloudFormation resources, values at their places', async () => {
    const { result, at } = await loadText(SERVICE, 'serverless.yml');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.name, p.location, p.kind])).toEqual([
      ['IamRoleLambdaExecution', 'provider.iam.role.statements', 'identity'],
      ['notify function role', 'functions.notify.iamRoleStatements', 'identity'],
      ['TopicPolicy', 'resources.Resources.TopicPolicy.Properties.PolicyDocument', 'resource'],
    ]);
    const [tables, objects] = policyAt(result, 'provider.iam.role.statements').statements;
    expect(at(tables!.action!.values[1]!)).toEqual(positionIn(SERVICE, 'dynamodb:PutItem'));
    // !GetAtt of a resource the service declares takes that resource's ARN shape.
    expect(tables!.resource!.values[0]!.value).toMatch(/^arn:\$\{AWS::Partition\}:dynamodb:/);
    expect(objects!.resource!.values[0]!.value).toBe('arn:aws:s3:::${self:custom.bucket}/*');
  });

  it('reports an AWS managed admin policy the role attaches, and no resource mismatch on the GetAtt table', async () => {
    const admin = await lintWith(noAdminManagedPolicy, SERVICE, { filename: 'serverless.yml' });
    expect(admin.map((f) => [f.line, f.column, f.message.split(' has ')[0]])).toEqual([
      [positionIn(SERVICE, 'arn:aws:iam::aws:policy/AdministratorAccess').line, positionIn(SERVICE, 'arn:aws:iam::aws:policy/AdministratorAccess').column, 'Role "IamRoleLambdaExecution"'],
    ]);
    expect(await lintWith(resourceMismatch, SERVICE, { filename: 'serverless.yml' })).toEqual([]);
    // The framework writes the statements into its role: its idiom, not an inline policy to move.
    expect(await lintWith(noInlinePolicy, SERVICE, { filename: 'serverless.yml' })).toEqual([]);
  });

  it('leaves out statements included from other files, reads #{AWS::AccountId} as a placeholder, and merges resources and functions given as lists', async () => {
    const text = [
      'service: notes',
      'provider:',
      '  name: aws',
      '  iam:',
      '    role:',
      '      name: notes-role',
      '      statements:',
      '        - ${file(../common.yml):xrayPolicy}',
      '        - Effect: Allow',
      '          Action: dynamodb:PutItem',
      '          Resource: "arn:aws:dynamodb:#{AWS::Region}:#{AWS::AccountId}:table/notes"',
      'functions:',
      '  - ${file(functions.yml)}',
      '  - list:',
      '      handler: list.main',
      '      iamRoleStatements:',
      '        - Effect: Allow',
      '          Action: dynamodb:Query',
      '          Resource: "*"',
      'resources:',
      '  - ${file(resources/table.yml)}',
      '  - Resources:',
      '      Queue:',
      '        Type: AWS::SQS::Queue',
      '      QueuePolicy:',
      '        Type: AWS::SQS::QueuePolicy',
      '        Properties:',
      '          Queues: [!Ref Queue]',
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement: [{Effect: Allow, Principal: "*", Action: sqs:SendMessage, Resource: "*"}]',
      '',
    ].join('\n');
    const { result } = await loadText(text, 'serverless.yml');
    expect(result.policies.map((p) => [p.name, p.location, p.statements.length, p.problems.length])).toEqual([
      ['notes-role', 'provider.iam.role.statements', 1, 0],
      ['list function role', 'functions.list.iamRoleStatements', 1, 0],
      ['QueuePolicy', 'resources.Resources.QueuePolicy.Properties.PolicyDocument', 1, 0],
    ]);
    expect(policyAt(result, 'provider.iam.role.statements').statements[0]!.resource!.values[0]!.value).toBe('arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/notes');
    expect(await lintWith(resourceMismatch, text, { filename: 'serverless.yml' })).toEqual([]);
  });

  it('recognises a service whose provider is included from another file by its resources', async () => {
    const text = 'service: app\nprovider: ${file(config/provider.yml):provider}\nresources:\n  Resources:\n    Role:\n      Type: AWS::IAM::Role\n      Properties:\n        AssumeRolePolicyDocument:\n          Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]\n';
    const { result } = await loadText(text, 'serverless.yml');
    expect(result.policies.map((p) => p.location)).toEqual(['resources.Resources.Role.Properties.AssumeRolePolicyDocument']);
  });

  it("reads v4's per-function iam.role statements and managed policies", async () => {
    const text = 'service: app\nprovider:\n  name: aws\nfunctions:\n  func1:\n    handler: h.f\n    iam:\n      role:\n        statements:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::data/*\n        managedPolicies:\n          - arn:aws:iam::aws:policy/AdministratorAccess\n';
    const { result, at } = await loadText(text, 'serverless.yml');
    const st = policyAt(result, 'functions.func1.iam.role.statements').statements[0]!;
    expect(at(st.action!.values[0]!)).toEqual(positionIn(text, 's3:GetObject'));
    const role = result.principals.find((p) => p.name === 'func1 function role')!;
    expect(role.managedPolicyArns.map((m) => m.value)).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
  });

  it('does not take a Helm values file with service and provider.name aws for a service', async () => {
    const text = 'provider:\n  name: aws\nservice:\n  type: ClusterIP\n  port: 7979\nresources:\n  limits: {cpu: 100m}\n';
    const { result } = await loadText(text, 'values.yaml');
    expect(result.skipped).toBe('no IAM policy or CloudFormation template found');
  });

  it('reads the older provider.iamRoleStatements', async () => {
    const text = 'service: legacy\nprovider:\n  name: aws\n  iamRoleStatements:\n    - Effect: Allow\n      Action: s3:ListBucket\n      Resource: arn:aws:s3:::legacy\n';
    const { result, at } = await loadText(text, 'serverless.yml');
    const st = policyAt(result, 'provider.iamRoleStatements').statements[0]!;
    expect(at(st.action!.values[0]!)).toEqual(positionIn(text, 's3:ListBucket'));
  });
});
