/**
 * A customer managed policy used only as a permissions boundary in a template, a Terraform file or
 * a plan is linted as a boundary and is not one of the policies of the principals it bounds, as in
 * an account snapshot; one also attached normally stays an identity policy.
 */
import { describe, expect, it } from 'vitest';
import noPrivilegeEscalation from '../../rules/no-privilege-escalation.js';
import type { LoadResult } from '../../src/loaders/index.js';
import { lintWith } from '../helpers/lint.js';
import { loadText } from './load.js';

/** Reported as a boundary only: each finding says a boundary grants nothing itself; none counts it as a policy of a principal. */
function expectOnlyAsBoundary(findings: readonly { message: string }[]): void {
  expect(findings.length).toBeGreaterThan(0);
  for (const f of findings) expect(f.message).toMatch(/privilege.escalation.* \(a permissions boundary grants nothing itself: this leaves it uncapped for the identities it bounds\)$/);
}

const kinds = (result: LoadResult) => result.policies.map((p) => [p.location, p.kind]);
const policiesOf = (result: LoadResult, name: string) => {
  const p = result.principals.find((x) => x.name === name);
  if (!p) throw new Error(`no principal ${name}`);
  return p.policies.map((x) => x.location);
};

describe('Terraform source', () => {
  const boundary = `resource "aws_iam_policy" "boundary" {
  name   = "developer-boundary"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" },
      { Effect = "Deny", Action = ["iam:DeleteRolePermissionsBoundary", "iam:CreateUser"], Resource = "*" }
    ]
  })
}
`;
  const role = `
resource "aws_iam_role" "app" {
  name                 = "app"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  permissions_boundary = aws_iam_policy.boundary.arn
}
`;
  const sso = `
resource "aws_ssoadmin_permissions_boundary_attachment" "dev" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.dev.arn
  permissions_boundary {
    customer_managed_policy_reference {
      name = aws_iam_policy.boundary.name
      path = "/"
    }
  }
}
`;

  it('a policy used as the boundary of a role and of a permission set (the hunt repro) is a boundary', async () => {
    const text = boundary + sso + role;
    const { result } = await loadText(text, 'main.tf');
    expect(kinds(result)).toEqual([['aws_iam_policy.boundary.policy', 'boundary'], ['aws_iam_role.app.assume_role_policy', 'trust']]);
    expect(policiesOf(result, 'aws_iam_role.app')).toEqual(['aws_iam_role.app.assume_role_policy']);
    expectOnlyAsBoundary(await lintWith(noPrivilegeEscalation, text, { filename: 'main.tf' }));
  });

  it('by a literal name or ARN, from a policy document, and beside a condition that names it', async () => {
    const text = `data "aws_iam_policy_document" "ceiling" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "boundary" {
  name   = "developer-boundary"
  policy = data.aws_iam_policy_document.ceiling.json
}
resource "aws_iam_user" "dev" {
  name                 = "dev"
  permissions_boundary = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:policy/developer-boundary"
}
resource "aws_ssoadmin_permissions_boundary_attachment" "dev" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.dev.arn
  permissions_boundary {
    customer_managed_policy_reference {
      name = "developer-boundary"
    }
  }
}
resource "aws_iam_role_policy" "delegate" {
  role = "delegated-admin"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:CreateRole", Resource = "*", Condition = { StringEquals = { "iam:PermissionsBoundary" = aws_iam_policy.boundary.arn } } }] })
}
`;
    const { result } = await loadText(text, 'main.tf');
    expect(kinds(result)).toEqual([['aws_iam_role_policy.delegate.policy', 'identity'], ['data.aws_iam_policy_document.ceiling', 'boundary']]);
    expect(policiesOf(result, 'aws_iam_user.dev')).toEqual([]);
  });

  it('a policy only an iam:PermissionsBoundary condition names (delegated administration) is a boundary', async () => {
    const text = `${boundary}
resource "aws_iam_policy" "delegated_admin" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:CreateRole", "iam:AttachRolePolicy"], Resource = "*",
    Condition = { StringEquals = { "iam:PermissionsBoundary" = aws_iam_policy.boundary.arn } } }] })
}
`;
    const { result } = await loadText(text, 'main.tf');
    expect(kinds(result)).toEqual([['aws_iam_policy.boundary.policy', 'boundary'], ['aws_iam_policy.delegated_admin.policy', 'identity']]);
    expectOnlyAsBoundary(await lintWith(noPrivilegeEscalation, text, { filename: 'main.tf' }));
  });

  it('a policy referenced near that condition but not as its value stays an identity policy (iam:PolicyARN, a resources list after the boundary actions)', async () => {
    const app = `resource "aws_iam_policy" "app" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "ec2:RunInstances"], Resource = "*" }] })
}
`;
    const byKey = `${boundary}${app}
resource "aws_iam_policy" "delegated_admin" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:CreateRole", "iam:AttachRolePolicy"], Resource = "*",
    Condition = { StringEquals = { "iam:PermissionsBoundary" = aws_iam_policy.boundary.arn }, ArnEquals = { "iam:PolicyARN" = aws_iam_policy.app.arn } } }] })
}
`;
    expect(kinds((await loadText(byKey, 'main.tf')).result)).toEqual([['aws_iam_policy.boundary.policy', 'boundary'], ['aws_iam_policy.app.policy', 'identity'], ['aws_iam_policy.delegated_admin.policy', 'identity']]);
    const byAction = `${app}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["iam:CreateRole", "iam:PutRolePermissionsBoundary"]
    resources = [aws_iam_policy.app.arn]
  }
}
`;
    expect(kinds((await loadText(byAction, 'main.tf')).result)).toEqual([['aws_iam_policy.app.policy', 'identity'], ['data.aws_iam_policy_document.d', 'identity']]);
  });

  it('a boundary passed to a module is a boundary; a policy a module attaches is not', async () => {
    const call = (argument: string) => `${boundary}
module "role" {
  source = "./role"
  ${argument}
}
`;
    expect(kinds((await loadText(call('permissions_boundary = aws_iam_policy.boundary.arn'), 'main.tf')).result)).toEqual([['aws_iam_policy.boundary.policy', 'boundary']]);
    expect(kinds((await loadText(call('policy_arns = [aws_iam_policy.boundary.arn]'), 'main.tf')).result)).toEqual([['aws_iam_policy.boundary.policy', 'identity']]);
  });

  it('a policy also attached, or used nowhere, stays an identity policy', async () => {
    const attached = `${boundary}${role}
resource "aws_iam_role_policy_attachment" "app" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.boundary.arn
}
`;
    const { result } = await loadText(attached, 'main.tf');
    expect(kinds(result)).toEqual([['aws_iam_policy.boundary.policy', 'identity'], ['aws_iam_role.app.assume_role_policy', 'trust']]);
    expect(policiesOf(result, 'aws_iam_role.app')).toEqual(['aws_iam_policy.boundary.policy', 'aws_iam_role.app.assume_role_policy']);
    expect((await lintWith(noPrivilegeEscalation, attached, { filename: 'main.tf' })).length).toBeGreaterThan(0);
    const ssoAttached = `${boundary}${sso}
resource "aws_ssoadmin_customer_managed_policy_attachment" "dev" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.dev.arn
  customer_managed_policy_reference {
    name = aws_iam_policy.boundary.name
  }
}
`;
    expect(kinds((await loadText(ssoAttached, 'main.tf')).result)).toEqual([['aws_iam_policy.boundary.policy', 'identity']]);
    expect(kinds((await loadText(boundary, 'main.tf')).result)).toEqual([['aws_iam_policy.boundary.policy', 'identity']]);
  });

  it('a policy the file may attach some other way (a for_each map, a local) stays an identity policy', async () => {
    const viaForEach = `${boundary}${role}
resource "aws_iam_role_policy_attachment" "each" {
  for_each   = { ops = aws_iam_policy.boundary.arn }
  role       = "other-role"
  policy_arn = each.value
}
`;
    expect(kinds((await loadText(viaForEach, 'main.tf')).result)).toEqual([['aws_iam_policy.boundary.policy', 'identity'], ['aws_iam_role.app.assume_role_policy', 'trust']]);
  });
});

describe('CloudFormation', () => {
  const template = (extra = '', boundaryProps = '') => `Resources:
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: developer-boundary${boundaryProps}
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: '*'
            Resource: '*'
          - Effect: Deny
            Action: [iam:DeleteRolePermissionsBoundary, iam:CreateUser]
            Resource: '*'
  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      PermissionsBoundary: !Ref Boundary
  Dev:
    Type: AWS::IAM::User
    Properties:
      PermissionsBoundary: !GetAtt Boundary.PolicyArn
      Policies:
        - PolicyName: delegate
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: iam:CreateRole
                Resource: '*'
                Condition:
                  StringEquals:
                    iam:PermissionsBoundary: !Ref Boundary
  PermissionSet:
    Type: AWS::SSO::PermissionSet
    Properties:
      InstanceArn: arn:aws:sso:::instance/ssoins-1234567890abcdef
      Name: Developer
      PermissionsBoundary:
        CustomerManagedPolicyReference:
          Name: developer-boundary
          Path: /
${extra}`;

  it('a managed policy used as the boundary of a role, a user and a permission set is a boundary', async () => {
    const text = template();
    const { result } = await loadText(text, 't.yaml');
    expect(kinds(result)).toEqual([
      ['Resources.Boundary.Properties.PolicyDocument', 'boundary'],
      ['Resources.App.Properties.AssumeRolePolicyDocument', 'trust'],
      ['Resources.Dev.Properties.Policies[0].PolicyDocument', 'identity'],
    ]);
    expect(policiesOf(result, 'App')).toEqual(['Resources.App.Properties.AssumeRolePolicyDocument']);
    expect(policiesOf(result, 'Dev')).toEqual(['Resources.Dev.Properties.Policies[0].PolicyDocument']);
    expectOnlyAsBoundary(await lintWith(noPrivilegeEscalation, text, { filename: 't.yaml' }));
  });

  it("a policy only an iam:PermissionsBoundary condition requires is a boundary, also by the name its Fn::Sub writes (the CDK bootstrap template's)", async () => {
    const text = `Resources:
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: !Sub cdk-\${Qualifier}-permissions-boundary-\${AWS::AccountId}-\${AWS::Region}
      PolicyDocument:
        Statement:
          - Sid: ExplicitAllowAll
            Effect: Allow
            Action: "*"
            Resource: "*"
          - Sid: DenyPermBoundaryIAMPolicyAlteration
            Effect: Deny
            Action: [iam:DeletePolicy, iam:CreatePolicyVersion]
            Resource: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/cdk-\${Qualifier}-permissions-boundary-\${AWS::AccountId}-\${AWS::Region}
  DelegatedAdmin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [iam:CreateRole, iam:AttachRolePolicy]
            Resource: "*"
            Condition:
              StringEquals:
                iam:PermissionsBoundary: !Ref Boundary
`;
    const { result } = await loadText(text, 't.yaml');
    expect(kinds(result)).toEqual([['Resources.Boundary.Properties.PolicyDocument', 'boundary'], ['Resources.DelegatedAdmin.Properties.PolicyDocument', 'identity']]);
    const bySub = text.replace('iam:PermissionsBoundary: !Ref Boundary', 'iam:PermissionsBoundary: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/cdk-\${Qualifier}-permissions-boundary-\${AWS::AccountId}-\${AWS::Region}');
    expect(kinds((await loadText(bySub, 't.yaml')).result)).toEqual([['Resources.Boundary.Properties.PolicyDocument', 'boundary'], ['Resources.DelegatedAdmin.Properties.PolicyDocument', 'identity']]);
  });

  it('a boundary named only by a permission set (JSON template, by name) is a boundary', async () => {
    const text = JSON.stringify({
      Resources: {
        Boundary: { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: 'developer-boundary', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } },
        PermissionSet: {
          Type: 'AWS::SSO::PermissionSet',
          Properties: { InstanceArn: 'arn:aws:sso:::instance/ssoins-1', Name: 'Dev', PermissionsBoundary: { CustomerManagedPolicyReference: { Name: 'developer-boundary' } } },
        },
      },
    }, null, 2);
    expect(kinds((await loadText(text, 't.json')).result)).toEqual([['Resources.Boundary.Properties.PolicyDocument', 'boundary']]);
  });

  it('a managed policy also attached stays an identity policy', async () => {
    const byArns = template(`  Other:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] }
      ManagedPolicyArns: [!Ref Boundary]
`);
    const { result } = await loadText(byArns, 't.yaml');
    expect(result.policies[0]?.kind).toBe('identity');
    expect(policiesOf(result, 'Other')).toContain('Resources.Boundary.Properties.PolicyDocument');
    expect((await lintWith(noPrivilegeEscalation, byArns, { filename: 't.yaml' })).length).toBeGreaterThan(0);
    const byOwnRoles = template('', '\n      Roles: [!Ref App]');
    expect((await loadText(byOwnRoles, 't.yaml')).result.policies[0]?.kind).toBe('identity');
    const bySso = template(`  Other:
    Type: AWS::SSO::PermissionSet
    Properties:
      InstanceArn: arn:aws:sso:::instance/ssoins-1234567890abcdef
      Name: Other
      CustomerManagedPolicyReferences:
        - Name: developer-boundary
`);
    expect((await loadText(bySso, 't.yaml')).result.policies[0]?.kind).toBe('identity');
  });
});

describe('Terraform plan and state', () => {
  const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  const arn = 'arn:aws:iam::123456789012:policy/developer-boundary';
  const resource = (type: string, name: string, values: Record<string, unknown>) => ({ address: `${type}.${name}`, mode: 'managed', type, name, values });
  const state = (...resources: unknown[]) => JSON.stringify({ format_version: '1.0', values: { root_module: { resources } } }, null, 2);
  const policy = resource('aws_iam_policy', 'boundary', { name: 'developer-boundary', path: '/', arn, policy: doc });
  const role = resource('aws_iam_role', 'app', { name: 'app', permissions_boundary: arn });

  it('a state whose policy is a role\'s boundary (by ARN) and a permission set\'s (by name) lints it as a boundary', async () => {
    const sso = resource('aws_ssoadmin_permissions_boundary_attachment', 'dev', { permissions_boundary: [{ managed_policy_arn: null, customer_managed_policy_reference: [{ name: 'developer-boundary', path: '/' }] }] });
    const text = state(policy, role, sso);
    const { result } = await loadText(text, 'state.json');
    expect(kinds(result)).toEqual([['aws_iam_policy.boundary.policy', 'boundary']]);
    expect(policiesOf(result, 'aws_iam_role.app')).toEqual([]);
    expectOnlyAsBoundary(await lintWith(noPrivilegeEscalation, text, { filename: 'state.json' }));
  });

  it('a plan names the boundary by reference when its ARN is unknown, also for a policy document', async () => {
    const text = JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: [
        { address: 'data.aws_iam_policy_document.ceiling', mode: 'data', type: 'aws_iam_policy_document', name: 'ceiling', values: { statement: [{ effect: 'Allow', actions: ['*'], resources: ['*'] }] } },
        resource('aws_iam_policy', 'boundary', { name: 'developer-boundary', path: '/' }),
        resource('aws_iam_role', 'app', { name: 'app' }),
      ] } },
      configuration: { root_module: { resources: [
        { address: 'aws_iam_policy.boundary', expressions: { policy: { references: ['data.aws_iam_policy_document.ceiling.json', 'data.aws_iam_policy_document.ceiling'] } } },
        { address: 'aws_iam_role.app', expressions: { permissions_boundary: { references: ['aws_iam_policy.boundary.arn', 'aws_iam_policy.boundary'] } } },
      ] } },
    }, null, 2);
    const { result } = await loadText(text, 'plan.json');
    expect(kinds(result)).toEqual([['data.aws_iam_policy_document.ceiling.statement', 'boundary']]);
    expect(policiesOf(result, 'aws_iam_role.app')).toEqual([]);
  });

  it('a reference that does not say which instance attaches every instance it may be (count.index)', async () => {
    const text = JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: [
        { ...resource('aws_iam_policy', 'p', { name: 'p0', path: '/', policy: doc }), address: 'aws_iam_policy.p[0]', index: 0 },
        { ...resource('aws_iam_policy', 'p', { name: 'p1', path: '/', policy: doc }), address: 'aws_iam_policy.p[1]', index: 1 },
        resource('aws_iam_role', 'app', { name: 'app' }),
        resource('aws_iam_role_policy_attachment', 'a', { role: 'other' }),
      ] } },
      configuration: { root_module: { resources: [
        { address: 'aws_iam_role.app', expressions: { permissions_boundary: { references: ['aws_iam_policy.p[0].arn', 'aws_iam_policy.p[0]', 'aws_iam_policy.p'] } } },
        { address: 'aws_iam_role_policy_attachment.a', expressions: { policy_arn: { references: ['aws_iam_policy.p', 'count.index'] } } },
      ] } },
    }, null, 2);
    const { result } = await loadText(text, 'plan.json');
    expect(kinds(result).filter(([l]) => String(l).startsWith('aws_iam_policy'))).toEqual([['aws_iam_policy.p[0].policy', 'identity'], ['aws_iam_policy.p[1].policy', 'identity']]);
  });

  it('a policy also attached stays an identity policy', async () => {
    const attachment = resource('aws_iam_role_policy_attachment', 'app', { role: 'app', policy_arn: arn });
    const { result } = await loadText(state(policy, role, attachment), 'state.json');
    expect(kinds(result)).toEqual([['aws_iam_policy.boundary.policy', 'identity']]);
    expect(policiesOf(result, 'aws_iam_role.app')).toEqual(['aws_iam_policy.boundary.policy']);
  });
});
