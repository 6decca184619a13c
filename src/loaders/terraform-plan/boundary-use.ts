import { getValue, stringValue, type Node } from '../../source/node.js';
import { PLAN_LINKS } from './resource-types.js';

export interface PlanResourceLike {
  address: string;
  type: string;
  data: boolean;
  values: Node;
  modulePrefix: string;
}

interface ManagedPolicy {
  address: string;
  arn: string | undefined;
  name: string | undefined;
  path: string;
}

/** Where a resource names a permissions boundary: a role's or user's ARN, an SSO permission set's reference block. */
const BOUNDARY_ATTRIBUTES: Readonly<Record<string, string>> = {
  aws_iam_role: 'permissions_boundary',
  aws_iam_user: 'permissions_boundary',
  aws_ssoadmin_permissions_boundary_attachment: 'permissions_boundary',
};
/** Where a resource attaches managed policies: the ARN attributes of PLAN_LINKS, an SSO customer managed policy attachment. */
const ATTACHING_ATTRIBUTES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(PLAN_LINKS.flatMap((l) => (l.policyArns ? [[l.type, l.policyArns]] : []))),
  aws_ssoadmin_customer_managed_policy_attachment: 'customer_managed_policy_reference',
};

/**
 * The addresses of the `aws_iam_policy` resources of a plan or state used only as permissions
 * boundaries: named (by ARN, by name and path, or by the configuration's references) by some
 * `permissions_boundary` and attached by no `policy_arn`, `policy_arns`, `managed_policy_arns` or
 * SSO customer managed policy attachment. A boundary grants nothing: it is linted as a boundary,
 * as the account snapshot's are.
 */
export function boundaryOnlyPolicies<R extends PlanResourceLike>(resources: R[], expressionsOf: (r: R) => Node | undefined): Set<string> {
  const policies: ManagedPolicy[] = resources
    .filter((r) => !r.data && r.type === 'aws_iam_policy')
    .map((r) => ({ address: r.address, arn: stringValue(getValue(r.values, 'arn')), name: stringValue(getValue(r.values, 'name')), path: stringValue(getValue(r.values, 'path')) ?? '/' }));
  if (policies.length === 0) return new Set();
  const boundary = new Set<string>();
  const attached = new Set<string>();
  for (const r of resources) {
    if (r.data) continue;
    for (const [table, into] of [[BOUNDARY_ATTRIBUTES, boundary], [ATTACHING_ATTRIBUTES, attached]] as const) {
      const attribute = table[r.type];
      if (!attribute) continue;
      for (const address of named(policies, r, getValue(r.values, attribute), getValue(expressionsOf(r), attribute), into === attached)) into.add(address);
    }
  }
  return new Set([...boundary].filter((a) => !attached.has(a)));
}

/**
 * The policies a value names (an ARN, or a `{name, path}` reference block), or its configuration
 * references. With count or for_each a reference does not say which instance: for a boundary only an
 * unambiguous one counts, for an attachment every instance it may be (so none is taken for a boundary wrongly).
 */
function named(policies: ManagedPolicy[], r: PlanResourceLike, value: Node | undefined, expression: Node | undefined, everyInstance: boolean): string[] {
  const out: string[] = [];
  const visit = (node: Node | undefined): void => {
    if (!node) return;
    if (node.type === 'array') return node.items.forEach(visit);
    const arn = stringValue(node);
    if (arn !== undefined) {
      for (const p of policies) if (arn === p.arn || (p.name && arn.endsWith(`:policy${p.path}${p.name}`))) out.push(p.address);
      return;
    }
    const name = stringValue(getValue(node, 'name'));
    const path = stringValue(getValue(node, 'path'));
    for (const p of policies) if (name !== undefined && name === p.name && (path === undefined || path === p.path)) out.push(p.address);
    if (node.type === 'object') for (const e of node.entries) if (e.value.type === 'array' || e.value.type === 'object') visit(e.value);
  };
  visit(value);
  for (const ref of references(expression)) {
    const m = /^aws_iam_policy\.[\w-]+(?:\[[^\]]*\])?/.exec(ref);
    if (!m) continue;
    const target = r.modulePrefix + m[0];
    const found = policies.filter((p) => p.address === target || p.address.startsWith(`${target}[`));
    const exact = found.find((p) => p.address === target);
    if (exact) out.push(exact.address);
    else if (found.length === 1 || everyInstance) out.push(...found.map((p) => p.address));
  }
  return out;
}

/** Every `references` list under a configuration expression (nested blocks included). */
function references(node: Node | undefined): string[] {
  if (!node) return [];
  if (node.type === 'array') return node.items.flatMap(references);
  if (node.type !== 'object') return [];
  return node.entries.flatMap((e) => (e.key === 'references' && e.value.type === 'array' ? e.value.items.flatMap((i) => stringValue(i) ?? []) : references(e.value)));
}
