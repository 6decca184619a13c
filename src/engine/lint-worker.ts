import { parentPort, workerData } from 'node:worker_threads';
import { resolveActiveRules } from '../api.js';
import type { WalkEntry } from '../files/walk.js';
import type { FileResult, PolicyKind } from '../types.js';
import type { FrameLineData } from '../formatters/code-frame.js';
import { lintEntryFrames, type LintFilesOptions } from './lint-files.js';

/** What a lint worker is started with: enough to build the same rule set as the main thread. */
export interface WorkerInput {
  cwd: string;
  configFile?: string;
  ruleOverrides: readonly string[];
  policyType?: PolicyKind;
  keepSources: boolean;
  suppress?: LintFilesOptions['suppress'];
  fingerprints?: boolean;
}

export interface WorkerRequest {
  start: number;
  entries: WalkEntry[];
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'results'; start: number; results: { result: FileResult; frames?: FrameLineData }[] }
  | { type: 'error'; message: string; stack?: string };

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const input = workerData as WorkerInput;
  try {
    const { rules, ruleSet } = await resolveActiveRules({
      cwd: input.cwd,
      useConfig: input.configFile !== undefined,
      ...(input.configFile && { configFile: input.configFile }),
      ruleOverrides: input.ruleOverrides,
    });
    const options: LintFilesOptions = { cwd: input.cwd, rules, ruleSet, ...(input.suppress && { suppress: input.suppress }), ...(input.policyType && { policyType: input.policyType }), keepSources: input.keepSources, ...(input.fingerprints === false && { fingerprints: false }) };
    port.on('message', (request: WorkerRequest) => {
      (async () => {
        const results: { result: FileResult; frames?: FrameLineData }[] = [];
        for (const entry of request.entries) results.push(await lintEntryFrames(entry, options));
        port.postMessage({ type: 'results', start: request.start, results } satisfies WorkerReply);
      })().catch((error: unknown) => port.postMessage(errorReply(error)));
    });
    port.postMessage({ type: 'ready' } satisfies WorkerReply);
  } catch (error) {
    port.postMessage(errorReply(error));
  }
}

function errorReply(error: unknown): WorkerReply {
  return error instanceof Error ? { type: 'error', message: error.message, ...(error.stack && { stack: error.stack }) } : { type: 'error', message: String(error) };
}

void serve();
