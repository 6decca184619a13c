/**
 * AWS SAM's `AWS::Serverless::Api` `Auth.ResourcePolicy.CustomStatements`: statements written without
 * their document, which SAM puts into the API's resource policy. They are read as one resource
 * policy located at `Auth.ResourcePolicy`, each value where the template writes it.
 */
import { describe, expect, it } from 'vitest';
import { loadText, policiesAt, policyAt, positionIn, valuesOf } from './load.js';

const LOCATION = 'Resources.PrivateApi.Properties.Auth.ResourcePolicy';

describe('AWS::Serverless::Api CustomStatements', () => {
  it('reads a list of statements as the API resource policy, at their places in YAML', async () => {
    const yaml = `Transform: AWS::Serverless-2016-10-31
Resources:
  PrivateApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Auth:
        ResourcePolicy:
          AwsAccountWhitelist: ['123456789012']
          IpRangeBlacklist: ['192.0.2.0/24']
          CustomStatements:
            - Sid: OrgOnly
              Effect: Allow
              Principal: '*'
              Action: execute-api:Invoke
              Resource: execute-api:/Prod/GET/reports
              Condition:
                StringEquals:
                  aws:PrincipalOrgID: o-a1b2c3d4e5
            - Effect: Deny
              Principal: '*'
              Action: [execute-api:Invoke]
              Resource: !Sub execute-api:/\${Stage}/*
`;
    const { result, at } = await loadText(yaml, 'template.yaml');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.location, p.kind, p.name, p.attachment.resource?.type, p.attachment.inline])).toEqual([
      [LOCATION, 'resource', 'PrivateApi', 'AWS::Serverless::Api', false],
    ]);
    const doc = policyAt(result, LOCATION);
    // Only CustomStatements: AwsAccountWhitelist and IpRangeBlacklist are not made into statements.
    expect(doc.statements).toHaveLength(2);
    expect(doc.version?.value).toBe('2012-10-17');
    expect(doc.problems).toEqual([]);
    const [allow, deny] = doc.statements;
    expect(allow!.path).toEqual(['Statement', 0]);
    expect(at(allow!.sid!)).toEqual(positionIn(yaml, 'OrgOnly'));
    expect(allow!.action!.values.map((v) => [v.value, at(v)])).toEqual([['execute-api:Invoke', positionIn(yaml, 'execute-api:Invoke')]]);
    expect(allow!.resource!.values.map((v) => [v.value, v.path, at(v)])).toEqual([
      ['execute-api:/Prod/GET/reports', ['Statement', 0, 'Resource'], positionIn(yaml, 'execute-api:/Prod/GET/reports')],
    ]);
    expect(at(allow!.principal!.wildcard!)).toEqual(positionIn(yaml, "'*'"));
    const key = allow!.condition!.operators[0]!.keys[0]!;
    expect([key.key.value, at(key.key), key.values.map((v) => [v.value, at(v)])]).toEqual([
      'aws:PrincipalOrgID',
      positionIn(yaml, 'aws:PrincipalOrgID'),
      [['o-a1b2c3d4e5', positionIn(yaml, 'o-a1b2c3d4e5')]],
    ]);
    expect(deny!.effect?.value).toBe('Deny');
    expect(deny!.action!.values.map((v) => [v.value, v.path, at(v)])).toEqual([
      ['execute-api:Invoke', ['Statement', 1, 'Action', 0], positionIn(yaml, 'execute-api:Invoke]')],
    ]);
    expect(deny!.resource!.values[0]).toMatchObject({ value: 'execute-api:/${Stage}/*', intrinsic: 'Fn::Sub' });
  });

  it('reads a single statement object, and both branches of an Fn::If, in a JSON template', async () => {
    const statement = (ip: string) => ({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': ip } } });
    const template = {
      Transform: 'AWS::Serverless-2016-10-31',
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: {
        PrivateApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'Prod', Auth: { ResourcePolicy: { CustomStatements: statement('192.0.2.0/24') } } } },
        OtherApi: {
          Type: 'AWS::Serverless::Api',
          Properties: { StageName: 'Prod', Auth: { ResourcePolicy: { CustomStatements: { 'Fn::If': ['IsProd', [statement('198.51.100.0/24')], [statement('203.0.113.0/24')]] } } } },
        },
      },
    };
    const text = `${JSON.stringify(template, null, 2)}\n`;
    const { result, at } = await loadText(text, 'template.json');
    const single = policyAt(result, LOCATION);
    expect(single.statements.map((s) => s.path)).toEqual([['Statement']]);
    expect(at(single.statements[0]!.action!.values[0]!)).toEqual(positionIn(text, '"execute-api:Invoke"'));
    const branches = policiesAt(result, 'Resources.OtherApi.Properties.Auth.ResourcePolicy');
    expect(branches).toHaveLength(2);
    const ips = branches.map((d) => d.statements[0]!.condition!.operators[0]!.keys[0]!.values.map((v) => [v.value, at(v)]));
    expect(ips).toEqual([
      [['198.51.100.0/24', positionIn(text, '"198.51.100.0/24"')]],
      [['203.0.113.0/24', positionIn(text, '"203.0.113.0/24"')]],
    ]);
    expect(valuesOf(branches, 'resource')).toHaveLength(2);
  });

  it('reads nothing from an API whose ResourcePolicy has no CustomStatements, nor from an HttpApi', async () => {
    const yaml = `Resources:
  PrivateApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Auth:
        ResourcePolicy:
          IntrinsicVpceWhitelist: [!Ref Endpoint]
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        EnableIamAuthorizer: true
`;
    const { result } = await loadText(yaml, 'template.yaml');
    expect(result.policies).toEqual([]);
  });
});
