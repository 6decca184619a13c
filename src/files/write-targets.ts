import { resolve } from 'node:path';
import { UsageError } from '../config/errors.js';

/** A file a run writes: a report (`-o`, `-f format:file`) or a baseline, with the option as typed (`-f json:out.json`). */
export interface WriteTarget {
  given: string;
  file: string;
}

/**
 * Refuses, before anything is linted, a report or baseline file that is one of the paths to lint
 * (`--write-baseline app.json app.json` would replace the policy with the baseline), and `-`, which
 * stands for stdin among the paths and would otherwise become a file named `-`.
 */
export function checkWriteTargets(targets: readonly WriteTarget[], paths: readonly string[], cwd: string): void {
  const inputs = new Set(paths.filter((p) => p !== '-').map((p) => resolve(cwd, p)));
  for (const { given, file } of targets) {
    if (file === '-') throw new UsageError(`${given}: give a file name ("-" stands for stdin among the paths to lint)`);
    if (inputs.has(resolve(cwd, file))) throw new UsageError(`${given}: ${file} is one of the paths to lint, and writing it would replace it`);
  }
}
