/** Small plans and states from wild hunts: unknown Lambda permission conditions, computed policy copies, the role's own account. */
import { describe, expect, it } from 'vitest';
import crossAccountTrust from '../../rules/cross-account-trust.js';
import noInlinePolicy from '../../rules/no-inline-policy.js';
import noPublicPrincipal from '../../rules/no-public-principal.js';
import servicePrincipalWithoutSource from '../../rules/service-principal-without-source.js';
import { lintWith } from '../helpers/lint.js';
import { loadText } from './load.js';

const json = (x: unknown) => `${JSON.stringify(x, null, 2)}\n`;
const resource = (address: string, values: Record<string, unknown>) => {
  const [type, name] = address.split('.') as [string, string];
  return { address, mode: 'managed', type, name, values };
};
const state = (...resources: unknown[]) => json({ format_version: '1.0', terraform_version: '1.5.7', values: { root_module: { resources } } });
const doc = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

describe('aws_lambda_permission with a condition unknown until apply', () => {
  const permission = resource('aws_lambda_permission.apigw', {
    action: 'lambda:InvokeFunction',
    function_name: 'func',
    principal: 'apigateway.amazonaws.com',
    statement_id: 'AllowAPIGatewayInvoke',
  });
  const plan = (attribute: string, unknown: boolean, references?: string[]) =>
    json({
      format_version: '1.2',
      terraform_version: '1.6.0',
      planned_values: { root_module: { resources: [permission] } },
      resource_changes: [
        { address: permission.address, mode: 'managed', type: permission.type, name: permission.name, change: { actions: ['create'], after_unknown: { id: true, ...(unknown && { [attribute]: true }) } } },
      ],
      configuration: {
        root_module: {
          resources: [
            { address: permission.address, mode: 'managed', type: permission.type, name: permission.name, expressions: references ? { [attribute]: { references } } : {} },
          ],
        },
      },
    });
  const condition = async (text: string) => {
    const { result } = await loadText(text, 'plan.json');
    const s = result.policies.find((p) => p.name === 'aws_lambda_permission.apigw')?.statements[0];
    return s?.condition?.operators.map((o) => [o.operator.value, o.keys.map((k) => [k.key.value, k.values.map((v) => v.value)])]);
  };

  it('reads source_arn as a placeholder named after the configuration reference, so the service is not reported', async () => {
    const text = plan('source_arn', true, ['aws_api_gateway_rest_api.api.execution_arn', 'aws_api_gateway_rest_api.api']);
    expect(await condition(text)).toEqual([['ArnLike', [['aws:SourceArn', ['${aws_api_gateway_rest_api.api.execution_arn}']]]]]);
    expect(await lintWith(servicePrincipalWithoutSource, text, { filename: 'plan.json' })).toEqual([]);
  });

  it('names the placeholder after the attribute when the configuration does not say, and reads source_account too', async () => {
    expect(await condition(plan('source_arn', true))).toEqual([['ArnLike', [['aws:SourceArn', ['${aws_lambda_permission.apigw.source_arn}']]]]]);
    const account = plan('source_account', false, ['data.aws_caller_identity.current.account_id', 'data.aws_caller_identity.current']);
    expect(await condition(account)).toEqual([['StringEquals', [['aws:SourceAccount', ['${data.aws_caller_identity.current.account_id}']]]]]);
    expect(await lintWith(servicePrincipalWithoutSource, account, { filename: 'plan.json' })).toEqual([]);
  });

  it('still reports a permission with no source at all', async () => {
    const text = plan('source_arn', false);
    expect(await condition(text)).toBeUndefined();
    const findings = await lintWith(servicePrincipalWithoutSource, text, { filename: 'plan.json' });
    expect(findings.map((f) => [f.ruleId, f.policy?.name])).toEqual([['service-principal-without-source', 'aws_lambda_permission.apigw']]);
  });
});

describe('policies the provider copies into another resource on refresh', () => {
  const read = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  const role = (inline: { name: string; policy: string }[]) =>
    resource('aws_iam_role.app', { arn: 'arn:aws:iam::123456789012:role/app', name: 'app', assume_role_policy: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }), inline_policy: inline, managed_policy_arns: [] });

  it('lints a role inline policy once, as the aws_iam_role_policy that sets it', async () => {
    const text = state(role([{ name: 'read', policy: read }]), resource('aws_iam_role_policy.read', { id: 'app:read', name: 'read', role: 'app', policy: read }));
    const findings = await lintWith(noInlinePolicy, text, { filename: 'state.json' });
    expect(findings.map((f) => f.policy?.name)).toEqual(['aws_iam_role_policy.read']);
    const { result } = await loadText(text, 'state.json');
    expect(result.principals.find((p) => p.name === 'aws_iam_role.app')?.policies.map((p) => p.name)).toEqual(['aws_iam_role.app', 'aws_iam_role_policy.read']);
  });

  it('keeps inline policies no aws_iam_role_policy of that role and name sets', async () => {
    const text = state(
      role([{ name: 'read', policy: read }, { name: 'other', policy: read }]),
      resource('aws_iam_role.b', { name: 'b', assume_role_policy: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }) }),
      resource('aws_iam_role_policy.read', { name: 'read', role: 'b', policy: read }),
    );
    const findings = await lintWith(noInlinePolicy, text, { filename: 'state.json' });
    expect(findings.map((f) => f.policy?.name)).toEqual(['aws_iam_role.app policy "read"', 'aws_iam_role.app policy "other"', 'aws_iam_role_policy.read']);
  });

  const open = (resource: string) => doc({ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: resource });
  const bucket = doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' });
  const topic = doc({ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:123456789012:events' });
  const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs';
  const owners = [
    resource('aws_s3_bucket.data', { bucket: 'data', id: 'data', policy: bucket }),
    resource('aws_sqs_queue.jobs', { id: queueUrl, url: queueUrl, policy: open('arn:aws:sqs:us-east-1:123456789012:jobs') }),
    resource('aws_sns_topic.events', { arn: 'arn:aws:sns:us-east-1:123456789012:events', policy: topic }),
  ];

  it('lints an S3 bucket, SQS queue or SNS topic policy once, as its *_policy resource', async () => {
    const text = state(
      ...owners,
      resource('aws_s3_bucket_policy.data', { bucket: 'data', policy: bucket }),
      resource('aws_sqs_queue_policy.jobs', { queue_url: queueUrl, policy: open('arn:aws:sqs:us-east-1:123456789012:jobs') }),
      resource('aws_sns_topic_policy.events', { arn: 'arn:aws:sns:us-east-1:123456789012:events', policy: topic }),
    );
    const findings = await lintWith(noPublicPrincipal, text, { filename: 'state.json' });
    expect(findings.map((f) => f.policy?.name)).toEqual(['aws_s3_bucket_policy.data', 'aws_sqs_queue_policy.jobs', 'aws_sns_topic_policy.events']);
  });

  it('lints an OpenSearch domain access policy once, as its domain policy resource', async () => {
    const search = doc({ Effect: 'Allow', Principal: '*', Action: 'es:ESHttpGet', Resource: 'arn:aws:es:us-east-1:123456789012:domain/logs/*' });
    const text = state(resource('aws_opensearch_domain.logs', { domain_name: 'logs', access_policies: search }), resource('aws_opensearch_domain_policy.logs', { domain_name: 'logs', access_policies: search }));
    const findings = await lintWith(noPublicPrincipal, text, { filename: 'state.json' });
    expect(findings.map((f) => f.policy?.name)).toEqual(['aws_opensearch_domain_policy.logs']);
  });

  it('lints a Secrets Manager secret or API Gateway REST API policy once, as its *_policy resource', async () => {
    const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';
    const secret = doc({ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    const api = doc({ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*' });
    const text = state(
      resource('aws_secretsmanager_secret.db', { arn: secretArn, id: secretArn, policy: secret }),
      resource('aws_secretsmanager_secret_policy.db', { secret_arn: secretArn, policy: secret }),
      resource('aws_api_gateway_rest_api.api', { id: 'a1b2c3', policy: api }),
      resource('aws_api_gateway_rest_api_policy.api', { rest_api_id: 'a1b2c3', policy: api }),
    );
    const findings = await lintWith(noPublicPrincipal, text, { filename: 'state.json' });
    expect(findings.map((f) => f.policy?.name)).toEqual(['aws_secretsmanager_secret_policy.db', 'aws_api_gateway_rest_api_policy.api']);
  });

  it('keeps the policy attribute when no *_policy resource sets it', async () => {
    const text = state(...owners, resource('aws_s3_bucket_policy.other', { bucket: 'other', policy: bucket }));
    const findings = await lintWith(noPublicPrincipal, text, { filename: 'state.json' });
    expect(findings.map((f) => f.policy?.name)).toEqual(['aws_s3_bucket.data', 'aws_sqs_queue.jobs', 'aws_sns_topic.events', 'aws_s3_bucket_policy.other']);
  });

  it('matches a policy resource whose owner is unknown until apply by its configuration reference', async () => {
    const bucketPolicy = resource('aws_s3_bucket_policy.data', { policy: bucket });
    const text = json({
      format_version: '1.2',
      planned_values: { root_module: { resources: [owners[0], bucketPolicy] } },
      configuration: { root_module: { resources: [{ address: 'aws_s3_bucket_policy.data', expressions: { bucket: { references: ['aws_s3_bucket.data.id', 'aws_s3_bucket.data'] } } }] } },
    });
    const findings = await lintWith(noPublicPrincipal, text, { filename: 'plan.json' });
    expect(findings.map((f) => f.policy?.name)).toEqual(['aws_s3_bucket_policy.data']);
  });
});

describe("a role's own account in a state", () => {
  const trust = (account: string) => doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' });
  const role = (account: string, arn?: string) => state(resource('aws_iam_role.r', { ...(arn && { arn }), name: 'r', assume_role_policy: trust(account) }));

  it('sets the trust policy attachment account from the role ARN', async () => {
    const { result } = await loadText(role('312231318920', 'arn:aws:iam::312231318920:role/r'), 'state.json');
    expect(result.policies.map((p) => [p.name, p.attachment.account])).toEqual([['aws_iam_role.r', '312231318920']]);
  });

  it('does not report trust in the own account, but reports another one', async () => {
    expect(await lintWith(crossAccountTrust, role('312231318920', 'arn:aws:iam::312231318920:role/r'), { filename: 'state.json' })).toEqual([]);
    const other = await lintWith(crossAccountTrust, role('111122223333', 'arn:aws:iam::312231318920:role/r'), { filename: 'state.json' });
    expect(other.map((f) => f.message.split(' (')[0])).toEqual(['Statement #1 lets account 111122223333']);
    // A plan before the role exists has no ARN: the account stays unknown and the trust is reported.
    expect(await lintWith(crossAccountTrust, role('312231318920'), { filename: 'state.json' })).toHaveLength(1);
  });
});
