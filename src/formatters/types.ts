import type { ChalkInstance } from 'chalk';
import type { SourceFile } from '../source/source-file.js';
import type { FileResult } from '../types.js';

export interface FormatContext {
  sources: ReadonlyMap<string, SourceFile>;
  color: ChalkInstance;
  tool: { name: string; version: string; iamData: { version: string; date: string } };
}

/** A formatter turns results into the text written to stdout (or a file). */
export type Formatter = (results: readonly FileResult[], context: FormatContext) => string;
