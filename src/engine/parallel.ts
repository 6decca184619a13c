import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WalkEntry } from '../files/walk.js';
import { SourceFile } from '../source/source-file.js';
import type { FileResult } from '../types.js';
import { lintFiles, type LintFilesOptions, type LintRun } from './lint-files.js';
import type { WorkerInput, WorkerReply, WorkerRequest } from './lint-worker.js';

/**
 * Below this many files, threads cost more than they save unless asked for: each worker starts
 * cold and reads the IAM data again, and on the 2-vCPU machines here two workers linted the
 * 1,524 AWS managed policies in 880-960 ms against 600-660 ms on one thread.
 */
export const PARALLEL_THRESHOLD = 5_000;
const CHUNK = 48;

export interface ParallelOptions {
  /** How the worker finds the same rules: the config file (already resolved) and the CLI's overrides. */
  rules: Pick<WorkerInput, 'configFile' | 'ruleOverrides'>;
  /** Worker count; default: one per core, at most 4. 1 keeps everything on this thread. */
  workers?: number;
}

/**
 * Lints many files on worker threads, one per core. Work is handed out in small chunks as workers
 * ask for it, and results are put back in input order, so the output is the same byte for byte
 * whatever the worker count.
 */
export async function lintFilesParallel(entries: readonly WalkEntry[], options: LintFilesOptions, parallel: ParallelOptions): Promise<LintRun> {
  const count = Math.min(parallel.workers ?? Math.min(availableParallelism(), 4), Math.ceil(entries.length / CHUNK));
  const workerUrl = new URL('./lint-worker.js', import.meta.url);
  const enough = parallel.workers !== undefined || entries.length >= PARALLEL_THRESHOLD;
  const runnable = count > 1 && enough && !entries.some((e) => e.path === '-') && !import.meta.url.endsWith('.ts');
  if (!runnable) return lintFiles(entries, options);

  const results: FileResult[] = new Array(entries.length);
  const sources = new Map<string, SourceFile>();
  let next = 0;
  let done = 0;
  const input: WorkerInput = {
    cwd: options.cwd,
    ...parallel.rules,
    ...(options.policyType && { policyType: options.policyType }),
    keepSources: options.keepSources !== false,
    ...(options.suppress && { suppress: options.suppress }),
  };
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(workerUrl, { workerData: input });
        const send = () => {
          if (next >= entries.length) {
            void worker.terminate();
            resolve();
            return;
          }
          const start = next;
          next = Math.min(entries.length, next + CHUNK);
          const request: WorkerRequest = { start, entries: entries.slice(start, next) };
          worker.postMessage(request);
        };
        worker.on('message', (reply: WorkerReply) => {
          if (reply.type === 'error') {
            void worker.terminate();
            reject(Object.assign(new Error(reply.message), { stack: reply.stack }));
            return;
          }
          if (reply.type === 'results') {
            reply.results.forEach((r, i) => {
              results[reply.start + i] = r.result;
              if (r.text !== undefined) sources.set(r.result.path, new SourceFile(r.result.path, r.text));
            });
            done += reply.results.length;
            options.onProgress?.(done, entries.length);
          }
          send();
        });
        worker.on('error', reject);
      }),
    ),
  );
  return { results, sources };
}
