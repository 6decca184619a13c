/**
 * What `Ref` and `Fn::GetAtt ... .Arn` return for common resource types, as ARN patterns in
 * which `${...}` is a name CloudFormation fills in. This lets `s3:GetObject` on
 * `!GetAtt Bucket.Arn` be recognised as a bucket, not an object.
 * Sources: each resource type's "Return values" section in the CloudFormation User Guide.
 */
const P = '${AWS::Partition}';
const R = '${AWS::Region}';
const A = '${AWS::AccountId}';

interface Shape {
  /** What `Ref` returns when it is an ARN; undefined when it is a name or id. */
  ref?: (name: string) => string;
  /** `Fn::GetAtt` attributes that return ARNs. */
  attributes: Record<string, (name: string) => string>;
}

const arnAttr = (f: (n: string) => string) => ({ Arn: f });

const SHAPES: Record<string, Shape> = {
  'AWS::S3::Bucket': { attributes: arnAttr((n) => `arn:${P}:s3:::${n}`) },
  'AWS::SQS::Queue': { attributes: arnAttr((n) => `arn:${P}:sqs:${R}:${A}:${n}`) },
  'AWS::SNS::Topic': {
    ref: (n) => `arn:${P}:sns:${R}:${A}:${n}`,
    attributes: { TopicArn: (n) => `arn:${P}:sns:${R}:${A}:${n}` },
  },
  'AWS::DynamoDB::Table': {
    attributes: {
      Arn: (n) => `arn:${P}:dynamodb:${R}:${A}:table/${n}`,
      StreamArn: (n) => `arn:${P}:dynamodb:${R}:${A}:table/${n}/stream/\${StreamLabel}`,
    },
  },
  'AWS::Lambda::Function': { attributes: arnAttr((n) => `arn:${P}:lambda:${R}:${A}:function:${n}`) },
  'AWS::Serverless::Function': { attributes: arnAttr((n) => `arn:${P}:lambda:${R}:${A}:function:${n}`) },
  'AWS::IAM::Role': { attributes: arnAttr((n) => `arn:${P}:iam::${A}:role/${n}`) },
  'AWS::IAM::User': { attributes: arnAttr((n) => `arn:${P}:iam::${A}:user/${n}`) },
  'AWS::IAM::Group': { attributes: arnAttr((n) => `arn:${P}:iam::${A}:group/${n}`) },
  'AWS::IAM::ManagedPolicy': { ref: (n) => `arn:${P}:iam::${A}:policy/${n}`, attributes: { PolicyArn: (n) => `arn:${P}:iam::${A}:policy/${n}` } },
  'AWS::IAM::InstanceProfile': { attributes: arnAttr((n) => `arn:${P}:iam::${A}:instance-profile/${n}`) },
  'AWS::KMS::Key': { attributes: arnAttr((n) => `arn:${P}:kms:${R}:${A}:key/${n}`) },
  'AWS::OpenSearchService::Domain': { attributes: { Arn: (n) => `arn:${P}:es:${R}:${A}:domain/${n}`, DomainArn: (n) => `arn:${P}:es:${R}:${A}:domain/${n}` } },
  'AWS::Elasticsearch::Domain': { attributes: { Arn: (n) => `arn:${P}:es:${R}:${A}:domain/${n}`, DomainArn: (n) => `arn:${P}:es:${R}:${A}:domain/${n}` } },
  'AWS::KMS::Alias': { attributes: {} },
  'AWS::SecretsManager::Secret': { ref: (n) => `arn:${P}:secretsmanager:${R}:${A}:secret:${n}`, attributes: { Id: (n) => `arn:${P}:secretsmanager:${R}:${A}:secret:${n}` } },
  'AWS::Kinesis::Stream': { attributes: arnAttr((n) => `arn:${P}:kinesis:${R}:${A}:stream/${n}`) },
  'AWS::KinesisFirehose::DeliveryStream': { attributes: arnAttr((n) => `arn:${P}:firehose:${R}:${A}:deliverystream/${n}`) },
  'AWS::Logs::LogGroup': { attributes: arnAttr((n) => `arn:${P}:logs:${R}:${A}:log-group:${n}:*`) },
  'AWS::StepFunctions::StateMachine': { ref: (n) => `arn:${P}:states:${R}:${A}:stateMachine:${n}`, attributes: arnAttr((n) => `arn:${P}:states:${R}:${A}:stateMachine:${n}`) },
  'AWS::ECR::Repository': { attributes: arnAttr((n) => `arn:${P}:ecr:${R}:${A}:repository/${n}`) },
  'AWS::ECS::Cluster': { attributes: arnAttr((n) => `arn:${P}:ecs:${R}:${A}:cluster/${n}`) },
  'AWS::Events::EventBus': { attributes: arnAttr((n) => `arn:${P}:events:${R}:${A}:event-bus/${n}`) },
  'AWS::Events::Rule': { attributes: arnAttr((n) => `arn:${P}:events:${R}:${A}:rule/${n}`) },
  'AWS::SSM::Parameter': { attributes: {} },
  'AWS::CodeCommit::Repository': { attributes: arnAttr((n) => `arn:${P}:codecommit:${R}:${A}:${n}`) },
  'AWS::CodeBuild::Project': { attributes: arnAttr((n) => `arn:${P}:codebuild:${R}:${A}:project/${n}`) },
  'AWS::Glue::Database': { attributes: {} },
  'AWS::Cognito::UserPool': { attributes: arnAttr((n) => `arn:${P}:cognito-idp:${R}:${A}:userpool/${n}`) },
  'AWS::AppSync::GraphQLApi': { attributes: arnAttr((n) => `arn:${P}:appsync:${R}:${A}:apis/${n}`) },
  'AWS::ElastiCache::ReplicationGroup': { attributes: arnAttr((n) => `arn:${P}:elasticache:${R}:${A}:replicationgroup:${n}`) },
  'AWS::RDS::DBCluster': { attributes: { DBClusterArn: (n) => `arn:${P}:rds:${R}:${A}:cluster:${n}` } },
  'AWS::RDS::DBInstance': { attributes: { DBInstanceArn: (n) => `arn:${P}:rds:${R}:${A}:db:${n}` } },
};

/** The ARN pattern `Fn::GetAtt [logicalId, attribute]` returns, or undefined when unknown or not an ARN. */
export function getAttShape(type: string | undefined, attribute: string, name: string): string | undefined {
  return type ? SHAPES[type]?.attributes[attribute]?.(name) : undefined;
}

/** The ARN pattern `Ref logicalId` returns, for types whose Ref is an ARN. */
export function refShape(type: string | undefined, name: string): string | undefined {
  return type ? SHAPES[type]?.ref?.(name) : undefined;
}
