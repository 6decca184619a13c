import { describe, expect, it } from 'vitest';
import conditionEquivalentToNull from '../../rules/condition-equivalent-to-null.js';
import conditionKeyMismatch from '../../rules/condition-key-mismatch.js';
import conditionMissingSetQualifier from '../../rules/condition-missing-set-qualifier.js';
import conditionTypeMismatch from '../../rules/condition-type-mismatch.js';
import forallvaluesAllowWithoutNullGuard from '../../rules/forallvalues-allow-without-null-guard.js';
import forallvaluesSingleValuedKey from '../../rules/forallvalues-single-valued-key.js';
import unknownConditionOperator from '../../rules/unknown-condition-operator.js';
import type { AnyRule } from '../../src/engine/rule.js';
import { parseOperator } from '../../src/policy/conditions.js';
import type { Located, PrincipalBlock, Statement, ValueList } from '../../src/policy/model.js';
import { isEveryResource, isOpaque, isPlaceholder, isPlaceholderText, statementLabel } from '../../src/policy/queries.js';
import { lintWith } from '../helpers/lint.js';

const at = (value: string, intrinsic?: string): Located => ({ value, span: { start: 0, end: 0 }, path: [], ...(intrinsic && { intrinsic }) });
const node = { type: 'array', items: [], start: 0, end: 0 } as unknown as ValueList['node'];
const list = (...values: Located[]): ValueList => ({ key: at('Action'), node, path: [], values });
const principals = (entries: [string, Located[]][], wildcard?: Located): PrincipalBlock => ({
  key: at('Principal'),
  node,
  path: [],
  entries: entries.map(([type, values]) => ({ type: at(type), values })),
  ...(wildcard && { wildcard }),
});

describe('isPlaceholderText', () => {
  it.each<[string, boolean]>([
    ['${var.actions}', true],
    ['${Param}', true],
    ['${var.prefix}${var.suffix}', true],
    ['${lookup(statement.value, "sid", null)}', true],
    ['${lookup(statement.value, "sid", replace(statement.key, "/[^0-9A-Za-z]*/", ""))}', true],
    ['${merge(var.tags, { team = "a}b" })}', true],
    ['${try(coalesce(statement.value.sid, statement.key))}', true],
    ['s3:${var.action}', false],
    ['${var.prefix}Read', false],
    ['${var.a}-${var.b}', false],
    ['arn:${AWS::Partition}:s3:::${Bucket}/*', false],
    ['${unclosed', false],
    ['', false],
    ['StringEquals', false],
    ['*', false],
  ])('%j → %s', (text, expected) => {
    expect(isPlaceholderText(text)).toBe(expected);
  });

  it('reads a Located by its text: an intrinsic with a known shape or literal text is not a placeholder', () => {
    expect(isPlaceholder(at('${Excluded}', 'Ref'))).toBe(true);
    expect(isPlaceholder(at('arn:aws:s3:::${aws_s3_bucket.b}', 'Fn::GetAtt'))).toBe(false);
    expect(isPlaceholder(at('sts:AssumeRole', 'Fn::Join'))).toBe(false);
  });
});

describe('isOpaque', () => {
  it.each<[string, boolean, ValueList | PrincipalBlock | undefined]>([
    ['an absent element', false, undefined],
    ['a list of one placeholder', true, list(at('${lookup(statement.value, "actions", null)}', 'Fn::Sub'))],
    ['a list of placeholders only', true, list(at('${var.a}', 'Ref'), at('${var.b}', 'Ref'))],
    ['a list with a written-out value', false, list(at('${var.a}', 'Ref'), at('iam:*'))],
    ['a list with a value of known shape', false, list(at('arn:aws:s3:::${aws_s3_bucket.b}', 'Fn::GetAtt'))],
    ['an empty list', false, list()],
    ['principals whose values are placeholders', true, principals([['AWS', [at('${not_principals.value}', 'Ref')]], ['${principals.value.type}', [at('${principals.value.identifiers}', 'Ref')]]])],
    ['principals with a written-out value', false, principals([['AWS', [at('${var.ids}', 'Ref'), at('arn:aws:iam::111122223333:root')]]])],
    ['"Principal": "*"', false, principals([], at('*'))],
    ['principals with no values', false, principals([['AWS', []]])],
  ])('%s → %s', (_name, expected, element) => {
    expect(isOpaque(element)).toBe(expected);
  });
});

describe('statementLabel', () => {
  const statement = (index: number, sid?: Located) => ({ index, ...(sid && { sid }) }) as unknown as Statement;
  it.each<[string, string, Statement]>([
    ['a written-out Sid', '"ReadReports"', statement(0, at('ReadReports'))],
    ['no Sid', '#3', statement(2)],
    ['an empty Sid', '#2', statement(1, at(''))],
    ['a Sid from a Terraform expression', '#1', statement(0, at('${lookup(statement.value, "sid", null)}', 'Ref'))],
    ['a Sid from a CloudFormation parameter', '#4', statement(3, at('${StatementId}', 'Ref'))],
    ['a Sid with a placeholder inside', '"${var.prefix}Read"', statement(0, at('${var.prefix}Read', 'Fn::Sub'))],
  ])('%s → %s', (_name, expected, s) => {
    expect(statementLabel(s)).toBe(expected);
  });
});

describe('parseOperator and placeholders', () => {
  it.each(['${var.condition_test}', '${condition.value.test}', 'ForAnyValue:${var.op}', 'StringEquals${var.if_exists}'])('%s is a placeholder with no parts', (operator) => {
    expect(parseOperator(operator)).toEqual({ base: '', ifExists: false, negated: false, placeholder: true });
  });

  it('parses written-out operators as before', () => {
    expect(parseOperator('ForAllValues:StringNotEqualsIfExists')).toEqual({ qualifier: 'ForAllValues', base: 'StringNotEquals', ifExists: true, negated: true });
    expect(parseOperator('StringEquals').placeholder).toBeUndefined();
  });
});

/**
 * Each condition rule on a statement that it reports with a written-out operator, and the same
 * statement with the operator from a Terraform variable: the placeholder one is never reported.
 */
describe('condition rules and an operator from a Terraform variable', () => {
  const tf = (test: string, variable: string, values: string, actions = '"s3:GetObject"', effect = 'Allow') => `data "aws_iam_policy_document" "d" {
  statement {
    effect    = "${effect}"
    actions   = [${actions}]
    resources = ["arn:aws:s3:::reports/*"]
    condition {
      test     = ${test}
      variable = "${variable}"
      values   = [${values}]
    }
  }
}
`;
  it.each<[string, AnyRule, string, string, string, string?]>([
    [unknownConditionOperator.meta.id, unknownConditionOperator, '"StringEqual"', 'aws:PrincipalTag/team', '"data"'],
    [conditionTypeMismatch.meta.id, conditionTypeMismatch, '"NumericEquals"', 'aws:PrincipalTag/team', '"data"'],
    [conditionMissingSetQualifier.meta.id, conditionMissingSetQualifier, '"StringEquals"', 'aws:TagKeys', '"team"', '"s3:PutObjectTagging"'],
    [conditionEquivalentToNull.meta.id, conditionEquivalentToNull, '"StringLike"', 'aws:PrincipalTag/team', '"*"'],
    [forallvaluesSingleValuedKey.meta.id, forallvaluesSingleValuedKey, '"ForAllValues:StringEquals"', 'aws:PrincipalTag/team', '"data"'],
    [forallvaluesAllowWithoutNullGuard.meta.id, forallvaluesAllowWithoutNullGuard, '"ForAllValues:StringEquals"', 'aws:TagKeys', '"team"', '"s3:PutObjectTagging"'],
    [conditionKeyMismatch.meta.id, conditionKeyMismatch, '"StringLike"', 's3:prefix', '"home/*"'],
  ])('%s', async (id, rule, written, variable, values, actions) => {
    const reported = await lintWith(rule, tf(written, variable, values, actions), { filename: 'main.tf' });
    expect(reported.map((f) => f.ruleId)).toEqual([id]);
    expect(await lintWith(rule, tf('var.condition_test', variable, values, actions), { filename: 'main.tf' })).toEqual([]);
    expect(await lintWith(rule, tf('each.value.condition.test', variable, values, actions), { filename: 'main.tf' })).toEqual([]);
  });
});

describe('isEveryResource', () => {
  it.each<[string, boolean]>([
    ['*', true],
    ['arn:aws:*:*:*:*', true],
    // A template's variable in a bare file (templatefile() fills it in): unknown, not every resource.
    ['${docker_machine_role_arn}', false],
    ['arn:aws:iam::123456789012:role/${name}', false],
  ])('%s: %s', (text, every) => {
    expect(isEveryResource(at(text))).toBe(every);
  });
});
