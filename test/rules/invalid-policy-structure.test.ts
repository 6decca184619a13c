import { describe, expect, it } from 'vitest';
import rule from '../../rules/invalid-policy-structure.js';
import type { PolicyKind } from '../../src/types.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const READ = { Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-reports/*' };
const TRUST = { Sid: 'LambdaAssume', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' };

/** Drops `keys` from a statement. */
function without(statement: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(statement).filter(([k]) => !keys.includes(k)));
}

interface Invalid {
  name: string;
  text: string;
  /** The text the finding starts at, and (optionally) a text before it to search from. */
  needle: string;
  after?: string;
  /** Length of the reported span on its line; defaults to the needle's length. */
  length?: number;
  /** Where the span ends when it runs over several lines: the text just before its end. */
  endsAfter?: { needle: string; after: string };
  message: string;
  suggestion?: string;
  policyType?: PolicyKind;
  filename?: string;
}

const cases: Invalid[] = [
  {
    name: 'an unknown top-level element that differs from Statement only in case',
    text: `${JSON.stringify({ Version: '2012-10-17', statement: [READ] }, null, 2)}\n`,
    needle: '"statement"',
    message: 'Unknown element "statement"',
    suggestion: 'Did you mean "Statement"? Element names are case-sensitive',
  },
  {
    name: 'an unknown top-level element',
    text: policy([READ], { Description: 'Read the reports' }),
    needle: '"Description"',
    message: 'Unknown element "Description"',
    suggestion: 'Use one of "Version", "Id", "Statement", or remove it',
  },
  {
    name: 'a misspelt top-level element (Versoin)',
    text: `${JSON.stringify({ Versoin: '2012-10-17', Statement: [READ] }, null, 2)}\n`,
    needle: '"Versoin"',
    message: 'Unknown element "Versoin"',
    suggestion: 'Did you mean "Version"?',
  },
  {
    name: 'an unknown statement element',
    text: policy([{ ...READ, Comment: 'for the nightly report' }]),
    needle: '"Comment"',
    message: 'Unknown element "Comment"',
    suggestion: 'Use one of "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition", or remove it',
  },
  {
    name: 'a plural statement element (Actions), reported once, not also as a missing Action',
    text: policy([{ Sid: 'ReadReports', Effect: 'Allow', Actions: ['s3:GetObject'], Resource: 'arn:aws:s3:::example-reports/*' }]),
    needle: '"Actions"',
    message: 'Unknown element "Actions"',
    suggestion: 'Did you mean "Action"?',
  },
  {
    name: 'a lower-case statement element (resource), reported once',
    text: policy([{ Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', resource: 'arn:aws:s3:::example-reports/*' }]),
    needle: '"resource"',
    message: 'Unknown element "resource"',
    suggestion: 'Did you mean "Resource"? Element names are case-sensitive',
  },
  {
    name: 'a missing Statement',
    text: `${JSON.stringify({ Version: '2012-10-17', Id: 'reports-read' }, null, 2)}\n`,
    needle: '{',
    message: 'The policy has no Statement',
    suggestion: 'Add "Statement": [{"Effect": "Allow", "Action": [...], "Resource": [...]}]',
  },
  {
    name: 'a missing Effect, at the statement',
    text: policy([without(READ, 'Effect')]),
    needle: '{',
    after: '"Statement"',
    message: 'Statement "ReadReports" has no Effect',
    suggestion: 'Add "Effect": "Allow" or "Effect": "Deny"',
  },
  {
    name: 'a missing Action',
    text: policy([without(READ, 'Action')]),
    needle: '{',
    after: '"Statement"',
    message: 'Statement "ReadReports" has no Action',
    suggestion: 'Add "Action": ["service:Action"]',
  },
  {
    name: 'a missing Resource in an identity policy; a statement without Sid is named by its place',
    text: policy([READ, without(READ, 'Sid', 'Resource')]),
    needle: '{',
    after: '"s3:GetObject"',
    message: 'Statement #2 has no Resource',
    // The formats of what s3:GetObject acts on, from the IAM data, the one named after it first.
    suggestion: 'Add "Resource": ["arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}"]',
  },
  {
    name: 'a missing Resource in a bucket policy (guessed from its Principal)',
    text: policy([{ ...without(READ, 'Resource'), Principal: { AWS: 'arn:aws:iam::123456789012:role/reporting' } }]),
    needle: '{',
    after: '"Statement"',
    message: 'Statement "ReadReports" has no Resource',
  },
  {
    name: 'Effect "allow" (lower case)',
    text: policy([{ ...READ, Effect: 'allow' }]),
    needle: '"allow"',
    message: 'Effect must be "Allow" or "Deny", not "allow"',
    suggestion: 'Use "Allow"',
  },
  {
    name: 'Effect "DENY"',
    text: policy([{ ...READ, Effect: 'DENY' }]),
    needle: '"DENY"',
    message: 'Effect must be "Allow" or "Deny", not "DENY"',
    suggestion: 'Use "Deny"',
  },
  {
    name: 'Effect "Permit"',
    text: policy([{ ...READ, Effect: 'Permit' }]),
    needle: '"Permit"',
    message: 'Effect must be "Allow" or "Deny", not "Permit"',
    suggestion: 'Use "Allow" or "Deny"',
  },
  {
    name: 'Effect as a boolean',
    text: policy([{ ...READ, Effect: true }]),
    needle: 'true',
    message: 'Effect must be a string, not the boolean true',
  },
  {
    name: 'both Action and NotAction, at NotAction',
    text: policy([{ ...READ, NotAction: 's3:DeleteObject' }]),
    needle: '"NotAction"',
    message: 'Statement "ReadReports" has both Action and NotAction',
    suggestion: 'Keep one of Action and NotAction',
  },
  {
    name: 'both Resource and NotResource',
    text: policy([{ ...READ, NotResource: 'arn:aws:s3:::example-reports/private/*' }]),
    needle: '"NotResource"',
    message: 'Statement "ReadReports" has both Resource and NotResource',
    suggestion: 'Keep one of Resource and NotResource',
  },
  {
    name: 'both Principal and NotPrincipal',
    text: policy([{ ...READ, Effect: 'Deny', Principal: '*', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/reporting' } }]),
    needle: '"NotPrincipal"',
    message: 'Statement "ReadReports" has both Principal and NotPrincipal',
    suggestion: 'Keep one of Principal and NotPrincipal',
  },
  {
    name: 'Action as an object',
    text: policy([{ ...READ, Action: { s3: 'GetObject' } }]),
    needle: '{',
    after: '"Action"',
    endsAfter: { needle: '}', after: '"GetObject"' },
    message: 'Action must be a string or a list of strings, not an object',
    suggestion: 'Write Action as a string or a list of strings',
  },
  {
    name: 'Resource as a number',
    text: policy([{ ...READ, Resource: 42 }]),
    needle: '42',
    message: 'Resource must be a string or a list of strings, not the number 42',
  },
  {
    name: 'a number in the Action list',
    text: policy([{ ...READ, Action: ['s3:GetObject', 7] }]),
    needle: '7',
    after: '"s3:GetObject"',
    message: 'Action must be a string or a list of strings, not the number 7',
  },
  {
    name: 'a list inside the Action list',
    text: policy([{ ...READ, Action: ['s3:GetObject', ['s3:PutObject']] }]),
    needle: '[',
    after: '"s3:GetObject"',
    endsAfter: { needle: ']', after: '"s3:PutObject"' },
    message: 'Action must be a string or a list of strings, not a list inside the list',
  },
  {
    // A YAML alias of a list used as an item: reported where it is used, not at its anchor.
    name: 'a YAML alias of a list as an item of the Action list',
    text: [
      'Version: "2012-10-17"',
      'Statement:',
      '  - Effect: Allow',
      '    Action: &read',
      '      - s3:GetObject',
      '    Resource: arn:aws:s3:::b/*',
      '  - Effect: Allow',
      '    Action:',
      '      - *read',
      '      - s3:PutObject',
      '    Resource: arn:aws:s3:::b/*',
      '',
    ].join('\n'),
    filename: 'policy.yaml',
    needle: '*read',
    message: 'Action must be a string or a list of strings, not a list inside the list',
  },
  {
    name: 'Resource null',
    text: policy([{ ...READ, Resource: null }]),
    needle: 'null',
    message: 'Resource must be a string or a list of strings, not null',
  },
  {
    name: 'a statement that is a string',
    text: policy([READ, 'ReadLogs']),
    needle: '"ReadLogs"',
    message: 'A statement must be an object, not the string "ReadLogs"',
    suggestion: 'Write the statement as an object: {"Effect": "Allow", "Action": [...], "Resource": [...]}',
  },
  {
    name: 'Principal as a bare ARN',
    text: policy([{ ...READ, Principal: 'arn:aws:iam::123456789012:role/reporting' }]),
    needle: '"arn:aws:iam::123456789012:role/reporting"',
    message: 'Principal must be "*" or an object such as {"AWS": [...]}, not "arn:aws:iam::123456789012:role/reporting"',
  },
  {
    name: 'Condition as a string',
    text: policy([{ ...READ, Condition: 'aws:SecureTransport' }]),
    needle: '"aws:SecureTransport"',
    message: 'Condition must be an object of operators, not the string "aws:SecureTransport"',
  },
  {
    name: 'Version as a number',
    text: `${JSON.stringify({ Version: 2012, Statement: [READ] }, null, 2)}\n`,
    needle: '2012',
    message: 'Version must be a string, not the number 2012',
  },
  {
    name: 'Resource in a trust policy (guessed: Principal with sts:AssumeRole)',
    text: policy([{ ...TRUST, Resource: '*' }]),
    needle: '"Resource"',
    message: 'Resource is not allowed in trust policies',
    suggestion: 'Remove Resource; a trust policy applies to its own role',
  },
  {
    name: 'Principal in an SCP',
    text: policy([{ Sid: 'DenyLeaveOrg', Effect: 'Deny', Principal: '*', Action: 'organizations:LeaveOrganization', Resource: '*' }]),
    policyType: 'scp',
    needle: '"Principal"',
    message: 'Principal is not allowed in service control (SCP) policies',
    suggestion: 'Remove Principal; an SCP applies to every principal in the accounts it is attached to',
  },
  {
    name: 'a missing Principal when --policy-type says resource',
    text: policy([READ]),
    policyType: 'resource',
    needle: '{',
    after: '"Statement"',
    message: 'Statement "ReadReports" has no Principal',
    suggestion: 'Add "Principal": {"AWS": "arn:aws:iam::123456789012:root"}',
  },
  {
    name: 'Principal in a CloudFormation role\'s inline policy (known to be identity)',
    filename: 'reporting-stack.yaml',
    text: [
      'Resources:',
      '  ReportingRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: {Service: lambda.amazonaws.com}',
      '            Action: sts:AssumeRole',
      '      Policies:',
      '        - PolicyName: read-reports',
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Sid: ReadReports',
      '                Effect: Allow',
      '                Principal: {AWS: arn:aws:iam::123456789012:root}',
      '                Action: s3:GetObject',
      '                Resource: arn:aws:s3:::example-reports/*',
      '',
    ].join('\n'),
    needle: 'Principal',
    after: 'PolicyName',
    message: 'Principal is not allowed in identity policies',
    suggestion: 'Remove Principal; the policy applies to the identity it is attached to',
  },
  {
    name: 'Resource in a CloudFormation AssumeRolePolicyDocument',
    filename: 'reporting-stack.yaml',
    text: [
      'Resources:',
      '  ReportingRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: {Service: lambda.amazonaws.com}',
      '            Action: sts:AssumeRole',
      '            Resource: "*"',
      '',
    ].join('\n'),
    needle: 'Resource',
    after: 'sts:AssumeRole',
    message: 'Resource is not allowed in trust policies',
  },
  {
    name: 'a missing Principal in a CloudFormation bucket policy',
    filename: 'reports-bucket.yaml',
    text: [
      'Resources:',
      '  ReportsBucket:',
      '    Type: AWS::S3::Bucket',
      '  ReportsBucketPolicy:',
      '    Type: AWS::S3::BucketPolicy',
      '    Properties:',
      '      Bucket: !Ref ReportsBucket',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Sid: ReadReports',
      '            Effect: Allow',
      '            Action: s3:GetObject',
      '            Resource: !Sub "${ReportsBucket.Arn}/*"',
      '',
    ].join('\n'),
    needle: 'Sid',
    length: 1,
    message: 'Statement "ReadReports" has no Principal',
  },
  {
    name: 'an element a statement repeats (a JSON reader keeps one: here the Allow, not the Deny)',
    text: '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Deny", "Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]\n}\n',
    needle: '"Effect"',
    after: '"Deny"',
    message: '"Effect" appears twice in one object: a JSON reader keeps one of them, so the other is lost (or the policy is rejected)',
    suggestion: 'Keep the "Effect" you mean and remove the other: it holds one value',
  },
  {
    name: "an operator a Condition repeats (the S3 guide's Storage Lens example)",
    text: '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",\n    "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}, "StringEquals": {"aws:SourceOrgID": "o-abc123def4"}}}]\n}\n',
    needle: '"StringEquals"',
    after: '"111122223333"',
    message: '"StringEquals" appears twice in one object: a JSON reader keeps one of them, so the other is lost (or the policy is rejected)',
    suggestion: 'Merge the two "StringEquals" entries into one',
  },
  {
    name: 'a condition key written twice in different cases',
    text: '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",\n    "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8", "AWS:SourceIp": "192.0.2.0/24"}}}]\n}\n',
    needle: '"AWS:SourceIp"',
    message: '"AWS:SourceIp" repeats "aws:SourceIp" in another case: condition keys are case-insensitive, so this is one key written twice',
    suggestion: 'Merge the values of "AWS:SourceIp" into "aws:SourceIp"',
  },
  {
    name: 'a principal type a Principal repeats',
    text: '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root", "AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]\n}\n',
    needle: '"AWS"',
    after: ':root"',
    message: '"AWS" appears twice in one object: a JSON reader keeps one of them, so the other is lost (or the policy is rejected)',
  },
];

describe('invalid-policy-structure', () => {
  describe('reports', () => {
    it.each(cases)('$name', async ({ text, needle, after, length, endsAfter, message, suggestion, policyType, filename }) => {
      const findings = await lintWith(rule, text, { ...(policyType && { policyType }), ...(filename && { filename }) });
      const at = positionOf(text, needle, after);
      const last = endsAfter ? positionOf(text, endsAfter.needle, endsAfter.after) : undefined;
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: 'invalid-policy-structure',
        severity: 'error',
        line: at.line,
        column: at.column,
        endLine: last ? last.line : at.line,
        endColumn: last ? last.column + 1 : at.column + (length ?? needle.length),
        message,
      });
      if (suggestion !== undefined) expect(findings[0]?.suggestion).toBe(suggestion);
    });

    it('proposes "*" as the Resource of actions that take only "*", and a generic ARN when the actions are not known', async () => {
      const onlyStar = await lintWith(rule, policy([{ Sid: 'List', Effect: 'Allow', Action: 's3:ListAllMyBuckets' }]));
      expect(onlyStar.map((f) => f.suggestion)).toEqual(['Add "Resource": "*"']);
      const unknown = await lintWith(rule, policy([{ Sid: 'Odd', Effect: 'Allow', Action: 'nosuch:Thing' }]));
      expect(unknown.map((f) => f.suggestion)).toEqual(['Add "Resource": ["arn:..."]']);
    });

    it('reports each missing element of one statement, all at the statement', async () => {
      const text = policy([{ Sid: 'Empty' }]);
      const at = positionOf(text, '{', '"Statement"');
      const findings = await lintWith(rule, text);
      expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
        [at.line, at.column, 'Statement "Empty" has no Effect'],
        [at.line, at.column, 'Statement "Empty" has no Action'],
        [at.line, at.column, 'Statement "Empty" has no Resource'],
      ]);
    });

    it('reports a missing Principal in the one statement of a trust policy that lacks it, when the kind is known', async () => {
      const text = policy([TRUST, without(TRUST, 'Principal', 'Sid')]);
      const findings = await lintWith(rule, text, { policyType: 'trust' });
      const at = positionOf(text, '{', '"sts:AssumeRole"');
      expect(findings).toEqual([
        expect.objectContaining({ ruleId: 'invalid-policy-structure', line: at.line, column: at.column, message: 'Statement #2 has no Principal', path: ['Statement', 1] }),
      ]);
    });

    it('severity follows the configuration', async () => {
      const findings = await lintWith(rule, policy([{ ...READ, Effect: 'allow' }]), { severity: 'warning' });
      expect(findings).toEqual([expect.objectContaining({ ruleId: 'invalid-policy-structure', severity: 'warning', message: 'Effect must be "Allow" or "Deny", not "allow"' })]);
    });
  });

  describe('accepts', () => {
    it.each<{ name: string; text: string; policyType?: PolicyKind; filename?: string }>([
      { name: 'a complete identity policy', text: policy([READ], { Id: 'reports-read' }) },
      { name: 'Statement as a single object', text: `${JSON.stringify({ Version: '2012-10-17', Statement: READ }, null, 2)}\n` },
      { name: 'a trust policy without Resource', text: policy([TRUST]) },
      { name: 'a trust policy without Resource, kind given', text: policy([TRUST]), policyType: 'trust' },
      { name: 'an SCP without Principal', text: policy([{ Sid: 'DenyLeaveOrg', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }]), policyType: 'scp' },
      { name: 'an SCP with NotAction', text: policy([{ Sid: 'DenyOutsideRegions', Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' }]), policyType: 'scp' },
      { name: 'an RCP with Principal "*"', text: policy([{ Sid: 'EnforceTls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }]), policyType: 'rcp' },
      { name: 'a bucket policy with Principal and Resource', text: policy([{ ...READ, Principal: { AWS: 'arn:aws:iam::123456789012:role/reporting' } }]) },
      { name: 'a bare file with no Principal is not a resource policy missing one', text: policy([READ]) },
      { name: 'NotAction and NotResource alone', text: policy([{ Sid: 'DenyOthers', Effect: 'Deny', NotAction: 's3:GetObject', NotResource: 'arn:aws:s3:::example-reports/*' }]) },
      { name: 'numbers and booleans as condition values', text: policy([{ ...READ, Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, Bool: { 'aws:SecureTransport': true } } }]) },
      { name: 'an empty Statement list (empty-element reports that)', text: policy([]) },
      {
        name: 'Terraform condition blocks that repeat a test and variable, whose values the provider merges into one key',
        filename: 'main.tf',
        text: 'data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["ec2:CreateTags"]\n    resources = ["*"]\n    condition {\n      test     = "StringEquals"\n      variable = "aws:RequestTag/team"\n      values   = ["red"]\n    }\n    condition {\n      test     = "StringEquals"\n      variable = "aws:RequestTag/team"\n      values   = ["blue"]\n    }\n  }\n}\n',
      },
      {
        name: 'a YAML trust policy with an unquoted account id',
        filename: 'trust.yaml',
        text: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Principal:\n      AWS: 123456789012\n    Action: sts:AssumeRole\n',
      },
      {
        name: 'CloudFormation Effect chosen by Fn::If',
        filename: 'reporting-stack.yaml',
        text: [
          'Conditions:',
          '  IsProd: !Equals [!Ref Stage, prod]',
          'Resources:',
          '  ReportingPolicy:',
          '    Type: AWS::IAM::ManagedPolicy',
          '    Properties:',
          '      PolicyDocument:',
          '        Version: "2012-10-17"',
          '        Statement:',
          '          - Effect: !If [IsProd, Deny, Allow]',
          '            Action: s3:DeleteObject',
          '            Resource: arn:aws:s3:::example-reports/*',
          '',
        ].join('\n'),
      },
    ])('$name', async ({ text, policyType, filename }) => {
      expect(await lintWith(rule, text, { ...(policyType && { policyType }), ...(filename && { filename }) })).toEqual([]);
    });
  });
});

describe('invalid-policy-structure and policies whose resource is implied', () => {
  it('does not ask an ECR repository policy for a Resource (it applies to its repository), but does ask a bucket policy', async () => {
    const template = (type: string, property: string) =>
      [
        'Resources:',
        '  R:',
        `    Type: ${type}`,
        '    Properties:',
        `      ${property}:`,
        '        Version: "2012-10-17"',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: { AWS: "arn:aws:iam::123456789012:root" }',
        '            Action: ecr:BatchGetImage',
        '',
      ].join('\n');
    expect(await lintWith(rule, template('AWS::ECR::Repository', 'RepositoryPolicyText'), { filename: 't.yaml' })).toEqual([]);
    const bucket = await lintWith(rule, template('AWS::S3::BucketPolicy', 'PolicyDocument'), { filename: 't.yaml' });
    expect(bucket.map((f) => f.message)).toEqual([expect.stringContaining('has no Resource')]);
  });

  it('does not ask a bare repository policy of ECR actions for a Resource, but does when another service is in it', async () => {
    const statements = (actions: string[]) => policy([{ Sid: 'Pull', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: actions }]);
    expect(await lintWith(rule, statements(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']))).toEqual([]);
    expect(await lintWith(rule, statements(['ecr-public:BatchCheckLayerAvailability']), { policyType: 'resource' })).toEqual([]);
    const mixed = statements(['ecr:BatchGetImage', 's3:GetObject']);
    expect((await lintWith(rule, mixed)).map((f) => [f.message, f.line, f.column])).toEqual([['Statement "Pull" has no Resource', positionOf(mixed, '{').line + 3, 5]]);
  });
});

describe('invalid-policy-structure and elements known only at deploy time', () => {
  // Terraform's generic-statement modules: at most one of each pair is set at deploy time.
  const generic = `data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = var.statements
    content {
      sid           = lookup(statement.value, "sid", null)
      actions       = lookup(statement.value, "actions", null)
      not_actions   = lookup(statement.value, "not_actions", null)
      resources     = lookup(statement.value, "resources", null)
      not_resources = lookup(statement.value, "not_resources", null)
      dynamic "principals" {
        for_each = lookup(statement.value, "principals", [])
        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }
      dynamic "not_principals" {
        for_each = lookup(statement.value, "not_principals", [])
        content {
          type        = not_principals.value.type
          identifiers = not_principals.value.identifiers
        }
      }
    }
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = "b"
  policy = data.aws_iam_policy_document.d.json
}
`;

  it('does not report X beside NotX when either is opaque (Terraform generic statement)', async () => {
    const findings = await lintWith(rule, generic, { filename: 'main.tf' });
    expect(findings).toEqual([]);
  });

  it('does not report Action beside NotAction from a template parameter (CloudFormation)', async () => {
    const text = [
      'Resources:',
      '  Ops:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Action: s3:GetObject',
      '            NotAction: !Ref Excluded',
      "            Resource: '*'",
      '',
    ].join('\n');
    expect(await lintWith(rule, text, { filename: 't.yaml' })).toEqual([]);
  });

  it('still reports both when both are written out, and labels a statement whose Sid is a placeholder by its number', async () => {
    const text = `data "aws_iam_policy_document" "d" {
  statement {
    sid           = var.sid
    actions       = ["s3:GetObject"]
    not_actions   = ["iam:*"]
    resources     = var.resources
    not_resources = ["arn:aws:s3:::private/*"]
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
`;
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    const key = positionOf(text, 'not_actions');
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message, f.suggestion])).toEqual([
      ['invalid-policy-structure', key.line, key.column, 'Statement #1 has both Action and NotAction', 'Keep one of Action and NotAction'],
    ]);
  });

  it('does not report an opaque Principal in an identity policy or an opaque Resource in a trust policy (dynamic blocks, null attributes)', async () => {
    const text = `data "aws_iam_policy_document" "identity" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::logs/*"]
    dynamic "principals" {
      for_each = var.principals
      content {
        type        = principals.value.type
        identifiers = principals.value.identifiers
      }
    }
  }
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions   = ["sts:AssumeRole"]
    resources = lookup(var.statement, "resources", null)
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.identity.json
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;
    expect(await lintWith(rule, text, { filename: 'main.tf' })).toEqual([]);
    const written = text.replace('lookup(var.statement, "resources", null)', '["*"]');
    const at = positionOf(written, 'resources', '"trust"');
    expect((await lintWith(rule, written, { filename: 'main.tf' })).map((f) => [f.line, f.column, f.message])).toEqual([[at.line, at.column, 'Resource is not allowed in trust policies']]);
  });

  it('reports a missing element of a statement whose Sid is a placeholder by the statement\'s number', async () => {
    const text = `data "aws_iam_policy_document" "d" {
  statement {
    sid     = lookup(var.statement, "sid", null)
    actions = ["s3:GetObject"]
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
`;
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    expect(findings.map((f) => [f.ruleId, f.message])).toEqual([['invalid-policy-structure', 'Statement #1 has no Resource']]);
  });
});

describe('invalid-policy-structure and conditions filled in at deploy time', () => {
  const role = (condition: unknown) =>
    JSON.stringify(
      {
        Resources: {
          Role: {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: { Federated: { Ref: 'Provider' } }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }],
              },
            },
          },
        },
      },
      null,
      2,
    );

  it.each([
    ['an operator whose keys are an intrinsic (the CDK\'s CfnJson)', { StringEquals: { 'Fn::GetAtt': ['ConditionJson', 'Value'] } }],
    ['a whole Condition that is an intrinsic', { 'Fn::GetAtt': ['ConditionJson', 'Value'] }],
  ])('does not report %s', async (_name, condition) => {
    expect(await lintWith(rule, role(condition), { filename: 't.template.json' })).toEqual([]);
  });

  it('still reports an operator whose value is a string', async () => {
    const text = role({ StringEquals: 'sts.amazonaws.com' });
    const findings = await lintWith(rule, text, { filename: 't.template.json' });
    const at = positionOf(text, '"sts.amazonaws.com"');
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([[at.line, at.column, 'Condition.StringEquals must be an object of condition keys, not the string "sts.amazonaws.com"']]);
  });
});

describe('invalid-policy-structure and the grammar of each kind', () => {
  it.each<[PolicyKind, string]>([
    ['identity', '[{"Effect": "Allow", "Action": [...], "Resource": [...]}]'],
    ['trust', '[{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]'],
    ['resource', '[{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": [...], "Resource": [...]}]'],
    ['rcp', '[{"Effect": "Deny", "Principal": "*", "Action": [...], "Resource": "*", "Condition": {...}}]'],
  ])('suggests a Statement that fits a %s policy when there is none', async (policyType, example) => {
    const [finding] = await lintWith(rule, `${JSON.stringify({ Version: '2012-10-17' }, null, 2)}\n`, { policyType });
    expect(finding?.suggestion).toBe(`Add "Statement": ${example}`);
  });

  it('suggests a trust Statement, with no Resource, for a role whose AssumeRolePolicyDocument has none', async () => {
    const text = ['Resources:', '  Role:', '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', '        Version: "2012-10-17"', ''].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.message, f.suggestion])).toEqual([
      [6, 9, 'The policy has no Statement', 'Add "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]'],
    ]);
  });

  it.each(['Allow', 'Deny'])('reports NotPrincipal in a role trust policy (Effect %s) at the key', async (effect) => {
    const text = JSON.stringify(
      { Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: effect, NotPrincipal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } } } },
      null,
      2,
    );
    const findings = await lintWith(rule, text, { filename: 't.json' });
    const at = positionOf(text, '"NotPrincipal"');
    expect(findings.map((f) => [f.line, f.column, f.message, f.suggestion, f.path])).toEqual([
      [at.line, at.column, 'NotPrincipal is not allowed in trust policies', 'Remove NotPrincipal; name who may assume the role in Principal', ['Statement', 0, 'NotPrincipal']],
    ]);
  });

  it('accepts a Deny with NotPrincipal in a resource policy', async () => {
    const text = policy([{ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/payroll' }, Action: 's3:*', Resource: 'arn:aws:s3:::payroll/*' }]);
    expect(await lintWith(rule, text, { policyType: 'resource' })).toEqual([]);
  });

  describe('RCPs', () => {
    const DENY_TLS = { Sid: 'EnforceTls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } };
    it.each<{ name: string; statement: Record<string, unknown>; needle: string; message: string; suggestion: string }>([
      { name: 'a statement with no Principal', statement: without(DENY_TLS, 'Principal'), needle: '{', message: 'Statement "EnforceTls" has no Principal', suggestion: 'Add "Principal": "*"' },
      {
        name: 'NotAction',
        statement: { ...without(DENY_TLS, 'Action'), NotAction: 's3:GetObject' },
        needle: '"NotAction"',
        message: 'NotAction is not allowed in resource control (RCP) policies',
        suggestion: 'Remove NotAction; RCPs need Action: list the s3 actions to deny instead of excluding "s3:GetObject"',
      },
      {
        name: 'NotPrincipal',
        statement: { ...without(DENY_TLS, 'Principal'), NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/admin' } },
        needle: '"NotPrincipal"',
        message: 'NotPrincipal is not allowed in resource control (RCP) policies',
        suggestion: 'Remove NotPrincipal; use "Principal": "*" and exempt principals with a Condition on aws:PrincipalArn',
      },
      {
        name: 'a Principal naming accounts',
        statement: { ...DENY_TLS, Principal: { AWS: ['111122223333', 'arn:aws:iam::444455556666:root'] } },
        needle: '"Principal"',
        message: 'The Principal of an RCP must be "*", not "111122223333", "arn:aws:iam::444455556666:root"',
        suggestion: 'Use "Principal": "*" and name them in a Condition instead: "Condition": {"StringEquals": {"aws:PrincipalAccount": ["111122223333", "444455556666"]}}',
      },
      {
        name: 'a Principal naming a role',
        statement: { ...DENY_TLS, Principal: { AWS: 'arn:aws:iam::111122223333:role/etl' } },
        needle: '"Principal"',
        message: 'The Principal of an RCP must be "*", not "arn:aws:iam::111122223333:role/etl"',
        suggestion: 'Use "Principal": "*" and name them in a Condition instead: "Condition": {"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::111122223333:role/etl"]}}',
      },
      {
        name: 'an Allow other than RCPFullAWSAccess',
        statement: { Sid: 'AllowS3', Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
        needle: '"Allow"',
        message: 'Statement "AllowS3" uses "Effect": "Allow", which RCPs support only in the AWS-managed RCPFullAWSAccess',
        suggestion: 'Use "Effect": "Deny" with a Condition for the access to block; RCPFullAWSAccess already lets everything else through',
      },
    ])('reports $name', async ({ statement, needle, message, suggestion }) => {
      const text = policy([statement]);
      const findings = await lintWith(rule, text, { policyType: 'rcp' });
      const at = positionOf(text, needle, '"Statement"');
      expect(findings.map((f) => [f.line, f.column, f.message, f.suggestion])).toEqual([[at.line, at.column, message, suggestion]]);
    });

    it.each([
      ['RCPFullAWSAccess', { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
      ['a Principal of {"AWS": "*"}', { ...DENY_TLS, Principal: { AWS: '*' } }],
      ['a Deny with Principal "*"', DENY_TLS],
    ])('accepts %s', async (_, statement) => {
      expect(await lintWith(rule, policy([statement]), { policyType: 'rcp' })).toEqual([]);
    });

    it('checks an AWS::Organizations::Policy of Type RESOURCE_CONTROL_POLICY, and leaves SCPs as they were', async () => {
      const org = (type: string) =>
        [
          'Resources:',
          '  Perimeter:',
          '    Type: AWS::Organizations::Policy',
          '    Properties:',
          `      Type: ${type}`,
          '      Name: perimeter',
          '      Content:',
          '        Version: "2012-10-17"',
          '        Statement:',
          '          - Effect: Deny',
          '            NotAction: s3:GetObject',
          '            Resource: "*"',
          '',
        ].join('\n');
      const rcp = await lintWith(rule, org('RESOURCE_CONTROL_POLICY'), { filename: 't.yaml' });
      expect(rcp.map((f) => [f.line, f.column, f.message])).toEqual([
        [10, 13, 'Statement #1 has no Principal'],
        [11, 13, 'NotAction is not allowed in resource control (RCP) policies'],
      ]);
      expect(await lintWith(rule, org('SERVICE_CONTROL_POLICY'), { filename: 't.yaml' })).toEqual([]);
    });
  });
});
