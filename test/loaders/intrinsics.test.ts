/**
 * CloudFormation intrinsic functions inside policies: every short-form tag and long form parses and
 * becomes a placeholder pattern (`${...}` for what only deployment knows), never an error, and the
 * value points at the tag the user wrote.
 */
import { describe, expect, it } from 'vitest';
import { loadFixture, loadText, policiesAt, policyAt, positionIn, statementBySid, valuesOf } from './load.js';

const yamlTemplate = (resource: string) => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: {Type: String}
  Cidr: {Type: String}
Mappings:
  Buckets:
    us-east-1: {Arn: 'arn:aws:s3:::acme-use1'}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Bucket: {Type: AWS::S3::Bucket}
  Queue: {Type: AWS::SQS::Queue}
  AccessPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: ${resource}
`;

const jsonTemplate = (resource: string) => `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": { "Env": { "Type": "String" }, "Cidr": { "Type": "String" } },
  "Mappings": { "Buckets": { "us-east-1": { "Arn": "arn:aws:s3:::acme-use1" } } },
  "Conditions": { "IsProd": { "Fn::Equals": [{ "Ref": "Env" }, "prod"] } },
  "Resources": {
    "Bucket": { "Type": "AWS::S3::Bucket" },
    "Queue": { "Type": "AWS::SQS::Queue" },
    "AccessPolicy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": ${resource} }]
        }
      }
    }
  }
}
`;

const LOCATION = 'Resources.AccessPolicy.Properties.PolicyDocument';
const BUCKET_ARN = 'arn:${AWS::Partition}:s3:::${Bucket}';

/** [YAML short form, JSON long form, the pattern the value becomes, the long name] */
const INTRINSICS: [string, string, string, string][] = [
  ['!Ref Env', '{ "Ref": "Env" }', '${Env}', 'Ref'],
  ['!Ref AWS::AccountId', '{ "Ref": "AWS::AccountId" }', '${AWS::AccountId}', 'Ref'],
  ['!Ref Bucket', '{ "Ref": "Bucket" }', '${Bucket}', 'Ref'],
  ['!Sub "arn:aws:s3:::${Bucket}/*"', '{ "Fn::Sub": "arn:aws:s3:::${Bucket}/*" }', 'arn:aws:s3:::${Bucket}/*', 'Fn::Sub'],
  ['!Sub "${Bucket.Arn}/reports/*"', '{ "Fn::Sub": "${Bucket.Arn}/reports/*" }', `${BUCKET_ARN}/reports/*`, 'Fn::Sub'],
  ['!Sub ["arn:aws:s3:::${Name}/*", {Name: !Ref Env}]', '{ "Fn::Sub": ["arn:aws:s3:::${Name}/*", { "Name": { "Ref": "Env" } }] }', 'arn:aws:s3:::${Env}/*', 'Fn::Sub'],
  ['!Sub "arn:aws:s3:::${!Literal}"', '{ "Fn::Sub": "arn:aws:s3:::${!Literal}" }', 'arn:aws:s3:::${Literal}', 'Fn::Sub'],
  ['!GetAtt Bucket.Arn', '{ "Fn::GetAtt": ["Bucket", "Arn"] }', BUCKET_ARN, 'Fn::GetAtt'],
  ['!GetAtt [Bucket, Arn]', '{ "Fn::GetAtt": "Bucket.Arn" }', BUCKET_ARN, 'Fn::GetAtt'],
  ['!GetAtt Queue.Arn', '{ "Fn::GetAtt": ["Queue", "Arn"] }', 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Queue}', 'Fn::GetAtt'],
  ['!GetAtt Bucket.DomainName', '{ "Fn::GetAtt": ["Bucket", "DomainName"] }', '${Bucket.DomainName}', 'Fn::GetAtt'],
  ['!Join [":", [arn, !Ref AWS::Partition, s3, "", "", !Ref Env]]', '{ "Fn::Join": [":", ["arn", { "Ref": "AWS::Partition" }, "s3", "", "", { "Ref": "Env" }]] }', 'arn:${AWS::Partition}:s3:::${Env}', 'Fn::Join'],
  ['!Join ["", [!GetAtt Bucket.Arn, "/*"]]', '{ "Fn::Join": ["", [{ "Fn::GetAtt": ["Bucket", "Arn"] }, "/*"]] }', `${BUCKET_ARN}/*`, 'Fn::Join'],
  ['!Select [1, ["arn:aws:s3:::a", "arn:aws:s3:::b"]]', '{ "Fn::Select": [1, ["arn:aws:s3:::a", "arn:aws:s3:::b"]] }', '${Fn::Select}', 'Fn::Select'],
  ['!Split [",", "arn:aws:s3:::a,arn:aws:s3:::b"]', '{ "Fn::Split": [",", "arn:aws:s3:::a,arn:aws:s3:::b"] }', '${Fn::Split}', 'Fn::Split'],
  ['!FindInMap [Buckets, !Ref AWS::Region, Arn]', '{ "Fn::FindInMap": ["Buckets", { "Ref": "AWS::Region" }, "Arn"] }', '${Fn::FindInMap}', 'Fn::FindInMap'],
  ['!Base64 "arn:aws:s3:::a"', '{ "Fn::Base64": "arn:aws:s3:::a" }', '${Fn::Base64}', 'Fn::Base64'],
  ['!Cidr [!Ref Cidr, 2, 8]', '{ "Fn::Cidr": [{ "Ref": "Cidr" }, 2, 8] }', '${Fn::Cidr}', 'Fn::Cidr'],
  ['!ImportValue shared-bucket-arn', '{ "Fn::ImportValue": "shared-bucket-arn" }', '${Fn::ImportValue}', 'Fn::ImportValue'],
  ['!GetAZs ""', '{ "Fn::GetAZs": "" }', '${Fn::GetAZs}', 'Fn::GetAZs'],
  ['!Equals [!Ref Env, prod]', '{ "Fn::Equals": [{ "Ref": "Env" }, "prod"] }', '${Fn::Equals}', 'Fn::Equals'],
  ['!And [!Condition IsProd, !Condition IsProd]', '{ "Fn::And": [{ "Condition": "IsProd" }, { "Condition": "IsProd" }] }', '${Fn::And}', 'Fn::And'],
  ['!Or [!Condition IsProd, !Condition IsProd]', '{ "Fn::Or": [{ "Condition": "IsProd" }, { "Condition": "IsProd" }] }', '${Fn::Or}', 'Fn::Or'],
  ['!Not [!Condition IsProd]', '{ "Fn::Not": [{ "Condition": "IsProd" }] }', '${Fn::Not}', 'Fn::Not'],
  ['!Condition IsProd', '{ "Condition": "IsProd" }', '${Condition}', 'Condition'],
  ['!Transform {Name: AWS::Include, Parameters: {Location: "s3://acme-snippets/arn.yaml"}}', '{ "Fn::Transform": { "Name": "AWS::Include", "Parameters": { "Location": "s3://acme-snippets/arn.json" } } }', '${Fn::Transform}', 'Fn::Transform'],
  ['!Length [a, b]', '{ "Fn::Length": ["a", "b"] }', '${Fn::Length}', 'Fn::Length'],
  ['!ToJsonString {a: b}', '{ "Fn::ToJsonString": { "a": "b" } }', '${Fn::ToJsonString}', 'Fn::ToJsonString'],
];

describe('each intrinsic becomes a placeholder pattern', () => {
  it.each(INTRINSICS)('YAML %s', async (yaml, _json, pattern, name) => {
    const text = yamlTemplate(yaml);
    const { result, at } = await loadText(text, 'template.yaml');
    expect(result.syntaxErrors).toEqual([]);
    const doc = policyAt(result, LOCATION);
    expect(doc.problems).toEqual([]);
    const values = valuesOf([doc], 'resource');
    expect(values.map((v) => [v.value, v.intrinsic])).toEqual([[pattern, name]]);
    expect(at(values[0]!)).toEqual(positionIn(text, yaml, 'Resource:'));
    expect(values[0]!.path).toEqual(['Statement', 0, 'Resource']);
  });

  it.each(INTRINSICS)('JSON long form of %s', async (_yaml, json, pattern, name) => {
    const text = jsonTemplate(json);
    const { result, at } = await loadText(text, 'template.json');
    expect(result.syntaxErrors).toEqual([]);
    const doc = policyAt(result, LOCATION);
    expect(doc.problems).toEqual([]);
    const values = valuesOf([doc], 'resource');
    expect(values.map((v) => [v.value, v.intrinsic])).toEqual([[pattern, name]]);
    expect(at(values[0]!)).toEqual(positionIn(text, json, '"Resource":'));
  });

  it('a literal BucketName is what !GetAtt Bucket.Arn gives', async () => {
    const text = yamlTemplate('!GetAtt Bucket.Arn').replace('Bucket: {Type: AWS::S3::Bucket}', 'Bucket: {Type: AWS::S3::Bucket, Properties: {BucketName: acme-exports-123456789012}}');
    const { result } = await loadText(text);
    expect(valuesOf([policyAt(result, LOCATION)], 'resource').map((v) => v.value)).toEqual(['arn:${AWS::Partition}:s3:::acme-exports-123456789012']);
  });
});

describe('Fn::If and AWS::NoValue', () => {
  it.each([
    ['YAML', yamlTemplate('!If [IsProd, "arn:aws:s3:::acme-prod/*", "arn:aws:s3:::acme-dev/*"]'), 'template.yaml'],
    ['JSON', jsonTemplate('{ "Fn::If": ["IsProd", "arn:aws:s3:::acme-prod/*", "arn:aws:s3:::acme-dev/*"] }'), 'template.json'],
  ])('%s: both branches of a Resource are values, each at its own place', async (_syntax, text, path) => {
    const { result, at } = await loadText(text, path);
    const values = valuesOf(policiesAt(result, LOCATION), 'resource');
    expect(values.map((v) => [v.value, v.path])).toEqual([
      ['arn:aws:s3:::acme-prod/*', ['Statement', 0, 'Resource', 'Fn::If', 1]],
      ['arn:aws:s3:::acme-dev/*', ['Statement', 0, 'Resource', 'Fn::If', 2]],
    ]);
    expect(at(values[0]!)).toEqual(positionIn(text, '"arn:aws:s3:::acme-prod/*"'));
    expect(at(values[1]!)).toEqual(positionIn(text, '"arn:aws:s3:::acme-dev/*"'));
  });

  it.each([
    ['YAML', yamlTemplate('[!Ref AWS::NoValue, "arn:aws:s3:::acme-a/*", !If [IsProd, !Ref AWS::NoValue, "arn:aws:s3:::acme-b/*"]]'), 'template.yaml'],
    ['JSON', jsonTemplate('[{ "Ref": "AWS::NoValue" }, "arn:aws:s3:::acme-a/*", { "Fn::If": ["IsProd", { "Ref": "AWS::NoValue" }, "arn:aws:s3:::acme-b/*"] }]'), 'template.json'],
  ])('%s: !Ref AWS::NoValue drops a list item, also as an Fn::If branch', async (_syntax, text, path) => {
    const { result } = await loadText(text, path);
    const docs = policiesAt(result, LOCATION);
    expect(valuesOf(docs, 'resource').map((v) => v.value)).toEqual(['arn:aws:s3:::acme-a/*', 'arn:aws:s3:::acme-b/*']);
    for (const doc of docs) expect(doc.problems).toEqual([]);
  });

  it('a whole statement under Fn::If: both branches are statements, AWS::NoValue none', async () => {
    const { result } = await loadFixture('cloudformation/intrinsics.json');
    const docs = policiesAt(result, 'Resources.PipelineRole.Properties.Policies[0].PolicyDocument');
    const sids = new Set(docs.flatMap((d) => d.statements.map((s) => s.sid?.value)));
    expect([...sids].sort()).toEqual(['Placeholders', 'ProdOnlyDelete', 'ReadLogs']);
    const st = docs.flatMap((d) => d.statements).find((s) => s.sid?.value === 'ProdOnlyDelete')!;
    expect(st.path).toEqual(['Statement', 2, 'Fn::If', 1]);
    expect(st.index).toBe(2);
  });
});

describe('Fn::If over one condition', () => {
  it('builds only the versions a stack can deploy: every Fn::If of a condition takes the same branch', async () => {
    const text = [
      'Conditions:',
      '  IsProd: !Equals [!Ref Env, prod]',
      'Parameters:',
      '  Env: {Type: String}',
      'Resources:',
      '  Queue:',
      '    Type: AWS::SQS::Queue',
      '  Access:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: !If [IsProd, s3:GetObject, sqs:SendMessage]',
      "            Resource: !If [IsProd, 'arn:aws:s3:::prod-bucket/*', !GetAtt Queue.Arn]",
      '',
    ].join('\n');
    const { result } = await loadText(text, 'template.yaml');
    const docs = policiesAt(result, 'Resources.Access.Properties.PolicyDocument');
    expect(docs.map((d) => [d.statements[0]!.action!.values.map((v) => v.value), d.statements[0]!.resource!.values.map((v) => /:(s3|sqs):/.exec(v.value)?.[1])])).toEqual([
      [['s3:GetObject'], ['s3']],
      [['sqs:SendMessage'], ['sqs']],
    ]);
  });
});

describe('fixtures/templates/cloudformation/intrinsics.yaml', () => {
  const ROLE_POLICY = 'Resources.PipelineRole.Properties.Policies[0].PolicyDocument';

  it('parses with every short-form tag, no syntax error and no structure problem', async () => {
    const { result } = await loadFixture('cloudformation/intrinsics.yaml');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.skipped).toBeUndefined();
    expect([...new Set(result.policies.map((p) => p.location))]).toEqual(['Resources.PipelineRole.Properties.AssumeRolePolicyDocument', ROLE_POLICY]);
    for (const p of result.policies) expect(p.problems).toEqual([]);
  });

  it('gives each Resource its pattern at the place it is written, dropping AWS::NoValue', async () => {
    const { file, result, at } = await loadFixture('cloudformation/intrinsics.yaml');
    const values = valuesOf(policiesAt(result, ROLE_POLICY), 'resource', 'ReadLogs');
    const rows = values.map((v) => ({ value: v.value, intrinsic: v.intrinsic, ...at(v) }));
    const p = (needle: string) => positionIn(file.text, needle);
    expect(rows).toEqual([
      { value: 'arn:aws:s3:::${LogsBucket}/*', intrinsic: 'Fn::Sub', ...p('!Sub "arn:aws:s3:::${LogsBucket}/*"') },
      { value: 'arn:${AWS::Partition}:s3:::${LogsBucket}', intrinsic: 'Fn::GetAtt', ...p('!GetAtt LogsBucket.Arn') },
      { value: 'arn:${AWS::Partition}:s3:::acme-reports-123456789012', intrinsic: 'Fn::GetAtt', ...p('!GetAtt [ReportsBucket, Arn]') },
      { value: 'arn:aws:s3:::${ArchiveBucketName}/*', intrinsic: 'Fn::Join', ...p("!Join ['', ['arn:aws:s3:::'") },
      { value: 'arn:aws:s3:::acme-prod-exports/*', intrinsic: undefined, ...p("'arn:aws:s3:::acme-prod-exports/*'") },
      { value: 'arn:aws:s3:::${ArchiveBucketName}', intrinsic: 'Fn::Sub', ...p("!Sub 'arn:aws:s3:::${ArchiveBucketName}', !Ref AWS::NoValue") },
      { value: 'arn:aws:s3:::acme-dev-exports/*', intrinsic: undefined, ...p("'arn:aws:s3:::acme-dev-exports/*'") },
    ]);
  });

  it('keeps every other function as a placeholder in its list', async () => {
    const { file, result, at } = await loadFixture('cloudformation/intrinsics.yaml');
    const values = valuesOf(policiesAt(result, ROLE_POLICY), 'resource', 'Placeholders');
    expect(values.map((v) => [v.value, at(v)])).toEqual([
      ['${ArchiveBucketName}', positionIn(file.text, '!Ref ArchiveBucketName\n')],
      ['${Fn::Select}', positionIn(file.text, "!Select [0, !Split [',',")],
      ['${Fn::FindInMap}', positionIn(file.text, '!FindInMap')],
      ['${Fn::Base64}', positionIn(file.text, '!Base64')],
      ['${Fn::Select}', positionIn(file.text, '!Select [0, !Cidr')],
      ['${Fn::ImportValue}', positionIn(file.text, '!ImportValue')],
      ['${Fn::Select}', positionIn(file.text, '!Select [0, !GetAZs')],
      ['${Fn::Transform}', positionIn(file.text, '!Transform {Name')],
    ]);
  });

  it('reads intrinsics in principals and condition values', async () => {
    const { result } = await loadFixture('cloudformation/intrinsics.yaml');
    const trust = policyAt(result, 'Resources.PipelineRole.Properties.AssumeRolePolicyDocument');
    expect(trust.statements[0]!.principal!.entries.map((e) => [e.type.value, e.values.map((v) => v.value)])).toEqual([['Service', ['lambda.${AWS::URLSuffix}']]]);
    const docs = policiesAt(result, ROLE_POLICY);
    const keys = docs.flatMap((d) => statementBySid(d, 'Conditions').condition!.operators[0]!.keys.map((k) => [k.key.value, k.values.map((v) => v.value)]));
    expect(keys).toContainEqual(['aws:RequestedRegion', ['${AWS::Region}']]);
    expect(keys).toContainEqual(['aws:PrincipalTag/team', ['reports']]);
    expect(keys).toContainEqual(['aws:PrincipalTag/team', []]);
  });

  it('names the policy by logical id and PolicyName', async () => {
    const { result } = await loadFixture('cloudformation/intrinsics.yaml');
    const names = new Set(result.policies.map((p) => `${p.kind} ${p.name}`));
    expect([...names]).toEqual(['trust PipelineRole', 'identity PipelineRole policy "pipeline-access"']);
  });
});

describe('fixtures/templates/cloudformation/intrinsics.json (long forms)', () => {
  it('gives the same patterns as the short forms, at the `{` of each long form', async () => {
    const { file, result, at } = await loadFixture('cloudformation/intrinsics.json');
    expect(result.syntaxErrors).toEqual([]);
    const docs = policiesAt(result, 'Resources.PipelineRole.Properties.Policies[0].PolicyDocument');
    for (const d of docs) expect(d.problems).toEqual([]);
    const p = (needle: string) => positionIn(file.text, needle);
    expect(valuesOf(docs, 'resource', 'ReadLogs').map((v) => ({ value: v.value, ...at(v) }))).toEqual([
      { value: 'arn:aws:s3:::${LogsBucket}/*', ...p('{ "Fn::Sub": "arn:aws:s3:::${LogsBucket}/*" }') },
      { value: 'arn:${AWS::Partition}:s3:::${LogsBucket}', ...p('{ "Fn::GetAtt": ["LogsBucket", "Arn"] }') },
      { value: 'arn:${AWS::Partition}:s3:::acme-reports-123456789012', ...p('{ "Fn::GetAtt": "ReportsBucket.Arn" }') },
      { value: 'arn:${AWS::Partition}:s3:::${ArchiveBucketName}/*', ...p('{ "Fn::Join"') },
      { value: 'arn:aws:s3:::acme-prod-exports/*', ...p('"arn:aws:s3:::acme-prod-exports/*"') },
      { value: 'arn:aws:s3:::acme-dev-exports/*', ...p('"arn:aws:s3:::acme-dev-exports/*"') },
    ]);
    expect(valuesOf(docs, 'resource', 'Placeholders').map((v) => v.value)).toEqual([
      '${ArchiveBucketName}', '${Fn::Select}', '${Fn::FindInMap}', '${Fn::Base64}', '${Fn::Select}', '${Fn::ImportValue}', '${Fn::Select}', '${Fn::Transform}',
    ]);
  });

  it('keeps a single-key {"Condition": ...} inside a statement as the IAM element, not an intrinsic', async () => {
    const text = jsonTemplate('"*", "Condition": { "Bool": { "aws:SecureTransport": "true" } }');
    const { result } = await loadText(text, 'template.json');
    const st = policyAt(result, LOCATION).statements[0]!;
    expect(st.condition!.operators.map((o) => [o.operator.value, o.keys.map((k) => [k.key.value, k.values.map((v) => v.value)])])).toEqual([['Bool', [['aws:SecureTransport', ['true']]]]]);
  });
});

describe('policies CloudFormation fills in at deploy time, and documents that are not objects', () => {
  const template = (document: string) => `Parameters:\n  Doc: {Type: String}\nResources:\n  M:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:${document}\n`;

  it('reads a dynamic reference ({{resolve:...}}) as a placeholder, not a malformed value', async () => {
    const text = template('\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "{{resolve:ssm:/app/object-arn}}"');
    const { result, at } = await loadText(text, 't.yaml');
    const value = policyAt(result, 'Resources.M.Properties.PolicyDocument').statements[0]!.resource!.values[0]!;
    expect([value.value, value.intrinsic, at(value)]).toEqual(['${resolve:ssm:/app/object-arn}', 'DynamicReference', positionIn(text, '"{{resolve')]);
  });

  it('reads a dynamic reference inside !Sub and !Join as a placeholder too', async () => {
    const text = template(`
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: dynamodb:GetItem
            Resource:
              - !Sub "arn:aws:dynamodb:{{resolve:ssm:/region}}:\${AWS::AccountId}:table/t"
              - !Join ["", ["arn:aws:s3:::", "{{resolve:ssm:/app/bucket}}", "/*"]]`);
    const { result } = await loadText(text, 't.yaml');
    const values = policyAt(result, 'Resources.M.Properties.PolicyDocument').statements[0]!.resource!.values.map((v) => v.value);
    expect(values).toEqual(['arn:aws:dynamodb:${resolve:ssm:/region}:${AWS::AccountId}:table/t', 'arn:aws:s3:::${resolve:ssm:/app/bucket}/*']);
  });

  it.each([
    ['a Ref of a parameter', ' !Ref Doc', 'a Ref'],
    ['an export', ' !ImportValue SharedPolicy', 'an Fn::ImportValue'],
    ['an AWS::Include', '\n        Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://bucket/policy.yaml}}', 'an Fn::Transform (AWS::Include)'],
  ])('names a policy given by %s in a "not read" notice', async (_, document, what) => {
    const { result } = await loadText(template(document), 't.yaml');
    expect(result.policies).toEqual([]);
    expect(result.notRead).toEqual([`the policy of Resources.M.Properties.PolicyDocument was not read: it is ${what} that only CloudFormation resolves`]);
  });

  it('builds a document written as a list, so invalid-policy-structure reports it (it was dropped without a word)', async () => {
    const text = template('\n        - Version: "2012-10-17"\n          Statement: [{Effect: Allow, Action: "*", Resource: "*"}]');
    const { result, at } = await loadText(text, 't.yaml');
    const policy = policyAt(result, 'Resources.M.Properties.PolicyDocument');
    expect(policy.problems.map((p) => [p.messageId, p.data.found, at(p)])).toEqual([['notAnObject', 'a list', positionIn(text, '- Version')]]);
  });
});
