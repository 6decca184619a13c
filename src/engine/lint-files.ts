import { resolve } from 'node:path';
import { MAX_FILE_BYTES, readSourceText, withoutBom, type InvalidUtf8 } from '../files/read-source.js';
import { describeIoError, type WalkEntry } from '../files/walk.js';
import { FrameLines, frameLineData, type FrameLineData, type FrameSource } from '../formatters/code-frame.js';
import { SourceFile } from '../source/source-file.js';
import type { RuleSet } from '../config/rule-set.js';
import type { SuppressOptions } from '../suppress/index.js';
import type { FileResult, PolicyKind } from '../types.js';
import { lintSource, PARSE_ERROR, type ActiveRule } from './lint.js';

export interface LintRun {
  /** Empty when the run streams its results (`onResult`). */
  results: FileResult[];
  /** The lines code frames show, of files with findings (only those lines: a run does not hold its files). */
  sources: Map<string, FrameSource>;
}

/**
 * Takes each file's result (and the lines its code frames show, when sources are kept) as soon as
 * that file and every file before it are done: results come in input order. `index` is the file's
 * place in the entries.
 */
export type ResultSink = (result: FileResult, source: FrameSource | undefined, index: number) => void | Promise<void>;

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
  /** See LintOptions.fingerprints (default true). */
  fingerprints?: boolean;
  /** Called after each file with how many are done of how many. */
  onProgress?: (done: number, total: number) => void;
  /** Streams the results to this sink instead of keeping them in the run. */
  onResult?: ResultSink;
}

/** The sink of a run that keeps its results, and the run it fills. */
export function collector(): { run: LintRun; sink: ResultSink } {
  const run: LintRun = { results: [], sources: new Map() };
  return {
    run,
    sink: (result, source) => {
      run.results.push(result);
      if (source) run.sources.set(result.path, source);
    },
  };
}

/** Lints files one after another, keeping (or streaming) results in the order given. */
export async function lintFiles(entries: readonly WalkEntry[], options: LintFilesOptions): Promise<LintRun> {
  const held = options.onResult ? undefined : collector();
  const sink = options.onResult ?? held!.sink;
  for (const [i, entry] of entries.entries()) {
    const { result, frames } = await lintEntryFrames(entry, options);
    await sink(result, frames && new FrameLines(frames), i);
    options.onProgress?.(i + 1, entries.length);
  }
  return held?.run ?? { results: [], sources: new Map() };
}

/**
 * Lints one file and keeps of its text only the lines code frames show (when sources are kept and
 * it has findings): the text is dropped as soon as the file is done.
 */
export async function lintEntryFrames(entry: WalkEntry, options: LintFilesOptions): Promise<{ result: FileResult; frames?: FrameLineData }> {
  const { result, source } = await lintEntry(entry, options);
  if (!source || options.keepSources === false || result.findings.length === 0) return { result };
  return { result, frames: frameLineData(source, result.findings) };
}

async function lintEntry(entry: WalkEntry, options: LintFilesOptions): Promise<{ result: FileResult; source?: SourceFile }> {
  const display = entry.path === '-' ? (options.stdinFilename ?? '<stdin>') : entry.path;
  let text: string;
  let invalidUtf8: InvalidUtf8 | undefined;
  let absolute: string | undefined;
  try {
    if (entry.path === '-') ({ text, invalidUtf8 } = withoutBom({ text: options.stdin ? await options.stdin() : '' }));
    else {
      // Synchronous reads: for thousands of small files they cost a fraction of the promise API's
      // open/stat/read/close round trips, and linting is CPU-bound anyway.
      absolute = resolve(options.cwd, entry.path);
      const read = readSourceText(absolute);
      if (typeof read === 'number') return { result: unreadable(display, options.rules, `the file is ${Math.round(read / 1048576)} MB, over the ${MAX_FILE_BYTES / 1048576} MB iamlint reads`) };
      ({ text, invalidUtf8 } = read);
    }
  } catch (error) {
    return { result: unreadable(display, options.rules, `cannot read the file: ${describeIoError(error)}`) };
  }
  const source = new SourceFile(display, text, invalidUtf8);
  const path = absolute ?? resolve(options.cwd, display);
  const rules = options.ruleSet ? options.ruleSet.forFile(path) : options.rules;
  const suppress = { ...options.suppress, ...(options.ruleSet && { knownRules: options.ruleSet.knownRules }) };
  // --policy-type wins over the config's overrides, as --rule flags do.
  const policyType = options.policyType ?? options.ruleSet?.policyTypeFor(path);
  const result = await lintSource(source, { rules, suppress, ...(policyType && { policyType }), ...(options.fingerprints === false && { fingerprints: false }) });
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
