/**
 * parse-error: the file is not valid JSON, JSONC or YAML. The engine reports it from the
 * parser's errors (see src/engine/lint.ts); the rule exists so it has an id, a doc and a severity.
 */
import { defineRule } from '../src/engine/rule.js';
import { POLICY_KINDS } from '../src/types.js';

export default defineRule({
  meta: {
    id: 'parse-error',
    severity: 'error',
    description: 'The file is not valid JSON, JSON with comments, or YAML',
    kinds: POLICY_KINDS,
    messages: {
      syntax: 'Cannot parse the file: {{message}}',
      inString: 'Cannot parse the policy string of {{location}}: {{message}}',
    },
  },
  create: () => ({}),
});
