import type { ChalkInstance } from 'chalk';
import { visible } from './visible.js';
import type { Finding, Severity } from '../types.js';
import { codeFrame } from './code-frame.js';
import { fromStream } from './stream.js';
import { addToSummary, emptySummary, visibleFindings } from './summary.js';
import type { Formatter, StreamFormatterFactory } from './types.js';

/**
 * Human output: `path:line:col  severity  message  rule-id`, the line with the span underlined,
 * a `help:` line with the suggestion, grouped by file, and a summary.
 */
export const stylishStream: StreamFormatterFactory = (context) => {
  const { color } = context;
  const s = emptySummary();
  let fixable = 0;
  return {
    file(result, source) {
      addToSummary(s, result);
      const findings = visibleFindings(result.findings);
      if (findings.length === 0) return '';
      const out: string[] = [];
      for (const finding of findings) {
        out.push(headline(result.path, finding, color));
        if (source) out.push(...codeFrame(source, finding, color));
        if (finding.suggestion) out.push(...help(finding.suggestion, color));
        if (finding.fix && result.path !== context.stdinName) fixable++;
      }
      return `${out.join('\n')}\n\n`;
    },
    end() {
      const out: string[] = [];
      const total = s.errors + s.warnings + s.infos;
      const scanned = `${s.files} ${plural(s.files, 'file')}, ${s.policies} ${plural(s.policies, 'policy', 'policies')}${s.skipped ? `; ${s.skipped} ${plural(s.skipped, 'file')} with no policy skipped` : ''}`;
      if (total === 0) {
        out.push(`${color.green('✔')} No problems (${scanned})`);
      } else {
        const mark = s.errors > 0 ? color.red.bold('✖') : color.yellow.bold('⚠');
        out.push(`${mark} ${total} ${plural(total, 'problem')} (${s.errors} ${plural(s.errors, 'error')}, ${s.warnings} ${plural(s.warnings, 'warning')}, ${s.infos} info) in ${scanned}`);
        if (fixable > 0) out.push(`  ${fixable} ${plural(fixable, 'problem')} can be fixed with the \`--fix\` option.`);
      }
      return `${out.join('\n')}\n`;
    },
  };
};

export const formatStylish: Formatter = fromStream(stylishStream);

function headline(path: string, f: Finding, color: ChalkInstance): string {
  const place = visible(policyPlace(f.policy));
  const where = place ? color.dim(` (${place})`) : '';
  return `${color.underline(`${visible(path)}:${f.line}:${f.column}`)}  ${severityLabel(f.severity, color)}  ${f.message}${where}  ${color.dim(f.ruleId)}`;
}

function help(text: string, color: ChalkInstance): string[] {
  const [first, ...rest] = text.split('\n');
  return [`  ${color.cyan('help:')} ${first}`, ...rest.map((l) => `        ${l}`)];
}

function severityLabel(severity: Severity, color: ChalkInstance): string {
  if (severity === 'error') return color.red('error');
  if (severity === 'warning') return color.yellow('warning');
  return color.blue('info');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/**
 * How a finding's policy is named in the headline: its place in the file
 * (`Resources.AppRole.Properties.Policies[0].PolicyDocument`, `aws_iam_role.app.inline_policy[0].policy`),
 * except in an account snapshot, whose places are list positions (`UserDetailList[1].UserPolicyList[0]...`)
 * and whose names start with the principal's or the policy's ARN (`arn:aws:iam::123456789012:user/Bob policy "Deny"`).
 */
function policyPlace(policy: Finding['policy']): string {
  if (!policy?.location) return '';
  return policy.name.startsWith('arn:') ? policy.name : policy.location;
}
