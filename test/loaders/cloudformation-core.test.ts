import { describe, expect, it } from 'vitest';
import { loadSource } from '../../src/loaders/index.js';
import { NESTED_POLICY_PROPERTIES, POLICY_PROPERTIES } from '../../src/loaders/cloudformation/policy-properties.js';
import type { PolicyDocument } from '../../src/policy/model.js';
import { SourceFile } from '../../src/source/source-file.js';

const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

async function load(name: string, text: string) {
  const file = new SourceFile(name, text);
  return { file, result: await loadSource(file) };
}

function at(file: SourceFile, offset: number) {
  return file.positionAt(offset);
}

function actions(p: PolicyDocument): string[] {
  return p.statements.flatMap((s) => s.action?.values.map((v) => v.value) ?? []);
}

describe('CloudFormation loader', () => {
  it.each(POLICY_PROPERTIES.map((p) => [`${p.type} ${p.property}`, p] as const))('finds the policy in %s', async (_, spec) => {
    const value = spec.list ? [{ PolicyName: 'inline', PolicyDocument: doc }] : doc;
    const props: Record<string, unknown> = { [spec.property]: value };
    if (spec.when) props[spec.when.property] = spec.when.equals;
    const text = JSON.stringify({ Resources: { R: { Type: spec.type, Properties: props } } }, null, 2);
    const { result } = await load('t.template.json', text);
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies).toHaveLength(1);
    const [p] = result.policies;
    expect(p?.kind).toBe(spec.kind);
    expect(p?.location).toBe(`Resources.R.Properties.${spec.property}${spec.list ? '[0].PolicyDocument' : ''}`);
    expect(actions(p!)).toEqual(['s3:GetObject']);
  });

  it.each(NESTED_POLICY_PROPERTIES.map((p) => [`${p.type} ${p.path.join('.')}`, p] as const))('finds the nested policy in %s', async (_, spec) => {
    let value: unknown = doc;
    for (const key of [...spec.path].reverse()) value = key === '*' ? [value] : { [key]: value };
    const text = JSON.stringify({ Resources: { R: { Type: spec.type, Properties: value } } }, null, 2);
    const { result } = await load('t.json', text);
    expect(result.policies.map((p) => p.kind)).toEqual([spec.kind]);
  });

  it('does not read Organizations policies of other types', async () => {
    const text = JSON.stringify({ Resources: { T: { Type: 'AWS::Organizations::Policy', Properties: { Type: 'TAG_POLICY', Content: { tags: {} } } } } });
    expect((await load('t.json', text)).result.policies).toEqual([]);
  });

  it('reads every short-form tag without an error, as placeholders', async () => {
    const text = [
      'Conditions:',
      '  IsProd: !Equals [!Ref Env, prod]',
      '  Both: !And [!Condition IsProd, !Not [!Equals [a, b]]]',
      '  Either: !Or [!Condition IsProd, !Condition Both]',
      'Parameters:',
      '  Env: {Type: String}',
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: [!Ref ActionParam, !Select [0, !Split [",", "s3:GetObject,s3:PutObject"]], !FindInMap [M, K, V], !ImportValue shared-action]',
      '            Resource:',
      '              - !Join ["", ["arn:aws:s3:::", !Ref Env, "/*"]]',
      '              - !Base64 x',
      '              - !Select [0, !Cidr [10.0.0.0/16, 2, 8]]',
      '              - !Select [0, !GetAZs ""]',
      '              - !GetAtt [Bucket, Arn]',
      '              - !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}',
      '            Condition: !If [IsProd, {Bool: {aws:SecureTransport: "true"}}, !Ref AWS::NoValue]',
      '',
    ].join('\n');
    const { result } = await load('t.yaml', text);
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.length).toBeGreaterThan(0);
    const resources = result.policies[0]!.statements[0]!.resource!.values.map((v) => v.value);
    expect(resources[0]).toBe('arn:aws:s3:::${Env}/*');
    expect(resources.slice(1).every((r) => r.startsWith('${'))).toBe(true);
  });

  it('gives intrinsics the ARN shape of what they return', async () => {
    const text = [
      'Parameters:',
      '  Arn: {Type: String}',
      'Resources:',
      '  Logs: {Type: AWS::S3::Bucket}',
      '  Named: {Type: AWS::S3::Bucket, Properties: {BucketName: acme-named}}',
      '  Topic: {Type: AWS::SNS::Topic}',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: s3:GetObject',
      '            Resource:',
      '              - !GetAtt Logs.Arn',
      '              - !GetAtt Named.Arn',
      '              - !Sub "${Logs.Arn}/*"',
      '              - !Sub "arn:aws:s3:::${Logs}/${!aws:username}/*"',
      '              - !Ref Arn',
      '              - !Ref Topic',
      '              - !Ref AWS::NoValue',
      '',
    ].join('\n');
    const { result } = await load('t.yaml', text);
    expect(result.policies[0]!.statements[0]!.resource!.values.map((v) => [v.value, v.intrinsic])).toEqual([
      ['arn:${AWS::Partition}:s3:::${Logs}', 'Fn::GetAtt'],
      ['arn:${AWS::Partition}:s3:::acme-named', 'Fn::GetAtt'],
      ['arn:${AWS::Partition}:s3:::${Logs}/*', 'Fn::Sub'],
      ['arn:aws:s3:::${Logs}/${aws:username}/*', 'Fn::Sub'],
      ['${Arn}', 'Ref'],
      ['arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${Topic}', 'Ref'],
    ]);
  });

  it('points inside a policy written as a JSON string, escapes included', async () => {
    const policyText = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:*:*:log-group:"quoted"' }] });
    const text = JSON.stringify({ Resources: { RP: { Type: 'AWS::Logs::ResourcePolicy', Properties: { PolicyName: 'x', PolicyDocument: policyText } } } }, null, 2);
    const { file, result } = await load('t.json', text);
    const values = result.policies[0]!.statements[0]!.action!.values;
    const second = values[1]!;
    const pos = at(file, second.span.start);
    const line = text.split('\n')[pos.line - 1]!;
    expect(line.slice(pos.column - 1, pos.column - 1 + 21)).toBe('\\"logs:PutLogEvents\\"');
  });

  it('names CDK policies by their construct path', async () => {
    const text = JSON.stringify({
      Resources: {
        AppRoleDefaultPolicy1234: {
          Type: 'AWS::IAM::Policy',
          Properties: { PolicyName: 'AppRoleDefaultPolicy1234', PolicyDocument: doc, Roles: [{ Ref: 'AppRole5678' }] },
          Metadata: { 'aws:cdk:path': 'MyStack/AppRole/DefaultPolicy/Resource' },
        },
        AppRole5678: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: doc } },
      },
    });
    const { result } = await load('cdk.out/MyStack.template.json', text);
    const policy = result.policies.find((p) => p.kind === 'identity')!;
    expect(policy.name).toBe('MyStack/AppRole/DefaultPolicy/Resource');
    expect(policy.attachment.principals.map((p) => p.name)).toEqual(['AppRole5678']);
  });

  it('links users, groups and roles to the policies that apply to them', async () => {
    const text = [
      'Resources:',
      '  Admins: {Type: AWS::IAM::Group, Properties: {GroupName: admins}}',
      '  Alice: {Type: AWS::IAM::User, Properties: {Groups: [!Ref Admins], ManagedPolicyArns: [!Ref Shared, "arn:aws:iam::aws:policy/ReadOnlyAccess"]}}',
      '  Shared:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties: {PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}}',
      '  ForGroup:',
      '    Type: AWS::IAM::Policy',
      '    Properties: {PolicyName: g, Groups: [admins], PolicyDocument: {Statement: [{Effect: Allow, Action: "iam:ListUsers", Resource: "*"}]}}',
      '',
    ].join('\n');
    const { result } = await load('t.yaml', text);
    const alice = result.principals.find((p) => p.name === 'Alice')!;
    const admins = result.principals.find((p) => p.name === 'Admins')!;
    expect(alice.memberOf).toEqual([admins]);
    expect(alice.policies.map((p) => p.location)).toEqual(['Resources.Shared.Properties.PolicyDocument']);
    expect(alice.managedPolicyArns.map((a) => a.value)).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(admins.policies.map((p) => p.location)).toEqual(['Resources.ForGroup.Properties.PolicyDocument']);
  });

  it('gives exact positions deep inside YAML, block and flow style', async () => {
    const text = [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}]}',
      '      Policies:',
      '        - PolicyName: p',
      '          PolicyDocument:',
      '            Statement:',
      '              - Effect: Allow',
      '                Action:',
      '                  - s3:GetObject',
      '                Resource: [arn:aws:s3:::a/*, "arn:aws:s3:::b/*"]',
      '',
    ].join('\n');
    const { file, result } = await load('t.yaml', text);
    const inline = result.policies.find((p) => p.kind === 'identity')!;
    const action = inline.statements[0]!.action!.values[0]!;
    expect(at(file, action.span.start)).toEqual({ line: 12, column: 21 });
    const [a, b] = inline.statements[0]!.resource!.values;
    const line13 = text.split('\n')[12]!;
    expect(at(file, a!.span.start)).toEqual({ line: 13, column: line13.indexOf('arn:aws:s3:::a/*') + 1 });
    expect(at(file, b!.span.start)).toEqual({ line: 13, column: line13.indexOf('"arn:aws:s3:::b/*"') + 1 });
    const trust = result.policies.find((p) => p.kind === 'trust')!;
    expect(at(file, trust.statements[0]!.action!.values[0]!.span.start)).toEqual({ line: 5, column: text.split('\n')[4]!.indexOf('"sts:AssumeRole"') + 1 });
  });

  it.each([
    ['package.json', '{"name": "app", "version": "1.0.0", "scripts": {}}'],
    ['tsconfig.json', '{"compilerOptions": {"strict": true}}'],
    ['.github/workflows/ci.yml', 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n'],
    ['docker-compose.yml', 'services:\n  web:\n    image: nginx\n'],
  ])('skips %s, which holds no policy', async (name, text) => {
    const { result } = await load(name, text);
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies).toEqual([]);
    expect(result.skipped).toBe('no IAM policy or CloudFormation template found');
  });

  it('reads a template without IAM resources as zero policies', async () => {
    const { result } = await load('t.yaml', 'Resources:\n  Q: {Type: AWS::SQS::Queue}\n');
    expect(result.policies).toEqual([]);
    expect(result.syntaxErrors).toEqual([]);
  });

  it('rejects a YAML alias bomb quickly with a syntax error', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]`);
    lines.push('Resources: {R: {Type: AWS::IAM::ManagedPolicy, Properties: {PolicyDocument: {Statement: *a11}}}}');
    const { result } = await load('bomb.yaml', lines.join('\n'));
    expect(result.policies).toEqual([]);
    expect(result.syntaxErrors[0]?.message).toMatch(/aliases expanding too far|values/);
  });
});
