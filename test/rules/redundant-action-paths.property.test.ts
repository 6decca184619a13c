/**
 * redundant-action scans a statement's wildcard entries when it has at most 16 of them and indexes
 * every action they grant when it has more: both ways must give the same findings. Padding the
 * statement with 17 more wildcard entries that name no action forces the index path without
 * changing what the other entries grant.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/redundant-action.js';
import { lintWith, policy } from '../helpers/lint.js';

const POOL = [
  '*',
  's3:*',
  's3:Get*',
  's3:GetObject*',
  's3:GetObjectVersio?*',
  's3:*Object',
  's3:Get?bject',
  's3:GetObject',
  's3:GetObjectAcl',
  's3:GetObjectVersion',
  's3:PutObject',
  's3:NoSuchAction',
  's3:NoSuch*',
  's?:GetObject',
  '*:GetObject',
  'ec2:Describe*',
  'ec2:DescribeInstances',
  'ec2:DescribeInstance?',
  'iam:PassRole',
  'iam:Pass*',
  'iam:PassRol?',
  'nosuchservice:*',
];

const recase = (text: string, mask: number) =>
  [...text].map((c, i) => (mask === 0 ? c : mask === 1 ? c.toUpperCase() : (mask >> i % 5) & 1 ? c.toUpperCase() : c.toLowerCase())).join('');

const entry = fc.tuple(fc.constantFrom(...POOL), fc.integer({ min: 0, max: 40 })).map(([text, mask]) => recase(text, mask % 3 === 0 ? 0 : mask));
const PADDING = Array.from({ length: 17 }, (_, k) => `padding${k}:Nothing${k}*`);

async function findings(list: string[]) {
  const found = await lintWith(rule, policy([{ Effect: 'Allow', Action: list, Resource: '*' }]));
  return found
    .filter((f) => (f.path[3] as number) < list.length || f.ruleId !== 'redundant-action')
    .map((f) => ({ ruleId: f.ruleId, path: f.path, line: f.line, column: f.column, message: f.message, suggestion: f.suggestion }));
}

describe('redundant-action: scanned and indexed wildcard entries', () => {
  it('give the same findings for random mixes of explicit and wildcard entries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 14 }), async (list) => {
        const scanned = await findings(list);
        const indexed = (await findings([...list, ...PADDING])).filter((f) => (f.path[3] as number) < list.length);
        // Positions move with the padding only after the list: the entries' own lines stay.
        expect(indexed).toEqual(scanned);
      }),
      { seed: 20261130, numRuns: 400 },
    );
  });

  it('pads with entries that are themselves never reported', async () => {
    expect(await findings(PADDING)).toEqual([]);
  });
});
