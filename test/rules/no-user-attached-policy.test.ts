import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-user-attached-policy.js';
import { lintWith, planResource as resource, planText, policy, positionOf } from '../helpers/lint.js';

const yaml = (lines: string[]) => `${lines.join('\n')}\n`;
const DOC = (indent: string) => [`${indent}Version: '2012-10-17'`, `${indent}Statement:`, `${indent}  - Effect: Allow`, `${indent}    Action: s3:GetObject`, `${indent}    Resource: arn:aws:s3:::example-reports/*`];

describe('no-user-attached-policy', () => {
  it('reports inline Policies and ManagedPolicyArns of a user, and names the group it belongs to', async () => {
    const text = yaml([
      'Resources:',
      '  Analysts:',
      '    Type: AWS::IAM::Group',
      '  Alice:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Groups: [!Ref Analysts]',
      '      ManagedPolicyArns:',
      "        - !Sub 'arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess'",
      '      Policies:',
      '        - PolicyName: read-reports',
      '          PolicyDocument:',
      ...DOC('            '),
    ]);
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    const arn = positionOf(text, "!Sub 'arn");
    const name = positionOf(text, 'read-reports');
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({ ruleId: 'no-user-attached-policy', severity: 'warning', line: arn.line, column: arn.column, path: ['Resources', 'Alice', 'Properties', 'ManagedPolicyArns', 0] });
    expect(findings[0]?.message).toBe('User "Alice" has the managed policy "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess" attached directly');
    expect(findings[0]?.suggestion).toBe('Attach it to group "Analysts", which user "Alice" already belongs to, through the group\'s ManagedPolicyArns');
    expect(findings[1]).toMatchObject({ line: name.line, column: name.column, path: ['Resources', 'Alice', 'Properties', 'Policies', 0, 'PolicyName'] });
    expect(findings[1]?.message).toBe('User "Alice" has an inline policy "read-reports" attached directly');
    expect(findings[1]?.suggestion).toBe('Attach it to group "Analysts", which user "Alice" already belongs to, through the group\'s Policies');
  });

  it("names the group's other members the template shows: the move would give them the policy too", async () => {
    const text = yaml([
      'Resources:',
      '  Analysts:',
      '    Type: AWS::IAM::Group',
      '  Bob:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Groups: [!Ref Analysts]',
      '  Alice:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Groups: [!Ref Analysts]',
      '      Policies:',
      '        - PolicyName: read-reports',
      '          PolicyDocument:',
      ...DOC('            '),
    ]);
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.message, f.suggestion])).toEqual([
      [
        'User "Alice" has an inline policy "read-reports" attached directly',
        'Attach it to group "Analysts", which user "Alice" already belongs to, through the group\'s Policies; this would also grant it to its other member this file shows: user "Bob"',
      ],
    ]);
  });

  it('reports a .tf attachment to a user the file does not declare, named by its user name', async () => {
    const tf = `resource "aws_iam_user_policy_attachment" "a" {
  user       = "deployer"
  policy_arn = "arn:aws:iam::123456789012:policy/deploy"
}
resource "aws_iam_policy_attachment" "b" {
  name       = "b"
  users      = ["deployer"]
  policy_arn = "arn:aws:iam::123456789012:policy/audit"
}
`;
    const findings = await lintWith(rule, tf, { filename: 'main.tf' });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [...Object.values(positionOf(tf, '"arn:aws:iam::123456789012:policy/deploy"')), 'User "deployer (not declared in this file)" has the managed policy "arn:aws:iam::123456789012:policy/deploy" attached directly'],
      [...Object.values(positionOf(tf, '"arn:aws:iam::123456789012:policy/audit"')), 'User "deployer (not declared in this file)" has the managed policy "arn:aws:iam::123456789012:policy/audit" attached directly'],
    ]);
  });

  it('suggests Terraform resources for a Terraform user policy and attachment', async () => {
    const TF = `resource "aws_iam_user" "ci" {
      name = "ci"
    }

    resource "aws_iam_user_policy" "ci_deploy" {
      name = "deploy"
      user = aws_iam_user.ci.name
      policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::example-reports/*" }]
      })
    }

    resource "aws_iam_user_policy_attachment" "ci_ro" {
      user       = aws_iam_user.ci.name
      policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    }
    `;
    const findings = await lintWith(rule, TF, { filename: 'main.tf' });
    expect(findings.map((f) => ({ line: f.line, column: f.column, message: f.message, suggestion: f.suggestion }))).toEqual([
      {
        ...positionOf(TF, '"ci_deploy"'),
        message: 'aws_iam_user_policy.ci_deploy is attached directly to user "aws_iam_user.ci"',
        suggestion: 'Create an aws_iam_group for user "aws_iam_user.ci", move the policy to an aws_iam_policy attached to it with an aws_iam_group_policy_attachment and add the user to it with an aws_iam_user_group_membership; for workloads, use a role instead',
      },
      {
        ...positionOf(TF, '"arn:aws:iam::aws:policy/ReadOnlyAccess"'),
        message: 'User "aws_iam_user.ci" has the managed policy "arn:aws:iam::aws:policy/ReadOnlyAccess" attached directly',
        suggestion: 'Create an aws_iam_group for user "aws_iam_user.ci", attach the policy to it with an aws_iam_group_policy_attachment and add the user to it with an aws_iam_user_group_membership; for workloads, use a role instead',
      },
    ]);
  });

  it('reports AWS::IAM::ManagedPolicy and AWS::IAM::Policy with Users, and AWS::IAM::UserPolicy, at their logical ids', async () => {
    const text = yaml([
      'Resources:',
      '  Bob:',
      '    Type: AWS::IAM::User',
      '  Reports:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      Users: [!Ref Bob]',
      '      PolicyDocument:',
      ...DOC('        '),
      '  Queue:',
      '    Type: AWS::IAM::Policy',
      '    Properties:',
      '      PolicyName: queue',
      '      Users: [!Ref Bob]',
      '      PolicyDocument:',
      ...DOC('        '),
      '  External:',
      '    Type: AWS::IAM::UserPolicy',
      '    Properties:',
      '      PolicyName: external',
      '      UserName: contractor-7',
      '      PolicyDocument:',
      ...DOC('        '),
    ]);
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    const line = (id: string) => positionOf(text, `  ${id}:`).line;
    expect(findings.map((f) => [f.line, f.column, f.message, f.suggestion])).toEqual([
      [line('Reports'), 3, 'AWS::IAM::ManagedPolicy "Reports" is attached directly to user "Bob"', 'Create an AWS::IAM::Group for user "Bob", attach the policy through the policy\'s Groups property and add the user to it; for workloads, use a role instead'],
      [line('Queue'), 3, 'AWS::IAM::Policy "Queue" is attached directly to user "Bob"', 'Create an AWS::IAM::Group for user "Bob", attach the policy through the policy\'s Groups property and add the user to it; for workloads, use a role instead'],
      [
        line('External'),
        3,
        'AWS::IAM::UserPolicy "External" is attached directly to user "contractor-7 (not declared in this template)"',
        'Create an AWS::IAM::Group for user "contractor-7 (not declared in this template)", attach the policy through an AWS::IAM::GroupPolicy and add the user to it; for workloads, use a role instead',
      ],
    ]);
  });

  it('reports a template managed policy a user references from ManagedPolicyArns once', async () => {
    const text = yaml([
      'Resources:',
      '  Carol:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      ManagedPolicyArns: [!Ref Reports]',
      '  Reports:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      ...DOC('        '),
    ]);
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([[6, 3, 'AWS::IAM::ManagedPolicy "Reports" is attached directly to user "Carol"']]);
  });

  it.each([
    [
      'policies of groups and roles',
      yaml([
        'Resources:',
        '  Analysts:',
        '    Type: AWS::IAM::Group',
        '    Properties:',
        '      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]',
        '  Dave:',
        '    Type: AWS::IAM::User',
        '    Properties:',
        '      Groups: [!Ref Analysts]',
        '  AppRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
        '      Policies:',
        '        - PolicyName: reports',
        '          PolicyDocument:',
        ...DOC('            '),
      ]),
    ],
    ['a bare policy file, whose attachment is unknown', policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text, { filename: text.startsWith('{') ? 'p.json' : 't.yaml' })).toEqual([]);
  });

  it('never proposes the group a user is in for an administrator-level AWS managed policy, and words several users as several', async () => {
    const tf = `resource "aws_iam_user" "ops" {
  name = "ops"
}
resource "aws_iam_group" "devs" {
  name = "devs"
}
resource "aws_iam_user_group_membership" "ops" {
  user   = aws_iam_user.ops.name
  groups = [aws_iam_group.devs.name]
}
resource "aws_iam_user_policy_attachment" "admin" {
  user       = aws_iam_user.ops.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_user_policy_attachment" "ro" {
  user       = aws_iam_user.ops.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
resource "aws_iam_policy" "shared" {
  name   = "shared"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::example-reports/*" }] })
}
resource "aws_iam_policy_attachment" "shared" {
  name       = "shared"
  users      = ["carol", "dave"]
  policy_arn = aws_iam_policy.shared.arn
}
`;
    const findings = await lintWith(rule, tf, { filename: 'main.tf' });
    expect(findings.map((f) => [f.line, f.suggestion])).toEqual([
      [
        positionOf(tf, '"arn:aws:iam::aws:policy/AdministratorAccess"').line,
        'Create an aws_iam_group for user "aws_iam_user.ops", attach the policy to it with an aws_iam_group_policy_attachment and add the user to it with an aws_iam_user_group_membership; for workloads, use a role instead',
      ],
      [positionOf(tf, '"arn:aws:iam::aws:policy/ReadOnlyAccess"').line, 'Attach it to group "aws_iam_group.devs", which user "aws_iam_user.ops" already belongs to, through an aws_iam_group_policy_attachment'],
      [
        positionOf(tf, '"shared" {').line,
        'Create an aws_iam_group for user "carol (not declared in this file)", user "dave (not declared in this file)", attach the policy to it with an aws_iam_group_policy_attachment and add the users to it with an aws_iam_user_group_membership; for workloads, use a role instead',
      ],
    ]);
  });

  it('reads a plan\'s attachments to users it does not declare, as the Terraform file loader does', async () => {
    const resources = [
      resource('aws_iam_user_policy_attachment', 'a', { user: 'deployer', policy_arn: 'arn:aws:iam::123456789012:policy/deploy' }),
      resource('aws_iam_policy_attachment', 'b', { name: 'b', users: ['deployer', 'auditor'], policy_arn: 'arn:aws:iam::123456789012:policy/audit' }),
    ];
    const text = planText(resources);
    const findings = await lintWith(rule, text, { filename: 'plan.json' });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [...Object.values(positionOf(text, '"arn:aws:iam::123456789012:policy/deploy"')), 'User "deployer (not declared in this plan)" has the managed policy "arn:aws:iam::123456789012:policy/deploy" attached directly'],
      [...Object.values(positionOf(text, '"arn:aws:iam::123456789012:policy/audit"')), 'User "deployer (not declared in this plan)" has the managed policy "arn:aws:iam::123456789012:policy/audit" attached directly'],
      [...Object.values(positionOf(text, '"arn:aws:iam::123456789012:policy/audit"')), 'User "auditor (not declared in this plan)" has the managed policy "arn:aws:iam::123456789012:policy/audit" attached directly'],
    ]);
  });

  it('names Terraform resources for a plan, a group the user is in, and a user declared elsewhere', async () => {
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-reports/*' }] });
    const resources = [
      resource('aws_iam_user', 'ci', { name: 'ci' }),
      resource('aws_iam_user_policy', 'ci_deploy', { name: 'deploy', user: 'ci', policy: doc }),
      resource('aws_iam_user_policy_attachment', 'ci_ro', { user: 'ci', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      resource('aws_iam_user', 'eve', { name: 'eve' }),
      resource('aws_iam_group', 'ops', { name: 'ops' }),
      resource('aws_iam_user_group_membership', 'eve_ops', { user: 'eve', groups: ['ops'] }),
      resource('aws_iam_user_policy_attachment', 'eve_ro', { user: 'eve', policy_arn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' }),
      // A user the plan does not declare (managed elsewhere), named by its user name.
      resource('aws_iam_user_policy', 'elsewhere', { name: 'deploy', user: 'deployer', policy: doc }),
    ];
    const planJson = planText(resources);
    const tf = `resource "aws_iam_user_policy" "imported" {
  name   = "reports"
  user   = "someone-else"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}
`;
    const findings = [...(await lintWith(rule, planJson, { filename: 'plan.json' })), ...(await lintWith(rule, tf, { filename: 'main.tf' }))];
    expect(findings.map((f) => [f.line, f.message, f.suggestion])).toEqual([
      [
        positionOf(planJson, '"aws_iam_user_policy.ci_deploy"').line,
        'aws_iam_user_policy.ci_deploy is attached directly to user "aws_iam_user.ci"',
        'Create an aws_iam_group for user "aws_iam_user.ci", move the policy to an aws_iam_policy attached to it with an aws_iam_group_policy_attachment and add the user to it with an aws_iam_user_group_membership; for workloads, use a role instead',
      ],
      [
        positionOf(planJson, '"arn:aws:iam::aws:policy/ReadOnlyAccess"').line,
        'User "aws_iam_user.ci" has the managed policy "arn:aws:iam::aws:policy/ReadOnlyAccess" attached directly',
        'Create an aws_iam_group for user "aws_iam_user.ci", attach the policy to it with an aws_iam_group_policy_attachment and add the user to it with an aws_iam_user_group_membership; for workloads, use a role instead',
      ],
      [
        positionOf(planJson, '"arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"').line,
        'User "aws_iam_user.eve" has the managed policy "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" attached directly',
        'Attach it to group "aws_iam_group.ops", which user "aws_iam_user.eve" already belongs to, through an aws_iam_group_policy_attachment',
      ],
      [
        positionOf(planJson, '"aws_iam_user_policy.elsewhere"').line,
        'aws_iam_user_policy.elsewhere is attached directly to user "deployer (not declared in this plan)"',
        'Create an aws_iam_group for user "deployer (not declared in this plan)", move the policy to an aws_iam_policy attached to it with an aws_iam_group_policy_attachment and add the user to it with an aws_iam_user_group_membership; for workloads, use a role instead',
      ],
      [
        positionOf(tf, '"imported"').line,
        'aws_iam_user_policy.imported is attached directly to user "someone-else (not declared in this file)"',
        'Create an aws_iam_group for user "someone-else (not declared in this file)", move the policy to an aws_iam_policy attached to it with an aws_iam_group_policy_attachment and add the user to it with an aws_iam_user_group_membership; for workloads, use a role instead',
      ],
    ]);
  });
});

describe('no-user-attached-policy on users a template names but does not declare', () => {
  it('reports Users naming a literal name or a parameter, naming each', async () => {
    const text = [
      'Parameters:',
      '  ExistingUser:',
      '    Type: String',
      'Resources:',
      '  Reader:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      Users: [alice, !Ref ExistingUser]',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: s3:GetObject',
      '            Resource: arn:aws:s3:::b/*',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 'template.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [...Object.values(positionOf(text, 'Reader')), 'AWS::IAM::ManagedPolicy "Reader" is attached directly to user "alice (not declared in this template)", user "ExistingUser (a template parameter)"'],
    ]);
  });
});

describe('no-user-attached-policy in an account snapshot (get-account-authorization-details)', () => {
  const snapshot = (attached: object[]) =>
    JSON.stringify(
      {
        UserDetailList: [
          {
            UserName: 'u',
            Arn: 'arn:aws:iam::111122223333:user/u',
            UserPolicyList: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }] } }],
            GroupList: [],
            AttachedManagedPolicies: attached,
          },
        ],
      },
      null,
      2,
    );

  it('advises the AWS CLI for an inline and a managed policy on a user', async () => {
    const findings = await lintWith(rule, snapshot([{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]), { filename: 'account.json' });
    expect(findings.map((f) => [f.message, f.suggestion])).toEqual([
      [
        'User "arn:aws:iam::111122223333:user/u" has an inline policy "p" attached directly',
        'Create an IAM group for user "arn:aws:iam::111122223333:user/u", give it the policy with aws iam put-group-policy and add the user to it (aws iam add-user-to-group); for workloads, use a role instead',
      ],
      [
        'User "arn:aws:iam::111122223333:user/u" has the managed policy "arn:aws:iam::aws:policy/ReadOnlyAccess" attached directly',
        'Create an IAM group for user "arn:aws:iam::111122223333:user/u", give it the policy with aws iam attach-group-policy and add the user to it (aws iam add-user-to-group); for workloads, use a role instead',
      ],
    ]);
  });
});

describe('no-user-attached-policy: which group the advice names, and who else is in it', () => {
  const ACCOUNT = 'arn:aws:iam::111122223333';
  const S3_WRITE = `${ACCOUNT}:policy/S3Write`;
  const doc = (Effect: string) => ({ Version: '2012-10-17', Statement: [{ Effect, Action: 's3:PutObject', Resource: 'arn:aws:s3:::reports/*' }] });
  const user = (name: string, groups: string[], extra: object = {}) => ({ UserName: name, Arn: `${ACCOUNT}:user/${name}`, GroupList: groups, UserPolicyList: [], AttachedManagedPolicies: [], ...extra });
  const group = (name: string, attached: string[] = []) => ({
    GroupName: name,
    Arn: `${ACCOUNT}:group/${name}`,
    GroupPolicyList: [],
    AttachedManagedPolicies: attached.map((PolicyArn) => ({ PolicyName: PolicyArn.split('/').pop(), PolicyArn })),
  });
  const s3Write = { PolicyName: 'S3Write', PolicyArn: S3_WRITE };
  const snapshot = (users: object[], groups: object[]) =>
    JSON.stringify(
      {
        UserDetailList: users,
        GroupDetailList: groups,
        RoleDetailList: [],
        Policies: [{ PolicyName: 'S3Write', Arn: S3_WRITE, DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc('Allow') }] }],
      },
      null,
      2,
    );
  const run = async (text: string) => (await lintWith(rule, text, { filename: 'account.json' })).map((f) => [f.line, f.message, f.suggestion]);

  it('gives the AWS CLI commands for a customer managed policy, and names the group\'s other members', async () => {
    const text = snapshot([user('alice', ['devs'], { AttachedManagedPolicies: [s3Write] }), user('carol', ['devs'])], [group('devs')]);
    expect(await run(text)).toEqual([
      [
        positionOf(text, `"Arn": "${S3_WRITE}"`).line,
        `The managed policy "${S3_WRITE}" is attached directly to user "${ACCOUNT}:user/alice"`,
        `Attach it to group "${ACCOUNT}:group/devs", which user "${ACCOUNT}:user/alice" already belongs to (aws iam attach-group-policy --group-name devs --policy-arn ${S3_WRITE}), then detach it from the user (aws iam detach-user-policy --user-name alice --policy-arn ${S3_WRITE}); this would also grant it to its other member: user "${ACCOUNT}:user/carol"`,
      ],
    ]);
  });

  it('only says to detach a policy the group has already', async () => {
    const text = snapshot([user('alice', ['devs'], { AttachedManagedPolicies: [s3Write] }), user('bob', ['devs'], { AttachedManagedPolicies: [s3Write] })], [group('devs', [S3_WRITE])]);
    expect((await run(text)).map((f) => f[2])).toEqual([
      `Group "${ACCOUNT}:group/devs", which user "${ACCOUNT}:user/alice", user "${ACCOUNT}:user/bob" already belong to, has the policy already: detach it from the users (aws iam detach-user-policy --user-name USER --policy-arn ${S3_WRITE}, for each of them)`,
    ]);
  });

  it('does the same for an AWS managed policy the group has already', async () => {
    const ro = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    const text = snapshot([user('alice', ['devs'], { AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: ro }] })], [group('devs', [ro])]);
    expect((await run(text)).map((f) => f[2])).toEqual([
      `Group "${ACCOUNT}:group/devs", which user "${ACCOUNT}:user/alice" already belongs to, has the policy already: detach it from the user (aws iam detach-user-policy --user-name alice --policy-arn ${ro})`,
    ]);
  });

  it('says to create a group when the users share none, rather than naming the first user\'s', async () => {
    const text = snapshot([user('alice', ['devs'], { AttachedManagedPolicies: [s3Write] }), user('bob', ['auditors'], { AttachedManagedPolicies: [s3Write] })], [group('devs'), group('auditors')]);
    expect((await run(text)).map((f) => f[2])).toEqual([
      `Create an IAM group for user "${ACCOUNT}:user/alice", user "${ACCOUNT}:user/bob", give it the policy with aws iam attach-group-policy and add the users to it (aws iam add-user-to-group); for workloads, use a role instead`,
    ]);
  });

  it('warns that an inline Deny moved to the group denies it to the group\'s other members', async () => {
    const text = snapshot(
      [user('alice', ['admins']), user('bob', ['admins'], { UserPolicyList: [{ PolicyName: 'DenyIam', PolicyDocument: doc('Deny') }] }), user('dan', ['admins'])],
      [group('admins')],
    );
    expect((await run(text)).map((f) => f[2])).toEqual([
      `Attach it to group "${ACCOUNT}:group/admins", which user "${ACCOUNT}:user/bob" already belongs to, through aws iam put-group-policy; this would also deny it to its 2 other members: user "${ACCOUNT}:user/alice", user "${ACCOUNT}:user/dan"`,
    ]);
  });

  it('names no group in a template when the users are in different ones', async () => {
    const text = yaml([
      'Resources:',
      '  Devs:',
      '    Type: AWS::IAM::Group',
      '  Auditors:',
      '    Type: AWS::IAM::Group',
      '  Alice:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Groups: [!Ref Devs]',
      '  Bob:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Groups: [!Ref Auditors]',
      '  Reports:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      Users: [!Ref Alice, !Ref Bob]',
      '      PolicyDocument:',
      ...DOC('        '),
    ]);
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.suggestion])).toEqual([
      [positionOf(text, '  Reports:').line, 3, 'Create an AWS::IAM::Group for user "Alice", user "Bob", attach the policy through the policy\'s Groups property and add the users to it; for workloads, use a role instead'],
    ]);
  });
});
