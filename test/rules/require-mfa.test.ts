import { describe, expect, it } from 'vitest';
import rule from '../../rules/require-mfa.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const MFA_BLOCK = '"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}';
// For written-out account roots only, which may be a vendor's: cross-account-trust's advice for them.
const THIRD_PARTY = "; if the account is a third party's, whose users' MFA this account cannot require, add an sts:ExternalId condition instead";

function trust(principal: unknown, extra: Record<string, unknown> = {}): string {
  return policy([{ Sid: 'AssumeAdmin', Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }]);
}

/** A YAML template from lines, so positions can be read off the list. */
function yaml(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

describe('require-mfa: trust policies', () => {
  it.each([
    { name: 'a bare account id', principal: { AWS: '123456789012' }, needle: '"123456789012"', listed: '"123456789012"' },
    { name: 'an account root ARN', principal: { AWS: 'arn:aws:iam::123456789012:root' }, needle: '"arn:aws:iam::123456789012:root"', listed: '"arn:aws:iam::123456789012:root"' },
    { name: 'an IAM user', principal: { AWS: 'arn:aws:iam::123456789012:user/alice' }, needle: '"arn:aws:iam::123456789012:user/alice"', listed: '"arn:aws:iam::123456789012:user/alice"' },
    {
      name: 'a role first, then a user (the finding is at the user)',
      principal: { AWS: ['arn:aws:iam::123456789012:role/ci', 'arn:aws:iam::123456789012:user/bob', '111122223333'] },
      needle: '"arn:aws:iam::123456789012:user/bob"',
      listed: '"arn:aws:iam::123456789012:user/bob", "111122223333"',
    },
    {
      name: 'a GovCloud account root',
      principal: { AWS: 'arn:aws-us-gov:iam::123456789012:root' },
      needle: '"arn:aws-us-gov:iam::123456789012:root"',
      listed: '"arn:aws-us-gov:iam::123456789012:root"',
    },
  ])('reports $name', async ({ principal, needle, listed }) => {
    const text = trust(principal);
    const findings = await lintWith(rule, text);
    const at = positionOf(text, needle);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'require-mfa',
      severity: 'warning',
      line: at.line,
      column: at.column,
      endLine: at.line,
      endColumn: at.column + needle.length,
      policy: { kind: 'trust' },
    });
    expect(findings[0]?.message).toBe(`Statement "AssumeAdmin" lets ${listed} assume the role without MFA`);
    expect(findings[0]?.suggestion).toBe(`Add ${MFA_BLOCK} to the statement${listed.includes('user/') ? '' : THIRD_PARTY}`);
  });

  it('adds the MFA test to a Condition the statement has, into its Bool when there is one', async () => {
    const statement = (Condition: unknown) => ({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole', Condition });
    const advice = async (Condition: unknown) => (await lintWith(rule, policy([statement(Condition)]), { policyType: 'trust' }))[0]?.suggestion;
    expect(await advice({ StringEquals: { 'aws:RequestedRegion': 'us-east-1' } })).toBe(`Add to its Condition: {"Bool": {"aws:MultiFactorAuthPresent": "true"}}${THIRD_PARTY}`);
    expect(await advice({ Bool: { 'aws:SecureTransport': 'true' } })).toBe(`Add "aws:MultiFactorAuthPresent": "true" to its "Bool"${THIRD_PARTY}`);
    expect(await advice({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } })).toBe(`Set its "aws:MultiFactorAuthPresent" to "true"${THIRD_PARTY}`);
    // "true" already: the IfExists is what lets a request without MFA information through.
    expect(await advice({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } })).toBe(
      `Use "Bool" instead of "BoolIfExists": a request without MFA information (long-term access keys) passes an IfExists test${THIRD_PARTY}`,
    );
  });

  it('gives a policy document data source, whose condition blocks never collide, a condition block to add', async () => {
    const text = `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    expect(findings.map((f) => f.suggestion)).toEqual([`Add condition {\n  test     = "Bool"\n  variable = "aws:MultiFactorAuthPresent"\n  values   = ["true"]\n} to the statement${THIRD_PARTY}`]);
  });

  it.each([
    ['"sts:*"', 'sts:*'],
    ['"*"', '*'],
    ['"sts:AssumeRole*"', 'sts:AssumeRole*'],
    ['["sts:AssumeRole", "sts:TagSession"]', ['sts:AssumeRole', 'sts:TagSession']],
  ])('reports an account trusted with Action %s', async (_name, action) => {
    const text = policy([{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: action }]);
    const findings = await lintWith(rule, text, { policyType: 'trust' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'require-mfa', ...positionOf(text, '"123456789012"') });
    expect(findings[0]?.message).toBe('Statement #1 lets "123456789012" assume the role without MFA');
  });

  it('does not report an MFA condition whose operator is a placeholder (Terraform test = var.x), but does with a written-out wrong one', async () => {
    const withOperator = (operator: string) => policy([{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole', Condition: { [operator]: { 'aws:MultiFactorAuthPresent': 'true' } } }]);
    expect(await lintWith(rule, withOperator('${var.mfa_condition_test}'), { policyType: 'trust' })).toEqual([]);
    const written = withOperator('StringEquals');
    expect((await lintWith(rule, written, { policyType: 'trust' })).map((f) => [f.ruleId, f.line, f.column])).toEqual([['require-mfa', positionOf(written, '"123456789012"').line, positionOf(written, '"123456789012"').column]]);
  });

  it('reads the MFA condition whatever the operator\'s case, as IAM does', async () => {
    const text = trust({ AWS: 'arn:aws:iam::123456789012:root' }, { Condition: { bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('reports a condition that does not require MFA (BoolIfExists "true" passes without MFA)', async () => {
    const text = trust({ AWS: 'arn:aws:iam::123456789012:root' }, { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } });
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'require-mfa', ...positionOf(text, '"arn:aws:iam::123456789012:root"') });
  });

  it.each([
    ['Bool "false"', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }],
    ['NumericGreaterThan on the MFA age', { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } }],
    ['a session-name condition only', { StringLike: { 'sts:RoleSessionName': '${aws:username}' } }],
    // An ExternalId test that callers without the ID pass does not make the trust a third party's.
    ['a negated ExternalId test', { StringNotEquals: { 'sts:ExternalId': 'nope' } }],
    ['an ExternalId test with IfExists', { StringEqualsIfExists: { 'sts:ExternalId': 'd8f1c2a7' } }],
    ['an ExternalId that may be anything', { StringLike: { 'sts:ExternalId': '*' } }],
  ])('reports a trust whose condition is %s', async (_name, condition) => {
    const text = trust({ AWS: '123456789012' }, { Condition: condition });
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'require-mfa', ...positionOf(text, '"123456789012"') });
  });

  it.each([
    ['a role', trust({ AWS: 'arn:aws:iam::123456789012:role/ci-deployer' })],
    ['a service', trust({ Service: 'ec2.amazonaws.com' })],
    ['a SAML provider', policy([{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:saml-provider/okta' }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }])],
    ['an OIDC provider', policy([{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:example-org/app:ref:refs/heads/main' } } }])],
    ['a third party with sts:ExternalId', trust({ AWS: 'arn:aws:iam::111122223333:root' }, { Condition: { StringEquals: { 'sts:ExternalId': 'd8f1c2a7-3e55-4a8e' } } })],
    ['Bool aws:MultiFactorAuthPresent "true"', trust({ AWS: '123456789012' }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })],
    ['Bool aws:MultiFactorAuthPresent true (a JSON boolean)', trust({ AWS: '123456789012' }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } } })],
    ['NumericLessThan aws:MultiFactorAuthAge', trust({ AWS: 'arn:aws:iam::123456789012:user/alice' }, { Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } })],
    ['a Deny', policy([{ Effect: 'Deny', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }])],
    ['an account trusted only for sts:TagSession', policy([{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:TagSession' }], {})],
    ['a wildcard principal (no-public-principal reports it)', trust({ AWS: '*' })],
    [
      'an account pinned by aws:PrincipalArn to IAM Identity Center roles, whose sessions carry no MFA flag',
      trust({ AWS: 'arn:aws:iam::123456789012:root' }, { Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Admin_*' } } }),
    ],
    ['an account pinned by aws:userid to one role\'s sessions (AROA...:*)', trust({ AWS: '222233334444' }, { Condition: { StringLike: { 'aws:userid': 'AROAEXAMPLEID123456789:*' } } })],
  ])('does not report %s', async (_name, text) => {
    expect(await lintWith(rule, text, { policyType: 'trust' })).toEqual([]);
  });

  it.each([
    ['users', 'arn:aws:iam::123456789012:user/alice'],
    ['any principal of the account', 'arn:aws:iam::123456789012:*'],
  ])('still reports an account pinned by aws:PrincipalArn to %s', async (_name, arn) => {
    const text = trust({ AWS: '123456789012' }, { Condition: { ArnLike: { 'aws:PrincipalArn': arn } } });
    expect((await lintWith(rule, text, { policyType: 'trust' })).map((f) => [f.ruleId, f.line, f.column])).toEqual([['require-mfa', positionOf(text, '"123456789012"').line, positionOf(text, '"123456789012"').column]]);
  });

  it("does not report a template's root trust pinned to roles written with intrinsics (the CDK's zone delegation role)", async () => {
    const root = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] };
    const role = (Condition: unknown) => ({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: root }, Condition }] } } });
    const template = {
      Resources: {
        Source: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }] } } },
        JoinPinned: role({ ArnLike: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/ZoneDelegationStack-*']] } } }),
        SubPinned: role({ ArnEquals: { 'aws:PrincipalArn': { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/deployer' } } }),
        GetAttPinned: role({ ArnEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': ['Source', 'Arn'] } } }),
        Unpinned: role(undefined),
      },
    };
    const text = `${JSON.stringify(template, null, 2)}\n`;
    const findings = await lintWith(rule, text, { filename: 'stack.template.json' });
    // Only the unpinned role, at its principal.
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([['require-mfa', positionOf(text, '"AWS"', '"Unpinned"').line]]);
  });

  it('reports a CloudFormation trust to the own account root written with !Sub', async () => {
    const text = yaml([
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  BreakGlassRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root',
      '            Action: sts:AssumeRole',
      '      ManagedPolicyArns:',
      '        - arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
    const findings = await lintWith(rule, text, { filename: 'break-glass.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'require-mfa',
      line: 11,
      column: 20,
      endLine: 11,
      endColumn: 74,
      path: ['Statement', 0, 'Principal', 'AWS'],
      policy: { kind: 'trust', name: 'BreakGlassRole' },
    });
    expect(findings[0]?.message).toBe('Statement #1 lets "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" assume the role without MFA');
  });

  it('reports !Ref AWS::AccountId and a user ARN built with !Sub in a template', async () => {
    const text = yaml([
      'Resources:',
      '  OpsRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              AWS:',
      "                - !Sub 'arn:aws:iam::${AWS::AccountId}:role/ci'",
      "                - !Sub 'arn:aws:iam::${AWS::AccountId}:user/oncall'",
      '                - !Ref AWS::AccountId',
      '            Action: sts:AssumeRole',
    ]);
    const findings = await lintWith(rule, text, { filename: 'ops.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'require-mfa', line: 12, column: 19, path: ['Statement', 0, 'Principal', 'AWS', 1] });
    expect(findings[0]?.message).toBe('Statement #1 lets "arn:aws:iam::${AWS::AccountId}:user/oncall", "${AWS::AccountId}" assume the role without MFA');
  });
});

describe('require-mfa: identity policies attached to users and groups', () => {
  const header = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:'];
  const allow = (action: string, indent: string): string[] => [
    `${indent}Version: '2012-10-17'`,
    `${indent}Statement:`,
    `${indent}  - Effect: Allow`,
    `${indent}    Action: ${action}`,
    `${indent}    Resource: '*'`,
  ];

  it('reports an inline policy of a user at its first sensitive action', async () => {
    const text = yaml([
      ...header,
      '  Alice:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Policies:',
      '        - PolicyName: self-service',
      '          PolicyDocument:',
      "            Version: '2012-10-17'",
      '            Statement:',
      '              - Sid: ManageKeys',
      '                Effect: Allow',
      "                Action: ['s3:GetObject', 'iam:CreateAccessKey', 'iam:PutUserPolicy']",
      "                Resource: 'arn:aws:iam::123456789012:user/alice'",
    ]);
    const findings = await lintWith(rule, text, { filename: 'alice.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'require-mfa',
      severity: 'warning',
      ...positionOf(text, "'iam:CreateAccessKey'"),
      path: ['Statement', 0, 'Action', 1],
      policy: { kind: 'identity', name: 'Alice policy "self-service"' },
    });
    expect(findings[0]?.message).toBe('Statement "ManageKeys" grants iam:CreateAccessKey, iam:PutUserPolicy to user "Alice" without requiring MFA');
    expect(findings[0]?.suggestion).toBe(`Add ${MFA_BLOCK} to the statement`);
  });

  it('reports what a NotAction leaves in, at the NotAction key', async () => {
    const text = yaml([
      ...header,
      '  Ops:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Policies:',
      '        - PolicyName: power-user',
      '          PolicyDocument:',
      "            Version: '2012-10-17'",
      '            Statement:',
      '              - Effect: Allow',
      "                NotAction: ['iam:*', 'organizations:*']",
      "                Resource: '*'",
    ]);
    const findings = await lintWith(rule, text, { filename: 'ops.yaml' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['require-mfa', ...Object.values(positionOf(text, 'NotAction'))]]);
    expect(findings[0]?.message).toMatch(/^Statement #1 grants acm-pca:CreatePermission, .* and \d+ more to user "Ops" without requiring MFA$/);
    expect(findings[0]?.message).not.toContain('iam:');
  });

  it('reports iam:* in a group inline policy and names the count of sensitive actions', async () => {
    const text = yaml([...header, '  Admins:', '    Type: AWS::IAM::Group', '    Properties:', '      Policies:', '        - PolicyName: iam-admin', '          PolicyDocument:', ...allow("'iam:*'", '            ')]);
    const findings = await lintWith(rule, text, { filename: 'admins.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'require-mfa', ...positionOf(text, "'iam:*'") });
    expect(findings[0]?.message).toMatch(/^Statement #1 grants iam:\w+, iam:\w+, iam:\w+, iam:\w+ and \d+ more to group "Admins" without requiring MFA$/);
    expect(findings[0]?.message).toContain('iam:');
  });

  it('reports an AWS::IAM::Policy attached through Users and Groups, naming both', async () => {
    const text = yaml([
      ...header,
      '  Bob:',
      '    Type: AWS::IAM::User',
      '  Operators:',
      '    Type: AWS::IAM::Group',
      '  KeyRotation:',
      '    Type: AWS::IAM::Policy',
      '    Properties:',
      '      PolicyName: key-rotation',
      '      Users: [!Ref Bob]',
      '      Groups: [!Ref Operators]',
      '      PolicyDocument:',
      ...allow('iam:UpdateAccessKey', '        '),
    ]);
    const findings = await lintWith(rule, text, { filename: 'keys.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'require-mfa', ...positionOf(text, 'iam:UpdateAccessKey'), policy: { name: 'KeyRotation' } });
    expect(findings[0]?.message).toBe('Statement #1 grants iam:UpdateAccessKey to user "Bob", group "Operators" without requiring MFA');
  });

  it.each([
    ['ManagedPolicyArns: [!Ref ...]', ['    Properties:', '      ManagedPolicyArns:', '        - !Ref UserAdmin'], []],
    ['the managed policy\'s Users property', [], ['      Users:', '        - !Ref Carol']],
  ])('reports an AWS::IAM::ManagedPolicy attached to a user through %s', async (_name, userProps, policyProps) => {
    const text = yaml([
      ...header,
      '  Carol:',
      '    Type: AWS::IAM::User',
      ...userProps,
      '  UserAdmin:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      ...policyProps,
      '      PolicyDocument:',
      ...allow('iam:CreateLoginProfile', '        '),
    ]);
    const findings = await lintWith(rule, text, { filename: 'carol.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'require-mfa', ...positionOf(text, 'iam:CreateLoginProfile'), policy: { name: 'UserAdmin' } });
    expect(findings[0]?.message).toBe('Statement #1 grants iam:CreateLoginProfile to user "Carol" without requiring MFA');
  });

  it.each([
    ['AdministratorAccess', 'arn:aws:iam::aws:policy/AdministratorAccess', 'User "Dave"'],
    ['IAMFullAccess', 'arn:aws:iam::aws:policy/IAMFullAccess', 'User "Dave"'],
    ['PowerUserAccess written with !Sub', '!Sub arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess', 'User "Dave"'],
  ])('reports %s attached to a user by ARN at the ARN', async (policyName, arn, principal) => {
    const text = yaml([...header, '  Dave:', '    Type: AWS::IAM::User', '    Properties:', '      ManagedPolicyArns:', '        - arn:aws:iam::aws:policy/ReadOnlyAccess', `        - ${arn}`]);
    const findings = await lintWith(rule, text, { filename: 'dave.yaml' });
    const at = positionOf(text, arn);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'require-mfa',
      severity: 'warning',
      line: at.line,
      column: at.column,
      endColumn: at.column + arn.length,
      path: ['Resources', 'Dave', 'Properties', 'ManagedPolicyArns', 1],
      policy: null,
    });
    expect(findings[0]?.message).toBe(`${principal} has ${policyName.split(' ')[0]} attached with no policy that requires MFA`);
    expect(findings[0]?.suggestion).toContain('"Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}');
  });

  it('reports AdministratorAccess on a group', async () => {
    const text = yaml([...header, '  Admins:', '    Type: AWS::IAM::Group', '    Properties:', '      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]']);
    const findings = await lintWith(rule, text, { filename: 'admins.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'require-mfa', ...positionOf(text, 'arn:aws:iam::aws:policy/AdministratorAccess') });
    expect(findings[0]?.message).toBe('Group "Admins" has AdministratorAccess attached with no policy that requires MFA');
  });

  it('does not ask an IAM Identity Center permission set for MFA: Identity Center asks at its sign-in, and the key is absent from its sessions', async () => {
    const text = yaml([
      ...header,
      '  Admins:',
      '    Type: AWS::SSO::PermissionSet',
      '    Properties:',
      '      InstanceArn: arn:aws:sso:::instance/ssoins-1234567890abcdef',
      '      Name: Admins',
      '      ManagedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess]',
      '      InlinePolicy:',
      '        Statement: [{Effect: Allow, Action: iam:CreateAccessKey, Resource: "*"}]',
    ]);
    expect(await lintWith(rule, text, { filename: 'sso.yaml' })).toEqual([]);
    const asGroup = text.replace('AWS::SSO::PermissionSet', 'AWS::IAM::Group').replace('ManagedPolicies', 'ManagedPolicyArns');
    expect((await lintWith(rule, asGroup, { filename: 'group.yaml' })).map((f) => f.message)).toEqual(['Group "Admins" has AdministratorAccess attached with no policy that requires MFA']);
  });

  it('uses the sensitiveActions option instead of the default set', async () => {
    const text = yaml([
      ...header,
      '  Erin:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Policies:',
      '        - PolicyName: data',
      '          PolicyDocument:',
      "            Version: '2012-10-17'",
      '            Statement:',
      '              - Effect: Allow',
      "                Action: ['iam:CreateAccessKey', 's3:DeleteBucket', 's3:GetObject']",
      "                Resource: '*'",
    ]);
    const findings = await lintWith(rule, text, { filename: 'erin.yaml', options: { sensitiveActions: ['s3:Delete*'] } });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'require-mfa', ...positionOf(text, "'s3:DeleteBucket'") });
    expect(findings[0]?.message).toBe('Statement #1 grants s3:DeleteBucket to user "Erin" without requiring MFA');
    expect(await lintWith(rule, text, { filename: 'erin.yaml', options: { sensitiveActions: ['ec2:TerminateInstances'] } })).toEqual([]);
  });

  const forceMfa = [
    '  ForceMfa:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement:',
    '          - Sid: DenyAllExceptListedIfNoMFA',
    '            Effect: Deny',
    '            NotAction: [iam:ChangePassword, iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:ListMFADevices, sts:GetSessionToken]',
    "            Resource: '*'",
    '            Condition:',
    '              BoolIfExists:',
    "                aws:MultiFactorAuthPresent: 'false'",
  ];
  const frank = (props: string[]): string[] => [
    '  Frank:',
    '    Type: AWS::IAM::User',
    '    Properties:',
    ...props,
    '      Policies:',
    '        - PolicyName: keys',
    '          PolicyDocument:',
    ...allow('iam:CreateAccessKey', '            '),
  ];

  it.each([
    ['a role (role chaining cannot carry MFA)', [...header, '  AppRole:', '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow', '            Principal: {Service: lambda.amazonaws.com}', '            Action: sts:AssumeRole', '      ManagedPolicyArns: [arn:aws:iam::aws:policy/IAMFullAccess]', '      Policies:', '        - PolicyName: iam-admin', '          PolicyDocument:', ...allow("'iam:*'", '            ')]],
    ['an AWS::IAM::Policy attached to a role only', [...header, '  AppRole:', '    Type: AWS::IAM::Role', '  P:', '    Type: AWS::IAM::Policy', '    Properties:', '      PolicyName: p', '      Roles: [!Ref AppRole]', '      PolicyDocument:', ...allow('iam:PutRolePolicy', '        ')]],
    ['a managed policy attached to nobody', [...header, '  Unused:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', ...allow('iam:CreateAccessKey', '        ')]],
    ['the force-MFA Deny attached to the same user', [...header, ...forceMfa, ...frank(['      ManagedPolicyArns: [!Ref ForceMfa]'])]],
    ['the force-MFA Deny attached to a group the user belongs to', [...header, '  Engineers:', '    Type: AWS::IAM::Group', '    Properties:', '      ManagedPolicyArns: [!Ref ForceMfa]', ...forceMfa, ...frank(['      Groups: [!Ref Engineers]'])]],
    ['the force-MFA Deny attached to the group by the policy\'s Groups property', [...header, '  Engineers:', '    Type: AWS::IAM::Group', ...forceMfa.slice(0, 3), '      Groups: [!Ref Engineers]', ...forceMfa.slice(3), ...frank(['      Groups: [!Ref Engineers]'])]],
    ['AdministratorAccess on a user in a force-MFA group', [...header, '  Engineers:', '    Type: AWS::IAM::Group', '    Properties:', '      ManagedPolicyArns: [!Ref ForceMfa]', ...forceMfa, '  Grace:', '    Type: AWS::IAM::User', '    Properties:', '      Groups: [!Ref Engineers]', '      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]']],
    ['an Allow with Bool aws:MultiFactorAuthPresent "true"', [...header, '  Heidi:', '    Type: AWS::IAM::User', '    Properties:', '      Policies:', '        - PolicyName: keys', '          PolicyDocument:', "            Version: '2012-10-17'", '            Statement:', '              - Effect: Allow', '                Action: iam:CreateAccessKey', "                Resource: '*'", '                Condition:', '                  Bool:', "                    aws:MultiFactorAuthPresent: 'true'"]],
    ['read-only actions on a user', [...header, '  Ivan:', '    Type: AWS::IAM::User', '    Properties:', '      Policies:', '        - PolicyName: read', '          PolicyDocument:', ...allow("['iam:GetUser', 'iam:ListAccessKeys', 's3:GetObject']", '            ')]],
    ['a customer managed policy that happens to be named AdministratorAccess', [...header, '  Kim:', '    Type: AWS::IAM::User', '    Properties:', '      ManagedPolicyArns: [arn:aws:iam::123456789012:policy/AdministratorAccess]']],
    ['a Deny of sensitive actions on a user', [...header, '  Judy:', '    Type: AWS::IAM::User', '    Properties:', '      Policies:', '        - PolicyName: no-iam', '          PolicyDocument:', "            Version: '2012-10-17'", '            Statement:', '              - Effect: Deny', "                Action: 'iam:*'", "                Resource: '*'"]],
  ])('does not report %s', async (_name, lines) => {
    expect(await lintWith(rule, yaml(lines), { filename: 'template.yaml' })).toEqual([]);
  });

  it('does not report a bare identity policy file (its attachment is unknown)', async () => {
    const text = policy([{ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:*'], Resource: '*' }]);
    expect(await lintWith(rule, text)).toEqual([]);
    expect(await lintWith(rule, text, { policyType: 'identity' })).toEqual([]);
  });

  it('still reports a user whose only Deny uses Bool "false" (not the IfExists force-MFA pattern)', async () => {
    const text = yaml([
      ...header,
      '  Mallory:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Policies:',
      '        - PolicyName: deny-without-mfa',
      '          PolicyDocument:',
      "            Version: '2012-10-17'",
      '            Statement:',
      '              - Effect: Deny',
      "                NotAction: 'iam:EnableMFADevice'",
      "                Resource: '*'",
      '                Condition:',
      '                  Bool:',
      "                    aws:MultiFactorAuthPresent: 'false'",
      '        - PolicyName: keys',
      '          PolicyDocument:',
      ...allow('iam:CreateAccessKey', '            '),
    ]);
    const findings = await lintWith(rule, text, { filename: 'mallory.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'require-mfa', ...positionOf(text, 'iam:CreateAccessKey') });
  });
});

describe('require-mfa: trust policies written with NotAction', () => {
  const notAction = (value: unknown, extra: Record<string, unknown> = {}) =>
    policy([{ Sid: 'AssumeAdmin', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/alice' }, NotAction: value, ...extra }]);

  it.each([
    ['"sts:TagSession"', 'sts:TagSession'],
    ['"iam:*"', 'iam:*'],
  ])('reports NotAction %s, which grants sts:AssumeRole, at the user', async (_n, value) => {
    const text = notAction(value);
    const findings = await lintWith(rule, text, { policyType: 'trust' });
    const at = positionOf(text, '"arn:aws:iam::123456789012:user/alice"');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'require-mfa', severity: 'warning', line: at.line, column: at.column, path: ['Statement', 0, 'Principal', 'AWS'] });
    expect(findings[0]?.message).toBe('Statement "AssumeAdmin" lets "arn:aws:iam::123456789012:user/alice" assume the role without MFA');
    expect(findings[0]?.suggestion).toBe(`Add ${MFA_BLOCK} to the statement`);
  });

  it.each([
    ['NotAction "sts:*"', notAction('sts:*')],
    ['NotAction "sts:AssumeRole"', notAction('sts:AssumeRole')],
    ['NotAction ["sts:TagSession", "sts:Assume?ole"]', notAction(['sts:TagSession', 'sts:Assume?ole'])],
    ['NotAction "sts:TagSession" with MFA required', notAction('sts:TagSession', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })],
  ])('does not report %s', async (_n, text) => {
    expect(await lintWith(rule, text, { policyType: 'trust' })).toEqual([]);
  });

  it('reports a NotAction trust in a CloudFormation template at the account', async () => {
    const text = yaml([
      'Resources:',
      '  OpsRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              AWS: !Ref AWS::AccountId',
      '            NotAction: [sts:TagSession, sts:SetSourceIdentity]',
    ]);
    const findings = await lintWith(rule, text, { filename: 'ops.yaml' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      ['require-mfa', 9, 20, 'Statement #1 lets "${AWS::AccountId}" assume the role without MFA'],
    ]);
  });
  it('reads the inline policy of a user a Terraform file names but does not declare', async () => {
    const text = `resource "aws_iam_user_policy" "alice_keys" {
  name   = "keys"
  user   = "alice"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:CreateAccessKey"], Resource = "arn:aws:iam::111122223333:user/alice" }] })
}
`;
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [...Object.values(positionOf(text, '"iam:CreateAccessKey"')), 'Statement #1 grants iam:CreateAccessKey to user "alice (not declared in this file)" without requiring MFA'],
    ]);
  });
  it('does not count what a user does to set up MFA before having it (the IAM guide\'s self-managed MFA policy)', async () => {
    const text = [
      'Resources:',
      '  Dev:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Policies:',
      '        - PolicyName: self-service',
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Effect: Allow',
      '                Action: [iam:ChangePassword, iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:ResyncMFADevice]',
      '                Resource: "arn:aws:iam::*:user/${aws:username}"',
      '              - Effect: Allow',
      '                Action: iam:DeactivateMFADevice',
      '                Resource: "arn:aws:iam::*:user/${aws:username}"',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 'template.yaml' });
    expect(findings.map((f) => f.message)).toEqual(['Statement #2 grants iam:DeactivateMFADevice to user "Dev" without requiring MFA']);
  });
});
