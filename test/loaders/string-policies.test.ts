/**
 * Policies written as JSON strings inside a template (a Logs resource policy, a JSON-string trust
 * policy, `!Sub` over JSON): they are parsed, and every value points inside the string, at the
 * character the user wrote, whatever the quoting.
 */
import { describe, expect, it } from 'vitest';
import { loadFixture, loadText, policyAt, positionIn } from './load.js';

const location = (logicalId: string, property = 'PolicyDocument') => `Resources.${logicalId}.Properties.${property}`;

describe('JSON strings in a JSON template', () => {
  it('points at values inside an escaped string, at the backslash of their opening quote', async () => {
    const { file, result, at } = await loadFixture('cloudformation/string-policies.json');
    const doc = policyAt(result, location('SearchLogsPolicy'));
    expect(doc.kind).toBe('resource');
    const st = doc.statements[0]!;
    expect(st.sid!.value).toBe('OpenSearchLogs');
    const line = positionIn(file.text, '"SearchLogsPolicy"').line + 4;
    expect(st.action!.values.map((v) => [v.value, at(v)])).toEqual([
      ['logs:PutLogEvents', { line, column: file.lineText(line).indexOf('\\"logs:PutLogEvents') + 1 }],
      ['logs:CreateLogStream', { line, column: file.lineText(line).indexOf('\\"logs:CreateLogStream') + 1 }],
    ]);
    expect(st.principal!.entries[0]!.values.map((v) => v.value)).toEqual(['es.amazonaws.com']);
    expect(st.resource!.values.map((v) => v.value)).toEqual(['arn:aws:logs:us-east-1:123456789012:log-group:/aws/opensearch/*']);
  });

  it('decodes \\u escapes and keeps later columns in step with the source', async () => {
    const { file, result, at } = await loadFixture('cloudformation/string-policies.json');
    const st = policyAt(result, location('UnicodeLogsPolicy')).statements[0]!;
    expect(st.sid!.value).toBe('Route53Query');
    expect(at(st.action!.values[0]!)).toEqual(positionIn(file.text, '\\"logs:PutLogEvents', '"UnicodeLogsPolicy"'));
    expect(at(st.resource!.values[0]!)).toEqual(positionIn(file.text, '\\"*\\"', '"UnicodeLogsPolicy"'));
  });

  it('reads a JSON-string trust policy and inline policy of a role, with their attachments', async () => {
    const { file, result, at } = await loadFixture('cloudformation/string-policies.json');
    const trust = policyAt(result, location('WorkerRole', 'AssumeRolePolicyDocument'));
    expect(trust.kind).toBe('trust');
    expect(at(trust.statements[0]!.action!.values[0]!)).toEqual(positionIn(file.text, '\\"sts:AssumeRole'));
    const inline = policyAt(result, 'Resources.WorkerRole.Properties.Policies[0].PolicyDocument');
    expect([inline.name, inline.attachment.inline, inline.attachment.principals.map((p) => p.name)]).toEqual(['WorkerRole policy "worker-queue"', true, ['WorkerRole']]);
    expect(at(inline.statements[0]!.action!.values[0]!)).toEqual(positionIn(file.text, '\\"sqs:ReceiveMessage'));
  });

  it('reports a syntax error inside a broken string at its place, and still reads the other policies', async () => {
    const { file, result } = await loadFixture('cloudformation/string-policies.json');
    expect(result.syntaxErrors).toHaveLength(1);
    const error = result.syntaxErrors[0]!;
    expect(error.message).toBe("Expected ',' before this");
    expect(file.positionAt(error.start)).toEqual(positionIn(file.text, '\\"Action\\": \\"logs:PutLogEvents\\"}]}"'));
    expect(result.policies.map((p) => p.location)).not.toContain(location('BrokenLogsPolicy'));
    expect(result.policies).toHaveLength(4);
  });
});

describe('JSON strings in a YAML template, in each quoting style', () => {
  it('literal block scalar (|): each value at its line and column', async () => {
    const { file, result, at } = await loadFixture('cloudformation/string-policies.yaml');
    const st = policyAt(result, location('BlockPolicy')).statements[0]!;
    expect(at(st.sid!)).toEqual(positionIn(file.text, '"Route53QueryLogs"'));
    expect(st.action!.values.map((v) => [v.value, at(v)])).toEqual([
      ['logs:CreateLogStream', positionIn(file.text, '"logs:CreateLogStream"')],
      ['logs:PutLogEvents', positionIn(file.text, '"logs:PutLogEvents"')],
    ]);
    expect(at(st.resource!.values[0]!)).toEqual(positionIn(file.text, '"arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/*"'));
    expect(at(st.principal!.entries[0]!.values[0]!)).toEqual(positionIn(file.text, '"route53.amazonaws.com"'));
  });

  it('folded block scalar (>): line breaks become spaces, positions stay on the source lines', async () => {
    const { file, result, at } = await loadFixture('cloudformation/string-policies.yaml');
    const st = policyAt(result, location('FoldedPolicy')).statements[0]!;
    expect(at(st.action!.values[0]!)).toEqual(positionIn(file.text, '"logs:PutLogEvents"', 'FoldedPolicy:'));
    expect(at(st.resource!.values[0]!)).toEqual(positionIn(file.text, '"*"', 'FoldedPolicy:'));
    expect(at(st.principal!.entries[0]!.values[0]!)).toEqual(positionIn(file.text, '"events.amazonaws.com"'));
  });

  it('double-quoted with \\" escapes', async () => {
    const { file, result, at } = await loadFixture('cloudformation/string-policies.yaml');
    const st = policyAt(result, location('DoubleQuotedPolicy')).statements[0]!;
    expect(at(st.action!.values[0]!)).toEqual(positionIn(file.text, '\\"logs:CreateLogStream\\"'));
    expect(at(st.resource!.values[0]!)).toEqual(positionIn(file.text, '\\"*\\"', 'DoubleQuotedPolicy:'));
  });

  it("single-quoted with '' escapes", async () => {
    const { file, result, at } = await loadFixture('cloudformation/string-policies.yaml');
    const st = policyAt(result, location('SingleQuotedPolicy')).statements[0]!;
    expect(st.sid!.value).toBe("Delivery's logs");
    expect(at(st.action!.values[0]!)).toEqual(positionIn(file.text, '"logs:PutLogEvents"', 'SingleQuotedPolicy:'));
    expect(at(st.principal!.entries[0]!.values[0]!)).toEqual(positionIn(file.text, '"delivery.logs.amazonaws.com"'));
  });

  it('!Sub over a block of JSON: parsed, its variables become patterns', async () => {
    const { file, result, at } = await loadFixture('cloudformation/string-policies.yaml');
    const st = policyAt(result, location('SubPolicy')).statements[0]!;
    expect(at(st.action!.values[0]!)).toEqual(positionIn(file.text, '"logs:PutLogEvents"', 'SubPolicy:'));
    const resource = st.resource!.values[0]!;
    expect([resource.value, resource.intrinsic]).toEqual(['arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroup}:*', 'Fn::Sub']);
    expect(at(resource)).toEqual(positionIn(file.text, '"arn:${AWS::Partition}:logs'));
  });

  it('!Sub [template, variables]: the variables are filled in', async () => {
    const { file, result, at } = await loadFixture('cloudformation/string-policies.yaml');
    const st = policyAt(result, location('OrgBusPolicy', 'Policy')).statements[0]!;
    expect(st.resource!.values.map((v) => v.value)).toEqual(['arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/org-events']);
    expect(st.condition!.operators[0]!.keys.map((k) => [k.key.value, k.values.map((v) => v.value)])).toEqual([['aws:PrincipalOrgID', ['o-a1b2c3d4e5']]]);
    expect(at(st.action!.values[0]!)).toEqual(positionIn(file.text, '"events:PutEvents"'));
  });

  it('a !Sub variable outside quotes in a value\'s place is read as a placeholder, and later values keep their place', async () => {
    const { file, result, at } = await loadFixture('cloudformation/string-policies.yaml');
    expect(result.syntaxErrors).toEqual([]);
    const st = policyAt(result, location('UnquotedVariablePolicy')).statements[0]!;
    const principal = st.principal!.entries[0]!.values[0]!;
    expect([principal.value, principal.intrinsic]).toEqual(['${AWS::AccountId}', 'Fn::Sub']);
    expect(at(principal)).toEqual(positionIn(file.text, '${AWS::AccountId}}', 'UnquotedVariablePolicy:'));
    expect(at(st.action!.values[0]!)).toEqual(positionIn(file.text, '"logs:PutLogEvents"', 'UnquotedVariablePolicy:'));
  });

  it('a !Sub variable standing for statements is left out; one standing for condition members makes the condition known at deploy time', async () => {
    const { file, result, at } = await loadFixture('cloudformation/string-policies.yaml');
    const doc = policyAt(result, location('OpenConditionPolicy', 'Content'));
    expect(doc.kind).toBe('scp');
    expect(doc.statements.map((s) => [s.action!.values[0]!.value, s.condition!.opaque])).toEqual([
      ['s3:PutBucketTagging', true],
      ['s3:TagResource', true],
    ]);
    const [operator] = doc.statements[1]!.condition!.operators;
    expect(operator!.keys.map((k) => [k.key.value, k.values.map((v) => v.value)])).toEqual([['aws:RequestedRegion', ['${Regions}']]]);
    expect(at(operator!.keys[0]!.key)).toEqual(positionIn(file.text, '"aws:RequestedRegion"'));
    expect(at(doc.statements[1]!.action!.values[0]!)).toEqual(positionIn(file.text, '"s3:TagResource"'));
  });

  it('a !Sub whose JSON is valid only once substituted, where no placeholder can stand in, is passed over, not a syntax error', async () => {
    const { result } = await loadFixture('cloudformation/string-policies.yaml');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => p.name)).toEqual(['BlockPolicy', 'FoldedPolicy', 'DoubleQuotedPolicy', 'SingleQuotedPolicy', 'SubPolicy', 'OrgBusPolicy', 'UnquotedVariablePolicy', 'OpenConditionPolicy']);
  });

  it.each(["'", '"'])("a %s-quoted JSON string closed at its key's indentation, as CloudFormation accepts it", async (q) => {
    const text = [
      'Resources:',
      '  PermissionSet:',
      '    Type: AWS::SSO::PermissionSet',
      '    Properties:',
      '      Name: Example',
      `      InlinePolicy: ${q}{`,
      `        ${q === '"' ? '\\"Version\\": \\"2012-10-17\\"' : '"Version": "2012-10-17"'},`,
      `        ${q === '"' ? '\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"s3:ListAllMyBucket\\", \\"Resource\\": \\"*\\"}]' : '"Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBucket", "Resource": "*"}]'}`,
      `      }${q}`,
      '',
    ].join('\n');
    const { result, at } = await loadText(text);
    expect(result.syntaxErrors).toEqual([]);
    const action = policyAt(result, location('PermissionSet', 'InlinePolicy')).statements[0]!.action!.values[0]!;
    expect(action.value).toBe('s3:ListAllMyBucket');
    expect(at(action).line).toBe(8);
  });

  it('a block scalar that ends the file without a final line break keeps its positions', async () => {
    const text = 'Resources:\n  G:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: |\n        {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
    const { result, at } = await loadText(text);
    const action = policyAt(result, location('G')).statements[0]!.action!.values[0]!;
    expect(at(action)).toEqual(positionIn(text, '"s3:GetObject"'));
  });

  it('a YAML \\n escape inside the string keeps later values in place', async () => {
    const text = 'Resources:\n  Logs:\n    Type: AWS::Logs::ResourcePolicy\n    Properties:\n      PolicyName: x\n      PolicyDocument: "{\\"Statement\\":\\n [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"logs:PutLogEvents\\", \\"Resource\\": \\"*\\"}]}"\n';
    const { result, at } = await loadText(text);
    expect(result.syntaxErrors).toEqual([]);
    const action = policyAt(result, location('Logs')).statements[0]!.action!.values[0]!;
    expect(action.value).toBe('logs:PutLogEvents');
    expect(at(action)).toEqual(positionIn(text, '\\"logs:PutLogEvents'));
  });
});
