import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policy } from '../helpers/lint.js';
import { loadText } from './load.js';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

/** The IaC language each loader records on the policies and principals it reads. */
describe('policy and principal dialect', () => {
  it.each([
    ['a bare policy', policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]), 'policy.json', undefined],
    ['an account snapshot (AWS::IAM::* types, ARN names)', fixture('snapshots/account.json'), 'account.json', undefined],
    ['a CloudFormation template', fixture('templates/cloudformation/attachments.yaml'), 'attachments.yaml', 'cloudformation'],
    ['a CDK template', fixture('templates/cdk.out/ReportsStack.template.json'), 'ReportsStack.template.json', 'cloudformation'],
    ['a Terraform plan', fixture('terraform/plan.json'), 'plan.json', 'terraform'],
  ])('%s', async (_name, text, path, dialect) => {
    const { result } = await loadText(text, path);
    expect(result.policies.length).toBeGreaterThan(0);
    expect(new Set(result.policies.map((p) => p.dialect))).toEqual(new Set([dialect]));
    const located = result.principals.filter((p) => p.policies.length > 0 || p.managedPolicyArns.length > 0);
    expect(new Set(located.map((p) => p.dialect))).toEqual(new Set(located.length > 0 ? [dialect] : []));
  });

  it('a .tf file: CloudFormation twin types, lambda permissions and an unused policy document', async () => {
    const text = `resource "aws_iam_role" "worker" {
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
}

resource "aws_lambda_permission" "s3" {
  action        = "lambda:InvokeFunction"
  function_name = "thumbnailer"
  principal     = "s3.amazonaws.com"
}

data "aws_iam_policy_document" "unused" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
`;
    const { result } = await loadText(text, 'main.tf');
    expect(result.policies.map((p) => [p.location, p.attachment.resource?.type, p.dialect])).toEqual([
      ['aws_iam_role.worker.assume_role_policy', 'AWS::IAM::Role', 'terraform'],
      ['aws_lambda_permission.s3', 'aws_lambda_permission', 'terraform'],
      ['data.aws_iam_policy_document.unused', undefined, 'terraform'],
    ]);
    expect(result.principals.map((p) => p.dialect)).toEqual(['terraform']);
  });
});
