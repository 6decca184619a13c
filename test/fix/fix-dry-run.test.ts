import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, scratch } from '../helpers/cli.js';

const jsonc = `{
  // Reads the build logs
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadLogs",
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:Get*",
        "s3:ListBucket",
        "s3:listbucket"
      ],
      "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]
    }
  ]
}
`;

const template = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: codebuild.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: logs
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action:
                  - logs:GetLogEvents
                  - logs:Get*
                Resource: "*"
`;

const clean = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }] }, null, 2);

let cleanup = () => {};
afterEach(() => cleanup());

describe('--fix-dry-run', () => {
  it.each([['json'], ['sarif']])('with -f %s on stdout, the report stays parseable and the diffs go to stderr', (format) => {
    const s = scratch({ 'policies/build.jsonc': jsonc });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', '--fix-dry-run', '-f', format, '.'], { cwd: s.dir });
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).toContain('--- a/policies/build.jsonc\n+++ b/policies/build.jsonc');
    expect(r.stdout).not.toContain('+++ b/');
    expect(readFileSync(join(s.dir, 'policies/build.jsonc'), 'utf8')).toBe(jsonc);
  });

  it('prints a unified diff per file before the report, and writes nothing', () => {
    const s = scratch({ 'policies/build.jsonc': jsonc, 'stack.yaml': template, 'policies/clean.json': clean });
    cleanup = s.cleanup;
    const mtimes = ['policies/build.jsonc', 'stack.yaml'].map((f) => statSync(join(s.dir, f)).mtimeMs);
    const r = runCli(['--no-config', '--fix-dry-run', '.'], { cwd: s.dir });
    expect(r.stdout.startsWith(`--- a/policies/build.jsonc
+++ b/policies/build.jsonc
@@ -6,10 +6,8 @@
       "Sid": "ReadLogs",
       "Effect": "Allow",
       "Action": [
-        "s3:GetObject",
         "s3:Get*",
-        "s3:ListBucket",
-        "s3:listbucket"
+        "s3:ListBucket"
       ],
       "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]
     }
--- a/stack.yaml
+++ b/stack.yaml
@@ -15,6 +15,5 @@
             Statement:
               - Effect: Allow
                 Action:
-                  - logs:GetLogEvents
                   - logs:Get*
                 Resource: "*"
`)).toBe(true);
    // The report after the diffs shows what would remain: no redundant entries.
    expect(r.stdout).not.toContain('redundant-action');
    expect(r.stdout).toMatch(/no-wildcard-resource/);
    expect(readFileSync(join(s.dir, 'policies/build.jsonc'), 'utf8')).toBe(jsonc);
    expect(readFileSync(join(s.dir, 'stack.yaml'), 'utf8')).toBe(template);
    expect(['policies/build.jsonc', 'stack.yaml'].map((f) => statSync(join(s.dir, f)).mtimeMs)).toEqual(mtimes);
    expect(readdirSync(join(s.dir, 'policies')).sort()).toEqual(['build.jsonc', 'clean.json']);
  });

  it('gives a diff that patch(1) applies to produce exactly what --fix writes', () => {
    const s = scratch({ 'work/build.jsonc': jsonc, 'work/stack.yaml': template });
    cleanup = s.cleanup;
    const work = join(s.dir, 'work');
    const dry = runCli(['--no-config', '--fix-dry-run', '-f', 'json', '.'], { cwd: work });
    // With a json report on stdout the diffs are on stderr.
    const diff = dry.stderr;
    expect(diff.startsWith('--- a/')).toBe(true);
    const copy = join(s.dir, 'copy');
    cpSync(work, copy, { recursive: true });
    const patched = spawnSync('patch', ['-p1', '--quiet'], { cwd: copy, input: diff, encoding: 'utf8' });
    expect(patched.status, patched.stderr + patched.stdout).toBe(0);
    runCli(['--no-config', '--fix', '.'], { cwd: work });
    for (const f of ['build.jsonc', 'stack.yaml']) expect(readFileSync(join(copy, f), 'utf8')).toBe(readFileSync(join(work, f), 'utf8'));
    expect(readFileSync(join(work, 'stack.yaml'), 'utf8')).not.toBe(template);
  });

  it('names files from the working folder for patch -p1 however they were given: an absolute path, ./a//b, a name with a space', () => {
    const s = scratch({ 'work/my build.jsonc': jsonc, 'work/iam/stack.yaml': template });
    cleanup = s.cleanup;
    const work = join(s.dir, 'work');
    const diff = runCli(['--no-config', '--fix-dry-run', '-f', 'json', join(work, 'my build.jsonc'), './iam//stack.yaml'], { cwd: work }).stderr;
    expect(diff).toContain('--- a/my build.jsonc\t\n+++ b/my build.jsonc\t\n');
    expect(diff).toContain('--- a/iam/stack.yaml\n+++ b/iam/stack.yaml\n');
    const copy = join(s.dir, 'copy');
    cpSync(work, copy, { recursive: true });
    const patched = spawnSync('patch', ['-p1', '--quiet'], { cwd: copy, input: diff, encoding: 'utf8' });
    expect(patched.status, patched.stderr + patched.stdout).toBe(0);
    runCli(['--no-config', '--fix', '.'], { cwd: work });
    for (const f of ['my build.jsonc', 'iam/stack.yaml']) expect(readFileSync(join(copy, f), 'utf8')).toBe(readFileSync(join(work, f), 'utf8'));
  });

  it('prints no diff when nothing would change', () => {
    const s = scratch({ 'clean.json': clean });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', '--fix-dry-run', 'clean.json'], { cwd: s.dir });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('--- a/');
  });

  it('refuses --fix together with --fix-dry-run', () => {
    const s = scratch({ 'build.jsonc': jsonc });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', '--fix', '--fix-dry-run', 'build.jsonc'], { cwd: s.dir });
    expect(r).toMatchObject({ status: 2, stdout: '', stderr: 'iamlint: --fix and --fix-dry-run cannot be used together\n' });
    expect(readFileSync(join(s.dir, 'build.jsonc'), 'utf8')).toBe(jsonc);
  });
});
