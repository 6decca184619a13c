import { BoundedMap } from '../util/bounded-map.js';
import type { ConditionKeyEntry, ConditionOperatorEntry, Statement } from './model.js';
import { canonicalOperator } from './operators.js';

/** A condition operator split into its parts: `ForAnyValue:StringNotEqualsIfExists` → qualifier, base, ifExists. */
export interface OperatorParts {
  qualifier?: 'ForAllValues' | 'ForAnyValue';
  base: string;
  ifExists: boolean;
  negated: boolean;
  /**
   * Set when the operator holds a `${...}` placeholder (`test = var.condition_test`): it is only known
   * at deploy time, and as the grammar has no free part, a placeholder anywhere in it leaves all of it
   * unknown. Then base is empty and nothing else is set: rules must not guess what it tests. It may
   * test anything, so a key under it counts as constrained, and it is never reported as wrong.
   */
  placeholder?: true;
}

const PLACEHOLDER: OperatorParts = Object.freeze({ base: '', ifExists: false, negated: false, placeholder: true });

// A policy tree uses a handful of operator spellings over and over; each is split once. Callers only read the parts.
const parsedOperators = new BoundedMap<string, OperatorParts>(1_000);

export function parseOperator(operator: string): OperatorParts {
  let parts = parsedOperators.get(operator);
  if (!parts) {
    // IAM reads operators in any case (`bool`, `stringnotequals`), so the parts come from the grammar's spelling.
    parts = operator.includes('${') ? PLACEHOLDER : parseUncached(canonicalOperator(operator) ?? operator);
    parsedOperators.set(operator, parts);
  }
  return parts;
}

function parseUncached(operator: string): OperatorParts {
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
  const out: ConditionUse[] = [];
  const operators = statement.condition?.operators;
  // Most statements have no Condition: nothing to look for.
  if (!operators || operators.length === 0) return out;
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  for (const op of operators) {
    for (const entry of op.keys) {
      if (wanted.has(entry.key.value.toLowerCase())) out.push({ operator: op.operator.value, parts: parseOperator(op.operator.value), entry });
    }
  }
  return out;
}

/**
 * Whether the statement requires one of the keys to hold given values: a positive operator (not
 * negated, `IfExists`, `ForAllValues:` or `Null`, which are true when the key is absent or differs)
 * with values, none of them `*` or empty. An operator known only at deploy time may be one.
 */
export function requiresKey(statement: Statement, keys: readonly string[]): boolean {
  return conditionsOn(statement, keys).some(
    ({ parts, entry }) => parts.placeholder === true || (isPositiveTest(parts) && entry.values.length > 0 && entry.values.every((v) => v.value !== '*' && v.value !== '')),
  );
}

/** An operator that is false when the key is absent or differs: not negated, `IfExists`, `ForAllValues:` or `Null`. */
export function isPositiveTest(parts: OperatorParts): boolean {
  return !parts.negated && !parts.ifExists && parts.qualifier !== 'ForAllValues' && parts.base !== 'Null';
}

/** An operator block of a Condition whose operator the grammar knows, in the grammar's spelling. */
export interface KnownOperator {
  op: ConditionOperatorEntry;
  /** `StringEquals` however the policy cased it. */
  operator: string;
  parts: OperatorParts;
}

/** The statement's operator blocks with a known operator; unknown ones are unknown-condition-operator's to report. */
export function knownOperators(statement: Statement): KnownOperator[] {
  const out: KnownOperator[] = [];
  for (const op of statement.condition?.operators ?? []) {
    const operator = canonicalOperator(op.operator.value);
    if (operator) out.push({ op, operator, parts: parseOperator(operator) });
  }
  return out;
}

/**
 * The principal ARNs a positive `aws:PrincipalArn` test limits the caller to, when each names
 * principals of one path (`arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*`):
 * a trust that names an account then admits only those, not anyone the account allows.
 * Undefined when there is no such test, or a value could be any principal (`*`, `arn:aws:iam::*:*`).
 */
export function pinnedPrincipalArns(statement: Statement): string[] | undefined {
  for (const { parts, entry } of conditionsOn(statement, ['aws:PrincipalArn'])) {
    if (parts.negated || parts.ifExists || parts.base === 'Null' || parts.qualifier === 'ForAllValues' || entry.values.length === 0) continue;
    const values = entry.values.map((v) => v.value);
    // `${AWS::Partition}` and `${AWS::AccountId}` (a template's placeholders) hold colons: masked before matching.
    if (values.every((v) => /^arn:[^:]+:(iam|sts)::[^:]*:(role|user|assumed-role)\/[^*?]/.test(v.replace(/\$\{[^}]*\}/g, (p) => p.replaceAll(':', '_'))))) return values;
  }
  return undefined;
}

/**
 * The IAM unique ids a positive `aws:userid` test limits the caller to: a role's `AROA...:*` (any
 * session of that role, the global condition keys page's form for roles) or a user's `AIDA...`.
 * Undefined when there is no such test.
 */
export function pinnedUserIds(statement: Statement): string[] | undefined {
  for (const { parts, entry } of conditionsOn(statement, ['aws:userid'])) {
    if (parts.negated || parts.ifExists || parts.base === 'Null' || parts.qualifier === 'ForAllValues' || entry.values.length === 0) continue;
    const values = entry.values.map((v) => v.value);
    if (values.every((v) => /^(AROA|AIDA)[A-Z0-9]{12,}(:.*)?$/.test(v))) return values;
  }
  return undefined;
}

const WILDCARD = /[*?]/;

/**
 * Whether a value of a key that pins the caller or the source (aws:PrincipalOrgID, aws:SourceArn, ...)
 * names its owner. S3 Block Public Access counts "fixed values (values that don't
 * contain a wildcard)": `o-*`, `arn:aws:iam::*:role/app` or `arn:aws:sns:*:*:*` pin no one. A
 * wildcard after the part that names the owner still pins, as AWS's own examples do: an ARN with a
 * fixed account (`arn:aws:cloudwatch:us-east-2:111122223333:alarm:*`), an organization path under a
 * fixed organization (`o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*`), a role's sessions (`AROAEXAMPLEID:*`). A `*` inside a template's `${...}`
 * is no wildcard of the policy.
 */
export function namesOwner(key: string, text: string): boolean {
  key = key.toLowerCase();
  const value = text.replace(/\$\{[^}]*\}/g, 'x');
  if (!WILDCARD.test(value)) return true;
  if (key === 'aws:principalorgpaths' || key === 'aws:sourceorgpaths') return /^o-[a-z0-9]+\//.test(value);
  // A role's unique ID and any of its sessions (`AROAEXAMPLEID:*`).
  if (key === 'aws:userid') return /^[A-Z0-9]+:/.test(value);
  if (key === 'aws:principalarn' || key === 'aws:sourcearn') {
    const parts = value.split(':');
    const account = parts[4];
    if (account !== undefined && account !== '' && !WILDCARD.test(account)) return parts.slice(0, 4).every((part) => !WILDCARD.test(part) || part === '*');
    // An S3 bucket's ARN has no account, and its name is global: `arn:aws:s3:*:*:amzn-s3-demo-bucket`
    // (AWS's event-notification examples) names one owner's bucket.
    return parts[2] === 's3' && parts.length >= 6 && !WILDCARD.test(parts.slice(5).join(':'));
  }
  return false;
}
