import { dirname, resolve } from 'node:path';
import { builtinRules } from '../rules/index.js';
import { UsageError } from './config/errors.js';
import { loadConfig, type LoadedConfig } from './config/load.js';
import { buildRegistry, resolveRules } from './config/resolve-rules.js';
import type { ActiveRule } from './engine/lint.js';
import type { LintRun } from './engine/lint-files.js';
import { lintFilesParallel } from './engine/parallel.js';
import { IgnoreMatcher } from './files/glob.js';
import { walk, type WalkEntry, type WalkProblem } from './files/walk.js';
import { fixFile } from './fix/fix-file.js';
import type { FileResult, PolicyKind } from './types.js';

export interface LintOptions {
  paths: readonly string[];
  cwd?: string;
  /** Search for a config file (default true). */
  useConfig?: boolean;
  configFile?: string;
  /** `id:severity` overrides, as `--rule` gives them. */
  ruleOverrides?: readonly string[];
  ignorePatterns?: readonly string[];
  policyType?: PolicyKind;
  stdin?: () => Promise<string>;
  stdinFilename?: string;
  /** Keep the text of files with findings for code frames (default true). */
  keepSources?: boolean;
  /** Worker threads for large runs; default one per core (at most 4); 1 stays on this thread. */
  workers?: number;
  /** Apply safe fixes to the files and report what remains. */
  fix?: boolean;
}

export interface LintOutcome extends LintRun {
  configFile?: string;
  /** Files named explicitly that held no policy. */
  notices: string[];
  /** Files that `fix` rewrote. */
  fixed: string[];
}

/** The config file (if any) and the rules it and the overrides select: what every thread of a run shares. */
export async function resolveActiveRules(options: Pick<LintOptions, 'cwd' | 'useConfig' | 'configFile' | 'ruleOverrides'>): Promise<{ loaded: LoadedConfig; rules: ActiveRule[] }> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = await loadConfig({ cwd, useConfig: options.useConfig ?? true, ...(options.configFile && { configFile: options.configFile }) });
  const registry = buildRegistry(builtinRules, loaded.pluginRules);
  return { loaded, rules: resolveRules(registry, loaded.config.rules, loaded.file, options.ruleOverrides ?? []) };
}

/** Lints files and folders as the CLI does; the programmatic entry point. */
export async function lint(options: LintOptions): Promise<LintOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const { loaded, rules } = await resolveActiveRules(options);
  const ignore = new IgnoreMatcher();
  if (loaded.file && loaded.config.ignores) ignore.add(loaded.config.ignores, dirname(loaded.file));
  ignore.add(options.ignorePatterns ?? [], cwd);
  const walked = await walk(options.paths, { cwd, ignore });
  const missing = walked.problems.find((p) => options.paths.includes(p.path));
  if (missing) throw new UsageError(`${missing.path}: ${missing.message}`);
  const run = await lintFilesParallel(
    walked.files,
    {
      cwd,
      rules,
      ...(options.policyType && { policyType: options.policyType }),
      ...(options.stdin && { stdin: options.stdin }),
      ...(options.stdinFilename && { stdinFilename: options.stdinFilename }),
      keepSources: options.keepSources !== false,
    },
    { rules: { ...(loaded.file && { configFile: loaded.file }), ruleOverrides: options.ruleOverrides ?? [] }, ...(options.workers && { workers: options.workers }) },
  );
  const fixed = options.fix ? await applyFixes(walked.files, run, { cwd, rules, ...(options.policyType && { policyType: options.policyType }) }, options.keepSources !== false) : [];
  run.results.push(...walked.problems.map((p) => walkProblemResult(p, rules.some((r) => r.rule.meta.id === 'parse-error'))));
  const notices = walked.files.flatMap((f, i) => {
    const r = run.results[i] as FileResult;
    return f.explicit && r.skipped ? [`${r.path}: skipped, ${r.skipped}`] : [];
  });
  return { ...run, ...(loaded.file && { configFile: resolve(loaded.file) }), notices, fixed };
}

/** Rewrites the files whose findings carry fixes; their results become what remains after fixing. */
async function applyFixes(files: readonly WalkEntry[], run: LintRun, options: { cwd: string; rules: ActiveRule[]; policyType?: PolicyKind }, keepSources: boolean): Promise<string[]> {
  const fixed: string[] = [];
  for (const [i, entry] of files.entries()) {
    const result = run.results[i];
    if (!result || entry.path === '-' || !result.findings.some((f) => f.fix)) continue;
    const outcome = await fixFile(resolve(options.cwd, entry.path), result.path, { rules: options.rules, ...(options.policyType && { policyType: options.policyType }) });
    run.results[i] = outcome.result;
    run.sources.delete(result.path);
    if (keepSources && outcome.result.findings.length > 0) run.sources.set(result.path, outcome.source);
    if (outcome.written) fixed.push(result.path);
  }
  return fixed;
}

function walkProblemResult(problem: WalkProblem, report: boolean): FileResult {
  return {
    path: problem.path,
    policies: 0,
    findings: report
      ? [{ ruleId: 'parse-error', severity: 'error', message: `Cannot read: ${problem.message}`, line: 1, column: 1, endLine: 1, endColumn: 1, path: [], policy: null }]
      : [],
  };
}
