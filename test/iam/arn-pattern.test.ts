import { describe, expect, it } from 'vitest';
import { formatPattern, matchesEverything, patternsOverlap, policyPattern } from '../../src/iam/arn-pattern.js';

const BUCKET = 'arn:${Partition}:s3:::${BucketName}';
const OBJECT = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
const ACCESS_POINT = 'arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}';
const ROLE = 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}';

describe('patternsOverlap', () => {
  it.each([
    ['arn:aws:s3:::logs', BUCKET, true],
    ['arn:aws:s3:::logs', OBJECT, false],
    ['arn:aws:s3:::logs/*', OBJECT, true],
    ['arn:aws:s3:::logs/*', BUCKET, false],
    ['arn:aws:s3:::logs*', OBJECT, true],
    ['arn:aws:s3:::*', BUCKET, true],
    ['arn:aws:s3:::log?', BUCKET, true],
    ['arn:aws:s3:::logs', ACCESS_POINT, false],
    ['arn:aws:s3:us-east-1:123456789012:accesspoint/ap1', ACCESS_POINT, true],
    ['arn:aws:iam::123456789012:role/app/worker', ROLE, true],
    ['arn:aws:iam::123456789012:user/alice', ROLE, false],
    ['arn:*:s3:::logs', BUCKET, true],
    ['*', OBJECT, true],
    // A placeholder inside an ARN names one segment: a bucket, not an object.
    ['arn:${AWS::Partition}:s3:::${LogsBucket}', OBJECT, false],
    ['arn:${AWS::Partition}:s3:::${LogsBucket}', BUCKET, true],
    ['arn:${AWS::Partition}:s3:::${LogsBucket}/*', OBJECT, true],
    // A placeholder that is the whole value can be any ARN.
    ['${BucketArn}', OBJECT, true],
    // Glued to a word, a placeholder may hold `/` (SSM parameter names and role paths start with one)...
    ['arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ParamName}', 'arn:${Partition}:ssm:${Region}:${Account}:parameter/${ParameterNameWithoutLeadingSlash}', true],
    ['arn:aws:iam::123456789012:role${Path}', ROLE, true],
    // ...but after `-`, `_` or `.` it is a name's suffix: still a bucket, not an object.
    ['arn:aws:s3:::acme-${Stage}', OBJECT, false],
    ['arn:aws:s3:::acme_${Stage}', OBJECT, false],
    ['arn:aws:s3:::acme-${Stage}', BUCKET, true],
    // but never a `:`, so it stays in its part of the ARN.
    ['arn:aws:logs:us-east-1:123456789012:log-group${Name}', 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}', false],
    // Region must not swallow a colon.
    ['arn:aws:s3:us-east-1:123456789012:logs', BUCKET, false],
  ])('%s against %s is %s', (resource, format, expected) => {
    expect(patternsOverlap(formatPattern(format), policyPattern(resource))).toBe(expected);
    expect(patternsOverlap(policyPattern(resource), formatPattern(format))).toBe(expected);
  });

  it('treats ${*}, ${?} and ${$} as the literal characters', () => {
    expect(patternsOverlap(formatPattern(OBJECT), policyPattern('arn:aws:s3:::b/${*}'))).toBe(true);
    expect(patternsOverlap(policyPattern('arn:aws:s3:::b/${*}'), policyPattern('arn:aws:s3:::b/x'))).toBe(false);
  });
});

describe('matchesEverything', () => {
  it.each([
    ['*', true],
    ['${Param}', true],
    ['arn:aws:s3:::*', false],
  ])('%s → %s', (text, expected) => {
    expect(matchesEverything(policyPattern(text))).toBe(expected);
  });
});
