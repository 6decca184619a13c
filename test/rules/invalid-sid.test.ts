import { describe, expect, it } from 'vitest';
import rule from '../../rules/invalid-sid.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const st = (Sid: string) => ({ Sid, Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });

describe('invalid-sid', () => {
  it.each([
    { sid: 'read-logs', characters: '"-"', clean: 'ReadLogs' },
    { sid: 'Read logs bucket', characters: 'space', clean: 'ReadLogsBucket' },
    { sid: 'Allow_S3.Read', characters: '"_", "."', clean: 'AllowS3Read' },
    { sid: 'Zugriff für Berichte', characters: 'space, "ü"', clean: 'ZugriffFRBerichte' },
    { sid: '---', characters: '"-"', clean: 'Statement1' },
    { sid: 'Read😀', characters: '"😀"', clean: 'Read' },
  ])('reports "$sid" in an identity policy at the Sid', async ({ sid, characters, clean }) => {
    const text = policy([st(sid)]);
    const findings = await lintWith(rule, text);
    const at = positionOf(text, JSON.stringify(sid));
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'invalid-sid',
        severity: 'warning',
        line: at.line,
        column: at.column,
        path: ['Statement', 0, 'Sid'],
        message: `Sid ${JSON.stringify(sid)} has characters IAM does not accept here (${characters})`,
        suggestion: `Use "${clean}": letters and digits only`,
      }),
    ]);
  });

  it('suggests a Sid no other statement has, so that the fix does not make a duplicate-sid', async () => {
    const findings = await lintWith(rule, policy([st('Read-Reports'), st('ReadReports'), st('ReadReports2')]));
    expect(findings.map((f) => f.suggestion)).toEqual(['Use "ReadReports3": letters and digits only']);
  });

  it('reports an empty Sid', async () => {
    const text = policy([st('ok'), st('')]);
    const findings = await lintWith(rule, text);
    expect(findings).toEqual([expect.objectContaining({ message: 'The Sid is empty', suggestion: 'Remove the empty Sid, or name the statement ("Statement2")', ...positionOf(text, '""') })]);
  });

  it('names the AWS provider versions that wrote "Sid": "" for an empty Sid in a Terraform plan', async () => {
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: '', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }] });
    const plan = { format_version: '1.2', planned_values: { root_module: { resources: [{ address: 'aws_iam_policy.read', mode: 'managed', type: 'aws_iam_policy', name: 'read', values: { name: 'read', policy: document } }] } } };
    const text = `${JSON.stringify(plan, null, 2)}\n`;
    const findings = await lintWith(rule, text, { filename: 'plan.json' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.suggestion])).toEqual([
      ['invalid-sid', ...Object.values(positionOf(text, '\\"\\"')), 'Remove the empty Sid, or name the statement ("Statement1"); the AWS provider before 5.0 wrote "Sid": "" into every aws_iam_policy_document statement without a sid, and 5.0 and later leave it out'],
    ]);
  });

  it.each(['boundary', 'scp'] as const)('reads %s policies', async (policyType) => {
    expect(await lintWith(rule, policy([st('a-b')]), { policyType })).toHaveLength(1);
  });

  it.each([
    ['a resource policy', policy([{ ...st('Enable IAM User Permissions'), Principal: { AWS: 'arn:aws:iam::123456789012:root' } }])],
    ['a trust policy', policy([{ Sid: 'trust-ci', Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }])],
    ['letters and digits', policy([st('ReadLogs2026')])],
    ['no Sid', policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });
});
