/** `data.aws_iam_policy_document` in plans: linted once, with the kind of the resource that uses it, also when its JSON is known only at apply time. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import noPrivilegeEscalation from '../../rules/no-privilege-escalation.js';
import noPublicPrincipal from '../../rules/no-public-principal.js';
import invalidPolicyStructure from '../../rules/invalid-policy-structure.js';
import resourceMismatch from '../../rules/resource-mismatch.js';
import { references } from '../../src/loaders/terraform-plan/policy-document.js';
import { lintWith } from '../helpers/lint.js';
import { loadText, policyAt, positionIn } from './load.js';

const dir = new URL('../../fixtures/terraform/', import.meta.url).pathname;
const unknownJson = readFileSync(`${dir}plan-document-unknown-json.json`, 'utf8');
const consumers = readFileSync(`${dir}plan-document-consumers.json`, 'utf8');

describe('Terraform plan: a policy document whose json is unknown until apply', () => {
  it('is built from its statement blocks, with the kind and attachment of the resource using it', async () => {
    const { result, at } = await loadText(unknownJson, 'plan.json');
    expect(result.policies.map((p) => [p.name, p.location, p.kind, p.kindKnown])).toEqual([
      ['data.aws_iam_policy_document.backups', 'data.aws_iam_policy_document.backups.statement', 'resource', true],
    ]);
    const doc = policyAt(result, 'data.aws_iam_policy_document.backups.statement');
    expect(doc.attachment.resource?.name).toBe('aws_s3_bucket_policy.backups');
    const [first, second] = doc.statements;
    expect(first?.action?.values.map((v) => [v.value, at(v)])).toEqual([
      ['s3:GetObject', positionIn(unknownJson, '"s3:GetObject"')],
      ['s3:PutObject', positionIn(unknownJson, '"s3:PutObject"')],
    ]);
    // The bucket's ARN shape from its planned name, left open after it: `"${aws_s3_bucket.backups.arn}/*"` plans the same.
    expect(first?.resource?.values.map((v) => [v.value, at(v)])).toEqual([['arn:aws:s3:::grafana-backups${...}', positionIn(unknownJson, 'null', unknownJson.indexOf('"resources"', unknownJson.indexOf('"AllowGetPutObjects"')))]]);
    expect(second?.effect?.value).toBe('Allow');
    expect(second?.resource?.values.map((v) => v.value)).toEqual(['arn:aws:s3:::grafana-backups${...}', 'arn:aws:s3:::logs']);
    expect(second?.condition?.operators.flatMap((o) => o.keys.map((k) => [o.operator.value, k.key.value, k.values.map((v) => v.value)]))).toEqual([
      ['StringEquals', 'aws:SourceVpc', ['${aws_vpc.main.id}']],
    ]);
  });

  it('is linted: findings point at the values in the plan JSON', async () => {
    const findings = await lintWith(noPublicPrincipal, unknownJson, { filename: 'plan.json' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      [
        'no-public-principal',
        positionIn(unknownJson, '"*"', '"identifiers"').line,
        positionIn(unknownJson, '"*"', '"identifiers"').column,
        'Statement "AllowGetPutObjects" allows any principal ({"AWS": "*"}) with no condition that pins the caller',
      ],
    ]);
  });

  it('reads an unknown ARN by the resource it references, without claiming the part the plan does not show', async () => {
    const findings = await lintWith(resourceMismatch, unknownJson, { filename: 'plan.json' });
    // s3:GetObject on the bucket's ARN is not reported: the value may be the bucket's objects (`${arn}/*`).
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      [
        'resource-mismatch',
        positionIn(unknownJson, '"sqs:SendMessage"').line,
        positionIn(unknownJson, '"sqs:SendMessage"').column,
        '"sqs:SendMessage" acts on queue resources, but no resource in the statement is one: "arn:aws:s3:::grafana-backups${...}", "arn:aws:s3:::logs"',
      ],
    ]);
  });

  it('reads resources the plan leaves out (a data source read at apply) by the references the configuration writes', async () => {
    const plan = JSON.parse(unknownJson);
    delete plan.planned_values.root_module.resources[3].values.statement[0].resources;
    const text = JSON.stringify(plan, null, 2);
    const { result } = await loadText(text, 'plan.json');
    const doc = policyAt(result, 'data.aws_iam_policy_document.backups.statement');
    expect(doc.statements[0]?.resource?.values.map((v) => v.value)).toEqual(['arn:aws:s3:::grafana-backups${...}']);
    expect(await lintWith(invalidPolicyStructure, text, { filename: 'plan.json' })).toEqual([]);
  });

  it('numbers several unknown items of one list, so they are not one value listed twice', async () => {
    const plan = JSON.parse(unknownJson);
    plan.planned_values.root_module.resources[3].values.statement[0].resources = [null, null];
    const { result } = await loadText(JSON.stringify(plan, null, 2), 'plan.json');
    const doc = policyAt(result, 'data.aws_iam_policy_document.backups.statement');
    expect(doc.statements[0]?.resource?.values.map((v) => v.value)).toEqual(['arn:aws:s3:::grafana-backups${... #1}', 'arn:aws:s3:::grafana-backups${... #2}']);
  });
});

describe('references of a plan expression', () => {
  it('keep the attribute reference, not the objects Terraform lists with it, also through an index', () => {
    const expression = (refs: string[]) => ({ type: 'object' as const, start: 0, end: 0, entries: [{ key: 'references', keySpan: { start: 0, end: 0 }, value: { type: 'array' as const, start: 0, end: 0, items: refs.map((value) => ({ type: 'string' as const, value, start: 0, end: 0 })) } }] });
    expect(references(expression(['aws_s3_bucket.b.arn', 'aws_s3_bucket.b']))).toEqual(['aws_s3_bucket.b.arn']);
    expect(references(expression(['aws_s3_bucket.b[0].arn', 'aws_s3_bucket.b[0]', 'aws_s3_bucket.b']))).toEqual(['aws_s3_bucket.b[0].arn']);
    expect(references(expression(['aws_s3_bucket.b["logs"].arn', 'aws_s3_bucket.b["logs"]', 'aws_s3_bucket.b']))).toEqual(['aws_s3_bucket.b["logs"].arn']);
  });
});

describe('Terraform plan: a policy document whose json is known', () => {
  it('is linted once, as the endpoint policy or SCP that uses it, not with a guessed kind', async () => {
    const { result } = await loadText(consumers, 'plan.json');
    expect(result.policies.map((p) => [p.name, p.kind])).toEqual([
      ['aws_vpc_endpoint.s3', 'endpoint'],
      ['aws_organizations_policy.allow', 'scp'],
    ]);
    // An SCP's Allow grants nothing and an endpoint policy's `"Principal": "*"` is the norm.
    expect(await lintWith(noPrivilegeEscalation, consumers, { filename: 'plan.json' })).toEqual([]);
    expect(await lintWith(noPublicPrincipal, consumers, { filename: 'plan.json' })).toEqual([]);
  });

  it('takes the kind and attachment of a user whose attribute is unknown', async () => {
    const plan = JSON.parse(consumers);
    delete plan.planned_values.root_module.resources[0].values.policy;
    const text = JSON.stringify(plan, null, 2);
    const { result } = await loadText(text, 'plan.json');
    expect(result.policies.map((p) => [p.name, p.location, p.kind, p.attachment.resource?.name])).toEqual([
      ['aws_organizations_policy.allow', 'aws_organizations_policy.allow.content', 'scp', 'aws_organizations_policy.allow'],
      ['data.aws_iam_policy_document.endpoint', 'data.aws_iam_policy_document.endpoint.json', 'endpoint', 'aws_vpc_endpoint.s3'],
    ]);
  });
});
