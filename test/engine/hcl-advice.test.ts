import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-public-principal.js';
import { adviceAsHcl, terraformAdvice } from '../../src/engine/hcl-advice.js';
import { lintWith } from '../helpers/lint.js';

describe('condition advice for aws_iam_policy_document', () => {
  it.each([
    [
      'a "Condition" block, as condition blocks, one per key',
      'Add "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}, "ArnLike": {"aws:SourceArn": ["arn:aws:s3:::a", "arn:aws:s3:::b"]}}',
      'Add condition {\n  test     = "StringEquals"\n  variable = "aws:SourceAccount"\n  values   = ["111122223333"]\n}\ncondition {\n  test     = "ArnLike"\n  variable = "aws:SourceArn"\n  values   = ["arn:aws:s3:::a", "arn:aws:s3:::b"]\n}',
    ],
    [
      'operators to add to a Condition, with a boolean value',
      'Add to its Condition: {"Bool": {"aws:MultiFactorAuthPresent": true}}',
      'Add to the statement: condition {\n  test     = "Bool"\n  variable = "aws:MultiFactorAuthPresent"\n  values   = ["true"]\n}',
    ],
    [
      'a Resource to name, as the resources argument',
      'Name the service: "Resource": "arn:aws:iam::*:role/aws-service-role/SERVICE.amazonaws.com/*", or "Condition": {"StringEquals": {"iam:AWSServiceName": "SERVICE.amazonaws.com"}}',
      'Name the service: resources = ["arn:aws:iam::*:role/aws-service-role/SERVICE.amazonaws.com/*"], or condition {\n  test     = "StringEquals"\n  variable = "iam:AWSServiceName"\n  values   = ["SERVICE.amazonaws.com"]\n}',
    ],
    [
      'an operator written without braces',
      'Add "Null": {"aws:TagKeys": "false"} to the statement\'s Condition',
      'Add condition {\n  test     = "Null"\n  variable = "aws:TagKeys"\n  values   = ["false"]\n} to the statement',
    ],
    ['actions and resources to add, as their arguments', 'Add "NotAction": ["iam:*", "sts:*"] and "Resource": ["arn:..."]', 'Add not_actions = ["iam:*", "sts:*"] and resources = ["arn:..."]'],
    ['a Principal, as principals blocks, one per type', 'Add "Principal": {"AWS": "arn:aws:iam::111122223333:root", "Service": ["a.amazonaws.com"]}', 'Add principals {\n  type        = "AWS"\n  identifiers = ["arn:aws:iam::111122223333:root"]\n}\nprincipals {\n  type        = "Service"\n  identifiers = ["a.amazonaws.com"]\n}'],
    ['"Principal": "*"', 'Use "NotPrincipal": "*"', 'Use not_principals {\n  type        = "*"\n  identifiers = ["*"]\n}'],
    ['an element named in prose', 'List the needed actions in Action instead; add "x" to NotResource', 'List the needed actions in actions instead; add "x" to not_resources'],
    ['a misspelled argument, by the element it renders as; other names left as they are', 'Did you mean "Action"? Element names are case-sensitive / Did you mean "StringEquals"?', 'Did you mean "actions"? / Did you mean "StringEquals"?'],
    [
      'a value that is one Terraform interpolation, as the bare expression',
      'Add "Condition": {"StringEquals": {"aws:SourceAccount": "${data.aws_caller_identity.current.account_id}", "aws:userid": "$${aws:username}"}}',
      'Add condition {\n  test     = "StringEquals"\n  variable = "aws:SourceAccount"\n  values   = [data.aws_caller_identity.current.account_id]\n}\ncondition {\n  test     = "StringEquals"\n  variable = "aws:userid"\n  values   = ["$${aws:username}"]\n}',
    ],
    ['text with no condition block', 'Name the roles {like this} instead of "*"', 'Name the roles {like this} instead of "*"'],
    ['a JSON object that is not a condition', 'Use {"Effect": "Deny"}', 'Use {"Effect": "Deny"}'],
  ])('rewrites %s', (_name, text, expected) => {
    expect(adviceAsHcl(text)).toBe(expected);
  });

  it.each([
    ['an IAM policy variable, which Terraform writes $${...}', 'Add "arn:aws:s3:::home-${aws:username}/*" to Resource', false, 'Add "arn:aws:s3:::home-$${aws:username}/*" to Resource'],
    ['a Terraform interpolation and an ARN format\'s placeholder, left as they are', 'Use "arn:${data.aws_partition.current.partition}:s3:::x" (arn:${Partition}:s3:::${BucketName})', false, 'Use "arn:${data.aws_partition.current.partition}:s3:::x" (arn:${Partition}:s3:::${BucketName})'],
    ['a Version for a data source', 'Use "Version": "2012-10-17"', true, 'Use version = "2012-10-17"'],
  ])('terraformAdvice: %s', (_name, text, dataSource, expected) => {
    expect(terraformAdvice(text, dataSource)).toBe(expected);
  });

  it('is what a finding on a policy document data source suggests, and only there', async () => {
    const block = (name: string) => `data "aws_iam_policy_document" "${name}" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::data/*"]\n    principals {\n      type        = "*"\n      identifiers = ["*"]\n    }\n  }\n}\n`;
    const text = `${block('bucket')}resource "aws_s3_bucket_policy" "b" {\n  bucket = "data"\n  policy = data.aws_iam_policy_document.bucket.json\n}\nresource "aws_s3_bucket_policy" "c" {\n  bucket = "data"\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" }] })\n}\n`;
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    expect(findings.map((f) => [f.policy?.location, f.suggestion?.split(': ').slice(1).join(': ')])).toEqual([
      ['data.aws_iam_policy_document.bucket', 'condition {\n  test     = "StringEquals"\n  variable = "aws:PrincipalOrgID"\n  values   = ["o-xxxxxxxxxx"]\n}'],
      ['aws_s3_bucket_policy.c.policy', '"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}}'],
    ]);
  });
});
