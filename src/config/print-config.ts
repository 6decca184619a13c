import { resolve } from 'node:path';
import { ignoreMatcher, resolveActiveRules } from '../api.js';
import type { PolicyKind, SeveritySetting } from '../types.js';

/** What `--print-config <file>` prints: everything the configuration decides for that file. */
export interface FileConfig {
  /** The configuration file read, or null when none was. */
  configFile: string | null;
  /** An ignore pattern (the config's `ignores`, `--ignore-pattern`) matches the file: a run skips it. */
  ignored: boolean;
  /** The kind its bare policies are linted as; null when iamlint guesses it from each document. */
  policyType: PolicyKind | null;
  /** Every rule, built-in and plugin, in registry order. */
  rules: Record<string, RuleReport>;
}

export interface RuleReport {
  severity: SeveritySetting;
  /**
   * Whether the severity was set (config, override or flag) and so applies to every finding. When
   * not, the rule's own default holds, and some rules give some findings another level
   * (`no-wildcard-action`'s warning for `service:*`). Absent for a rule that is off.
   */
  configured?: boolean;
  /** The options the rule runs with, its defaults included, and the `ignore` option; absent when none. */
  options?: Record<string, unknown>;
}

export interface PrintConfigOptions {
  cwd: string;
  useConfig: boolean;
  configFile?: string;
  ruleOverrides: readonly string[];
  ignorePatterns: readonly string[];
  policyType?: PolicyKind;
}

/**
 * The configuration that applies to one file, as ESLint's `--print-config` shows it: the config's
 * `rules`, the overrides whose globs match, then the command line's flags. The file need not exist,
 * so the settings of a file about to be added can be checked.
 */
export async function configForFile(file: string, options: PrintConfigOptions): Promise<FileConfig> {
  const { loaded, ruleSet } = await resolveActiveRules(options);
  const absolute = resolve(options.cwd, file);
  const ignore = ignoreMatcher(loaded, options.ignorePatterns, options.cwd);
  const active = new Map(ruleSet.forFile(absolute).map((r) => [r.rule.meta.id, r]));
  const rules: FileConfig['rules'] = {};
  for (const id of ruleSet.knownRules) {
    const r = active.get(id);
    if (!r) {
      rules[id] = { severity: 'off' };
      continue;
    }
    const options = { ...(r.options as Record<string, unknown>), ...(r.ignore && { ignore: r.ignore }) };
    rules[id] = { severity: r.severity, configured: r.severityConfigured, ...(Object.keys(options).length > 0 && { options }) };
  }
  return {
    configFile: loaded.file ?? null,
    ignored: ignore.ignores(absolute),
    policyType: options.policyType ?? ruleSet.policyTypeFor(absolute) ?? null,
    rules,
  };
}
