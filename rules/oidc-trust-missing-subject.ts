/**
 * oidc-trust-missing-subject: a role that an OIDC identity assumes (sts:AssumeRoleWithWebIdentity)
 * must say which identity. For CI providers and EKS the audience is the same for every customer, so
 * only `sub` tells your repository or service account from anyone else's.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub
 */
import { defineRule } from '../src/engine/rule.js';
import { conditionsOn, type ConditionUse } from '../src/policy/conditions.js';
import type { Located, PolicyDocument, Statement } from '../src/policy/model.js';
import { isAllow, isPlaceholderText, statementGrantsAction, statementLabel } from '../src/policy/queries.js';
import type { Severity } from '../src/types.js';

type Breadth = 'all' | 'wide' | 'narrow';

interface Provider {
  name: string;
  /** The provider's claims need `sub`; otherwise `aud` (or, for `other`, either one). */
  needs: 'sub' | 'aud' | 'either';
  /** Example `sub` and `aud` values for the suggestion. */
  sub: string;
  aud: string;
  /** How wide a `sub` pattern is: every subject, a whole organisation or namespace, or narrower. */
  breadth(value: string): Breadth;
  /** The organisation-wide pattern's organisation, for a narrower suggestion. */
  scope?(value: string): string | undefined;
  /**
   * The provider's own claims that STS checks in a trust policy beside `sub` (since January 2026; the
   * IAM data lists them under sts): those naming one repository or project pin the subject, those
   * naming its owner pin a whole organisation.
   */
  claims?: { narrow: string[]; wide: string[] };
  /** The audience is the customer's own (Bitbucket's is the workspace): an `aud` alone pins a whole workspace. */
  ownAudience?: string;
}

const startsWild = (v: string) => /^[*?]/.test(v);
const hasWild = (v: string) => /[*?]/.test(v);

/** `<prefix><owner><sep><rest>`: the owner wildcarded matches everyone, the rest wildcarded the owner's whole estate. */
function scoped(prefix: string, sep: string) {
  const re = new RegExp(`^${prefix}([^${sep}]*)(?:${sep}(.*))?$`, 'i');
  return {
    breadth(value: string): Breadth {
      const m = re.exec(value);
      if (!m) return startsWild(value) ? 'all' : 'narrow';
      const [, owner = '', rest] = m;
      if (owner === '' || hasWild(owner)) return 'all';
      return rest === undefined || startsWild(rest) || /^project:[*?]/i.test(rest) ? 'wide' : 'narrow';
    },
    scope: (value: string) => re.exec(value)?.[1],
  };
}

const GITHUB: Provider = {
  name: 'GitHub Actions',
  needs: 'sub',
  sub: 'repo:ORG/REPO:ref:refs/heads/main',
  aud: 'sts.amazonaws.com',
  ...scoped('repo:', '/'),
  // Only claims the IAM data lists (STS sets no other). job_workflow_ref names a reusable workflow,
  // which any repository may call: it pins no caller.
  claims: { narrow: ['repository', 'repository_id'], wide: ['repository_owner_id'] },
};

function providerFor(host: string): Provider {
  const h = host.toLowerCase();
  if (h === 'token.actions.githubusercontent.com' || h.startsWith('token.actions.githubusercontent.com/')) return GITHUB;
  if (/^oidc\.eks\.[^/]+\.amazonaws\.com(\.cn)?\//.test(h) || /^oidc\.eks\./.test(h))
    return { name: 'EKS', needs: 'sub', sub: 'system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT', aud: 'sts.amazonaws.com', ...scoped('system:serviceaccount:', ':') };
  if (h === 'gitlab.com' || /(^|\.)gitlab\./.test(h))
    return {
      name: 'GitLab',
      needs: 'sub',
      sub: 'project_path:GROUP/PROJECT:ref_type:branch:ref:main',
      aud: `https://${host}`,
      ...scoped('project_path:', '/'),
      claims: { narrow: ['project_id'], wide: ['namespace_id'] },
    };
  if (h === 'app.terraform.io')
    return { name: 'Terraform Cloud', needs: 'sub', sub: 'organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:apply', aud: 'aws.workload.identity', ...scoped('organization:', ':') };
  if (h.startsWith('api.bitbucket.org/'))
    return { name: 'Bitbucket Pipelines', needs: 'sub', sub: '{REPOSITORY_UUID}:*', aud: 'ari:cloud:bitbucket::workspace/WORKSPACE_UUID', breadth: (v) => (startsWild(v) ? 'all' : 'narrow'), ownAudience: 'the workspace' };
  if (h === 'cognito-identity.amazonaws.com')
    return { name: 'Cognito identity pool', needs: 'aud', sub: 'REGION:IDENTITY_ID', aud: 'REGION:IDENTITY_POOL_ID', breadth: everyOrNarrow };
  if (h === 'accounts.google.com')
    return { name: 'Google', needs: 'either', sub: 'GOOGLE_ACCOUNT_ID', aud: 'CLIENT_ID.apps.googleusercontent.com', breadth: everyOrNarrow };
  return { name: host, needs: 'either', sub: 'SUBJECT', aud: 'CLIENT_ID', breadth: everyOrNarrow };
}

function everyOrNarrow(value: string): Breadth {
  return /^[*?]+$/.test(value) ? 'all' : 'narrow';
}

// Keys that play the part of aud and sub for the providers that name them differently (Login with Amazon, Facebook).
const AUD_CLAIMS = ['aud', 'oaud', 'azp', 'app_id'];
const SUB_CLAIMS = ['sub', 'id', 'user_id'];

const ORDER: Record<Breadth, number> = { narrow: 0, wide: 1, all: 2 };

/**
 * How much a set of conditions on one claim still lets through: several operators on the claim all
 * apply (the narrowest wins), several values of one operator are alternatives (the widest wins).
 * Negated operators and Null do not constrain. ForAllValues: does: it is true when the claim is
 * absent, but a web identity token always carries its sub and aud. A value from a parameter or
 * intrinsic is taken to name a real subject, and so is an operator from one.
 */
function breadthOf(uses: ConditionUse[], provider: Provider): Breadth {
  let best: Breadth = 'all';
  for (const { parts, entry } of uses) {
    // `test = var.condition_test`: the claim is tested, how is known only at deploy time.
    if (parts.placeholder) return 'narrow';
    if (parts.negated || parts.base === 'Null' || !parts.base.startsWith('String')) continue;
    if (entry.values.length === 0) continue;
    const like = parts.base === 'StringLike';
    let widest: Breadth = 'narrow';
    for (const v of entry.values) {
      if (v.intrinsic || v.value.includes('${')) continue;
      const b = like ? provider.breadth(v.value) : 'narrow';
      if (ORDER[b] > ORDER[widest]) widest = b;
    }
    if (ORDER[widest] < ORDER[best]) best = widest;
  }
  return best;
}

const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

export default defineRule({
  meta: {
    id: 'oidc-trust-missing-subject',
    severity: 'error',
    description: 'A web-identity (OIDC) trust that does not pin the token\'s subject or audience',
    kinds: ['trust'],
    messages: {
      missingSub: 'Statement {{statement}} lets any {{provider}} identity assume the role: no condition on "{{key}}"',
      allSub: 'Statement {{statement}} lets any {{provider}} identity assume the role: "{{key}}" matches "{{value}}", which every subject fits',
      wideSub: 'Statement {{statement}} lets every {{provider}} identity of "{{scope}}" assume the role ("{{key}}" matches "{{value}}")',
      missingAud: 'Statement {{statement}} lets identities from any {{provider}} assume the role: no condition on "{{key}}"',
      missingEither: 'Statement {{statement}} lets any identity from {{provider}} assume the role: neither "aud" nor "sub" is constrained',
      addBlock: 'Add "Condition": {{block}}',
      addToBlock: 'Add to its Condition: {{block}}',
      replaceBlock: 'Replace its condition on "{{key}}" that matches "{{value}}" with {{block}}',
      narrowBlock: 'Name the subjects, e.g. "Condition": {{block}}',
    },
  },
  create(context) {
    function check(statement: Statement, policy: PolicyDocument): void {
      if (!isAllow(statement)) return;
      if (!statementGrantsAction(statement, WEB_IDENTITY)) return;
      // A condition key that is wholly an expression (Terraform's `(local.sub_key) = ...`) may be the
      // subject or the audience: what it constrains is unknown, so nothing is reported.
      if ((statement.condition?.operators ?? []).some((op) => op.keys.some((k) => isPlaceholderText(k.key.value)))) return;
      // Conditions filled in at deploy time (the CDK's CfnJson for EKS service accounts): unknown too.
      if (statement.condition?.opaque) return;
      for (const entry of statement.principal?.entries ?? []) {
        if (entry.type.value !== 'Federated') continue;
        for (const value of entry.values) checkProvider(statement, value, policy);
      }
    }

    function checkProvider(statement: Statement, principal: Located, policy: PolicyDocument): void {
      // A wildcard is no provider (invalid-principal reports it), and has no claims to name.
      if (principal.value.includes('*')) return;
      // Variables in condition keys are filled in where the whole document is text: a Fn::Sub string,
      // or Terraform. A template's object keys stay as written.
      const keysFilled = policy.dialect !== 'cloudformation' || policy.inString === 'Fn::Sub';
      const host = providerHost(statement, principal, keysFilled);
      if (host === null) return;
      const provider = host === undefined ? undefined : providerFor(host);
      const claimKeys = (claims: string[]) => (host === undefined ? anyPrefixKeys(statement, claims) : claims.map((c) => `${host}:${c}`));
      const subUses = conditionsOn(statement, claimKeys(SUB_CLAIMS));
      const audUses = conditionsOn(statement, claimKeys(AUD_CLAIMS));
      const p = provider ?? providerFor('the identity provider');
      const prefix = host ?? 'PROVIDER';
      const label = statementLabel(statement);
      const report = (messageId: 'missingSub' | 'allSub' | 'wideSub' | 'missingAud' | 'missingEither', data: Record<string, string>, block: string, severity?: Severity) =>
        context.report({
          messageId,
          data: { statement: label, provider: p.name, ...data },
          at: principal,
          // A statement with a Condition already takes the block into it: a second "Condition" key would be lost.
          suggestion:
            messageId === 'wideSub'
              ? { messageId: 'narrowBlock', data: { block } }
              : messageId === 'allSub'
                ? { messageId: 'replaceBlock', data: { block, key: data.key as string, value: data.value as string } }
                : { messageId: statement.condition ? 'addToBlock' : 'addBlock', data: { block } },
          ...(severity && { severity }),
        });
      const audMissing = breadthOf(audUses, p) === 'all';
      const subKey = `${prefix}:sub`;
      const audKey = `${prefix}:aud`;
      // StringEquals takes `*` literally: a subject with a wildcard (Bitbucket's `{REPOSITORY_UUID}:*`) needs StringLike.
      const blockWith = (sub: string, withAud: boolean) =>
        sub.includes('*')
          ? `{${withAud ? `"StringEquals": {"${audKey}": "${p.aud}"}, ` : ''}"StringLike": {"${subKey}": "${sub}"}}`
          : `{"StringEquals": {${withAud ? `"${audKey}": "${p.aud}", ` : ''}"${subKey}": "${sub}"}}`;

      if (p.needs === 'sub') {
        const breadth = breadthOf(subUses, p);
        if (breadth === 'narrow') return;
        // A repository or project claim pins the subject as `sub` does; an owner claim, a whole organisation.
        const claim = p.claims && host !== undefined ? claimPin(statement, host, p.claims) : undefined;
        if (claim?.breadth === 'narrow') return;
        if (claim && breadth === 'all') {
          report('wideSub', { key: claim.key, value: claim.value, scope: claim.value }, blockWith(p.sub, audMissing), 'info');
          return;
        }
        // Bitbucket's audience is the workspace: an `aud` alone admits every pipeline of it, not anyone's.
        const aud = audUses.find((u) => !u.parts.negated && u.parts.base.startsWith('String') && u.entry.values.some((v) => !startsWild(v.value)));
        if (p.ownAudience && subUses.length === 0 && aud) {
          report('wideSub', { key: aud.entry.key.value, value: aud.entry.values[0]!.value, scope: p.ownAudience }, blockWith(p.sub, false), 'info');
          return;
        }
        if (subUses.length === 0 || breadth === 'all' && !subUses.some((u) => u.parts.base === 'StringLike')) {
          report('missingSub', { key: subKey }, blockWith(p.sub, audMissing));
          return;
        }
        const value = widestValue(subUses, p, breadth);
        if (breadth === 'all') {
          report('allSub', { key: subUses[0]!.entry.key.value, value }, blockWith(p.sub, audMissing));
          return;
        }
        const scope = p.scope?.(value) ?? value;
        report('wideSub', { key: subUses[0]!.entry.key.value, value, scope }, blockWith(narrowed(p.sub, scope), audMissing), 'info');
        return;
      }
      if (p.needs === 'aud') {
        if (!audMissing) return;
        report('missingAud', { key: audKey }, `{"StringEquals": {"${audKey}": "${p.aud}"}}`);
        return;
      }
      if (audMissing && breadthOf(subUses, p) === 'all') report('missingEither', {}, blockWith(p.sub, true));
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) check(statement, policy);
      },
    };
  },
});

/**
 * The provider's URL as condition keys name it: `token.actions.githubusercontent.com`,
 * `oidc.eks.eu-west-1.amazonaws.com/id/ABC`. Undefined when an intrinsic hides it (the claims are then
 * found by their suffix), null for SAML providers, which are not this rule's.
 */
function providerHost(statement: Statement, principal: Located, keysFilled: boolean): string | undefined | null {
  const v = principal.value;
  if (/:saml-provider\//i.test(v)) return null;
  const m = /:oidc-provider\/(.+)$/i.exec(v);
  const host = m ? m[1]! : v;
  if (!host.includes('${')) return host;
  // `!Ref GitHubProvider`: read the provider from the claims the statement tests, if any.
  const claimed = (statement.condition?.operators ?? []).flatMap((op) => op.keys).map((k) => /^(.+):(aud|sub)$/i.exec(k.key.value)?.[1]);
  const literal = claimed.find((c): c is string => c !== undefined && !c.includes('${'));
  if (literal !== undefined) return literal;
  // EKS written with the template's variables (`oidc.eks.${AWS::Region}.amazonaws.com/id/${OidcId}`, the
  // usual IRSA trust in a !Sub): the provider is known, and claim keys written the same way name it.
  // Claim keys written with other variables may be the same provider: then nothing can be told.
  const eks = /^oidc\.eks\.[^/]+\/id\/[^/]+$/i.test(host);
  return eks && keysFilled && claimed.every((c) => c === undefined || !c.includes('${') || c === host) ? host : undefined;
}

function anyPrefixKeys(statement: Statement, claims: string[]): string[] {
  const keys = (statement.condition?.operators ?? []).flatMap((op) => op.keys.map((k) => k.key.value));
  return keys.filter((k) => claims.some((c) => k.toLowerCase().endsWith(`:${c}`)));
}

function widestValue(uses: ConditionUse[], provider: Provider, breadth: Breadth): string {
  for (const { parts, entry } of uses) {
    if (parts.base !== 'StringLike' || parts.negated) continue;
    const hit = entry.values.find((v) => !v.value.includes('${') && provider.breadth(v.value) === breadth);
    if (hit) return hit.value;
  }
  return '*';
}

/**
 * The narrowest pin a provider's repository, project or owner claims give (`repository_id`,
 * `gitlab.com:project_id`), from a positive String test with a value other than a bare wildcard; a
 * wildcard in a repository value (`acme/*`) pins only the owner.
 */
function claimPin(statement: Statement, host: string, claims: { narrow: string[]; wide: string[] }): { breadth: Breadth; key: string; value: string } | undefined {
  let best: { breadth: Breadth; key: string; value: string } | undefined;
  const uses = conditionsOn(statement, [...claims.narrow, ...claims.wide].map((c) => `${host}:${c}`));
  for (const { parts, entry } of uses) {
    if (parts.negated || parts.base === 'Null' || !parts.base.startsWith('String')) continue;
    const values = entry.values.filter((v) => !v.value.includes('${'));
    if (values.length === 0 || values.some((v) => startsWild(v.value))) continue;
    const claim = entry.key.value.slice(entry.key.value.lastIndexOf(':') + 1).toLowerCase();
    const breadth: Breadth = claims.narrow.includes(claim) && !values.some((v) => hasWild(v.value)) ? 'narrow' : 'wide';
    if (!best || ORDER[breadth] < ORDER[best.breadth]) best = { breadth, key: entry.key.value, value: values[0]!.value };
  }
  return best;
}

/** The example subject with the organisation, group or namespace the policy already names. */
function narrowed(example: string, scope: string): string {
  return example.replace(/ORG|GROUP|NAMESPACE/, scope);
}
