import { builtinRules } from '../../rules/index.js';
import { lintSource, type ActiveRule } from '../../src/engine/lint.js';
import type { SuppressOptions } from '../../src/suppress/index.js';
import { SourceFile } from '../../src/source/source-file.js';
import type { FileResult } from '../../src/types.js';

const USED = ['parse-error', 'no-wildcard-action', 'no-wildcard-resource', 'duplicate-sid'];

/** Lints with a few rules at their defaults, as a run with every rule id known would. */
export async function lintSuppressed(text: string, filename: string, options: Omit<SuppressOptions, 'knownRules'> = {}, rules = USED): Promise<FileResult> {
  const active: ActiveRule[] = builtinRules
    .filter((r) => rules.includes(r.meta.id))
    .map((rule) => ({ rule, severity: rule.meta.severity, severityConfigured: false, options: { ...(rule.defaultOptions as object) } }));
  const knownRules = new Set(builtinRules.map((r) => r.meta.id));
  return lintSource(new SourceFile(filename, text), { rules: active, suppress: { ...options, knownRules } });
}

/** The findings as `rule line:col [suppressed]`, short enough to compare whole. */
export function brief(result: FileResult): string[] {
  return result.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}${f.suppressions ? ` suppressed(${f.suppressions.map((s) => `${s.kind}:${s.justification ?? ''}`).join(',')})` : ''}`);
}
