/**
 * Policies a template writes as an Fn::Join of JSON pieces and intrinsics, as the CDK renders a
 * policy property that takes a string (AWS::Logs::ResourcePolicy). They used to be skipped.
 */
import { describe, expect, it } from 'vitest';
import resourceMismatch from '../../rules/resource-mismatch.js';
import servicePrincipal from '../../rules/service-principal-without-source.js';
import { lintWith, positionOf } from '../helpers/lint.js';
import { loadFixture, loadText, policyAt, positionIn } from './load.js';

const location = (logicalId: string) => `Resources.${logicalId}.Properties.PolicyDocument`;

describe('Fn::Join of JSON pieces in a JSON template (CDK output)', () => {
  it('is a policy named by its construct path, each value at its place inside the pieces', async () => {
    const { file, result, at } = await loadFixture('cloudformation/join-policies.json');
    const doc = policyAt(result, location('SearchLogsPolicyD2C6E7A1'));
    expect([doc.kind, doc.name, doc.inString]).toEqual(['resource', 'App/SearchLogs/Policy/Resource', 'Fn::Join']);
    const st = doc.statements[0]!;
    expect(st.action!.values.map((v) => [v.value, at(v)])).toEqual([
      ['logs:CreateLogStream', positionIn(file.text, '\\"logs:CreateLogStream')],
      ['logs:PutLogEvents', positionIn(file.text, '\\"logs:PutLogEvents')],
    ]);
    expect(at(st.principal!.entries[0]!.values[0]!)).toEqual(positionIn(file.text, '\\"es.amazonaws.com'));
  });

  it('a value made of an intrinsic takes its ARN shape; one mixing text and intrinsics is their pattern', async () => {
    const { result } = await loadFixture('cloudformation/join-policies.json');
    const search = policyAt(result, location('SearchLogsPolicyD2C6E7A1')).statements[0]!.resource!.values[0]!;
    expect([search.value, search.intrinsic]).toEqual(['arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${SearchLogs8A1C1F3B}:*', 'Fn::Sub']);
    const delivery = policyAt(result, location('DeliveryLogsPolicy5E0B9C2D')).statements[0]!;
    expect(delivery.resource!.values.map((v) => v.value)).toEqual(['arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/vendedlogs/*:*']);
    expect(delivery.condition!.operators[0]!.keys.map((k) => [k.key.value, k.values.map((v) => v.value)])).toEqual([['aws:SourceAccount', ['${AWS::AccountId}']]]);
  });

  it('an Fn::Join that builds no JSON object (an ARN) is no policy and no syntax error', async () => {
    const { result } = await loadFixture('cloudformation/join-policies.json');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => p.location)).toEqual([location('SearchLogsPolicyD2C6E7A1'), location('DeliveryLogsPolicy5E0B9C2D')]);
  });

  it('pieces that are JSON only once joined, with an intrinsic outside quotes, are read with a placeholder there', async () => {
    const text = [
      'Resources:',
      '  Policy:',
      '    Type: AWS::Logs::ResourcePolicy',
      '    Properties:',
      '      PolicyName: p',
      '      PolicyDocument: !Join',
      "        - ''",
      `        - - '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": '`,
      '          - !Ref TrustedAccounts',
      `          - '}, "Action": "logs:PutLogEvents", "Resource": "*"}]}'`,
      '',
    ].join('\n');
    const { result, at } = await loadText(text);
    expect(result.syntaxErrors).toEqual([]);
    const st = policyAt(result, location('Policy')).statements[0]!;
    expect(at(st.action!.values[0]!)).toEqual(positionIn(text, '"logs:PutLogEvents"'));
    expect(st.principal!.entries[0]!.values.map((v) => v.value)).toEqual(['${TrustedAccounts}']);
  });
});

describe('rules on a joined policy', () => {
  const yaml = (resource: string) =>
    [
      'Resources:',
      '  LogsBucket:',
      '    Type: AWS::S3::Bucket',
      '  Policy:',
      '    Type: AWS::Logs::ResourcePolicy',
      '    Properties:',
      '      PolicyName: p',
      '      PolicyDocument: !Join',
      "        - ''",
      `        - - '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "'`,
      `          - ${resource}`,
      `          - '"}]}'`,
      '',
    ].join('\n');

  it.each([
    ['!GetAtt LogsBucket.Arn', 1],
    ['!Sub "${LogsBucket.Arn}/*"', 0],
  ])('resource-mismatch reads %s with its ARN shape (%i findings); the suggestion names the format, not a ${...} ARN', async (resource, count) => {
    const text = yaml(resource);
    const findings = await lintWith(resourceMismatch, text, { filename: 'stack.yaml' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual(count ? [['resource-mismatch', ...Object.values(positionOf(text, '"s3:GetObject"'))]] : []);
    if (count) {
      expect(findings[0]!.message).toContain('"arn:${AWS::Partition}:s3:::${LogsBucket}"');
      expect(findings[0]!.suggestion).toMatch(/^Move "s3:GetObject" to a statement whose Resource has the form .*arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}/);
    }
  });

  it('service-principal-without-source says the account is a Ref piece of the Fn::Join, not a ${...} in the text', async () => {
    const { file } = await loadFixture('cloudformation/join-policies.json');
    const findings = await lintWith(servicePrincipal, file.text, { filename: 'join-policies.template.json' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['service-principal-without-source', ...Object.values(positionOf(file.text, '\\"es.amazonaws.com'))]]);
    expect(findings[0]!.message).toContain('"es.amazonaws.com"');
    expect(findings[0]!.suggestion).toMatch(/"aws:SourceAccount": "\$\{AWS::AccountId\}".*, where each \$\{AWS::\.\.\.\} is a \{"Ref": "AWS::\.\.\."\} piece of the Fn::Join$/);
  });
});
