/**
 * AWS SAM policies written outside `Policies` documents: a function's trust policy, an Api event's
 * resource policy statements, the `Globals` SAM merges into every function and API, and the managed
 * policies named in `Policies`. Each must be read once, where the template writes it.
 */
import { describe, expect, it } from 'vitest';
import noAdminManagedPolicy from '../../rules/no-admin-managed-policy.js';
import unknownAction from '../../rules/unknown-action.js';
import { lintWith, positionOf } from '../helpers/lint.js';
import { loadText, policiesAt, policyAt, positionIn } from './load.js';

describe('AWS::Serverless::Function AssumeRolePolicyDocument', () => {
  const yaml = `Transform: AWS::Serverless-2016-10-31
Resources:
  EdgeFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      InlineCode: "exports.handler = async () => ({})"
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: [lambda.amazonaws.com, edgelambda.amazonaws.com]}
            Action: sts:AssumeRolee
`;

  it('is the trust policy of the role SAM creates, even without Policies', async () => {
    const { result, at } = await loadText(yaml);
    expect(result.policies.map((p) => [p.location, p.kind, p.name])).toEqual([['Resources.EdgeFunction.Properties.AssumeRolePolicyDocument', 'trust', 'EdgeFunction']]);
    const doc = result.policies[0]!;
    expect(doc.attachment.inline).toBe(false);
    expect(doc.attachment.principals.map((p) => p.name)).toEqual(['EdgeFunctionRole']);
    expect(result.principals.map((p) => [p.type, p.name, p.policies.map((d) => d.location)])).toEqual([
      ['role', 'EdgeFunctionRole', ['Resources.EdgeFunction.Properties.AssumeRolePolicyDocument']],
    ]);
    expect(at(doc.statements[0]!.action!.values[0]!)).toEqual(positionIn(yaml, 'sts:AssumeRolee'));
  });

  it('is linted at its place in the template', async () => {
    const findings = await lintWith(unknownAction, yaml, { filename: 't.yaml' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.policy?.location, f.policy?.kind])).toEqual([
      ['unknown-action', ...Object.values(positionOf(yaml, 'sts:AssumeRolee')), 'Resources.EdgeFunction.Properties.AssumeRolePolicyDocument', 'trust'],
    ]);
  });
});

describe('Api event Auth.ResourcePolicy.CustomStatements', () => {
  const yaml = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        Get:
          Type: Api
          Properties:
            Path: /pets
            Method: get
            Auth:
              ResourcePolicy:
                CustomStatements:
                  - Effect: Allow
                    Principal: "*"
                    Action: execute-api:Invokee
                    Resource: execute-api:/Prod/GET/pets
        Post:
          Type: Api
          Properties:
            Path: /pets
            Method: post
            Auth:
              ResourcePolicy:
                CustomStatements: {Effect: Deny, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/Prod/POST/pets}
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
  Jobs:
    Type: AWS::SQS::Queue
`;

  it('reads each event\'s statements (a list, or one) as a resource policy at its place', async () => {
    const { result, at } = await loadText(yaml);
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.location, p.kind, p.name, p.statements.length])).toEqual([
      ['Resources.Fn.Properties.Events.Get.Properties.Auth.ResourcePolicy', 'resource', 'Fn', 1],
      ['Resources.Fn.Properties.Events.Post.Properties.Auth.ResourcePolicy', 'resource', 'Fn', 1],
    ]);
    const [get, post] = result.policies;
    expect(at(get!.statements[0]!.action!.values[0]!)).toEqual(positionIn(yaml, 'execute-api:Invokee'));
    expect(at(post!.statements[0]!.effect!)).toEqual(positionIn(yaml, 'Deny'));
    expect(get!.attachment.principals).toEqual([]);
  });

  it('is linted at its place in the template', async () => {
    const findings = await lintWith(unknownAction, yaml, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.policy?.location, f.policy?.kind])).toEqual([
      [...Object.values(positionOf(yaml, 'execute-api:Invokee')), 'Resources.Fn.Properties.Events.Get.Properties.Auth.ResourcePolicy', 'resource'],
    ]);
  });
});

describe('SAM Globals', () => {
  const yaml = `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Auth:
      ResourcePolicy:
        CustomStatements:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invokee
            Resource: execute-api:/*
  Function:
    Runtime: python3.12
    AssumeRolePolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: {Service: lambda.amazonaws.com}
          Action: sts:AssumeRolee
Conditions:
  Edge: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  PublicApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
  PrivateApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Auth:
        ResourcePolicy:
          CustomStatements:
            - Effect: Deny
              Principal: "*"
              Action: execute-api:Invoke
              Resource: execute-api:/*
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
  Merged:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: edgelambda.amazonaws.com}
            Action: sts:AssumeRole
  OneStatement:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      AssumeRolePolicyDocument:
        Statement: {Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: sts:AssumeRole}
  Conditional:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      AssumeRolePolicyDocument: !If [Edge, {Statement: [{Effect: Allow, Principal: {Service: edgelambda.amazonaws.com}, Action: sts:AssumeRole}]}, !Ref AWS::NoValue]
  Ignoring:
    Type: AWS::Serverless::Function
    IgnoreGlobals: [AssumeRolePolicyDocument]
    Properties:
      Handler: index.handler
  Own:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Role: !GetAtt Plain.Arn
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: '*'}
            Action: sts:AssumeRole
`;

  it('reads each Globals policy once, where Globals writes it, next to the resources\' own', async () => {
    const { result, at } = await loadText(yaml);
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.location, p.kind, p.name, p.attachment.resource?.type])).toEqual([
      ['Globals.Function.AssumeRolePolicyDocument', 'trust', 'Globals.Function', 'AWS::Serverless::Function'],
      ['Globals.Api.Auth.ResourcePolicy', 'resource', 'Globals.Api', 'AWS::Serverless::Api'],
      ['Resources.PrivateApi.Properties.Auth.ResourcePolicy', 'resource', 'PrivateApi', 'AWS::Serverless::Api'],
      ['Resources.Merged.Properties.AssumeRolePolicyDocument', 'trust', 'Merged', 'AWS::Serverless::Function'],
      ['Resources.OneStatement.Properties.AssumeRolePolicyDocument', 'trust', 'OneStatement', 'AWS::Serverless::Function'],
      ['Resources.Conditional.Properties.AssumeRolePolicyDocument.Fn::If[1]', 'trust', 'Conditional', 'AWS::Serverless::Function'],
    ]);
    const trust = policyAt(result, 'Globals.Function.AssumeRolePolicyDocument');
    expect(at(trust.statements[0]!.action!.values[0]!)).toEqual(positionIn(yaml, 'sts:AssumeRolee'));
    const api = policyAt(result, 'Globals.Api.Auth.ResourcePolicy');
    expect(at(api.statements[0]!.action!.values[0]!)).toEqual(positionIn(yaml, 'execute-api:Invokee'));
  });

  it('attaches the global trust policy to each function role that keeps it after SAM merges Globals', async () => {
    const { result } = await loadText(yaml);
    // Own is given its Role: SAM makes none for it, and ignores its AssumeRolePolicyDocument (not linted).
    // Maps merge and lists concatenate: Merged keeps the global statement; a single statement
    // against the global list, or an intrinsic against the global map, replaces it, as IgnoreGlobals does.
    expect(result.principals.map((p) => [p.name, p.policies.map((d) => d.location)])).toEqual([
      ['PlainRole', ['Globals.Function.AssumeRolePolicyDocument']],
      ['MergedRole', ['Globals.Function.AssumeRolePolicyDocument', 'Resources.Merged.Properties.AssumeRolePolicyDocument']],
      ['OneStatementRole', ['Resources.OneStatement.Properties.AssumeRolePolicyDocument']],
      ['ConditionalRole', ['Resources.Conditional.Properties.AssumeRolePolicyDocument.Fn::If[1]']],
    ]);
  });

  it('reports findings in Globals once, not once per function or API', async () => {
    const findings = await lintWith(unknownAction, yaml, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.policy?.location])).toEqual([
      [...Object.values(positionOf(yaml, 'execute-api:Invokee')), 'Globals.Api.Auth.ResourcePolicy'],
      [...Object.values(positionOf(yaml, 'sts:AssumeRolee')), 'Globals.Function.AssumeRolePolicyDocument'],
    ]);
  });

  it('reads Globals with no resource to merge into', async () => {
    const text = `Globals:
  Function:
    AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: "*"}, Action: sts:AssumeRole}]}
Resources:
  Topic:
    Type: AWS::SNS::Topic
`;
    const { result } = await loadText(text);
    expect(result.policies.map((p) => [p.location, p.kind, p.attachment.principals.length])).toEqual([['Globals.Function.AssumeRolePolicyDocument', 'trust', 0]]);
  });
});

describe('SAM Policies naming managed policies', () => {
  const yaml = `Transform: AWS::Serverless-2016-10-31
Conditions:
  Admin: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Policies:
        - AdministratorAccess
        - arn:aws:iam::aws:policy/PowerUserAccess
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/IAMFullAccess
        - !If [Admin, arn:aws:iam::aws:policy/AdministratorAccess, !Ref AWS::NoValue]
        - !Ref Reader
        - S3ReadPolicy:
            BucketName: uploads
        - Statement:
            - Effect: Allow
              Action: s3:PutObject
              Resource: arn:aws:s3:::thumbnails/*
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Policies: AWSLambdaRole
  Reader:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: arn:aws:s3:::uploads/*
`;

  it('registers names, ARNs and intrinsics as the role\'s managed policy ARNs, each at its place', async () => {
    const { result, at } = await loadText(yaml);
    const [fn, machine] = result.principals;
    expect(fn!.managedPolicyArns.map((a) => [a.value, at(a), a.path])).toEqual([
      ['arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess', positionIn(yaml, 'AdministratorAccess'), ['Resources', 'Fn', 'Properties', 'Policies', 0]],
      ['arn:aws:iam::aws:policy/PowerUserAccess', positionIn(yaml, 'arn:aws:iam::aws:policy/PowerUserAccess'), ['Resources', 'Fn', 'Properties', 'Policies', 1]],
      ['arn:${AWS::Partition}:iam::aws:policy/IAMFullAccess', positionIn(yaml, '!Sub'), ['Resources', 'Fn', 'Properties', 'Policies', 2]],
      ['arn:aws:iam::aws:policy/AdministratorAccess', positionIn(yaml, 'arn:aws:iam::aws:policy/AdministratorAccess'), ['Resources', 'Fn', 'Properties', 'Policies', 3, 'Fn::If', 1]],
    ]);
    // A !Ref to a managed policy of the template attaches that policy; templates and documents are no ARNs.
    expect(fn!.policies.map((p) => p.location)).toEqual(['Resources.Fn.Properties.Policies[6]', 'Resources.Reader.Properties.PolicyDocument']);
    expect(policyAt(result, 'Resources.Reader.Properties.PolicyDocument').attachment.principals.map((p) => p.name)).toEqual(['FnRole']);
    expect(machine!.managedPolicyArns.map((a) => [a.value, a.path])).toEqual([['arn:${AWS::Partition}:iam::aws:policy/AWSLambdaRole', ['Resources', 'Machine', 'Properties', 'Policies']]]);
    expect(policiesAt(result, 'Resources.Fn.Properties.Policies[6]')).toHaveLength(1);
  });

  it('lets no-admin-managed-policy report them as it does for an AWS::IAM::Role', async () => {
    const findings = await lintWith(noAdminManagedPolicy, yaml, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.path, f.message, f.suggestion])).toEqual([
      [
        ...Object.values(positionOf(yaml, 'AdministratorAccess')),
        ['Resources', 'Fn', 'Properties', 'Policies', 0],
        'Role "FnRole" has the AWS managed policy AdministratorAccess attached, which allows every action on every resource',
        // A SAM policy name: the name to write instead.
        'Attach ReadOnlyAccess instead, plus a customer managed policy granting only the writes role "FnRole" needs (its other policies already use s3)',
      ],
      [
        ...Object.values(positionOf(yaml, 'arn:aws:iam::aws:policy/PowerUserAccess')),
        ['Resources', 'Fn', 'Properties', 'Policies', 1],
        'Role "FnRole" has the AWS managed policy PowerUserAccess attached, which allows every action except IAM, Organizations and Account management',
        'Attach arn:aws:iam::aws:policy/ReadOnlyAccess instead, plus a customer managed policy granting only the writes role "FnRole" needs (its other policies already use s3)',
      ],
      [
        ...Object.values(positionOf(yaml, '!Sub')),
        ['Resources', 'Fn', 'Properties', 'Policies', 2],
        'Role "FnRole" has the AWS managed policy IAMFullAccess attached, which allows every IAM action, enough to grant itself anything',
        'Attach !Sub "arn:${AWS::Partition}:iam::aws:policy/IAMReadOnlyAccess" instead, plus a customer managed policy granting only the writes role "FnRole" needs (its other policies already use s3)',
      ],
      [
        ...Object.values(positionOf(yaml, 'arn:aws:iam::aws:policy/AdministratorAccess')),
        ['Resources', 'Fn', 'Properties', 'Policies', 3, 'Fn::If', 1],
        'Role "FnRole" has the AWS managed policy AdministratorAccess attached, which allows every action on every resource',
        'Attach arn:aws:iam::aws:policy/ReadOnlyAccess instead, plus a customer managed policy granting only the writes role "FnRole" needs (its other policies already use s3)',
      ],
    ]);
  });
});
