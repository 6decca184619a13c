import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { lintSource, type LintOptions } from '../engine/lint.js';
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
}

/**
 * Applies every safe fix to one file, and writes the file only when its text changed: to a
 * temporary file beside it, then renamed over it, so an interrupted run never leaves half a
 * policy behind.
 */
export async function fixFile(absolute: string, display: string, options: LintOptions, select: FixSelection = SAFE): Promise<FixedFile> {
  const { result, source, original, fixed } = await computeFixes(absolute, display, options, select);
  const written = fixed !== original;
  if (written) writeAtomically(absolute, fixed);
  return { result, source, written };
}

/** The fix loop, writing nothing: lints again after each pass, until nothing more applies. */
export async function computeFixes(absolute: string, display: string, options: LintOptions, select: FixSelection = SAFE): Promise<ComputedFix> {
  const original = readFileSync(absolute, 'utf8');
  const bom = original.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  let text = bom ? original.slice(1) : original;
  let source = new SourceFile(display, text);
  let result = await lintSource(source, options);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const edits = result.findings.flatMap((f) => selectedEdits(f, select));
    if (edits.length === 0) break;
    const next = applyEdits(text, edits).text;
    if (next === text) break;
    text = next;
    source = new SourceFile(display, text);
    result = await lintSource(source, options);
  }
  return { result, source, original, fixed: bom + text };
}

/** Writes through a temporary file renamed over the target; also creates files (the baseline). */
export function writeAtomically(file: string, text: string): void {
  // Through a symlink to its target: renaming over the link would replace the link itself.
  const exists = existsSync(file);
  const path = exists ? realpathSync(file) : file;
  const temp = join(dirname(path), `.${basename(path)}.iamlint-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, exists ? { mode: statSync(path).mode } : {});
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
