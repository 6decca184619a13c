import { describe, expect, it } from 'vitest';
import rule from '../../rules/resource-mismatch.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const statement = (Action: unknown, Resource: unknown, Effect = 'Allow') => ({ Effect, Action, Resource });

describe('resource-mismatch', () => {
  describe('reports', () => {
    it.each([
      {
        name: 'an object action on a bucket ARN',
        stmt: statement(['s3:GetObject'], 'arn:aws:s3:::logs'),
        needle: '"s3:GetObject"',
        message: '"s3:GetObject" acts on accesspointobject, object resources, but no resource in the statement is one: "arn:aws:s3:::logs"',
        suggestion: 'Add "arn:aws:s3:::logs/*" to Resource (object: arn:${Partition}:s3:::${BucketName}/${ObjectName}), or move "s3:GetObject" to a statement of its own',
      },
      {
        name: 's3:ListBucket on objects',
        stmt: statement('s3:ListBucket', 'arn:aws:s3:::logs/*'),
        needle: '"s3:ListBucket"',
        message: '"s3:ListBucket" acts on accesspoint, bucket resources, but no resource in the statement is one: "arn:aws:s3:::logs/*"',
        suggestion: 'Add "arn:aws:s3:::logs" to Resource (bucket: arn:${Partition}:s3:::${BucketName}), or move "s3:ListBucket" to a statement of its own',
      },
      {
        name: "a stream consumer action on its stream's ARN: the consumer part of the format, not a placeholder kept",
        stmt: statement('kinesis:SubscribeToShard', 'arn:aws:kinesis:us-east-1:123456789012:stream/orders'),
        needle: '"kinesis:SubscribeToShard"',
        message: '"kinesis:SubscribeToShard" acts on consumer resources, but no resource in the statement is one: "arn:aws:kinesis:us-east-1:123456789012:stream/orders"',
        suggestion: 'Add "arn:aws:kinesis:us-east-1:123456789012:stream/orders/consumer/*:*" to Resource (consumer: arn:${Partition}:kinesis:${Region}:${Account}:${StreamType}/${StreamName}/consumer/${ConsumerName}:${ConsumerCreationTimpstamp}), or move "kinesis:SubscribeToShard" to a statement of its own',
      },
      {
        name: "a log stream action on its log group's ARN",
        stmt: statement('logs:CreateLogStream', 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app'),
        needle: '"logs:CreateLogStream"',
        message: '"logs:CreateLogStream" acts on log-stream resources, but no resource in the statement is one: "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app"',
        suggestion: 'Add "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app:log-stream:*" to Resource (log-stream: arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}), or move "logs:CreateLogStream" to a statement of its own',
      },
      {
        // It fits the access point format as written, so relaxing region and account (for invalid-arn's ARNs) does not apply.
        name: 'an object action on an access point ARN without its /object/ part',
        stmt: statement('s3:GetObject', 'arn:aws:s3:us-east-1:123456789012:accesspoint/my-ap'),
        needle: '"s3:GetObject"',
        message: '"s3:GetObject" acts on accesspointobject, object resources, but no resource in the statement is one: "arn:aws:s3:us-east-1:123456789012:accesspoint/my-ap"',
        suggestion: 'Add "arn:aws:s3:us-east-1:123456789012:accesspoint/my-ap/object/*" to Resource (accesspointobject: arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}), or move "s3:GetObject" to a statement of its own',
      },
      {
        name: 's3:ListBucket on objects in any bucket: not every bucket offered in their place',
        stmt: statement('s3:ListBucket', 'arn:aws:s3:::*/CodeDeploy/*'),
        needle: '"s3:ListBucket"',
        message: '"s3:ListBucket" acts on accesspoint, bucket resources, but no resource in the statement is one: "arn:aws:s3:::*/CodeDeploy/*"',
        suggestion: 'Move "s3:ListBucket" to a statement whose Resource has the form arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}, arn:${Partition}:s3:::${BucketName}',
      },
      {
        name: 'another service\'s ARN',
        stmt: statement('dynamodb:GetItem', 'arn:aws:s3:::logs'),
        needle: '"dynamodb:GetItem"',
        message: '"dynamodb:GetItem" acts on table resources, but no resource in the statement is one: "arn:aws:s3:::logs"',
        suggestion: 'Move "dynamodb:GetItem" to a statement whose Resource has the form arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}',
      },
      {
        name: 'an object action on a bucket named with a suffix placeholder',
        stmt: statement(['s3:GetObject'], 'arn:aws:s3:::acme-${Stage}'),
        needle: '"s3:GetObject"',
        message: '"s3:GetObject" acts on accesspointobject, object resources, but no resource in the statement is one: "arn:aws:s3:::acme-${Stage}"',
        suggestion: 'Add "arn:aws:s3:::acme-${Stage}/*" to Resource (object: arn:${Partition}:s3:::${BucketName}/${ObjectName}), or move "s3:GetObject" to a statement of its own',
      },
      {
        name: 'a pattern none of whose actions applies',
        stmt: statement('s3:PutObject*', 'arn:aws:s3:::logs'),
        needle: '"s3:PutObject*"',
        message: /^None of the \d+ actions that "s3:PutObject\*" matches acts on the listed resources: "arn:aws:s3:::logs"$/,
        suggestion: 'Add "arn:aws:s3:::logs/*" to Resource',
      },
      {
        name: 'a Deny whose resource is of the wrong type (it denies nothing)',
        stmt: statement('s3:DeleteObject', 'arn:aws:s3:::logs', 'Deny'),
        needle: '"s3:DeleteObject"',
        message: '"s3:DeleteObject" acts on accesspointobject, object resources, but no resource in the statement is one: "arn:aws:s3:::logs"',
        suggestion: 'Add "arn:aws:s3:::logs/*" to Resource (object: arn:${Partition}:s3:::${BucketName}/${ObjectName}), or move "s3:DeleteObject" to a statement of its own',
      },
      {
        name: 'a service pattern on another service\'s ARN',
        stmt: statement('s3:Put*', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders'),
        needle: '"s3:Put*"',
        message: /^None of the \d+ actions that "s3:Put\*" matches acts on the listed resources: "arn:aws:dynamodb:us-east-1:123456789012:table\/orders"$/,
        suggestion: /^Move "s3:Put\*" to a statement whose Resource has the form arn:\$\{Partition\}:s3:/,
      },
      {
        name: 'an action written in another case, named as the IAM data spells it',
        stmt: statement('S3:GETOBJECT', 'arn:aws:s3:::logs'),
        needle: '"S3:GETOBJECT"',
        message: '"s3:GetObject" acts on accesspointobject, object resources, but no resource in the statement is one: "arn:aws:s3:::logs"',
        suggestion: 'Add "arn:aws:s3:::logs/*" to Resource',
      },
      {
        name: 'an object action with a bucket ARN and another service\'s ARN',
        stmt: statement('s3:PutObject', ['arn:aws:s3:::logs', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders']),
        needle: '"s3:PutObject"',
        message: 'no resource in the statement is one: "arn:aws:s3:::logs", "arn:aws:dynamodb:us-east-1:123456789012:table/orders"',
        suggestion: 'Add "arn:aws:s3:::logs/*" to Resource',
      },
      {
        name: 'cloudformation:CreateChangeSet on an S3 ARN',
        stmt: statement('cloudformation:CreateChangeSet', 'arn:aws:s3:::logs'),
        needle: '"cloudformation:CreateChangeSet"',
        message: '"cloudformation:CreateChangeSet" acts on stack resources, but no resource in the statement is one: "arn:aws:s3:::logs"',
        suggestion: 'Move "cloudformation:CreateChangeSet" to a statement whose Resource has the form arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}',
      },
    ])('$name', async ({ stmt, needle, message, suggestion }) => {
      const text = policy([stmt]);
      const findings = await lintWith(rule, text);
      expect(findings).toHaveLength(1);
      const at = positionOf(text, needle);
      expect(findings[0]).toMatchObject({ ruleId: 'resource-mismatch', severity: 'error', line: at.line, column: at.column, endColumn: at.column + needle.length, path: ['Statement', 0, 'Action', ...(Array.isArray(stmt.Action) ? [0] : [])] });
      if (typeof message === 'string') expect(findings[0]?.message).toContain(message);
      else expect(findings[0]?.message).toMatch(message);
      if (typeof suggestion === 'string') expect(findings[0]?.suggestion).toContain(suggestion);
      else expect(findings[0]?.suggestion).toMatch(suggestion);
    });

    it('reports s3:ListBucket on the objects of a bucket named by a placeholder: an ARN without region and account is no access point', async () => {
      const text = policy([{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::${self:custom.bucket}/*' }]);
      const findings = await lintWith(rule, text);
      expect(findings.map((f) => [f.ruleId, f.message])).toEqual([
        ['resource-mismatch', '"s3:ListBucket" acts on accesspoint, bucket resources, but no resource in the statement is one: "arn:aws:s3:::${self:custom.bucket}/*"'],
      ]);
    });

    it('reports each mismatched action of a statement once', async () => {
      const text = policy([statement(['s3:GetObject', 's3:ListBucket', 's3:PutObject'], 'arn:aws:s3:::logs')]);
      const findings = await lintWith(rule, text);
      expect(findings.map((f) => [f.line, f.column])).toEqual([
        [positionOf(text, '"s3:GetObject"').line, positionOf(text, '"s3:GetObject"').column],
        [positionOf(text, '"s3:PutObject"').line, positionOf(text, '"s3:PutObject"').column],
      ]);
    });
  });

  describe('does not report', () => {
    it.each([
      { name: 'matching object and bucket ARNs', stmt: statement(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*']) },
      { name: 'a prefix wildcard that covers objects', stmt: statement('s3:GetObject', 'arn:aws:s3:::logs*') },
      {
        name: "a Distributed Map's child executions (execution:<stateMachine>/<mapRunLabel>:<id>)",
        stmt: statement(['states:DescribeExecution', 'states:StopExecution', 'states:RedriveExecution'], ['arn:aws:states:us-east-1:123456789012:execution:orders/*', 'arn:aws:states:us-east-1:123456789012:execution:orders/batch:*']),
      },
      { name: 'Resource "*"', stmt: statement('s3:GetObject', '*') },
      { name: 'a pattern of which one action applies', stmt: statement('s3:Get*', 'arn:aws:s3:::logs') },
      { name: 'a wildcard-only action on a specific ARN', stmt: statement('s3:ListAllMyBuckets', 'arn:aws:s3:::logs') },
      { name: 'ec2:DescribeInstances on an instance ARN', stmt: statement('ec2:DescribeInstances', 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc') },
      { name: 'a resource that is not an ARN (invalid-arn reports it)', stmt: statement('s3:GetObject', 'logs-bucket') },
      // The IAM data gives API Gateway's stage format as two, comma-separated: HTTP APIs' and REST APIs'.
      { name: 'an HTTP API stage, the first of two formats the data gives', stmt: statement('apigateway:SetWebACL', 'arn:aws:apigateway:us-east-1::/apis/abc123/stages/prod') },
      { name: 'a REST API stage, the second of those formats', stmt: statement('apigateway:SetWebACL', 'arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod') },
      // A `*` ending a segment runs past a colon, as AWS's own Glue service role relies on.
      { name: 'a log group ARN whose account `*` takes in the log-group segment', stmt: statement('logs:CreateLogGroup', 'arn:aws:logs:*:*:/aws-glue/*') },
      { name: 'an image ARN written with an account, which image ARNs never have (invalid-arn reports it)', stmt: statement('ec2:RunInstances', 'arn:aws:ec2:us-east-1:140887677285:image/*') },
      { name: 'a role ARN written with a region (invalid-arn reports it)', stmt: statement('iam:PassRole', 'arn:aws:iam:us-east-1:123456789012:role/deployer') },
      // ARNs AWS accepts with a segment the IAM data's format fills: an AWS-owned SSM document has no account, a Multi-Region Access Point no region.
      { name: 'an AWS-owned SSM document, whose ARN has no account', stmt: statement('ssm:SendCommand', 'arn:${AWS::Partition}:ssm:${AWS::Region}::document/AWS-RunShellScript') },
      { name: 'a public SSM parameter', stmt: statement('ssm:GetParameters', 'arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/*') },
      { name: 'the objects of a Multi-Region Access Point, whose ARN has no region', stmt: statement('s3:GetObject', 'arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap/object/*') },
      { name: 'an unknown action (unknown-action reports it)', stmt: statement('s3:GetObjekt', 'arn:aws:s3:::logs') },
      { name: 'a wildcard across services', stmt: statement('*', 'arn:aws:s3:::logs') },
      { name: 'kafka-cluster actions on kafka ARNs', stmt: statement('kafka-cluster:Connect', 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc-123') },
      { name: 'an IAM role path', stmt: statement('iam:PassRole', 'arn:aws:iam::123456789012:role/service/app') },
      { name: 'a log stream inside a log group with slashes', stmt: statement('logs:PutLogEvents', 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/app:log-stream:*') },
      { name: 'NotResource', stmt: { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::logs' } },
      { name: 's3:Put* on a bucket ARN (s3:PutBucketPolicy applies)', stmt: statement('s3:Put*', 'arn:aws:s3:::logs') },
      { name: 's3:ListBucket on the bucket ARN', stmt: statement('s3:ListBucket', 'arn:aws:s3:::logs') },
      { name: '"*" beside an ARN', stmt: statement('s3:GetObject', ['arn:aws:s3:::logs', '*']) },
      { name: 'a policy variable in the object key', stmt: statement('s3:GetObject', 'arn:aws:s3:::logs/home/${aws:username}/*') },
      // SSM parameter names start with "/": the placeholder holds the slash the format writes after "parameter".
      { name: 'an SSM parameter named by a placeholder glued to "parameter"', stmt: statement('ssm:GetParameter', 'arn:aws:ssm:us-east-1:123456789012:parameter${ParamName}') },
      { name: 'a role whose path and name are a placeholder glued to "role"', stmt: statement('iam:PassRole', 'arn:aws:iam::123456789012:role${RolePathAndName}') },
      { name: 'a Deny on the right resource type', stmt: statement('s3:DeleteObject', 'arn:aws:s3:::logs/*', 'Deny') },
      { name: 'a wildcard-only action beside a matching one', stmt: statement(['s3:ListAllMyBuckets', 's3:GetObject'], 'arn:aws:s3:::logs/*') },
      { name: 'a service wildcard with one matching action', stmt: statement('dynamodb:*', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders') },
      { name: 'cloudformation:CreateChangeSet on a transform (documented outside the IAM data)', stmt: statement('cloudformation:CreateChangeSet', 'arn:aws:cloudformation:us-east-1:aws:transform/Serverless-2016-10-31') },
    ])('$name', async ({ stmt }) => {
      expect(await lintWith(rule, policy([stmt]))).toEqual([]);
    });
  });

  describe('in CloudFormation', () => {
    const template = (resource: string) =>
      [
        'Parameters:',
        '  BucketArn: {Type: String}',
        'Conditions:',
        '  IsProd: !Equals [!Ref AWS::AccountId, "123456789012"]',
        'Resources:',
        '  LogsBucket:',
        '    Type: AWS::S3::Bucket',
        '  ReadLogs:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        '        Version: "2012-10-17"',
        '        Statement:',
        '          - Effect: Allow',
        '            Action: s3:GetObject',
        `            Resource: ${resource}`,
        '',
      ].join('\n');

    it.each([
      ['!GetAtt LogsBucket.Arn', 1],
      ['!Sub "${LogsBucket.Arn}/*"', 0],
      ['!Ref BucketArn', 0],
      ['!Sub "arn:${AWS::Partition}:s3:::${LogsBucket}"', 1],
      ['!Sub "arn:${AWS::Partition}:s3:::${LogsBucket}/*"', 0],
      ['!If [IsProd, !GetAtt LogsBucket.Arn, !Sub "${LogsBucket.Arn}/*"]', 1],
      ['!If [IsProd, !Sub "${LogsBucket.Arn}/*", !GetAtt LogsBucket.Arn]', 1],
      ['!If [IsProd, !Sub "${LogsBucket.Arn}/*", !Ref BucketArn]', 0],
      ['[!Sub "${LogsBucket.Arn}/*", !Ref AWS::NoValue]', 0],
      ['[!If [IsProd, !GetAtt LogsBucket.Arn, !Ref AWS::NoValue]]', 1],
      ['!Join ["", ["arn:aws:s3:::", !Ref LogsBucket]]', 1],
      ['!Join ["", ["arn:aws:s3:::", !Ref LogsBucket, "/*"]]', 0],
      ['!ImportValue shared-logs-bucket-arn', 0],
    ])('Resource: %s gives %i finding(s)', async (resource, count) => {
      const findings = await lintWith(rule, template(resource), { filename: 'stack.yaml' });
      expect(findings).toHaveLength(count);
      for (const f of findings) {
        expect(f).toMatchObject({ ruleId: 'resource-mismatch', severity: 'error', line: 15, column: 21, endLine: 15, endColumn: 33, policy: { location: 'Resources.ReadLogs.Properties.PolicyDocument' } });
        expect(f.message).toMatch(/^"s3:GetObject" acts on accesspointobject, object resources, but no resource in the statement is one: "arn:(\$\{AWS::Partition\}|aws):s3:::\$\{LogsBucket\}"$/);
        // As the template writes it: inside !Sub, where CloudFormation fills in ${...}.
        const added = /^!GetAtt/.test(resource) || resource.includes('!GetAtt') ? '!Sub "${LogsBucket.Arn}/*"' : resource.startsWith('!Sub') ? '!Sub "arn:${AWS::Partition}:s3:::${LogsBucket}/*"' : undefined;
        // A !Join of a Ref cannot be written as a Sub here: the formats are named instead of a literal ${...} ARN.
        if (added) expect(f.suggestion).toBe(`Add ${added} to Resource (object: arn:\${Partition}:s3:::\${BucketName}/\${ObjectName}), or move "s3:GetObject" to a statement of its own`);
        else expect(f.suggestion).toMatch(/^Move "s3:GetObject" to a statement whose Resource has the form /);
      }
    });

    it('suggests !GetAtt Bucket.Arn for s3:ListBucket on !Sub "${Bucket.Arn}/*"', async () => {
      // A named bucket: a placeholder bucket name also fits an access point ARN with its region and account left out.
      const text = template('!Sub "${LogsBucket.Arn}/*"').replace('Action: s3:GetObject', 'Action: s3:ListBucket').replace('    Type: AWS::S3::Bucket', '    Type: AWS::S3::Bucket\n    Properties: {BucketName: acme-logs}');
      const findings = await lintWith(rule, text, { filename: 'stack.yaml' });
      expect(findings.map((f) => f.suggestion)).toEqual(['Add !GetAtt LogsBucket.Arn to Resource (bucket: arn:${Partition}:s3:::${BucketName}), or move "s3:ListBucket" to a statement of its own']);
    });

    it('reports each branch of Fn::If that names the wrong resource type', async () => {
      const text = template('!If [IsProd, !GetAtt LogsBucket.Arn, !GetAtt ArchiveBucket.Arn]').replace('  ReadLogs:', '  ArchiveBucket:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: acme-archive}\n  ReadLogs:');
      const findings = await lintWith(rule, text, { filename: 'stack.yaml' });
      expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
        ['resource-mismatch', 18, 21, '"s3:GetObject" acts on accesspointobject, object resources, but no resource in the statement is one: "arn:${AWS::Partition}:s3:::${LogsBucket}"'],
        ['resource-mismatch', 18, 21, '"s3:GetObject" acts on accesspointobject, object resources, but no resource in the statement is one: "arn:${AWS::Partition}:s3:::acme-archive"'],
      ]);
    });

    const jsonTemplate = (Resource: unknown) =>
      JSON.stringify(
        {
          Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '123456789012'] } },
          Parameters: { BucketArn: { Type: 'String' } },
          Resources: {
            LogsBucket: { Type: 'AWS::S3::Bucket' },
            Reader: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource }] } } },
          },
        },
        null,
        2,
      );

    it.each([
      [{ 'Fn::GetAtt': ['LogsBucket', 'Arn'] }, 1],
      [{ 'Fn::GetAtt': 'LogsBucket.Arn' }, 1],
      [{ 'Fn::Sub': '${LogsBucket.Arn}/*' }, 0],
      [{ 'Fn::Sub': ['${Arn}/*', { Arn: { 'Fn::GetAtt': ['LogsBucket', 'Arn'] } }] }, 0],
      [{ Ref: 'BucketArn' }, 0],
      [{ 'Fn::If': ['IsProd', { 'Fn::Sub': '${LogsBucket.Arn}/*' }, { 'Fn::GetAtt': ['LogsBucket', 'Arn'] }] }, 1],
      [{ 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'LogsBucket' }]] }, 1],
    ])('JSON Resource %j gives %i finding(s)', async (resource, count) => {
      const text = jsonTemplate(resource);
      const findings = await lintWith(rule, text, { filename: 'stack.template.json' });
      expect(findings).toHaveLength(count);
      for (const f of findings) {
        expect(f).toMatchObject({ ruleId: 'resource-mismatch', severity: 'error', ...positionOf(text, '"s3:GetObject"'), policy: { location: 'Resources.Reader.Properties.PolicyDocument' } });
        expect(f.message).toMatch(/^"s3:GetObject" acts on accesspointobject, object resources, but no resource in the statement is one: "arn:(\$\{AWS::Partition\}|aws):s3:::\$\{LogsBucket\}"$/);
      }
    });

    it('reads the JSON long forms', async () => {
      const text = JSON.stringify(
        {
          Resources: {
            LogsBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-logs' } },
            Reader: {
              Type: 'AWS::IAM::ManagedPolicy',
              Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::GetAtt': ['LogsBucket', 'Arn'] } }] } },
            },
          },
        },
        null,
        2,
      );
      const findings = await lintWith(rule, text, { filename: 'stack.template.json' });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject(positionOf(text, '"s3:GetObject"'));
      expect(findings[0]?.message).toContain('"arn:${AWS::Partition}:s3:::acme-logs"');
      expect(findings[0]?.suggestion).toContain('Add {"Fn::Sub": "${LogsBucket.Arn}/*"} to Resource');
    });
  });
});
