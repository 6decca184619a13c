/**
 * The AWS::LanguageExtensions transform: the resources a `Fn::ForEach` loop writes are read once
 * from its fragment, at their places in the template, the loop variable a placeholder; a policy
 * given to a string property through `Fn::ToJsonString` is read as the object it is written as.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadText, policyAt, positionIn } from './load.js';

const TEMPLATE = readFileSync(new URL('../../fixtures/templates/cloudformation/language-extensions.yaml', import.meta.url), 'utf8');

describe('Fn::ForEach', () => {
  it('reads the policies of a loop fragment once, located under the loop, values at their places', async () => {
    const { result, at } = await loadText(TEMPLATE, 'template.yaml');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.location, p.kind, p.name])).toEqual([
      ['Resources.Fn::ForEach::Queues[2].QueuePolicy${Name}.Properties.PolicyDocument', 'resource', 'QueuePolicy${Name}'],
      ['Resources.Fn::ForEach::Readers[2].Fn::ForEach::Tables[2].Reader${Team}${Table}.Properties.PolicyDocument', 'identity', 'Reader${Team}${Table}'],
    ]);
    const queue = policyAt(result, 'Resources.Fn::ForEach::Queues[2].QueuePolicy${Name}.Properties.PolicyDocument').statements[0]!;
    expect(at(queue.action!.values[0]!)).toEqual(positionIn(TEMPLATE, 'sqs:SendMessage'));
    expect(queue.resource!.values.map((v) => [v.value, v.intrinsic])).toEqual([['arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${Name}', 'Fn::Sub']]);
  });
});

describe('Fn::ToJsonString', () => {
  it('reads the object a string property gets as JSON, values at their places', async () => {
    const text = 'Transform: AWS::LanguageExtensions\nResources:\n  Guard:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: guard\n      Type: SERVICE_CONTROL_POLICY\n      Content: !ToJsonString\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Deny\n            Action: s3:DeleteBucket\n            Resource: "*"\n';
    const { result, at } = await loadText(text, 'template.yaml');
    const doc = policyAt(result, 'Resources.Guard.Properties.Content');
    expect(doc.kind).toBe('scp');
    expect(at(doc.statements[0]!.action!.values[0]!)).toEqual(positionIn(text, 's3:DeleteBucket'));
  });
});
