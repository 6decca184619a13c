/**
 * Hostile input through the real CLI (issue 7), beyond test/robustness.test.ts: alias bombs,
 * 100,000-level nesting, a 50 MB file, NUL bytes and invalid UTF-8 inside policies, BOM and CRLF
 * files whose findings keep exact positions, very long lines, files that change or vanish while a
 * run reads them, and read-only files under --fix. Each ends with a clear finding or message, the
 * documented exit code, within a time bound, and without a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../src/api.js';
import { bin } from './helpers/cli.js';
import { policy, positionOf } from './helpers/lint.js';

const STACK_TRACE = /\n\s+at /;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamlint-hostile-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function iamlint(args: string[], timeout = 60_000): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.IAMLINT_WORKERS;
  const started = performance.now();
  const r = spawnSync(process.execPath, [bin, '--no-config', ...args], { cwd: dir, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  expect(r.error, 'the run ended within its time bound').toBeUndefined();
  expect(r.stderr).not.toMatch(STACK_TRACE);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
}

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function headlines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\S+:\d+:\d+ {2}/.test(l));
}

const READ = { Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-reports/*' };
const BAD_EFFECT = 'Effect must be "Allow" or "Deny", not "allow"  invalid-policy-structure';
const IN_TEMPLATE = 'Effect must be "Allow" or "Deny", not "allow" (Resources.ReportsPolicy.Properties.PolicyDocument)  invalid-policy-structure';

describe('documents built to exhaust the parser', () => {
  it('a YAML alias bomb (a billion "lol"s in 1 KB) is a parse-error, not a hang or an out-of-memory crash', () => {
    const levels = ['lol: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`l${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    write('bomb/template.yaml', `AWSTemplateFormatVersion: "2010-09-09"\n${levels.join('\n')}\nResources: {}\n`);
    const r = iamlint(['bomb/template.yaml'], 30_000);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(headlines(r.stdout)).toEqual(['bomb/template.yaml:1:1  error  Cannot parse the file: More than 2000000 values (YAML aliases expanding too far?)  parse-error']);
  });

  const DEEP = 100_000;
  it.each([
    { name: 'JSON lists', file: 'deep/lists.json', text: `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`, headline: 'deep/lists.json:1:2002  error  Cannot parse the file: Nesting deeper than 2000 levels  parse-error' },
    {
      name: 'JSON objects inside a policy',
      file: 'deep/objects.json',
      text: `{"Version": "2012-10-17", "Statement": ${'{"a": '.repeat(DEEP)}1${'}'.repeat(DEEP)}}`,
      // The outer "{" is level 0 and the run's first "{" level 1, so its 2,001st is the first too deep.
      headline: `deep/objects.json:1:${'{"Version": "2012-10-17", "Statement": '.length + 1 + 2000 * '{"a": '.length}  error  Cannot parse the file: Nesting deeper than 2000 levels  parse-error`,
    },
    // YAML is refused past a bound of 500 (levels plus indentation columns), before its parser
    // could overflow the stack: the 501st "[", and the "- " that passes column 501.
    { name: 'YAML flow lists', file: 'deep/flow.yaml', text: `${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`, headline: 'deep/flow.yaml:1:501  error  Cannot parse the file: Nested or indented deeper than 500 levels  parse-error' },
    { name: 'YAML block lists', file: 'deep/block.yaml', text: `Statement:\n  ${'- '.repeat(DEEP)}s3:GetObject\n`, headline: 'deep/block.yaml:2:503  error  Cannot parse the file: Nested or indented deeper than 500 levels  parse-error' },
  ])('$name nested 100,000 levels deep: one parse-error', ({ file, text, headline }) => {
    write(file, text);
    const r = iamlint([file], 30_000);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(headlines(r.stdout)).toEqual([headline]);
  });

  it('600 YAML files nested 700 to 1,300 levels deep in one run: each a parse-error (the YAML parser once aborted the process here)', () => {
    for (let n = 700; n < 1_300; n++) write(`deep-many/d${n}.yaml`, `${'['.repeat(n)}${']'.repeat(n)}\n`);
    const r = iamlint(['-f', 'json', 'deep-many'], 60_000);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { files: { findings: { message: string }[] }[] };
    expect(report.files).toHaveLength(600);
    expect(new Set(report.files.flatMap((f) => f.findings.map((x) => x.message)))).toEqual(new Set(['Cannot parse the file: Nested or indented deeper than 500 levels']));
  }, 90_000);

  it('reads a 50 MB template (138,000 resources) in bounded time and finds the one bad policy at its end', () => {
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < 138_000; i++) resources[`Param${i}`] = { Type: 'AWS::SSM::Parameter', Properties: { Name: `/app/config/key-${i}`, Type: 'String', Value: 'v'.repeat(200) } };
    resources.ReportsPolicy = { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ ...READ, Effect: 'allow' }] } } };
    const text = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 2);
    write('large/stack.template.json', text);
    expect(statSync(join(dir, 'large/stack.template.json')).size).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    const at = positionOf(text, '"allow"');
    const r = iamlint(['large/stack.template.json'], 90_000);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(headlines(r.stdout)).toEqual([`large/stack.template.json:${at.line}:${at.column}  error  ${IN_TEMPLATE}`]);
    rmSync(join(dir, 'large'), { recursive: true });
  }, 120_000);

  it('reports a file over the 64 MB limit without reading it', () => {
    const path = write('huge/policy.json', '');
    // A sparse file: 65 MB on paper, nothing on disk.
    spawnSync('truncate', ['-s', String(65 * 1024 * 1024), path]);
    const r = iamlint(['huge/policy.json']);
    expect(r.status).toBe(1);
    expect(headlines(r.stdout)).toEqual(['huge/policy.json:1:1  error  The file is 65 MB, over the 64 MB iamlint reads  parse-error']);
  });
});

describe('bytes that are not text', () => {
  it('a NUL byte in the middle of a policy: a parse-error at the byte', () => {
    const text = policy([READ]).replace('"ReadReports"', '"Read\u0000Reports"');
    write('bytes/nul.json', text);
    const at = positionOf(text, '\u0000');
    const r = iamlint(['bytes/nul.json']);
    expect(r.status).toBe(1);
    expect(headlines(r.stdout)).toEqual([`bytes/nul.json:${at.line}:${at.column}  error  Cannot parse the file: The file holds NUL bytes: it looks binary, not JSON or YAML  parse-error`]);
  });

  it.each([
    { name: 'a Latin-1 byte in a JSON policy', file: 'bytes/latin1.json', before: policy([READ]).split('ReadReports')[0]! + 'Read', bad: [0xe9], after: 'Reports' + policy([READ]).split('ReadReports')[1]!, byte: '0xE9' },
    { name: 'a cut multi-byte character in a YAML template, after a BOM and valid non-ASCII text', file: 'bytes/cut.yaml', before: '\uFEFFDescription: "Café reports 😀"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      Description: "', bad: [0xf0, 0x9f], after: '"\n', byte: '0xF0' },
  ])('$name: a parse-error at the first bad byte, and --fix leaves the file alone', ({ file, before, bad, after, byte }) => {
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]);
    write(file, bytes);
    const at = positionOf(before.replace(/^\uFEFF/, '') + 'X', 'X', before.split('\n').at(-1));
    const r = iamlint([file]);
    expect(r.status).toBe(1);
    expect(headlines(r.stdout)).toEqual([`${file}:${at.line}:${at.column}  error  Cannot parse the file: The file is not valid UTF-8 (byte ${byte}): save it as UTF-8  parse-error`]);
    const fixed = iamlint(['--fix', file]);
    expect(fixed.status).toBe(1);
    expect(readFileSync(join(dir, file))).toEqual(bytes);
  });
});

describe('line endings, byte order marks and long lines keep positions right', () => {
  it('CRLF JSON: the finding is at the line and column an editor shows, end included', () => {
    const text = policy([READ, { ...READ, Sid: 'WriteReports', Effect: 'allow', Action: 's3:PutObject' }]);
    const at = positionOf(text, '"allow"');
    write('crlf/policy.json', text.replace(/\n/g, '\r\n'));
    const r = iamlint(['-f', 'json', 'crlf/policy.json']);
    expect(r.status).toBe(1);
    const [file] = JSON.parse(r.stdout).files as { findings: { ruleId: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
    expect(file!.findings.filter((f) => f.ruleId === 'invalid-policy-structure')).toEqual([
      expect.objectContaining({ line: at.line, column: at.column, endLine: at.line, endColumn: at.column + '"allow"'.length }),
    ]);
  });

  it('CRLF YAML template with a BOM: positions inside the template stay right', () => {
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  ReportsPolicy:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: allow',
      '            Action: s3:GetObject',
      '            Resource: arn:aws:s3:::example-reports/*',
      '',
    ].join('\r\n');
    write('crlf/template.yaml', `\uFEFF${text}`);
    const r = iamlint(['crlf/template.yaml']);
    expect(r.status).toBe(1);
    expect(headlines(r.stdout)).toEqual([`crlf/template.yaml:9:21  error  ${IN_TEMPLATE}`]);
  });

  it('YAML with lone CR line endings (classic Mac OS) is read line by line, as YAML says, not as one invalid line', () => {
    write('cr/policy.yaml', ['Version: "2012-10-17"', 'Statement:', '  - Effect: allow', '    Action: s3:GetObject', '    Resource: "*"', ''].join('\r'));
    const r = iamlint(['-f', 'json', 'cr/policy.yaml']);
    expect(r.status).toBe(1);
    const [file] = JSON.parse(r.stdout).files as { findings: { ruleId: string; line: number; column: number; endColumn: number }[] }[];
    expect(file!.findings.map((f) => [f.ruleId, f.line, f.column, f.endColumn])).toEqual([['invalid-policy-structure', 3, 13, 18]]);
  });

  it('a lone-CR YAML file keeps its suppression comments, and --fix removes whole lines and writes CRs only', () => {
    const lines = ['Version: "2012-10-17"', 'Statement:', '  - Effect: Allow', '    # iamlint-disable-next-line no-wildcard-resource -- reviewed', '    Action:', '      - s3:GetObject', '      - s3:GetObject', '    Resource: ["arn:aws:s3:::b/*",', '      "arn:aws:s3:::b/*"]', ''];
    const file = write('cr/fix.yaml', lines.join('\r'));
    const before = iamlint(['-f', 'json', 'cr/fix.yaml']);
    const [result] = JSON.parse(before.stdout).files as { findings: { ruleId: string; line: number }[] }[];
    expect(result!.findings.map((f) => [f.ruleId, f.line])).toEqual([['redundant-action', 7], ['redundant-resource', 9]]);
    iamlint(['--fix', 'cr/fix.yaml']);
    expect(readFileSync(file, 'utf8')).toBe([...lines.slice(0, 6), '    Resource: ["arn:aws:s3:::b/*"]', ''].join('\r'));
  });

  it.each([
    ['UTF-16LE', (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
    ['UTF-16BE', (t: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()])],
  ])('a %s file with a BOM (Windows PowerShell 5 redirection) is read at the right positions, and --fix leaves its bytes alone', (_name, encode) => {
    // The repeated action is one --fix would remove from a UTF-8 file.
    const text = '{\r\n  "Version": "2012-10-17", "Statement": [\r\n    {"Effect": "allow", "Action": ["s3:GetObject", "s3:GetObject"], "Resource": "arn:aws:s3:::example-reports/*"}\r\n  ]\r\n}\r\n';
    const bytes = encode(text);
    const file = write('utf16/policy.json', bytes);
    const r = iamlint(['utf16/policy.json']);
    expect(r.status).toBe(1);
    expect(headlines(r.stdout)).toEqual([`utf16/policy.json:3:16  error  ${BAD_EFFECT}`, 'utf16/policy.json:3:52  info  "s3:GetObject" is listed twice in this statement  redundant-action']);
    iamlint(['--fix', 'utf16/policy.json']);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a 5 MB policy on one line: the exact column, and a code frame cut to a screen width', () => {
    const statements = Array.from({ length: 45_000 }, (_, i) => ({ ...READ, Sid: `Read${i}`, Resource: `arn:aws:s3:::example-reports/prefix-${i}/*` }));
    statements[44_000] = { ...statements[44_000]!, Effect: 'allow' };
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    expect(text.length).toBeGreaterThan(5_000_000);
    write('long/one-line.json', text);
    const r = iamlint(['--rule', 'policy-size:off', 'long/one-line.json']);
    expect(r.status).toBe(1);
    expect(headlines(r.stdout)).toEqual([`long/one-line.json:1:${text.indexOf('"allow"') + 1}  error  ${BAD_EFFECT}`]);
    expect(r.stdout.length).toBeLessThan(2_000);
  }, 60_000);
});

describe('files that change while a run reads them', () => {
  it('a file deleted and another rewritten after the walk: a read error and the new content', async () => {
    const files = ['a.json', 'b.json', 'c.json'].map((n) => write(`vanish/${n}`, policy([READ])));
    const replaced = policy([{ ...READ, Effect: 'allow' }]);
    const outcome = await lint({
      paths: ['vanish'],
      cwd: dir,
      useConfig: false,
      // After the first file: the second disappears, the third is rewritten.
      onProgress: (done) => {
        if (done !== 1) return;
        unlinkSync(files[1]!);
        writeFileSync(files[2]!, replaced);
      },
    });
    const at = positionOf(replaced, '"allow"');
    expect(outcome.results.map((r) => [r.path, r.findings.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`)])).toEqual([
      [join('vanish', 'a.json'), []],
      [join('vanish', 'b.json'), ['1:1 parse-error Cannot read the file: no such file or folder']],
      [join('vanish', 'c.json'), [`${at.line}:${at.column} invalid-policy-structure Effect must be "Allow" or "Deny", not "allow"`]],
    ]);
  });

  it('files and folders deleted, truncated and rewritten all through a CLI run over 2,000 files: each found file is linted or reported', async () => {
    const names: string[] = [];
    for (let i = 0; i < 2_000; i++) names.push(write(`race/t${i % 20}/p${i}.json`, policy([{ ...READ, Sid: `Read${i}` }])));
    // A second process keeps deleting, truncating, rewriting and recreating files, and now and then
    // a whole folder, until the CLI has finished.
    const racer = spawn(process.execPath, [
      '-e',
      `const fs = require('fs'); const path = require('path'); const names = ${JSON.stringify(names)};
       const good = ${JSON.stringify(policy([READ]))};
       function change() {
         const n = names[Math.floor(Math.random() * names.length)]; const r = Math.random();
         try {
           if (r < 0.01) fs.rmSync(path.dirname(n), { recursive: true, force: true });
           else if (r < 0.3) fs.unlinkSync(n);
           else if (r < 0.5) fs.truncateSync(n, 40);
           else { fs.mkdirSync(path.dirname(n), { recursive: true }); fs.writeFileSync(n, r < 0.75 ? good : '{"Statement": [{"Effect": "allow"'); }
         } catch {}
       }
       (function next() { for (let i = 0; i < 5; i++) change(); setTimeout(next, 1); })();`,
    ]);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.IAMLINT_WORKERS;
    const cli = spawn(process.execPath, [bin, '--no-config', '-f', 'json', 'race'], { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    cli.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    cli.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const status = await new Promise<number | null>((done) => cli.on('close', done));
    racer.kill('SIGKILL');
    expect(stderr).toBe('');
    expect([0, 1]).toContain(status);
    const report = JSON.parse(stdout) as { files: { path: string; findings: { ruleId: string; message: string }[] }[] };
    // Every file the walk found has a result: clean, or a finding that says what went wrong with it.
    expect(report.files.length).toBeGreaterThan(0);
    for (const f of report.files) {
      for (const finding of f.findings) expect(finding.message).not.toMatch(/internal error|undefined|TypeError/);
    }
    expect(report.files.length).toBeLessThanOrEqual(names.length);
    // The race did happen: some files were found broken or gone.
    expect(report.files.some((f) => f.findings.length > 0)).toBe(true);
  }, 60_000);
});

describe('--fix on files it must not or cannot write', () => {
  const DUPLICATE = policy([{ ...READ, Action: ['s3:GetObject', 's3:GetObject'] }]);

  it('a read-only file: reported, left byte for byte as it was, and the run goes on to the other files', () => {
    const locked = write('readonly/locked.json', DUPLICATE);
    const open = write('readonly/open.json', DUPLICATE);
    chmodSync(locked, 0o444);
    const r = iamlint(['--fix', 'readonly']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const lines = headlines(r.stdout);
    expect(lines[0]).toBe('readonly/locked.json:1:1  error  Cannot write the fixes: the file is read-only; the file was left unchanged  parse-error');
    // The unfixed findings are still reported, since the file still has them.
    expect(lines.slice(1).every((l) => l.startsWith('readonly/locked.json:') && l.includes('redundant-action'))).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
    expect(readFileSync(locked, 'utf8')).toBe(DUPLICATE);
    expect(statSync(locked).mode & 0o777).toBe(0o444);
    expect(readFileSync(open, 'utf8')).not.toBe(DUPLICATE);
    expect(readdirSync(join(dir, 'readonly')).sort()).toEqual(['locked.json', 'open.json']);
  });
});
