/**
 * Every place policy-properties.ts names is found, with its kind and location, as an object and as a
 * JSON string, in YAML and JSON. The cases are made from the list itself, so a new entry is tested
 * as soon as it is added.
 */
import { describe, expect, it } from 'vitest';
import { NESTED_POLICY_PROPERTIES, POLICY_PROPERTIES, type PolicyProperty } from '../../src/loaders/cloudformation/policy-properties.js';
import { formatPath } from '../../src/source/path.js';
import { loadFixture, loadText, policyAt, positionIn } from './load.js';

const DOCUMENT = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'FromTable', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:orders' }],
};

/** Builds `value` at `path` below Properties (`*` is a one-item list). */
function nest(path: readonly string[], value: unknown): { props: Record<string, unknown>; at: (string | number)[] } {
  const [head, ...rest] = path;
  if (head === undefined) throw new Error('empty path');
  if (rest.length === 0) return { props: { [head]: value }, at: [head] };
  if (rest[0] === '*') {
    const inner = nest(rest.slice(1), value);
    return { props: { [head]: [inner.props] }, at: [head, 0, ...inner.at] };
  }
  const inner = nest(rest, value);
  return { props: { [head]: inner.props }, at: [head, ...inner.at] };
}

interface Case {
  label: string;
  type: string;
  properties: Record<string, unknown>;
  location: string;
  kind: string;
}

function cases(asString: boolean): Case[] {
  const doc = asString ? JSON.stringify(DOCUMENT) : DOCUMENT;
  const out: Case[] = POLICY_PROPERTIES.map((spec: PolicyProperty) => {
    const properties: Record<string, unknown> = {};
    if (spec.when) properties[spec.when.property] = spec.when.equals;
    properties[spec.property] = spec.list ? [{ PolicyName: 'from-table', PolicyDocument: doc }] : doc;
    const at = ['Resources', 'Subject', 'Properties', spec.property, ...(spec.list ? [0, 'PolicyDocument'] : [])];
    return { label: `${spec.type} ${spec.property}${spec.when ? ` (${spec.when.equals})` : ''}`, type: spec.type, properties, location: formatPath(at), kind: spec.kind };
  });
  for (const spec of NESTED_POLICY_PROPERTIES) {
    const { props, at } = nest(spec.path, doc);
    out.push({ label: `${spec.type} ${spec.path.join('.')}`, type: spec.type, properties: props, location: formatPath(['Resources', 'Subject', 'Properties', ...at]), kind: spec.kind });
  }
  return out;
}

const asJson = (c: Case) => `${JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Subject: { Type: c.type, Properties: c.properties } } }, null, 2)}\n`;

/** YAML in block style, written by hand so it is not JSON in disguise. */
function asYaml(c: Case): string {
  const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', '  Subject:', `    Type: ${c.type}`, '    Properties:'];
  const emit = (value: unknown, indent: string, prefix: string): void => {
    if (typeof value === 'string') lines.push(`${prefix}${JSON.stringify(value)}`);
    else if (Array.isArray(value)) {
      lines.push(prefix.trimEnd());
      for (const item of value) {
        if (typeof item === 'object' && item !== null && !Array.isArray(item)) emitObject(item as Record<string, unknown>, `${indent}  `, `${indent}- `);
        else emit(item, `${indent}  `, `${indent}- `);
      }
    } else {
      lines.push(prefix.trimEnd());
      emitObject(value as Record<string, unknown>, `${indent}  `, `${indent}  `);
    }
  };
  const emitObject = (obj: Record<string, unknown>, indent: string, firstPrefix: string): void => {
    Object.entries(obj).forEach(([k, v], i) => emit(v, indent, `${i === 0 ? firstPrefix : indent}${k}: `));
  };
  emitObject(c.properties, '      ', '      ');
  return `${lines.join('\n')}\n`;
}

describe('every entry of policy-properties.ts', () => {
  it('covers each resource type and property once (no duplicate rows)', () => {
    const keys = POLICY_PROPERTIES.map((s) => `${s.type} ${s.property} ${s.when?.equals ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  for (const asString of [false, true]) {
    const form = asString ? 'a JSON string' : 'an object';
    describe(`given as ${form}`, () => {
      it.each(cases(asString).map((c) => [c.label, c]))('JSON template: %s', async (_label, c) => {
        const text = asJson(c);
        const { result, at } = await loadText(text, 'template.json');
        expect(result.syntaxErrors).toEqual([]);
        expect(result.policies.map((p) => [p.location, p.kind, p.kindKnown])).toEqual([[c.location, c.kind, true]]);
        const doc = policyAt(result, c.location);
        expect(doc.problems).toEqual([]);
        const action = doc.statements[0]!.action!.values[0]!;
        expect(action.value).toBe('sqs:SendMessage');
        // Inside a JSON string the action's quote is escaped: the value starts at its backslash.
        expect(at(action)).toEqual(positionIn(text, asString ? '\\"sqs:SendMessage' : '"sqs:SendMessage"'));
      });

      it.each(cases(asString).map((c) => [c.label, c]))('YAML template: %s', async (_label, c) => {
        const text = asYaml(c);
        const { result, at } = await loadText(text, 'template.yaml');
        expect(result.syntaxErrors).toEqual([]);
        expect(result.policies.map((p) => [p.location, p.kind])).toEqual([[c.location, c.kind]]);
        const action = policyAt(result, c.location).statements[0]!.action!.values[0]!;
        expect(at(action)).toEqual(positionIn(text, asString ? '\\"sqs:SendMessage' : '"sqs:SendMessage"'));
      });
    });
  }
});

describe('AWS::Organizations::Policy', () => {
  it.each(['TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY', 'CHATBOT_POLICY', 'DECLARATIVE_POLICY_EC2'])('%s content is not an IAM policy', async (type) => {
    const text = `Resources:\n  OrgPolicy:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: not-iam\n      Type: ${type}\n      Content:\n        Version: '2012-10-17'\n        Statement: [{Effect: Allow, Action: '*', Resource: '*'}]\n`;
    const { result } = await loadText(text);
    expect(result.policies).toEqual([]);
    expect(result.syntaxErrors).toEqual([]);
  });

  it.each([
    ['scp', "Statement: [{Effect: Deny, Action: 's3:DeleteBucket', Resource: '*'}]"],
    ['rcp', "Statement: [{Effect: Deny, Principal: '*', Action: 's3:*', Resource: '*', Condition: {Bool: {'aws:SecureTransport': 'false'}}}]"],
    // aws:PrincipalArn is a condition key, not a Principal.
    ['scp', "Statement: [{Effect: Deny, Action: 'organizations:LeaveOrganization', Resource: '*', Condition: {ArnNotLike: {'aws:PrincipalArn': 'arn:aws:iam::*:role/admin'}}}]"],
  ])('tells a policy whose Type is a parameter from its content: %s', async (kind, statements) => {
    const text = `Parameters:\n  PolicyType: {Type: String}\nResources:\n  OrgPolicy:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: guard\n      Type: !Ref PolicyType\n      Content:\n        Version: '2012-10-17'\n        ${statements}\n`;
    const { result } = await loadText(text);
    expect(result.policies.map((p) => [p.location, p.kind])).toEqual([['Resources.OrgPolicy.Properties.Content', kind]]);
  });

  it('leaves a policy whose Type is a parameter alone when its content has no Statement (a tag policy)', async () => {
    const text = "Parameters:\n  PolicyType: {Type: String}\nResources:\n  OrgPolicy:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: tags\n      Type: !Ref PolicyType\n      Content:\n        tags:\n          costcenter: {tag_key: {'@@assign': CostCenter}}\n";
    const { result } = await loadText(text);
    expect(result.policies).toEqual([]);
  });

  it('reads SCPs and RCPs and nothing else from the fixture', async () => {
    const { result, file, at } = await loadFixture('cloudformation/organizations.yaml');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.name, p.kind, p.location])).toEqual([
      ['DenyLeaveOrganization', 'scp', 'Resources.DenyLeaveOrganization.Properties.Content'],
      ['EnforceTlsOnBuckets', 'rcp', 'Resources.EnforceTlsOnBuckets.Properties.Content'],
    ]);
    expect(at(result.policies[0]!.statements[0]!.action!.values[0]!)).toEqual(positionIn(file.text, 'organizations:LeaveOrganization'));
  });
});
