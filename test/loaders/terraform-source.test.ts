/**
 * Terraform source (.tf): policies from heredoc JSON, `jsonencode(...)` and
 * `aws_iam_policy_document` data sources, interpolations as placeholders with ARN shapes, exact
 * positions inside each block, attachments feeding principals, comments and syntax errors.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import noUserAttachedPolicy from '../../rules/no-user-attached-policy.js';
import parseError from '../../rules/parse-error.js';
import resourceMismatch from '../../rules/resource-mismatch.js';
import unknownAction from '../../rules/unknown-action.js';
import { lintSource, type ActiveRule } from '../../src/engine/lint.js';
import { DEFAULT_EXTENSIONS } from '../../src/files/walk.js';
import { PLAN_POLICY_ATTRIBUTES } from '../../src/loaders/terraform-plan/resource-types.js';
import { TF_POLICY_ATTRIBUTES } from '../../src/loaders/terraform-source/resource-types.js';
import { SourceFile } from '../../src/source/source-file.js';
import { lintWith } from '../helpers/lint.js';
import { brief, lintSuppressed } from '../suppress/helpers.js';
import { loadText, policyAt, positionIn } from './load.js';

const fixtures = new URL('../../fixtures/terraform-src/', import.meta.url).pathname;

const HEREDOC = `resource "aws_iam_policy" "reader" {
  name   = "reader"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["\${aws_s3_bucket.data.arn}", "arn:aws:s3:::data/home/$\${aws:username}/*"]
    }
  ]
}
EOF
}

resource "aws_iam_policy" "writer" {
  name   = "writer"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "\${var.bucket_arn}/*"}]
    }
  EOT
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
`;

const JSONENCODE = `resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  inline_policy {
    name = "logs"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"] # shipping only
          Resource = "\${aws_cloudwatch_log_group.app.arn}:*"
        },
        {
          Effect   = "Allow"
          "Action" = "s3:GetObject"
          Resource = aws_s3_bucket.b.arn
        },
      ]
    })
  }
}
`;

const DOCUMENT = `data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "Lambda"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

data "aws_iam_policy_document" "shared" {
  statement {
    effect    = "Deny"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_policy" "one" {
  policy = data.aws_iam_policy_document.shared.json
}

resource "aws_s3_bucket_policy" "two" {
  bucket = "b"
  policy = "\${data.aws_iam_policy_document.shared.json}"
}
`;

describe('heredoc JSON', () => {
  it('reads the policy with exact positions and placeholders for interpolations', async () => {
    const { result, at } = await loadText(HEREDOC, 'main.tf');
    expect(result.syntaxErrors).toEqual([]);
    const doc = policyAt(result, 'aws_iam_policy.reader.policy');
    expect([doc.name, doc.kind, doc.kindKnown]).toEqual(['aws_iam_policy.reader', 'identity', true]);
    const st = doc.statements[0]!;
    expect(st.action!.values.map((v) => [v.value, at(v)])).toEqual([
      ['s3:GetObject', { line: 10, column: 18 }],
      ['s3:ListBucket', { line: 10, column: 34 }],
    ]);
    expect(st.resource!.values.map((v) => [v.value, v.intrinsic, at(v)])).toEqual([
      ['arn:aws:s3:::example-data', 'Fn::Sub', { line: 11, column: 20 }],
      // `$${` is Terraform's escape for a literal `${`: a policy variable, not an interpolation.
      ['arn:aws:s3:::data/home/${aws:username}/*', undefined, { line: 11, column: 49 }],
    ]);
  });

  it('reads an indented heredoc (<<-EOT) at the columns written', async () => {
    const { result, at } = await loadText(HEREDOC, 'main.tf');
    const st = policyAt(result, 'aws_iam_policy.writer.policy').statements[0]!;
    expect(at(st.action!.values[0]!)).toEqual({ line: 23, column: 51 });
    expect([st.resource!.values[0]!.value, at(st.resource!.values[0]!)]).toEqual(['${var.bucket_arn}/*', { line: 23, column: 79 }]);
  });

  it('reads a template outside quotes as a placeholder value, and one standing for condition members as a condition known at apply time', async () => {
    const text = [
      'resource "aws_organizations_policy" "guard" {',
      '  content = <<EOF',
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [{',
      '    "Effect": "Deny",',
      '    "NotAction": ${jsonencode(var.global_actions)},',
      '    "Resource": "*",',
      '    "Condition": {',
      '      ${var.principal_condition}',
      '      "StringNotEquals": {"aws:RequestedRegion": ${jsonencode({for r in var.regions : r => r})}}',
      '    }',
      '  }]',
      '}',
      'EOF',
      '}',
    ].join('\n');
    const { result, at } = await loadText(text, 'main.tf');
    expect(result.syntaxErrors).toEqual([]);
    const st = policyAt(result, 'aws_organizations_policy.guard.content').statements[0]!;
    expect(st.notAction!.values.map((v) => [v.value, at(v)])).toEqual([['${jsonencode(var.global_actions)}', positionIn(text, '${jsonencode(var.global')]]);
    expect(st.condition!.opaque).toBe(true);
    expect(at(st.condition!.operators[0]!.operator)).toEqual(positionIn(text, '"StringNotEquals"'));
    expect(at(st.resource!.values[0]!)).toEqual(positionIn(text, '"*"'));
  });

  it('points each of two policies with the same action into its own block', async () => {
    const { result, at } = await loadText(HEREDOC, 'main.tf');
    const a = policyAt(result, 'aws_iam_policy.reader.policy').statements[0]!.action!.values[0]!;
    const b = policyAt(result, 'aws_iam_policy.writer.policy').statements[0]!.action!.values[0]!;
    expect([a.value, b.value]).toEqual(['s3:GetObject', 's3:GetObject']);
    expect([at(a).line, at(b).line]).toEqual([10, 23]);
  });
});

describe('jsonencode', () => {
  it('reads a trust policy and an inline policy block, with keys and values at their places', async () => {
    const { result, at } = await loadText(JSONENCODE, 'main.tf');
    const trust = policyAt(result, 'aws_iam_role.app.assume_role_policy');
    expect([trust.kind, trust.attachment.principals.map((p) => p.name)]).toEqual(['trust', ['aws_iam_role.app']]);
    const tst = trust.statements[0]!;
    expect(at(tst.effect!)).toEqual({ line: 6, column: 19 });
    expect(at(tst.principal!.entries[0]!.type)).toEqual({ line: 7, column: 21 });
    expect(at(tst.principal!.entries[0]!.values[0]!)).toEqual({ line: 7, column: 31 });
    const inline = policyAt(result, 'aws_iam_role.app.inline_policy[0].policy');
    expect([inline.name, inline.attachment.inline, inline.attachment.policyName]).toEqual(['aws_iam_role.app policy "logs"', true, 'logs']);
    const [first, second] = inline.statements;
    expect(first!.action!.values.map((v) => [v.value, at(v)])).toEqual([
      ['logs:CreateLogStream', { line: 18, column: 23 }],
      ['logs:PutLogEvents', { line: 18, column: 47 }],
    ]);
    expect(first!.resource!.values.map((v) => [v.value, v.intrinsic])).toEqual([['arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:${aws_cloudwatch_log_group.app.name}:*', 'Fn::Sub']]);
    expect(at(second!.action!.key)).toEqual({ line: 23, column: 11 });
    // A bare reference to a resource's arn takes that type's ARN shape, as `!GetAtt` does.
    expect(second!.resource!.values.map((v) => [v.value, v.intrinsic, at(v)])).toEqual([['arn:aws:s3:::${aws_s3_bucket.b.bucket}', 'Fn::GetAtt', { line: 24, column: 22 }]]);
  });

  it('suggests the ARN to add on the reference the statement names, not on data sources the file may not declare', async () => {
    const text = (resources: string) =>
      `resource "aws_dynamodb_table" "t" {\n  name     = "t"\n  hash_key = "id"\n}\n\ndata "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["dynamodb:GetRecords"]\n    resources = [${resources}]\n  }\n}\n`;
    const suggestions = async (resources: string) => (await lintWith(resourceMismatch, text(resources), { filename: 'main.tf' })).map((f) => f.suggestion);
    const add = (arn: string) => `Add "${arn}" to resources (stream: arn:\${Partition}:dynamodb:\${Region}:\${Account}:table/\${TableName}/stream/\${StreamLabel}), or move "dynamodb:GetRecords" to a statement of its own`;
    expect(await suggestions('aws_dynamodb_table.t.arn')).toEqual([add('${aws_dynamodb_table.t.arn}/stream/*')]);
    expect(await suggestions('"${aws_dynamodb_table.t.arn}"')).toEqual([add('${aws_dynamodb_table.t.arn}/stream/*')]);
    expect(await suggestions('aws_dynamodb_table.m["orders"].arn')).toEqual([add('${aws_dynamodb_table.m["orders"].arn}/stream/*')]);
    // An index's ARN: no stream ARN is derived from it, so the format is given.
    expect(await suggestions('"${aws_dynamodb_table.t.arn}/index/*"')).toEqual([
      'Move "dynamodb:GetRecords" to a statement whose resources have the form arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}',
    ]);
  });

  it('lets resource-mismatch see a bucket ARN where an object is needed', async () => {
    const findings = await lintWith(resourceMismatch, JSONENCODE, { filename: 'main.tf' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      ['resource-mismatch', 23, 22, '"s3:GetObject" acts on accesspointobject, object resources, but no resource in the statement is one: "arn:aws:s3:::${aws_s3_bucket.b.bucket}"'],
    ]);
    expect(findings[0]!.suggestion).toBe('Add "${aws_s3_bucket.b.arn}/*" to Resource (object: arn:${Partition}:s3:::${BucketName}/${ObjectName}), or move "s3:GetObject" to a statement of its own');
  });
});

describe('aws_iam_policy_document data sources', () => {
  it('maps statement blocks onto the IAM model, each element at what the user wrote', async () => {
    const { result, at } = await loadText(DOCUMENT, 'main.tf');
    const doc = policyAt(result, 'data.aws_iam_policy_document.trust');
    // Its one use is a role's assume_role_policy: a trust policy of that role.
    expect([doc.kind, doc.kindKnown, doc.attachment.principals.map((p) => p.name)]).toEqual(['trust', true, ['aws_iam_role.fn']]);
    expect(doc.version!.value).toBe('2012-10-17');
    const st = doc.statements[0]!;
    expect([st.sid!.value, at(st.sid!)]).toEqual(['Lambda', { line: 3, column: 15 }]);
    // The provider renders a statement without `effect` as Allow.
    expect(st.effect!.value).toBe('Allow');
    expect([at(st.action!.key), at(st.action!.values[0]!)]).toEqual([{ line: 4, column: 5 }, { line: 4, column: 16 }]);
    const principal = st.principal!.entries[0]!;
    expect([principal.type.value, at(principal.type), principal.values.map((v) => [v.value, at(v)])]).toEqual([
      'Service',
      { line: 6, column: 21 },
      [['lambda.amazonaws.com', { line: 7, column: 22 }]],
    ]);
    const op = st.condition!.operators[0]!;
    expect([op.operator.value, at(op.operator)]).toEqual(['StringEquals', { line: 10, column: 18 }]);
    expect([op.keys[0]!.key.value, at(op.keys[0]!.key)]).toEqual(['aws:SourceAccount', { line: 11, column: 18 }]);
    expect(op.keys[0]!.values.map((v) => [v.value, v.intrinsic, at(v)])).toEqual([['${var.account_id}', 'Ref', { line: 12, column: 19 }]]);
  });

  it('reads a dynamic block\'s content as one block of its type, in the order written, iterator references as placeholders', async () => {
    const text = `data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::logs/*"]
  }
  dynamic "statement" {
    for_each = var.grants
    content {
      actions   = statement.value.actions
      resources = ["arn:aws:s3:::\${statement.value.bucket}/*"]
      dynamic "condition" {
        for_each = var.orgs
        content {
          test     = "StringEquals"
          variable = "aws:PrincipalOrgID"
          values   = [condition.value]
        }
      }
    }
  }
  dynamic "statement" {
    for_each = var.admins
    content {
      actions   = ["s3:*"]
      resources = ["*"]
    }
  }
}
`;
    const { result, at } = await loadText(text, 'main.tf');
    const doc = policyAt(result, 'data.aws_iam_policy_document.p');
    expect(doc.statements).toHaveLength(3);
    const [, fromVariable, admin] = doc.statements as [unknown, (typeof doc.statements)[number], (typeof doc.statements)[number]];
    expect(fromVariable.action!.values.map((v) => [v.value, v.intrinsic !== undefined, at(v)])).toEqual([['\${statement.value.actions}', true, { line: 9, column: 19 }]]);
    expect(fromVariable.resource!.values.map((v) => v.value)).toEqual(['arn:aws:s3:::\${statement.value.bucket}/*']);
    expect(fromVariable.condition!.operators.map((o) => [o.operator.value, o.keys[0]!.key.value, at(o.operator)])).toEqual([['StringEquals', 'aws:PrincipalOrgID', { line: 14, column: 22 }]]);
    // The provider's default effect, pointing at the content block that leaves it out.
    expect([admin.effect!.value, at(admin.effect!)]).toEqual(['Allow', { line: 23, column: 5 }]);
    const findings = await lintWith(builtinRules.find((r) => r.meta.id === 'no-wildcard-action')!, text, { filename: 'main.tf' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['no-wildcard-action', 24, 20]]);
  });

  it('is linted once; used as two kinds, its kind is guessed', async () => {
    const { result } = await loadText(DOCUMENT, 'main.tf');
    expect(result.policies.map((p) => p.location)).toEqual(['data.aws_iam_policy_document.trust', 'data.aws_iam_policy_document.shared']);
    const shared = policyAt(result, 'data.aws_iam_policy_document.shared');
    expect([shared.kind, shared.kindKnown, shared.statements[0]!.effect!.value]).toEqual(['identity', false, 'Deny']);
  });
});

describe('attachments and principals', () => {
  it('links users, groups, memberships, inline and managed policies as the CloudFormation loader does', async () => {
    const { result } = await loadText(readFileSync(`${fixtures}bad/iam.tf`, 'utf8'), 'iam.tf');
    const user = result.principals.find((p) => p.name === 'aws_iam_user.deploy')!;
    expect(user.memberOf.map((g) => g.name)).toEqual(['aws_iam_group.deployers']);
    expect(user.managedPolicyArns.map((a) => a.value)).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(user.policies.map((p) => p.location)).toEqual(['aws_iam_user_policy.deploy_inline.policy']);
    const role = result.principals.find((p) => p.name === 'aws_iam_role.ci')!;
    expect(role.policies.map((p) => p.location)).toEqual(['aws_iam_role.ci.assume_role_policy', 'aws_iam_role_policy.ci_passrole.policy', 'data.aws_iam_policy_document.everything']);
  });

  it('attaches a managed policy by aws_iam_policy.x.arn, through its data source', async () => {
    const { result } = await loadText(readFileSync(`${fixtures}good/iam.tf`, 'utf8'), 'iam.tf');
    const doc = policyAt(result, 'data.aws_iam_policy_document.read_assets');
    expect([doc.kind, doc.attachment.inline, doc.attachment.resource?.type, doc.attachment.principals.map((p) => p.name)]).toEqual(['identity', false, 'AWS::IAM::ManagedPolicy', ['aws_iam_role.worker']]);
  });

  it('no-user-attached-policy reports a managed policy attached to a user', async () => {
    const text = readFileSync(`${fixtures}bad/iam.tf`, 'utf8');
    const findings = await lintWith(noUserAttachedPolicy, text, { filename: 'iam.tf' });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [17, 16, 'User "aws_iam_user.deploy" has the managed policy "arn:aws:iam::aws:policy/AdministratorAccess" attached directly'],
      [20, 32, 'aws_iam_user_policy.deploy_inline is attached directly to user "aws_iam_user.deploy"'],
    ]);
  });
});

describe('comments and syntax errors', () => {
  it('honours # iamlint-disable-next-line, and ignores # inside strings and heredocs', async () => {
    const text = [
      'resource "aws_iam_policy" "p" {',
      '  policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [{',
      '      Effect = "Allow"',
      '      # iamlint-disable-next-line unknown-action -- provider ships this action before the IAM data',
      '      Action = ["s3:GetObjekt", "s3:PutObjekt"]',
      '      Resource = "arn:aws:s3:::b/# not a comment"',
      '    }]',
      '  })',
      '}',
      '',
    ].join('\n');
    const result = await lintSuppressed(text, 'main.tf', {}, ['parse-error', 'unknown-action']);
    expect(brief(result).filter((b) => b.startsWith('unknown-action'))).toEqual([
      'unknown-action 7:17 suppressed(inSource:provider ships this action before the IAM data)',
      'unknown-action 7:33 suppressed(inSource:provider ships this action before the IAM data)',
    ]);
  });

  it('gives an HCL syntax error as a parse-error finding at hcl\'s line and column', async () => {
    // hcl places it at the end of the line the string runs off.
    const text = 'resource "aws_iam_policy" "p" {\n  name = "unterminated\n}\n';
    const findings = await lintWith(unknownAction, text, { filename: 'main.tf' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['parse-error', 2, 23]]);
    expect(findings[0]!.message).toContain('Invalid multi-line string');
  });

  it.each([
    // hcl writes a span on one line as `2,14-15`, without the end line.
    ['a span on one line', 'resource "aws_iam_policy" "p" {\n  name = "x" ; policy = "{}"\n}\n', [2, 14, 2, 15], 'Invalid character: The ";" character is not valid'],
    // hcl counts a family emoji (five code points, eight UTF-16 units) as one column.
    ['a column after a grapheme of several code points', 'resource "aws_iam_policy" "p" {\n  name = "👨‍👩‍👧 unterminated\n}\n', [2, 32, 3, 1], 'Invalid multi-line string'],
  ])('gives an HCL syntax error at its place: %s', async (_name, text, [line, column, endLine, endColumn], message) => {
    const [finding] = await lintWith(unknownAction, text, { filename: 'main.tf' });
    expect([finding?.ruleId, finding?.line, finding?.column, finding?.endLine, finding?.endColumn]).toEqual(['parse-error', line, column, endLine, endColumn]);
    expect(finding?.message).toContain(message);
  });

  it('reports broken JSON in a heredoc at its place', async () => {
    const text = 'resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{"Version": "2012-10-17" "Statement": []}\nEOF\n}\n';
    const findings = await lintWith(parseError, text, { filename: 'main.tf' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['parse-error', 3, 26]]);
  });
});

describe('fixtures', () => {
  const all: ActiveRule[] = builtinRules.map((rule) => ({ rule, severity: rule.meta.severity, severityConfigured: false, options: rule.defaultOptions ?? {} }));
  const lintFixture = async (name: string) => (await lintSource(new SourceFile(name, readFileSync(fixtures + name, 'utf8')), { rules: all })).findings;

  it.each(['good/iam.tf', 'good/resource-policies.tf'])('%s has no findings', async (name) => {
    expect(await lintFixture(name)).toEqual([]);
  });

  it('bad/resource-policies.tf: findings on every resource type', async () => {
    const got = (await lintFixture('bad/resource-policies.tf')).map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.policy?.location}`);
    expect(got).toEqual(expect.arrayContaining([
      'no-public-principal 11:19 aws_sqs_queue_policy.events.policy',
      'no-public-principal 33:22 data.aws_iam_policy_document.alerts',
      'no-public-principal 61:19 aws_ecr_repository_policy.app.policy',
      'no-public-principal 73:27 aws_secretsmanager_secret_policy.db.policy',
      'unknown-action 86:18 aws_organizations_policy.scp.content',
      'service-principal-without-source 104:19 aws_lambda_permission.s3',
      'no-public-principal 111:28 aws_lambda_permission.url',
    ]));
    const { result } = await loadText(readFileSync(`${fixtures}bad/resource-policies.tf`, 'utf8'), 'r.tf');
    expect(result.policies.map((p) => [p.location, p.kind])).toEqual([
      ['aws_sqs_queue_policy.events.policy', 'resource'],
      ['aws_kms_key.data.policy', 'resource'],
      ['aws_ecr_repository_policy.app.policy', 'resource'],
      ['aws_secretsmanager_secret_policy.db.policy', 'resource'],
      ['aws_organizations_policy.scp.content', 'scp'],
      ['aws_lambda_permission.s3', 'resource'],
      ['aws_lambda_permission.url', 'resource'],
      ['data.aws_iam_policy_document.alerts', 'resource'],
    ]);
  });

  it('lints the CloudFormation template a stack set writes in a heredoc, at its places, and one in jsonencode', async () => {
    const text = [
      'resource "aws_cloudformation_stack_set" "scanner" {',
      '  name          = "scanner"',
      '  template_body = <<TEMPLATE',
      'Resources:',
      '  ScanningRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '        - Effect: Allow',
      '          Principal: {AWS: "arn:aws:iam::111122223333:root"}',
      '          Action: sts:AssumeRole',
      'TEMPLATE',
      '}',
      'resource "aws_cloudformation_stack" "queue" {',
      '  name          = "queue"',
      '  template_body = jsonencode({ Resources = { Policy = { Type = "AWS::SQS::QueuePolicy", Properties = { Queues = ["q"], PolicyDocument = { Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:SendMessage", Resource = "*" }] } } } } })',
      '}',
      '',
    ].join('\n');
    const { result, at } = await loadText(text, 'main.tf');
    expect(result.policies.map((p) => [p.location, p.kind])).toEqual([
      ['aws_cloudformation_stack_set.scanner.template_body.Resources.ScanningRole.Properties.AssumeRolePolicyDocument', 'trust'],
      ['aws_cloudformation_stack.queue.template_body.Resources.Policy.Properties.PolicyDocument', 'resource'],
    ]);
    const trust = policyAt(result, 'aws_cloudformation_stack_set.scanner.template_body.Resources.ScanningRole.Properties.AssumeRolePolicyDocument');
    expect(at(trust.statements[0]!.action!.values[0]!)).toEqual(positionIn(text, 'sts:AssumeRole'));
    expect(result.principals.map((p) => p.name)).toContain('ScanningRole');
  });

  it('reads a JSON template_body whose value Terraform fills in outside quotes', async () => {
    const text = 'resource "aws_cloudformation_stack" "t" {\n  template_body = <<EOT\n{"Resources": {"P": {"Type": "AWS::SNS::TopicPolicy", "Properties": {"Topics": ["t"], "PolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": ${jsonencode(var.topics)}}]}}}}}\nEOT\n}\n';
    const { result, at } = await loadText(text, 'main.tf');
    const st = policyAt(result, 'aws_cloudformation_stack.t.template_body.Resources.P.Properties.PolicyDocument').statements[0]!;
    expect(at(st.action!.values[0]!)).toEqual(positionIn(text, '"sns:Publish"'));
  });

  it("escapes a template's own ${...} in suggestions for a template written in Terraform, where Terraform would interpolate it", async () => {
    const text = 'resource "aws_cloudformation_stack" "s" {\n  name          = "s"\n  template_body = <<TEMPLATE\nResources:\n  Logs:\n    Type: AWS::S3::Bucket\n  Reader:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !GetAtt Logs.Arn\nTEMPLATE\n}\n';
    const findings = await lintWith(resourceMismatch, text, { filename: 'main.tf' });
    expect(findings.map((f) => f.suggestion)).toEqual(['Add !Sub "$${Logs.Arn}/*" to Resource (object: arn:${Partition}:s3:::${BucketName}/${ObjectName}), or move "s3:GetObject" to a statement of its own']);
  });

  it('links the managed policies an aws_iam_*_policy_attachments_exclusive lists to its principal', async () => {
    const text = 'resource "aws_iam_role" "ops" {\n  name = "ops"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\nresource "aws_iam_role_policy_attachments_exclusive" "ops" {\n  role_name   = aws_iam_role.ops.name\n  policy_arns = toset(["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"])\n}\n';
    const { result, at } = await loadText(text, 'main.tf');
    const role = result.principals.find((p) => p.name === 'aws_iam_role.ops')!;
    expect(role.managedPolicyArns.map((m) => [m.value, at(m)])).toEqual([
      ['arn:aws:iam::aws:policy/AdministratorAccess', positionIn(text, '"arn:aws:iam::aws:policy/AdministratorAccess"')],
      ['arn:aws:iam::aws:policy/ReadOnlyAccess', positionIn(text, '"arn:aws:iam::aws:policy/ReadOnlyAccess"')],
    ]);
  });

  it('leaves out sid = "" of a policy document data source, as the provider renders it', async () => {
    const text = 'data "aws_iam_policy_document" "d" {\n  statement {\n    sid       = ""\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n  statement {\n    sid       = "Named"\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n}\n';
    const { result } = await loadText(text, 'main.tf');
    expect(policyAt(result, 'data.aws_iam_policy_document.d').statements.map((s) => s.sid?.value)).toEqual([undefined, 'Named']);
  });

  it('reads heredoc templates whose expressions hold quotes, in and outside strings, and a Statement or Principal given by a variable', async () => {
    const text = [
      'resource "aws_iam_policy" "p" {',
      '  policy = <<EOF',
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [{',
      '    "Effect": "Allow",',
      '    "Action": "s3:GetObject",',
      '    "Resource": ["arn:aws:s3:::${lookup(var.buckets, "logs")}/*", ${jsonencode(formatlist("arn:aws:s3:::%s/*", var.more))}]',
      '  }]',
      '}',
      'EOF',
      '}',
      'resource "aws_iam_policy" "all" {',
      '  policy = <<EOF',
      '{"Version": "2012-10-17", "Statement": ${jsonencode(var.statements)}}',
      'EOF',
      '}',
      'resource "aws_sqs_queue_policy" "q" {',
      '  queue_url = "q"',
      '  policy    = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = var.principal, Action = "sqs:SendMessage", Resource = "*" }] })',
      '}',
      '',
    ].join('\n');
    const { result, at } = await loadText(text, 'main.tf');
    expect(result.syntaxErrors).toEqual([]);
    const st = policyAt(result, 'aws_iam_policy.p.policy').statements[0]!;
    expect(at(st.action!.values[0]!)).toEqual(positionIn(text, '"s3:GetObject"'));
    expect(st.resource!.values.map((v) => at(v))).toEqual([positionIn(text, '"arn:aws:s3:::${lookup'), positionIn(text, '${jsonencode(formatlist')]);
    expect(policyAt(result, 'aws_iam_policy.all.policy').problems).toEqual([]);
    expect(policyAt(result, 'aws_sqs_queue_policy.q.policy').problems).toEqual([]);
  });

  it('reads jsonencode( with its argument on the next line', async () => {
    const text = 'resource "aws_iam_role" "app" {\n  name = "app"\n  assume_role_policy = jsonencode(\n    {\n      Version = "2012-10-17"\n      Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }]\n    }\n  )\n}\n';
    const { result, at } = await loadText(text, 'main.tf');
    const st = policyAt(result, 'aws_iam_role.app.assume_role_policy').statements[0]!;
    expect(at(st.action!.values[0]!)).toEqual(positionIn(text, '"sts:AssumeRole"'));
  });

  it('reads every resource type and attribute the plan loader reads, with the same kind', async () => {
    const source = new Map(TF_POLICY_ATTRIBUTES.map((a) => [`${a.type}.${a.attribute}`, a.kind]));
    const missing = PLAN_POLICY_ATTRIBUTES.filter((a) => !a.data && !a.block && !a.when && source.get(`${a.type}.${a.attribute}`) !== a.kind).map((a) => a.type);
    expect(missing).toEqual([]);
    const text = 'resource "aws_opensearch_domain_policy" "main" {\n  domain_name     = "logs"\n  access_policies = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:*", Resource = "*" }] })\n}\n';
    const { result, at } = await loadText(text, 'search.tf');
    const doc = policyAt(result, 'aws_opensearch_domain_policy.main.access_policies');
    expect([doc.kind, doc.attachment.resource?.type, at(doc.statements[0]!.action!.values[0]!)]).toEqual(['resource', 'AWS::OpenSearchService::Domain', positionIn(text, '"es:*"')]);
  });

  it('aws_organizations_policy: a type given by an expression is told from the content (an RCP names a Principal)', async () => {
    const block = (name: string, content: string) => `resource "aws_organizations_policy" "${name}" {\n  name    = "${name}"\n  type    = var.policy_type\n  content = jsonencode(${content})\n}\n`;
    const text =
      block('rcp', '{ Version = "2012-10-17", Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "*" }] }') +
      block('scp', '{ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:*", Resource = "*" }] }') +
      'resource "aws_organizations_policy" "plain" {\n  content = jsonencode({ Statement = [{ Effect = "Deny", Action = "s3:*", Resource = "*" }] })\n}\n';
    const { result } = await loadText(text, 'org.tf');
    expect(result.policies.map((p) => [p.location, p.kind])).toEqual([
      ['aws_organizations_policy.rcp.content', 'rcp'],
      ['aws_organizations_policy.scp.content', 'scp'],
      ['aws_organizations_policy.plain.content', 'scp'],
    ]);
    // Through a policy document data source, whose principals blocks make it an RCP; a tag policy is not read.
    const viaData =
      'data "aws_iam_policy_document" "rcp" {\n  statement {\n    effect    = "Deny"\n    actions   = ["s3:*"]\n    resources = ["*"]\n    principals {\n      type        = "*"\n      identifiers = ["*"]\n    }\n  }\n}\n' +
      'resource "aws_organizations_policy" "d" {\n  type    = var.policy_type\n  content = data.aws_iam_policy_document.rcp.json\n}\n' +
      'resource "aws_organizations_policy" "tags" {\n  type    = var.policy_type\n  content = jsonencode({ tags = { team = { tag_key = { "@@assign" = "Team" } } } })\n}\n';
    const loaded = await loadText(viaData, 'org.tf');
    expect(loaded.result.policies.map((p) => [p.location, p.kind])).toEqual([['data.aws_iam_policy_document.rcp', 'rcp']]);
  });

  it('aws_lambda_permission: a one-statement resource policy, each value at its expression', async () => {
    const text = `resource "aws_lambda_permission" "sns" {
  action              = "lambda:InvokeFunction"
  function_name       = aws_lambda_function.worker.function_name
  principal           = "sns.amazonaws.com"
  source_arn          = aws_sns_topic.jobs.arn
  source_account      = var.account_id
  principal_org_id    = "o-a1b2c3d4e5"
}

resource "aws_lambda_permission" "account" {
  action        = "lambda:InvokeFunction"
  function_name = "arn:aws:lambda:us-east-1:111122223333:function:worker"
  principal     = "444455556666"
}

resource "aws_sns_topic" "jobs" {
  name = "jobs"
}
`;
    const { result, at } = await loadText(text, 'main.tf');
    const sns = policyAt(result, 'aws_lambda_permission.sns');
    expect([sns.kind, sns.attachment.resource?.type, sns.statements.length]).toEqual(['resource', 'aws_lambda_permission', 1]);
    const s = sns.statements[0]!;
    expect(s.principal!.entries.map((e) => [e.type.value, e.values.map((v) => [v.value, at(v)])])).toEqual([
      ['Service', [['sns.amazonaws.com', positionIn(text, '"sns.amazonaws.com"')]]],
    ]);
    expect(s.action!.values.map((v) => [v.value, at(v)])).toEqual([['lambda:InvokeFunction', positionIn(text, '"lambda:InvokeFunction"')]]);
    expect(s.resource!.values.map((v) => [v.value, at(v)])).toEqual([
      ['arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${aws_lambda_function.worker.function_name}', positionIn(text, 'aws_lambda_function.worker')],
    ]);
    expect(s.condition!.operators.map((o) => [o.operator.value, o.keys.map((k) => [k.key.value, k.values.map((v) => [v.value, at(v)])])])).toEqual([
      ['ArnLike', [['aws:SourceArn', [['arn:aws:sns:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:jobs', positionIn(text, 'aws_sns_topic.jobs.arn')]]]]],
      ['StringEquals', [
        ['aws:SourceAccount', [['${var.account_id}', positionIn(text, 'var.account_id')]]],
        ['aws:PrincipalOrgID', [['o-a1b2c3d4e5', positionIn(text, '"o-a1b2c3d4e5"')]]],
      ]],
    ]);
    const account = policyAt(result, 'aws_lambda_permission.account').statements[0]!;
    expect(account.principal!.entries.map((e) => [e.type.value, e.values.map((v) => [v.value, at(v)])])).toEqual([
      ['AWS', [['444455556666', positionIn(text, '"444455556666"')]]],
    ]);
    expect(account.resource!.values.map((v) => v.value)).toEqual(['arn:aws:lambda:us-east-1:111122223333:function:worker']);
  });

  it('a directory walk picks .tf files up by default', () => {
    expect(DEFAULT_EXTENSIONS).toContain('.tf');
  });
});
