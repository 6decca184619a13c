/** Suppressions through the CLI: counts, exit codes, formats, the two flags, and parallel runs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { runCli as run, scratch } from '../helpers/cli.js';

const MINE = ['parse-error', 'no-wildcard-action', 'no-wildcard-resource'];
/** Every other rule off, so the outputs compared here do not change as rules are added. */
const ONLY_MINE = builtinRules.filter((r) => !MINE.includes(r.meta.id)).flatMap((r) => ['--rule', `${r.meta.id}:off`]);
const runCli = (args: string[], options: Parameters<typeof run>[1]) => run([...ONLY_MINE, ...args], options);

const policy = (lines: string[]) => ['{', '  "Version": "2012-10-17",', '  "Statement": [{', '    "Effect": "Allow",', ...lines, '    "Resource": "arn:aws:s3:::app-data/*"', '  }]', '}', ''].join('\n');

const files = {
  'silenced.json': policy(['    // iamlint-disable-next-line no-wildcard-action -- reviewed in SEC-12', '    "Action": "s3:*",']),
  'reasonless.json': policy(['    // iamlint-disable-next-line no-wildcard-action', '    "Action": "s3:*",']),
  'stale.json': policy(['    // iamlint-disable-next-line no-wildcard-action -- no longer needed', '    "Action": "s3:GetObject",']),
};
const { dir, cleanup } = scratch(files);
afterAll(cleanup);

describe('suppressed findings in CLI output', () => {
  it('are left out of stylish output, its counts and the exit code', () => {
    const r = runCli(['--no-config', 'silenced.json', 'reasonless.json', 'stale.json'], { cwd: dir });
    expect(r.stdout).toBe('✔ No problems (3 files, 3 policies)\n');
    expect(r.status).toBe(0);
  });

  it('are left out of JSON output and its summary', () => {
    const r = runCli(['--no-config', '-f', 'json', 'silenced.json'], { cwd: dir });
    const report = JSON.parse(r.stdout) as { files: { findings: unknown[] }[]; summary: { errors: number; warnings: number } };
    expect(report.files[0]!.findings).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('an unknown rule id in a directive fails the run with a clear message', () => {
    const bad = scratch({ 'p.json': policy(['    // iamlint-disable-next-line no-wildcard-actions -- typo', '    "Action": "s3:*",']) });
    try {
      const r = runCli(['--no-config', '-f', 'compact', 'p.json'], { cwd: bad.dir });
      expect(r.stdout.split('\n').filter(Boolean)).toEqual([
        'p.json:5:34: error: Unknown rule "no-wildcard-actions" in iamlint-disable-next-line comment (did you mean "no-wildcard-action"?) [iamlint/suppression]',
        'p.json:6:15: warning: Statement #1 allows every s3 action ("s3:*") [no-wildcard-action]',
      ]);
      expect(r.status).toBe(1);
    } finally {
      bad.cleanup();
    }
  });
});

describe('--require-reason and --report-unused-suppressions', () => {
  it('--require-reason reports the reasonless directive as a warning', () => {
    const r = runCli(['--no-config', '-f', 'compact', '--require-reason', '.'], { cwd: dir });
    expect(r.stdout).toBe('reasonless.json:5:5: warning: The iamlint-disable-next-line comment gives no reason: add one after " -- " [iamlint/suppression]\n');
    expect(r.status).toBe(0);
    expect(runCli(['--no-config', '--require-reason', '--max-warnings', '0', '.'], { cwd: dir }).status).toBe(1);
  });

  it('--report-unused-suppressions reports the directive that silenced nothing', () => {
    const r = runCli(['--no-config', '-f', 'compact', '--report-unused-suppressions', '.'], { cwd: dir });
    expect(r.stdout).toBe('stale.json:5:5: warning: Unused iamlint-disable-next-line comment: no problems from no-wildcard-action were found where it applies [iamlint/suppression]\n');
  });
});

describe('--fix', () => {
  it('leaves a suppressed finding\'s fix unapplied and fixes the rest', () => {
    const text = policy(['    "Action": [', '      "s3:GetObject",', '      // iamlint-disable-next-line redundant-action -- kept to mirror the runbook', '      "s3:GetObject",', '      "s3:PutObject",', '      "s3:PutObject"', '    ],']);
    const fix = scratch({ 'p.json': text });
    try {
      run(['--no-config', '--fix', 'p.json'], { cwd: fix.dir });
      const fixed = readFileSync(join(fix.dir, 'p.json'), 'utf8');
      expect(fixed).toBe(text.replace('      "s3:PutObject",\n      "s3:PutObject"\n', '      "s3:PutObject"\n'));
    } finally {
      fix.cleanup();
    }
  });
});

describe('parallel runs', () => {
  it('give the same output as one thread, suppressions and config included', () => {
    const many: Record<string, string> = {
      '.iamlintrc.json': JSON.stringify({
        rules: { 'no-wildcard-resource': ['warning', { ignore: { actions: ['logs:*'] } }] },
        overrides: [{ files: ['b/**'], rules: { 'no-wildcard-action': 'error' } }],
      }),
    };
    for (let i = 0; i < 60; i++) {
      const action = i % 3 === 0 ? '"logs:*"' : '"s3:*"';
      const comment = i % 2 === 0 ? '    // iamlint-disable-next-line no-wildcard-action -- ok' : '    // iamlint-disable-next-line no-such-rule';
      many[`${i % 4 === 0 ? 'b' : 'a'}/p${i}.json`] = ['{', '  "Version": "2012-10-17",', '  "Statement": [{', '    "Effect": "Allow",', comment, `    "Action": ${action},`, '    "Resource": "*"', '  }]', '}', ''].join('\n');
    }
    const big = scratch(many);
    try {
      const args = ['-f', 'json', '--require-reason', '--report-unused-suppressions', '.'];
      const one = runCli(args, { cwd: big.dir, env: { IAMLINT_WORKERS: '1' } });
      const two = runCli(args, { cwd: big.dir, env: { IAMLINT_WORKERS: '2' } });
      expect(one.stderr).toBe('');
      expect(two.stdout).toBe(one.stdout);
      const report = JSON.parse(one.stdout) as { files: { path: string; findings: { ruleId: string; severity: string }[] }[] };
      const count = (id: string) => report.files.flatMap((f) => f.findings).filter((f) => f.ruleId === id).length;
      // The 30 odd files name an unknown rule (and so give no reason to report); the 30 even ones silence no-wildcard-action.
      expect(count('iamlint/suppression')).toBe(30);
      expect(count('no-wildcard-action')).toBe(30);
      // no-wildcard-resource: config ignores it in the 20 logs:* files.
      expect(count('no-wildcard-resource')).toBe(40);
      expect(report.files.find((f) => f.path === 'b/p4.json')!.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['no-wildcard-resource warning']);
      expect(report.files.find((f) => f.path === 'b/p8.json')!.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['no-wildcard-resource warning']);
    } finally {
      big.cleanup();
    }
  });
});
