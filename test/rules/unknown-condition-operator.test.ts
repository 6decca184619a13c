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

  it('offers only the nearest operators: ForAllValues: is further from ForAnyValues: and tests something else', async () => {
    const findings = await lintWith(rule, withCondition({ 'ForAnyValues:StringLike': { 'aws:PrincipalTag/team': 'finance' } }));
    expect(findings.map((f) => f.suggestion)).toEqual(['Did you mean "ForAnyValue:StringLike"?']);
  });

  it('accepts every operator of the grammar, in any case', async () => {
    const condition = Object.fromEntries(ALL_OPERATORS.map((op) => [op, { 'aws:PrincipalTag/team': 'x' }]));
    expect(ALL_OPERATORS).toHaveLength(27 * 2 * 3);
    expect(await lintWith(rule, withCondition(condition))).toEqual([]);
    expect(await lintWith(rule, withCondition({ stringequals: { 'aws:PrincipalTag/team': 'x' } }))).toEqual([]);
  });
});

describe('unknown-condition-operator and operators known only at deploy time', () => {
  const tf = (test: string) => `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
    condition {
      test     = ${test}
      variable = "aws:PrincipalTag/team"
      values   = ["a"]
    }
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
`;

  it.each(['var.condition_test', 'condition.value.test', 'each.value.condition.test', '"ForAnyValue:${var.operator}"'])('does not report test = %s', async (test) => {
    expect(await lintWith(rule, tf(test), { filename: 'main.tf' })).toEqual([]);
  });

  it('does not report an operator that is a placeholder in a JSON policy', async () => {
    expect(await lintWith(rule, withCondition({ '${ConditionOperator}': { 'aws:PrincipalTag/team': 'finance' } }))).toEqual([]);
  });

  it('still reports a written-out unknown operator in Terraform, at the test value', async () => {
    const text = tf('"StringEqual"');
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    const at = positionOf(text, '"StringEqual"');
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([['unknown-condition-operator', at.line, at.column, 'Unknown condition operator "StringEqual"']]);
  });
});
