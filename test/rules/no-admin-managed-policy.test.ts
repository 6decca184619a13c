import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-admin-managed-policy.js';
import { lintWith, planResource, planText, positionOf } from '../helpers/lint.js';

const yaml = (lines: string[]) => `${lines.join('\n')}\n`;

describe('no-admin-managed-policy', () => {
  it('reports AdministratorAccess on a role at the ARN and names the services its other policies use', async () => {
    const text = yaml([
      'Resources:',
      '  DeployRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: codebuild.amazonaws.com}, Action: sts:AssumeRole}]}',
      '      ManagedPolicyArns:',
      '        - arn:aws:iam::aws:policy/AdministratorAccess',
      '      Policies:',
      '        - PolicyName: artifacts',
      '          PolicyDocument:',
      '            Statement:',
      '              - Effect: Allow',
      '                Action: [s3:PutObject, cloudformation:CreateStack]',
      "                Resource: '*'",
    ]);
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    const at = positionOf(text, 'arn:aws:iam::aws:policy/AdministratorAccess');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'no-admin-managed-policy',
      severity: 'error',
      line: at.line,
      column: at.column,
      path: ['Resources', 'DeployRole', 'Properties', 'ManagedPolicyArns', 0],
    });
    expect(findings[0]?.message).toBe('Role "DeployRole" has the AWS managed policy AdministratorAccess attached, which allows every action on every resource');
    expect(findings[0]?.suggestion).toBe(
      'Attach arn:aws:iam::aws:policy/ReadOnlyAccess instead, plus a customer managed policy granting only the writes role "DeployRole" needs (its other policies already use cloudformation, s3)',
    );
  });

  it('suggests an Fn::Sub in a JSON template, where the CDK writes the ARN as an Fn::Join', async () => {
    const text = JSON.stringify(
      { Resources: { Deploy: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [] }, ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AdministratorAccess']] }] } } } },
      null,
      2,
    );
    const findings = await lintWith(rule, text, { filename: 'Stack.template.json' });
    expect(findings.map((f) => f.suggestion)).toEqual([
      'Attach {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess"} instead, plus a customer managed policy granting only the writes role "Deploy" needs',
    ]);
  });

  it('reads ARNs built with ${AWS::Partition} and Fn::Join, on users and groups', async () => {
    const text = yaml([
      'Resources:',
      '  Admins:',
      '    Type: AWS::IAM::Group',
      '    Properties:',
      "      ManagedPolicyArns: [!Sub 'arn:${AWS::Partition}:iam::aws:policy/IAMFullAccess']",
      '  Eve:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      ManagedPolicyArns:',
      '        - !Join ["", ["arn:", !Ref "AWS::Partition", ":iam::aws:policy/PowerUserAccess"]]',
    ]);
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.message, f.suggestion])).toEqual([
      [
        5,
        27,
        'Group "Admins" has the AWS managed policy IAMFullAccess attached, which allows every IAM action, enough to grant itself anything',
        'Attach !Sub "arn:${AWS::Partition}:iam::aws:policy/IAMReadOnlyAccess" instead, plus a customer managed policy granting only the writes group "Admins" needs',
      ],
      [
        10,
        11,
        'User "Eve" has the AWS managed policy PowerUserAccess attached, which allows every action except IAM, Organizations and Account management',
        'Attach !Sub "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess" instead, plus a customer managed policy granting only the writes user "Eve" needs',
      ],
    ]);
  });

  it.each([
    ['ReadOnlyAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    ['a job-function policy with a longer name', 'arn:aws:iam::aws:policy/AdministratorAccess-Amplify'],
    ['a customer managed policy named AdministratorAccess', 'arn:aws:iam::111122223333:policy/AdministratorAccess'],
  ])('does not report %s', async (_, arn) => {
    const text = yaml(['Resources:', '  Ops:', '    Type: AWS::IAM::Role', '    Properties:', `      ManagedPolicyArns: [${arn}]`]);
    expect(await lintWith(rule, text, { filename: 't.yaml' })).toEqual([]);
  });

  it('keeps the partition a Terraform ARN writes, data source or literal', async () => {
    const text = `data "aws_partition" "current" {}

resource "aws_iam_role" "deploy" {
  name                = "deploy"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "codebuild.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = ["arn:\${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_group" "ops" {
  name = "ops"
}

resource "aws_iam_group_policy_attachment" "ops_iam" {
  group      = aws_iam_group.ops.name
  policy_arn = "arn:aws-us-gov:iam::aws:policy/IAMFullAccess"
}
`;
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    expect(findings.map((f) => [f.line, f.column, f.suggestion])).toEqual([
      [
        ...Object.values(positionOf(text, '"arn:${data.aws_partition')),
        'Attach arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess instead, plus a customer managed policy granting only the writes role "aws_iam_role.deploy" needs',
      ],
      [
        ...Object.values(positionOf(text, '"arn:aws-us-gov')),
        'Attach arn:aws-us-gov:iam::aws:policy/IAMReadOnlyAccess instead, plus a customer managed policy granting only the writes group "aws_iam_group.ops" needs',
      ],
    ]);
  });
  it('reads the AWS managed policy a data "aws_iam_policy" looks up by ARN, or by an administrator policy\'s name', async () => {
    const text = `data "aws_iam_policy" "admin" {
  name = "AdministratorAccess"
}

data "aws_iam_policy" "power" {
  count = 1
  arn   = "arn:aws:iam::aws:policy/PowerUserAccess"
}

data "aws_iam_policy" "mine" {
  name = "team-boundary"
}

resource "aws_iam_user_policy_attachment" "deployer" {
  user       = "deployer"
  policy_arn = data.aws_iam_policy.admin.arn
}

resource "aws_iam_role" "ops" {
  name                = "ops"
  assume_role_policy  = "{}"
  managed_policy_arns = [data.aws_iam_policy.power[0].arn, data.aws_iam_policy.mine.arn]
}
`;
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [...Object.values(positionOf(text, 'data.aws_iam_policy.admin.arn')), 'User "deployer (not declared in this file)" has the AWS managed policy AdministratorAccess attached, which allows every action on every resource'],
      [...Object.values(positionOf(text, 'data.aws_iam_policy.power[0].arn')), 'Role "aws_iam_role.ops" has the AWS managed policy PowerUserAccess attached, which allows every action except IAM, Organizations and Account management'],
    ]);
  });

  it('reads the ARNs a written-out for_each gives policy_arn = each.value, at each one', async () => {
    const text = `resource "aws_iam_role_policy_attachment" "set" {
  for_each   = toset(["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"])
  role       = "ops"
  policy_arn = each.value
}

resource "aws_iam_role_policy_attachment" "map" {
  for_each   = { power = "arn:aws:iam::aws:policy/PowerUserAccess", logs = "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess" }
  role       = "ops"
  policy_arn = each.value
}

resource "aws_iam_role_policy_attachment" "var" {
  for_each   = toset(var.policies)
  role       = "ops"
  policy_arn = each.value
}
`;
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    expect(findings.map((f) => [f.line, f.column, f.message.split(' attached')[0]])).toEqual([
      [...Object.values(positionOf(text, '"arn:aws:iam::aws:policy/AdministratorAccess"')), 'Role "ops (not declared in this file)" has the AWS managed policy AdministratorAccess'],
      [...Object.values(positionOf(text, '"arn:aws:iam::aws:policy/PowerUserAccess"')), 'Role "ops (not declared in this file)" has the AWS managed policy PowerUserAccess'],
    ]);
  });

  it('reports a Terraform attachment to a role or group the file names but does not declare', async () => {
    const text = `resource "aws_iam_role_policy_attachment" "deploy_admin" {
  role       = "existing-deploy-role"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_group_policy_attachments_exclusive" "ops" {
  group_name  = "ops"
  policy_arns = ["arn:aws:iam::aws:policy/PowerUserAccess"]
}
`;
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [...Object.values(positionOf(text, '"arn:aws:iam::aws:policy/AdministratorAccess"')), 'Role "existing-deploy-role (not declared in this file)" has the AWS managed policy AdministratorAccess attached, which allows every action on every resource'],
      [...Object.values(positionOf(text, '"arn:aws:iam::aws:policy/PowerUserAccess"')), expect.stringMatching(/^Group "ops \(not declared in this file\)" has the AWS managed policy PowerUserAccess attached/)],
    ]);
  });

  it('reads ARNs a locals block of the file writes, at the local.x the attachment names', async () => {
    const text = `locals {
  admin_arn   = "arn:aws:iam::aws:policy/AdministratorAccess"
  break_glass = local.admin_arn
  ops_policies = [
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/PowerUserAccess",
  ]
  by_name = { power = "arn:aws:iam::aws:policy/PowerUserAccess" }
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = "break-glass"
  policy_arn = local.break_glass
}

resource "aws_iam_role_policy_attachment" "ops" {
  for_each   = toset(local.ops_policies)
  role       = "ops"
  policy_arn = each.value
}

resource "aws_iam_role_policy_attachment" "named" {
  for_each   = local.by_name
  role       = "named"
  policy_arn = each.value
}

resource "aws_iam_group_policy_attachments_exclusive" "team" {
  group_name  = "team"
  policy_arns = concat(local.ops_policies, [local.admin_arn])
}
`;
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    const at = (needle: string, after?: string) => Object.values(positionOf(text, needle, after));
    expect(findings.map((f) => [f.line, f.column, f.message.split(' attached')[0]])).toEqual([
      [...at('local.break_glass', 'policy_arn'), 'Role "break-glass (not declared in this file)" has the AWS managed policy AdministratorAccess'],
      [...at('local.ops_policies', 'toset('), 'Role "ops (not declared in this file)" has the AWS managed policy PowerUserAccess'],
      [...at('local.by_name', 'for_each'), 'Role "named (not declared in this file)" has the AWS managed policy PowerUserAccess'],
      [...at('local.ops_policies', 'concat('), 'Group "team (not declared in this file)" has the AWS managed policy PowerUserAccess'],
      [...at('local.admin_arn', 'concat('), 'Group "team (not declared in this file)" has the AWS managed policy AdministratorAccess'],
    ]);
  });

  describe('IAM Identity Center permission sets', () => {
    it('reads ManagedPolicies of an AWS::SSO::PermissionSet and suggests an inline policy for the writes', async () => {
      const text = yaml([
        'Resources:',
        '  Developer:',
        '    Type: AWS::SSO::PermissionSet',
        '    Properties:',
        '      InstanceArn: arn:aws:sso:::instance/ssoins-1234567890abcdef',
        '      Name: Developer',
        '      ManagedPolicies:',
        '        - arn:aws:iam::aws:policy/ReadOnlyAccess',
        '        - !Sub arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess',
        '      InlinePolicy:',
        '        Statement:',
        '          - {Effect: Allow, Action: s3:PutObject, Resource: arn:aws:s3:::dev-artifacts/*}',
      ]);
      const findings = await lintWith(rule, text, { filename: 'sso.yaml' });
      const at = positionOf(text, '!Sub arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess');
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: 'no-admin-managed-policy', line: at.line, column: at.column, path: ['Resources', 'Developer', 'Properties', 'ManagedPolicies', 1] });
      expect(findings[0]?.message).toBe('Permission set "Developer" has the AWS managed policy PowerUserAccess attached, which allows every action except IAM, Organizations and Account management');
      expect(findings[0]?.suggestion).toBe(
        'Attach !Sub "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess" instead, plus an inline policy granting only the writes permission set "Developer" needs (its other policies already use s3)',
      );
    });

    it('reads aws_ssoadmin_managed_policy_attachment, by reference or by a literal ARN, in .tf and .tf.json, and aws_iam_policy_attachment in .tf.json', async () => {
      const text = `resource "aws_ssoadmin_permission_set" "admin" {
  name         = "Admin"
  instance_arn = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
}

resource "aws_ssoadmin_managed_policy_attachment" "admin" {
  instance_arn       = aws_ssoadmin_permission_set.admin.instance_arn
  managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
  permission_set_arn = aws_ssoadmin_permission_set.admin.arn
}

resource "aws_ssoadmin_managed_policy_attachment" "existing" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
  managed_policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef"
}
`;
      const findings = await lintWith(rule, text, { filename: 'sso.tf' });
      expect(findings.map((f) => [f.line, f.column, f.message.split(' attached')[0]])).toEqual([
        [...Object.values(positionOf(text, '"arn:aws:iam::aws:policy/AdministratorAccess"')), 'Permission set "aws_ssoadmin_permission_set.admin" has the AWS managed policy AdministratorAccess'],
        [
          ...Object.values(positionOf(text, '"arn:aws:iam::aws:policy/IAMFullAccess"')),
          'Permission set "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef (not declared in this file)" has the AWS managed policy IAMFullAccess',
        ],
      ]);
      const json = JSON.stringify(
        {
          resource: {
            aws_ssoadmin_permission_set: { admin: { name: 'Admin', instance_arn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef' } },
            aws_ssoadmin_managed_policy_attachment: {
              admin: { instance_arn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef', managed_policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess', permission_set_arn: '${aws_ssoadmin_permission_set.admin.arn}' },
            },
            aws_iam_role: { deploy: { name: 'deploy', assume_role_policy: '{"Statement":[]}' } },
            aws_iam_policy_attachment: { power: { name: 'power', roles: ['${aws_iam_role.deploy.name}'], groups: ['ops'], policy_arn: 'arn:aws:iam::aws:policy/PowerUserAccess' } },
          },
        },
        null,
        2,
      );
      const fromJson = await lintWith(rule, json, { filename: 'cdk.tf.json' });
      const power = Object.values(positionOf(json, '"arn:aws:iam::aws:policy/PowerUserAccess"'));
      expect(fromJson.map((f) => [f.line, f.column, f.message.split(' attached')[0]])).toEqual([
        [...Object.values(positionOf(json, '"arn:aws:iam::aws:policy/AdministratorAccess"')), 'Permission set "aws_ssoadmin_permission_set.admin" has the AWS managed policy AdministratorAccess'],
        [...power, 'Role "aws_iam_role.deploy" has the AWS managed policy PowerUserAccess'],
        [...power, 'Group "ops (not declared in this file)" has the AWS managed policy PowerUserAccess'],
      ]);
    });

    it('reads a plan, where the attachment names the permission set by its ARN', async () => {
      const psArn = 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef';
      const text = planText([
        planResource('aws_ssoadmin_permission_set', 'admin', { name: 'Admin', arn: psArn }),
        planResource('aws_ssoadmin_managed_policy_attachment', 'admin', { managed_policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess', permission_set_arn: psArn }),
      ]);
      const findings = await lintWith(rule, text, { filename: 'plan.json' });
      expect(findings.map((f) => [f.line, f.column, f.message.split(' attached')[0]])).toEqual([
        [...Object.values(positionOf(text, '"arn:aws:iam::aws:policy/AdministratorAccess"')), 'Permission set "aws_ssoadmin_permission_set.admin" has the AWS managed policy AdministratorAccess'],
      ]);
    });
  });
});
