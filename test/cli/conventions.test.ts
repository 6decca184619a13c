/** What ESLint and cfn-lint users expect of a CLI, where iamlint once did otherwise (found by a CLI audit). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli, scratch } from '../helpers/cli.js';

const WILDCARD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*' }] });
const ANSI = /\u001b\[/;

let cleanup = () => {};
afterEach(() => cleanup());

/** Runs main() in-process with stdout posing as a terminal, so the colour decision can be seen. */
async function onTerminal(args: string[], env: Record<string, string>): Promise<string> {
  const s = scratch({ 'p.json': WILDCARD });
  cleanup = s.cleanup;
  const stdout = Object.assign(new PassThrough(), { isTTY: true });
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  // The built CLI: it reads its version from the package.json beside dist/.
  const { main } = (await import(`${repoRoot}/dist/src/cli.js`)) as typeof import('../../src/cli.js');
  await main(['node', 'iamlint', '--no-config', ...args, join(s.dir, 'p.json')], { stdout: stdout as unknown as typeof process.stdout, stderr: new PassThrough() as unknown as typeof process.stderr, stdin: process.stdin, env });
  return out;
}

describe('colour on a terminal', () => {
  it.each([
    ['no variable set', {}, true],
    ['FORCE_COLOR=0', { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false', { FORCE_COLOR: 'false' }, false],
    ['TERM=dumb', { TERM: 'dumb' }, false],
    ['NO_COLOR=1', { NO_COLOR: '1' }, false],
    ['FORCE_COLOR=1 beside NO_COLOR=1', { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
  ])('%s: colour %s', async (_name, env, coloured) => {
    const out = await onTerminal([], env);
    expect(out).toContain('no-wildcard-action');
    expect(ANSI.test(out)).toBe(coloured);
  });

  it('--no-color wins over FORCE_COLOR', async () => {
    expect(ANSI.test(await onTerminal(['--no-color'], { FORCE_COLOR: '1' }))).toBe(false);
  });
});

describe('usage errors: exit 2 and one line naming the problem', () => {
  it.each([
    ['an empty --max-warnings', ['--max-warnings', '', 'examples/policies'], /max-warnings/],
    ['--stdin-filename without -', ['--stdin-filename', 'x.json', 'examples/policies'], /^iamlint: --stdin-filename names the text read from stdin: give - as a path to read it\n$/],
    ['--fix on stdin', ['--fix', '-'], /^iamlint: --fix works on files, not on text read from stdin\n$/],
    ['--fix-dry-run on stdin', ['--fix-dry-run', '-'], /^iamlint: --fix-dry-run works on files, not on text read from stdin\n$/],
  ])('%s', (_name, args, stderr) => {
    const r = runCli(['--no-config', ...args], { input: WILDCARD });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(stderr);
  });

  it('a report that cannot be written where a file stands in for a folder names the report, not a temporary file', () => {
    const s = scratch({ 'p.json': WILDCARD, 'taken': 'a file' });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', '-o', 'taken/report.json', '-f', 'json', 'p.json'], { cwd: s.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('iamlint: cannot write taken/report.json: a part of the path is a file, not a folder\n');
  });

  it('a report onto a folder', () => {
    const s = scratch({ 'p.json': WILDCARD, 'out/keep': '' });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', '-o', 'out', 'p.json'], { cwd: s.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('iamlint: cannot write out: is a folder\n');
    expect(readFileSync(join(s.dir, 'out/keep'), 'utf8')).toBe('');
  });

  it('a configuration file with a syntax error says what is wrong', () => {
    const s = scratch({ 'p.json': WILDCARD, '.iamlintrc.json': '{"rules": {"no-wildcard-resource":' });
    cleanup = s.cleanup;
    const r = runCli(['p.json'], { cwd: s.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('iamlint: cannot read configuration .iamlintrc.json: line 1, column 35: Expected a value before the end of the file\n');
  });
});

describe('--quiet with --max-warnings', () => {
  it('warnings are neither shown nor counted, as the README says', () => {
    const r = runCli(['--no-config', '-q', '--max-warnings', '0', '-'], { input: WILDCARD });
    expect(r.stdout).not.toContain('warning');
    expect(r.status).toBe(0);
    const counted = runCli(['--no-config', '--max-warnings', '0', '-'], { input: WILDCARD });
    expect(counted.status).toBe(1);
    expect(counted.stderr).toContain('too many warnings');
  });
});

describe('a file named on the command line that an ignore pattern matches', () => {
  it('is not read, and stderr says so', () => {
    const s = scratch({ 'gen/p.json': WILDCARD });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', '--ignore-pattern', 'gen/**', 'gen/p.json'], { cwd: s.dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('iamlint: gen/p.json: ignored, an ignore pattern matches it (the configuration\'s "ignores" or --ignore-pattern)\n');
  });
});

describe('baselines', () => {
  it('--write-baseline creates its folder', () => {
    const s = scratch({ 'p.json': WILDCARD });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', '--write-baseline', 'ci/new/baseline.json', 'p.json'], { cwd: s.dir });
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(s.dir, 'ci/new/baseline.json'), 'utf8')).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['no-wildcard-action']);
  });

  it('never records nor suppresses a parse-error: a broken file keeps failing', () => {
    const s = scratch({ 'p.json': WILDCARD, 'broken.json': '{"Statement": [' });
    cleanup = s.cleanup;
    expect(runCli(['--no-config', '--write-baseline', 'b.json', '.'], { cwd: s.dir }).status).toBe(0);
    const recorded = JSON.parse(readFileSync(join(s.dir, 'b.json'), 'utf8')).findings.map((f: { ruleId: string; path: string }) => `${f.ruleId} ${f.path}`);
    expect(recorded).toEqual(['no-wildcard-action p.json']);
    const r = runCli(['--no-config', '-f', 'json', '--baseline', 'b.json', '.'], { cwd: s.dir });
    expect(r.status).toBe(1);
    const open = JSON.parse(r.stdout).files.flatMap((f: { path: string; findings: { ruleId: string }[] }) => f.findings.map((x) => `${x.ruleId} ${f.path}`));
    expect(open).toEqual(['parse-error broken.json']);
  });
});

describe('stdin', () => {
  const unversioned = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';

  it('named twice (- -) is read once', () => {
    const r = runCli(['--no-config', '-f', 'json', '-', '-'], { input: unversioned });
    expect(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path)).toEqual(['<stdin>']);
  });

  it('is not offered --fix, which works on files only; a file beside it is', () => {
    const alone = runCli(['--no-config', '-'], { input: unversioned });
    expect(alone.stdout).toContain('policy-version');
    expect(alone.stdout).not.toContain('--fix');
    const s = scratch({ 'p.json': unversioned });
    cleanup = s.cleanup;
    const both = runCli(['--no-config', '-', 'p.json'], { cwd: s.dir, input: unversioned });
    expect(both.stdout).toContain('1 problem can be fixed with the `--fix` option.');
  });
});

describe('a folder named on the command line with no file to read', () => {
  it('is said so on stderr (a mistyped or emptied path in CI), and the run stays clean', () => {
    const s = scratch({ 'policies/notes.txt': 'not a policy' });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', 'policies'], { cwd: s.dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('iamlint: policies: no file to lint in this folder (iamlint reads .json, .jsonc, .yaml, .yml, .template, .tf, .tfstate files)\n');
  });
});
