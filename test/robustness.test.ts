/**
 * The real CLI (bin/iamlint.js over dist/) on input that breaks naive linters: broken syntax, empty
 * and binary files, a 5 MB policy, 10,000 files, an unreadable file, a symlink loop, bad arguments.
 * Every run must end with the documented exit code (0 clean, 1 findings, 2 usage), name the file
 * and a line:column, and never print a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin } from './helpers/cli.js';
import { policy, positionOf } from './helpers/lint.js';

const STACK_TRACE = /\n\s+at /;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamlint-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI in the scratch folder, without a config file, colour off. */
function iamlint(args: string[], input = ''): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.IAMLINT_WORKERS;
  const r = spawnSync(process.execPath, [bin, '--no-config', ...args], { cwd: dir, input, env, encoding: 'utf8', timeout: 120_000 });
  expect(r.error).toBeUndefined();
  expect(r.stderr).not.toMatch(STACK_TRACE);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, content: string | Buffer): void {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeFileSync(join(dir, name), content);
}

interface JsonReport {
  files: { path: string; policies: number; findings: { ruleId: string; line: number; column: number; message: string }[] }[];
  summary: { files: number; policies: number; errors: number; warnings: number; infos: number; skipped: number };
}

const READ_REPORTS = { Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-reports/*' };

describe('the CLI on broken input', () => {
  const oneLineBadEffect = '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}\n';

  it.each([
    {
      name: 'truncated JSON',
      file: 'broken/truncated.json',
      content: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject"\n',
      where: '4:49',
      message: "Cannot parse the file: Expected '}' to close the object before the end of the file",
    },
    {
      name: 'YAML indented with a tab',
      file: 'broken/tab-indent.yaml',
      content: 'Version: "2012-10-17"\nStatement:\n\t- Effect: Allow\n',
      where: '3:1',
      message: 'Cannot parse the file: Tabs are not allowed as indentation',
    },
    { name: 'an empty file', file: 'broken/empty.json', content: '', where: '1:1', message: 'Cannot parse the file: The file is empty' },
    { name: 'a whitespace-only file', file: 'broken/blank.yaml', content: '\n  \n\t\n', where: '1:1', message: 'Cannot parse the file: The file is empty' },
    {
      name: 'a binary file (a WebAssembly module named .json)',
      file: 'broken/module.json',
      content: Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07]),
      where: '1:1',
      message: 'Cannot parse the file: The file holds NUL bytes: it looks binary, not JSON or YAML',
    },
    {
      name: 'a missing comma with CRLF line endings',
      file: 'broken/crlf.json',
      content: '{\r\n  "Version": "2012-10-17"\r\n  "Statement": []\r\n}\r\n',
      where: '3:3',
      message: "Cannot parse the file: Expected ',' before this",
    },
    {
      name: 'a UTF-8 BOM: line-1 columns are counted as an editor shows them',
      file: 'broken/bom.json',
      content: `\uFEFF${oneLineBadEffect}`,
      where: `1:${oneLineBadEffect.indexOf('"allow"') + 1}`,
      message: 'Effect must be "Allow" or "Deny", not "allow"',
      rule: 'invalid-policy-structure',
    },
    {
      name: 'nesting deeper than 2,000 levels',
      file: 'broken/deep.json',
      content: `${'['.repeat(3000)}${']'.repeat(3000)}`,
      where: '1:2002',
      message: 'Cannot parse the file: Nesting deeper than 2000 levels',
    },
  ])('$name: exit 1, file:line:column, no stack trace', ({ file, content, where, message, rule = 'parse-error' }) => {
    write(file, content);
    const r = iamlint([file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const headline = r.stdout.split('\n').find((l) => l.startsWith(`${file}:`));
    expect(headline).toBe(`${file}:${where}  error  ${message}  ${rule}`);
    expect(r.stdout).toContain('✖ 1 problem (1 error, 0 warnings, 0 info) in 1 file');
  });

  it('reports a policy string nested too deeply inside a CloudFormation template, not an internal error', () => {
    const inner = `{"Version": "2012-10-17", "Statement": ${'['.repeat(2100)}${']'.repeat(2100)}}`;
    const template = `${JSON.stringify({ Resources: { ReportsPolicy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: inner } } } }, null, 2)}\n`;
    write('broken/deep-string-policy.json', template);
    // Below the document's "{", the 2,001st "[" is the first one too deep. The string has no escapes
    // up to there, so each of its characters is one column of the template.
    const at = positionOf(template, '['.repeat(2100));
    const r = iamlint(['broken/deep-string-policy.json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`broken/deep-string-policy.json:${at.line}:${at.column + 2000}  error  Cannot parse the policy string of Resources.ReportsPolicy.Properties.PolicyDocument: Nesting deeper than 2000 levels  parse-error`);
  });

  it('survives an Action list nested 1,990 levels deep (under the parse limit) without a stack overflow', () => {
    write('broken/deep-action.json', `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${'['.repeat(1990)}"s3:GetObject"${']'.repeat(1990)}, "Resource": "arn:aws:s3:::example-reports/*"}]}\n`);
    const r = iamlint(['broken/deep-action.json']);
    expect(r.stderr).toBe('');
    expect(r.status).not.toBe(2);
    expect(r.stdout).toContain('1 file, 1 policy');
  });

  it('gives the same position in the JSON format, and reports one error for one mistake', () => {
    write('json-format/truncated.json', '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject"');
    const r = iamlint(['-f', 'json', 'json-format/truncated.json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.files).toEqual([
      {
        path: 'json-format/truncated.json',
        policies: 0,
        findings: [expect.objectContaining({ ruleId: 'parse-error', line: 4, column: 49, message: "Cannot parse the file: Expected '}' to close the object before the end of the file" })],
      },
    ]);
    expect(report.summary).toMatchObject({ files: 1, policies: 0, errors: 1 });
  });

  it('reads stdin: a syntax error is reported under --stdin-filename', () => {
    const r = iamlint(['--stdin-filename', 'piped.json', '-'], '{"Version": "2012-10-17" "Statement": []}');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("piped.json:1:26  error  Cannot parse the file: Expected ',' before this  parse-error");
  });
});

describe('the CLI on large input', () => {
  it('lints a 5 MB policy and finds the one bad Effect near its end', () => {
    const statements = Array.from({ length: 25_000 }, (_, i) => ({
      Sid: `ReadPrefix${i}`,
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: `arn:aws:s3:::example-reports/prefix-${i}/*`,
    }));
    statements[24_990] = { ...statements[24_990]!, Effect: 'allow' };
    const text = policy(statements);
    write('large/reports-read.json', text);
    expect(statSync(join(dir, 'large/reports-read.json')).size).toBeGreaterThan(5 * 1024 * 1024);
    const at = positionOf(text, '"allow"');
    const r = iamlint(['large/reports-read.json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`large/reports-read.json:${at.line}:${at.column}  error  Effect must be "Allow" or "Deny", not "allow"  invalid-policy-structure`);
    expect(r.stdout).not.toContain('parse-error');
    expect(r.stderr).toBe('');
  }, 60_000);

  it('lints a folder of 10,000 small files: counts, parse errors and exit code', () => {
    // 100 teams x 100 files: 9,992 policies, 3 truncated files, 5 JSON files that hold no policy.
    const broken = new Set(['team-07/policy-13.json', 'team-42/policy-00.json', 'team-99/policy-99.json']);
    const notPolicies = new Set(['team-00/policy-50.json', 'team-10/policy-10.json', 'team-20/policy-20.json', 'team-30/policy-30.json', 'team-40/policy-40.json']);
    for (let t = 0; t < 100; t++) {
      mkdirSync(join(dir, 'many', `team-${String(t).padStart(2, '0')}`), { recursive: true });
      for (let p = 0; p < 100; p++) {
        const name = `team-${String(t).padStart(2, '0')}/policy-${String(p).padStart(2, '0')}.json`;
        const path = join(dir, 'many', name);
        if (broken.has(name)) writeFileSync(path, '{\n  "Version": "2012-10-17",\n  "Statement": [\n');
        else if (notPolicies.has(name)) writeFileSync(path, `{"name": "team-${t}", "private": true}\n`);
        else writeFileSync(path, JSON.stringify({ Version: '2012-10-17', Statement: [{ ...READ_REPORTS, Sid: `Read${t}x${p}`, Resource: `arn:aws:s3:::example-reports/team-${t}/${p}/*` }] }));
      }
      writeFileSync(join(dir, 'many', `team-${String(t).padStart(2, '0')}`, 'README.txt'), 'not linted\n');
    }
    const r = iamlint(['-f', 'json', 'many']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.summary).toMatchObject({ files: 9_995, policies: 9_992, skipped: 5 });
    expect(report.files).toHaveLength(10_000);
    const parseErrors = report.files.flatMap((f) => f.findings.filter((x) => x.ruleId === 'parse-error').map((x) => `${f.path}:${x.line}:${x.column} ${x.message}`));
    expect(parseErrors).toEqual(
      [...broken].map((name) => `${join('many', name)}:3:17 Cannot parse the file: Expected ']' to close the list before the end of the file`),
    );
    expect(report.files.flatMap((f) => f.findings.filter((x) => x.ruleId === 'invalid-policy-structure'))).toEqual([]);
  }, 120_000);
});

describe('the CLI on files and folders it cannot read', () => {
  it('reports an unreadable file as a parse-error at 1:1 and goes on', () => {
    // chmod 000 blocks reads for other users but not for root, which these tests may run as. As
    // root, a link to /proc/self/mem stands in: stat says it is a regular file, and reading it from
    // offset 0 fails at once with EIO. (A FIFO would block; a folder named x.json is walked as a
    // folder; a dangling link is "no such file", tested below.)
    write('unreadable/ok.json', policy([READ_REPORTS]));
    const target = join(dir, 'unreadable', 'secrets.json');
    const asRoot = process.getuid?.() === 0;
    if (asRoot) symlinkSync('/proc/self/mem', target);
    else {
      writeFileSync(target, policy([READ_REPORTS]));
      chmodSync(target, 0o000);
    }
    const r = iamlint(['unreadable']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      `unreadable/secrets.json:1:1  error  Cannot read the file: ${asRoot ? 'input/output error' : 'permission denied'}  parse-error`,
    );
    expect(r.stdout).toContain('✖ 1 problem (1 error, 0 warnings, 0 info) in 2 files, 1 policy');
    if (!asRoot) chmodSync(target, 0o600);
  });

  it('walks a folder with a symlink loop, a self-link and a dangling link, finding each file once', () => {
    write('loop/policies/read.json', policy([{ ...READ_REPORTS, Effect: 'allow' }]));
    symlinkSync('..', join(dir, 'loop/policies/up'));
    symlinkSync('self.json', join(dir, 'loop/policies/self.json'));
    symlinkSync('missing-target.json', join(dir, 'loop/policies/dangling.json'));
    const at = positionOf(policy([{ ...READ_REPORTS, Effect: 'allow' }]), '"allow"');
    const r = iamlint(['loop']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const headlines = r.stdout.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l));
    expect(headlines).toEqual([`loop/policies/read.json:${at.line}:${at.column}  error  Effect must be "Allow" or "Deny", not "allow"  invalid-policy-structure`]);
    expect(r.stdout).toContain('in 1 file, 1 policy');
  });

  it('treats a folder named like a policy file, given explicitly, as a folder', () => {
    mkdirSync(join(dir, 'folder-named/x.json'), { recursive: true });
    write('folder-named/x.json/inner.json', policy([{ ...READ_REPORTS, Effect: 'allow' }]));
    const r = iamlint(['folder-named/x.json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('folder-named/x.json/inner.json:');
    expect(r.stderr).toBe('');
  });
});

describe('the CLI on bad arguments (exit 2, a one-line message)', () => {
  it.each([
    { name: 'a missing path', args: ['no-such-policy.json'], stderr: 'iamlint: no-such-policy.json: no such file or folder\n' },
    { name: 'a dangling symlink given explicitly', args: ['dangling-explicit.json'], stderr: 'iamlint: dangling-explicit.json: no such file or folder\n', link: true },
  ])('$name', ({ args, stderr, link }) => {
    if (link) symlinkSync('nowhere.json', join(dir, 'dangling-explicit.json'));
    const r = iamlint(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
  });

  it('a missing path among existing ones still exits 2', () => {
    write('args/ok.json', policy([READ_REPORTS]));
    const r = iamlint(['args/ok.json', 'args/missing.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('iamlint: args/missing.json: no such file or folder\n');
  });

  it.each([
    { name: 'an unknown option', args: ['--frobnicate', '.'], says: "error: unknown option '--frobnicate'" },
    { name: 'an unknown format', args: ['-f', 'xml', '.'], says: 'iamlint: unknown format "xml"; valid formats: stylish, json, sarif, github, junit, compact, html' },
    { name: 'an unknown policy type', args: ['--policy-type', 'bucket', '.'], says: "error: option '--policy-type <kind>' argument 'bucket' is invalid" },
  ])('$name', ({ args, says }) => {
    const r = iamlint(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]?.startsWith(says)).toBe(true);
  });
});
