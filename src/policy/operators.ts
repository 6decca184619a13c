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

const CANONICAL = new Map(ALL_OPERATORS.map((o) => [o.toLowerCase(), o]));

/** Whether the grammar has this operator (case-insensitive, as the tools AWS ships accept it). */
export function isKnownOperator(operator: string): boolean {
  return CANONICAL.has(operator.toLowerCase());
}

/** The grammar's spelling of an operator written in any case (`stringequals` → `StringEquals`); undefined when unknown. */
export function canonicalOperator(operator: string): string | undefined {
  return CANONICAL.get(operator.toLowerCase());
}
