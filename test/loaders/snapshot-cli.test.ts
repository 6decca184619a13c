/** Saved output of the single-resource AWS CLI commands (get-role-policy and twins, get-role, list-roles, get-policy-version). */
import { describe, expect, it } from 'vitest';
import noInlinePolicy from '../../rules/no-inline-policy.js';
import noPrivilegeEscalation from '../../rules/no-privilege-escalation.js';
import unknownAction from '../../rules/unknown-action.js';
import { lintWith } from '../helpers/lint.js';
import { loadText, positionIn } from './load.js';

const doc = (actions: string[]) => ({ Version: '2012-10-17', Statement: [{ Sid: 'Deploy', Effect: 'Allow', Action: actions, Resource: '*' }] });
const trust = (principal: Record<string, string>) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
const json = (value: unknown) => `${JSON.stringify(value, null, 4)}\n`;

describe('aws iam get-role-policy / get-user-policy / get-group-policy', () => {
  it.each([
    ['RoleName', 'role', 'AWS::IAM::Role'],
    ['UserName', 'user', 'AWS::IAM::User'],
    ['GroupName', 'group', 'AWS::IAM::Group'],
  ])('reads %s output as the inline identity policy of that %s', async (key, type, resourceType) => {
    const text = json({ [key]: 'ci', PolicyName: 'deploy', PolicyDocument: doc(['s3:PutObject']) });
    const { result, at } = await loadText(text, 'get-policy.json');
    expect(result.skipped).toBeUndefined();
    expect(result.policies.map((p) => [p.name, p.location, p.kind, p.attachment.inline, p.attachment.policyName, p.attachment.resource?.type])).toEqual([
      ['ci policy "deploy"', 'PolicyDocument', 'identity', true, 'deploy', resourceType],
    ]);
    expect(result.principals.map((p) => [p.type, p.name, at(p), p.policies.length])).toEqual([[type, 'ci', positionIn(text, '"ci"'), 1]]);
  });

  it('reports the inline policy at its PolicyName and names the role in cross-policy findings', async () => {
    const text = json({ RoleName: 'iam-role-1', PolicyName: 'test1-role-policy', PolicyDocument: doc(['iam:PassRole', 'ec2:RunInstances', 's3:GetObjekt']) });
    const inline = await lintWith(noInlinePolicy, text, { filename: 'get-role-policy.json' });
    expect(inline.map((f) => [f.line, f.column, f.message])).toEqual([[...Object.values(positionIn(text, '"test1-role-policy"')), 'Role "iam-role-1" has an inline policy "test1-role-policy"']]);
    const unknown = await lintWith(unknownAction, text, { filename: 'get-role-policy.json' });
    expect(unknown.map((f) => [f.line, f.column, f.message.split(' (')[0]])).toEqual([[...Object.values(positionIn(text, '"s3:GetObjekt"')), 'Unknown action "s3:GetObjekt"']]);
    const escalation = await lintWith(noPrivilegeEscalation, text, { filename: 'get-role-policy.json' });
    expect(escalation.map((f) => f.ruleId)).toContain('no-privilege-escalation');
  });

  it.each([
    ['URL-encoded, as the API returns it', (d: unknown) => encodeURIComponent(JSON.stringify(d, null, 4))],
    ['a JSON string', (d: unknown) => JSON.stringify(d)],
    ['form-encoded, a space as "+" (Java\'s URLEncoder)', (d: unknown) => encodeURIComponent(JSON.stringify(d, null, 4)).replaceAll('%20', '+')],
  ])('reads a document given as %s', async (_label, encode) => {
    const text = json({ RoleName: 'iam-role-1', PolicyName: 'p', PolicyDocument: encode(doc(['s3:GetObjekt'])) });
    const { result } = await loadText(text, 'get-role-policy.json');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies[0]!.statements[0]!.action!.values.map((v) => v.value)).toEqual(['s3:GetObjekt']);
    const findings = await lintWith(unknownAction, text, { filename: 'get-role-policy.json' });
    expect(findings).toHaveLength(1);
  });
});

describe('aws iam get-role / list-roles', () => {
  it('reads get-role output as the trust policy of the role, named by its ARN, in the ARN\'s account', async () => {
    const arn = 'arn:aws:iam::743296330440:role/role_for-lambda-to-assume-role';
    const text = json({ Role: { Path: '/', RoleName: 'role_for-lambda-to-assume-role', Arn: arn, AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }), MaxSessionDuration: 3600 } });
    const { result, at } = await loadText(text, 'get-role.json');
    expect(result.policies.map((p) => [p.name, p.location, p.kind, p.attachment.account])).toEqual([[arn, 'Role.AssumeRolePolicyDocument', 'trust', '743296330440']]);
    expect(result.principals.map((p) => [p.type, p.name, at(p)])).toEqual([['role', arn, positionIn(text, `"${arn}"`)]]);
  });

  it('reads every role of list-roles output, URL-encoded documents included', async () => {
    const arn = (name: string) => `arn:aws:iam::019397354664:role/${name}`;
    const text = json({
      Roles: [
        { RoleName: 'codestar', Arn: arn('codestar'), AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust({ Service: 'codestar.amazonaws.com' }))) },
        { RoleName: 'ssm', Arn: arn('ssm'), AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) },
      ],
      IsTruncated: false,
    });
    const { result } = await loadText(text, 'list-roles.json');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.name, p.location, p.kind])).toEqual([
      [arn('codestar'), 'Roles[0].AssumeRolePolicyDocument', 'trust'],
      [arn('ssm'), 'Roles[1].AssumeRolePolicyDocument', 'trust'],
    ]);
    expect(result.policies[0]!.statements[0]!.principal!.entries[0]!.values.map((v) => v.value)).toEqual(['codestar.amazonaws.com']);
  });
});

describe('aws iam get-policy-version', () => {
  it('reads the version\'s document as a managed identity policy named by the file and version', async () => {
    const text = json({ PolicyVersion: { Document: doc(['*']), VersionId: 'v3', IsDefaultVersion: false, CreateDate: '2021-02-16T01:28:35+00:00' } });
    const { result } = await loadText(text, 'cloudgoat/get-policy-version-v3.json');
    expect(result.policies.map((p) => [p.name, p.location, p.kind, p.attachment.inline, p.attachment.resource?.type])).toEqual([
      ['get-policy-version-v3.json version "v3"', 'PolicyVersion.Document', 'identity', false, 'AWS::IAM::ManagedPolicy'],
    ]);
  });
});

describe('other JSON is not taken for CLI output', () => {
  it.each([
    ['an extra key beside an inline policy', { RoleName: 'r', PolicyName: 'p', PolicyDocument: doc(['s3:GetObject']), Description: 'x' }],
    ['two holder names', { RoleName: 'r', UserName: 'u', PolicyName: 'p', PolicyDocument: doc(['s3:GetObject']) }],
    ['a holder name that is not a string', { RoleName: { Ref: 'Role' }, PolicyName: 'p', PolicyDocument: doc(['s3:GetObject']) }],
    ['a PolicyDocument that is a number', { RoleName: 'r', PolicyName: 'p', PolicyDocument: 7 }],
    ['a Role with no ARN', { Role: { RoleName: 'r', AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) } }],
    ['a Role beside other keys', { Role: { RoleName: 'r', Arn: 'arn:aws:iam::111122223333:role/r', AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) }, Stack: 's' }],
    ['Roles that are names', { Roles: ['admin', 'reader'] }],
    ['Roles beside other keys', { Roles: [{ RoleName: 'r', Arn: 'arn:aws:iam::111122223333:role/r' }], Users: [] }],
    ['a PolicyVersion with no VersionId', { PolicyVersion: { Document: doc(['s3:GetObject']) } }],
    ['a PolicyVersion beside other keys', { PolicyVersion: { Document: doc(['s3:GetObject']), VersionId: 'v1' }, Policy: {} }],
  ])('%s is skipped', async (_label, value) => {
    const { result } = await loadText(json(value), 'data.json');
    expect(result.policies).toEqual([]);
    expect(result.skipped).toBe('no IAM policy or CloudFormation template found');
  });

  it('the document alone (as `--query PolicyDocument` saves it) stays a bare policy', async () => {
    const { result } = await loadText(json(doc(['s3:GetObject'])), 'policy.json');
    expect(result.policies.map((p) => [p.name, p.location, p.attachment.inline])).toEqual([['policy.json', '', false]]);
  });
});
