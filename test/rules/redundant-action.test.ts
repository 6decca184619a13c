import { describe, expect, it } from 'vitest';
import rule from '../../rules/redundant-action.js';
import { lintWith, policy } from '../helpers/lint.js';

const actions = (Action: unknown) => policy([{ Effect: 'Allow', Action, Resource: '*' }]);

function nth(text: string, needle: string, n: number): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < n; i++) at = text.indexOf(needle, at + 1);
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

describe('redundant-action', () => {
  it.each([
    { list: ['s3:ListBucket', 's3:ListBucket'], index: 1, needle: '"s3:ListBucket"', occurrence: 2, message: '"s3:ListBucket" is listed twice in this statement' },
    { list: ['s3:GetObject', 'S3:GETOBJECT'], index: 1, needle: '"S3:GETOBJECT"', occurrence: 1, message: '"S3:GETOBJECT" is listed twice in this statement' },
    { list: ['s3:Get*', 's3:GetObject'], index: 1, needle: '"s3:GetObject"', occurrence: 1, message: '"s3:GetObject" is already covered by "s3:Get*" in this statement' },
    { list: ['s3:GetObject', 's3:Get*'], index: 0, needle: '"s3:GetObject"', occurrence: 1, message: '"s3:GetObject" is already covered by "s3:Get*" in this statement' },
    { list: ['*', 'iam:PassRole'], index: 1, needle: '"iam:PassRole"', occurrence: 1, message: '"iam:PassRole" is already covered by "*" in this statement' },
    { list: ['s3:GetObject*', 's3:GetObjectT*'], index: 1, needle: '"s3:GetObjectT*"', occurrence: 1, message: '"s3:GetObjectT*" is already covered by "s3:GetObject*" in this statement' },
  ])('reports $list at entry $index', async ({ list, index, needle, occurrence, message }) => {
    const text = actions(list);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'redundant-action', severity: 'info', ...nth(text, needle, occurrence), path: ['Statement', 0, 'Action', index], message });
    expect(findings[0]?.suggestion).toBe(`Drop ${needle}`);
  });

  it('reports the later of two patterns that grant the same actions', async () => {
    const findings = await lintWith(rule, actions(['s3:GetObjectVersion*', 's3:GetObjectVersio?*']));
    expect(findings.map((f) => f.path[3])).toEqual([1]);
  });

  it.each([
    ['distinct actions', ['s3:GetObject', 's3:PutObject']],
    ['overlapping patterns neither of which covers the other', ['s3:Get*', 's3:*Object']],
    ['unknown actions (unknown-action reports them)', ['s3:GetObjekt', 's3:Get*']],
    ['the same action in two statements', 's3:GetObject'],
  ])('does not report %s', async (_, list) => {
    const text = Array.isArray(list) ? actions(list) : policy([{ Effect: 'Allow', Action: list, Resource: '*' }, { Effect: 'Allow', Action: list, Resource: 'arn:aws:s3:::b/*' }]);
    expect(await lintWith(rule, text)).toEqual([]);
  });
});
