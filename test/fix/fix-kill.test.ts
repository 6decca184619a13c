/**
 * `--fix` never loses data: the CLI fixing a 30 MB template is killed with SIGKILL, many times, at
 * random moments and at the moment its temporary file appears (mid-write). Afterwards the file is
 * always exactly the old or exactly the new text, never a mix or a truncation.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'iamlint-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
delete env.FORCE_COLOR;
delete env.IAMLINT_WORKERS;

/** Big enough that writing takes a while; parsed natively, so linting it does not. */
function template(): string {
  const policy = { Version: '2012-10-17', Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObject'], Resource: 'arn:aws:s3:::example-reports/*' }] };
  return `${JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Description: 'd'.repeat(30 * 1024 * 1024), Resources: { ReportsPolicy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: policy } } } }, null, 2)}\n`;
}

interface Kill {
  /** Killed when the temporary file appeared, rather than at a random time. */
  midWrite: boolean;
  delayMs: number;
}

/** Runs --fix on `file` and kills it as `kill` says; resolves once the process is gone. */
function fixAndKill(file: string, kill: Kill): Promise<void> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, '--no-config', '--fix', file], { cwd: dir, env, stdio: 'ignore' });
    const stop = () => setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
    let watcher: ReturnType<typeof watch> | undefined;
    if (kill.midWrite) {
      watcher = watch(dir, (_, name) => {
        if (name && /\.iamlint-[0-9a-f]+\.tmp$/.test(name)) {
          watcher?.close();
          watcher = undefined;
          stop();
        }
      });
    } else stop();
    child.on('exit', () => {
      watcher?.close();
      done();
    });
  });
}

describe('--fix killed while it works', () => {
  it('leaves the old or the new file, never a mix, across many SIGKILLs', async () => {
    const original = template();
    const source = join(dir, 'original.json.bak');
    const target = join(dir, 'stack.template.json');
    writeFileSync(source, original);
    // The fixed text, from a run left to finish.
    copyFileSync(source, target);
    const full = spawnSync(process.execPath, [bin, '--no-config', '--fix', 'stack.template.json'], { cwd: dir, env, encoding: 'utf8' });
    expect(full.status).toBe(0);
    const fixed = readFileSync(target);
    expect(fixed.equals(Buffer.from(original))).toBe(false);
    expect(fixed.length).toBeGreaterThan(30 * 1024 * 1024);

    const kills: Kill[] = [];
    // Random moments across a whole run (~0.5 s), and right after the temporary file is created.
    for (let i = 0; i < 8; i++) kills.push({ midWrite: false, delayMs: Math.floor(Math.random() * 700) });
    for (let i = 0; i < 8; i++) kills.push({ midWrite: true, delayMs: Math.floor(Math.random() * 15) });
    const seen = { old: 0, new: 0 };
    for (const kill of kills) {
      copyFileSync(source, target);
      await fixAndKill('stack.template.json', kill);
      const now = readFileSync(target);
      const isOld = now.equals(Buffer.from(original));
      const isNew = now.equals(fixed);
      expect(isOld || isNew, `after SIGKILL ${kill.midWrite ? 'mid-write' : 'at'} +${kill.delayMs} ms the file is ${now.length} bytes, neither old nor new`).toBe(true);
      if (isOld) seen.old++;
      else seen.new++;
    }
    // Killed mid-write, the rename never happened: the old file stays. (A random kill may land either side.)
    expect(seen.old).toBeGreaterThan(0);
    // A killed run leaves its temporary file behind; it is not a file iamlint lints.
    const lintAfter = spawnSync(process.execPath, [bin, '--no-config', '-f', 'json', '.'], { cwd: dir, env, encoding: 'utf8' });
    const paths = (JSON.parse(lintAfter.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
    expect(paths).toEqual(['stack.template.json']);
    // And some kills did land mid-write: each leaves its temporary file behind.
    const leftovers = readdirSync(dir).filter((n) => n.endsWith('.tmp'));
    expect(leftovers.length, `${seen.old} runs left the old file, ${seen.new} the new one`).toBeGreaterThan(0);
  }, 120_000);
});
