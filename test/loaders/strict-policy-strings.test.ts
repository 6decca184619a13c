/**
 * A policy handed to AWS as a string (Terraform `policy` attributes, plan values, CloudFormation
 * properties given a JSON string) is read by IAM as strict JSON: the comments and trailing commas a
 * policy file may hold (JSON with comments) are errors there, where the user wrote them.
 */
import { describe, expect, it } from 'vitest';
import rule from '../../rules/parse-error.js';
import { lintWith, planResource, planText, positionOf } from '../helpers/lint.js';

const COMMENT = "A comment, which IAM's JSON does not allow in a policy";
const COMMA = (bracket: string) => `A comma before '${bracket}', which IAM's JSON does not allow in a policy`;

async function errors(text: string, filename: string): Promise<string[]> {
  return (await lintWith(rule, text, { filename })).map((f) => `${f.line}:${f.column} ${f.message}`);
}

describe('policy strings are strict JSON', () => {
  it('reports a comment in a Terraform heredoc policy, at the comment', async () => {
    const text = ['resource "aws_iam_policy" "p" {', '  name   = "p"', '  policy = <<EOF', '{ // read-only', '  "Version": "2012-10-17",', '  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]', '}', 'EOF', '}', ''].join('\n');
    const at = positionOf(text, '// read-only');
    expect(await errors(text, 'main.tf')).toEqual([`${at.line}:${at.column} Cannot parse the policy string of aws_iam_policy.p.policy: ${COMMENT}`]);
  });

  it('reports a trailing comma in a quoted Terraform policy and in a plan value, at the comma', async () => {
    const tf = 'resource "aws_iam_policy" "q" {\n  policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:GetObject\\",\\"Resource\\":\\"*\\",}]}"\n}\n';
    const comma = positionOf(tf, ',}');
    expect(await errors(tf, 'main.tf')).toEqual([`${comma.line}:${comma.column} Cannot parse the policy string of aws_iam_policy.q.policy: ${COMMA('}')}`]);
    const plan = planText([planResource('aws_iam_policy', 'r', { policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject",],"Resource":"*"}]}' })]);
    const at = positionOf(plan, ',]');
    expect(await errors(plan, 'plan.json')).toEqual([`${at.line}:${at.column} Cannot parse the policy string of aws_iam_policy.r.policy: ${COMMA(']')}`]);
  });

  it('reports a trailing comma in a JSON-string policy of a template', async () => {
    const text = [
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument: \'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}]}\'',
      '',
    ].join('\n');
    const at = positionOf(text, ',}');
    const found = await errors(text, 't.yaml');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${at.line}:${at.column} .*${COMMA('}').replace(/[()[\]']/g, '.')}$`));
  });

  // A string with ${...} that fails to parse is next tried as a template that Terraform or Fn::Sub
  // renders into JSON: a comment or trailing comma is none of that, and must not be passed over.
  it('reports them in strings that hold interpolations: a Terraform heredoc, an Fn::Sub, a .tf.json policy', async () => {
    const tf = 'resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${var.bucket}/*"},]}\nEOF\n}\n';
    const at = positionOf(tf, '},]');
    expect(await errors(tf, 'main.tf')).toEqual([`${at.line}:${at.column + 1} Cannot parse the policy string of aws_iam_policy.p.policy: ${COMMA(']')}`]);
    const sub = "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: !Sub '{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:${AWS::Partition}:s3:::b/*\",}]}'\n";
    const comma = positionOf(sub, ',}');
    expect(await errors(sub, 't.yaml')).toEqual([`${comma.line}:${comma.column} Cannot parse the policy string of Resources.P.Properties.PolicyDocument: ${COMMA('}')}`]);
    const tfJson = JSON.stringify({ resource: { aws_iam_policy: { p: { policy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${var.bucket}/*",}]}' } } } });
    expect(await errors(tfJson, 'main.tf.json')).toEqual([expect.stringContaining(`Cannot parse the policy string of aws_iam_policy.p.policy: ${COMMA('}')}`)]);
  });

  it('still reads policy files as JSON with comments and trailing commas', async () => {
    const text = '{\n  // the bucket reader\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}],\n}\n';
    expect(await errors(text, 'policy.json')).toEqual([]);
  });
});
