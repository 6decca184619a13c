/**
 * A CDK OpenSearch / Elasticsearch domain's access policy, which the CDK sets through a custom
 * resource whose Create and Update are an SDK call as a JSON string (an Fn::Join of JSON pieces
 * and intrinsics) holding the policy as a JSON string again. It used to be skipped silently.
 */
import { describe, expect, it } from 'vitest';
import noPublicPrincipal from '../../rules/no-public-principal.js';
import noWildcardAction from '../../rules/no-wildcard-action.js';
import { lintWith } from '../helpers/lint.js';
import { loadFixture, loadText, policyAt, positionIn } from './load.js';

const FIXTURE = 'cdk/domain-access-policy.json';
const create = (logicalId: string) => `Resources.${logicalId}.Properties.Create`;
/** How the file spells a quote of the inner policy: `\"` escaped once more. */
const Q = '\\\\\\"';

describe('the access policy of a CDK domain, set by a custom resource SDK call', () => {
  it('is a resource policy named by its construct path, located at the Create call', async () => {
    const { result } = await loadFixture(FIXTURE);
    const doc = policyAt(result, create('DomainAccessPolicy89986F33'));
    expect([doc.kind, doc.name, doc.inString]).toEqual(['resource', 'SearchStack/Domain/AccessPolicy/Resource/Default', 'Fn::Join']);
    expect(doc.attachment.resource).toMatchObject({ name: 'SearchStack/Domain/AccessPolicy/Resource/Default', type: 'Custom::OpenSearchAccessPolicy' });
    expect(result.syntaxErrors).toEqual([]);
  });

  it('each value points at its place inside the doubly escaped policy', async () => {
    const { file, result, at } = await loadFixture(FIXTURE);
    const st = policyAt(result, create('DomainAccessPolicy89986F33')).statements[0]!;
    const piece = file.text.indexOf('AccessPolicies');
    expect(st.action!.values.map((v) => [v.value, at(v)])).toEqual([['es:ESHttp*', positionIn(file.text, `${Q}es:ESHttp*`, piece)]]);
    const principal = st.principal!.entries[0]!;
    expect([principal.type.value, principal.values.map((v) => [v.value, at(v)])]).toEqual(['AWS', [['*', positionIn(file.text, `${Q}*${Q}`, piece)]]]);
    expect(at(st.effect!)).toEqual(positionIn(file.text, `${Q}Allow`, piece));
  });

  it("the domain ARN from Fn::GetAtt takes the domain's ARN shape, as in other joined policies", async () => {
    const { file, result, at } = await loadFixture(FIXTURE);
    const resource = policyAt(result, create('DomainAccessPolicy89986F33')).statements[0]!.resource!.values[0]!;
    expect([resource.value, resource.intrinsic]).toEqual(['arn:${AWS::Partition}:es:${AWS::Region}:${AWS::AccountId}:domain/${Domain66AC69E0}/*', 'Fn::Sub']);
    const key = `${Q}Resource${Q}:`;
    expect(at(resource)).toEqual(positionIn(file.text, Q, file.text.indexOf(key) + key.length));
  });

  it('reads Update only where its policy differs from Create, and the older Elasticsearch call too', async () => {
    const { result } = await loadFixture(FIXTURE);
    expect(result.policies.map((p) => p.location)).toEqual([
      create('DomainAccessPolicy89986F33'),
      create('LegacyDomainESAccessPolicy3F2A8D71'),
      'Resources.LegacyDomainESAccessPolicy3F2A8D71.Properties.Update',
    ]);
    const update = policyAt(result, 'Resources.LegacyDomainESAccessPolicy3F2A8D71.Properties.Update');
    expect(update.statements[0]!.action!.values.map((v) => v.value)).toEqual(['es:ESHttpGet']);
  });

  it('a Custom::AWS call that is not updateDomainConfig with AccessPolicies is not read', async () => {
    const { result } = await loadFixture(FIXTURE);
    const names = result.policies.map((p) => p.name);
    // putBucketPolicy, even with an AccessPolicies parameter, and updateDomainConfig without one.
    expect(names).not.toContain('SearchStack/BucketPolicyCall/Resource/Default');
    expect(names).not.toContain('SearchStack/ClusterConfigCall/Resource/Default');
  });

  it('intrinsic pieces of a YAML template take their patterns; a plain string call is read in place', async () => {
    const text = [
      'Resources:',
      '  Joined:',
      '    Type: Custom::AWS',
      '    Properties:',
      '      Create: !Join',
      "        - ''",
      `        - - '{"service":"OpenSearch","action":"updateDomainConfig","parameters":{"DomainName":"logs","AccessPolicies":"{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"arn:'`,
      '          - !Ref AWS::Partition',
      "          - ':iam::'",
      '          - !Ref AWS::AccountId',
      `          - ':root\\"},\\"Action\\":\\"es:ESHttpGet\\",\\"Resource\\":\\"*\\"}]}"}}'`,
      '  Plain:',
      '    Type: Custom::AWS',
      '    Properties:',
      `      Create: '{"service":"OpenSearch","action":"updateDomainConfig","parameters":{"DomainName":"logs","AccessPolicies":"{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"es:ESHttpPost\\",\\"Resource\\":\\"*\\"}]}"}}'`,
      '',
    ].join('\n');
    const { result, at } = await loadText(text);
    const joined = policyAt(result, 'Resources.Joined.Properties.Create');
    expect(joined.statements[0]!.principal!.entries[0]!.values.map((v) => v.value)).toEqual(['arn:${AWS::Partition}:iam::${AWS::AccountId}:root']);
    expect(at(joined.statements[0]!.action!.values[0]!)).toEqual(positionIn(text, '\\"es:ESHttpGet'));
    const plain = policyAt(result, 'Resources.Plain.Properties.Create');
    expect([plain.inString, plain.name]).toEqual(['string', 'Plain']);
    expect(at(plain.statements[0]!.action!.values[0]!)).toEqual(positionIn(text, '\\"es:ESHttpPost'));
  });
});

describe('rules on the domain access policy', () => {
  it('report inside the Create string, at the action and the principal', async () => {
    const { file } = await loadFixture(FIXTURE);
    const piece = file.text.indexOf('AccessPolicies');
    const publics = await lintWith(noPublicPrincipal, file.text, { filename: 'SearchStack.template.json' });
    expect(publics.map((f) => [f.ruleId, f.line, f.column])).toEqual([
      ['no-public-principal', ...Object.values(positionIn(file.text, `${Q}*${Q}`, piece))],
      ['no-public-principal', ...Object.values(positionIn(file.text, `${Q}*${Q}`, file.text.indexOf('AccessPolicies', file.text.indexOf('"LegacyDomainESAccessPolicy3F2A8D71"'))))],
    ]);
    expect(publics[0]!.message).toBe('Statement #1 allows any principal ({"AWS": "*"}) with no condition that pins the caller');
    expect(publics[0]!.policy).toMatchObject({ kind: 'resource', location: create('DomainAccessPolicy89986F33') });
    expect(publics[0]!.fix).toBeUndefined();
    const wildcards = await lintWith(noWildcardAction, file.text, { filename: 'SearchStack.template.json' });
    expect(wildcards.map((f) => [f.line, f.column])).toContainEqual(Object.values(positionIn(file.text, `${Q}es:ESHttp*`, piece)));
    for (const f of [...publics, ...wildcards]) expect([f.line, f.column]).not.toEqual([1, 1]);
  });
});
