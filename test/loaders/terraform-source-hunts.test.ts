/**
 * Terraform source gaps found by hunts on real modules: misspelled `aws_iam_policy_document`
 * arguments, advice in HCL for data sources, `replace(...)` placeholder tokens, Terraform 0.11's
 * join hack, template directives, and policy strings that are empty or not JSON.
 */
import { describe, expect, it } from 'vitest';
import invalidArn from '../../rules/invalid-arn.js';
import invalidPolicyStructure from '../../rules/invalid-policy-structure.js';
import parseError from '../../rules/parse-error.js';
import resourceMismatch from '../../rules/resource-mismatch.js';
import unknownAction from '../../rules/unknown-action.js';
import noPublicPrincipal from '../../rules/no-public-principal.js';
import { lintWith, positionOf } from '../helpers/lint.js';
import { loadText } from './load.js';

const tf = { filename: 'main.tf' };
const brief = (f: { ruleId: string; line: number; column: number; message: string; suggestion?: string }) => ({ ruleId: f.ruleId, line: f.line, column: f.column, message: f.message, suggestion: f.suggestion });

describe('a statement argument the provider does not know', () => {
  it('is reported as unknown, naming the argument it was meant to be, and the statement is not said to lack it', async () => {
    const text = `data "aws_iam_policy_document" "trust" {
  statement {
    action = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::123456123456:oidc-provider/token.actions.githubusercontent.com"]
    }
  }
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;
    const findings = await lintWith(invalidPolicyStructure, text, tf);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'invalid-policy-structure', ...positionOf(text, 'action ='), message: 'Unknown element "action"', suggestion: 'Did you mean "actions"?' },
    ]);
    expect(findings[0]?.path).toEqual(['Statement', 0, 'action']);
  });

  it('names the arguments a statement takes when none is close, and reads a misspelled block too', async () => {
    const text = `data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
    bucket    = "b"
    condition_ {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
}
`;
    const findings = await lintWith(invalidPolicyStructure, text, tf);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'invalid-policy-structure', ...positionOf(text, 'bucket'), message: 'Unknown element "bucket"', suggestion: 'Use one of "sid", "effect", "actions", "not_actions", "resources", "not_resources", or remove it' },
      { ruleId: 'invalid-policy-structure', ...positionOf(text, 'condition_'), message: 'Unknown element "condition_"', suggestion: 'Did you mean "condition"?' },
    ]);
  });
});

describe('advice on a policy document data source, in its own syntax', () => {
  it('names actions, resources, principals and statement blocks; a jsonencode policy keeps JSON keys', async () => {
    const text = `data "aws_iam_policy_document" "empty" {
  version = "2012-10-17"
}
data "aws_iam_policy_document" "trust" {
  statement {
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
data "aws_iam_policy_document" "bucket" {
  statement {
    actions = ["s3:GetObject"]
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = "b"
  policy = data.aws_iam_policy_document.bucket.json
}
resource "aws_iam_policy" "j" {
  name   = "j"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Resource = "*" }] })
}
`;
    const findings = await lintWith(invalidPolicyStructure, text, tf);
    expect(findings.map((f) => [f.message.replace(/ \(.*\)$/, ''), f.suggestion])).toEqual([
      ['The policy has no Statement', 'Add statement {\n  actions   = [...]\n  resources = [...]\n}'],
      ['Statement #1 has no Action', 'Add actions = ["service:Action"]'],
      ['Statement #1 has no Resource', 'Add resources = ["arn:..."]'],
      // The ARN formats of what s3:GetObject acts on (`${Partition}` and the like are the IAM data's format, to fill in).
      ['Statement #1 has no Resource', 'Add resources = ["arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}"]'],
      ['Statement #1 has no Principal', 'Add principals {\n  type        = "AWS"\n  identifiers = ["arn:aws:iam::123456789012:root"]\n}'],
      ['Statement #1 has no Action', 'Add "Action": ["service:Action"]'],
    ]);
  });

  it('says where a resource-mismatch ARN goes: resources', async () => {
    const text = `data "aws_iam_policy_document" "a" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::my-bucket"]
  }
}
resource "aws_iam_policy" "a" {
  name   = "a"
  policy = data.aws_iam_policy_document.a.json
}
`;
    const [finding] = await lintWith(resourceMismatch, text, tf);
    expect(finding?.suggestion).toBe('Add "arn:aws:s3:::my-bucket/*" to resources (object: arn:${Partition}:s3:::${BucketName}/${ObjectName}), or move "s3:GetObject" to a statement of its own');
  });
});

describe('a token replace() swaps out of a policy document', () => {
  const document = (name: string) => `data "aws_iam_policy_document" "${name}" {
  statement {
    sid       = "denyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["_S3_BUCKET_ARN_", "_S3_BUCKET_ARN_/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
`;

  it('is a placeholder there, also in a document merged into the replaced one; elsewhere it is still no ARN', async () => {
    const text = `${document('deny')}${document('elsewhere')}data "aws_iam_policy_document" "combined" {
  count                   = 1
  source_policy_documents = [data.aws_iam_policy_document.deny.json]
}
resource "aws_s3_bucket" "this" {
  bucket = "my-bucket"
}
resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = replace(data.aws_iam_policy_document.combined[0].json, "_S3_BUCKET_ARN_", aws_s3_bucket.this.arn)
}
`;
    const findings = await lintWith(invalidArn, text, tf);
    expect(findings.map((f) => [f.policy?.name, f.line, f.message])).toEqual([
      ['data.aws_iam_policy_document.elsewhere', positionOf(text, '"_S3_BUCKET_ARN_"', 'elsewhere').line, '"_S3_BUCKET_ARN_" in Resource is neither "*" nor an ARN'],
      ['data.aws_iam_policy_document.elsewhere', positionOf(text, '"_S3_BUCKET_ARN_"', 'elsewhere').line, '"_S3_BUCKET_ARN_/*" in Resource is neither "*" nor an ARN'],
    ]);
    const { result } = await loadText(text, 'main.tf');
    const deny = result.policies.find((p) => p.name === 'data.aws_iam_policy_document.deny');
    expect(deny?.statements[0]?.resource?.values.map((v) => v.value)).toEqual(['${aws_s3_bucket.this.arn}', '${aws_s3_bucket.this.arn}/*']);
  });

  it('gives the document the use of the attribute it is replaced in', async () => {
    const text = `${document('deny')}resource "aws_s3_bucket_policy" "this" {
  bucket = "my-bucket"
  policy = replace(data.aws_iam_policy_document.deny.json, "_S3_BUCKET_ARN_", aws_s3_bucket.this.arn)
}
`;
    const { result } = await loadText(text, 'main.tf');
    expect(result.policies.map((p) => [p.name, p.kind, p.attachment.resource?.name])).toEqual([['data.aws_iam_policy_document.deny', 'resource', 'aws_s3_bucket_policy.this']]);
  });
});

describe('policies only Terraform renders', () => {
  it("reads Terraform 0.11's join hack as one placeholder item", async () => {
    const text = `resource "aws_iam_policy" "s3" {
  name   = "s3"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ListObjects", "s3:GetObject"],
      "Resource": ["\${join("\\",\\"", formatlist("arn:aws:s3:::%s/*", var.bucket_names))}"]
    }
  ]
}
EOF
}
`;
    const findings = await lintWith(unknownAction, text, tf);
    expect(findings.map((f) => [f.line, f.column, f.message.replace(/ \(IAM data of [^)]*\)/, '')])).toEqual([[...Object.values(positionOf(text, '"s3:ListObjects"')), 'Unknown action "s3:ListObjects"']]);
    const { result } = await loadText(text, 'main.tf');
    const resources = result.policies[0]?.statements[0]?.resource?.values ?? [];
    expect(resources).toHaveLength(1);
    expect(resources[0]?.value).toMatch(/^\$\{join\(.*\)\}$/);
    expect(await lintWith(invalidArn, text, tf)).toEqual([]);
  });

  it('names a heredoc with template directives as not read, instead of "no IAM policy found"', async () => {
    const text = `resource "aws_s3_bucket_policy" "p" {
  bucket = "my-bucket"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": [
          %{ for r in var.role_arns }
          "\${r}",
          %{ endfor }
          "arn:aws:iam::123456789012:role/main"
        ]
      },
      "Action": ["s3:GetObjet"],
      "Resource": "arn:aws:s3:::my-bucket/*"
    }
  ]
}
EOF
}
`;
    const { result } = await loadText(text, 'main.tf');
    expect(result.policies).toEqual([]);
    expect(result.skipped).toBe('the policy of aws_s3_bucket_policy.p.policy was not read: it holds template directives (%{ for }, %{ if }) that only Terraform renders');
  });
});

describe('a policy string that is empty or not JSON', () => {
  it.each([
    ['empty', '""', '""', 'Cannot parse the policy string of aws_iam_role.r.assume_role_policy: it is empty'],
    ['not JSON', '"{not json"', 'not', 'Cannot parse the policy string of aws_iam_role.r.assume_role_policy: Unexpected "not"'],
  ])('%s: names the attribute, at the string', async (_name, value, at, message) => {
    const text = `resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = ${value}\n}\n`;
    const findings = await lintWith(parseError, text, tf);
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([[...Object.values(positionOf(text, at, 'assume_role_policy')), message]]);
  });
});

describe('a KMS key policy managed apart from its key', () => {
  it('reads aws_kms_key_policy (and aws_kms_replica_external_key) as the key policy, a resource policy', async () => {
    const tf = [
      'resource "aws_kms_key" "k" {',
      '  description = "example"',
      '}',
      'resource "aws_kms_key_policy" "k" {',
      '  key_id = aws_kms_key.k.id',
      '  policy = jsonencode({',
      '    Version   = "2012-10-17"',
      '    Statement = [{ Sid = "Everyone", Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:Decrypt", Resource = "*" }]',
      '  })',
      '}',
      '',
    ].join('\n');
    const { result } = await loadText(tf, 'main.tf');
    expect(result.policies.map((p) => [p.location, p.kind])).toEqual([['aws_kms_key_policy.k.policy', 'resource']]);
    const findings = await lintWith(noPublicPrincipal, tf, { filename: 'main.tf' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['no-public-principal', ...Object.values(positionOf(tf, '"*"'))]]);
  });
});

describe('a policy written as an escaped JSON string in quotes', () => {
  const quoted = (resource: string) =>
    `resource "aws_iam_policy" "s" {\n  policy = "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"s3:GetObjekt\\", \\"Resource\\": \\"${resource}\\"}]}"\n}\n`;

  it.each([
    ['with a Terraform interpolation (read as a placeholder, not passed over)', 'arn:aws:s3:::${var.bucket}/*'],
    ['with a policy variable written $${...}', 'arn:aws:s3:::$${aws:username}/*'],
    ['with no template', 'arn:aws:s3:::reports/*'],
  ])('%s: each value points at its escaped quote', async (_name, resource) => {
    const text = quoted(resource);
    const findings = await lintWith(unknownAction, text, tf);
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.endColumn])).toEqual([['unknown-action', 2, positionOf(text, '\\"s3:GetObjekt').column, positionOf(text, '\\"s3:GetObjekt').column + 16]]);
    expect(await lintWith(invalidArn, text, tf)).toEqual([]);
  });
});
