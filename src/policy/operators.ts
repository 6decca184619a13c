/**
 * The condition operators of the IAM policy grammar.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
export const BASE_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
] as const;

const QUALIFIERS = ['', 'ForAllValues:', 'ForAnyValue:'];

/** Every spelling the grammar allows: each base operator with an optional set qualifier and `IfExists`. */
export const ALL_OPERATORS: readonly string[] = QUALIFIERS.flatMap((q) => BASE_OPERATORS.flatMap((op) => [`${q}${op}`, `${q}${op}IfExists`]));

const KNOWN = new Set(ALL_OPERATORS.map((o) => o.toLowerCase()));

/** Whether the grammar has this operator (case-insensitive, as the tools AWS ships accept it). */
export function isKnownOperator(operator: string): boolean {
  return KNOWN.has(operator.toLowerCase());
}
