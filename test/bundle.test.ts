/**
 * The bundled CLI (dist/bundle/, scripts/bundle.mjs) finds files relative to its own folder, not
 * dist/src/'s: rule docs, package.json, the worker beside it, lazy chunks. A wrong path there fails
 * quietly (a doc-less explain, an unknown version), so these run the bundle itself, whichever
 * entry bin/iamlint.js would pick.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, scratch } from './helpers/cli.js';

const bundle = join(repoRoot, 'dist', 'bundle', 'cli.js');

// A file, not `node -e`: worker threads inherit the process's flags, and --input-type is not one they take.
const launcher = scratch({ 'run.mjs': `const { main } = await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.exitCode = await main(process.argv);` });
afterAll(launcher.cleanup);

function runBundled(args: string[], env: Record<string, string> = {}) {
  if (!existsSync(bundle)) throw new Error('dist/bundle/cli.js is missing: run npm run build (or node scripts/bundle.mjs after tsc)');
  const r = spawnSync(process.execPath, [join(launcher.dir, 'run.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundled CLI', () => {
  it('reads its version from package.json', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const r = runBundled(['--version']);
    expect(r.stdout).toMatch(new RegExp(`^iamlint ${version.replace(/\./g, '\\.')} \\(IAM data \\d`));
  });

  it('finds the rule docs', () => {
    const doc = readFileSync(join(repoRoot, 'rules', 'no-wildcard-action.md'), 'utf8');
    const firstLine = doc.split('## What it reports\n')[1]!.trim().split('\n')[0]!.replace(/[`*]/g, '').split(' ').slice(0, 4).join(' ');
    const r = runBundled(['explain', 'no-wildcard-action', '--no-config']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(firstLine);
  });

  it('loads YAML and Terraform input from its lazy chunks', () => {
    const r = runBundled(['--no-config', '-f', 'json', 'fixtures/terraform-src/bad/iam.tf', 'fixtures/no-credentials-exposure/bad/key-rotator.yaml']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { files: { policies: number; findings: unknown[] }[] };
    expect(report.files.map((f) => f.policies > 0 && f.findings.length > 0)).toEqual([true, true]);
  });

  it('starts its worker threads from the bundled worker, with the same results', () => {
    const args = ['--no-config', '-f', 'json', 'fixtures'];
    const one = runBundled(args, { IAMLINT_WORKERS: '1' });
    const two = runBundled(args, { IAMLINT_WORKERS: '2' });
    expect(two.stderr).toBe('');
    expect(two.status).toBe(one.status);
    expect(two.stdout).toBe(one.stdout);
  });
});
