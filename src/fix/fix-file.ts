import { statSync, type Stats } from 'node:fs';
import { lintSource, PARSE_ERROR, type LintOptions } from '../engine/lint.js';
import { writeAtomically } from '../files/atomic-write.js';
import { MAX_FILE_BYTES, readSourceText } from '../files/read-source.js';
import { describeIoError } from '../files/walk.js';
import { SourceFile } from '../source/source-file.js';
import type { FileResult, Finding } from '../types.js';
import { applyEdits } from './apply-edits.js';
import type { Edit } from './remove-list-item.js';

/** Which fixes a run applies: the safe ones (`--fix`), and the suggested ones of the rules named by `--fix-suggestions`. */
export interface FixSelection {
  safe: boolean;
  suggestions: readonly string[];
}

const SAFE: FixSelection = { safe: true, suggestions: [] };

/** The edits of one finding that `select` applies. */
export function selectedEdits(finding: Finding, select: FixSelection): Edit[] {
  // A suppressed finding is one the user chose to keep: its fixes are not applied either.
  if (finding.suppressions) return [];
  const edits: Edit[] = [];
  if (select.safe && finding.fix) edits.push(finding.fix);
  if (finding.suggestedFix && select.suggestions.includes(finding.ruleId)) edits.push(finding.suggestedFix);
  return edits;
}

/** Enough passes for fixes that touch each other (two neighbouring entries share a comma). */
const MAX_PASSES = 10;

export interface FixedFile {
  result: FileResult;
  source: SourceFile;
  /** Whether the file on disk was rewritten. */
  written: boolean;
}

export interface ComputedFix {
  /** What remains after fixing, linted on the fixed text. */
  result: FileResult;
  source: SourceFile;
  /** The file's text as read and as fixed, byte order mark included. */
  original: string;
  fixed: string;
  /** The file as read, before any fix. */
  initial: { result: FileResult; source: SourceFile };
}

/**
 * Applies every safe fix to one file, and writes the file only when its text changed: to a
 * temporary file beside it, then renamed over it, so an interrupted run never leaves half a
 * policy behind.
 */
export async function fixFile(absolute: string, display: string, options: LintOptions, select: FixSelection = SAFE): Promise<FixedFile> {
  const before = statSync(absolute);
  const { result, source, original, fixed, initial } = await computeFixes(absolute, display, options, select);
  if (fixed === original) return { result, source, written: false };
  let problem: string | undefined;
  // Root may write anywhere: the mode bits are what says the user wants the file left alone.
  if ((before.mode & 0o222) === 0) problem = 'the file is read-only';
  else if (changedSince(absolute, before)) problem = 'the file changed while it was being fixed';
  else {
    try {
      writeAtomically(absolute, fixed);
      return { result, source, written: true };
    } catch (error) {
      problem = describeIoError(error);
    }
  }
  // The file is as it was, so its findings are the unfixed ones, plus why nothing was written.
  const rule = options.rules.find((r) => r.rule.meta.id === PARSE_ERROR);
  const notWritten: Finding[] = rule ? [{ ruleId: PARSE_ERROR, severity: rule.severity, message: `Cannot write the fixes: ${problem}; the file was left unchanged`, line: 1, column: 1, endLine: 1, endColumn: 1, path: [], policy: null }] : [];
  return { result: { ...initial.result, findings: [...notWritten, ...initial.result.findings] }, source: initial.source, written: false };
}

function changedSince(file: string, before: Stats): boolean {
  try {
    const now = statSync(file);
    return now.mtimeMs !== before.mtimeMs || now.size !== before.size || now.ino !== before.ino;
  } catch {
    return true;
  }
}

/** The fix loop, writing nothing: lints again after each pass, until nothing more applies. */
export async function computeFixes(absolute: string, display: string, options: LintOptions, select: FixSelection = SAFE): Promise<ComputedFix> {
  // Read as linting reads it, size limit included: a file linted clean of fixes can have grown since.
  const read = readSourceText(absolute);
  if (typeof read === 'number') throw new Error(`${display} is ${Math.round(read / 1048576)} MB, over the ${MAX_FILE_BYTES / 1048576} MB iamlint reads: it grew while being fixed`);
  const { bom, invalidUtf8, utf16 } = read;
  let text = read.text;
  const original = bom + text;
  let source = new SourceFile(display, text, invalidUtf8);
  let result = await lintSource(source, options);
  const initial = { result, source };
  // Bytes that are not UTF-8 would be written back as U+FFFD, and a UTF-16 file as UTF-8: such a
  // file is reported, never fixed.
  for (let pass = 0; pass < MAX_PASSES && !invalidUtf8 && !utf16; pass++) {
    const edits = result.findings.flatMap((f) => selectedEdits(f, select));
    if (edits.length === 0) break;
    const pass = await applyUnbroken(text, edits, result, display, options);
    if (!pass) break;
    ({ text, source, result } = pass);
  }
  return { result, source, original, fixed: bom + text, initial };
}

/**
 * One pass of edits, linted. A fix that would leave the file unreadable, or lose a policy, is
 * never applied (an edit next to a comment can cut a closing bracket off): when the whole pass
 * would, the edits are tried one at a time and only those that keep the file whole are kept.
 * Undefined when nothing could be applied.
 */
async function applyUnbroken(text: string, edits: Edit[], before: FileResult, display: string, options: LintOptions): Promise<{ text: string; source: SourceFile; result: FileResult } | undefined> {
  const attempt = async (chosen: Edit[]) => {
    const next = applyEdits(text, chosen).text;
    if (next === text) return undefined;
    const source = new SourceFile(display, next);
    const result = await lintSource(source, options);
    const broken = syntaxErrors(result) > syntaxErrors(before) || result.policies < before.policies;
    return broken ? undefined : { text: next, source, result };
  };
  const whole = await attempt(edits);
  if (whole || edits.length === 1) return whole;
  let kept: Edit[] = [];
  let best: Awaited<ReturnType<typeof attempt>>;
  for (const edit of edits) {
    const tried = await attempt([...kept, edit]);
    if (tried) {
      kept = [...kept, edit];
      best = tried;
    }
  }
  return best;
}

function syntaxErrors(result: FileResult): number {
  return result.findings.filter((f) => f.ruleId === PARSE_ERROR).length;
}
