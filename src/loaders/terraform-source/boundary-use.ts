import { attribute, type HclAttribute, type HclItem } from './scan.js';

/** `aws_iam_policy.p.arn` (or `.id`, `.name`), also of one instance (`p[0]`). */
const POLICY_REFERENCE = /\baws_iam_policy\.([\w-]+)(?:\[[^\]\n]*\])?\.(?:arn|id|name)\b/g;
/**
 * Text that ends where the value of the condition key `iam:PermissionsBoundary` starts: `"iam:PermissionsBoundary" = `
 * in a `jsonencode` object, `"iam:PermissionsBoundary": ` in JSON, or a condition block's
 * `variable = "iam:PermissionsBoundary"` followed by its `values = [` (other values may come first).
 */
const BOUNDARY_KEY_VALUE = /(?:"iam:PermissionsBoundary"\s*[=:]\s*(?:\[(?:"[^"\n]*"|[^\]\n}=:"])*)?|variable\s*=\s*"iam:PermissionsBoundary"\s*\n\s*values\s*=\s*\[[^\]]*)$/i;

/** Attributes that attach managed policies by ARN to a principal. */
const ATTACHING_ATTRIBUTES = new Set(['policy_arn', 'policy_arns', 'managed_policy_arns']);

/**
 * The `aws_iam_policy` resources of a file used only as permissions boundaries: named by a
 * `permissions_boundary` (a role's or user's, an SSO permission set's boundary attachment, a
 * module argument with "boundary" in its name) and attached nowhere (`policy_arn`, `policy_arns`,
 * `managed_policy_arns`, an SSO customer managed policy attachment, any other module argument).
 * A policy an `iam:PermissionsBoundary` condition requires (delegated administration: roles may be
 * created only with it) is a boundary too. A boundary grants nothing: it is linted as a boundary, as
 * the account snapshot's are. Other references (an output) are neither.
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
  // Where the file names boundaries: any other reference to a policy (a for_each map, a local, a
  // count list feeding an attachment) may attach it, so it stays an identity policy.
  const boundarySpans: { start: number; end: number }[] = [];
  for (const item of items) {
    if (item.kind !== 'block') continue;
    const type = item.type === 'module' ? 'module' : item.type === 'resource' ? item.labels[0]?.value : undefined;
    if (type === 'module') {
      for (const a of item.items) {
        if (a.kind !== 'attribute') continue;
        const isBoundary = /boundary/i.test(a.name);
        note(isBoundary ? boundary : attached, slice(text, a), false);
        if (isBoundary) boundarySpans.push(a.expr);
      }
      continue;
    }
    if (!type) continue;
    const sso = type === 'aws_ssoadmin_permissions_boundary_attachment' || type === 'aws_ssoadmin_customer_managed_policy_attachment';
    for (const a of item.items) {
      if (a.kind === 'attribute' && a.name === 'permissions_boundary') {
        note(boundary, slice(text, a), false);
        boundarySpans.push(a.expr);
      } else if (a.kind === 'attribute' && ATTACHING_ATTRIBUTES.has(a.name)) note(attached, slice(text, a), false);
      else if (a.kind === 'block' && sso) {
        const ssoBoundary = type === 'aws_ssoadmin_permissions_boundary_attachment';
        note(ssoBoundary ? boundary : attached, text.slice(a.span.start, a.span.end), true);
        if (ssoBoundary) boundarySpans.push(a.span);
      }
    }
  }
  for (const m of text.matchAll(POLICY_REFERENCE)) {
    const at = m.index ?? 0;
    // The value of an `iam:PermissionsBoundary` condition (delegated administration) names the boundary, not a grant.
    const naming = BOUNDARY_KEY_VALUE.test(text.slice(Math.max(0, at - 200), at));
    if (naming) boundary.add(m[1] as string);
    else if (!boundarySpans.some((s) => at >= s.start && at < s.end)) attached.add(m[1] as string);
  }
  return new Set([...boundary].filter((name) => !attached.has(name)).map((name) => `aws_iam_policy.${name}`));
}

function slice(text: string, a: HclAttribute): string {
  return text.slice(a.expr.start, a.expr.end);
}

function literalOf(text: string, a: HclAttribute | undefined): string | undefined {
  const m = a ? /^"([^"$%\\\n]*)"$/.exec(slice(text, a).trim()) : null;
  return m?.[1];
}
