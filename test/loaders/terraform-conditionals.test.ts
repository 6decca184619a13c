/** Conditionals inside a Terraform policy (`cond ? a : b`): each combination of branches is linted, as a template's Fn::If is. */
import { describe, expect, it } from 'vitest';
import noWildcardAction from '../../rules/no-wildcard-action.js';
import noWildcardResource from '../../rules/no-wildcard-resource.js';
import { lintWith, positionOf } from '../helpers/lint.js';

const at = (text: string, needle: string, after?: string) => Object.values(positionOf(text, needle, after)).join(':');
const brief = (findings: { line: number; column: number; message: string }[]) => findings.map((f) => `${f.line}:${f.column} ${f.message.split(' (')[0]}`);

describe('Terraform conditionals in a policy', () => {
  it('lints both branches of a conditional in a jsonencode document and in a policy document data source', async () => {
    const text = `variable "readonly" { default = false }

resource "aws_iam_policy" "table" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.readonly ? ["dynamodb:GetItem"] : ["dynamodb:*"], Resource = "arn:aws:dynamodb:*:111122223333:table/orders" }]
  })
}

data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = var.readonly ? ["s3:GetObject"] : ["s3:*"]
    resources = ["arn:aws:s3:::reports/*"]
  }
}
`;
    expect(brief(await lintWith(noWildcardAction, text, { filename: 'main.tf' }))).toEqual([
      `${at(text, '"dynamodb:*"')} Statement #1 allows every dynamodb action`,
      `${at(text, '"s3:*"')} Statement #1 allows every s3 action`,
    ]);
  });

  it('takes the same branch wherever one condition is written, so no combination mixes them', async () => {
    const text = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = var.readonly ? "s3:GetObject" : "s3:*"
      Resource = var.readonly ? "arn:aws:s3:::reports/*" : "*"
    }]
  })
}
`;
    // s3:GetObject on "*" is no combination Terraform renders: only the s3:* one is reported.
    expect(brief(await lintWith(noWildcardResource, text, { filename: 'main.tf' }))).toEqual([
      `${at(text, '"*"', 'reports/*')} Statement #1 allows 165 actions that can be scoped to resource ARNs on every resource`,
    ]);
  });

  it('reads a document with more than four conditions with its conditionals as placeholders', async () => {
    const conditions = ['a', 'b', 'c', 'd', 'e'].map((v) => `var.${v} ? "s3:GetObject" : "s3:*"`);
    const text = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = [${conditions.join(', ')}], Resource = "arn:aws:s3:::reports/*" }]
  })
}
`;
    expect(await lintWith(noWildcardAction, text, { filename: 'main.tf' })).toEqual([]);
    const four = text.replace(`, ${conditions[4]}`, '');
    expect(brief(await lintWith(noWildcardAction, four, { filename: 'main.tf' }))).toHaveLength(4);
  });
});

describe('Terraform module arguments', () => {
  it('lints a policy document written out as a module argument, its kind told from its content, and nothing else passed to a module', async () => {
    const text = `module "iam_policy" {
  source = "terraform-aws-modules/iam/aws//modules/iam-policy"
  policy = <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*"}]}
EOF
}

module "ecr" {
  source                      = "terraform-aws-modules/ecr/aws"
  repository_lifecycle_policy = jsonencode({ rules = [{ rulePriority = 1, action = { type = "expire" } }] })
  repository_policy           = data.aws_iam_policy_document.repo.json
}

module "bucket" {
  source = "terraform-aws-modules/s3-bucket/aws"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "s3:*", Resource = "arn:aws:s3:::reports/*" }]
  })
}
`;
    const findings = await lintWith(noWildcardAction, text, { filename: 'main.tf' });
    expect(findings.map((f) => [`${f.line}:${f.column}`, f.message.split(' (')[0], f.policy?.name, f.policy?.kind])).toEqual([
      [at(text, '"s3:*"'), 'Statement #1 allows every s3 action', 'module.iam_policy.policy', 'identity'],
      [at(text, '"s3:*"', 'Principal'), 'Statement #1 allows every s3 action', 'module.bucket.policy', 'resource'],
    ]);
  });
});
