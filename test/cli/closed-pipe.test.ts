import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bin, repoRoot } from '../helpers/cli.js';

/** Runs the CLI, reads its first chunk of output, then closes the pipe as `| head -1` would. */
function runAndCloseEarly(args: string[]): Promise<{ code: number | null; stderr: string; read: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let read = 0;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', (d: Buffer) => {
      read = d.length;
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, read }));
  });
}

describe('output to a reader that leaves early', () => {
  // The fixtures' report is several hundred kilobytes, far more than a pipe buffers.
  it.each([['stylish (streamed)', []], ['json', ['-f', 'json']]])('%s: no crash, the exit code still says there are findings', async (_name, extra) => {
    const run = await runAndCloseEarly(['--no-config', ...extra, 'fixtures']);
    expect(run.read).toBeGreaterThan(0);
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
    expect(run.code).toBe(1);
  }, 60_000);
});
