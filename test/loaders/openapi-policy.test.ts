/**
 * API Gateway's `x-amazon-apigateway-policy` OpenAPI extension: the REST API's resource policy,
 * read from a template's inline definition (SAM `DefinitionBody`, `AWS::ApiGateway::RestApi` `Body`)
 * and from a bare OpenAPI or Swagger file, each value where the file writes it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import unknownAction from '../../rules/unknown-action.js';
import { lintWith } from '../helpers/lint.js';
import { loadFixture, loadText, policyAt, positionIn, templates } from './load.js';

const SAM = 'Resources.PrivateApi.Properties.DefinitionBody.x-amazon-apigateway-policy';
const REST = 'Resources.ReportsApi.Properties.Body.x-amazon-apigateway-policy';

describe('x-amazon-apigateway-policy in templates', () => {
  const text = readFileSync(`${templates}openapi/private-api.yaml`, 'utf8');

  it('reads the policy of a SAM DefinitionBody and a RestApi Body as resource policies named after the API', async () => {
    const { result } = await loadFixture('openapi/private-api.yaml');
    expect(result.syntaxErrors).toEqual([]);
    // IncludedApi's definition comes from S3 through AWS::Include: nothing inline to read.
    expect(result.policies.map((p) => [p.location, p.kind, p.kindKnown, p.name, p.attachment.resource?.type, p.attachment.inline])).toEqual([
      [SAM, 'resource', true, 'PrivateApi', 'AWS::Serverless::Api', false],
      [REST, 'resource', true, 'ReportsApi', 'AWS::ApiGateway::RestApi', false],
    ]);
  });

  it('keeps each value at its place in the template, intrinsics as placeholders', async () => {
    const { result, at } = await loadFixture('openapi/private-api.yaml');
    const [deny, allow] = policyAt(result, SAM).statements;
    expect(deny!.resource!.values.map((v) => [v.value, v.intrinsic, v.path, at(v)])).toEqual([
      ['execute-api:/*', 'Fn::Sub', ['Statement', 0, 'Resource'], positionIn(text, '!Sub execute-api:/*', 'DenyOutsideVpce')],
    ]);
    expect(at(allow!.resource!.values[0]!)).toEqual({ line: 34, column: 25 });
    const key = allow!.condition!.operators[0]!.keys[0]!;
    expect([key.key.value, at(key.key), key.values.map((v) => [v.value, at(v)])]).toEqual([
      'aws:SourceVpce',
      positionIn(text, 'aws:SourceVpce', 'AllowInvoke'),
      [['${VpcEndpointId}', positionIn(text, '!Ref VpcEndpointId', 'AllowInvoke')]],
    ]);
    const rest = policyAt(result, REST).statements[0]!;
    expect(rest.resource!.values.map((v) => [v.value, at(v)])).toEqual([['execute-api:/*/GET/reports', { line: 57, column: 25 }]]);
  });

  it('reports a finding inside the policy at its line and column', async () => {
    const yaml = `Transform: AWS::Serverless-2016-10-31
Resources:
  PrivateApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionBody:
        swagger: "2.0"
        info: {title: PrivateApi}
        paths: {}
        x-amazon-apigateway-policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: "*"
              Action: execute-api:Invokee
              Resource: !Sub execute-api:/*
`;
    const findings = await lintWith(unknownAction, yaml, { filename: 't.yaml' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.path, f.message])).toEqual([
      [
        'unknown-action',
        16,
        23,
        ['Statement', 0, 'Action'],
        expect.stringContaining('Unknown action "execute-api:Invokee"'),
      ],
    ]);
  });
});

describe('bare OpenAPI and Swagger files', () => {
  it('reads the extension of a JSON OpenAPI file as a resource policy', async () => {
    const text = readFileSync(`${templates}openapi/private-api.openapi.json`, 'utf8');
    const { result, at } = await loadFixture('openapi/private-api.openapi.json');
    expect(result.skipped).toBeUndefined();
    expect(result.policies.map((p) => [p.location, p.kind, p.kindKnown, p.name])).toEqual([
      ['x-amazon-apigateway-policy', 'resource', true, 'x-amazon-apigateway-policy'],
    ]);
    const st = result.policies[0]!.statements[0]!;
    expect(st.action!.values.map((v) => [v.value, v.path, at(v)])).toEqual([['execute-api:Invoke', ['Statement', 0, 'Action'], { line: 11, column: 19 }]]);
    expect(at(st.principal!.entries[0]!.values[0]!)).toEqual(positionIn(text, '"arn:aws:iam::123456789012:role/orders-client"'));
  });

  it('reports a finding inside a YAML Swagger file at its line and column, intrinsics as placeholders', async () => {
    const yaml = `swagger: "2.0"
info: {title: private-api, version: "1"}
paths: {}
x-amazon-apigateway-policy:
  Version: "2012-10-17"
  Statement:
    - Effect: Allow
      Principal: "*"
      Action: execute-api:Invokee
      Resource:
        Fn::Sub: execute-api:/\${Stage}/*
`;
    const findings = await lintWith(unknownAction, yaml, { filename: 'api.yaml' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.path])).toEqual([['unknown-action', 9, 15, ['Statement', 0, 'Action']]]);
    const { result } = await loadText(yaml, 'api.yaml');
    expect(result.policies[0]!.statements[0]!.resource!.values.map((v) => [v.value, v.intrinsic])).toEqual([['execute-api:/${Stage}/*', 'Fn::Sub']]);
  });

  it('still skips an OpenAPI file without the extension', async () => {
    const { result } = await loadFixture('openapi/no-policy.openapi.yaml');
    expect(result).toEqual({ policies: [], principals: [], syntaxErrors: [], skipped: 'no IAM policy or CloudFormation template found' });
  });

  it('skips a file that only has the extension key, without openapi or swagger', async () => {
    const { result } = await loadText('x-amazon-apigateway-policy:\n  Statement: []\ninfo: {title: x}\n', 'notes.yaml');
    expect(result.policies).toEqual([]);
    expect(result.skipped).toBe('no IAM policy or CloudFormation template found');
  });
});
