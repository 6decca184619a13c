/**
 * The bundled CLI (dist/bundle/cli.cjs, scripts/bundle.mjs) finds files relative to its own folder,
 * not dist/src/'s: rule docs, package.json, the worker beside it. A wrong path there fails quietly
 * (a doc-less explain, an unknown version), and so does a code cache V8 rejects (a slower start), so
 * these run bin/iamlint.js on the bundle with its code cache, whichever entry it would pick now.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, scratch } from './helpers/cli.js';

const bundle = join(repoRoot, 'dist', 'bundle', 'cli.cjs');

// A package of its own, with nothing in dist/src/ to be newer than the bundle: bin/iamlint.js,
// dist/bundle/ and dist/iam-index/ copied, the rest linked.
const pkg = scratch({});
afterAll(pkg.cleanup);
let prepared = false;
function prepare() {
  if (prepared) return;
  if (!existsSync(bundle)) throw new Error('dist/bundle/cli.cjs is missing: run npm run build (or node scripts/bundle.mjs after tsc)');
  for (const dir of ['bin', 'dist/bundle', 'dist/iam-index']) cpSync(join(repoRoot, dir), join(pkg.dir, dir), { recursive: true, preserveTimestamps: true });
  for (const name of ['package.json', 'node_modules', 'rules', 'fixtures']) symlinkSync(join(repoRoot, name), join(pkg.dir, name));
  prepared = true;
}

function runBundled(args: string[], env: Record<string, string> = {}) {
  prepare();
  const r = spawnSync(process.execPath, [join(pkg.dir, 'bin', 'iamlint.js'), ...args], {
    cwd: pkg.dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundled CLI', () => {
  it('compiles from its code cache', () => {
    const r = runBundled(['--no-config', 'fixtures/no-wildcard-action'], { IAMLINT_CODE_CACHE: 'check' });
    expect(r.stderr).toBe('code cache accepted\n');
  });

  it('runs without a code cache, and ignores one older than the bundle', () => {
    const args = ['--no-config', '-f', 'json', 'fixtures/no-wildcard-action'];
    const cached = runBundled(args);
    utimesSync(join(pkg.dir, 'dist', 'bundle', 'cli.cache'), 0, 0);
    try {
      const r = runBundled(args, { IAMLINT_CODE_CACHE: 'check' });
      expect(r.stderr).toBe('code cache absent\n');
      expect(r.stdout).toBe(cached.stdout);
    } finally {
      const now = new Date();
      utimesSync(join(pkg.dir, 'dist', 'bundle', 'cli.cache'), now, now);
    }
  });

  it('names its own file in --debug stack traces, not the machine the build ran on', () => {
    const plugin = scratch({
      'plugin.mjs': "export default { rules: [{ meta: { id: 'boom', severity: 'error', description: 'throws', kinds: ['identity'], messages: { m: 'x' } }, defaultOptions: {}, create() { return { policy() { throw new Error('boom'); } }; } }] };\n",
      '.iamlintrc.json': '{ "plugins": ["./plugin.mjs"] }',
      'p.json': '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}',
    });
    try {
      prepare();
      const r = spawnSync(process.execPath, [join(pkg.dir, 'bin', 'iamlint.js'), '--debug', 'p.json'], { cwd: plugin.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('rule boom failed on p.json: boom');
      expect(r.stderr).toContain(join(pkg.dir, 'dist', 'bundle', 'cli.cjs'));
      expect(r.stderr).not.toContain(join(repoRoot, 'dist', 'bundle'));
    } finally {
      plugin.cleanup();
    }
  });

  it('is ASCII, which bin/iamlint.js reads it as, and still prints the other characters of its messages', () => {
    expect(/[^\x00-\x7f]/.exec(readFileSync(bundle, 'latin1'))).toBeNull();
    const r = runBundled(['--no-config', 'fixtures/no-wildcard-resource/bad']);
    expect(r.stdout).toContain('⚠ 9 problems (0 errors, 8 warnings, 1 info)');
    expect(r.stdout).toMatch(/s3:GetObject → arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}/);
  });

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
    // Only the notices of fixtures holding a policy only Terraform renders, the same on both.
    expect(two.stderr.split('\n').filter((l) => l !== '' && !l.includes(' was not read: ') && !l.includes(' may not all have been read: '))).toEqual([]);
    expect(two.stderr).toBe(one.stderr);
    expect(two.status).toBe(one.status);
    expect(two.stdout).toBe(one.stdout);
  });
  it('loads none of the node modules a one-file run does not use (each costs start-up time)', () => {
    prepare();
    const list = join(pkg.dir, 'loaded.txt');
    const probe = join(pkg.dir, 'probe.cjs');
    // node's own list of the built-in modules it loaded, written as the run exits. No pipes: a pipe
    // for stdout or stderr would load node:net itself.
    writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));`);
    const file = join(pkg.dir, 'fixtures', 'resource-mismatch', 'good', 'split-statements.json');
    const r = spawnSync(process.execPath, ['-r', probe, join(pkg.dir, 'bin', 'iamlint.js'), '--no-config', file], { cwd: pkg.dir, stdio: 'ignore' });
    expect(r.status).toBe(0);
    const loaded = readFileSync(list, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule fs');
    for (const name of ['crypto', 'net', 'module', 'fs/promises', 'internal/fs/streams', 'internal/modules/esm/loader']) expect(loaded).not.toContain(`NativeModule ${name}`);
  });
  // An index written by an older build (another layout, no "format" in meta.json) must not be read as this one.
  it('reads the IAM data package when dist/iam-index is of another layout, and says which index file is damaged', () => {
    const args = ['--no-config', '-f', 'json', 'fixtures/no-wildcard-action', 'fixtures/resource-mismatch'];
    const expected = runBundled(args);
    const metaFile = join(pkg.dir, 'dist', 'iam-index', 'meta.json');
    const meta = readFileSync(metaFile, 'utf8');
    const s3 = join(pkg.dir, 'dist', 'iam-index', 's3.lines');
    const s3Text = readFileSync(s3, 'utf8');
    try {
      writeFileSync(metaFile, JSON.stringify({ ...JSON.parse(meta), format: 1 }));
      writeFileSync(s3, 'not an index');
      const stale = runBundled(args);
      expect(stale.stderr).toBe('');
      expect(stale.stdout).toBe(expected.stdout);
      writeFileSync(metaFile, meta);
      const damaged = runBundled(args);
      expect(damaged.status).toBe(2);
      expect(damaged.stderr).toContain(`the IAM index file ${s3} is damaged: run npm run build`);
    } finally {
      writeFileSync(metaFile, meta);
      writeFileSync(s3, s3Text);
    }
  });
  it('says so when the file of every service header is damaged, which a policy granting "*" reads', () => {
    prepare();
    const headers = join(pkg.dir, 'dist', 'iam-index', 'headers.lines');
    const text = readFileSync(headers, 'utf8');
    const policy = join(pkg.dir, 'star.json');
    writeFileSync(policy, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }));
    try {
      // One line short, then one line that is not JSON.
      for (const broken of [text.slice(0, text.lastIndexOf('\n')), text.replace(/\n[^\n]*/, '\nnot a header')]) {
        writeFileSync(headers, broken);
        const damaged = runBundled(['--no-config', policy]);
        expect(damaged.status).toBe(2);
        expect(damaged.stderr).toContain(`the IAM index file ${headers} is damaged: run npm run build`);
      }
    } finally {
      writeFileSync(headers, text);
    }
    const intact = runBundled(['--no-config', '-f', 'json', policy]);
    expect(intact.status).toBe(1);
    expect(JSON.parse(intact.stdout).files[0].findings.map((f: { ruleId: string }) => f.ruleId)).toContain('no-wildcard-action');
  });
});
