import type { HclAttribute, HclBlock, HclItem } from './scan.js';

/** `aws_iam_policy.p.arn` (or `.id`, `.name`), also of one instance (`p[0]`). */
const POLICY_REFERENCE = /\baws_iam_policy\.([\w-]+)(?:\[[^\]\n]*\])?\.(?:arn|id|name)\b/g;
/** Attributes that attach managed policies by ARN to a principal. */
const ATTACHING_ATTRIBUTES = new Set(['policy_arn', 'policy_arns', 'managed_policy_arns']);

/**
 * The `aws_iam_policy` resources of a file used only as permissions boundaries: named by a
 * `permissions_boundary` (a role's or user's, an SSO permission set's boundary attachment, a
 * module argument with "boundary" in its name) and attached nowhere (`policy_arn`, `policy_arns`,
 * `managed_policy_arns`, an SSO customer managed policy attachment, any other module argument).
 * A boundary grants nothing: it is linted as a boundary, as the account snapshot's are. Other
 * references (a condition naming the boundary, an output) are neither.
 */
export function boundaryOnlyPolicies(items: HclItem[], text: string): Set<string> {
  const names = new Map<string, string>();
  for (const item of items) {
    if (item.kind !== 'block' || item.type !== 'resource' || item.labels[0]?.value !== 'aws_iam_policy') continue;
    const name = literalOf(text, attribute(item, 'name'));
    if (name !== undefined && item.labels[1]) names.set(name, item.labels[1].value);
  }
  const boundary = new Set<string>();
  const attached = new Set<string>();
  const note = (into: Set<string>, source: string, byName: boolean) => {
    for (const m of source.matchAll(POLICY_REFERENCE)) into.add(m[1] as string);
    // A literal name, or an ARN ending in it, of a policy this file declares.
    for (const m of source.matchAll(/"(?:[^"\n]*:policy\/(?:[^"\n]*\/)?)?([\w+=,.@-]+)"/g)) {
      const address = names.get(m[1] as string);
      if (address && (byName || m[0].includes(':policy/'))) into.add(address);
    }
  };
  for (const item of items) {
    if (item.kind !== 'block') continue;
    const type = item.type === 'module' ? 'module' : item.type === 'resource' ? item.labels[0]?.value : undefined;
    if (type === 'module') {
      for (const a of item.items) if (a.kind === 'attribute') note(/boundary/i.test(a.name) ? boundary : attached, slice(text, a), false);
      continue;
    }
    if (!type) continue;
    const sso = type === 'aws_ssoadmin_permissions_boundary_attachment' || type === 'aws_ssoadmin_customer_managed_policy_attachment';
    for (const a of item.items) {
      if (a.kind === 'attribute' && a.name === 'permissions_boundary') note(boundary, slice(text, a), false);
      else if (a.kind === 'attribute' && ATTACHING_ATTRIBUTES.has(a.name)) note(attached, slice(text, a), false);
      else if (a.kind === 'block' && sso) note(type === 'aws_ssoadmin_customer_managed_policy_attachment' ? attached : boundary, text.slice(a.span.start, a.span.end), true);
    }
  }
  return new Set([...boundary].filter((name) => !attached.has(name)).map((name) => `aws_iam_policy.${name}`));
}

function attribute(block: HclBlock, name: string): HclAttribute | undefined {
  for (const item of block.items) if (item.kind === 'attribute' && item.name === name) return item;
  return undefined;
}

function slice(text: string, a: HclAttribute): string {
  return text.slice(a.expr.start, a.expr.end);
}

function literalOf(text: string, a: HclAttribute | undefined): string | undefined {
  const m = a ? /^"([^"$%\\\n]*)"$/.exec(slice(text, a).trim()) : null;
  return m?.[1];
}
