import { describe, expect, it } from 'vitest';
import rule from '../../rules/invalid-principal.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const trust = (principal: unknown, key = 'Principal') => policy([{ Effect: 'Allow', [key]: principal, Action: 'sts:AssumeRole' }]);
const lint = async (text: string, filename?: string) => (await lintWith(rule, text, filename ? { filename } : {})).filter((f) => f.ruleId === 'invalid-principal');
const one = async (type: string, value: string) => {
  const findings = await lint(trust({ [type]: value }));
  expect(findings).toHaveLength(1);
  return [findings[0]?.message, findings[0]?.suggestion];
};

describe('invalid-principal', () => {
  it('reports a bad account id at the value, with its position, path and severity', async () => {
    const text = trust({ AWS: ['123456789012', '12345678901'] });
    const findings = await lint(text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'invalid-principal',
      severity: 'error',
      ...positionOf(text, '"12345678901"'),
      path: ['Statement', 0, 'Principal', 'AWS', 1],
      message: 'AWS principal "12345678901" has an 11-digit account id; account ids have exactly 12 digits',
      suggestion: 'Write it as "012345678901" if a leading zero was lost, and keep it quoted so YAML and JSON keep the zero',
    });
  });

  it.each([
    ['AWS', '1234567890123', 'AWS principal "1234567890123" has a 13-digit account id; account ids have exactly 12 digits', 'Write the 12-digit account id in place of "1234567890123", as in "123456789012"'],
    ['AWS', '1234', 'AWS principal "1234" has a 4-digit account id; account ids have exactly 12 digits', 'Write the 12-digit account id in place of "1234", as in "123456789012"'],
    ['AWS', '12345678901a', 'AWS principal "12345678901a" is not a 12-digit account id', 'Write the 12-digit account id in place of "12345678901a", as in "123456789012"'],
    ['AWS', '1234-5678-9012', 'AWS principal "1234-5678-9012" has dashes; account ids are 12 digits without dashes', 'Write it as "123456789012"'],
    ['AWS', 'arn:aws:iam:123456789012:root', 'AWS principal "arn:aws:iam:123456789012:root" is missing a colon; a principal ARN has 6 parts, arn:PARTITION:iam::ACCOUNT:root', 'Write it as "arn:aws:iam::123456789012:root"'],
    ['AWS', 'arn:aws:iam:::123456789012:root', 'AWS principal "arn:aws:iam:::123456789012:root" has 1 extra colon; a principal ARN has 6 parts', 'Write it as "arn:aws:iam::123456789012:root"'],
    ['AWS', 'arn:aws:iam::12345678901:role/Deploy', 'AWS principal "arn:aws:iam::12345678901:role/Deploy" has an 11-digit account id; account ids have exactly 12 digits', 'Write it as "arn:aws:iam::012345678901:role/Deploy" if a leading zero was lost, and keep it quoted so YAML and JSON keep the zero'],
    ['AWS', 'arn:aws:iam::account-id:root', 'AWS principal "arn:aws:iam::account-id:root" has "account-id" where the 12-digit account id belongs', 'Write the 12-digit account id in place of "account-id", as in "arn:aws:iam::123456789012:root"'],
    ['AWS', 'arn:aws:iam:us-east-1:123456789012:root', 'AWS principal "arn:aws:iam:us-east-1:123456789012:root" has region "us-east-1"; principal ARNs have an empty region', 'Write it as "arn:aws:iam::123456789012:root"'],
    ['AWS', 'ARN:AWS:IAM::123456789012:Root', 'AWS principal "ARN:AWS:IAM::123456789012:Root" starts with upper-case "ARN"; ARNs start with "arn:"', 'Write it as "arn:aws:iam::123456789012:root"'],
    ['AWS', 'arn:aws:iam::123456789012:Role/Deploy', 'AWS principal "arn:aws:iam::123456789012:Role/Deploy" has upper-case "Role"; resource types are lower-case', 'Write it as "arn:aws:iam::123456789012:role/Deploy"'],
    ['AWS', 'arn:aws:sts::123456789012:role/Deploy', 'AWS principal "arn:aws:sts::123456789012:role/Deploy" names a role in the sts service; only role sessions are sts ARNs', 'Write it as "arn:aws:iam::123456789012:role/Deploy"'],
    ['AWS', 'arn:aws:sts::123456789012:assumed-role/Deploy', 'AWS principal "arn:aws:sts::123456789012:assumed-role/Deploy" names a role session without a session name (assumed-role/ROLE/SESSION)', 'Write it as "arn:aws:iam::123456789012:role/Deploy"'],
    ['AWS', 'arn:aws:iam::123456789012:group/Admins', 'AWS principal "arn:aws:iam::123456789012:group/Admins" names an IAM group; groups cannot be principals', 'Name an account, user, role or role session, e.g. "arn:aws:iam::123456789012:user/Admins"'],
    ['AWS', 'arn:aws:iam::123456789012:policy/Deploy', 'AWS principal "arn:aws:iam::123456789012:policy/Deploy" names "policy/Deploy", which is not a principal; expected root, user/NAME, role/NAME, assumed-role/ROLE/SESSION or federated-user/NAME', 'Name an account, user, role or role session, e.g. "arn:aws:iam::123456789012:root"'],
    ['AWS', 'arn:aws:iam::123456789012:role/*', 'AWS principal "arn:aws:iam::123456789012:role/*" has a wildcard; a principal is "*" alone or an exact ARN', 'Use {"AWS": "*"} with "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/*"}}'],
    ['AWS', 'arn:aws:s3:::logs', 'AWS principal "arn:aws:s3:::logs" is an ARN of service "s3", not an IAM principal', 'Name an account, user, role or role session, e.g. "arn:aws:iam::123456789012:root"'],
    ['AWS', 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com', 'AWS principal "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" is an identity provider, which is a Federated principal', 'Put it under Federated: {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}'],
    ['AWS', 'ec2.amazonaws.com', 'AWS principal "ec2.amazonaws.com" is a service principal, not an account or IAM ARN', 'Put it under Service: {"Service": "ec2.amazonaws.com"}'],
    ['AWS', 'Deploy', 'AWS principal "Deploy" is neither "*", a 12-digit account id nor an IAM principal ARN', 'Name an account, user, role or role session, e.g. "arn:aws:iam::123456789012:role/Deploy"'],
    ['AWS', ' arn:aws:iam::111122223333:user/Admin', 'AWS principal " arn:aws:iam::111122223333:user/Admin" has spaces around it', 'Write it as "arn:aws:iam::111122223333:user/Admin"'],
    ['Service', 'ec2', 'Service principal "ec2" is a bare service name; service principals end in ".amazonaws.com"', 'Write it as "ec2.amazonaws.com"'],
    ['Service', 'Lambda.amazonaws.com', 'Service principal "Lambda.amazonaws.com" has upper-case letters; service principals are lower-case', 'Write it as "lambda.amazonaws.com"'],
    // A product name: the principal of the service it names, not "awslambda.amazonaws.com".
    ['Service', 'AWSLambda', 'Service principal "AWSLambda" has upper-case letters; service principals are lower-case', 'Write it as "lambda.amazonaws.com"'],
    ['Service', 'AWSLambda.amazonaws.com', 'Service principal "AWSLambda.amazonaws.com" has upper-case letters; service principals are lower-case', 'Write it as "lambda.amazonaws.com"'],
    ['Service', 'AmazonSNS', 'Service principal "AmazonSNS" has upper-case letters; service principals are lower-case', 'Write it as "sns.amazonaws.com"'],
    ['Service', 'ec2.amazonaws', 'Service principal "ec2.amazonaws" does not end in ".amazonaws.com" (or another partition\'s domain, such as ".amazonaws.com.cn")', 'Write it as "ec2.amazonaws.com"'],
    ['Service', 'https://ecs-tasks.amazonaws.com/', 'Service principal "https://ecs-tasks.amazonaws.com/" is a URL; a service principal is a bare host name', 'Write it as "ecs-tasks.amazonaws.com"'],
    ['Service', 'arn:aws:lambda:us-east-1:123456789012:function:f', 'Service principal "arn:aws:lambda:us-east-1:123456789012:function:f" is an ARN; a service principal is a name such as "lambda.amazonaws.com"', 'Write it as "lambda.amazonaws.com"'],
    ['Service', 'arn:aws:iam::123456789012:role/Deploy', 'Service principal "arn:aws:iam::123456789012:role/Deploy" is an IAM principal ARN, not a service principal', 'Put it under AWS: {"AWS": "arn:aws:iam::123456789012:role/Deploy"}'],
    ['Service', 'amazonaws.com', 'Service principal "amazonaws.com" names no service', 'Write the service name before the domain, e.g. "ec2.amazonaws.com"'],
    ['Service', '123456789012', 'Service principal "123456789012" is an account id, not a service principal', 'Put it under AWS: {"AWS": "123456789012"}'],
    ['Federated', 'Accounts.Google.com', 'Federated principal "Accounts.Google.com" has upper-case letters; provider names are lower-case', 'Write it as "accounts.google.com"'],
    ['Federated', 'token.actions.githubusercontent.com', 'Federated principal "token.actions.githubusercontent.com" is not an identity provider IAM knows by name (cognito-identity.amazonaws.com, www.amazon.com, graph.facebook.com, accounts.google.com, appleid.apple.com)', 'Name the provider by its IAM identity provider ARN, e.g. "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"'],
    ['Federated', '*', 'Federated principal "*" is a wildcard; a federated principal is one identity provider', 'Name one provider: its IAM identity provider ARN ("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com", "arn:aws:iam::123456789012:saml-provider/MyIdP") or a provider IAM knows by name ("cognito-identity.amazonaws.com")'],
    ['Federated', 'arn:aws:iam::123456789012:role/Deploy', 'Federated principal "arn:aws:iam::123456789012:role/Deploy" is an IAM principal ARN, not an identity provider', 'Put it under AWS: {"AWS": "arn:aws:iam::123456789012:role/Deploy"}'],
    ['Federated', 'arn:aws:iam::123456789012:saml-provider', 'Federated principal "arn:aws:iam::123456789012:saml-provider" names no saml provider', 'Name the provider by its IAM identity provider ARN, e.g. "arn:aws:iam::123456789012:saml-provider/NAME"'],
  ])('reports %s principal %j', async (type, value, message, suggestion) => {
    expect(await one(type, value)).toEqual([message, suggestion]);
  });

  it.each([
    ['service', 'ec2.amazonaws.com', 'Use "Service": principal types are case-sensitive'],
    ['Services', 'ec2.amazonaws.com', 'Did you mean "Service"?'],
    ['IAM', 'arn:aws:iam::123456789012:root', 'Use "AWS", the type of "arn:aws:iam::123456789012:root"'],
    ['User', 'bob', 'Use one of AWS, Service, Federated or CanonicalUser'],
  ])('reports the unknown principal type %s at the key', async (type, value, suggestion) => {
    const text = trust({ [type]: value }, 'NotPrincipal');
    const findings = await lint(text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ...positionOf(text, `"${type}"`),
      path: ['Statement', 0, 'NotPrincipal', type],
      message: `Unknown principal type "${type}" in NotPrincipal; the types are AWS, Service, Federated and CanonicalUser`,
      suggestion,
    });
  });

  it.each([
    ['"*"', '*'],
    ['AWS "*", an account id, and root, user, role, session and federated-user ARNs', { AWS: ['*', '123456789012', 'arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:user/ops/alice', 'arn:aws:iam::123456789012:role/service-role/Deploy', 'arn:aws:sts::123456789012:assumed-role/Deploy/alice', 'arn:aws:sts::123456789012:federated-user/Bob', 'arn:aws-cn:iam::123456789012:root', 'arn:aws-us-gov:iam::123456789012:role/Deploy'] }],
    ['IAM unique ids of deleted users and roles', { AWS: ['AIDAJQABLZS4A3QDU576Q', 'AROADBQP57FF2AEXAMPLE'] }],
    ['a CloudFront origin access identity', { AWS: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL' }],
    ['service principals of every partition and with a qualifier', { Service: ['ec2.amazonaws.com', 'delivery.logs.amazonaws.com', 'logs.us-east-1.amazonaws.com', 'ec2.amazonaws.com.cn', 'ec2.c2s.ic.gov', 'ec2.sc2s.sgov.gov', 'alexa-appkit.amazon.com', 'malware-protection-plan.guardduty.amazonaws.com'] }],
    ['named identity providers and provider ARNs', { Federated: ['cognito-identity.amazonaws.com', 'www.amazon.com', 'graph.facebook.com', 'accounts.google.com', 'appleid.apple.com', 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com', 'arn:aws:iam::123456789012:saml-provider/Okta'] }],
    ['a canonical user', { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }],
  ])('does not report %s', async (_, principal) => {
    expect(await lint(trust(principal))).toEqual([]);
  });

  it('reports an account id written in YAML as a bare number CloudFormation reads as octal, asking to quote it', async () => {
    const text = [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { AWS: [012345670123, 012345678901, "012345670123"] }',
      '            Action: sts:AssumeRole',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 'stack.yaml' });
    const at = positionOf(text, '012345670123');
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message, f.suggestion])).toEqual([
      [
        'invalid-principal',
        at.line,
        at.column,
        'AWS principal 012345670123 is an unquoted number with a leading zero: YAML 1.1, which CloudFormation reads, takes it as the octal number 1402433619 (YAML 1.2 as 12345670123)',
        'Quote it ("012345670123"), so every YAML reader keeps it as written',
      ],
    ]);
  });

  it('accepts {"Federated": "*"} in a VPC endpoint policy, where AWS lets federated STS callers through with it', async () => {
    const text = policy([{ Effect: 'Allow', Principal: { Federated: '*' }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } } }]);
    expect(await lintWith(rule, text, { policyType: 'endpoint' })).toEqual([]);
    expect((await lintWith(rule, text, { policyType: 'trust' })).map((f) => [f.ruleId, f.line, f.column])).toEqual([['invalid-principal', ...Object.values(positionOf(text, '"*"'))]]);
  });

  it('does not read principals of identity policies, where the Principal element itself is the error', async () => {
    expect(await lintWith(rule, trust({ AWS: '1234' }), { policyType: 'identity' })).toEqual([]);
  });

  it('reports aws:CalledVia service principals that Access Analyzer flags, in any kind of policy', async () => {
    const text = policy([{ Effect: 'Allow', Action: 'xray:GetTraceSummaries', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['ops.emr-serverless.amazonaws.com', 'application-signals.cloudwatch.amazonaws.com', 'CloudFormation'] } } }]);
    const findings = await lint(text);
    expect(findings.map((f) => [f.line, f.column, f.message, f.suggestion])).toEqual([
      [...Object.values(positionOf(text, '"application-signals')), 'aws:CalledVia value "application-signals.cloudwatch.amazonaws.com" has a multi-part service name; Access Analyzer expects the calling service\'s principal, such as "cloudwatch.amazonaws.com"', 'Check the value the calling service documents for aws:CalledVia; "cloudwatch.amazonaws.com" is no drop-in replacement, as it names another caller'],
      [...Object.values(positionOf(text, '"CloudFormation')), 'aws:CalledVia value "CloudFormation" has upper-case letters; service principals are lower-case', 'Write it as "cloudformation.amazonaws.com"'],
    ]);
  });

  it('checks only the literal parts of CloudFormation intrinsics, at their place in the template', async () => {
    const text = [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              AWS:',
      '                - !Ref AWS::AccountId',
      '                - !GetAtt Other.Arn',
      '                - !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root',
      '                - !Sub arn:${AWS::Partition}:iam::${TrustedAccount}:role/${RoleName}',
      '                - !Join ["", ["arn:aws:iam::", !Ref AWS::AccountId, ":root"]]',
      '                - !Sub arn:${AWS::Partition}:iam:${AWS::AccountId}:root',
      '                - 12345678901',
      '              Service:',
      '                - !Sub ec2.${AWS::URLSuffix}',
      '                - !Sub states.${AWS::Region}.amazonaws.com',
      '                - !Sub Lambda.${AWS::URLSuffix}',
      '            Action: sts:AssumeRole',
      '  Other:',
      '    Type: AWS::IAM::Group',
      '',
    ].join('\n');
    const findings = await lint(text, 't.yaml');
    expect(findings.map((f) => [f.line, f.column, f.message, f.suggestion])).toEqual([
      [16, 19, 'AWS principal "arn:${AWS::Partition}:iam:${AWS::AccountId}:root" is missing a colon; a principal ARN has 6 parts, arn:PARTITION:iam::ACCOUNT:root', 'Write it as "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"'],
      [17, 19, 'AWS principal "12345678901" has an 11-digit account id; account ids have exactly 12 digits', 'Write it as "012345678901" if a leading zero was lost, and keep it quoted so YAML and JSON keep the zero'],
      [21, 19, 'Service principal "Lambda.${AWS::URLSuffix}" has upper-case letters; service principals are lower-case', 'Write it as "lambda.${AWS::URLSuffix}"'],
    ]);
  });
});

describe('invalid-principal and a principal type known only at deploy time', () => {
  const tf = (type: string, identifiers: string) => `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
    principals {
      type        = ${type}
      identifiers = ${identifiers}
    }
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = "b"
  policy = data.aws_iam_policy_document.d.json
}
`;

  it.each([
    ['var.principal_type', 'var.principal_ids'],
    ['principals.value.type', 'principals.value.identifiers'],
    ['element(keys(var.principals), count.index)', '["lambda.amazonaws.com", "1234"]'],
  ])('reports neither type = %s nor its values, which are not checked against a type', async (type, identifiers) => {
    expect(await lint(tf(type, identifiers), 'main.tf')).toEqual([]);
  });

  it('still reports a written-out unknown type, at the type', async () => {
    const text = tf('"Services"', '["lambda.amazonaws.com"]');
    const findings = await lint(text, 'main.tf');
    const at = positionOf(text, '"Services"');
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message, f.suggestion])).toEqual([
      ['invalid-principal', at.line, at.column, 'Unknown principal type "Services" in Principal; the types are AWS, Service, Federated and CanonicalUser', 'Did you mean "Service"?'],
    ]);
  });
});
