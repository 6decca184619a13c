/**
 * `AWS::Events::EventBusPolicy`: one statement of an event bus's resource policy, written as the
 * resource's `Statement` property (the CDK's EventBusPolicy construct writes it so).
 */
import { describe, expect, it } from 'vitest';
import { loadText, policyAt, positionIn } from './load.js';

describe('AWS::Events::EventBusPolicy', () => {
  it('reads its Statement as a resource policy of the bus, at its place in YAML', async () => {
    const yaml = `Resources:
  BusPolicy:
    Type: AWS::Events::EventBusPolicy
    Properties:
      EventBusName: orders
      StatementId: OrgPutEvents
      Statement:
        Effect: Allow
        Principal: '*'
        Action: events:PutEvents
        Resource: !Sub arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/orders
        Condition:
          StringEquals:
            aws:PrincipalOrgID: o-a1b2c3d4e5
`;
    const { result, at } = await loadText(yaml, 'template.yaml');
    expect(result.syntaxErrors).toEqual([]);
    const doc = policyAt(result, 'Resources.BusPolicy.Properties');
    expect([doc.kind, doc.attachment.resource?.type, doc.statements.length, doc.problems]).toEqual(['resource', 'AWS::Events::EventBusPolicy', 1, []]);
    const st = doc.statements[0]!;
    expect(at(st.principal!.wildcard!)).toEqual(positionIn(yaml, "'*'"));
    expect(st.action!.values.map((v) => [v.value, at(v)])).toEqual([['events:PutEvents', positionIn(yaml, 'events:PutEvents')]]);
    expect(st.condition!.operators[0]!.keys[0]!.key.value).toBe('aws:PrincipalOrgID');
  });
});
