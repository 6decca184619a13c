import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../config/errors.js';
import { writeAtomically } from '../fix/fix-file.js';
import { FORMATTERS } from './index.js';

/** One report of a run: a format, and the file it goes to (stdout when absent). */
export interface OutputSpec {
  format: string;
  file?: string;
}

/**
 * Reads `-f name[:file]` (repeatable) and `-o file` into the run's outputs: at most one goes to
 * stdout, `-o` sends the one without a file to that file, and no two share a file.
 */
export function parseOutputs(formats: readonly string[], outputFile: string | undefined): OutputSpec[] {
  const specs = (formats.length > 0 ? formats : ['stylish']).map(parseSpec);
  const unplaced = specs.filter((s) => s.file === undefined);
  if (outputFile !== undefined) {
    if (outputFile === '') throw new UsageError('--output-file needs a file name');
    if (unplaced.length !== 1) throw new UsageError(`--output-file takes the one format given without a file; ${unplaced.length === 0 ? 'every format has one' : `got ${unplaced.length}`}`);
    unplaced[0]!.file = outputFile;
  } else if (unplaced.length > 1) {
    throw new UsageError(`only one format can write to stdout (got ${unplaced.map((s) => s.format).join(', ')}); give the others a file, as in -f sarif:iamlint.sarif`);
  }
  const files = new Set<string>();
  for (const spec of specs) {
    if (spec.file === undefined) continue;
    const key = resolve(spec.file);
    if (files.has(key)) throw new UsageError(`two formats write to ${spec.file}`);
    files.add(key);
  }
  return specs;
}

function parseSpec(text: string): OutputSpec {
  const colon = text.indexOf(':');
  const format = colon < 0 ? text : text.slice(0, colon);
  if (!Object.hasOwn(FORMATTERS, format)) throw new UsageError(`unknown format "${format}"; valid formats: ${Object.keys(FORMATTERS).join(', ')}`);
  if (colon < 0) return { format };
  const file = text.slice(colon + 1);
  if (file === '') throw new UsageError(`-f ${format}: no file after ":"`);
  return { format, file };
}

/** Writes a report file through a temporary file, creating its folder first. */
export function writeReport(file: string, text: string): void {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeAtomically(resolve(file), text);
}
