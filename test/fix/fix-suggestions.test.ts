import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import resourceMismatch from '../../rules/resource-mismatch.js';
import { applyEdits } from '../../src/fix/apply-edits.js';
import { selectedEdits } from '../../src/fix/fix-file.js';
import type { Finding } from '../../src/types.js';
import { runCli, scratch } from '../helpers/cli.js';
import { lintWith } from '../helpers/lint.js';

const jsonc = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      // the reports bucket
      "Resource": "arn:aws:s3:::mybucket"
    },
    {
      "Sid": "WriteUploads",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": [
        "arn:aws:s3:::uploads", // bucket, for nothing
        "arn:aws:s3:::archive"
      ]
    }
  ]
}
`;

const template = `# Report reader
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - s3:GetObject
              - s3:ListBucket
            Resource:
              - arn:aws:s3:::mybucket   # the reports bucket
              - !Sub "arn:\${AWS::Partition}:s3:::\${Logs}"
`;

const findings = (dir: string, file: string, rule: string) =>
  (JSON.parse(runCli(['--no-config', '-f', 'json', file], { cwd: dir }).stdout).files[0].findings as { ruleId: string }[]).filter((f) => f.ruleId === rule);

let cleanup = () => {};
afterEach(() => cleanup());

describe('resource-mismatch suggested fix', () => {
  it('is a suggestion, never a safe fix: the bucket ARN plus /* added next to the bucket ARN', async () => {
    const [finding] = await lintWith(resourceMismatch, jsonc, { filename: 'p.jsonc' });
    expect(finding?.fix).toBeUndefined();
    expect(finding?.suggestedFix).toBeDefined();
    const out = applyEdits(jsonc, [finding!.suggestedFix!]).text;
    expect(out).toContain('// the reports bucket\n      "Resource": ["arn:aws:s3:::mybucket", "arn:aws:s3:::mybucket/*"]\n');
  });

  it('offers none when the bucket ARN comes from an intrinsic (the new entry would need one too)', async () => {
    const text = template.replace('- arn:aws:s3:::mybucket   # the reports bucket\n              ', '');
    const found = await lintWith(resourceMismatch, text, { filename: 't.yaml' });
    expect(found.map((f) => [f.ruleId, f.suggestedFix])).toEqual([['resource-mismatch', undefined]]);
  });
});

describe('--fix-suggestions', () => {
  it('plain --fix leaves a resource-mismatch suggestion alone', () => {
    const s = scratch({ 'policy.jsonc': jsonc });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', '--fix', 'policy.jsonc'], { cwd: s.dir });
    expect(r.status).toBe(1);
    expect(readFileSync(join(s.dir, 'policy.jsonc'), 'utf8')).toBe(jsonc);
    expect(findings(s.dir, 'policy.jsonc', 'resource-mismatch')).toHaveLength(2);
  });

  it('applies it in JSON with comments, keeping the comments and layout, and the rule is then clean', () => {
    const s = scratch({ 'policy.jsonc': jsonc });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', '--fix-suggestions', 'resource-mismatch', 'policy.jsonc'], { cwd: s.dir });
    expect(r.stdout).not.toContain('resource-mismatch');
    expect(readFileSync(join(s.dir, 'policy.jsonc'), 'utf8')).toBe(
      jsonc
        .replace('"Resource": "arn:aws:s3:::mybucket"', '"Resource": ["arn:aws:s3:::mybucket", "arn:aws:s3:::mybucket/*"]')
        .replace('"arn:aws:s3:::uploads", // bucket, for nothing\n', '"arn:aws:s3:::uploads", // bucket, for nothing\n        "arn:aws:s3:::uploads/*",\n'),
    );
    expect(findings(s.dir, 'policy.jsonc', 'resource-mismatch')).toEqual([]);
  });

  it('applies it in a CloudFormation YAML template as a new list line, keeping comments and tags', () => {
    const s = scratch({ 'stack.yaml': template });
    cleanup = s.cleanup;
    expect(findings(s.dir, 'stack.yaml', 'resource-mismatch')).toHaveLength(1);
    runCli(['--no-config', '--fix-suggestions', 'resource-mismatch', 'stack.yaml'], { cwd: s.dir });
    expect(readFileSync(join(s.dir, 'stack.yaml'), 'utf8')).toBe(
      template.replace('# the reports bucket\n', '# the reports bucket\n              - arn:aws:s3:::mybucket/*\n'),
    );
    expect(findings(s.dir, 'stack.yaml', 'resource-mismatch')).toEqual([]);
  });

  it('with --fix-dry-run shows the change as a diff and writes nothing', () => {
    const s = scratch({ 'stack.yaml': template });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', '--fix-dry-run', '--fix-suggestions', 'resource-mismatch', 'stack.yaml'], { cwd: s.dir });
    expect(r.stdout).toContain('   # the reports bucket\n+              - arn:aws:s3:::mybucket/*\n');
    expect(readFileSync(join(s.dir, 'stack.yaml'), 'utf8')).toBe(template);
  });

  it('applies only the named rules\' suggestions, with the safe fixes', () => {
    const finding = (ruleId: string): Finding => ({
      ruleId,
      severity: 'error',
      message: 'm',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
      path: [],
      policy: null,
      fix: { range: [0, 1], text: 'safe' },
      suggestedFix: { range: [2, 3], text: 'suggested' },
    });
    expect(selectedEdits(finding('resource-mismatch'), { safe: true, suggestions: ['acme/other'] }).map((e) => e.text)).toEqual(['safe']);
    expect(selectedEdits(finding('resource-mismatch'), { safe: true, suggestions: ['resource-mismatch'] }).map((e) => e.text)).toEqual(['safe', 'suggested']);
    expect(selectedEdits({ ...finding('resource-mismatch'), suppressions: [{ kind: 'inSource' }] }, { safe: true, suggestions: ['resource-mismatch'] })).toEqual([]);
  });

  it('refuses a built-in rule that suggests no fixes, which would apply nothing', () => {
    const s = scratch({ 'p.json': jsonc });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', '--fix-suggestions', 'no-wildcard-action', 'p.json'], { cwd: s.dir });
    expect(r).toMatchObject({ status: 2, stderr: 'iamlint: --fix-suggestions no-wildcard-action: the rule suggests no fixes (resource-mismatch does)\n' });
    expect(readFileSync(join(s.dir, 'p.json'), 'utf8')).toBe(jsonc);
  });

  it('rejects an unknown rule id with exit 2', () => {
    const s = scratch({ 'p.json': jsonc });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', '--fix-suggestions', 'resource-mismatches', 'p.json'], { cwd: s.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('iamlint: --fix-suggestions: unknown rule resource-mismatches');
    expect(readFileSync(join(s.dir, 'p.json'), 'utf8')).toBe(jsonc);
  });
});

describe('--fix adds the missing Version', () => {
  it('as the first key of a JSON policy and of a template policy', () => {
    const json = `{\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*" }\n  ]\n}\n`;
    const yaml = template.replace('        Version: "2012-10-17"\n', '').replace('              - s3:ListBucket\n', '').replace('- arn:aws:s3:::mybucket   #', '- arn:aws:s3:::mybucket/*   #');
    const s = scratch({ 'p.json': json, 'stack.yaml': yaml });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', '--fix', 'p.json', 'stack.yaml'], { cwd: s.dir });
    expect(r.stdout).not.toContain('policy-version');
    expect(readFileSync(join(s.dir, 'p.json'), 'utf8')).toBe(json.replace('{\n', '{\n  "Version": "2012-10-17",\n'));
    expect(readFileSync(join(s.dir, 'stack.yaml'), 'utf8')).toBe(yaml.replace('        Statement:', '        Version: "2012-10-17"\n        Statement:'));
  });
});
