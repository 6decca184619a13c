/**
 * Policies CloudFormation writes outside a PolicyDocument property of its own: SQS and SNS inline
 * policies, the statement an AWS::Lambda::Permission adds to its function's policy, and the inline
 * documents in AWS SAM `Policies`. Each element must point where the template writes it.
 */
import { describe, expect, it } from 'vitest';
import noPublicPrincipal from '../../rules/no-public-principal.js';
import type { PolicyDocument } from '../../src/policy/model.js';
import { lintWith } from '../helpers/lint.js';
import { loadText, policyAt, positionIn } from './load.js';

function conditions(at: (s: { span: { start: number; end: number } }) => { line: number; column: number }, doc: PolicyDocument) {
  return (doc.statements[0]!.condition?.operators ?? []).map((o) => [o.operator.value, o.keys.map((k) => [k.key.value, k.values.map((v) => [v.value, at(v)])])]);
}

describe('AWS::SQS::QueueInlinePolicy and AWS::SNS::TopicInlinePolicy', () => {
  const yaml = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Orders:
    Type: AWS::SQS::Queue
  OrdersPolicy:
    Type: AWS::SQS::QueueInlinePolicy
    Properties:
      Queue: !Ref Orders
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: events.amazonaws.com}
            Action: sqs:SendMessage
            Resource: !GetAtt Orders.Arn
  Alerts:
    Type: AWS::SNS::Topic
  AlertsPolicy:
    Type: AWS::SNS::TopicInlinePolicy
    Properties:
      TopicArn: !Ref Alerts
      PolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"}, "Action": "sns:Publish", "Resource": "*"}]}'
`;

  it('reads each PolicyDocument as the resource policy of its queue or topic, at its place in YAML', async () => {
    const { result, at } = await loadText(yaml, 'template.yaml');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.location, p.kind, p.name, p.attachment.resource?.type])).toEqual([
      ['Resources.OrdersPolicy.Properties.PolicyDocument', 'resource', 'OrdersPolicy', 'AWS::SQS::QueueInlinePolicy'],
      ['Resources.AlertsPolicy.Properties.PolicyDocument', 'resource', 'AlertsPolicy', 'AWS::SNS::TopicInlinePolicy'],
    ]);
    const [queue, topic] = result.policies as [PolicyDocument, PolicyDocument];
    expect(queue.statements[0]!.action!.values.map((v) => [v.value, at(v)])).toEqual([['sqs:SendMessage', positionIn(yaml, 'sqs:SendMessage')]]);
    expect(queue.statements[0]!.resource!.values.map((v) => v.value)).toEqual(['arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Orders}']);
    // Inside the JSON string: the action's opening quote.
    expect(topic.statements[0]!.action!.values.map((v) => [v.value, at(v)])).toEqual([['sns:Publish', positionIn(yaml, '"sns:Publish"')]]);
  });

  it('finds them in a JSON template at the same elements', async () => {
    const text = `${JSON.stringify(
      {
        Resources: {
          OrdersPolicy: {
            Type: 'AWS::SQS::QueueInlinePolicy',
            Properties: { Queue: { Ref: 'Orders' }, PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }] } },
          },
          AlertsPolicy: {
            Type: 'AWS::SNS::TopicInlinePolicy',
            Properties: { TopicArn: { Ref: 'Alerts' }, PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: '*' }] } },
          },
        },
      },
      null,
      2,
    )}\n`;
    const { result, at } = await loadText(text, 'template.json');
    const queue = policyAt(result, 'Resources.OrdersPolicy.Properties.PolicyDocument');
    const topic = policyAt(result, 'Resources.AlertsPolicy.Properties.PolicyDocument');
    expect(at(queue.statements[0]!.principal!.wildcard!)).toEqual(positionIn(text, '"*"', '"OrdersPolicy"'));
    expect(at(topic.statements[0]!.action!.values[0]!)).toEqual(positionIn(text, '"sns:Publish"'));
  });
});

describe('AWS::Lambda::Permission', () => {
  const yaml = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: worker
  FromJobs:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Worker
      Principal: sns.amazonaws.com
      SourceArn: !Ref Jobs
      SourceAccount: !Ref AWS::AccountId
      PrincipalOrgID: o-a1b2c3d4e5
  FromPartner:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: arn:aws:lambda:us-east-1:111122223333:function:worker
      Principal: '444455556666'
      SourceAccount: !Ref AWS::NoValue
  PublicUrl:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunctionUrl
      FunctionName: !GetAtt Worker.Arn
      Principal: '*'
      FunctionUrlAuthType: NONE
  FromAlexa:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: worker
      Principal: alexa-connectedhome.amazon.com
      EventSourceToken: amzn1.ask.skill.12345678
  Jobs:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: jobs
`;

  it('is a one-statement resource policy of the function, each value where the template writes it', async () => {
    const { result, at } = await loadText(yaml, 'template.yaml');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.location, p.kind, p.name, p.attachment.resource?.type, p.statements.length])).toEqual([
      ['Resources.FromJobs', 'resource', 'FromJobs', 'AWS::Lambda::Permission', 1],
      ['Resources.FromPartner', 'resource', 'FromPartner', 'AWS::Lambda::Permission', 1],
      ['Resources.PublicUrl', 'resource', 'PublicUrl', 'AWS::Lambda::Permission', 1],
      ['Resources.FromAlexa', 'resource', 'FromAlexa', 'AWS::Lambda::Permission', 1],
    ]);
    const jobs = policyAt(result, 'Resources.FromJobs');
    const s = jobs.statements[0]!;
    expect(s.effect?.value).toBe('Allow');
    expect(s.principal!.entries.map((e) => [e.type.value, e.values.map((v) => [v.value, at(v)])])).toEqual([
      ['Service', [['sns.amazonaws.com', positionIn(yaml, 'sns.amazonaws.com')]]],
    ]);
    expect(s.action!.values.map((v) => [v.value, at(v)])).toEqual([['lambda:InvokeFunction', positionIn(yaml, 'lambda:InvokeFunction', 'FromJobs')]]);
    expect(s.resource!.values.map((v) => [v.value, at(v)])).toEqual([
      ['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Worker}', positionIn(yaml, '!Ref Worker')],
    ]);
    expect(conditions(at, jobs)).toEqual([
      ['ArnLike', [['aws:SourceArn', [['arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:jobs', positionIn(yaml, '!Ref Jobs')]]]]],
      ['StringEquals', [
        ['aws:SourceAccount', [['${AWS::AccountId}', positionIn(yaml, '!Ref AWS::AccountId')]]],
        ['aws:PrincipalOrgID', [['o-a1b2c3d4e5', positionIn(yaml, 'o-a1b2c3d4e5')]]],
      ]],
    ]);
    // The condition keys point at the property names.
    expect(at(s.condition!.operators[1]!.keys[0]!.key)).toEqual(positionIn(yaml, 'SourceAccount', 'FromJobs'));
  });

  it('reads an account principal, an ARN FunctionName, a function URL and an Alexa token; AWS::NoValue is no value', async () => {
    const { result, at } = await loadText(yaml, 'template.yaml');
    const partner = policyAt(result, 'Resources.FromPartner').statements[0]!;
    expect(partner.principal!.entries.map((e) => [e.type.value, e.values.map((v) => [v.value, at(v)])])).toEqual([['AWS', [['444455556666', positionIn(yaml, "'444455556666'")]]]]);
    expect(partner.resource!.values.map((v) => v.value)).toEqual(['arn:aws:lambda:us-east-1:111122223333:function:worker']);
    expect(partner.condition).toBeUndefined();

    const url = policyAt(result, 'Resources.PublicUrl');
    expect(at(url.statements[0]!.principal!.wildcard!)).toEqual(positionIn(yaml, "'*'"));
    expect(url.statements[0]!.resource!.values.map((v) => v.value)).toEqual(['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:worker']);
    expect(conditions(at, url)).toEqual([['StringEquals', [['lambda:FunctionUrlAuthType', [['NONE', positionIn(yaml, 'NONE')]]]]]]);

    const alexa = policyAt(result, 'Resources.FromAlexa');
    expect(alexa.statements[0]!.principal!.entries.map((e) => [e.type.value, e.values.map((v) => v.value)])).toEqual([['Service', ['alexa-connectedhome.amazon.com']]]);
    expect(conditions(at, alexa)).toEqual([['StringEquals', [['lambda:EventSourceToken', [['amzn1.ask.skill.12345678', positionIn(yaml, 'amzn1.ask.skill.12345678')]]]]]]);
  });

  it('reads InvokedViaFunctionUrl as the lambda:InvokedViaFunctionUrl condition; no-public-principal leaves that statement to the URL permission', async () => {
    const text = [
      'Resources:',
      '  UrlInvoke:',
      '    Type: AWS::Lambda::Permission',
      '    Properties:',
      '      Action: lambda:InvokeFunction',
      '      FunctionName: worker',
      "      Principal: '*'",
      '      InvokedViaFunctionUrl: true',
      '',
    ].join('\n');
    const { result, at } = await loadText(text, 'template.yaml');
    expect(conditions(at, policyAt(result, 'Resources.UrlInvoke'))).toEqual([['Bool', [['lambda:InvokedViaFunctionUrl', [['true', positionIn(text, 'true')]]]]]]);
    expect(await lintWith(noPublicPrincipal, text, { filename: 'template.yaml' })).toEqual([]);
    expect((await lintWith(noPublicPrincipal, text.replace('      InvokedViaFunctionUrl: true\n', ''), { filename: 'template.yaml' })).map((f) => f.ruleId)).toEqual(['no-public-principal']);
  });

  it('points at the values in a JSON template, and makes no policy without a Principal or Action', async () => {
    const text = `${JSON.stringify(
      {
        Resources: {
          Public: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Worker', 'Arn'] }, Principal: '*' } },
          NoPrincipal: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: 'worker' } },
          NoAction: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: 'worker', Principal: 's3.amazonaws.com' } },
          Worker: { Type: 'AWS::Lambda::Function', Properties: {} },
        },
      },
      null,
      2,
    )}\n`;
    const { result, at } = await loadText(text, 'template.json');
    expect(result.policies.map((p) => p.location)).toEqual(['Resources.Public']);
    const s = result.policies[0]!.statements[0]!;
    expect(at(s.principal!.wildcard!)).toEqual(positionIn(text, '"*"'));
    expect(s.action!.values.map((v) => [v.value, at(v)])).toEqual([['lambda:InvokeFunction', positionIn(text, '"lambda:InvokeFunction"')]]);
    expect(s.resource!.values.map((v) => [v.value, at(v)])).toEqual([
      ['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Worker}', positionIn(text, '{', '"FunctionName"')],
    ]);
  });
});

describe('AWS SAM Policies', () => {
  const yaml = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Thumbnailer:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies:
        - AWSLambdaBasicExecutionRole
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
        - S3ReadPolicy:
            BucketName: uploads
        - Version: '2012-10-17'
          Statement:
            - Effect: Allow
              Action: s3:PutObject
              Resource: arn:aws:s3:::thumbnails/*
        - '{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}'
  Resizer:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        Statement:
          - Effect: Allow
            Action: dynamodb:GetItem
            Resource: '*'
  Pipeline:
    Type: AWS::Serverless::StateMachine
    Properties:
      Policies:
        - LambdaInvokePolicy:
            FunctionName: !Ref Thumbnailer
        - Statement:
            - Effect: Allow
              Action: states:StartExecution
              Resource: '*'
  OnlyManaged:
    Type: AWS::Serverless::Function
    Properties:
      Policies: AWSLambdaBasicExecutionRole
  ExtraPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref ResizerRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: sqs:ReceiveMessage
            Resource: '*'
`;

  it('reads only the inline documents, as identity policies, each at its place', async () => {
    const { result, at } = await loadText(yaml, 'template.yaml');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.location, p.kind, p.name])).toEqual([
      ['Resources.Thumbnailer.Properties.Policies[3]', 'identity', 'Thumbnailer'],
      ['Resources.Thumbnailer.Properties.Policies[4]', 'identity', 'Thumbnailer'],
      ['Resources.Resizer.Properties.Policies', 'identity', 'Resizer'],
      ['Resources.Pipeline.Properties.Policies[1]', 'identity', 'Pipeline'],
      ['Resources.ExtraPolicy.Properties.PolicyDocument', 'identity', 'ExtraPolicy'],
    ]);
    const actions = result.policies.map((p) => p.statements[0]!.action!.values.map((v) => [v.value, at(v)])[0]);
    expect(actions).toEqual([
      ['s3:PutObject', positionIn(yaml, 's3:PutObject')],
      ['sqs:SendMessage', positionIn(yaml, '"sqs:SendMessage"')],
      ['dynamodb:GetItem', positionIn(yaml, 'dynamodb:GetItem')],
      ['states:StartExecution', positionIn(yaml, 'states:StartExecution')],
      ['sqs:ReceiveMessage', positionIn(yaml, 'sqs:ReceiveMessage')],
    ]);
  });

  it('attaches them inline to the role SAM creates (<LogicalId>Role), which other resources can !Ref', async () => {
    const { result, at } = await loadText(yaml, 'template.yaml');
    expect(result.principals.map((p) => [p.type, p.name, at(p.span), p.policies.map((d) => d.location)])).toEqual([
      ['role', 'ThumbnailerRole', positionIn(yaml, 'Thumbnailer:'), ['Resources.Thumbnailer.Properties.Policies[3]', 'Resources.Thumbnailer.Properties.Policies[4]']],
      ['role', 'ResizerRole', positionIn(yaml, 'Resizer:'), ['Resources.Resizer.Properties.Policies', 'Resources.ExtraPolicy.Properties.PolicyDocument']],
      ['role', 'PipelineRole', positionIn(yaml, 'Pipeline:'), ['Resources.Pipeline.Properties.Policies[1]']],
      ['role', 'OnlyManagedRole', positionIn(yaml, 'OnlyManaged:'), []],
    ]);
    const doc = policyAt(result, 'Resources.Thumbnailer.Properties.Policies[3]');
    expect(doc.attachment.inline).toBe(true);
    expect(doc.attachment.resource).toMatchObject({ name: 'Thumbnailer', type: 'AWS::Serverless::Function' });
    expect(doc.attachment.principals.map((p) => p.name)).toEqual(['ThumbnailerRole']);
    expect(doc.attachment.declaredAt && { ...at(doc.attachment.declaredAt), path: doc.attachment.declaredAt.path }).toEqual({
      ...positionIn(yaml, 'Version', 'Policies'),
      path: ['Resources', 'Thumbnailer', 'Properties', 'Policies', 3],
    });
  });

  it("passes over a function's Policies when it names its own Role (SAM ignores them), saying so; a Role that may be absent does not", async () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Given:
    Type: AWS::Serverless::Function
    Properties:
      Role: !GetAtt SomeRole.Arn
      Policies:
        - AWSLambdaBasicExecutionRole
        - Statement:
            - Effect: Allow
              Action: s3:*
              Resource: '*'
  Maybe:
    Type: AWS::Serverless::Function
    Properties:
      Role: !If [HasRole, !Ref RoleArn, !Ref AWS::NoValue]
      Policies:
        - Statement:
            - Effect: Allow
              Action: sqs:SendMessage
              Resource: '*'
`;
    const { result } = await loadText(text, 'template.yaml');
    expect(result.policies.map((p) => p.location)).toEqual(['Resources.Maybe.Properties.Policies[0]']);
    // An Fn::If between two roles always gives one: SAM creates none, and the Policies are ignored.
    const either = text.replace('!If [HasRole, !Ref RoleArn, !Ref AWS::NoValue]', '!If [Prod, arn:aws:iam::123456789012:role/prod, arn:aws:iam::123456789012:role/dev]');
    expect((await loadText(either, 'template.yaml')).result.policies).toEqual([]);
    expect(result.principals.map((p) => [p.name, p.policies.length, p.managedPolicyArns.length])).toEqual([['MaybeRole', 1, 0]]);
    expect(result.notRead).toEqual(['the Policies of Given were not read: SAM ignores them when the function names its own Role']);
  });

  it("does not read a state machine's Policies beside its own Role, which SAM rejects, and says so", async () => {
    const text = [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Machine:',
      '    Type: AWS::Serverless::StateMachine',
      '    Properties:',
      '      Role: arn:aws:iam::123456789012:role/sfn',
      '      Policies:',
      '        - Statement:',
      '            - {Effect: Allow, Action: s3:GetObject, Resource: "*"}',
      '',
    ].join('\n');
    const { result } = await loadText(text, 'template.yaml');
    expect(result.policies).toEqual([]);
    expect(result.notRead).toEqual(['the Policies of Machine were not read: SAM rejects a state machine that names both Role and Policies']);
    // Without a Role, SAM makes one with these policies: they are read.
    const own = await loadText(text.replace('      Role: arn:aws:iam::123456789012:role/sfn\n', ''), 'template.yaml');
    expect(own.result.policies.map((p) => p.location)).toEqual(['Resources.Machine.Properties.Policies[0]']);
  });

  it('does not take over a role the template declares under the generated name', async () => {
    const text = `Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies: [{Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]}]
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: 'sts:AssumeRole'}]}
`;
    const { result } = await loadText(text, 'template.yaml');
    expect(result.principals.map((p) => [p.name, p.policies.map((d) => d.location)])).toEqual([['FnRole', ['Resources.FnRole.Properties.AssumeRolePolicyDocument']]]);
    expect(policyAt(result, 'Resources.Fn.Properties.Policies[0]').attachment.principals).toEqual([]);
  });

  it('points inside a JSON template too', async () => {
    const text = `${JSON.stringify(
      {
        Transform: 'AWS::Serverless-2016-10-31',
        Resources: {
          Fn: {
            Type: 'AWS::Serverless::Function',
            Properties: { Policies: ['AWSLambdaBasicExecutionRole', { DynamoDBReadPolicy: { TableName: 'orders' } }, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }] },
          },
        },
      },
      null,
      2,
    )}\n`;
    const { result, at } = await loadText(text, 'template.json');
    expect(result.policies.map((p) => p.location)).toEqual(['Resources.Fn.Properties.Policies[2]']);
    expect(at(result.policies[0]!.statements[0]!.action!.values[0]!)).toEqual(positionIn(text, '"kms:Decrypt"'));
  });
});
