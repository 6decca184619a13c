/** `terraform show -json` plans and states: resource types, module addresses, positions inside policy strings, attachments. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import noAdminManagedPolicy from '../../rules/no-admin-managed-policy.js';
import noPrivilegeEscalation from '../../rules/no-privilege-escalation.js';
import noPublicPrincipal from '../../rules/no-public-principal.js';
import noUserAttachedPolicy from '../../rules/no-user-attached-policy.js';
import parseError from '../../rules/parse-error.js';
import servicePrincipalWithoutSource from '../../rules/service-principal-without-source.js';
import unknownAction from '../../rules/unknown-action.js';
import type { LoadResult } from '../../src/loaders/index.js';
import { LAMBDA_PERMISSION } from '../../src/loaders/lambda-permission.js';
import { PLAN_LINKS, PLAN_POLICY_ATTRIBUTES } from '../../src/loaders/terraform-plan/resource-types.js';
import { lintWith } from '../helpers/lint.js';
import { loadText, policyAt, positionIn } from './load.js';

const dir = new URL('../../fixtures/terraform/', import.meta.url).pathname;
const planText = readFileSync(`${dir}plan.json`, 'utf8');
const loadPlan = () => loadText(planText, 'plan.json');
const principal = (result: LoadResult, name: string) => {
  const p = result.principals.find((x) => x.name === name);
  if (!p) throw new Error(`no principal ${name}`);
  return p;
};

describe('Terraform plan JSON', () => {
  it('finds every policy in root and nested modules, named by address, with its kind', async () => {
    const { result } = await loadPlan();
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.name, p.location, p.kind])).toEqual([
      ['aws_iam_role.worker', 'aws_iam_role.worker.assume_role_policy', 'trust'],
      ['aws_iam_role.worker policy "logs"', 'aws_iam_role.worker.inline_policy[0].policy', 'identity'],
      ['aws_iam_role_policy.worker_pass', 'aws_iam_role_policy.worker_pass.policy', 'identity'],
      ['aws_iam_policy.deploy', 'aws_iam_policy.deploy.policy', 'identity'],
      ['aws_iam_user_policy.ci', 'aws_iam_user_policy.ci.policy', 'identity'],
      ['aws_iam_group_policy.devs', 'aws_iam_group_policy.devs.policy', 'identity'],
      ['aws_s3_bucket_policy.data', 'aws_s3_bucket_policy.data.policy', 'resource'],
      ['aws_sqs_queue_policy.jobs', 'aws_sqs_queue_policy.jobs.policy', 'resource'],
      ['aws_sns_topic_policy.events', 'aws_sns_topic_policy.events.policy', 'resource'],
      ['aws_kms_key.data', 'aws_kms_key.data.policy', 'resource'],
      ['aws_ecr_repository_policy.app', 'aws_ecr_repository_policy.app.policy', 'resource'],
      ['aws_secretsmanager_secret_policy.db', 'aws_secretsmanager_secret_policy.db.policy', 'resource'],
      ['aws_lambda_permission.s3_invoke', 'aws_lambda_permission.s3_invoke', 'resource'],
      ['aws_lambda_permission.events', 'aws_lambda_permission.events', 'resource'],
      ['aws_lambda_permission.public', 'aws_lambda_permission.public', 'resource'],
      ['aws_organizations_policy.deny_leave', 'aws_organizations_policy.deny_leave.content', 'scp'],
      ['aws_organizations_policy.rcp', 'aws_organizations_policy.rcp.content', 'rcp'],
      ['module.app.aws_iam_role.worker', 'module.app.aws_iam_role.worker.assume_role_policy', 'trust'],
      ['module.app.aws_iam_role_policy.worker', 'module.app.aws_iam_role_policy.worker.policy', 'identity'],
      ['module.app.module.queue.aws_sqs_queue_policy.this', 'module.app.module.queue.aws_sqs_queue_policy.this.policy', 'resource'],
      // Read while planning, so only in prior_state; its kind is guessed from the document.
      ['data.aws_iam_policy_document.assume', 'data.aws_iam_policy_document.assume.json', 'trust'],
    ]);
    expect(policyAt(result, 'data.aws_iam_policy_document.assume.json').kindKnown).toBe(false);
  });

  it('points at the characters of each element inside the escaped policy string', async () => {
    const { file, result, at } = await loadPlan();
    const logs = policyAt(result, 'aws_iam_role.worker.inline_policy[0].policy').statements[0]!;
    expect(logs.action!.values.map((v) => [v.value, v.path, at(v)])).toEqual([
      ['logs:CreateLogStream', ['Statement', 0, 'Action', 0], positionIn(file.text, '\\"logs:CreateLogStream')],
      ['logs:PutLogEvents', ['Statement', 0, 'Action', 1], positionIn(file.text, '\\"logs:PutLogEvents\\"')],
      ['logs:PutLogEvent', ['Statement', 0, 'Action', 2], positionIn(file.text, '\\"logs:PutLogEvent\\"')],
    ]);
    expect(file.text.slice(logs.action!.values[2]!.span.start, logs.action!.values[2]!.span.end)).toBe('\\"logs:PutLogEvent\\"');
    // A policy rendered with line breaks (aws_iam_policy_document, jsonencode of a heredoc) keeps its own columns.
    const kms = policyAt(result, 'aws_kms_key.data.policy').statements[0]!;
    expect(at(kms.action!.values[0]!)).toEqual(positionIn(file.text, '\\"kms:*\\"'));
  });

  it('reports a finding on the third action at that action, in a nested module too', async () => {
    const findings = await lintWith(unknownAction, planText, { filename: 'plan.json' });
    expect(findings.map((f) => [f.message.split(' (')[0], f.line, f.column, f.policy?.name])).toEqual([
      ['Unknown action "logs:PutLogEvent"', ...Object.values(positionIn(planText, '\\"logs:PutLogEvent\\"')), 'aws_iam_role.worker policy "logs"'],
      ['Unknown action "s3:GetObjekt"', ...Object.values(positionIn(planText, '\\"s3:GetObjekt')), 'module.app.aws_iam_role_policy.worker'],
    ]);
  });

  it('turns each aws_lambda_permission into a one-statement resource policy, every value at its attribute', async () => {
    const { file, result, at } = await loadPlan();
    const text = file.text;
    const from = (address: string) => text.indexOf(`"address": "${address}"`);
    const events = policyAt(result, 'aws_lambda_permission.events');
    expect(events.attachment.resource).toMatchObject({ name: 'aws_lambda_permission.events', type: 'aws_lambda_permission' });
    const s = events.statements[0]!;
    expect(events.statements).toHaveLength(1);
    expect([s.effect?.value, at(s.effect!)]).toEqual(['Allow', positionIn(text, '"aws_lambda_permission.events"')]);
    expect(s.principal!.entries.map((e) => [e.type.value, e.values.map((v) => [v.value, at(v)])])).toEqual([
      ['Service', [['events.amazonaws.com', positionIn(text, '"events.amazonaws.com"', from('aws_lambda_permission.events'))]]],
    ]);
    expect(s.action!.values.map((v) => [v.value, at(v)])).toEqual([['lambda:InvokeFunction', positionIn(text, '"lambda:InvokeFunction"', from('aws_lambda_permission.events'))]]);
    // An ARN is kept as written; a bare name becomes the function's ARN with region and account unknown.
    expect(s.resource!.values.map((v) => [v.value, at(v)])).toEqual([
      ['arn:aws:lambda:us-east-1:123456789012:function:thumbnailer', positionIn(text, '"arn:aws:lambda:us-east-1:123456789012:function:thumbnailer"')],
    ]);
    expect(s.condition!.operators.map((o) => [o.operator.value, o.keys.map((k) => [k.key.value, k.values.map((v) => [v.value, at(v)])])])).toEqual([
      ['ArnLike', [['aws:SourceArn', [['arn:aws:events:us-east-1:123456789012:rule/nightly', positionIn(text, '"arn:aws:events:us-east-1:123456789012:rule/nightly"')]]]]],
      ['StringEquals', [['aws:SourceAccount', [['123456789012', positionIn(text, '"123456789012"', from('aws_lambda_permission.events'))]]]]],
    ]);
    const s3 = policyAt(result, 'aws_lambda_permission.s3_invoke').statements[0]!;
    expect(s3.resource!.values.map((v) => [v.value, v.intrinsic, at(v)])).toEqual([
      ['arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:thumbnailer', 'Fn::Sub', positionIn(text, '"thumbnailer"', from('aws_lambda_permission.s3_invoke'))],
    ]);
    // Unset optional attributes are null in a plan: no condition.
    expect(s3.condition).toBeUndefined();
    const pub = policyAt(result, 'aws_lambda_permission.public').statements[0]!;
    expect([pub.principal!.wildcard?.value, at(pub.principal!.wildcard!)]).toEqual(['*', positionIn(text, '"*"', from('aws_lambda_permission.public'))]);
  });

  it('service-principal-without-source and no-public-principal read the permissions', async () => {
    const services = await lintWith(servicePrincipalWithoutSource, planText, { filename: 'plan.json' });
    expect(services.map((f) => [f.line, f.column, f.policy?.name, f.message])).toEqual([
      [...Object.values(positionIn(planText, '"s3.amazonaws.com"')), 'aws_lambda_permission.s3_invoke', 'Statement #1 lets "s3.amazonaws.com" act on this resource on behalf of any account: no aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths condition'],
    ]);
    const lambda = (await lintWith(noPublicPrincipal, planText, { filename: 'plan.json' })).filter((f) => f.policy?.name.startsWith('aws_lambda_permission.'));
    expect(lambda.map((f) => [f.line, f.column, f.policy?.name])).toEqual([
      [...Object.values(positionIn(planText, '"*"', planText.indexOf('"address": "aws_lambda_permission.public"'))), 'aws_lambda_permission.public'],
    ]);
  });

  it('reads a one-line plan as terraform prints it, columns counted on that line', async () => {
    const compact = JSON.stringify(JSON.parse(planText));
    const findings = await lintWith(unknownAction, compact, { filename: 'plan.json' });
    expect(findings.map((f) => [f.line, f.column])).toEqual([
      [1, compact.indexOf('\\"logs:PutLogEvent\\"') + 1],
      [1, compact.indexOf('\\"s3:GetObjekt') + 1],
    ]);
  });

  it('treats values unknown until apply as placeholders: no policy, no error', async () => {
    const { result } = await loadPlan();
    expect(result.policies.some((p) => p.name === 'aws_iam_role_policy.generated')).toBe(false);
    expect(result.syntaxErrors).toEqual([]);
    // policy_arn = aws_iam_policy.deploy.arn is unknown; the configuration's references link it.
    expect(policyAt(result, 'aws_iam_policy.deploy.policy').attachment.principals.map((p) => p.name)).toEqual(['aws_iam_role.worker']);
    expect(principal(result, 'aws_iam_role.worker').managedPolicyArns.map((m) => m.value)).toEqual(['arn:aws:iam::aws:policy/IAMFullAccess']);
  });

  it('links the managed policies an aws_iam_*_policy_attachments_exclusive lists to its principal', async () => {
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            { address: 'aws_iam_role.ops', type: 'aws_iam_role', values: { name: 'ops', assume_role_policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}' } },
            { address: 'aws_iam_role_policy_attachments_exclusive.ops', type: 'aws_iam_role_policy_attachments_exclusive', values: { role_name: 'ops', policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess'] } },
          ],
        },
      },
    };
    const { result } = await loadText(JSON.stringify(plan, null, 2), 'plan.json');
    expect(principal(result, 'aws_iam_role.ops').managedPolicyArns.map((m) => m.value)).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });

  it('declares users, groups and roles by address, and links inline policies, attachments and membership', async () => {
    const { result, file, at } = await loadPlan();
    expect(result.principals.map((p) => [p.type, p.name])).toEqual([
      ['role', 'aws_iam_role.worker'],
      ['user', 'aws_iam_user.ci'],
      ['group', 'aws_iam_group.devs'],
      ['group', 'aws_iam_group.ops'],
      ['role', 'module.app.aws_iam_role.worker'],
    ]);
    const names = (n: string) => principal(result, n).policies.map((p) => p.location);
    expect(names('aws_iam_role.worker')).toEqual([
      'aws_iam_role.worker.assume_role_policy',
      'aws_iam_role.worker.inline_policy[0].policy',
      'aws_iam_role_policy.worker_pass.policy',
      'aws_iam_policy.deploy.policy',
    ]);
    expect(names('aws_iam_user.ci')).toEqual(['aws_iam_user_policy.ci.policy']);
    expect(names('aws_iam_group.devs')).toEqual(['aws_iam_group_policy.devs.policy']);
    expect(names('module.app.aws_iam_role.worker')).toEqual(['module.app.aws_iam_role.worker.assume_role_policy', 'module.app.aws_iam_role_policy.worker.policy']);
    const ci = principal(result, 'aws_iam_user.ci');
    expect(ci.memberOf.map((g) => g.name)).toEqual(['aws_iam_group.devs', 'aws_iam_group.ops']);
    expect(ci.managedPolicyArns.map((m) => [m.value, m.path.slice(-2), at(m)])).toEqual([
      ['arn:aws:iam::aws:policy/AdministratorAccess', ['values', 'policy_arn'], positionIn(file.text, '"arn:aws:iam::aws:policy/AdministratorAccess"')],
      ['arn:aws:iam::aws:policy/IAMFullAccess', ['values', 'policy_arn'], positionIn(file.text, '"arn:aws:iam::aws:policy/IAMFullAccess"')],
    ]);
    expect(principal(result, 'aws_iam_group.devs').managedPolicyArns.map((m) => m.value)).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    const inline = policyAt(result, 'aws_iam_role.worker.inline_policy[0].policy').attachment;
    expect([inline.inline, inline.policyName, inline.resource?.type, at(inline.declaredAt!)]).toEqual([true, 'logs', 'aws_iam_role', positionIn(file.text, '"logs"')]);
  });

  it('reports escalation split across two policies of one role, naming both', async () => {
    const findings = await lintWith(noPrivilegeEscalation, planText, { filename: 'plan.json' });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [
        ...Object.values(positionIn(planText, '\\"iam:PassRole')),
        'Role "aws_iam_role.worker" can escalate privileges by "Launch an EC2 instance with a privileged instance profile" (ec2-passrole-run-instances) only through the combination of its policies: iam:PassRole (in aws_iam_role_policy.worker_pass), ec2:RunInstances (in aws_iam_policy.deploy)',
      ],
    ]);
  });

  it('gives no-admin-managed-policy and no-user-attached-policy the attachments', async () => {
    const admin = await lintWith(noAdminManagedPolicy, planText, { filename: 'plan.json' });
    expect(admin.map((f) => f.message.split(' has ')[0])).toEqual(['User "aws_iam_user.ci"', 'Role "aws_iam_role.worker"', 'User "aws_iam_user.ci"', 'Group "aws_iam_group.ops"']);
    const user = await lintWith(noUserAttachedPolicy, planText, { filename: 'plan.json' });
    expect(user.map((f) => [f.line, f.message])).toEqual([
      [positionIn(planText, '"aws_iam_user_policy.ci"').line, 'aws_iam_user_policy.ci is attached directly to user "aws_iam_user.ci"'],
      [positionIn(planText, 'AdministratorAccess"').line, 'User "aws_iam_user.ci" has the managed policy "arn:aws:iam::aws:policy/AdministratorAccess" attached directly'],
      [positionIn(planText, 'IAMFullAccess"').line, 'User "aws_iam_user.ci" has the managed policy "arn:aws:iam::aws:policy/IAMFullAccess" attached directly'],
    ]);
  });

  it('reads every resource type of the table (a state file: `values`)', async () => {
    const { result } = await loadText(readFileSync(`${dir}all-resource-types.tfstate.json`, 'utf8'), 'terraform.tfstate.json');
    expect(result.syntaxErrors).toEqual([]);
    const seen = new Map<string, number>();
    const expected = PLAN_POLICY_ATTRIBUTES.map((spec) => {
      const n = (seen.get(spec.type) ?? 0) + 1;
      seen.set(spec.type, n);
      const attribute = spec.block ? `${spec.block}[0].${spec.attribute}` : spec.attribute;
      return [`${spec.data ? 'data.' : ''}${spec.type}.r${n}.${attribute}`, spec.kind ?? 'identity'];
    });
    expect(result.policies.map((p) => [p.location, p.kind])).toEqual(expected);
  });
});

describe('broken Terraform plans', () => {
  it('a truncated plan is a parse error with its position', async () => {
    const text = planText.slice(0, planText.indexOf('"aws_iam_policy.deploy"'));
    const findings = await lintWith(parseError, text, { filename: 'plan.json' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'parse-error', line: text.trimEnd().split('\n').length });
  });

  it('a policy string that is not valid JSON is a parse error inside the string', async () => {
    const text = planText.replace('{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iam:PassRole\\"', '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\" \\"Action\\":\\"iam:PassRole\\"');
    const findings = await lintWith(parseError, text, { filename: 'plan.json' });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [...Object.values(positionIn(text, '\\"Action\\":\\"iam:PassRole')), "Cannot parse the policy string of aws_iam_role_policy.worker_pass.policy: Expected ',' before this"],
    ]);
  });

  it.each([
    ['resources not a list', { format_version: '1.2', planned_values: { root_module: { resources: {} } } }],
    ['values not an object', { format_version: '1.2', planned_values: { root_module: { resources: [{ address: 'aws_iam_policy.p', type: 'aws_iam_policy', values: null }] } } }],
    ['policy not a string', { format_version: '1.2', planned_values: { root_module: { resources: [{ address: 'aws_iam_policy.p', type: 'aws_iam_policy', values: { policy: 42 } }] } } }],
    ['policy a JSON list', { format_version: '1.2', planned_values: { root_module: { resources: [{ address: 'aws_iam_policy.p', type: 'aws_iam_policy', values: { policy: '[1]' } }] } } }],
    ['child_modules not a list', { format_version: '1.2', planned_values: { root_module: { child_modules: 'x' } } }],
    ['a state without resources', { format_version: '1.0', terraform_version: '1.9.5' }],
  ])('%s: nothing to lint, no crash', async (_label, plan) => {
    const { result } = await loadText(JSON.stringify(plan), 'plan.json');
    expect(result.policies).toEqual([]);
    expect(result.syntaxErrors).toEqual([]);
  });
});

describe('README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').split('\n');
  const table = (header: string) => {
    const start = readme.indexOf(header);
    expect(start, `README lacks the table "${header}"`).toBeGreaterThan(0);
    const rows: string[][] = [];
    for (let i = start + 2; readme[i]?.startsWith('|'); i++) rows.push(readme[i]!.split('|').slice(1, -1).map((c) => c.trim().replace(/`/g, '')));
    return rows;
  };

  it('lists every Terraform resource attribute that holds a policy, with its kind', () => {
    const rows = table('| Terraform resource | attribute | kind |').map(([type, attribute, kind]) => [type, attribute, kind!.split(' ')[0]]);
    const expected = PLAN_POLICY_ATTRIBUTES.map((s) => [
      `${s.data ? 'data.' : ''}${s.type}`,
      s.block ? `${s.block}[].${s.attribute}` : s.attribute,
      s.kind ?? 'guessed',
    ]);
    expected.push([LAMBDA_PERMISSION.type, LAMBDA_PERMISSION.attributes.join(', '), 'resource']);
    expect(rows).toEqual(expected);
  });

  it('lists every Terraform resource that links policies to principals', () => {
    expect(table('| Terraform resource | links |').map(([type]) => type)).toEqual(PLAN_LINKS.map((l) => l.type));
  });
});
