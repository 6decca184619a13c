/**
 * no-trust-wildcard-action: a trust policy whose Action is `*` or `sts:*` lets its principals do
 * more than assume the role (tag sessions, set source identities, use every AssumeRole variant).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-trust-policy
 */
import { defineRule } from '../src/engine/rule.js';
import { expandAction, serviceActions } from '../src/iam/actions.js';
import { hasWildcard } from '../src/iam/wildcard.js';
import type { Located, PolicyDocument, Statement } from '../src/policy/model.js';
import { isAllow, listSome, statementLabel } from '../src/policy/queries.js';

const ASSUME_VARIANTS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'];

export default defineRule({
  meta: {
    id: 'no-trust-wildcard-action',
    severity: 'error',
    description: 'Trust policies whose Action is "*" or "sts:*"',
    kinds: ['trust', 'resource'],
    messages: {
      everyAction: 'Statement {{statement}} of the trust policy allows every action ("{{action}}") to {{principals}}',
      everyStsAction: 'Statement {{statement}} of the trust policy allows every STS action ("{{action}}", {{count}} actions) to {{principals}}',
      severalVariants: 'Statement {{statement}} of the trust policy allows "{{action}}", which matches {{variants}}',
      onlyVariant: 'Replace "{{action}}" with {{variants}}, the AssumeRole action that fits {{principals}}',
    },
  },
  create(context) {
    function check(policy: PolicyDocument, statement: Statement): void {
      if (!isAllow(statement) || !statement.action) return;
      // A bare file whose kind was guessed: a Principal with `sts:*` can only be a role's trust policy.
      const stsOnly = statement.action.values.every((a) => /^sts:/i.test(a.value));
      if (policy.kind === 'resource' && (policy.kindKnown || !stsOnly || !statement.principal)) return;
      const principals = principalText(statement);
      const variants = fittingVariants(statement);
      const suggestionData = { variants: variants.map((v) => `"${v}"`).join(' and '), principals };
      for (const action of statement.action.values) {
        const verdict = judge(action);
        if (!verdict) continue;
        const data = { statement: statementLabel(statement), action: action.value, principals };
        const suggestion = { messageId: 'onlyVariant' as const, data: { ...suggestionData, action: action.value } };
        if (verdict.kind === 'every') context.report({ messageId: 'everyAction', data, at: action, suggestion });
        else if (verdict.kind === 'sts') context.report({ messageId: 'everyStsAction', data: { ...data, count: verdict.count }, at: action, suggestion });
        else context.report({ messageId: 'severalVariants', data: { ...data, variants: verdict.variants }, at: action, suggestion, severity: 'info' });
      }
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) check(policy, statement);
      },
    };
  },
});

type Verdict = { kind: 'every' } | { kind: 'sts'; count: number } | { kind: 'variants'; variants: string };

function judge(action: Located): Verdict | undefined {
  const text = action.value;
  if (action.intrinsic || text.includes('${') || !hasWildcard(text)) return undefined;
  if (text === '*' || text === '*:*') return { kind: 'every' };
  const granted = new Set(expandAction(text).map((a) => a.lowerId));
  const sts = serviceActions('sts');
  if (sts.length > 0 && sts.every((a) => granted.has(a.lowerId))) return { kind: 'sts', count: sts.length };
  const matched = ASSUME_VARIANTS.filter((v) => granted.has(v.toLowerCase()));
  return matched.length > 1 ? { kind: 'variants', variants: matched.join(', ') } : undefined;
}

/** The AssumeRole variant each principal type uses: SAML providers, OIDC providers, everyone else. */
function fittingVariants(statement: Statement): string[] {
  const out = new Set<string>();
  const block = statement.principal;
  if (!block || block.wildcard) out.add('sts:AssumeRole');
  for (const entry of block?.entries ?? []) {
    if (entry.type.value !== 'Federated') {
      out.add('sts:AssumeRole');
      continue;
    }
    for (const v of entry.values) out.add(/:saml-provider\//.test(v.value) ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity');
  }
  if (out.size === 0) out.add('sts:AssumeRole');
  return [...out];
}

function principalText(statement: Statement): string {
  const block = statement.principal;
  if (!block) return 'any principal';
  if (block.wildcard) return 'every principal ("*")';
  const values = block.entries.flatMap((e) => e.values.map((v) => `"${v.value}"`));
  return values.length > 0 ? listSome(values, 3) : 'its principals';
}
