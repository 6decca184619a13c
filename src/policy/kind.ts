import type { PolicyKind } from '../types.js';
import { POLICY_KINDS } from '../types.js';
import { hasWildcard, wildcardRegExp } from '../iam/wildcard.js';
import type { PolicyDocument } from './model.js';
import { isPlaceholder } from './queries.js';

const ASSUME_ROLE = /^sts:(assumerole|assumerolewith\w+|tagsession|setsourceidentity|setcontext)$/i;

/**
 * The kind of a policy found without context (a bare file): a Principal with only
 * `sts:AssumeRole*`-family actions is a role trust policy, any other Principal a resource policy,
 * and no Principal an identity policy. RULES.md fixes this order. A document with a Principal and
 * no Resource, whose actions may include sts:AssumeRole, is a trust policy too; Deny statements
 * that name resources are not.
 */
export function guessKind(doc: Pick<PolicyDocument, 'statements'>): PolicyKind {
  const withPrincipal = doc.statements.filter((s) => s.principal || s.notPrincipal);
  if (withPrincipal.length === 0) return 'identity';
  const actions = withPrincipal.flatMap((s) => s.action?.values ?? []);
  const assumeRole = actions.some((a) => /^sts:assumerole/i.test(a.value));
  // Deny statements that name resources are a resource control policy's (AWS's RCP examples deny
  // sts:AssumeRoleWithWebIdentity on "*"), not a trust policy's, which names none.
  const rcpShaped = withPrincipal.every((s) => (s.resource || s.notResource) && s.effect?.value === 'Deny');
  if (assumeRole && !rcpShaped && actions.every((a) => ASSUME_ROLE.test(a.value) || (/^sts:assumerole/i.test(a.value) && hasWildcard(a.value)))) return 'trust';
  // A resource policy must name resources and a trust policy may not: with no Resource anywhere,
  // actions that may be sts ones (`sts:*`, `sts:AssumeRole*`, a Terraform `var.action`) make a trust policy.
  // The session actions a trust policy grants beside it (`sts:TagSession`) count too, so long as one action may be sts:AssumeRole.
  const noResource = doc.statements.every((s) => !s.resource && !s.notResource);
  const mayAssume = (a: (typeof actions)[number]) => isPlaceholder(a) || wildcardRegExp(a.value).test('sts:AssumeRole');
  if (noResource && actions.some(mayAssume) && actions.every((a) => mayAssume(a) || ASSUME_ROLE.test(a.value))) return 'trust';
  return 'resource';
}

export function isPolicyKind(value: string): value is PolicyKind {
  return (POLICY_KINDS as readonly string[]).includes(value);
}
