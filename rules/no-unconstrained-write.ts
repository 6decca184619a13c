/**
 * no-unconstrained-write: Write actions that accept resource ARNs, granted on every resource
 * without a Condition. Off by default: most real policies have some.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 */
import { defineRule } from '../src/engine/rule.js';
import { statementLabel } from '../src/policy/queries.js';
import { formatAdvice, hitsSummary, resourceLabel, unconstrainedGrants, unconstrainedSelection } from '../src/security/unconstrained.js';

// One selection for the run: it filters each distinct Action entry's actions once.
const WRITE = unconstrainedSelection((a) => a.accessLevel === 'Write');

export default defineRule({
  meta: {
    id: 'no-unconstrained-write',
    severity: 'info',
    offByDefault: true,
    description: 'Write actions allowed on every resource without a Condition',
    kinds: ['identity', 'boundary'],
    speaksOfGrants: true,
    messages: {
      unconstrained: 'Statement {{statement}} allows {{count}} on {{resources}} without a Condition: {{actions}}',
      scope: 'Scope them by name: {{formats}}',
    },
  },
  create(context) {
    return {
      policy(policy) {
        for (const statement of policy.statements) {
          const hits = unconstrainedGrants(statement, WRITE, policy);
          if (hits.length === 0) continue;
          context.report({
            messageId: 'unconstrained',
            data: { statement: statementLabel(statement), count: `${hits.length} Write action${hits.length === 1 ? '' : 's'}`, actions: hitsSummary(hits), resources: resourceLabel(hits) },
            at: hits[0]!.entry,
            suggestion: { messageId: 'scope', data: { formats: formatAdvice(hits.map((h) => h.action), 3) } },
          });
        }
      },
    };
  },
});
