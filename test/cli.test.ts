import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_STACK, repoRoot, runCli, scratch } from './helpers/cli.js';

const wildcard = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'All', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }] }, null, 2);
const clean = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }, null, 2);
const admin = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, null, 2);

const work = scratch({
  'policies/wildcard.json': wildcard,
  'policies/clean.json': clean,
  'policies/admin.json': admin,
  'policies/package.json': '{"name": "not-a-policy", "version": "1.0.0"}',
  'notes.txt': 'not linted',
});
afterAll(() => work.cleanup());

describe('iamlint CLI', () => {
  it('prints its version and the IAM data version and date', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const r = runCli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^iamlint ${pkg.version.replace(/\./g, '\\.')} \\(IAM data \\d+\\.\\d+\\.\\d+, \\d{4}-\\d{2}-\\d{2}\\)\\n$`));
  });

  it('prints help with the usual options and exits 0', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    for (const flag of ['--format', '--quiet', '--max-warnings', '--rule', '--no-config', '--ignore-pattern', '--policy-type', '--stdin-filename', '--no-color']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('exits 0 on a clean file and says so', () => {
    const r = runCli(['policies/clean.json'], { cwd: work.dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No problems (1 file, 1 policy)');
  });

  it('prints stylish findings with position, code frame, help and summary, and exits 1 on errors', () => {
    const r = runCli(['policies/admin.json'], { cwd: work.dir });
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    const at = lines.indexOf('policies/admin.json:6:17  error  Statement #1 allows every action ("*") on "*"  no-wildcard-action');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toBe('  6 |       "Action": "*",');
    expect(lines[at + 2]).toBe('    |                 ^^^');
    expect(lines[at + 3]).toMatch(/^ {2}help: "\*" on "\*" is full administrator access: \d{2},\d{3} actions across \d+ services/);
    // Full access also hands out every role and completes every escalation method: one finding each.
    expect(lines.filter((l) => l.startsWith('policies/admin.json:')).map((l) => l.split('  ').at(-1))).toEqual([
      'no-passrole-wildcard',
      'no-privilege-escalation',
      'no-service-linked-role-wildcard',
      'no-wildcard-action',
    ]);
    expect(r.stdout).toContain('✖ 4 problems (3 errors, 1 warning, 0 info) in 1 file, 1 policy');
  });

  it('walks folders, skips files with no policy and counts them', () => {
    const r = runCli(['.'], { cwd: work.dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('in 3 files, 3 policies; 1 file with no policy skipped');
    expect(r.stdout).not.toContain('notes.txt');
  });

  it("skips folders of code the user did not write (.terraform, .aws-sam, node_modules) unless named", () => {
    const tree = scratch({
      'policy.json': admin,
      '.terraform/modules/bucket/policy.json': admin,
      '.aws-sam/build/template.json': admin,
      'node_modules/pkg/policy.json': admin,
    });
    try {
      expect(runCli(['-f', 'json', '.'], { cwd: tree.dir }).stdout).toMatch(/"path": "policy.json"[^]*"files": 1,/);
      const named = JSON.parse(runCli(['-f', 'json', '.terraform'], { cwd: tree.dir }).stdout) as { files: { path: string }[] };
      expect(named.files.map((f) => f.path)).toEqual(['.terraform/modules/bucket/policy.json']);
    } finally {
      tree.cleanup();
    }
  });

  it("skips iamlint's own config files in folders: a comments-only YAML config is no settings, not an empty file to report", () => {
    const tree = scratch({ 'policy.json': admin, '.iamlintrc.yaml': '# settings to come\n', 'sub/.iamlintrc.json': '{}\n' });
    try {
      const r = runCli(['-f', 'json', '.'], { cwd: tree.dir });
      expect((JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path)).toEqual(['policy.json']);
      const named = JSON.parse(runCli(['-f', 'json', '.iamlintrc.yaml'], { cwd: tree.dir }).stdout) as { files: { path: string; findings: { ruleId: string }[] }[] };
      expect(named.files.map((f) => [f.path, f.findings.map((x) => x.ruleId)])).toEqual([['.iamlintrc.yaml', ['parse-error']]]);
    } finally {
      tree.cleanup();
    }
  });

  it('says which policies of a linted file it could not read, on stderr (pre-commit too) and in JSON', () => {
    const tf = [
      'resource "aws_iam_policy" "read" {',
      '  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::logs/*" }] })',
      '}',
      'resource "aws_iam_policy" "templated" {',
      '  policy = <<EOF',
      '{"Version": "2012-10-17", "Statement": [%{ for b in var.buckets }{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${b}/*"}%{ endfor }]}',
      'EOF',
      '}',
      '',
    ].join('\n');
    const tree = scratch({ 'main.tf': tf });
    try {
      const note = 'iamlint: main.tf: the policy of aws_iam_policy.templated.policy was not read: it holds template directives (%{ for }, %{ if }) that only Terraform renders\n';
      const r = runCli(['.'], { cwd: tree.dir, env: { PRE_COMMIT: '1' } });
      expect([r.status, r.stderr]).toEqual([0, note]);
      const report = JSON.parse(runCli(['-f', 'json', 'main.tf'], { cwd: tree.dir }).stdout) as { files: { policies: number; notRead?: string[] }[] };
      expect(report.files.map((f) => [f.policies, f.notRead])).toEqual([[1, [note.slice('iamlint: main.tf: '.length, -1)]]]);
    } finally {
      tree.cleanup();
    }
  });

  it('gives a one-line notice for an explicitly named file with no policy', () => {
    const r = runCli(['policies/package.json'], { cwd: work.dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('iamlint: policies/package.json: skipped, no IAM policy or CloudFormation template found\n');
  });

  it('writes the documented JSON format', () => {
    const r = runCli(['-f', 'json', 'policies/wildcard.json', 'policies/clean.json'], { cwd: work.dir });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['tool', 'files', 'summary']);
    expect(report.tool.name).toBe('iamlint');
    expect(report.tool.iamData.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['policies/wildcard.json', 'policies/clean.json']);
    const [finding] = report.files[0].findings;
    expect(Object.keys(finding)).toEqual(['ruleId', 'severity', 'message', 'suggestion', 'line', 'column', 'endLine', 'endColumn', 'path', 'policy']);
    expect(finding).toMatchObject({
      ruleId: 'no-wildcard-action',
      severity: 'warning',
      line: 7,
      column: 17,
      endLine: 7,
      endColumn: 23,
      path: ['Statement', 0, 'Action'],
      policy: { kind: 'identity', name: 'wildcard.json', location: '' },
    });
    expect(finding.suggestion).toContain('s3:GetObject');
    expect(report.summary).toEqual({ files: 2, policies: 2, errors: 0, warnings: 1, infos: 0, skipped: 0 });
  });

  it('--max-warnings turns warnings into a failing exit code', () => {
    expect(runCli(['--max-warnings', '1', 'policies/wildcard.json'], { cwd: work.dir }).status).toBe(0);
    const r = runCli(['--max-warnings', '0', 'policies/wildcard.json'], { cwd: work.dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('too many warnings (1); at most 0 allowed');
  });

  it('--quiet reports errors only', () => {
    const r = runCli(['--quiet', 'policies/wildcard.json', 'policies/admin.json'], { cwd: work.dir });
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('  warning  ');
    expect(r.stdout).toContain('(3 errors, 0 warnings, 0 info)');
    expect(r.stdout).toContain('policies/admin.json:6:17  error');
  });

  it('--rule changes a severity or turns a rule off', () => {
    const off = ['no-wildcard-action', 'no-passrole-wildcard', 'no-privilege-escalation'].flatMap((id) => ['--rule', `${id}:off`]);
    expect(runCli([...off, 'policies/admin.json'], { cwd: work.dir }).status).toBe(0);
    const r = runCli(['--rule', 'no-wildcard-action:error', 'policies/wildcard.json'], { cwd: work.dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('policies/wildcard.json:7:17  error');
  });

  it.each([
    [['--rule', 'no-such-rule:error', 'x.json'], /--rule no-such-rule:error: unknown rule\n/],
    [['--rule', 'no-wildcard-actoin:error', 'x.json'], /--rule no-wildcard-actoin:error: unknown rule \(did you mean "no-wildcard-action"\?\)/],
    [['--rule', 'no-wildcard-action:loud', 'x.json'], /^iamlint: --rule no-wildcard-action:loud: expected <rule>:off, info, warning or error\n$/],
    [['--rule', 'x:off', 'x.json'], /^iamlint: --rule x:off: unknown rule\n$/],
    [['--format', 'xml', '.'], /unknown format "xml"; valid formats: stylish, json, sarif/],
    [['--max-warnings', 'many', '.'], /expected a whole number/],
    [['--bogus'], /unknown option '--bogus'/],
    [['does-not-exist.json'], /does-not-exist\.json: no such file or folder/],
  ])('exits 2 with a one-line message for bad usage: %j', (args, message) => {
    const r = runCli(args, { cwd: work.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it('reads stdin with "-" and names it with --stdin-filename', () => {
    const r = runCli(['-', '--stdin-filename', 'piped.json'], { input: admin });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('piped.json:6:17  error');
  });

  it('ignores text read from stdin when an ignore pattern matches its --stdin-filename, as the file itself', () => {
    const ignored = runCli(['--ignore-pattern', 'legacy/**', '-', '--stdin-filename', 'legacy/admin.json'], { input: admin });
    expect(ignored).toMatchObject({ status: 0, stdout: '✔ No problems (0 files, 0 policies)\n' });
    expect(ignored.stderr).toBe('iamlint: legacy/admin.json: ignored, an ignore pattern matches it (the configuration\'s "ignores" or --ignore-pattern)\n');
    expect(runCli(['--ignore-pattern', 'legacy/**', '-', '--stdin-filename', 'current/admin.json'], { input: admin }).status).toBe(1);
  });

  it('colours output only when asked or on a terminal', () => {
    const plain = runCli(['policies/admin.json'], { cwd: work.dir });
    expect(plain.stdout).not.toContain('\u001b[');
    const forced = runCli(['--color', 'policies/admin.json'], { cwd: work.dir, env: { NO_COLOR: undefined } });
    expect(forced.stdout).toContain('\u001b[');
    const off = runCli(['--no-color', 'policies/admin.json'], { cwd: work.dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(off.stdout).not.toContain('\u001b[');
  });

  it('--ignore-pattern skips matching files', () => {
    const r = runCli(['--ignore-pattern', 'admin.json', '--ignore-pattern', 'wildcard.*', '.'], { cwd: work.dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1 file, 1 policy');
  });

  it('--policy-type sets the kind of bare files', () => {
    const scp = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(runCli(['-', '--stdin-filename', 'FullAWSAccess.json', '--policy-type', 'scp'], { input: scp }).status).toBe(0);
    expect(runCli(['-', '--stdin-filename', 'FullAWSAccess.json'], { input: scp }).status).toBe(1);
  });
});
