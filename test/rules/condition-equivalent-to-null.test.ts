import { describe, expect, it } from 'vitest';
import rule from '../../rules/condition-equivalent-to-null.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const withCondition = (Condition: unknown) => policy([{ Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*', Condition }]);

describe('condition-equivalent-to-null', () => {
  it.each([
    { op: 'StringLike', key: 'aws:ResourceTag/team', value: '*' },
    { op: 'StringLike', key: 'aws:RequestTag/env', value: ['*'] },
    { op: 'ArnLike', key: 'aws:SourceArn', value: '*' },
    { op: 'ArnEquals', key: 'aws:PrincipalArn', value: ['*', '*'] },
  ])('reports $op "$key": $value at the key', async ({ op, key, value }) => {
    const text = withCondition({ [op]: { [key]: value } });
    const findings = await lintWith(rule, text);
    const at = positionOf(text, `"${key}"`);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'condition-equivalent-to-null',
        severity: 'info',
        line: at.line,
        column: at.column,
        path: ['Statement', 0, 'Condition', op, key],
        message: `${op} "${key}": "*" only tests that the key is present`,
        suggestion: `Write "Null": {"${key}": "false"}`,
      }),
    ]);
  });

  it.each([
    ['a real pattern', { StringLike: { 'aws:ResourceTag/team': 'data-*' } }],
    ['"*" among other values', { StringLike: { 'aws:ResourceTag/team': ['*', 'data'] } }],
    ['StringEquals "*" (a literal star)', { StringEquals: { 'aws:ResourceTag/team': '*' } }],
    ['IfExists', { StringLikeIfExists: { 'aws:ResourceTag/team': '*' } }],
    ['a set qualifier', { 'ForAnyValue:StringLike': { 'aws:TagKeys': '*' } }],
    ['Null already', { Null: { 'aws:ResourceTag/team': 'false' } }],
  ])('does not report %s', async (_, condition) => {
    expect(await lintWith(rule, withCondition(condition))).toEqual([]);
  });
});
