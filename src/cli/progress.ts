/** Runs over fewer files than this finish before a progress line would help. */
export const PROGRESS_MIN_FILES = 200;
/** At most ten updates a second: a terminal redrawing faster only costs time. */
const INTERVAL_MS = 100;

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Erases the line, so the report starts on a clean one. */
  end(): void;
}

/**
 * A `files done / total` line on stderr, redrawn in place. Only for a person watching: never
 * when stderr or stdout is not a terminal, nor in CI (CI set), nor for small runs.
 */
export function createProgress(stderr: ProgressStream, options: { stdoutIsTTY?: boolean; env?: NodeJS.ProcessEnv; now?: () => number } = {}): Progress {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const enabled = stderr.isTTY === true && options.stdoutIsTTY !== false && (env.CI === undefined || env.CI === '');
  let shown = 0;
  let last = -Infinity;
  return {
    update(done, total) {
      if (!enabled || total <= PROGRESS_MIN_FILES) return;
      const t = now();
      if (t - last < INTERVAL_MS && done < total) return;
      last = t;
      const line = `iamlint: ${done} / ${total} files`;
      stderr.write(`\r${line.padEnd(shown)}`);
      shown = line.length;
    },
    end() {
      if (shown === 0) return;
      stderr.write(`\r${' '.repeat(shown)}\r`);
      shown = 0;
    },
  };
}
