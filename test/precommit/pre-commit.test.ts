/**
 * The hook through the real `pre-commit` program: `try-repo` installs this repository as pre-commit
 * does for users (npm install, npm pack, npm install -g of the tarball) and runs the hook on a
 * sample repository; then the `.pre-commit-config.yaml` snippet from the README runs the same way.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/cli.js';

const available = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const SKIP = 'SKIPPED: the pre-commit program is not installed (Debian: apt-get install pre-commit)';
if (!available) console.warn(`pre-commit hook test ${SKIP}`);

const good = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "ReadLogs", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::build-logs/*" }
  ]
}
`;
const bad = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "ReadLogs", "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::build-logs/*" }
  ]
}
`;

const GIT_ENV = { GIT_AUTHOR_NAME: 'iamlint test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'iamlint test', GIT_COMMITTER_EMAIL: 'test@example.com' };

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, ...env }, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function git(cwd: string, ...args: string[]): string {
  const r = run('git', args, cwd);
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.output}`);
  return r.output.trim();
}

/**
 * A committed copy of the working tree: try-repo on a dirty checkout commits only tracked files,
 * and the hook must be tested as it is now, untracked new files included.
 */
function hookRepo(root: string): string {
  const dir = join(root, 'hook');
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' });
  if (listed.status === 0) {
    for (const file of listed.stdout.split('\0').filter(Boolean)) {
      const from = join(repoRoot, file);
      try {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        cpSync(from, join(dir, file));
      } catch {
        // Deleted in the working tree but still in the index.
      }
    }
  } else {
    const skip = new Set(['node_modules', 'dist', '.git', 'coverage', 'test-artifacts']);
    cpSync(repoRoot, dir, { recursive: true, filter: (src) => !skip.has(src.slice(repoRoot.length + 1).split(/[\\/]/)[0] ?? '') });
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '-m', 'hook under test');
  return dir;
}

/** The `.pre-commit-config.yaml` block under the README's `### pre-commit` heading. */
function readmeConfig(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.split(/^### pre-commit$/m)[1] ?? '';
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block?.[1]) throw new Error('README has no yaml block under "### pre-commit"');
  return block[1];
}

describe('pre-commit hook', () => {
  const root = mkdtempSync(join(tmpdir(), 'iamlint-pre-commit-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.skipIf(!available)(available ? 'fails on a bad policy with the finding, passes a good one and skips a file with no policy' : `hook test ${SKIP}`, () => {
    const hook = hookRepo(root);
    const sample = join(root, 'sample');
    mkdirSync(sample);
    git(sample, 'init', '-q');
    writeFileSync(join(sample, 'good.json'), good);
    writeFileSync(join(sample, 'bad.json'), bad);
    writeFileSync(join(sample, 'package.json'), '{ "name": "sample", "private": true }\n');
    writeFileSync(join(sample, 'notes.txt'), 'not matched by the hook\n');
    git(sample, 'add', '-A');
    const env = { PRE_COMMIT_HOME: join(root, 'cache') };

    const failing = run('pre-commit', ['try-repo', hook, 'iamlint', '--files', 'good.json', 'bad.json'], sample, env);
    expect(failing.output).toMatch(/iamlint\.+Failed/);
    expect(failing.output).toContain('bad.json:4:55  error  Unknown action "s3:GetObjekt"');
    expect(failing.output).toContain('Did you mean "s3:GetObject"?');
    expect(failing.output).not.toContain('good.json:');
    expect(failing.status).toBe(1);

    // The README's snippet, pointed at the copy: the documented config is the tested one.
    const documented = readmeConfig();
    const config = parse(documented) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
    expect(config.repos[0]?.hooks.map((h) => h.id)).toEqual(['iamlint']);
    const rev = git(hook, 'rev-parse', 'HEAD');
    const local = documented.replace(/^(\s*-?\s*repo:\s*).*$/m, `$1${hook}`).replace(/^(\s*rev:\s*).*$/m, `$1${rev}`);
    writeFileSync(join(sample, '.pre-commit-config.yaml'), local);
    git(sample, 'add', '.pre-commit-config.yaml');
    const clean = run('pre-commit', ['run', '--files', 'good.json', 'package.json', 'notes.txt', '--verbose'], sample, env);
    expect(clean.output).toMatch(/iamlint\.+Passed/);
    // Under pre-commit the skipped package.json goes unmentioned.
    expect(clean.output).not.toContain('skipped, no IAM policy');
    expect(clean.status).toBe(0);
    const staged = run('pre-commit', ['run'], sample, env);
    expect(staged.output).toMatch(/iamlint\.+Failed/);
    expect(staged.output).toContain('bad.json:4:55  error  Unknown action "s3:GetObjekt"');
    expect(staged.status).toBe(1);
  }, 600_000);
});
