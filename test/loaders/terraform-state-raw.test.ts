/** A raw `terraform.tfstate` (format version 4), read as `terraform show -json` would render it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import noAdminManagedPolicy from '../../rules/no-admin-managed-policy.js';
import noInlinePolicy from '../../rules/no-inline-policy.js';
import unknownAction from '../../rules/unknown-action.js';
import { DEFAULT_EXTENSIONS } from '../../src/files/walk.js';
import { lintWith } from '../helpers/lint.js';
import { loadText, policyAt, positionIn } from './load.js';

const text = readFileSync(new URL('../../fixtures/terraform/raw-state.tfstate', import.meta.url), 'utf8');
const load = () => loadText(text, 'terraform.tfstate');

describe('raw Terraform state', () => {
  it('finds every policy, named by its full address with module, index key and data prefix', async () => {
    const { result } = await load();
    expect(result.skipped).toBeUndefined();
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.location, p.kind])).toEqual([
      ['data.aws_iam_policy_document.assume.json', 'trust'],
      ['aws_iam_role.worker.assume_role_policy', 'trust'],
      ['aws_iam_role.worker.inline_policy[0].policy', 'identity'],
      ['module.app.aws_iam_policy.this["reader"].policy', 'identity'],
      ['module.app.aws_iam_policy.this["writer"].policy', 'identity'],
      ['module.queues[0].aws_sqs_queue_policy.this[0].policy', 'resource'],
    ]);
  });

  it('points at the characters of an element inside the escaped policy string', async () => {
    const findings = await lintWith(unknownAction, text, { filename: 'terraform.tfstate' });
    expect(findings.map((f) => [f.message.split(' (')[0], f.line, f.column, f.policy?.name])).toEqual([
      ['Unknown action "logs:PutLogEvent"', ...Object.values(positionIn(text, '\\"logs:PutLogEvent\\"')), 'aws_iam_role.worker policy "logs"'],
      ['Unknown action "s3:GetObjet"', ...Object.values(positionIn(text, '\\"s3:GetObjet')), 'module.app.aws_iam_policy.this["reader"]'],
    ]);
  });

  it('gives paths in the raw file, and links attachments by name and ARN', async () => {
    const { result, at } = await load();
    const inline = policyAt(result, 'aws_iam_role.worker.inline_policy[0].policy').attachment;
    expect(inline.declaredAt?.path).toEqual(['resources', 1, 'instances', 0, 'attributes', 'inline_policy', 0, 'name']);
    expect(at(inline.declaredAt!)).toEqual(positionIn(text, '"logs"'));
    const reader = policyAt(result, 'module.app.aws_iam_policy.this["reader"].policy').attachment;
    expect(reader.declaredAt?.path).toEqual(['resources', 3, 'instances', 0, 'index_key']);
    expect(reader.principals.map((p) => p.name)).toEqual(['aws_iam_role.worker']);
    const worker = result.principals.find((p) => p.name === 'aws_iam_role.worker')!;
    expect(worker.managedPolicyArns.map((m) => [m.value, m.path, at(m)])).toEqual([
      ['arn:aws:iam::aws:policy/ReadOnlyAccess', ['resources', 2, 'instances', 0, 'attributes', 'policy_arn'], positionIn(text, '"arn:aws:iam::aws:policy/ReadOnlyAccess"')],
    ]);
    const findings = await lintWith(noInlinePolicy, text, { filename: 'terraform.tfstate' });
    expect(findings.map((f) => [f.line, f.column, f.path])).toEqual([[...Object.values(positionIn(text, '"logs"')), inline.declaredAt?.path]]);
    expect(await lintWith(noAdminManagedPolicy, text, { filename: 'terraform.tfstate' })).toEqual([]);
  });

  it('takes only version 4 states with a resources list whose entries have instances', async () => {
    const state = (extra: Record<string, unknown>) =>
      JSON.stringify({ version: 4, terraform_version: '1.5.7', resources: [{ mode: 'managed', type: 'aws_iam_policy', name: 'p', instances: [{ attributes: { policy: '{"Statement":[]}' } }] }], ...extra });
    expect((await loadText(state({}), 'terraform.tfstate')).result.policies).toHaveLength(1);
    for (const other of [{ version: 3 }, { terraform_version: undefined }, { resources: [{ type: 'aws_iam_policy', name: 'p' }] }, { resources: {} }]) {
      const { result } = await loadText(state(other), 'terraform.tfstate');
      expect([result.policies.length, result.skipped]).toEqual([0, 'no IAM policy or CloudFormation template found']);
    }
    expect((await loadText(state({ resources: [] }), 'terraform.tfstate')).result.skipped).toBe('a Terraform state with no resources');
  });

  it('reads .tfstate files in folders', () => {
    expect(DEFAULT_EXTENSIONS).toContain('.tfstate');
  });
});
