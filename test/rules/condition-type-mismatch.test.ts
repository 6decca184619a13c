import { describe, expect, it } from 'vitest';
import rule from '../../rules/condition-type-mismatch.js';
import { compareWithAccessAnalyzer, corpusPresent } from '../helpers/access-analyzer.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const withCondition = (Condition: unknown) => policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*', Condition }]);

describe('condition-type-mismatch: operator family vs key type', () => {
  it.each([
    ['StringEquals', 'aws:SecureTransport', 'true', 'StringEquals is a String operator, but "aws:SecureTransport" is a Bool key', 'Use "Bool"'],
    ['StringEqualsIfExists', 'aws:ViaAWSService', 'false', 'StringEqualsIfExists is a String operator, but "aws:ViaAWSService" is a Bool key', 'Use "BoolIfExists"'],
    ['StringNotEquals', 'aws:MultiFactorAuthPresent', 'true', 'StringNotEquals is a String operator, but "aws:MultiFactorAuthPresent" is a Bool key', 'Use "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}'],
    ['DateGreaterThan', 'aws:MultiFactorAuthAge', '3600', 'DateGreaterThan is a Date operator, but "aws:MultiFactorAuthAge" is a Numeric key', 'Use "NumericGreaterThan"'],
    ['NumericLessThan', 'aws:CurrentTime', '1700000000', 'NumericLessThan is a Numeric operator, but "aws:CurrentTime" is a Date key', 'Use "DateLessThan"'],
    ['StringEquals', 'aws:SourceIp', '203.0.113.7', 'StringEquals is a String operator, but "aws:SourceIp" is an IP address key', 'Use "IpAddress"'],
    ['StringNotEquals', 'aws:SourceIp', '203.0.113.7', 'StringNotEquals is a String operator, but "aws:SourceIp" is an IP address key', 'Use "NotIpAddress"'],
    ['IpAddress', 'aws:SourceVpc', 'vpc-1a2b3c4d', 'IpAddress is an IP address operator, but "aws:SourceVpc" is a String key', 'Use "StringEquals"'],
    ['NotIpAddress', 'aws:SourceVpc', 'vpc-1a2b3c4d', 'NotIpAddress is an IP address operator, but "aws:SourceVpc" is a String key', 'Use "StringNotEquals"'],
    ['Bool', 'aws:PrincipalType', 'AssumedRole', 'Bool is a Bool operator, but "aws:PrincipalType" is a String key', 'Use "StringEquals"'],
    ['BinaryEquals', 'aws:SecureTransport', 'dHJ1ZQ==', 'BinaryEquals is a Binary operator, but "aws:SecureTransport" is a Bool key', 'Use "Bool"'],
  ])('reports %s on %s', async (op, key, value, message, suggestion) => {
    const text = withCondition({ [op]: { [key]: value } });
    const at = positionOf(text, `"${key}"`);
    expect(await lintWith(rule, text)).toEqual([
      expect.objectContaining({
        ruleId: 'condition-type-mismatch',
        severity: 'warning',
        line: at.line,
        column: at.column,
        path: ['Statement', 0, 'Condition', op, key],
        message,
        suggestion,
      }),
    ]);
  });

  it.each([
    ['StringLike', 'aws:SourceArn', 'ArnLike'],
    ['StringNotLike', 'aws:PrincipalArn', 'ArnNotLike'],
    ['StringLikeIfExists', 'ram:ResourceArn', 'ArnLikeIfExists'],
    ['ForAnyValue:StringLike', 'events:TargetArn', 'ForAnyValue:ArnLike'],
    // Without the set qualifier a single-valued key cannot use: what forallvalues-single-valued-key asks too.
    ['ForAllValues:StringNotLike', 'aws:PrincipalArn', 'ArnNotLike'],
  ])('reports %s on the ARN key %s, as Access Analyzer does', async (op, key, suggested) => {
    const text = withCondition({ [op]: { [key]: 'arn:aws:iam::*:role/ops-*' } });
    const at = positionOf(text, `"${key}"`);
    expect(await lintWith(rule, text)).toEqual([
      expect.objectContaining({
        line: at.line,
        column: at.column,
        message: `${op} compares "${key}" as a string, but it is an ARN key: use the ARN operators, which match ARNs part by part`,
        suggestion: `Use "${suggested}"`,
      }),
    ]);
  });

  it('suggests for a Deny with ForAllValues: on a single-valued key what forallvalues-single-valued-key does, IfExists kept', async () => {
    const text = policy([{ Effect: 'Deny', Action: 'sns:Publish', Resource: '*', Condition: { 'ForAllValues:StringLike': { 'aws:SourceArn': 'arn:aws:s3:::b' } } }]);
    expect((await lintWith(rule, text)).map((f) => f.suggestion)).toEqual(['Use "ArnLikeIfExists"']);
  });

  it.each([
    ['StringEquals on an ARN key (AWS documents it)', { StringEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:alerts' } }],
    ['StringNotEqualsIgnoreCase on an ARN key', { StringNotEqualsIgnoreCase: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/Admin' } }],
    ['ArnLike on a String key holding an ARN', { ArnLike: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::logs/*' } }],
    ['ArnEquals with a wildcard', { ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::logs-*' } }],
    ['Numeric on aws:EpochTime (documented as Date and Numeric)', { NumericLessThan: { 'aws:EpochTime': '1767225600' } }],
    ['Date on aws:EpochTime with seconds', { DateLessThan: { 'aws:EpochTime': '1767225600' } }],
    ["Numeric on kms:ValidTo (Unix time; the KMS Developer Guide's own example)", { NumericLessThanEquals: { 'kms:ValidTo': '1546257599.0' } }],
    ['BoolIfExists on events:eventBusInvocation (String in the IAM data; the EventBridge guide\'s own example)', { BoolIfExists: { 'events:eventBusInvocation': 'true' } }],
    ['StringEquals on events:eventBusInvocation, as the IAM data types it', { StringEquals: { 'events:eventBusInvocation': 'true' } }],
    ['Bool on a Bool key, JSON boolean', { Bool: { 'aws:SecureTransport': false } }],
    ['Bool with upper-case text', { Bool: { 'aws:SecureTransport': 'TRUE' } }],
    ['an unknown key', { StringEquals: { 'aws:SecureTransprt': 'true' } }],
    ['a key with a policy variable', { StringEquals: { 'aws:ResourceTag/${aws:username}': 'owner' } }],
    ['an unknown operator', { StringEqualz: { 'aws:SecureTransport': 'true' } }],
    ['Null on any key', { Null: { 'aws:SourceIp': 'true' } }],
    ['IpAddress with IPv4 and IPv6 ranges', { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'] } }],
    ['Date with ISO 8601 values', { DateGreaterThan: { 'aws:CurrentTime': ['2025-01-31', '2025-01-31T12:00:00Z', '2025-01-31T12:00:00.5+02:00'] } }],
    ['Numeric with a decimal', { NumericLessThanEquals: { 'aws:MultiFactorAuthAge': 3600.5 } }],
    ['StringEquals with a lone "*" (lambda:Principal is "*" for public permissions)', { StringEquals: { 'lambda:Principal': '*' } }],
    ['StringLike with a pattern', { StringLike: { 'aws:ResourceTag/env': 'prod-*' } }],
    ['a policy variable with a star in the value', { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}-*' } }],
    [
      "a String operator on an IP key against a policy variable, the one way IAM takes it (the IAM guide's aws:Ec2InstanceSourcePrivateIPv4 example)",
      { StringNotEquals: { 'aws:Ec2InstanceSourcePrivateIPv4': '${aws:VpcSourceIp}' } },
    ],
    ["a deployment tool's placeholder under an IP operator (Serverless's ${self:...}), which is no policy variable", { IpAddress: { 'aws:SourceIp': '${self:custom.cidrs}' } }],
    ["Serverless's ${file(...):key}, whose file name has dots", { IpAddress: { 'aws:SourceIp': '${file(./config.yml):officeCidrs}' } }],
  ])('does not report %s', async (_, condition) => {
    expect(await lintWith(rule, withCondition(condition))).toEqual([]);
  });
});

describe('condition-type-mismatch: values', () => {
  it.each([
    ['Bool', 'aws:SecureTransport', 'yes', '"yes" is not "true" or "false", so Bool "aws:SecureTransport" never matches it', 'Write "true" or "false"'],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', '1h', '"1h" is not a number, so NumericLessThan "aws:MultiFactorAuthAge" never matches it', 'Write a number, such as "1"'],
    ['NumericLessThan', 'aws:EpochTime', '2026-01-01', '"2026-01-01" is not a number, so NumericLessThan "aws:EpochTime" never matches it', 'Write a number, such as "2026"'],
    ['DateLessThan', 'aws:CurrentTime', '2025/01/31 08:00', '"2025/01/31 08:00" is not a date, so DateLessThan "aws:CurrentTime" never matches it', 'Write an ISO 8601 date or seconds since the epoch, such as "2025-01-31T08:00:00Z"'],
    ['DateLessThan', 'aws:CurrentTime', '2025-13-01', '"2025-13-01" is not a date, so DateLessThan "aws:CurrentTime" never matches it', 'Write an ISO 8601 date or seconds since the epoch, such as "2025-01-31T00:00:00Z"'],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/33', '"10.0.0.0/33" is not an IP address or CIDR range, so IpAddress "aws:SourceIp" never matches it', 'Write an IPv4 or IPv6 address or CIDR range, such as "203.0.113.0/24"'],
    ['NotIpAddressIfExists', 'aws:SourceIp', '2001:db8::/129', '"2001:db8::/129" is not an IP address or CIDR range, so no request value matches it and NotIpAddressIfExists "aws:SourceIp" holds for every value it was meant to exclude', 'Write an IPv4 or IPv6 address or CIDR range, such as "2001:db8::/32"'],
    ['NumericNotEquals', 'aws:MultiFactorAuthAge', 'ten', '"ten" is not a number, so no request value matches it and NumericNotEquals "aws:MultiFactorAuthAge" holds for every value it was meant to exclude', 'Write a number, such as "3600"'],
    ['IpAddress', 'aws:SourceIp', '<corporate-cidr>', '"<corporate-cidr>" is not an IP address or CIDR range, so IpAddress "aws:SourceIp" never matches it', 'Write an IPv4 or IPv6 address or CIDR range, such as "203.0.113.0/24"'],
  ])('reports %s "%s": "%s" at the value', async (op, key, value, message, suggestion) => {
    const text = withCondition({ [op]: { [key]: ['203.0.113.0/24', value].slice(op.includes('Ip') ? 0 : 1) } });
    const at = positionOf(text, `"${value}"`);
    const index = op.includes('Ip') ? 1 : 0;
    expect(await lintWith(rule, text)).toEqual([
      expect.objectContaining({ line: at.line, column: at.column, path: ['Statement', 0, 'Condition', op, key, index], message, suggestion }),
    ]);
  });

  it.each([
    ['StringEquals', 'aws:SourceArn', 'arn:aws:s3:::logs-*', 'ArnLike'],
    ['StringNotEqualsIfExists', 'aws:ResourceTag/env', 'prod-*', 'StringNotLikeIfExists'],
    ['ForAnyValue:StringEqualsIgnoreCase', 'aws:TagKeys', 'team-*', 'ForAnyValue:StringLike'],
  ])('reports %s "%s": "%s", a pattern compared literally', async (op, key, value, suggested) => {
    const text = withCondition({ [op]: { [key]: value } });
    const at = positionOf(text, `"${value}"`);
    expect(await lintWith(rule, text)).toEqual([
      expect.objectContaining({
        line: at.line,
        column: at.column,
        path: ['Statement', 0, 'Condition', op, key],
        message: `${op} compares "${value}" literally: "*" is a wildcard only in the Like operators`,
        suggestion: `Use "${suggested}"`,
      }),
    ]);
  });

  it('reports a pattern compared literally on a key the IAM data does not hold, such as an identity provider\'s claim', async () => {
    const text = withCondition({ StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } });
    const at = positionOf(text, '"repo:acme/*"');
    expect(await lintWith(rule, text)).toEqual([
      expect.objectContaining({
        ...at,
        message: 'StringEquals compares "repo:acme/*" literally: "*" is a wildcard only in the Like operators',
        suggestion: 'Use "StringLike"',
      }),
    ]);
    // Only the literal pattern is said of such a key: its type is unknown.
    expect(await lintWith(rule, withCondition({ NumericEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app' } }))).toEqual([]);
    // A lone "*": the values to name, and no Null test, which would admit every identity of the provider.
    const [lone] = await lintWith(rule, withCondition({ StringEquals: { 'token.actions.githubusercontent.com:sub': '*' } }));
    expect(lone?.suggestion).toBe('Write the values "token.actions.githubusercontent.com:sub" must have');
    // A misspelt AWS key (unknown-condition-key's) says nothing of its type: "aws:SourceArn" would want ArnLike.
    expect(await lintWith(rule, withCondition({ StringEquals: { 'aws:SourceArns': 'arn:aws:sns:us-east-1:111122223333:*' } }))).toEqual([]);
  });

  it('reports a lone "*" under StringEquals, which matches no request, and asks for the values, not a Like that would match any', async () => {
    const text = withCondition({ StringEquals: { 'aws:PrincipalOrgID': '*' } });
    const at = positionOf(text, '"*"');
    expect(await lintWith(rule, text)).toEqual([
      expect.objectContaining({
        line: at.line,
        column: at.column,
        message: 'StringEquals compares "*" literally: "*" is a wildcard only in the Like operators',
        suggestion: 'Write the values "aws:PrincipalOrgID" must have; to test only that the key is present, use "Null": {"aws:PrincipalOrgID": "false"}',
      }),
    ]);
  });

  it('reports a policy variable under an IP operator, which IAM does not accept (Access Analyzer: INVALID_VARIABLE_FOR_OPERATOR)', async () => {
    const text = withCondition({ NotIpAddress: { 'aws:Ec2InstanceSourcePrivateIPv4': '${aws:VpcSourceIp}' } });
    const at = positionOf(text, '"${aws:VpcSourceIp}"');
    expect(await lintWith(rule, text)).toEqual([
      expect.objectContaining({
        line: at.line,
        column: at.column,
        message: 'NotIpAddress cannot take the policy variable "${aws:VpcSourceIp}": IAM accepts policy variables only with the String and ARN operators',
        suggestion: 'Use "StringNotEquals"',
      }),
    ]);
  });

  it.each([
    ['NumericLessThan', 'aws:MultiFactorAuthAge', '${aws:PrincipalTag/maxage}'],
    ['DateLessThan', 'aws:CurrentTime', '${aws:PrincipalTag/until}'],
    ['NotIpAddress', 'aws:SourceIp', '${aws:PrincipalTag/office-cidr}'],
  ])('tells %s with a policy variable that cannot be ranged or ordered to write the values out', async (op, key, value) => {
    const [finding] = await lintWith(rule, withCondition({ [op]: { [key]: value } }));
    expect(finding?.suggestion).toBe('Write the values out: a String operator, the only kind that takes a variable, compares text for equality and cannot test a range or an order');
  });

  it('still checks the literal values beside a variable', async () => {
    const [finding] = await lintWith(rule, withCondition({ StringEquals: { 'aws:SourceIp': ['${aws:VpcSourceIp}', '10.0.0.0/8'] } }));
    expect(finding?.message).toBe('StringEquals is a String operator, but "aws:SourceIp" is an IP address key');
  });

  it('reports NullIfExists at the operator', async () => {
    const text = withCondition({ NullIfExists: { 'aws:TokenIssueTime': 'false' } });
    const at = positionOf(text, '"NullIfExists"');
    expect(await lintWith(rule, text)).toEqual([
      expect.objectContaining({
        line: at.line,
        column: at.column,
        path: ['Statement', 0, 'Condition', 'NullIfExists'],
        message: 'IfExists does not combine with Null, which itself tests whether the key is present: NullIfExists "false" is always true',
        suggestion: 'Use "Null" without IfExists',
      }),
    ]);
  });

  it('reports one finding per key, the mismatch rather than its values', async () => {
    const text = withCondition({ StringEquals: { 'aws:SecureTransport': 'yes', 'aws:SourceVpc': 'vpc-1a2b3c4d' } });
    expect((await lintWith(rule, text)).map((f) => f.path.at(-1))).toEqual(['aws:SecureTransport']);
  });
});

describe('condition-type-mismatch in a CloudFormation template', () => {
  it('points at the key inside the template', async () => {
    const text = [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { Service: ec2.amazonaws.com }',
      '            Action: sts:AssumeRole',
      '      Policies:',
      '        - PolicyName: read',
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Effect: Allow',
      '                Action: s3:GetObject',
      '                Resource: !Sub "arn:aws:s3:::${AWS::StackName}-logs/*"',
      '                Condition:',
      '                  StringLike:',
      '                    aws:SourceArn: !Sub "arn:aws:ec2:*:${AWS::AccountId}:instance/*"',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings).toEqual([
      expect.objectContaining({
        line: 21,
        column: 21,
        path: expect.arrayContaining(['Condition', 'StringLike', 'aws:SourceArn']),
        suggestion: 'Use "ArnLike"',
      }),
    ]);
  });
});

// Access Analyzer's STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS and TYPE_MISMATCH: every statement it
// points at must be one this rule reports.
describe.skipIf(!corpusPresent)('condition-type-mismatch on the AWS managed policies (skipped: ../shared/corpus is not beside the repo)', () => {
  it('reports every statement Access Analyzer finds a type mismatch in, and only real ones besides', async () => {
    const c = await compareWithAccessAnalyzer(rule, ['STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS', 'TYPE_MISMATCH']);
    expect(c.expected).toHaveLength(14);
    expect(c.missed).toEqual([]);
    expect(c.extra).toEqual(EXTRA);
  }, 120_000);
});

/**
 * Reported beyond Access Analyzer, which has no findings at all for these policies: the first six
 * are deprecated (not validated), the others use keys the IAM data types ARN or Bool exactly as
 * the policies Access Analyzer does report. See rules/condition-type-mismatch.md.
 */
const EXTRA = [
  'AWSCodePipelineFullAccess.json#5',
  'AWSCodePipelineReadOnlyAccess.json#1',
  'AWSElasticBeanstalkFullAccess.json#5',
  'AWSMarketplaceImageBuildFullAccess.json#8',
  'SageMakerStudioProjectProvisioningRolePolicy.json#68',
  'SageMakerStudioProjectUserRolePermissionsBoundary.json#38',
  'SageMakerStudioProjectUserRolePolicy.json#86',
  'ServerMigrationServiceRole.json#9',
  'ServerMigration_ServiceRole.json#15',
];
