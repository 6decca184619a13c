import type { ConditionKeyEntry, Statement } from './model.js';

/** A condition operator split into its parts: `ForAnyValue:StringNotEqualsIfExists` → qualifier, base, ifExists. */
export interface OperatorParts {
  qualifier?: 'ForAllValues' | 'ForAnyValue';
  base: string;
  ifExists: boolean;
  negated: boolean;
}

export function parseOperator(operator: string): OperatorParts {
  let rest = operator;
  let qualifier: OperatorParts['qualifier'];
  const colon = rest.indexOf(':');
  if (colon > 0) {
    const q = rest.slice(0, colon);
    if (q === 'ForAllValues' || q === 'ForAnyValue') qualifier = q;
    rest = rest.slice(colon + 1);
  }
  const ifExists = rest.endsWith('IfExists');
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  const negated = /^(StringNot|ArnNot|NotIpAddress|NumericNotEquals|DateNotEquals|BinaryNotEquals)/.test(base);
  return { ...(qualifier && { qualifier }), base, ifExists, negated };
}

export interface ConditionUse {
  operator: string;
  parts: OperatorParts;
  entry: ConditionKeyEntry;
}

/** Every (operator, key) pair of the statement's Condition whose key is one of `keys` (case-insensitive). */
export function conditionsOn(statement: Statement, keys: readonly string[]): ConditionUse[] {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  const out: ConditionUse[] = [];
  for (const op of statement.condition?.operators ?? []) {
    for (const entry of op.keys) {
      if (wanted.has(entry.key.value.toLowerCase())) out.push({ operator: op.operator.value, parts: parseOperator(op.operator.value), entry });
    }
  }
  return out;
}
