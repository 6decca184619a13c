import { describe, expect, it } from 'vitest';
import { findAction } from '../../src/iam/actions.js';
import { actionConditionKeys, actionSupportsKey, isKnownKeyPrefix, keysWithPrefix, lookupConditionKey } from '../../src/iam/condition-keys.js';

describe('lookupConditionKey', () => {
  it.each([
    ['aws:SourceIp', 'aws:SourceIp', 'IPAddress', true],
    ['AWS:sourceip', 'aws:SourceIp', 'IPAddress', true],
    ['aws:PrincipalTag/team', 'aws:PrincipalTag/tag-key', 'String', true],
    ['aws:TagKeys', 'aws:TagKeys', 'ArrayOfString', true],
    ['s3:ExistingObjectTag/env', 's3:ExistingObjectTag/<key>', 'String', false],
    ['ec2:ResourceTag/Name', 'ec2:ResourceTag/${TagKey}', 'String', false],
    ['kms:EncryptionContext:aws:cloudtrail:arn', 'kms:EncryptionContext:${EncryptionContextKey}', 'String', false],
    ['s3:x-amz-acl', 's3:x-amz-acl', 'String', false],
  ])('finds %s as %s (%s)', (key, name, type, global) => {
    expect(lookupConditionKey(key)).toMatchObject({ name, type, global });
  });

  it('knows which keys hold several values', () => {
    expect(lookupConditionKey('aws:TagKeys')?.multivalued).toBe(true);
    expect(lookupConditionKey('aws:SourceVpc')?.multivalued).toBe(false);
  });

  it.each(['s3:Nope', 'aws:SourceIpp', 'nosuchservice:key', 'noprefix', 'aws:PrincipalTag'])('does not know %s', (key) => {
    expect(lookupConditionKey(key)).toBeUndefined();
  });

  it('finds keys that another service defines under its prefix (ec2 keys of ssm)', () => {
    expect(isKnownKeyPrefix('ec2')).toBe(true);
    expect(isKnownKeyPrefix('nosuchservice')).toBe(false);
    expect(keysWithPrefix('s3')).toContain('s3:prefix');
  });
});

describe('actionSupportsKey', () => {
  const getObject = findAction('s3', 'GetObject')!;
  it('reads the action and its resource types', () => {
    expect(actionSupportsKey(getObject, 's3:ExistingObjectTag/env')).toBe(true);
    expect(actionSupportsKey(getObject, 's3:prefix')).toBe(false);
    expect(actionSupportsKey(findAction('s3', 'ListBucket')!, 's3:prefix')).toBe(true);
  });
  it('treats global keys as supported, except the tag keys', () => {
    expect(actionSupportsKey(getObject, 'aws:SourceIp')).toBe(true);
    expect(actionSupportsKey(getObject, 'aws:RequestTag/team')).toBe(false);
    expect(actionSupportsKey(findAction('ec2', 'RunInstances')!, 'aws:RequestTag/team')).toBe(true);
  });
});

describe('actionConditionKeys', () => {
  it('lists the action\'s keys and those of its resource types', () => {
    const keys = actionConditionKeys(findAction('s3', 'ListBucket')!);
    expect(keys).toContain('s3:prefix');
    expect(keys).toContain('aws:ResourceTag/${TagKey}');
    expect(actionConditionKeys(findAction('s3', 'GetObject')!)).not.toContain('s3:prefix');
  });
});
