import { describe, expect, it } from 'vitest';
import policyVersion from '../../rules/policy-version.js';
import { applyEdits } from '../../src/fix/apply-edits.js';
import { lintWith } from '../helpers/lint.js';

/** The text after applying the policy-version fix, or undefined when the finding offers none. */
async function fixed(text: string, filename = 'policy.json'): Promise<string | undefined> {
  const findings = await lintWith(policyVersion, text, { filename });
  expect(findings.map((f) => f.ruleId)).toEqual(['policy-version']);
  const fix = findings[0]?.fix;
  if (!fix) return undefined;
  const out = applyEdits(text, [fix]).text;
  expect(await lintWith(policyVersion, out, { filename })).toEqual([]);
  return out;
}

const statement = '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*" }';

describe('policy-version fix', () => {
  it.each([
    ['missing Version, pretty JSON: a first line with the same indentation', `{\n    "Statement": [${statement}]\n}\n`, `{\n    "Version": "2012-10-17",\n    "Statement": [${statement}]\n}\n`],
    ['missing Version, one-line JSON', `{"Statement": [${statement}]}`, `{"Version": "2012-10-17", "Statement": [${statement}]}`],
    ['missing Version, JSON with a comment above the first key', `{\n  // logs\n  "Statement": [${statement}]\n}\n`, `{\n  // logs\n  "Version": "2012-10-17",\n  "Statement": [${statement}]\n}\n`],
    ['missing Version, CRLF line ends', `{\r\n  "Statement": [${statement}]\r\n}\r\n`, `{\r\n  "Version": "2012-10-17",\r\n  "Statement": [${statement}]\r\n}\r\n`],
    ['2008-10-17 without policy variables, JSON', `{\n  "Version": "2008-10-17",\n  "Statement": [${statement}]\n}\n`, `{\n  "Version": "2012-10-17",\n  "Statement": [${statement}]\n}\n`],
  ])('%s', async (_name, text, expected) => {
    expect(await fixed(text)).toBe(expected);
  });

  it('adds Version as the first key of a bare YAML policy and of a template policy, at its indentation', async () => {
    const bare = 'Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::logs/*\n';
    expect(await fixed(bare, 'policy.yaml')).toBe(`Version: "2012-10-17"\n${bare}`);
    const template = `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        # what the build reads
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: !Sub arn:\${AWS::Partition}:s3:::\${Bucket}/*
`;
    expect(await fixed(template, 't.yaml')).toBe(template.replace('        Statement:', '        Version: "2012-10-17"\n        Statement:'));
  });

  it('replaces 2008-10-17 in YAML in its own quoting', async () => {
    const yaml = (v: string) => `Version: ${v}\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::logs/*\n`;
    expect(await fixed(yaml("'2008-10-17'"), 'p.yaml')).toBe(yaml("'2012-10-17'"));
    expect(await fixed(yaml('2008-10-17'), 'p.yaml')).toBe(yaml('2012-10-17'));
  });

  it.each([
    ['2008-10-17 with ${aws:username}', `{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/\${aws:username}/*"}]}`],
    ['missing Version with ${aws:username} (2008-10-17 reads it as text)', `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/\${aws:username}/*"}]}`],
    ['missing Version with ${*}', `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/\${*}"}]}`],
    ['2008-10-17 with a variable in a Condition', `{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::home", "Condition": {"StringLike": {"s3:prefix": "\${aws:username}/*"}}}]}`],
  ])('offers no fix when the change would change what is allowed: %s', async (_name, text) => {
    expect(await fixed(text)).toBeUndefined();
  });

  it('offers no fix for a policy inside a JSON string, where offsets point into escaped text', async () => {
    const template = JSON.stringify({
      Resources: { Topic: { Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: ['arn:aws:sns:us-east-1:123456789012:t'], PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sns:Publish', Resource: '*' }] }) } } },
    }, null, 2);
    const findings = await lintWith(policyVersion, template, { filename: 't.json' });
    expect(findings.filter((f) => f.ruleId === 'policy-version').every((f) => f.fix === undefined)).toBe(true);
  });
});
