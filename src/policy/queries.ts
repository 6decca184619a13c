import { policyPattern, matchesEverything } from '../iam/arn-pattern.js';
import { wildcardRegExp } from '../iam/wildcard.js';
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

/**
 * Whether the statement's Action or NotAction surely covers `action` (e.g. `sts:AssumeRole`), by
 * IAM's case-insensitive `*`/`?` matching. Effect, Resource and Condition are not looked at.
 * - Action: some entry matches. An entry holding `${...}` is matched as its text, as the trust rules
 *   always did: the placeholder is literal, so such an entry never names the action (an intrinsic
 *   that resolved to plain text, `!Join` of literals, is matched as that text).
 * - NotAction: no entry matches. An intrinsic or `${...}` entry may stand for the action, so the
 *   statement does not surely grant it: false, the quiet choice for rules that report grants.
 *   An empty NotAction list is invalid and is not a grant either.
 * - Neither element: false.
 */
export function statementGrantsAction(statement: Statement, action: string): boolean {
  if (statement.action) return statement.action.values.some((e) => wildcardRegExp(e.value).test(action));
  if (statement.notAction) {
    // An empty NotAction is invalid (IAM rejects it; empty-element reports it): not a grant.
    const entries = statement.notAction.values;
    return entries.length > 0 && entries.every((e) => !e.intrinsic && !e.value.includes('${') && !wildcardRegExp(e.value).test(action));
  }
  return false;
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
