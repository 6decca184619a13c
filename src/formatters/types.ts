import type { ChalkInstance } from 'chalk';
import type { SourceFile } from '../source/source-file.js';
import type { FileResult, Severity } from '../types.js';

export interface FormatContext {
  sources: ReadonlyMap<string, SourceFile>;
  color: ChalkInstance;
  tool: { name: string; version: string; iamData: { version: string; date: string } };
  /** The rules of the run (built-ins and plugins), for formats that describe them (SARIF); built-ins when absent. */
  rules?: readonly FormatRule[];
  /** The folder relative paths start from (default the process's). */
  cwd?: string;
}

export interface FormatRule {
  id: string;
  severity: Severity;
  description: string;
  docs?: string;
}

/** A formatter turns results into the text written to stdout (or a file). */
export type Formatter = (results: readonly FileResult[], context: FormatContext) => string;
