import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-inline-policy.js';
import { lintWith, planResource as resource, planText, policy, positionOf } from '../helpers/lint.js';

function yaml(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

const DOC = (indent: string): string[] => [
  `${indent}Version: '2012-10-17'`,
  `${indent}Statement:`,
  `${indent}  - Effect: Allow`,
  `${indent}    Action: s3:GetObject`,
  `${indent}    Resource: arn:aws:s3:::example-reports/*`,
];

describe('no-inline-policy', () => {
  it.each([
    ['AWS::IAM::Role', 'AppRole', 'Roles'],
    ['AWS::IAM::User', 'Alice', 'Users'],
    ['AWS::IAM::Group', 'Analysts', 'Groups'],
  ])('reports each entry of Policies on an %s at its PolicyName', async (type, name, property) => {
    const text = yaml([
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      `  ${name}:`,
      `    Type: ${type}`,
      '    Properties:',
      '      Policies:',
      '        - PolicyName: read-reports',
      '          PolicyDocument:',
      ...DOC('            '),
      '        - PolicyName: write-reports',
      '          PolicyDocument:',
      ...DOC('            '),
    ]);
    const findings = await lintWith(rule, text, { filename: 'template.yaml' });
    const first = positionOf(text, 'read-reports');
    const second = positionOf(text, 'write-reports');
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({
      ruleId: 'no-inline-policy',
      severity: 'warning',
      line: first.line,
      column: first.column,
      endLine: first.line,
      endColumn: first.column + 'read-reports'.length,
      path: ['Resources', name, 'Properties', 'Policies', 0, 'PolicyName'],
      policy: { kind: 'identity', name: `${name} policy "read-reports"` },
    });
    expect(findings[1]).toMatchObject({ ruleId: 'no-inline-policy', line: second.line, column: second.column, path: ['Resources', name, 'Properties', 'Policies', 1, 'PolicyName'] });
    expect(findings[0]?.message).toBe(`${type} "${name}" has an inline policy "read-reports"`);
    expect(findings[1]?.message).toBe(`${type} "${name}" has an inline policy "write-reports"`);
    // A user's goes to a group of the user: attached to the user, it would be no-user-attached-policy's finding.
    expect(findings[0]?.suggestion).toBe(
      property === 'Users'
        ? "Move it to an AWS::IAM::ManagedPolicy attached through its Groups property to a group the user is in, so it can be reused and versioned (attached to the user itself, it is no-user-attached-policy's finding)"
        : `Move it to an AWS::IAM::ManagedPolicy and attach it through its ${property} property (or the principal's ManagedPolicyArns), so it can be reused and versioned`,
    );
  });

  it('suggests Terraform resources for a Terraform inline policy, at its name label', async () => {
    const text = `resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy" "worker_reports" {
  name = "reports"
  role = aws_iam_role.worker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::example-reports/*" }]
  })
}
`;
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    expect(findings.map((f) => ({ line: f.line, column: f.column, message: f.message, suggestion: f.suggestion }))).toEqual([
      {
        ...positionOf(text, '"worker_reports"'),
        message: 'aws_iam_role_policy.worker_reports is an inline policy of role "aws_iam_role.worker"',
        suggestion: 'Move it to an aws_iam_policy and attach it with an aws_iam_role_policy_attachment, so it can be reused and versioned',
      },
    ]);
  });

  it.each([
    ['AWS::Serverless::Function', 'ResizeFn', 'function'],
    ['AWS::Serverless::StateMachine', 'OrderFlow', 'state machine'],
  ])('reports an inline document in the Policies of an %s as its own, with a SAM suggestion', async (type, name, noun) => {
    const text = yaml([
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      `  ${name}:`,
      `    Type: ${type}`,
      '    Properties:',
      '      Policies:',
      '        - AWSLambdaBasicExecutionRole',
      '        - S3ReadPolicy: {BucketName: example-reports}',
      "        - Version: '2012-10-17'",
      ...DOC('          ').slice(1),
    ]);
    const findings = await lintWith(rule, text, { filename: 'template.yaml' });
    expect(findings.map((f) => ({ line: f.line, column: f.column, path: f.path, message: f.message, suggestion: f.suggestion }))).toEqual([
      {
        ...positionOf(text, 'Version'),
        path: ['Resources', name, 'Properties', 'Policies', 2],
        message: `${type} "${name}" has an inline policy in Policies[2]`,
        suggestion: `Move its statements to an AWS::IAM::ManagedPolicy (e.g. ${name}Policy) and list it in the ${noun}'s Policies as !Ref ${name}Policy, so it can be reused and versioned`,
      },
    ]);
  });

  it('reports a SAM function whose Policies is one document, not a list', async () => {
    const text = yaml(['Resources:', '  Fn:', '    Type: AWS::Serverless::Function', '    Properties:', '      Policies:', ...DOC('        ')]);
    const findings = await lintWith(rule, text, { filename: 'template.yaml' });
    expect(findings.map((f) => ({ line: f.line, column: f.column, message: f.message }))).toEqual([
      { ...positionOf(text, 'Version'), message: 'AWS::Serverless::Function "Fn" has an inline policy in Policies' },
    ]);
  });

  it('reports an AWS::IAM::Policy at its logical id and names the principals it attaches to', async () => {
    const text = yaml([
      'Resources:',
      '  BuildRole:',
      '    Type: AWS::IAM::Role',
      '  Alice:',
      '    Type: AWS::IAM::User',
      '  Analysts:',
      '    Type: AWS::IAM::Group',
      '  ReportsAccess:',
      '    Type: AWS::IAM::Policy',
      '    Properties:',
      '      PolicyName: reports-access',
      '      Roles: [!Ref BuildRole]',
      '      Users: [!Ref Alice]',
      '      Groups: [!Ref Analysts]',
      '      PolicyDocument:',
      ...DOC('        '),
    ]);
    const findings = await lintWith(rule, text, { filename: 'template.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'no-inline-policy',
      severity: 'warning',
      line: 8,
      column: 3,
      endLine: 8,
      endColumn: 16,
      path: ['Resources', 'ReportsAccess'],
    });
    expect(findings[0]?.message).toBe('AWS::IAM::Policy "ReportsAccess" is an inline policy of user "Alice", group "Analysts", role "BuildRole"');
    expect(findings[0]?.suggestion).toContain('attach it through its Users property');
  });

  it('reports an AWS::IAM::Policy that names a role by its physical name', async () => {
    const text = yaml([
      'Resources:',
      '  BuildRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      RoleName: build-role',
      '  BuildPolicy:',
      '    Type: AWS::IAM::Policy',
      '    Properties:',
      '      PolicyName: build',
      '      Roles: [build-role]',
      '      PolicyDocument:',
      ...DOC('        '),
    ]);
    const findings = await lintWith(rule, text, { filename: 'template.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'no-inline-policy', line: 6, column: 3 });
    expect(findings[0]?.message).toBe('AWS::IAM::Policy "BuildPolicy" is an inline policy of role "BuildRole"');
    expect(findings[0]?.suggestion).toContain('attach it through its Roles property');
  });

  it('reports an AWS::IAM::Policy whose principals are outside the template', async () => {
    const text = yaml(['Resources:', '  Imported:', '    Type: AWS::IAM::Policy', '    Properties:', '      PolicyName: imported', '      Roles: [existing-role]', '      PolicyDocument:', ...DOC('        ')]);
    const findings = await lintWith(rule, text, { filename: 'template.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'no-inline-policy', line: 2, column: 3 });
    expect(findings[0]?.message).toBe('AWS::IAM::Policy "Imported" is an inline policy of role "existing-role (not declared in this template)"');
  });

  it.each([
    ['AWS::IAM::RolePolicy', 'RoleName', 'role'],
    ['AWS::IAM::UserPolicy', 'UserName', 'user'],
    ['AWS::IAM::GroupPolicy', 'GroupName', 'group'],
  ])('reports an %s at its logical id', async (type, property, principalType) => {
    const principalResource = { role: 'AWS::IAM::Role', user: 'AWS::IAM::User', group: 'AWS::IAM::Group' }[principalType];
    const text = yaml([
      'Resources:',
      '  Owner:',
      `    Type: ${principalResource}`,
      '  OwnerPolicy:',
      `    Type: ${type}`,
      '    Properties:',
      '      PolicyName: reports',
      `      ${property}: !Ref Owner`,
      '      PolicyDocument:',
      ...DOC('        '),
    ]);
    const findings = await lintWith(rule, text, { filename: 'template.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'no-inline-policy', line: 4, column: 3, endColumn: 14, path: ['Resources', 'OwnerPolicy'] });
    expect(findings[0]?.message).toBe(`${type} "OwnerPolicy" is an inline policy of ${principalType} "Owner"`);
  });

  it('reports a JSON template, with the PolicyDocument given as a JSON string', async () => {
    const template = {
      Resources: {
        WorkerRole: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            Policies: [
              { PolicyName: 'queue-access', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:jobs' }] } },
              { PolicyName: 'bucket-access', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::jobs/*' }] }) },
            ],
          },
        },
      },
    };
    const text = `${JSON.stringify(template, null, 2)}\n`;
    const findings = await lintWith(rule, text, { filename: 'worker.template.json' });
    expect(findings.map((f) => ({ line: f.line, column: f.column }))).toEqual([positionOf(text, '"queue-access"'), positionOf(text, '"bucket-access"')]);
    expect(findings[0]?.message).toBe('AWS::IAM::Role "WorkerRole" has an inline policy "queue-access"');
    expect(findings[1]?.message).toBe('AWS::IAM::Role "WorkerRole" has an inline policy "bucket-access"');
  });

  it('reports an inline policy whose document is an Fn::If once', async () => {
    const text = yaml([
      'Conditions:',
      "  IsProd: !Equals [!Ref 'AWS::AccountId', '123456789012']",
      'Resources:',
      '  AppRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      Policies:',
      '        - PolicyName: app-access',
      '          PolicyDocument: !If',
      '            - IsProd',
      ...DOC('            - ').slice(0, 1),
      ...DOC('              ').slice(1),
      ...DOC('            - ').slice(0, 1),
      ...DOC('              ').slice(1),
    ]);
    const findings = await lintWith(rule, text, { filename: 'template.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'no-inline-policy', ...positionOf(text, 'app-access') });
  });

  it.each([
    [
      'an AWS::IAM::ManagedPolicy',
      yaml(['Resources:', '  AppRole:', '    Type: AWS::IAM::Role', '  ReportsRead:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      Roles: [!Ref AppRole]', '      PolicyDocument:', ...DOC('        ')]),
    ],
    [
      'a role with only a trust policy and managed policy ARNs',
      yaml([
        'Resources:',
        '  AppRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        "        Version: '2012-10-17'",
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: {Service: lambda.amazonaws.com}',
        '            Action: sts:AssumeRole',
        '      ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ]),
    ],
    ['an S3 bucket policy', yaml(['Resources:', '  Policy:', '    Type: AWS::S3::BucketPolicy', '    Properties:', '      Bucket: example-reports', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow', '            Principal: {AWS: arn:aws:iam::123456789012:root}', '            Action: s3:GetObject', '            Resource: arn:aws:s3:::example-reports/*'])],
    ['a bare identity policy file', policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-reports/*' }])],
  ])('does not report %s', async (_name, text) => {
    expect(await lintWith(rule, text, { filename: text.startsWith('{') ? 'policy.json' : 'template.yaml' })).toEqual([]);
  });

  it('names the owner and Terraform resources for a plan, an aws_iam_role inline_policy block as the .tf one', async () => {
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-reports/*' }] });
    const resources = [
      resource('aws_iam_role', 'worker', { name: 'worker', inline_policy: [{ name: 'reports', policy: doc }] }),
      resource('aws_iam_group', 'analysts', { name: 'analysts' }),
      resource('aws_iam_group_policy', 'analysts_reports', { name: 'reports', group: 'analysts', policy: doc }),
    ];
    const text = planText(resources);
    const findings = await lintWith(rule, text, { filename: 'plan.json' });
    expect(findings.map((f) => ({ line: f.line, column: f.column, message: f.message, suggestion: f.suggestion }))).toEqual([
      {
        ...positionOf(text, '"reports"'),
        message: 'aws_iam_role.worker has an inline policy "reports"',
        suggestion: 'Move it to an aws_iam_policy and attach it with an aws_iam_role_policy_attachment, so it can be reused and versioned',
      },
      {
        ...positionOf(text, '"aws_iam_group_policy.analysts_reports"'),
        message: 'aws_iam_group_policy.analysts_reports is an inline policy of group "aws_iam_group.analysts"',
        suggestion: 'Move it to an aws_iam_policy and attach it with an aws_iam_group_policy_attachment, so it can be reused and versioned',
      },
    ]);
  });
});

describe('no-inline-policy in an account snapshot (get-account-authorization-details)', () => {
  it('names the role as IAM does and gives AWS CLI advice, not a template property', async () => {
    const text = JSON.stringify(
      {
        RoleDetailList: [
          {
            RoleName: 'GOAT',
            Arn: 'arn:aws:iam::012345678901:role/GOAT',
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            RolePolicyList: [{ PolicyName: 'Inline', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }] } }],
            AttachedManagedPolicies: [],
          },
        ],
      },
      null,
      2,
    );
    const findings = await lintWith(rule, text, { filename: 'account.json' });
    // At the policy's name, where the inline policy is declared.
    const at = positionOf(text, '"Inline"');
    expect(findings.map((f) => [f.ruleId, f.message, f.suggestion])).toEqual([
      [
        'no-inline-policy',
        'Role "arn:aws:iam::012345678901:role/GOAT" has an inline policy "Inline"',
        'Make it a customer managed policy (aws iam create-policy) and attach it to the role (aws iam attach-role-policy), then delete the inline one (aws iam delete-role-policy), so it can be reused and versioned',
      ],
    ]);
    expect([findings[0]?.line, findings[0]?.column]).toEqual([at.line, at.column]);
  });
});
