import { parentPort, workerData } from 'node:worker_threads';
import { resolveActiveRules } from '../api.js';
import type { WalkEntry } from '../files/walk.js';
import type { FileResult, PolicyKind } from '../types.js';
import { lintFiles, type LintFilesOptions } from './lint-files.js';

/** What a lint worker is started with: enough to build the same rule set as the main thread. */
export interface WorkerInput {
  cwd: string;
  configFile?: string;
  ruleOverrides: readonly string[];
  policyType?: PolicyKind;
  keepSources: boolean;
  suppress?: LintFilesOptions['suppress'];
}

export interface WorkerRequest {
  start: number;
  entries: WalkEntry[];
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'results'; start: number; results: { result: FileResult; text?: string }[] }
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
    port.on('message', (request: WorkerRequest) => {
      lintFiles(request.entries, { cwd: input.cwd, rules, ruleSet, ...(input.suppress && { suppress: input.suppress }), ...(input.policyType && { policyType: input.policyType }), keepSources: input.keepSources })
        .then((run) => {
          const reply: WorkerReply = {
            type: 'results',
            start: request.start,
            results: run.results.map((result) => {
              const text = run.sources.get(result.path)?.text;
              return text === undefined ? { result } : { result, text };
            }),
          };
          port.postMessage(reply);
        })
        .catch((error: unknown) => port.postMessage(errorReply(error)));
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
