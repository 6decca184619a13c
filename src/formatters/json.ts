import { summarize, visibleFindings } from './summary.js';
import type { Formatter } from './types.js';

/**
 * Machine output, documented in the README. Keys and their order are part of the contract:
 * add fields, never rename or remove them.
 */
export const formatJson: Formatter = (results, context) => {
  const s = summarize(results);
  const report = {
    tool: context.tool,
    files: results.map((r) => ({
      path: r.path,
      policies: r.policies,
      ...(r.skipped && { skipped: r.skipped }),
      // Suppressed findings are left out, as from the counts; SARIF is the format that keeps them.
      findings: visibleFindings(r.findings).map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        suggestion: f.suggestion ?? null,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        path: f.path,
        policy: f.policy,
        ...(f.fix && { fix: f.fix }),
      })),
    })),
    summary: { files: s.files, policies: s.policies, errors: s.errors, warnings: s.warnings, infos: s.infos, skipped: s.skipped },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
};
