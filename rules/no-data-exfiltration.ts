/**
 * no-data-exfiltration: reads of stored data (S3 objects, SSM parameters, Secrets Manager secrets)
 * granted on every resource without a Condition.
 * https://github.com/salesforce/cloudsplaining/blob/master/docs/glossary/data-exfiltration.md
 */
import { defineRule } from '../src/engine/rule.js';
import type { Statement } from '../src/policy/model.js';
import { grantsBeyond } from '../src/policy/granted.js';
import { listSome, statementLabel } from '../src/policy/queries.js';
import { EXFILTRATION_ACTIONS } from '../src/security/exfiltration-actions.js';
import { formatAdvice, hitsSummary, resourceLabel, unconstrainedGrants, unconstrainedSelection, type UnconstrainedHit } from '../src/security/unconstrained.js';

const SCOPE_OF = new Map(EXFILTRATION_ACTIONS.map((e) => [e.action.toLowerCase(), e.scope]));
const EXFILTRATION = unconstrainedSelection({ ids: SCOPE_OF.keys() });

export default defineRule({
  meta: {
    id: 'no-data-exfiltration',
    severity: 'warning',
    description: 'Reads of S3 objects, SSM parameters or secrets allowed on every resource without a Condition',
    kinds: ['identity', 'boundary'],
    speaksOfGrants: true,
    messages: {
      exfiltration: 'Statement {{statement}} allows {{actions}} on {{resources}} without a Condition: these return stored data (object contents, parameter values, secrets)',
      scope: 'Scope to {{scopes}}: {{formats}}',
      // Scoping the whole statement to a bucket prefix would take away what else it grants (s3:* on "*").
      scopeSplit: 'Move {{actions}} to a statement of their own scoped to {{scopes}}: {{formats}}; the statement\'s other actions need resources of their own',
      scopeSplitOne: 'Move {{actions}} to a statement of its own scoped to {{scopes}}: {{formats}}; the statement\'s other actions need resources of their own',
    },
  },
  create(context) {
    return {
      policy(policy) {
        for (const statement of policy.statements) {
          const hits = unconstrainedGrants(statement, EXFILTRATION, policy);
          if (hits.length === 0) continue;
          const scopes = [...new Set(hits.map((h) => SCOPE_OF.get(h.action.lowerId) as string))];
          context.report({
            messageId: 'exfiltration',
            data: { statement: statementLabel(statement), actions: hitsSummary(hits), resources: resourceLabel(hits) },
            at: hits[0]!.entry,
            suggestion: {
              messageId: !grantsMore(statement, hits) ? 'scope' : hits.length === 1 ? 'scopeSplitOne' : 'scopeSplit',
              data: { scopes: scopes.join(', '), formats: formatAdvice(hits.map((h) => h.action)), actions: listSome(hits.map((h) => h.action.id), 4) },
            },
          });
        }
      },
    };
  },
});

/** The statement grants more than the data-returning actions found (`s3:*`, or other actions beside them). */
function grantsMore(statement: Statement, hits: readonly UnconstrainedHit[]): boolean {
  const found = new Set(hits.map((h) => h.action.lowerId));
  return grantsBeyond(statement, (id) => found.has(id));
}
