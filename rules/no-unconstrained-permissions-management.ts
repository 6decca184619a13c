/**
 * no-unconstrained-permissions-management: actions the IAM data files under "Permissions
 * management" (they change who may do what) granted on every resource without a Condition.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html
 */
import { defineRule } from '../src/engine/rule.js';
import { statementLabel } from '../src/policy/queries.js';
import { formatAdvice, hitsSummary, resourceLabel, unconstrainedGrants, unconstrainedSelection } from '../src/security/unconstrained.js';

const PERMISSIONS_MANAGEMENT = unconstrainedSelection((a) => a.accessLevel === 'Permissions management');

export default defineRule({
  meta: {
    id: 'no-unconstrained-permissions-management',
    severity: 'warning',
    description: 'Permissions management actions allowed on every resource without a Condition',
    kinds: ['identity', 'boundary'],
    speaksOfGrants: true,
    messages: {
      unconstrained: 'Statement {{statement}} allows {{count}} on {{resources}} without a Condition: {{actions}}',
      scope: 'Scope them by name ({{formats}}), or keep them in a policy of an admin-only role',
    },
  },
  create(context) {
    return {
      policy(policy) {
        for (const statement of policy.statements) {
          const hits = unconstrainedGrants(statement, PERMISSIONS_MANAGEMENT, policy);
          if (hits.length === 0) continue;
          context.report({
            messageId: 'unconstrained',
            data: { statement: statementLabel(statement), count: `${hits.length} Permissions management action${hits.length === 1 ? '' : 's'}`, actions: hitsSummary(hits), resources: resourceLabel(hits) },
            at: hits[0]!.entry,
            suggestion: { messageId: 'scope', data: { formats: formatAdvice(hits.map((h) => h.action), 3) } },
          });
        }
      },
    };
  },
});
