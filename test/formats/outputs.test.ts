/** `-f name[:file]` (repeatable) and `-o file`: several reports from one run, files written whole. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, scratch } from '../helpers/cli.js';

// One finding, whatever rules are added later: s3:* on objects is only no-wildcard-action's business.
const wildcard = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::acme-logs/*' }] }, null, 2);
const work = scratch({ 'policies/wildcard.json': wildcard });
// --max-warnings 0 makes the warning fail the run, as a CI gate would.
const GATE = ['--max-warnings', '0'];
afterAll(() => work.cleanup());
const VALID = 'stylish, json, sarif, github, junit, compact, html';

describe('output options', () => {
  it('writes stylish to stdout and SARIF and JUnit to files in one run, creating folders, with no colour in files', () => {
    const r = runCli(['-f', 'stylish', '-f', 'sarif:reports/ci/iamlint.sarif', '--format', 'junit:reports/junit.xml', '-f', 'stylish:reports/stylish.txt', ...GATE, 'policies'], { cwd: work.dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\u001b\[/);
    expect(r.stdout).toContain('no-wildcard-action');
    const sarif = JSON.parse(readFileSync(join(work.dir, 'reports/ci/iamlint.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['no-wildcard-action']);
    expect(readFileSync(join(work.dir, 'reports/junit.xml'), 'utf8')).toContain('<testcase name="no-wildcard-action" classname="policies/wildcard.json">');
    const stylish = readFileSync(join(work.dir, 'reports/stylish.txt'), 'utf8');
    expect(stylish).not.toMatch(/\u001b\[/);
    expect(stylish).toContain('policies/wildcard.json:6:17  warning');
    // Written through a temporary file renamed into place: nothing else is left in the folders.
    expect(readdirSync(join(work.dir, 'reports')).sort()).toEqual(['ci', 'junit.xml', 'stylish.txt']);
    expect(readdirSync(join(work.dir, 'reports/ci'))).toEqual(['iamlint.sarif']);
  });

  it('sends the one format to --output-file instead of stdout, replacing an earlier report', () => {
    const first = runCli(['-f', 'compact', '-o', 'out/report.txt', ...GATE, 'policies'], { cwd: work.dir });
    expect(first).toMatchObject({ status: 1, stdout: '' });
    expect(readFileSync(join(work.dir, 'out/report.txt'), 'utf8')).toBe('policies/wildcard.json:6:17: warning: Statement #1 allows every s3 action ("s3:*") [no-wildcard-action]\n');
    const second = runCli(['--output-file', 'out/report.txt', '-f', 'json', ...GATE, 'policies'], { cwd: work.dir });
    expect(second.status).toBe(1);
    expect(JSON.parse(readFileSync(join(work.dir, 'out/report.txt'), 'utf8')).summary.warnings).toBe(1);
    const stylish = runCli(['-o', 'out/stylish.txt', ...GATE, 'policies'], { cwd: work.dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(stylish).toMatchObject({ status: 1, stdout: '' });
    expect(readFileSync(join(work.dir, 'out/stylish.txt'), 'utf8')).toMatch(/^policies\/wildcard\.json:6:17 {2}warning/);
  });

  it.each([
    [['-f', 'xml'], `iamlint: unknown format "xml"; valid formats: ${VALID}\n`],
    [['-f', 'sarif:'], 'iamlint: -f sarif: no file after ":"\n'],
    [['-f', 'stylish', '-f', 'json'], 'iamlint: only one format can write to stdout (got stylish, json); give the others a file, as in -f sarif:iamlint.sarif\n'],
    [['-f', 'json', '-f', 'sarif', '-o', 'x.json'], 'iamlint: --output-file takes the one format given without a file; got 2\n'],
    [['-f', 'sarif:a.sarif', '-o', 'x.json'], 'iamlint: --output-file takes the one format given without a file; every format has one\n'],
    [['-f', 'sarif:r/a.sarif', '-f', 'json:r/../r/a.sarif'], 'iamlint: two formats write to r/../r/a.sarif\n'],
  ])('rejects %j with one line and exit 2, writing nothing', (args, message) => {
    const r = runCli([...args, 'policies'], { cwd: work.dir });
    expect(r).toMatchObject({ status: 2, stdout: '', stderr: message });
    expect(existsSync(join(work.dir, 'x.json'))).toBe(false);
    expect(existsSync(join(work.dir, 'r'))).toBe(false);
  });

  it('writes a report to a device or pipe as it is (-o /dev/stdout), where a temporary file cannot be renamed over it', () => {
    const r = runCli(['--no-config', '-f', 'json', '-o', '/dev/stdout', '-'], { input: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).files[0].findings.map((f: { ruleId: string }) => f.ruleId)).toContain('no-wildcard-action');
  });

  it('shows a finding an inline comment suppresses only in SARIF, marked suppressed with its reason', () => {
    const s = scratch({ 'p.json': '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    // iamlint-disable-next-line no-wildcard-action -- break-glass role\n    "Action": "s3:*",\n    "Resource": "arn:aws:s3:::acme-logs/*"\n  }]\n}\n' });
    try {
      const r = runCli(['-f', 'compact', '-f', 'github:gh.txt', '-f', 'junit:j.xml', '-f', 'sarif:s.sarif', ...GATE, 'p.json'], { cwd: s.dir });
      expect(r).toMatchObject({ status: 0, stdout: '' });
      expect(readFileSync(join(s.dir, 'gh.txt'), 'utf8')).toBe('');
      expect(readFileSync(join(s.dir, 'j.xml'), 'utf8')).toContain('<testsuites name="iamlint" tests="1" failures="0" errors="0">');
      const [result] = JSON.parse(readFileSync(join(s.dir, 's.sarif'), 'utf8')).runs[0].results;
      expect(result).toMatchObject({ ruleId: 'no-wildcard-action', suppressions: [{ kind: 'inSource', status: 'accepted', justification: 'break-glass role' }] });
    } finally {
      s.cleanup();
    }
  });

  it('lists the formats in --help', () => {
    const r = runCli(['--help']);
    expect(r.stdout).toContain('-f, --format <name[:file]>');
    expect(r.stdout).toContain('-o, --output-file <path>');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(`(${VALID})`);
  });
});
