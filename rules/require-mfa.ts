/**
 * require-mfa: roles that IAM users or whole accounts can assume, and sensitive permissions of
 * users and groups, without multi-factor authentication.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
 */
import { defineRule } from '../src/engine/rule.js';
import type { ActionInfo } from '../src/iam/actions.js';
import { classifyAwsPrincipal } from '../src/iam/principals.js';
import { wildcardRegExp } from '../src/iam/wildcard.js';
import { conditionsOn, pinnedPrincipalArns, pinnedUserIds, requiresKey } from '../src/policy/conditions.js';
import { Selection } from '../src/policy/granted.js';
import type { IamPrincipal, Located, PolicyDocument, Statement } from '../src/policy/model.js';
import { effectOf, isAllow, isPolicyDocumentDataSource, listSome, principalLabel, principalValues, statementGrantsAction, statementLabel } from '../src/policy/queries.js';
import { ADMIN_MANAGED_POLICIES, awsManagedPolicyName } from '../src/iam/managed-policies.js';

interface Options {
  /** Action patterns that need MFA; by default Permissions management actions and IAM writes. */
  sensitiveActions?: string[];
}

const MFA_BLOCK = '"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}';

export default defineRule<Options>({
  meta: {
    id: 'require-mfa',
    severity: 'warning',
    description: 'Roles assumable by users or accounts, and sensitive user or group permissions, without MFA',
    kinds: ['trust', 'identity'],
    options: { sensitiveActions: 'string[]' },
    messages: {
      trustWithoutMfa: 'Statement {{statement}} lets {{principals}} assume the role without MFA',
      sensitiveWithoutMfa: 'Statement {{statement}} grants {{actions}} to {{principals}} without requiring MFA',
      managedWithoutMfa: '{{principal}} has {{policy}} attached with no policy that requires MFA',
      addCondition: 'Add {{block}} to the statement{{alternative}}',
      addToCondition: 'Add to its Condition: {"Bool": {"aws:MultiFactorAuthPresent": "true"}}{{alternative}}',
      addToBool: 'Add "aws:MultiFactorAuthPresent": "true" to its "Bool"{{alternative}}',
      setTrue: 'Set its "aws:MultiFactorAuthPresent" to "true"{{alternative}}',
      dropIfExists: 'Use "Bool" instead of "{{operator}}": a request without MFA information (long-term access keys) passes an IfExists test{{alternative}}',
      addDenyPolicy: 'Attach a policy that denies sensitive actions unless MFA is present: "Effect": "Deny", "NotAction": ["iam:ChangePassword", "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "sts:GetSessionToken"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}',
    },
  },
  defaultOptions: {},
  create(context) {
    const custom = context.options.sensitiveActions?.map(wildcardRegExp);
    const isSensitive = (a: ActionInfo) =>
      custom
        ? custom.some((re) => re.test(a.id))
        : !MFA_SETUP.has(a.id) && (a.accessLevel === 'Permissions management' || (a.service === 'iam' && a.accessLevel === 'Write'));
    const sensitive = new Selection(isSensitive);

    function checkTrust(statement: Statement, policy: PolicyDocument): void {
      if (!isAllow(statement) || requiresMfa(statement)) return;
      // A third party's trust: its own users' MFA is beyond this account's reach.
      if (requiresKey(statement, ['sts:ExternalId'])) return;
      // Only roles may assume it (IAM Identity Center's AWSReservedSSO_ roles, say): their sessions carry no MFA flag.
      if (pinnedPrincipalArns(statement)?.every((arn) => /:(role|assumed-role)\//.test(arn))) return;
      if (pinnedUserIds(statement)?.every((id) => id.startsWith('AROA'))) return;
      if (!statementGrantsAction(statement, 'sts:AssumeRole')) return;
      const humans = principalValues(statement.principal, 'AWS').filter((v) => {
        const kind = classifyAwsPrincipal(v.value);
        return kind === 'account' || kind === 'user';
      });
      const first = humans[0];
      if (!first) return;
      // Written-out account roots: perhaps a vendor's (the template's own account is written as a variable).
      const otherAccounts = humans.every((h) => !h.intrinsic && !h.value.includes('${') && classifyAwsPrincipal(h.value) === 'account');
      context.report({
        messageId: 'trustWithoutMfa',
        data: { statement: statementLabel(statement), principals: listSome(humans.map((h) => `"${h.value}"`), 3) },
        at: first,
        suggestion: mfaAdvice(statement, policy, otherAccounts),
      });
    }

    function checkIdentity(policy: PolicyDocument): void {
      const humans = policy.attachment.principals.filter((p) => signsInToIam(p) && !enforcesMfa(p));
      if (humans.length === 0) return;
      for (const statement of policy.statements) {
        if (!isAllow(statement) || requiresMfa(statement)) continue;
        // By entry, in order; a NotAction statement's are what it leaves in, at the NotAction key.
        const byEntry = new Map<Located, ActionInfo[]>();
        for (const { action, entry } of sensitive.grants(statement)) {
          const list = byEntry.get(entry);
          if (list) list.push(action);
          else byEntry.set(entry, [action]);
        }
        const hits = [...byEntry].map(([at, actions]) => ({ at, actions }));
        const first = hits[0];
        if (!first) continue;
        const ids = [...new Set(hits.flatMap((h) => h.actions.map((a) => a.id)))];
        context.report({
          messageId: 'sensitiveWithoutMfa',
          data: { statement: statementLabel(statement), actions: listSome(ids, 4), principals: listSome(humans.map(principalLabel), 3) },
          at: first.at,
          suggestion: mfaAdvice(statement, policy),
        });
      }
    }

    return {
      policy(policy) {
        if (policy.kind === 'trust') for (const s of policy.statements) checkTrust(s, policy);
        else checkIdentity(policy);
      },
      principal(principal) {
        if (!signsInToIam(principal) || enforcesMfa(principal)) return;
        for (const arn of principal.managedPolicyArns) {
          const name = awsManagedPolicyName(arn.value);
          if (name === undefined || !ADMIN_MANAGED_POLICIES.has(name)) continue;
          context.report({
            messageId: 'managedWithoutMfa',
            data: { principal: capitalize(principalLabel(principal)), policy: name },
            at: arn,
            suggestion: { messageId: 'addDenyPolicy' },
          });
        }
      },
    };
  },
});

/**
 * A user, or a group of users, who sign in to IAM with a password or access keys. A role's MFA is
 * asked for in its trust policy, and IAM Identity Center asks for it at its own sign-in: the
 * sessions of a permission set's role carry no aws:MultiFactorAuthPresent to test.
 */
function signsInToIam(principal: IamPrincipal): boolean {
  return principal.type === 'user' || principal.type === 'group';
}

/** `Bool aws:MultiFactorAuthPresent "true"` (not IfExists: that passes when the key is absent) or an `aws:MultiFactorAuthAge` bound. */
function requiresMfa(statement: Statement): boolean {
  // An operator given by a placeholder (Terraform's `test = var.x`) may be Bool: it is not reported.
  const present = conditionsOn(statement, ['aws:MultiFactorAuthPresent']).some(
    ({ parts, entry }) => parts.placeholder || (parts.base === 'Bool' && !parts.ifExists && entry.values.length > 0 && entry.values.every((v) => v.value.toLowerCase() === 'true')),
  );
  const age = conditionsOn(statement, ['aws:MultiFactorAuthAge']).some(({ parts }) => parts.placeholder || (parts.base.startsWith('NumericLessThan') && !parts.ifExists));
  return present || age;
}

/** The "force MFA" pattern: a Deny with `BoolIfExists aws:MultiFactorAuthPresent "false"` attached to the principal or its groups. */
function enforcesMfa(principal: IamPrincipal): boolean {
  const scope = [principal, ...principal.memberOf];
  return scope.some((p) =>
    p.policies.some((policy) =>
      policy.statements.some(
        (s) =>
          effectOf(s) === 'Deny' &&
          conditionsOn(s, ['aws:MultiFactorAuthPresent']).some(
            ({ parts, entry }) => parts.base === 'Bool' && parts.ifExists && entry.values.some((v) => v.value.toLowerCase() === 'false'),
          ),
      ),
    ),
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Where the MFA test goes: a second "Condition" or "Bool" in one object would replace the first. A
 * policy document data source takes condition blocks, which never collide.
 */
/**
 * `alternative` follows the advice: for a trust of other accounts only, the third party's way
 * (cross-account-trust's), since a vendor's users' MFA is beyond this account's reach.
 */
function mfaAdvice(
  statement: Statement,
  policy: PolicyDocument,
  otherAccounts = false,
): { messageId: 'addCondition' | 'addToCondition' | 'addToBool' | 'setTrue' | 'dropIfExists'; data: { block?: string; alternative: string; operator?: string } } {
  const alternative = otherAccounts ? THIRD_PARTY : '';
  const operators = statement.condition?.operators;
  if (!operators || isPolicyDocumentDataSource(policy)) return { messageId: 'addCondition', data: { block: MFA_BLOCK, alternative } };
  const bools = conditionsOn(statement, ['aws:MultiFactorAuthPresent']).filter(({ parts }) => parts.base === 'Bool');
  // "true" already, under BoolIfExists: the operator is what lets a request without MFA through.
  const ifExists = bools.find(({ parts, entry }) => parts.ifExists && entry.values.every((v) => v.value.toLowerCase() === 'true'));
  if (ifExists) return { messageId: 'dropIfExists', data: { operator: ifExists.operator, alternative } };
  if (bools.length > 0) return { messageId: 'setTrue', data: { alternative } };
  return { messageId: operators.some((o) => o.operator.value === 'Bool') ? 'addToBool' : 'addToCondition', data: { alternative } };
}

/**
 * What a user does to set up MFA, before having it: the IAM guide's "manage their own MFA device"
 * policy allows these without MFA (its Deny's NotAction), so they are not sensitive by default.
 */
const MFA_SETUP = new Set(['iam:ChangePassword', 'iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ResyncMFADevice']);

const THIRD_PARTY = '; if the account is a third party\'s, whose users\' MFA this account cannot require, add an sts:ExternalId condition instead';
