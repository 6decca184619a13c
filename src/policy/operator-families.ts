/**
 * Which condition operators fit which key types: the operator families, the IAM data's key types
 * read as families, and the operator of another family that makes the same comparison. Shared by
 * the rules that suggest an operator, so that their suggestions agree.
 */
import { holdsOneValue, lookupConditionKey } from '../iam/condition-keys.js';
import type { OperatorParts } from './conditions.js';

export type Family = 'String' | 'Arn' | 'Numeric' | 'Date' | 'Bool' | 'Ip' | 'Binary' | 'Null';

/** The key types of the IAM data, `ArrayOfX` read as X, and the family whose operators fit each. */
const FAMILY_OF_TYPE: Record<string, Family> = { String: 'String', ARN: 'Arn', Numeric: 'Numeric', Date: 'Date', Bool: 'Bool', IPAddress: 'Ip', Binary: 'Binary' };

// Keyed by the IAM data's type names, a dozen at most.
const typeFamilies = new Map<string, Family | undefined>();
export function familyOfType(type: string): Family | undefined {
  if (!typeFamilies.has(type)) typeFamilies.set(type, FAMILY_OF_TYPE[type.replace(/^ArrayOf/, '')]);
  return typeFamilies.get(type);
}

export const TYPE_NAME: Record<Family, string> = { String: 'a String', Arn: 'an ARN', Numeric: 'a Numeric', Date: 'a Date', Bool: 'a Bool', Ip: 'an IP address', Binary: 'a Binary', Null: 'a Null' };

// Documented as both Date and Numeric (seconds since the epoch), though the IAM data says Date only:
// aws:EpochTime, and kms:ValidTo, a "Timestamp ... in Unix time" that the KMS Developer Guide's only
// example tests with NumericLessThanEquals (policy-conditions.html#conditions-kms-valid-to).
const NUMERIC_DATES = new Set(['aws:epochtime', 'kms:validto']);

// Typed String in the IAM data but documented as a boolean, tested with BoolIfExists in the
// EventBridge User Guide's own example (eb-use-conditions.html): true for a forwarded event.
const BOOLEAN_STRINGS = new Set(['events:eventbusinvocation']);

export function familyOf(base: string): Family {
  if (base.startsWith('String')) return 'String';
  if (base.startsWith('Arn')) return 'Arn';
  if (base.startsWith('Numeric')) return 'Numeric';
  if (base.startsWith('Date')) return 'Date';
  if (base === 'IpAddress' || base === 'NotIpAddress') return 'Ip';
  if (base.startsWith('Binary')) return 'Binary';
  return base === 'Bool' ? 'Bool' : 'Null';
}

/** The comparison an operator makes, so the suggestion keeps it: `DateLessThan` → `NumericLessThan`. */
function comparisonOf(base: string): string {
  const m = /(LessThanEquals|LessThan|GreaterThanEquals|GreaterThan|Like)$/.exec(base);
  return m?.[1] ?? 'Equals';
}

/** The operator of `family` that makes the same comparison, negation, IfExists and qualifier kept where the family has them. */
export function operatorFor(family: Family, parts: OperatorParts): string {
  const cmp = comparisonOf(parts.base);
  const not = parts.negated ? 'Not' : '';
  let base: string;
  switch (family) {
    case 'Bool': base = 'Bool'; break;
    case 'Ip': base = parts.negated ? 'NotIpAddress' : 'IpAddress'; break;
    case 'Binary': base = 'BinaryEquals'; break;
    case 'Arn': base = `Arn${not}${cmp === 'Like' ? 'Like' : 'Equals'}`; break;
    // ArnEquals takes wildcards like ArnLike, so both become StringLike.
    case 'String': base = `String${not}${cmp === 'Like' || parts.base.startsWith('Arn') ? 'Like' : 'Equals'}`; break;
    default: base = `${family}${not}${cmp === 'Like' ? 'Equals' : cmp}`;
  }
  return spellOperator({ ...parts, base });
}

/** Whether an operator of `family` may test a key of `keyFamily`. */
export function fits(family: Family, keyFamily: Family, parts: OperatorParts, key: string): boolean {
  if (family === keyFamily) return true;
  // AWS accepts the String operators on ARN keys (its docs use StringEquals on aws:SourceArn), but
  // not the Like ones, which Access Analyzer reports: `*` there also crosses ARN parts.
  if (family === 'String' && keyFamily === 'Arn') return !/Like$/.test(parts.base);
  // String keys often hold ARNs (kms:EncryptionContext:aws:s3:arn, tags naming a resource), for
  // which AWS's own policies use ArnLike; Access Analyzer accepts that too.
  if (family === 'Arn' && keyFamily === 'String') return true;
  if (family === 'Bool' && keyFamily === 'String') return BOOLEAN_STRINGS.has(key.toLowerCase());
  return family === 'Numeric' && keyFamily === 'Date' && NUMERIC_DATES.has(key.toLowerCase());
}

/**
 * The operator to write for `key` instead of the one `parts` describe, or undefined when it fits:
 * the key type's family, and no ForAllValues:/ForAnyValue: on a key that holds one value.
 */
export function fittingOperator(parts: OperatorParts, key: string): string | undefined {
  const family = familyOf(parts.base);
  const keyFamily = familyOfType(lookupConditionKey(key)?.type ?? '');
  const plain = withoutSetQualifier(parts, key);
  if (keyFamily && family !== 'Null' && !fits(family, keyFamily, parts, key)) return operatorFor(keyFamily, plain);
  // The same operator without its qualifier, spelled as written (`StringEqualsIgnoreCase` keeps IgnoreCase).
  return plain === parts ? undefined : spellOperator(plain);
}

/** The operator the parts describe, as written: `ForAnyValue:StringEqualsIgnoreCaseIfExists`. */
export function spellOperator(parts: Pick<OperatorParts, 'qualifier' | 'base' | 'ifExists'>): string {
  return `${parts.qualifier ? `${parts.qualifier}:` : ''}${parts.base}${parts.ifExists ? 'IfExists' : ''}`;
}

/**
 * The parts of the operator to write for a key that holds one value, keeping what the statement does
 * with a request that lacks the key (forallvalues-single-valued-key): a Deny whose ForAllValues: covered
 * such requests keeps doing so with IfExists. Both condition rules suggest from it, so they agree.
 */
export function singleValueParts(parts: OperatorParts, key: string, effect: 'Allow' | 'Deny' | undefined): OperatorParts {
  const plain = withoutSetQualifier(parts, key);
  if (plain === parts) return parts;
  return effect === 'Deny' && parts.qualifier === 'ForAllValues' && !parts.negated && !parts.ifExists ? { ...plain, ifExists: true } : plain;
}

/** The same operator without its set qualifier when the key holds one value (forallvalues-single-valued-key). */
function withoutSetQualifier(parts: OperatorParts, key: string): OperatorParts {
  return parts.qualifier && holdsOneValue(key) ? { ...parts, qualifier: undefined } : parts;
}
