import { buildPolicy } from '../policy/build.js';
import { getEntry, getValue, type Node } from '../source/node.js';
import type { PathSegment } from '../types.js';
import { normalizeIntrinsics } from './cloudformation/intrinsic-nodes.js';
import { TemplateScope } from './cloudformation/intrinsics.js';
import { emptyResult, type LoadResult } from './load-result.js';

/**
 * API Gateway reads a REST API's resource policy from the `x-amazon-apigateway-policy` extension at
 * the top of its OpenAPI (or Swagger) definition:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/openapi-extensions-policy.html
 */
export const OPENAPI_POLICY_KEY = 'x-amazon-apigateway-policy';

/**
 * The template properties that hold an API's OpenAPI definition inline. A definition included with
 * `Fn::Transform: AWS::Include` (or SAM's `DefinitionUri`) lives in another file, linted on its own.
 */
const DEFINITION_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::Serverless::Api': 'DefinitionBody',
  'AWS::ApiGateway::RestApi': 'Body',
};

/** The resource policy a template resource's inline OpenAPI definition holds, with its path below `base` (`Resources.<id>.Properties`). */
export function openApiPolicyOf(type: string, props: Node, base: PathSegment[]): { node: Node; path: PathSegment[] } | undefined {
  const property = DEFINITION_PROPERTIES[type];
  if (!property) return undefined;
  const node = getValue(getValue(props, property), OPENAPI_POLICY_KEY);
  return node ? { node, path: [...base, property, OPENAPI_POLICY_KEY] } : undefined;
}

/** A bare OpenAPI or Swagger definition with a resource policy; one without the extension holds no policy. */
export function isOpenApiWithPolicy(root: Node): boolean {
  if (!getEntry(root, 'openapi') && !getEntry(root, 'swagger')) return false;
  return getValue(root, OPENAPI_POLICY_KEY)?.type === 'object';
}

/**
 * The API's resource policy. A definition brought into a template by `AWS::Include` may use the
 * long form of intrinsics: they are placeholders, as in templates.
 */
export function loadOpenApi(rawRoot: Node): LoadResult {
  const root = normalizeIntrinsics(rawRoot);
  const node = getValue(root, OPENAPI_POLICY_KEY) as Node;
  const policy = buildPolicy(node, {
    name: OPENAPI_POLICY_KEY,
    location: OPENAPI_POLICY_KEY,
    kind: 'resource',
    intrinsicPattern: new TemplateScope(root).pattern,
  });
  return { ...emptyResult(), policies: [policy] };
}
