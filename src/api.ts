import { dirname, resolve, sep } from 'node:path';
import { builtinRules } from '../rules/index.js';
import { UsageError } from './config/errors.js';
import { loadConfig, type LoadedConfig } from './config/load.js';
import { buildRegistry } from './config/resolve-rules.js';
import { RuleSet } from './config/rule-set.js';
import type { ActiveRule } from './engine/lint.js';
import type { LintFilesOptions, LintRun } from './engine/lint-files.js';
import { FrameLines, type FrameSource } from './formatters/code-frame.js';
import { lintFilesParallel } from './engine/parallel.js';
import { IgnoreMatcher } from './files/glob.js';
import { DEFAULT_EXTENSIONS, walk, type WalkEntry, type WalkProblem } from './files/walk.js';
import { computeFixes, fixFile, selectedEdits, type FixedFile, type FixSelection } from './fix/fix-file.js';
import { unifiedDiff } from './fix/diff.js';
import { pathInside } from './util/paths.js';
import { applyBaseline, readBaseline } from './baseline/baseline.js';
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
  /** Threads for large runs, this one included; default one per core but one (at most 4); 1 stays on this thread. */
  workers?: number;
  /** Apply safe fixes to the files and report what remains. */
  fix?: boolean;
  /** Report inline and metadata suppressions that give no reason. */
  requireReason?: boolean;
  /** Report inline and metadata suppressions that silenced nothing. */
  reportUnusedSuppressions?: boolean;
  /**
   * Rules whose suggested fixes (those that change what a policy allows) are applied as well as
   * the safe ones: implies `fix`, or with `fixDryRun` shows them in the diffs.
   */
  fixSuggestions?: readonly string[];
  /** Compute the fixes `fix` would apply and report what would remain, writing nothing; `fixDiffs` shows them. */
  fixDryRun?: boolean;
  /** A baseline file (from `writeBaseline`): findings it records are marked suppressed. */
  baseline?: string;
  /**
   * Give each finding its `fingerprint`, which baselines and SARIF match on (default true; a
   * `baseline` turns it on). Without it a run over many findings is a few percent faster.
   */
  fingerprints?: boolean;
  /** Called as files are linted, e.g. for a progress line. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Streams the results: each file's result (and, when sources are kept, the lines its code frames
   * show) comes here in input order as soon as that file and those before it are done, and the
   * outcome's `results` and `sources` stay empty, so a large run holds neither. With `fix`,
   * `fixDryRun`, `fixSuggestions` or `baseline`, results are final only at the end: they are
   * handed over then.
   */
  onResult?: (result: FileResult, source: FrameSource | undefined) => void | Promise<void>;
}

export interface LintOutcome extends LintRun {
  configFile?: string;
  /** Files named explicitly that held no policy. */
  notices: string[];
  /** Policies of linted files that could not be read (`path: the policy of X was not read: why`), from every file. */
  notRead: string[];
  /** Files that `fix` rewrote. */
  fixed: string[];
  /** With `fixDryRun`: a unified diff per file a fix would change. */
  fixDiffs?: string[];
}

/** The config file (if any) and the rules it and the overrides select: what every thread of a run shares. */
export async function resolveActiveRules(options: Pick<LintOptions, 'cwd' | 'useConfig' | 'configFile' | 'ruleOverrides'>): Promise<{ loaded: LoadedConfig; rules: ActiveRule[]; ruleSet: RuleSet }> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = await loadConfig({ cwd, useConfig: options.useConfig ?? true, ...(options.configFile && { configFile: options.configFile }) });
  const registry = buildRegistry(builtinRules, loaded.pluginRules);
  const ruleSet = new RuleSet(registry, loaded.config, loaded.file, options.ruleOverrides ?? []);
  return { loaded, rules: ruleSet.rules, ruleSet };
}

/** What a run skips: the config's `ignores`, relative to its file, and `--ignore-pattern`s, relative to `cwd`. */
export function ignoreMatcher(loaded: LoadedConfig, ignorePatterns: readonly string[], cwd: string): IgnoreMatcher {
  const ignore = new IgnoreMatcher();
  if (loaded.file && loaded.config.ignores) ignore.add(loaded.config.ignores, dirname(loaded.file));
  ignore.add(ignorePatterns, cwd, { typed: true });
  return ignore;
}

/** Lints files and folders as the CLI does; the programmatic entry point. */
export async function lint(options: LintOptions): Promise<LintOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const baseline = options.baseline ? readBaseline(resolve(cwd, options.baseline)) : undefined;
  const { loaded, rules, ruleSet } = await resolveActiveRules(options);
  checkFixSuggestions(options.fixSuggestions ?? [], ruleSet.knownRules);
  const suppress = { ...(options.requireReason && { requireReason: true }), ...(options.reportUnusedSuppressions && { reportUnused: true }) };
  const ignore = ignoreMatcher(loaded, options.ignorePatterns ?? [], cwd);
  const walked = await walk(options.paths, { cwd, ignore, ...(options.stdinFilename !== undefined && { stdinFilename: options.stdinFilename }) });
  const missing = walked.problems.find((p) => options.paths.includes(p.path));
  if (missing) throw new UsageError(`${missing.path}: ${missing.message}`);
  const select: FixSelection = { safe: true, suggestions: options.fixSuggestions ?? [] };
  const fixing = options.fix || options.fixDryRun || select.suggestions.length > 0;
  const fingerprints = options.fingerprints !== false || baseline !== undefined;
  const stream = options.onResult && !fixing && !baseline ? options.onResult : undefined;
  // As ESLint does: a pre-commit hook hands over every staged file, and the config's ignores still hold.
  const notices: string[] = [
    ...walked.ignored.map((p) => `${p}: ignored, an ignore pattern matches it (the configuration's "ignores" or --ignore-pattern)`),
    ...walked.empty.map((p) => `${p}: no file to lint in this folder (iamlint reads ${DEFAULT_EXTENSIONS.join(', ')} files)`),
  ];
  const notRead: string[] = [];
  const notice = (result: FileResult, index: number) => {
    if (walked.files[index]?.explicit && result.skipped) notices.push(`${result.path}: skipped, ${result.skipped}`);
    for (const why of result.notRead ?? []) notRead.push(`${result.path}: ${why}`);
  };
  const run = await lintFilesParallel(
    walked.files,
    {
      cwd,
      rules,
      ...(options.policyType && { policyType: options.policyType }),
      ...(options.stdin && { stdin: options.stdin }),
      ...(options.stdinFilename && { stdinFilename: options.stdinFilename }),
      keepSources: options.keepSources !== false,
      ruleSet,
      suppress,
      ...(!fingerprints && { fingerprints: false }),
      ...(options.onProgress && { onProgress: options.onProgress }),
      ...(stream && {
        onResult: (result: FileResult, source: FrameSource | undefined, index: number) => {
          notice(result, index);
          return stream(result, source);
        },
      }),
    },
    { rules: { ...(loaded.file && { configFile: loaded.file }), ruleOverrides: options.ruleOverrides ?? [] }, ...(options.workers && { workers: options.workers }) },
  );
  const fixDiffs: string[] = [];
  const fixOptions = { cwd, rules, ruleSet, suppress, fingerprints, select, ...(options.policyType && { policyType: options.policyType }), ...(options.fixDryRun && { diffs: fixDiffs }) };
  const fixed = fixing ? await applyFixes(walked.files, run, fixOptions, options.keepSources !== false) : [];
  const problems = walked.problems.map((p) => walkProblemResult(p, rules.some((r) => r.rule.meta.id === 'parse-error')));
  if (stream) {
    for (const result of problems) await stream(result, undefined);
  } else {
    run.results.push(...problems);
    run.results.forEach(notice);
    if (baseline && options.baseline) applyBaseline(run.results, baseline, options.baseline, cwd);
    if (options.onResult) {
      for (const result of run.results) await options.onResult(result, run.sources.get(result.path));
      run.results = [];
      run.sources = new Map();
    }
  }
  return { ...run, ...(loaded.file && { configFile: resolve(loaded.file) }), notices, notRead, fixed, ...(options.fixDryRun && { fixDiffs }) };
}

/**
 * Rewrites the files whose findings carry fixes; their results become what remains after fixing.
 * Given `diffs`, writes nothing and collects a unified diff per file instead.
 */
async function applyFixes(files: readonly WalkEntry[], run: LintRun, options: { cwd: string; rules: ActiveRule[]; ruleSet: RuleSet; suppress: LintFilesOptions['suppress']; fingerprints: boolean; select: FixSelection; policyType?: PolicyKind; diffs?: string[] }, keepSources: boolean): Promise<string[]> {
  const fixed: string[] = [];
  for (const [i, entry] of files.entries()) {
    const result = run.results[i];
    if (!result || entry.path === '-' || !result.findings.some((f) => selectedEdits(f, options.select).length > 0)) continue;
    const absolute = resolve(options.cwd, entry.path);
    const policyType = options.policyType ?? options.ruleSet.policyTypeFor(absolute);
    const lintOptions = { rules: options.ruleSet.forFile(absolute), suppress: { ...options.suppress, knownRules: options.ruleSet.knownRules }, fingerprints: options.fingerprints, ...(policyType && { policyType }) };
    let outcome: FixedFile;
    if (options.diffs) {
      const computed = await computeFixes(absolute, result.path, lintOptions, options.select);
      const diff = unifiedDiff(diffPath(absolute, result.path, options.cwd), computed.original, computed.fixed);
      if (diff) options.diffs.push(diff);
      outcome = { result: computed.result, source: computed.source, written: false };
    } else outcome = await fixFile(absolute, result.path, lintOptions, options.select);
    run.results[i] = outcome.result;
    run.sources.delete(result.path);
    if (keepSources && outcome.result.findings.length > 0) run.sources.set(result.path, FrameLines.of(outcome.source, outcome.result.findings));
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

/**
 * The path a dry-run diff names, for `patch -p1` in the working folder: from it, however the file was
 * given (`$PWD/a.json`, `./a//b.json`); a file outside it keeps the path given, which patch refuses.
 */
function diffPath(absolute: string, given: string, cwd: string): string {
  return (pathInside(absolute, cwd) ?? given).split(sep).join('/');
}

/**
 * `--fix-suggestions <id>` names a rule that has suggested fixes: a built-in rule without any would
 * apply nothing, silently. A plugin rule is taken at its word, as one may offer them without saying so.
 */
function checkFixSuggestions(ids: readonly string[], known: ReadonlySet<string>): void {
  for (const id of ids) {
    if (!known.has(id)) throw new UsageError(`--fix-suggestions: unknown rule ${id}`);
    const builtin = builtinRules.find((r) => r.meta.id === id);
    if (builtin && !builtin.meta.suggestsFixes) {
      const offering = builtinRules.filter((r) => r.meta.suggestsFixes).map((r) => r.meta.id);
      throw new UsageError(`--fix-suggestions ${id}: the rule suggests no fixes (${offering.join(', ')} ${offering.length === 1 ? 'does' : 'do'})`);
    }
  }
}
