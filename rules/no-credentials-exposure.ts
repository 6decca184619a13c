/**
 * no-credentials-exposure: actions that hand out credentials (role sessions, access keys, database
 * passwords, sign-in URLs), granted on every resource without a Condition.
 * https://github.com/salesforce/cloudsplaining/blob/master/docs/glossary/credentials-exposure.md
 */
import { defineRule } from '../src/engine/rule.js';
import { statementLabel } from '../src/policy/queries.js';
import { CREDENTIAL_ACTIONS } from '../src/security/credential-actions.js';
import { formatAdvice, hitsSummary, resourceLabel, unconstrainedGrants, unconstrainedSelection } from '../src/security/unconstrained.js';

const CREDENTIALS = unconstrainedSelection({ ids: CREDENTIAL_ACTIONS.map((e) => e.action) });

export default defineRule({
  meta: {
    id: 'no-credentials-exposure',
    severity: 'warning',
    description: 'Actions that return credentials, allowed on every resource without a Condition',
    kinds: ['identity', 'boundary'],
    speaksOfGrants: true,
    messages: {
      exposed: 'Statement {{statement}} allows {{actions}} on {{resources}} without a Condition: these return credentials',
      scope: 'Name the resources whose credentials are needed: {{formats}}',
    },
  },
  create(context) {
    return {
      policy(policy) {
        for (const statement of policy.statements) {
          const hits = unconstrainedGrants(statement, CREDENTIALS, policy);
          if (hits.length === 0) continue;
          context.report({
            messageId: 'exposed',
            data: { statement: statementLabel(statement), actions: hitsSummary(hits), resources: resourceLabel(hits) },
            at: hits[0]!.entry,
            suggestion: { messageId: 'scope', data: { formats: formatAdvice(hits.map((h) => h.action)) } },
          });
        }
      },
    };
  },
});
