import { buildPolicy } from '../policy/build.js';
import type { Attachment, PolicyDocument } from '../policy/model.js';
import type { IntrinsicNode, Node, ObjectEntry, ObjectNode, Span } from '../source/node.js';
import { formatPath } from '../source/path.js';
import type { PathSegment } from '../types.js';

/**
 * `aws_lambda_permission` and CloudFormation's `AWS::Lambda::Permission` write one statement of the
 * function's resource policy as attributes. The Terraform loaders and the CloudFormation loader turn
 * it into that statement, each value a node at the attribute's value in the file, so rules such as
 * service-principal-without-source and no-public-principal read it as they read any resource policy.
 * The README's Terraform and CloudFormation tables are checked against these lists.
 */
export const LAMBDA_PERMISSION = {
  type: 'aws_lambda_permission',
  attributes: ['principal', 'action', 'function_name', 'source_arn', 'source_account', 'principal_org_id', 'function_url_auth_type', 'event_source_token'],
} as const;

export const CFN_LAMBDA_PERMISSION = {
  type: 'AWS::Lambda::Permission',
  attributes: ['Principal', 'Action', 'FunctionName', 'SourceArn', 'SourceAccount', 'PrincipalOrgID', 'FunctionUrlAuthType', 'EventSourceToken', 'InvokedViaFunctionUrl'],
} as const;

export type PermissionAttribute = (typeof LAMBDA_PERMISSION.attributes)[number] | (typeof CFN_LAMBDA_PERMISSION.attributes)[number];

/** True for a policy built from either language's Lambda permission. */
export function isLambdaPermission(policy: PolicyDocument): boolean {
  const type = policy.attachment.resource?.type;
  return type === LAMBDA_PERMISSION.type || type === CFN_LAMBDA_PERMISSION.type;
}

/** How a suggestion names the permission: `AWS::Lambda::Permission "Id"` in a template, its address in Terraform. */
export function permissionLabel(policy: PolicyDocument): string {
  const resource = policy.attachment.resource;
  return policy.dialect === 'cloudformation' ? `${resource?.type} "${resource?.name}"` : (resource?.name ?? policy.name);
}

/** An attribute's value node and the span of its name, where the statement key it becomes points. */
export interface PermissionValue {
  value: Node;
  keySpan: Span;
}

/** The permission resource: its name in messages, the span of its label or logical id, and where it is declared. */
export interface PermissionResource {
  address: string;
  span: Span;
  /** CloudFormation's: the resource type, its path in the template and its `${AWS::Partition}`. Terraform's by default. */
  type?: string;
  path?: PathSegment[];
  partition?: string;
}

/** `function_name` and `FunctionName` are one field: names compare without case and underscores. */
const field = (name: string) => name.replace(/_/g, '').toLowerCase();

/**
 * Undefined when the principal or action is unknown (computed at apply) or absent. `values` are keyed
 * by either language's attribute names.
 */
export function lambdaPermissionPolicy(
  values: Partial<Record<PermissionAttribute, PermissionValue>>,
  resource: PermissionResource,
  intrinsicPattern: (node: IntrinsicNode) => string | undefined,
): PolicyDocument | undefined {
  const fields = new Map(Object.entries(values).map(([name, v]) => [field(name), v]));
  const get = (name: string) => known(fields.get(field(name)));
  const principal = get('principal');
  const action = get('action');
  if (!principal || !action) return undefined;
  const at = resource.span;
  const entry = (key: string, value: Node, keySpan: Span = at): ObjectEntry => ({ key, keySpan, value });
  const object = (entries: ObjectEntry[], span: Span = at): ObjectNode => ({ type: 'object', entries, start: span.start, end: span.end });

  const functionName = get('function_name');
  const statement: ObjectEntry[] = [
    entry('Effect', { type: 'string', value: 'Allow', start: at.start, end: at.end }),
    entry('Principal', principalNode(principal.value, intrinsicPattern, principal.keySpan), principal.keySpan),
    entry('Action', action.value, action.keySpan),
    entry('Resource', functionArn(functionName, resource, intrinsicPattern), functionName?.keySpan ?? at),
  ];
  const condition: ObjectEntry[] = [];
  const sourceArn = get('source_arn');
  if (sourceArn) condition.push(entry('ArnLike', object([entry('aws:SourceArn', sourceArn.value, sourceArn.keySpan)], sourceArn.value), sourceArn.keySpan));
  // The condition keys Lambda writes into the function's policy for these parameters (AddPermission).
  const equals: ObjectEntry[] = [];
  for (const [key, name] of [
    ['aws:SourceAccount', 'source_account'],
    ['aws:PrincipalOrgID', 'principal_org_id'],
    ['lambda:FunctionUrlAuthType', 'function_url_auth_type'],
    ['lambda:EventSourceToken', 'event_source_token'],
  ] as const) {
    const v = get(name);
    if (v) equals.push(entry(key, v.value, v.keySpan));
  }
  const first = equals[0];
  if (first) condition.push(entry('StringEquals', object(equals, first.value), first.keySpan));
  // lambda:InvokeFunction only through the function's URL (AddPermission's InvokedViaFunctionUrl, which
  // function URLs need beside lambda:InvokeFunctionUrl since October 2025).
  const viaUrl = get('invoked_via_function_url');
  if (viaUrl) condition.push(entry('Bool', object([entry('lambda:InvokedViaFunctionUrl', viaUrl.value, viaUrl.keySpan)], viaUrl.value), viaUrl.keySpan));
  const firstCondition = condition[0];
  if (firstCondition) statement.push(entry('Condition', object(condition, firstCondition.value), firstCondition.keySpan));

  const root = object([
    entry('Version', { type: 'string', value: '2012-10-17', start: at.start, end: at.end }),
    entry('Statement', { type: 'array', items: [object(statement)], start: at.start, end: at.end }),
  ]);
  const path = resource.path ?? [resource.address];
  const attachment: Attachment = {
    inline: false,
    resource: { name: resource.address, type: resource.type ?? LAMBDA_PERMISSION.type, span: at },
    principals: [],
    declaredAt: { span: at, path },
  };
  const location = resource.path ? formatPath(resource.path) : resource.address;
  const dialect = resource.type === CFN_LAMBDA_PERMISSION.type ? 'cloudformation' : 'terraform';
  return buildPolicy(root, { name: resource.address, location, kind: 'resource', intrinsicPattern, attachment, dialect });
}

/** Null and empty strings are how a plan writes an unset optional attribute. */
function known(v: PermissionValue | undefined): PermissionValue | undefined {
  if (!v || v.value.type === 'null' || (v.value.type === 'string' && v.value.value === '')) return undefined;
  return v;
}

/** `"*"`, an account id or ARN (AWS), else a service principal, as the Lambda API reads `Principal`. */
function principalNode(value: Node, pattern: (node: IntrinsicNode) => string | undefined, keySpan: Span): Node {
  const text = value.type === 'string' ? (value.value as string) : value.type === 'intrinsic' ? pattern(value) ?? '' : '';
  if (text === '*') return value;
  const isService = /\.amazonaws\.com(\.cn)?$/.test(text) || (value.type === 'string' && !/^(\d{12}|arn:)/.test(text));
  return { type: 'object', entries: [{ key: isService ? 'Service' : 'AWS', keySpan, value }], start: value.start, end: value.end };
}

/** `function_name` takes a name, a partial ARN or an ARN; the region and account stay unknown. */
function functionArn(v: PermissionValue | undefined, resource: PermissionResource, pattern: (node: IntrinsicNode) => string | undefined): Node {
  const node = v?.value;
  const text = node?.type === 'string' ? (node.value as string) : node?.type === 'intrinsic' ? pattern(node) : undefined;
  if (node && text?.startsWith('arn:')) return node;
  const span = node ?? resource.span;
  const name = text ?? '${' + resource.address + '.function_name}';
  const partition = resource.partition ?? 'aws';
  const arn = /^\d{12}:function:/.test(name) ? `arn:${partition}:lambda:\${AWS::Region}:${name}` : `arn:${partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${name}`;
  return { type: 'intrinsic', name: 'Fn::Sub', start: span.start, end: span.end, argument: { type: 'string', value: arn, start: span.start, end: span.end } };
}
