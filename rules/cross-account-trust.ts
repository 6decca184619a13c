/**
 * cross-account-trust: a role that another account's root (that is, any principal that account's
 * administrators allow) can assume, with no sts:ExternalId and no organization condition.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_aws-accounts.html
 */
import { defineRule } from '../src/engine/rule.js';
import { classifyAwsPrincipal } from '../src/iam/principals.js';
import { pinnedPrincipalArns, pinnedUserIds, requiresKey } from '../src/policy/conditions.js';
import type { Statement } from '../src/policy/model.js';
import { isAllow, statementGrantsAction, statementLabel } from '../src/policy/queries.js';

interface Options {
  /** Accounts the trust may name; any other account is reported as a warning. */
  knownAccounts?: string[];
}

// aws:PrincipalOrgPaths pins the caller to the organization as aws:PrincipalOrgID does.
const SCOPING_KEYS = ['sts:ExternalId', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths'];

export default defineRule<Options>({
  meta: {
    id: 'cross-account-trust',
    severity: 'info',
    description: 'A trust policy that lets another account\'s root assume the role without sts:ExternalId or aws:PrincipalOrgID',
    kinds: ['trust'],
    options: { knownAccounts: 'string[]' },
    messages: {
      crossAccount: 'Statement {{statement}} lets account {{account}} ({{known}}) assume the role, with no sts:ExternalId or aws:PrincipalOrgID condition',
      nameRole: 'Name the role that may assume it ("arn:aws:iam::{{account}}:role/ROLE_NAME"); for a third party add "Condition": {"StringEquals": {"sts:ExternalId": "EXTERNAL_ID"}}, for your organization "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}}',
    },
  },
  defaultOptions: {},
  create(context) {
    const known = context.options.knownAccounts ? new Set(context.options.knownAccounts) : undefined;

    function check(statement: Statement, own: string | undefined): void {
      if (!isAllow(statement) || isScoped(statement)) return;
      if (!statementGrantsAction(statement, 'sts:AssumeRole')) return;
      for (const entry of statement.principal?.entries ?? []) {
        if (entry.type.value !== 'AWS') continue;
        for (const value of entry.values) {
          if (classifyAwsPrincipal(value.value) !== 'account') continue;
          // The template's own account is not "another" account; other intrinsics hide which account it is.
          const account = /^(?:arn:.+:iam::)?(\d{12})(?::root)?$/.exec(value.value)?.[1];
          // An account snapshot knows the role's own account from its ARN.
          if (!account || account === own) continue;
          const listed = known?.has(account);
          context.report({
            messageId: 'crossAccount',
            data: { statement: statementLabel(statement), account, known: known ? (listed ? 'listed in knownAccounts' : 'not in knownAccounts') : 'any principal that account allows' },
            at: value,
            suggestion: { messageId: 'nameRole', data: { account } },
            ...(known && !listed && { severity: 'warning' as const }),
          });
        }
      }
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) check(statement, policy.attachment.account);
      },
    };
  },
});

function isScoped(statement: Statement): boolean {
  // aws:PrincipalArn naming roles or users does what the suggestion asks: only they may assume it.
  if (pinnedPrincipalArns(statement) || pinnedUserIds(statement)) return true;
  return requiresKey(statement, SCOPING_KEYS);
}
