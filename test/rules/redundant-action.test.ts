import { describe, expect, it } from 'vitest';
import rule from '../../rules/redundant-action.js';
import { lintWith, managedPolicyTemplate, policy } from '../helpers/lint.js';

const actions = (Action: unknown) => policy([{ Effect: 'Allow', Action, Resource: '*' }]);

/** A template whose one statement lists these Action items, the first on line 13. */
const branchTemplate = (items: string[]) => managedPolicyTemplate(['- Effect: Allow', '  Resource: arn:aws:sqs:us-east-1:111122223333:q', '  Action:', ...items.map((i) => `    - ${i}`)]);

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

  // A repeat through one branch of an Fn::If exists in some deployed versions only: dropping either
  // entry would take the action away from the others (the condition false, or its other branch).
  it.each([
    ['a repeat of an action one Fn::If branch gives', ["!If [Cond, 'sqs:SendMessage', !Ref 'AWS::NoValue']", 'sqs:SendMessage'], '"sqs:SendMessage" is listed twice in this statement'],
    ['an action covered by a pattern one Fn::If branch gives', ["!If [Cond, 'sqs:Send*', 'sqs:ReceiveMessage']", 'sqs:SendMessage'], '"sqs:SendMessage" is already covered by "sqs:Send*" in this statement'],
  ])('reports %s in a template, without a fix', async (_, items, message) => {
    const text = branchTemplate(items);
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([`14:17 ${message}`]);
    expect(findings[0]?.fix).toBeUndefined();
  });

  it('keeps the fix when both entries are there whatever the branch', async () => {
    const findings = await lintWith(rule, branchTemplate(['sqs:SendMessage', 'sqs:SendMessage', "!If [Cond, 'sqs:ReceiveMessage', !Ref 'AWS::NoValue']"]), { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.fix !== undefined])).toEqual([[14, 17, true]]);
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
