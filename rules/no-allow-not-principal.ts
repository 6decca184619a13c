/**
 * no-allow-not-principal: an Allow with NotPrincipal grants every principal except the listed
 * ones, anonymous callers and every other account included.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
import { defineRule, type MessageData } from '../src/engine/rule.js';
import { classifyAwsPrincipal } from '../src/iam/principals.js';
import type { PrincipalBlock, Statement } from '../src/policy/model.js';
import { isAllow, isUnsetHalf, listSome, principalValues, statementLabel } from '../src/policy/queries.js';

export default defineRule({
  meta: {
    id: 'no-allow-not-principal',
    severity: 'error',
    description: 'Allow statements with NotPrincipal, which grant every principal not listed, anonymous users included',
    // A role trust policy cannot hold NotPrincipal at all: invalid-policy-structure reports it there.
    kinds: ['resource'],
    messages: {
      grants: 'Statement {{statement}} allows every principal except {{excluded}}, including anonymous users and every other AWS account',
      nameAccount: 'Name who needs access in Principal instead, e.g. "Principal": {"AWS": "{{account}}"} (the account of {{first}}), and keep {{excluded}} out with a separate Deny statement if needed',
      namePrincipals: 'Name who needs access in Principal instead, e.g. "Principal": {"AWS": "arn:aws:iam::111122223333:role/app-role"}, rather than excluding {{excluded}}',
      nameForServices: 'Name who needs access in Principal instead, e.g. "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, and keep {{excluded}} out with a separate Deny whose Condition is {"StringEquals": {"aws:PrincipalServiceName": [{{services}}]}}',
    },
  },
  create(context) {
    function check(statement: Statement): void {
      const block = statement.notPrincipal;
      if (!block || !isAllow(statement)) return;
      if (isUnsetHalf(statement.principal, block)) return;
      const values = describe(block);
      const excluded = listSome(values.map((v) => `"${v}"`), 3);
      const awsValues = principalValues(block, 'AWS').map((v) => v.value);
      // The account of an excluded role or user, which the exclusion narrows; not an excluded account itself,
      // which the advice would then grant.
      const withAccount = awsValues.map((v) => ({ v, account: accountRoot(v) })).find((x) => x.account && classifyAwsPrincipal(x.v) !== 'account');
      const services = principalValues(block, 'Service').map((v) => `"${v.value}"`);
      // Excluding a service says nothing about which role needs access: name none rather than invent one.
      const suggestion: { messageId: 'nameAccount' | 'namePrincipals' | 'nameForServices'; data: MessageData } = withAccount
        ? { messageId: 'nameAccount' as const, data: { account: withAccount.account as string, first: `"${withAccount.v}"`, excluded } }
        : services.length > 0 && services.length === values.length
          ? { messageId: 'nameForServices' as const, data: { excluded, services: services.join(', ') } }
          : { messageId: 'namePrincipals' as const, data: { excluded } };
      context.report({ messageId: 'grants', data: { statement: statementLabel(statement), excluded }, at: block.key, suggestion });
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) check(statement);
      },
    };
  },
});

function describe(block: PrincipalBlock): string[] {
  if (block.wildcard) return ['*'];
  return block.entries.flatMap((e) => e.values.map((v) => v.value));
}

/** `arn:aws:iam::111122223333:root` for an account id or an IAM/STS ARN of that account. */
function accountRoot(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return `arn:aws:iam::${value}:root`;
  // Partition and account may be template placeholders, whose text holds colons.
  const m = /^arn:([\w-]+|\$\{[^}]*\}):(?:iam|sts)::(\d{12}|\$\{[^}]*\}):/.exec(value);
  return m ? `arn:${m[1]}:iam::${m[2]}:root` : undefined;
}
