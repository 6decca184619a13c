import { describe, expect, it } from 'vitest';
import rule from '../../rules/unknown-condition-operator.js';
import { ALL_OPERATORS } from '../../src/policy/operators.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const withCondition = (Condition: unknown) => policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*', Condition }]);

describe('unknown-condition-operator', () => {
  it.each([
    { operator: 'StringEqual', suggestion: 'Did you mean "StringEquals"' },
    { operator: 'ForAnyValues:StringLike', suggestion: 'Did you mean "ForAnyValue:StringLike"' },
    { operator: 'NumericLessThen', suggestion: 'Did you mean "NumericLessThan"' },
    { operator: 'StringEqualsIfExist', suggestion: 'Did you mean "StringEqualsIfExists"' },
    { operator: 'Equals', suggestion: 'Use an operator of the IAM grammar' },
  ])('reports "$operator" at the operator', async ({ operator, suggestion }) => {
    const text = withCondition({ [operator]: { 'aws:PrincipalTag/team': 'finance' } });
    const findings = await lintWith(rule, text);
    const at = positionOf(text, `"${operator}"`);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'unknown-condition-operator',
      severity: 'error',
      line: at.line,
      column: at.column,
      endColumn: at.column + operator.length + 2,
      path: ['Statement', 0, 'Condition', operator],
      message: `Unknown condition operator "${operator}"`,
    });
    expect(findings[0]?.suggestion).toContain(suggestion);
  });

  it('accepts every operator of the grammar, in any case', async () => {
    const condition = Object.fromEntries(ALL_OPERATORS.map((op) => [op, { 'aws:PrincipalTag/team': 'x' }]));
    expect(ALL_OPERATORS).toHaveLength(27 * 2 * 3);
    expect(await lintWith(rule, withCondition(condition))).toEqual([]);
    expect(await lintWith(rule, withCondition({ stringequals: { 'aws:PrincipalTag/team': 'x' } }))).toEqual([]);
  });
});
