/** Rules whose messages say what a statement allows add, on a permissions boundary, that a boundary grants nothing itself. */
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { lintWith, policy } from '../helpers/lint.js';

const NOTE = ' (a permissions boundary grants nothing itself: this leaves it uncapped for the identities it bounds)';
const speaking = builtinRules.filter((r) => r.meta.speaksOfGrants);
// Statements that give each of these rules something to report: broad grants, a NotAction and a NotResource.
const text = policy([
  { Sid: 'Broad', Effect: 'Allow', Action: ['iam:*', 's3:*', 'ssm:*', 'secretsmanager:*', 'ec2:*'], Resource: '*' },
  { Sid: 'AllButIam', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
  { Sid: 'AllButOne', Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' },
]);

describe('the permissions boundary note', () => {
  it('is declared by rules that read boundaries', () => {
    expect(speaking.length).toBeGreaterThanOrEqual(10);
    expect(speaking.filter((r) => !r.meta.kinds.includes('boundary')).map((r) => r.meta.id)).toEqual([]);
  });

  it.each(speaking.filter((r) => !r.meta.offByDefault).map((r) => [r.meta.id, r] as const))('%s adds it to a boundary finding and not to an identity policy finding', async (_, rule) => {
    const boundary = await lintWith(rule, text, { policyType: 'boundary' });
    expect(boundary.length).toBeGreaterThan(0);
    for (const f of boundary) expect(f.message.endsWith(NOTE)).toBe(true);
    for (const f of await lintWith(rule, text, { policyType: 'identity' })) expect(f.message.endsWith(NOTE)).toBe(false);
  });
});
