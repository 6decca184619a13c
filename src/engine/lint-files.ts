import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeIoError, type WalkEntry } from '../files/walk.js';
import { SourceFile } from '../source/source-file.js';
import type { RuleSet } from '../config/rule-set.js';
import type { SuppressOptions } from '../suppress/index.js';
import type { FileResult, PolicyKind } from '../types.js';
import { lintSource, PARSE_ERROR, type ActiveRule } from './lint.js';

/** Larger files are reported, not read: IAM caps policies at a few kilobytes, templates at 1 MB. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface LintRun {
  results: FileResult[];
  /** Sources of files with findings, for code frames. */
  sources: Map<string, SourceFile>;
}

export interface LintFilesOptions {
  cwd: string;
  rules: readonly ActiveRule[];
  policyType?: PolicyKind;
  /** Text for the `-` entry. */
  stdin?: () => Promise<string>;
  stdinFilename?: string;
  /** Keep the text of files with findings (code frames need it; machine formats do not). */
  keepSources?: boolean;
  /** Per-file rules (config overrides and `ignore` paths); without it every file gets `rules`. */
  ruleSet?: RuleSet;
  /** What to report about suppressions; the rule set supplies the known rule ids. */
  suppress?: Omit<SuppressOptions, 'knownRules'>;
  /** Called after each file with how many are done of how many. */
  onProgress?: (done: number, total: number) => void;
}

/** Lints files one after another, keeping results in the order given. */
export async function lintFiles(entries: readonly WalkEntry[], options: LintFilesOptions): Promise<LintRun> {
  const results: FileResult[] = [];
  const sources = new Map<string, SourceFile>();
  for (const entry of entries) {
    const { result, source } = await lintEntry(entry, options);
    results.push(result);
    if (source && options.keepSources !== false && result.findings.length > 0) sources.set(result.path, source);
    options.onProgress?.(results.length, entries.length);
  }
  return { results, sources };
}

async function lintEntry(entry: WalkEntry, options: LintFilesOptions): Promise<{ result: FileResult; source?: SourceFile }> {
  const display = entry.path === '-' ? (options.stdinFilename ?? '<stdin>') : entry.path;
  let text: string;
  try {
    if (entry.path === '-') text = options.stdin ? await options.stdin() : '';
    else {
      // Synchronous reads: for thousands of small files they cost a fraction of the promise API's
      // open/stat/read/close round trips, and linting is CPU-bound anyway.
      const absolute = resolve(options.cwd, entry.path);
      const size = statSync(absolute).size;
      if (size > MAX_FILE_BYTES) return { result: unreadable(display, options.rules, `the file is ${Math.round(size / 1048576)} MB, over the ${MAX_FILE_BYTES / 1048576} MB iamlint reads`) };
      text = readFileSync(absolute, 'utf8');
    }
  } catch (error) {
    return { result: unreadable(display, options.rules, `cannot read the file: ${describeIoError(error)}`) };
  }
  // A UTF-8 byte order mark is not a character an editor shows: drop it so line-1 columns match.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const source = new SourceFile(display, text);
  const rules = options.ruleSet ? options.ruleSet.forFile(resolve(options.cwd, display)) : options.rules;
  const suppress = { ...options.suppress, ...(options.ruleSet && { knownRules: options.ruleSet.knownRules }) };
  const result = await lintSource(source, { rules, suppress, ...(options.policyType && { policyType: options.policyType }) });
  return { result, source };
}

/** A file that could not be read is a `parse-error` at 1:1, so every format shows it. */
function unreadable(path: string, rules: readonly ActiveRule[], message: string): FileResult {
  const rule = rules.find((r) => r.rule.meta.id === PARSE_ERROR);
  return {
    path,
    policies: 0,
    findings: rule
      ? [{ ruleId: PARSE_ERROR, severity: rule.severity, message: message.charAt(0).toUpperCase() + message.slice(1), line: 1, column: 1, endLine: 1, endColumn: 1, path: [], policy: null }]
      : [],
  };
}
