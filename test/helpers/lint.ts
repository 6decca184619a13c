import type { ActiveRule } from '../../src/engine/lint.js';
import { lintSource } from '../../src/engine/lint.js';
import type { AnyRule } from '../../src/engine/rule.js';
import { SourceFile } from '../../src/source/source-file.js';
import type { Finding, PolicyKind, Severity } from '../../src/types.js';
import parseError from '../../rules/parse-error.js';

export interface LintWithOptions {
  filename?: string;
  policyType?: PolicyKind;
  options?: Record<string, unknown>;
  severity?: Severity;
}

/** Lints `text` with one rule (plus parse-error, so broken input shows up) and returns its findings. */
export async function lintWith(rule: AnyRule, text: string, opts: LintWithOptions = {}): Promise<Finding[]> {
  const rules: ActiveRule[] = [
    { rule: parseError, severity: 'error', severityConfigured: false, options: {} },
    {
      rule,
      severity: opts.severity ?? rule.meta.severity,
      severityConfigured: opts.severity !== undefined,
      options: { ...(rule.defaultOptions as object), ...opts.options },
    },
  ];
  const file = new SourceFile(opts.filename ?? 'policy.json', text);
  const result = await lintSource(file, { rules, ...(opts.policyType && { policyType: opts.policyType }) });
  return rule.meta.id === 'parse-error' ? result.findings : result.findings.filter((f) => f.ruleId !== 'parse-error' || hasParseError(result.findings));
}

function hasParseError(findings: Finding[]): boolean {
  return findings.some((f) => f.ruleId === 'parse-error');
}

/** A policy document as pretty JSON, so tests can compute positions by line. */
export function policy(statements: unknown[] | Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ Version: '2012-10-17', ...extra, Statement: statements }, null, 2)}\n`;
}

/** 1-based line and column of the first occurrence of `needle` (after `after`, if given). */
export function positionOf(text: string, needle: string, after?: string): { line: number; column: number } {
  const from = after ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, from < 0 ? 0 : from);
  if (at < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return { line, column };
}

/** A resource of a Terraform plan's `planned_values`. */
export function planResource(type: string, name: string, values: Record<string, unknown>): Record<string, unknown> {
  return { address: `${type}.${name}`, mode: 'managed', type, name, values };
}

/** A Terraform plan (`terraform show -json`) of these root-module resources, pretty, so positions go by line. */
export function planText(resources: readonly unknown[]): string {
  return `${JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources } } }, null, 2)}\n`;
}

/**
 * A YAML template with an AWS::IAM::ManagedPolicy `P` whose Statement list is `statementLines`
 * (written at the list's indent, `- Effect: ...` first) and a `Cond` condition for `!If`: the
 * first statement line is line 10.
 */
export function managedPolicyTemplate(statementLines: readonly string[]): string {
  const head = ['Conditions:', "  Cond: !Equals [!Ref 'AWS::Region', us-east-1]", 'Resources:', '  P:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:'];
  return [...head, ...statementLines.map((l) => `          ${l}`), ''].join('\n');
}
