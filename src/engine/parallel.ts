import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { WalkEntry } from '../files/walk.js';
import { FrameLines, type FrameLineData } from '../formatters/code-frame.js';
import type { FileResult } from '../types.js';
import { collector, lintEntryFrames, lintFiles, type LintFilesOptions, type LintRun } from './lint-files.js';
import type { WorkerInput, WorkerReply, WorkerRequest } from './lint-worker.js';

/**
 * Below this many files, threads cost more than they save unless asked for. Each thread starts
 * cold (modules, IAM data, JIT, caches), and on the 2-vCPU machine here one thread already keeps
 * about 1.4 cores busy (V8 collects and compiles on helper threads). Measured with the default
 * output (`scripts/make-tree.mjs` trees, other jobs sharing the machine), one thread against two:
 * 1,020 files 1.0 s against 1.2 s, 10,200 files 6.4 s against 7.3-9.3 s, 20,400 files 10.0 s
 * against 11.3-13.2 s, the second thread adding some 45% CPU time. So threads start only past
 * the sizes measured; `npm run bench` reports the speed-up on the 100,000-file tree.
 */
export const PARALLEL_THRESHOLD = 25_000;

/**
 * Lint threads when the caller does not say: one core is left to V8's helper threads. Each thread
 * is an isolate that compiles and collects on those helpers, and on 2 vCPUs they had no room: on
 * the 100,000-file tree two threads took 14.9 s against 16.4 s for one, at 27 s of CPU time against
 * 20 s (helper threads 8.3 s against 4.0 s, lint threads 18.9 s against 15.7 s), and 314 MB at
 * peak against 220 MB. So a 2-core machine stays on one thread; IAMLINT_WORKERS=2 asks for two.
 */
export function defaultThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores - 1, 4));
}
const CHUNK = 48;
const WORKER_YOUNG_GENERATION_MB = 4;

export interface ParallelOptions {
  /** How the worker finds the same rules: the config file (already resolved) and the CLI's overrides. */
  rules: Pick<WorkerInput, 'configFile' | 'ruleOverrides'>;
  /** Threads, this one included; default: `defaultThreads()`. 1 keeps everything on this thread. */
  workers?: number;
}

/**
 * Lints many files on worker threads, one thread per core (this one included). Work is handed out in small chunks as workers
 * ask for it, and results are put back in input order (to the sink as soon as every file before
 * them is done), so the output is the same byte for byte whatever the worker count.
 */
export async function lintFilesParallel(entries: readonly WalkEntry[], options: LintFilesOptions, parallel: ParallelOptions): Promise<LintRun> {
  const count = Math.min(parallel.workers ?? defaultThreads(), Math.ceil(entries.length / CHUNK));
  const workerUrl = new URL('./lint-worker.js', import.meta.url);
  const enough = parallel.workers !== undefined || entries.length >= PARALLEL_THRESHOLD;
  const runnable = count > 1 && enough && !entries.some((e) => e.path === '-') && !import.meta.url.endsWith('.ts');
  if (!runnable) return lintFiles(entries, options);
  // Loaded here, not at start-up (~2 ms), since most runs stay on one thread.
  const threads = await import('node:worker_threads');

  const held = options.onResult ? undefined : collector();
  const sink = options.onResult ?? held!.sink;
  // Results that came back before an earlier file's: at most a few chunks per worker.
  const waiting = new Map<number, { result: FileResult; frames?: FrameLineData }>();
  let emitted = 0;
  let next = 0;
  let done = 0;
  let delivery = Promise.resolve();
  const deliver = async () => {
    for (let item = waiting.get(emitted); item; item = waiting.get(emitted)) {
      waiting.delete(emitted);
      await sink(item.result, item.frames && new FrameLines(item.frames), emitted);
      emitted++;
    }
  };
  const input: WorkerInput = {
    cwd: options.cwd,
    ...parallel.rules,
    ...(options.policyType && { policyType: options.policyType }),
    keepSources: options.keepSources !== false,
    ...(options.suppress && { suppress: options.suppress }),
    ...(options.fingerprints === false && { fingerprints: false }),
  };
  const take = (): WorkerRequest | undefined => {
    if (next >= entries.length) return undefined;
    const start = next;
    next = Math.min(entries.length, next + CHUNK);
    return { start, entries: entries.slice(start, next) };
  };
  // More work only once the sink has taken what is ready, so a slow output holds back the run, not memory.
  const accept = (start: number, results: readonly { result: FileResult; frames?: FrameLineData }[]): Promise<void> => {
    results.forEach((r, i) => waiting.set(start + i, r));
    done += results.length;
    options.onProgress?.(done, entries.length);
    delivery = delivery.then(deliver);
    return delivery;
  };
  const workers: Worker[] = [];
  let failed = false;
  // One failure ends the run: every worker stops, not just the one that failed.
  const stopAll = () => {
    failed = true;
    for (const w of workers) void w.terminate();
  };
  const thread = () =>
    new Promise<void>((resolve, reject) => {
      // A young generation of 4 MB instead of V8's 32: on the 100,000-file tree two threads peaked at
      // 302 MB against 312-325 MB with 8 MB and ~335 MB with V8's, in the same time.
      const worker = new threads.Worker(workerUrl, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      workers.push(worker);
      let inFlight = 0;
      let finished = false;
      const fail = (error: unknown) => {
        stopAll();
        reject(error);
      };
      const send = () => {
        // Two chunks per worker: it starts the next while this thread takes in the last.
        for (let chunk = inFlight < 2 ? take() : undefined; chunk; chunk = inFlight < 2 ? take() : undefined) {
          inFlight++;
          worker.postMessage(chunk);
        }
        if (inFlight === 0 && !finished) {
          finished = true;
          void worker.terminate();
          resolve();
        }
      };
      worker.on('message', (reply: WorkerReply) => {
        if (failed) return;
        if (reply.type === 'error') return fail(Object.assign(new Error(reply.message), { stack: reply.stack }));
        if (reply.type === 'results') {
          inFlight--;
          accept(reply.start, reply.results).then(send, fail);
          return;
        }
        send();
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (!finished && !failed) fail(new Error(`a lint worker stopped (exit code ${code})`));
      });
    });
  // This thread lints too: on two cores one worker and this thread keep both busy, with one
  // heap and one copy of the IAM data fewer than two workers and an idle main thread.
  const here = async () => {
    try {
      for (let chunk = take(); chunk && !failed; chunk = take()) {
        const results: { result: FileResult; frames?: FrameLineData }[] = [];
        for (const entry of chunk.entries) results.push(await lintEntryFrames(entry, options));
        await accept(chunk.start, results);
        // Lets the workers' replies in between chunks.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      stopAll();
      throw error;
    }
  };
  await Promise.all([here(), ...Array.from({ length: count - 1 }, thread)]);
  await delivery;
  return held?.run ?? { results: [], sources: new Map() };
}
