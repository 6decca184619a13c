import { policyPattern, matchesEverything } from '../iam/arn-pattern.js';
import { BoundedMap } from '../util/bounded-map.js';
import type { IamPrincipal, Located, Statement } from './model.js';
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
  if (v === '*') return true;
  // Several rules ask per statement, and managed policies repeat the same ARNs thousands of times.
  let every = everyResource.get(v);
  if (every === undefined) {
    every = matchesEverything(policyPattern(v)) || /^arn:(\*|aws[\w-]*):\*(:\*)*$/.test(v);
    everyResource.set(v, every);
  }
  return every;
}

const everyResource = new BoundedMap<string, boolean>();

/** A short, readable list: `a, b, c and 4 more`. */
export function listSome(items: readonly string[], max = 6): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** How a message names an IAM user, group or role declared in IaC: `user "alice"`. */
export function principalLabel(principal: Pick<IamPrincipal, 'type' | 'name'>): string {
  return `${principal.type} "${principal.name}"`;
}
