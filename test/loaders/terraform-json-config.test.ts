/** Terraform's JSON configuration syntax (`*.tf.json`, CDKTF's `cdk.tf.json`): policies as JSON strings, objects and data sources. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import noAdminManagedPolicy from '../../rules/no-admin-managed-policy.js';
import noInlinePolicy from '../../rules/no-inline-policy.js';
import resourceMismatch from '../../rules/resource-mismatch.js';
import unknownAction from '../../rules/unknown-action.js';
import { lintWith } from '../helpers/lint.js';
import { loadText, policyAt, positionIn } from './load.js';

const text = readFileSync(new URL('../../fixtures/terraform/cdk.tf.json', import.meta.url), 'utf8');
const load = () => loadText(text, 'cdk.tf.json');

describe('Terraform JSON configuration', () => {
  it('reads policies written as JSON strings and aws_iam_policy_document data sources, with their kinds', async () => {
    const { result } = await load();
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.location, p.kind])).toEqual([
      ['aws_iam_role.worker.assume_role_policy', 'trust'],
      ['aws_iam_role.worker.inline_policy[0].policy', 'identity'],
      ['aws_iam_role_policy.worker_logs.policy', 'identity'],
      // Used as an aws_s3_bucket_policy's policy: a resource policy.
      ['data.aws_iam_policy_document.bucket_access', 'resource'],
    ]);
    const worker = result.principals.find((p) => p.name === 'aws_iam_role.worker')!;
    expect(worker.policies.map((p) => p.location)).toEqual(['aws_iam_role.worker.assume_role_policy', 'aws_iam_role.worker.inline_policy[0].policy', 'aws_iam_role_policy.worker_logs.policy']);
    expect(worker.managedPolicyArns.map((m) => m.value)).toEqual(['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
  });

  it('points inside JSON strings and at data source values; ${...} are placeholders', async () => {
    const findings = await lintWith(unknownAction, text, { filename: 'cdk.tf.json' });
    expect(findings.map((f) => [f.message.split(' (')[0], f.line, f.column])).toEqual([
      ['Unknown action "s3:GetObjctVersion"', ...Object.values(positionIn(text, '"s3:GetObjctVersion"'))],
      ['Unknown action "sqs:DeleteMesage"', ...Object.values(positionIn(text, '\\"sqs:DeleteMesage\\"'))],
    ]);
    const { result } = await load();
    const logs = policyAt(result, 'aws_iam_role_policy.worker_logs.policy').statements[0]!;
    expect(logs.resource!.values.map((v) => [v.intrinsic !== undefined, v.value])).toEqual([
      [true, 'arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${aws_lambda_function.worker.function_name}:*'],
    ]);
    expect(await lintWith(resourceMismatch, text, { filename: 'cdk.tf.json' })).toEqual([]);
    const inline = await lintWith(noInlinePolicy, text, { filename: 'cdk.tf.json' });
    expect(inline.map((f) => [f.line, f.column, f.path])).toEqual([
      [...Object.values(positionIn(text, '"queue"')), ['resource', 'aws_iam_role', 'worker', 'inline_policy', 0, 'name']],
      [...Object.values(positionIn(text, '"worker_logs"', '"aws_iam_role_policy"')), ['resource', 'aws_iam_role_policy', 'worker_logs']],
    ]);
  });

  it('passes over a policy only Terraform renders, saying so when the file holds nothing else', async () => {
    const { result } = await loadText(
      JSON.stringify({ resource: { aws_iam_policy: { p: { policy: '${jsonencode({Statement = var.statements})}' } } } }),
      'main.tf.json',
    );
    expect([result.policies, result.syntaxErrors]).toEqual([[], []]);
    expect(result.skipped).toBe('the policy of aws_iam_policy.p.policy was not read: it is a Terraform expression that only Terraform renders');
  });

  it("reads Terraform's $${ escape as the literal ${ Terraform sends (an IAM policy variable), not as a template", async () => {
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/home/$${aws:username}/*' }] });
    const { result } = await loadText(JSON.stringify({ resource: { aws_iam_policy: { p: { policy: document } } } }), 'main.tf.json');
    const resource = policyAt(result, 'aws_iam_policy.p.policy').statements[0]!.resource!.values[0]!;
    expect([resource.value, resource.intrinsic]).toEqual(['arn:aws:s3:::bucket/home/${aws:username}/*', undefined]);
  });

  it('reports a policy string that is not JSON inside the string, and reads a repro from CDKTF', async () => {
    const broken = JSON.stringify({ resource: { aws_iam_policy: { p: { policy: '{"Statement": [}' } } } }, null, 2);
    const { result } = await loadText(broken, 'main.tf.json');
    expect(result.syntaxErrors.map((e) => e.inString)).toEqual(['aws_iam_policy.p.policy']);
    const cdktf = JSON.stringify({
      '//': { metadata: { stackName: 'root' } },
      resource: { aws_iam_role_policy: { r: { role: 'x', policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"none:null","Resource":"*"}]}' } } },
    });
    const findings = await lintWith(unknownAction, cdktf, { filename: 'cdk.tf.json' });
    expect(findings.map((f) => [f.line, f.column])).toEqual([Object.values(positionIn(cdktf, '\\"none:null'))]);
  });

  it('attaches a policy document two roles use to both, as the HCL loader does', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const config = {
      data: { aws_iam_policy_document: { shared: { statement: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::data/*'] }] } } },
      resource: {
        aws_iam_role: { a: { name: 'a', assume_role_policy: trust }, b: { name: 'b', assume_role_policy: trust } },
        aws_iam_role_policy: {
          a: { role: '${aws_iam_role.a.id}', policy: '${data.aws_iam_policy_document.shared.json}' },
          b: { role: '${aws_iam_role.b.name}', policy: '${data.aws_iam_policy_document.shared.json}' },
        },
      },
    };
    const { result } = await loadText(JSON.stringify(config, null, 2), 'main.tf.json');
    const doc = policyAt(result, 'data.aws_iam_policy_document.shared');
    expect([doc.kind, doc.attachment.inline, doc.attachment.principals.map((p) => p.name)]).toEqual(['identity', true, ['aws_iam_role.a', 'aws_iam_role.b']]);
    const holders = result.principals.filter((p) => p.policies.includes(doc)).map((p) => p.name);
    expect(holders).toEqual(['aws_iam_role.a', 'aws_iam_role.b']);
  });

  it('links an attachment to a user or role it names but does not declare, as the HCL loader does', async () => {
    const text = JSON.stringify(
      { resource: { aws_iam_user_policy_attachment: { admin: { user: 'alice', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } }, aws_iam_role_policy_attachment: { ops: { role: '${var.role}', policy_arn: 'arn:aws:iam::aws:policy/PowerUserAccess' } } } },
      null,
      2,
    );
    const findings = await lintWith(noAdminManagedPolicy, text, { filename: 'cdk.tf.json' });
    // A role named by a variable is not known, so nothing is said of it.
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [...Object.values(positionIn(text, '"arn:aws:iam::aws:policy/AdministratorAccess"')), 'User "alice (not declared in this file)" has the AWS managed policy AdministratorAccess attached, which allows every action on every resource'],
    ]);
  });

  it('reads only files named *.tf.json that look like Terraform configuration', async () => {
    expect((await loadText(text, 'cdk.json')).result.skipped).toBe('no IAM policy or CloudFormation template found');
    const notConfig = JSON.stringify({ resource: { aws_iam_policy: { p: { policy: '{}' } } }, name: 'x' });
    expect((await loadText(notConfig, 'x.tf.json')).result.skipped).toBe('no IAM policy or CloudFormation template found');
  });
});
