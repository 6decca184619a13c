import { visibleFindings } from './summary.js';
import type { Formatter } from './types.js';

/** One line per finding, `path:line:col: severity: message [rule-id]`, the shape editors' problem matchers read. */
export const formatCompact: Formatter = (results) => {
  const lines: string[] = [];
  for (const r of results) {
    for (const f of visibleFindings(r.findings)) {
      lines.push(`${r.path}:${f.line}:${f.column}: ${f.severity}: ${oneLine(f.message)} [${f.ruleId}]`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
