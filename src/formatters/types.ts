import type { ChalkInstance } from 'chalk';
import type { FrameSource } from './code-frame.js';
import type { FileResult, Severity } from '../types.js';

export interface FormatContext {
  sources: ReadonlyMap<string, FrameSource>;
  color: ChalkInstance;
  tool: { name: string; version: string; iamData: { version: string; date: string } };
  /** The rules of the run (built-ins and plugins), for formats that describe them (SARIF); built-ins when absent. */
  rules?: readonly FormatRule[];
  /** The folder relative paths start from (default the process's). */
  cwd?: string;
  /** The name the text read from stdin goes by, when there is one: --fix cannot write it, so its fixes are not offered. */
  stdinName?: string;
}

export interface FormatRule {
  id: string;
  severity: Severity;
  description: string;
  docs?: string;
}

/** A formatter turns results into the text written to stdout (or a file). */
export type Formatter = (results: readonly FileResult[], context: FormatContext) => string;

/**
 * A format that can be written as the run goes: `file` gives each file's text as soon as that file
 * (in input order) is done, so neither its result nor its source needs to be kept; `end` gives the
 * closing text (a summary). Written out in full, it is the same as the matching `Formatter`.
 */
export interface StreamFormatter {
  file(result: FileResult, source: FrameSource | undefined): string;
  end(): string;
}

export type StreamFormatterFactory = (context: FormatContext) => StreamFormatter;
