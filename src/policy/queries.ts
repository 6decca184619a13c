import { policyPattern, matchesEverything } from '../iam/arn-pattern.js';
import { wildcardRegExp } from '../iam/wildcard.js';
import { BoundedMap } from '../util/bounded-map.js';
import type { IamPrincipal, Located, PrincipalBlock, PrincipalType, Statement, ValueList } from './model.js';
import { effectOf } from './model.js';
import { groupDigits } from '../util/numbers.js';

export { effectOf };

/** How a message names a statement: its Sid, else (no Sid, or one known only at deploy time) its 1-based place. */
export function statementLabel(statement: Statement): string {
  const sid = statement.sid;
  return sid?.value && !isPlaceholder(sid) ? `"${sid.value}"` : `#${statement.index + 1}`;
}

/**
 * Whether the text is nothing but `${...}` placeholders (`${var.actions}`, `${Param}`,
 * `${lookup(statement.value, "sid", null)}`): a value of which nothing is known before deploy time,
 * not even its shape. Braces and quotes inside a placeholder are followed, so `${merge(a, {b = "}"})}` is one.
 */
export function isPlaceholderText(text: string): boolean {
  if (!text.startsWith('${')) return false;
  let i = 0;
  while (i < text.length) {
    if (!text.startsWith('${', i)) return false;
    let depth = 1;
    let quote = false;
    i += 2;
    for (; i < text.length && depth > 0; i++) {
      const c = text[i];
      if (quote) {
        if (c === '\\') i++;
        else if (c === '"') quote = false;
      } else if (c === '"') quote = true;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
    }
    if (depth > 0) return false;
  }
  return true;
}

/**
 * A value from a Terraform expression or a CloudFormation intrinsic that is wholly unknown:
 * `var.x`, `!Ref Param`. A value with a known shape (`arn:aws:s3:::${Bucket}/*`, a GetAtt ARN, a
 * `!Join` of literals) is not one, even though it came from an intrinsic.
 */
export function isPlaceholder(value: Located): boolean {
  return isPlaceholderText(value.value);
}

/**
 * Whether an element (Action, NotResource, Principal, ...) is opaque: every value is a placeholder,
 * so it may as well be absent at deploy time (a Terraform attribute set to null, a dynamic block that
 * makes no block). Terraform's generic-statement modules write `actions` beside `not_actions` this
 * way, meaning one or the other. A principal wildcard or an element with no values is not opaque.
 */
export function isOpaque(element: ValueList | PrincipalBlock | undefined): boolean {
  if (!element) return false;
  if ('values' in element) return element.values.length > 0 && element.values.every(isPlaceholder);
  if (element.wildcard) return false;
  const values = element.entries.flatMap((e) => e.values);
  return values.length > 0 && values.every(isPlaceholder);
}

/**
 * A NotX that is only the other half of Terraform's generic statement (`not_actions = lookup(..., null)`
 * beside `actions`, a `dynamic "not_principals"` beside `principals`): opaque, next to its X, and
 * so taken as unset, since at most one of the two is set at deploy time.
 */
export function isUnsetHalf(plain: ValueList | PrincipalBlock | undefined, negated: ValueList | PrincipalBlock | undefined): boolean {
  return plain !== undefined && isOpaque(negated);
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
  return (statement.condition?.operators.length ?? 0) > 0 || statement.condition?.opaque === true;
}

/** A resource value that names every resource: `*`, `arn:*`, `arn:aws:*:*:*:*`. */
export function isEveryResource(value: Located): boolean {
  if (value.intrinsic) return false;
  const v = value.value;
  if (v === '*') return true;
  // A template's variable (`${docker_machine_role_arn}` in a file templatefile() fills in) is unknown, not everything.
  if (isPlaceholderText(v)) return false;
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
export function listSome(items: readonly string[], max = 6, noun?: readonly [one: string, many: string]): string {
  if (items.length <= max) return items.join(', ');
  const rest = items.length - max;
  return `${items.slice(0, max).join(', ')} and ${groupDigits(rest)} more${noun ? ` ${rest === 1 ? noun[0] : noun[1]}` : ''}`;
}

/**
 * How a message names the resource a policy is declared on: `AWS::IAM::Policy "BuildPolicy"`, or a
 * Terraform address as it is written (`aws_iam_role_policy.worker`, `module.app.aws_iam_role_policy.worker`), whose type it already names.
 */
export function holderLabel(type: string, name: string): string {
  return name.startsWith(`${type}.`) || name.includes(`.${type}.`) ? name : `${type} "${name}"`;
}

const PRINCIPAL_TYPE_LABEL: Record<PrincipalType, string> = { user: 'user', group: 'group', role: 'role', 'permission-set': 'permission set' };

/** How a message names a kind of principal: `role`, `permission set`. */
export function principalTypeLabel(type: PrincipalType): string {
  return PRINCIPAL_TYPE_LABEL[type];
}

/** How a message names an IAM user, group or role declared in IaC: `user "alice"`. */
export function principalLabel(principal: Pick<IamPrincipal, 'type' | 'name'>): string {
  return `${PRINCIPAL_TYPE_LABEL[principal.type]} "${principal.name}"`;
}

/**
 * A policy document data source (`data.aws_iam_policy_document`): it takes `condition` blocks,
 * which never collide, so advice adds a block rather than a key into an existing operator.
 */
export function isPolicyDocumentDataSource(policy: { location: string }): boolean {
  return policy.location.startsWith('data.aws_iam_policy_document.');
}

/** The values of one principal type (`AWS`, `Service`, `Federated`) of a Principal or NotPrincipal block. */
export function principalValues(block: PrincipalBlock | undefined, type: string): Located[] {
  return block?.entries.filter((e) => e.type.value === type).flatMap((e) => e.values) ?? [];
}
