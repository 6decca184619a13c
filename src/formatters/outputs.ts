import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../config/errors.js';
import { openAtomic, writeAtomically, type AtomicFile } from '../files/atomic-write.js';
import { writingTo } from '../files/writing-to.js';
import type { FrameSource } from './code-frame.js';
import { FORMATTERS, STREAM_FORMATTERS } from './index.js';
import type { FileResult } from '../types.js';
import type { FormatContext, StreamFormatterFactory } from './types.js';

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
  writingTo(file, () => {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    writeAtomically(resolve(file), text);
  });
}


/** Where a streamed report to stdout goes: a stream, whose backpressure is respected. */
export interface ReportStdout {
  write(text: string): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off?(event: 'drain' | 'close', listener: () => void): unknown;
  /** Set once the reader has gone (`iamlint . | head`): there is no one left to write to. */
  destroyed?: boolean;
  /** A terminal gets each file's findings as soon as they are ready; other readers get them in batches. */
  isTTY?: boolean;
}

/** Text for a reader that is not a terminal is written in pieces of about this many characters. */
const BATCH = 1 << 16;

/** Reports written as the run goes, one `file` call per file in input order, then `end`. */
export interface ReportStreams {
  file(result: FileResult, source: FrameSource | undefined): void | Promise<void>;
  end(): void;
  /** The run failed: report files are left as they were. */
  abort(): void;
}

/**
 * Streams every output (all must be in STREAM_FORMATTERS). Report files are written to a temporary
 * file renamed into place at the end, as `writeReport` does, so a failed run leaves the old report.
 * `beforeStdout` runs before each write to stdout (to erase a progress line).
 */
export async function streamReports(outputs: readonly OutputSpec[], contextFor: (output: OutputSpec) => FormatContext, stdout: ReportStdout, beforeStdout: () => void = () => {}): Promise<ReportStreams> {
  const formats = await Promise.all(
    outputs.map((output) => {
      const load = STREAM_FORMATTERS[output.format];
      if (!load) throw new Error(`${output.format} cannot be streamed`);
      return load();
    }),
  );
  const sinks = outputs.map((output, i) => ({ stream: (formats[i] as StreamFormatterFactory)(contextFor(output)), file: output.file === undefined ? undefined : openReportFile(output.file) }));
  // A write per file was a system call per file: 1,524 of them for the AWS managed policies, to a
  // file or pipe that reads the report whole anyway.
  const batched = stdout.isTTY !== true;
  let pending = '';
  const toStdout = (piece: string, last = false): void | Promise<void> => {
    let text = piece;
    if (batched) {
      pending += piece;
      if (pending.length < BATCH && !last) return;
      text = pending;
      pending = '';
    }
    if (text === '' || stdout.destroyed) return;
    beforeStdout();
    if (stdout.write(text)) return;
    // A closed pipe never drains: waiting for it would leave the run hanging without its exit code.
    return new Promise((done) => {
      const resume = () => {
        stdout.off?.('drain', resume);
        stdout.off?.('close', resume);
        done();
      };
      stdout.once('drain', resume);
      stdout.once('close', resume);
    });
  };
  return {
    file(result, source) {
      let waiting: Promise<void> | undefined;
      for (const sink of sinks) {
        const text = sink.stream.file(result, source);
        if (sink.file) sink.file.write(text);
        else waiting = toStdout(text) ?? waiting;
      }
      return waiting;
    },
    end() {
      for (const sink of sinks) {
        const text = sink.stream.end();
        if (sink.file) {
          sink.file.write(text);
          sink.file.commit();
        } else void toStdout(text, true);
      }
    },
    abort() {
      for (const sink of sinks) sink.file?.abort();
    },
  };
}

/** A report file written piece by piece as the run goes, in place at the end (`writeReport`'s way). */
function openReportFile(file: string): AtomicFile {
  const target = resolve(file);
  const out = writingTo(file, () => {
    mkdirSync(dirname(target), { recursive: true });
    return openAtomic(target);
  });
  return { write: (text) => writingTo(file, () => out.write(text)), commit: () => writingTo(file, () => out.commit()), abort: () => out.abort() };
}
