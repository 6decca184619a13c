import type { IamPrincipal, Located, PolicyDocument, PrincipalType } from '../../policy/model.js';
import { ADMIN_MANAGED_POLICIES } from '../../iam/managed-policies.js';
import type { Span } from '../../source/node.js';
import { callArguments, intrinsicPattern, type ExpressionParser } from './expr.js';
import { attribute, skipTrivia, type HclAttribute, type HclBlock } from './scan.js';
import { ATTACHMENT_RESOURCES, PRINCIPAL_ATTRIBUTE_REFERENCE } from './resource-types.js';

const PRINCIPAL_REFERENCE = new RegExp(`^(?:"\\$\\{\\s*)?${PRINCIPAL_ATTRIBUTE_REFERENCE}(?:\\s*\\}")?$`);
const POLICY_ARN_REFERENCE = /^(?:"\$\{\s*)?aws_iam_policy\.([\w-]+)\.(?:arn|id)(?:\s*\}")?$/;
// With an index for a counted data block (`data.aws_iam_policy.admin[0].arn`): each instance looks up the same policy.
const POLICY_LOOKUP_REFERENCE = /^(?:"\$\{\s*)?data\.aws_iam_policy\.([\w-]+)(?:\[\d+\])?\.(?:arn|id)(?:\s*\}")?$/;

/** What linking reads of a Terraform file's loader: its text, and the principals and managed policies it declares. */
export interface LinkContext {
  readonly text: string;
  readonly parser: ExpressionParser;
  readonly principals: ReadonlyMap<string, IamPrincipal>;
  readonly principalsByName: ReadonlyMap<string, IamPrincipal>;
  readonly managed: ReadonlyMap<string, PolicyDocument[]>;
  /** The ARN each `data "aws_iam_policy"` of the file looks up, when it names one (see policyLookup). */
  readonly policyLookups: ReadonlyMap<string, string>;
  /**
   * A principal for a literal name the file does not declare (`user = "alice"`), one per type and
   * name: the resource type alone says what it is, whoever manages it.
   */
  readonly undeclaredPrincipal: (type: PrincipalType, name: string, span: Span) => IamPrincipal;
  /** The expression a `local.x` names in a `locals` block of the file. */
  readonly localDefinition: (span: Span) => Span | undefined;
}

// The *_policy_attachments_exclusive resources list every managed policy of one principal, by its name.
const EXCLUSIVE: Record<string, [string, PrincipalType]> = {
  aws_iam_role_policy_attachments_exclusive: ['role_name', 'role'],
  aws_iam_user_policy_attachments_exclusive: ['user_name', 'user'],
  aws_iam_group_policy_attachments_exclusive: ['group_name', 'group'],
};

/** Attachments of managed policies, `managed_policy_arns` and group membership. */
export function link(ctx: LinkContext, address: string, block: HclBlock): void {
  const type = block.labels[0]?.value ?? '';
  const owner = EXCLUSIVE[type];
  if (owner) {
    const principal = principalOf(ctx, attribute(block, owner[0]), owner[1], true);
    const arns = attribute(block, 'policy_arns');
    if (principal && arns) for (const span of itemSpans(ctx, arns)) attachManaged(ctx, principal, span);
    return;
  }
  const attachTo = ATTACHMENT_RESOURCES[type];
  if (attachTo) {
    const arn = attribute(block, attachTo.arn);
    if (!arn) return;
    const arnSpans = eachValueSpans(ctx, block, arn.expr) ?? [arn.expr];
    for (const [name, principalType, list] of attachTo.to) {
      const attr = attribute(block, name);
      if (!attr) continue;
      for (const span of list ? itemSpans(ctx, attr) : [attr.expr]) {
        const principal = principalAt(ctx, span, principalType) ?? undeclared(ctx, span, principalType);
        if (principal) for (const arnSpan of arnSpans) attachManaged(ctx, principal, arnSpan);
      }
    }
    return;
  }
  const principal = ctx.principals.get(address);
  if (principal?.type === 'role') {
    const arns = attribute(block, 'managed_policy_arns');
    if (arns) for (const span of itemSpans(ctx, arns)) attachManaged(ctx, principal, span);
  }
  if (type === 'aws_iam_user_group_membership') {
    const user = principalOf(ctx, attribute(block, 'user'), 'user');
    const groups = attribute(block, 'groups');
    if (user && groups) for (const span of itemSpans(ctx, groups)) addMember(user, principalAt(ctx, span, 'group'));
  }
  if (type === 'aws_iam_group_membership') {
    const group = principalOf(ctx, attribute(block, 'group'), 'group');
    const users = attribute(block, 'users');
    if (group && users) for (const span of itemSpans(ctx, users)) addMember(principalAt(ctx, span, 'user'), group);
  }
}

/**
 * `aws_iam_role.r.name` or the literal name of a role declared in this file; with `orUndeclared`, a
 * literal name the file does not declare stands for a principal of its own.
 */
export function principalOf(ctx: LinkContext, attr: HclAttribute | undefined, type: PrincipalType, orUndeclared = false): IamPrincipal | undefined {
  if (!attr) return undefined;
  return principalAt(ctx, attr.expr, type) ?? (orUndeclared ? undeclared(ctx, attr.expr, type) : undefined);
}

function principalAt(ctx: LinkContext, span: Span, type: PrincipalType): IamPrincipal | undefined {
  const ref = PRINCIPAL_REFERENCE.exec(ctx.text.slice(span.start, span.end));
  if (ref) {
    const p = ctx.principals.get(`${ref[1]}.${ref[2]}`);
    return p?.type === type ? p : undefined;
  }
  const node = ctx.parser.parse(span.start, span.end);
  return node.type === 'string' ? ctx.principalsByName.get(`${type}:${node.value as string}`) : undefined;
}

/** The principal a literal name stands for when the file does not declare it; undefined for an expression. */
function undeclared(ctx: LinkContext, span: Span, type: PrincipalType): IamPrincipal | undefined {
  const node = ctx.parser.parse(span.start, span.end);
  return node.type === 'string' && node.value !== '' ? ctx.undeclaredPrincipal(type, node.value as string, { start: node.start, end: node.end }) : undefined;
}

function addMember(user: IamPrincipal | undefined, group: IamPrincipal | undefined): void {
  if (user && group && !user.memberOf.includes(group)) user.memberOf.push(group);
}

/** A policy of this file by `aws_iam_policy.p.arn`, else an ARN the principal gets as managed. */
function attachManaged(ctx: LinkContext, principal: IamPrincipal, item: Item): void {
  // A `local.x` holding the ARN is read where the locals block writes it, and reported where the resource names it.
  const local = ctx.localDefinition(item);
  const span = local ?? item;
  const ref = POLICY_ARN_REFERENCE.exec(ctx.text.slice(span.start, span.end));
  const docs = ref ? ctx.managed.get(`aws_iam_policy.${ref[1]}`) : undefined;
  if (docs) {
    for (const doc of docs) if (!doc.attachment.principals.includes(principal)) doc.attachment.principals.push(principal);
    return;
  }
  const node = ctx.parser.parse(span.start, span.end);
  const lookup = POLICY_LOOKUP_REFERENCE.exec(ctx.text.slice(span.start, span.end));
  const looked = lookup ? ctx.policyLookups.get(lookup[1] as string) : undefined;
  const value = looked ?? (node.type === 'string' ? (node.value as string) : node.type === 'intrinsic' ? intrinsicPattern(node) : undefined);
  if (value === undefined) return;
  const at = item.at ?? (local ? ctx.parser.parse(item.start, item.end) : node);
  const arn: Located = { value, span: { start: at.start, end: at.end }, path: [principal.name] };
  if (node.type === 'intrinsic') arn.intrinsic = node.name;
  if (at !== node) arn.writtenElsewhere = true;
  principal.managedPolicyArns.push(arn);
}

/**
 * A value in an attachment: the span of its text, and, when that is written elsewhere (in a
 * `locals` block), where the resource names it (`local.arns`), which findings point at.
 */
interface Item extends Span {
  at?: Span;
}

/**
 * `policy_arn = each.value` in a resource whose `for_each` is written out (`toset([...])`, a list, or
 * a map's values), in the resource or in a local: the values it takes, one attachment each.
 * Undefined for any other expression.
 */
function eachValueSpans(ctx: LinkContext, block: HclBlock, expr: Span): Item[] | undefined {
  const text = ctx.text.slice(expr.start, expr.end).trim();
  if (text !== 'each.value' && text !== 'each.key') return undefined;
  const forEach = attribute(block, 'for_each');
  if (!forEach) return undefined;
  const local = ctx.localDefinition(forEach.expr);
  const node = ctx.parser.parse((local ?? forEach.expr).start, (local ?? forEach.expr).end);
  // A map's keys are names, not the ARNs: only its values are read.
  if (node.type === 'object') return text === 'each.value' ? node.entries.map((e) => ({ start: e.value.start, end: e.value.end, ...(local && { at: forEach.expr }) })) : undefined;
  const items = listItemSpans(ctx, forEach.expr.start, forEach.expr.end);
  return items.length > 0 ? items : undefined;
}

function itemSpans(ctx: LinkContext, attr: HclAttribute): Item[] {
  return listItemSpans(ctx, attr.expr.start, attr.expr.end);
}

/**
 * The items of a list literal, also through toset(), tolist() and concat() of list literals, and
 * through the locals that write them, whose items are reported at the `local.x` naming them.
 */
function listItemSpans(ctx: LinkContext, start: number, end: number, depth = 0, at?: Span): Item[] {
  const local = depth < 8 ? ctx.localDefinition({ start, end }) : undefined;
  if (local) return listItemSpans(ctx, local.start, local.end, depth + 1, at ?? ctx.parser.parse(start, end));
  const node = ctx.parser.parse(start, end);
  if (node.type === 'array') return node.items.map((i) => ({ start: i.start, end: i.end, ...(at && { at }) }));
  const call = callArguments(ctx.text, skipTrivia(ctx.text, start, true), end);
  if (!call || !['toset', 'tolist', 'concat'].includes(call.name)) return [];
  return call.args.flatMap((a) => listItemSpans(ctx, a.start, a.end, depth + 1, at));
}

/**
 * The ARN a `data "aws_iam_policy"` block looks up: its literal `arn`, or, for a literal `name` of an
 * administrator-level AWS managed policy (`name = "AdministratorAccess"`), that policy's ARN. The
 * lookup by name finds a customer managed policy of that name too, but a project naming its own
 * policy after AWS's is rare next to the idiom of attaching AWS's by name.
 */
export function policyLookup(ctx: Pick<LinkContext, 'parser'>, block: HclBlock): string | undefined {
  const literal = (name: string) => {
    const attr = attribute(block, name);
    const node = attr && ctx.parser.parse(attr.expr.start, attr.expr.end);
    return node?.type === 'string' ? (node.value as string) : undefined;
  };
  const arn = literal('arn');
  if (arn !== undefined) return arn;
  const name = literal('name');
  return name !== undefined && ADMIN_MANAGED_POLICIES.has(name) && attribute(block, 'path_prefix') === undefined ? `arn:aws:iam::aws:policy/${name}` : undefined;
}
