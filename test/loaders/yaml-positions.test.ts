/** Exact line and column of values deep in YAML templates, anchors and aliases, and alias bombs. */
import { describe, expect, it } from 'vitest';
import resourceMismatch from '../../rules/resource-mismatch.js';
import { lintWith } from '../helpers/lint.js';
import { loadFixture, policyAt, positionIn, valuesOf } from './load.js';

describe('fixtures/templates/cloudformation/positions.yaml', () => {
  const LOCATION = 'Resources.ServiceRole.Properties.Policies[1].PolicyDocument';

  it('block style: plain, double- and single-quoted items, with extra spaces and a comment', async () => {
    const { file, result, at } = await loadFixture('cloudformation/positions.yaml');
    const values = valuesOf([policyAt(result, LOCATION)], 'action', 'BlockStyle');
    expect(values.map((v) => [v.value, at(v), v.path])).toEqual([
      ['dynamodb:GetItem', positionIn(file.text, 'dynamodb:GetItem'), ['Statement', 0, 'Action', 0]],
      ['dynamodb:Query', positionIn(file.text, '"dynamodb:Query"'), ['Statement', 0, 'Action', 1]],
      ['dynamodb:PutItem', positionIn(file.text, "'dynamodb:PutItem'"), ['Statement', 0, 'Action', 2]],
    ]);
    // The span covers the value with its quotes, not the comment after it.
    const query = values[1]!;
    expect(file.text.slice(query.span.start, query.span.end)).toBe('"dynamodb:Query"');
  });

  it('flow style [a, "b", \'c\']: each item at its column', async () => {
    const { file, result, at } = await loadFixture('cloudformation/positions.yaml');
    const doc = policyAt(result, LOCATION);
    const line = positionIn(file.text, 'Action: [sqs:SendMessage').line;
    const col = (needle: string) => file.lineText(line).indexOf(needle) + 1;
    expect(valuesOf([doc], 'action', 'FlowStyle').map((v) => [v.value, at(v)])).toEqual([
      ['sqs:SendMessage', { line, column: col('sqs:SendMessage') }],
      ['sqs:GetQueueUrl', { line, column: col('"sqs:GetQueueUrl"') }],
      ['sqs:GetQueueAttributes', { line, column: col("'sqs:GetQueueAttributes'") }],
    ]);
    expect(valuesOf([doc], 'resource', 'FlowStyle').map((v) => at(v))).toEqual([positionIn(file.text, 'arn:aws:sqs:us-east-1:123456789012:orders]')]);
  });

  it('a statement written as one flow mapping', async () => {
    const { file, result, at } = await loadFixture('cloudformation/positions.yaml');
    const st = policyAt(result, LOCATION).statements[2]!;
    expect(at(st.sid!)).toEqual(positionIn(file.text, 'OneLine'));
    expect(at(st.action!.values[0]!)).toEqual(positionIn(file.text, 'kms:Decrypt'));
    expect(at(st.resource!.values[0]!)).toEqual(positionIn(file.text, 'arn:aws:kms:'));
    expect(at(st.keys[1]!)).toEqual(positionIn(file.text, 'Effect: Allow, Action: kms'));
  });

  it('a trust policy in one flow line, and the policy list around it', async () => {
    const { file, result, at } = await loadFixture('cloudformation/positions.yaml');
    const trust = policyAt(result, 'Resources.ServiceRole.Properties.AssumeRolePolicyDocument');
    expect(at(trust.statements[0]!.action!.values[0]!)).toEqual(positionIn(file.text, "'sts:AssumeRole'"));
    expect(at(trust.statements[0]!.principal!.entries[0]!.values[0]!)).toEqual(positionIn(file.text, 'ecs-tasks.amazonaws.com'));
    expect(result.policies.map((p) => p.name)).toEqual(['ServiceRole', 'ServiceRole policy "first"', 'ServiceRole policy "service-data"']);
    expect(at(policyAt(result, 'Resources.ServiceRole.Properties.Policies[0].PolicyDocument').statements[0]!.action!.values[0]!)).toEqual(positionIn(file.text, 'cloudwatch:PutMetricData'));
  });
});

describe('fixtures/templates/cloudformation/anchors.yaml', () => {
  it('resolves aliases of a whole policy, a statement, a list and a scalar; values point at the anchored text', async () => {
    const { file, result, at } = await loadFixture('cloudformation/anchors.yaml');
    expect(result.syntaxErrors).toEqual([]);
    const writerTrust = policyAt(result, 'Resources.WriterRole.Properties.AssumeRolePolicyDocument');
    expect(writerTrust.kind).toBe('trust');
    expect(at(writerTrust.statements[0]!.action!.values[0]!)).toEqual(positionIn(file.text, 'sts:AssumeRole'));
    const write = policyAt(result, 'Resources.WriterRole.Properties.Policies[0].PolicyDocument');
    expect(write.statements.map((s) => s.sid?.value)).toEqual(['ReadOrders', 'WriteOrders', 'ReadAgain']);
    expect(valuesOf([write], 'action', 'ReadOrders').map((v) => [v.value, at(v)])).toEqual([
      ['dynamodb:GetItem', positionIn(file.text, 'dynamodb:GetItem')],
      ['dynamodb:Query', positionIn(file.text, 'dynamodb:Query')],
    ]);
    expect(valuesOf([write], 'resource', 'WriteOrders').map((v) => [v.value, at(v)])).toEqual([
      ['arn:aws:dynamodb:us-east-1:123456789012:table/orders', positionIn(file.text, 'arn:aws:dynamodb')],
    ]);
  });

  it('resolves a merge key (<<: *anchor), the written keys winning, with no structure problem', async () => {
    const { file, result, at } = await loadFixture('cloudformation/anchors.yaml');
    const write = policyAt(result, 'Resources.WriterRole.Properties.Policies[0].PolicyDocument');
    expect(write.problems).toEqual([]);
    const merged = write.statements[2]!;
    expect(merged.keys.map((k) => k.value)).toEqual(['Effect', 'Action', 'Resource', 'Sid']);
    expect(at(merged.sid!)).toEqual(positionIn(file.text, 'ReadAgain'));
    expect(merged.action!.values.map((v) => v.value)).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
  });
});

describe('YAML alias bombs', () => {
  it('fixtures/templates/yaml/alias-bomb.yaml ends in one syntax error, not a hang or a crash', async () => {
    const { result } = await loadFixture('yaml/alias-bomb.yaml');
    expect(result.policies).toEqual([]);
    expect(result.syntaxErrors.map((e) => e.message)).toEqual(['More than 2000000 values (YAML aliases expanding too far?)']);
  });
});

describe('a document two resources share through a YAML alias', () => {
  it("is linted as each resource's policy, each with its own findings at the anchored text", async () => {
    const text = `Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: &doc
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: arn:aws:s3:::reports
  Q:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: *doc
`;
    const findings = await lintWith(resourceMismatch, text, { filename: 't.yaml' });
    const at = positionIn(text, 's3:GetObject');
    expect(findings.map((f) => [f.policy?.location, f.line, f.column])).toEqual([
      ['Resources.P.Properties.PolicyDocument', at.line, at.column],
      ['Resources.Q.Properties.PolicyDocument', at.line, at.column],
    ]);
  });
});
