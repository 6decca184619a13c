import { policyPattern, matchesEverything } from '../iam/arn-pattern.js';
import type { ConditionKeyEntry, Located, PolicyDocument, Statement } from './model.js';
import { effectOf } from './model.js';

export { effectOf };

/** How a message names a statement: its Sid, else its 1-based place. */
export function statementLabel(statement: Statement): string {
  return statement.sid?.value ? `"${statement.sid.value}"` : `#${statement.index + 1}`;
}

export function isAllow(statement: Statement): boolean {
  return effectOf(statement) === 'Allow';
}

export function hasCondition(statement: Statement): boolean {
  return (statement.condition?.operators.length ?? 0) > 0;
}

/** A resource value that names every resource: `*`, `arn:*`, `arn:aws:*:*:*:*`. */
export function isEveryResource(value: Located): boolean {
  if (value.intrinsic) return false;
  const v = value.value;
  return v === '*' || matchesEverything(policyPattern(v)) || /^arn:(\*|aws[\w-]*):\*(:\*)*$/.test(v);
}

/** The statement's resources are effectively everything: `Resource: "*"` or `NotResource`. */
export function grantsEveryResource(statement: Statement): boolean {
  if (statement.notResource) return true;
  return statement.resource?.values.some(isEveryResource) ?? false;
}

/** Every condition key in the statement with its operator, for pattern checks. */
export function conditionEntries(statement: Statement): { operator: string; entry: ConditionKeyEntry }[] {
  return (statement.condition?.operators ?? []).flatMap((op) => op.keys.map((entry) => ({ operator: op.operator.value, entry })));
}

export function allStatements(policy: PolicyDocument): Statement[] {
  return policy.statements;
}

/** A short, readable list: `a, b, c and 4 more`. */
export function listSome(items: readonly string[], max = 6): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
