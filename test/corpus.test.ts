/**
 * Real policies nobody here wrote (../shared/corpus, present in CI, absent in a user's clone).
 * Nearly all AWS managed policies are valid, so a validity finding on one is a bug until shown
 * otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, scratch } from './helpers/cli.js';

const corpus = join(repoRoot, '..', 'shared', 'corpus');
const present = existsSync(corpus);

interface Report {
  files: { path: string; findings: { ruleId: string; message: string }[] }[];
  summary: { files: number; policies: number; skipped: number };
}

function lintFolder(folder: string, args: string[] = []): { status: number | null; report: Report; stderr: string } {
  const r = runCli(['--no-config', '-f', 'json', ...args, join(corpus, folder)]);
  return { status: r.status, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

function validityFindings(report: Report): string[] {
  return report.files.flatMap((f) =>
    f.findings.filter((x) => x.ruleId === 'parse-error' || x.ruleId === 'invalid-policy-structure').map((x) => `${f.path.split('/').pop()}: ${x.message}`),
  );
}

describe.skipIf(!present)('the shared corpus (skipped: ../shared/corpus is not beside the repo)', () => {
  it('lints every AWS managed policy without a crash or a validity finding', () => {
    const { status, report, stderr } = lintFolder('aws-managed-policies');
    expect(stderr).toBe('');
    expect(status).toBeLessThanOrEqual(1);
    expect(report.summary.files).toBe(1524);
    expect(report.summary.policies).toBe(1524);
    expect(validityFindings(report)).toEqual([]);
  });

  it('lints every example policy; the three validity findings are real errors in the sources', () => {
    const { status, report, stderr } = lintFolder('example-policies');
    expect(stderr).toBe('');
    expect(status).toBeLessThanOrEqual(1);
    expect(report.summary.files).toBe(346);
    expect(validityFindings(report)).toEqual([
      // The IAM user guide's SNS topic policy example has no Resource; AWS rejects such a resource policy.
      'iam-user-guide__reference_policies_variables__7.json: Statement #1 has no Resource',
      // The guide's troubleshooting page shows these two as mistakes: two Statement elements, two Effects.
      'iam-user-guide__troubleshoot_policies__10.json: "Statement" appears twice in one object: a JSON reader keeps one of them, so the other is lost (or the policy is rejected)',
      'iam-user-guide__troubleshoot_policies__12.json: "Effect" appears twice in one object: a JSON reader keeps one of them, so the other is lost (or the policy is rejected)',
    ]);
  });

  it('reads the data perimeter RCPs and VPC endpoint policies, given their kinds in the config, without a grant finding', () => {
    // The endpoint policies' `Principal: "*"` and `Action: "*"` are by design; a bare file's guess
    // takes them for resource policies. The manifest says what each is; config overrides tell
    // iamlint. (The RCPs draw no grant finding guessed as resource policies either.)
    const manifest = JSON.parse(readFileSync(join(corpus, 'example-policies.manifest.json'), 'utf8')) as Record<string, { kind?: string }>;
    const kinds: Record<string, string> = { rcp: 'rcp', 'vpc-endpoint': 'endpoint' };
    const files: Record<string, string> = {};
    for (const [name, { kind }] of Object.entries(manifest)) {
      if (kind && kinds[kind]) files[`${kinds[kind]}/${name}`] = readFileSync(join(corpus, 'example-policies', name), 'utf8');
    }
    const overrides = Object.values(kinds).map((kind) => ({ files: [`${kind}/**`], policyType: kind }));
    const project = scratch({ ...files, '.iamlintrc.json': JSON.stringify({ overrides }) });
    try {
      const r = runCli(['-f', 'json', 'rcp', 'endpoint'], { cwd: project.dir });
      const report = JSON.parse(r.stdout) as Report;
      expect(report.summary.policies).toBe(16);
      // What is left is about the examples' placeholders (<my-org-id>, <region>, <my-corporate-cidr>).
      const rules = new Set(report.files.flatMap((f) => f.findings.map((x) => x.ruleId)));
      expect([...rules].sort()).toEqual(['condition-type-mismatch', 'invalid-arn', 'unknown-action']);
      expect(report.files.flatMap((f) => f.findings.map((x) => x.message)).every((m) => m.includes('<'))).toBe(true);
    } finally {
      project.cleanup();
    }
  });
});
