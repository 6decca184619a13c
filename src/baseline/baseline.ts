import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../config/errors.js';
import { fingerprint } from '../engine/lint.js';
import { writeAtomically } from '../files/atomic-write.js';
import { writingTo } from '../files/writing-to.js';
import { isSuppressed } from '../formatters/summary.js';
import type { FileResult, Finding } from '../types.js';
import { byCodeUnit } from '../util/compare.js';

/**
 * One recorded finding. Matched on rule, file, policy name and the offending text, never on
 * line numbers, so edits elsewhere in the file do not make an old finding new.
 */
export interface BaselineEntry {
  ruleId: string;
  /** Relative to the baseline file's folder, with forward slashes. */
  path: string;
  /** The policy's name (a template's logical id and policy name, or the file name); null outside a policy. */
  policy: string | null;
  fingerprint: string;
  /** How many findings with this key were recorded; each absorbs at most one finding. */
  count: number;
}

export interface Baseline {
  version: 1;
  tool: 'iamlint';
  findings: BaselineEntry[];
}

export const BASELINE_SUPPRESSION = { kind: 'external', justification: 'baseline' } as const;

/** Reads and checks a baseline file; a missing or malformed one is a usage error (exit 2). */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`baseline ${file}: ${code === 'ENOENT' ? 'no such file (create it with --write-baseline)' : `cannot read it (${code ?? String(error)})`}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`baseline ${file}: not valid JSON (${(error as Error).message})`);
  }
  const problem = checkBaseline(data);
  if (problem) throw new UsageError(`baseline ${file}: ${problem}; write it again with --write-baseline`);
  return data as Baseline;
}

function checkBaseline(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'not a baseline (expected a JSON object)';
  const b = data as Record<string, unknown>;
  if (b.tool !== 'iamlint') return 'not an iamlint baseline ("tool" is not "iamlint")';
  if (b.version !== 1) return `unsupported version ${JSON.stringify(b.version)} (this iamlint reads version 1)`;
  if (!Array.isArray(b.findings)) return '"findings" is not a list';
  for (const [i, e] of (b.findings as unknown[]).entries()) {
    const entry = e as Record<string, unknown> | null;
    const ok =
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.ruleId === 'string' &&
      typeof entry.path === 'string' &&
      (entry.policy === null || typeof entry.policy === 'string') &&
      typeof entry.fingerprint === 'string' &&
      Number.isInteger(entry.count) &&
      (entry.count as number) > 0;
    if (!ok) return `findings[${i}] needs ruleId, path, policy, fingerprint and a positive count`;
  }
  return undefined;
}

/**
 * Marks the findings the baseline records as suppressed. Findings already suppressed by other
 * means are left alone and use up nothing; an entry whose findings were fixed simply goes unused.
 */
export function applyBaseline(results: readonly FileResult[], baseline: Baseline, baselineFile: string, cwd: string): void {
  const remaining = new Map<string, number>();
  for (const e of baseline.findings) remaining.set(keyOf(e), (remaining.get(keyOf(e)) ?? 0) + e.count);
  const base = dirname(resolve(cwd, baselineFile));
  for (const result of results) {
    const path = baselinePath(result.path, base, cwd);
    for (const finding of result.findings) {
      if (isSuppressed(finding) || !recordable(finding)) continue;
      const key = keyOf(entryOf(finding, path));
      const left = remaining.get(key) ?? 0;
      if (left === 0) continue;
      remaining.set(key, left - 1);
      finding.suppressions = [{ ...BASELINE_SUPPRESSION }];
    }
  }
}

/** The baseline of today's unsuppressed findings: sorted, so the file diffs well in review. */
export function createBaseline(results: readonly FileResult[], baselineFile: string, cwd: string): Baseline {
  const base = dirname(resolve(cwd, baselineFile));
  const entries = new Map<string, BaselineEntry>();
  for (const result of results) {
    const path = baselinePath(result.path, base, cwd);
    for (const finding of result.findings) {
      if (isSuppressed(finding) || !recordable(finding)) continue;
      const entry = entryOf(finding, path);
      const key = keyOf(entry);
      const seen = entries.get(key);
      if (seen) seen.count++;
      else entries.set(key, entry);
    }
  }
  const findings = [...entries.values()].sort(
    (a, b) => byCodeUnit(a.path, b.path) || byCodeUnit(a.ruleId, b.ruleId) || byCodeUnit(a.policy ?? '', b.policy ?? '') || byCodeUnit(a.fingerprint, b.fingerprint),
  );
  return { version: 1, tool: 'iamlint', findings };
}

/**
 * Refuses a --write-baseline file that exists and is not an iamlint baseline (a policy, someone's
 * notes): a baseline replaces only an earlier one. Checked before the run, so it fails fast.
 */
export function checkBaselineTarget(baselineFile: string, cwd: string): void {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, baselineFile), 'utf8');
  } catch {
    // Missing (the usual case), or not readable: writing it reports what is wrong.
    return;
  }
  // Checked on the text, not parsed: a baseline a merge conflict broke can be written again.
  // An empty file (from mktemp) holds nothing to lose.
  if (text.trim() !== '' && !/"tool"\s*:\s*"iamlint"/.test(text)) {
    throw new UsageError(`--write-baseline ${baselineFile}: the file exists and is not an iamlint baseline; give another path, or delete it first`);
  }
}

/** Writes the baseline through a temporary file; returns how many findings it records. */
export function writeBaseline(results: readonly FileResult[], baselineFile: string, cwd: string): number {
  const baseline = createBaseline(results, baselineFile, cwd);
  writingTo(baselineFile, () => {
    mkdirSync(dirname(resolve(cwd, baselineFile)), { recursive: true });
    writeAtomically(resolve(cwd, baselineFile), `${JSON.stringify(baseline, null, 2)}\n`);
  });
  return baseline.findings.reduce((n, e) => n + e.count, 0);
}

/** A file iamlint cannot read is never baselined, as `parse-error` is never suppressed: a broken file would stay hidden for good. */
function recordable(finding: Finding): boolean {
  return finding.ruleId !== 'parse-error';
}

function entryOf(finding: Finding, path: string): BaselineEntry {
  return {
    ruleId: finding.ruleId,
    path,
    policy: finding.policy?.name ?? null,
    // Findings without span text (a rule's report about a whole file) are told apart by their message.
    fingerprint: finding.fingerprint ?? fingerprint(finding.message),
    count: 1,
  };
}

function keyOf(e: Pick<BaselineEntry, 'ruleId' | 'path' | 'policy' | 'fingerprint'>): string {
  return JSON.stringify([e.ruleId, e.path, e.policy, e.fingerprint]);
}

/** Stdin's display name is kept as it is; files are made relative to the baseline's folder. */
function baselinePath(display: string, base: string, cwd: string): string {
  if (display === '<stdin>') return display;
  const rel = relative(base, isAbsolute(display) ? display : resolve(cwd, display));
  return sep === '/' ? rel : rel.split(sep).join('/');
}

