import type { Finding } from '../types.js';
import { visibleFindings } from './summary.js';
import type { Formatter } from './types.js';

/**
 * JUnit XML, which CI systems render as test reports: a test suite per file, a failing test case per
 * rule with findings in it, and one passing case for a file without findings.
 */
export const formatJunit: Formatter = (results) => {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const r of results) {
    if (r.skipped) continue;
    const byRule = new Map<string, Finding[]>();
    for (const f of visibleFindings(r.findings)) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    const cases: string[] = [];
    for (const [ruleId, findings] of byRule) {
      const body = findings.map((f) => `${r.path}:${f.line}:${f.column}: ${f.severity}: ${f.message}${f.suggestion ? `\n  help: ${f.suggestion.replace(/\n/g, '\n  ')}` : ''}`).join('\n');
      const summary = `${findings.length} ${findings.length === 1 ? 'problem' : 'problems'} reported by ${ruleId}`;
      cases.push(
        `    <testcase name="${xml(ruleId)}" classname="${xml(r.path)}">\n` +
          `      <failure message="${xml(summary)}" type="${xml(ruleId)}">${xml(body)}</failure>\n` +
          `    </testcase>`,
      );
    }
    if (cases.length === 0) cases.push(`    <testcase name="iamlint" classname="${xml(r.path)}"/>`);
    tests += cases.length;
    failures += byRule.size;
    suites.push(`  <testsuite name="${xml(r.path)}" tests="${cases.length}" failures="${byRule.size}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="iamlint" tests="${tests}" failures="${failures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
};

/** Escapes markup and drops the control characters XML 1.0 cannot carry at all. */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
