import { buildPolicy } from '../policy/build.js';
import type { Attachment, PolicyDocument } from '../policy/model.js';
import type { IntrinsicNode, Node, ObjectEntry, ObjectNode, Span } from '../source/node.js';

/**
 * `aws_lambda_permission` writes one statement of the function's resource policy as attributes.
 * Both Terraform loaders turn it into that statement, each value a node at the attribute's value
 * in the file, so rules such as service-principal-without-source and no-public-principal read it
 * as they read any resource policy. The README's Terraform table is checked against this list.
 */
export const LAMBDA_PERMISSION = {
  type: 'aws_lambda_permission',
  attributes: ['principal', 'action', 'function_name', 'source_arn', 'source_account', 'principal_org_id'],
} as const;

export type PermissionAttribute = (typeof LAMBDA_PERMISSION.attributes)[number];

/** An attribute's value node and the span of its name, where the statement key it becomes points. */
export interface PermissionValue {
  value: Node;
  keySpan: Span;
}

const PARTITION = 'aws';

/** Undefined when the principal or action is unknown (computed at apply) or absent. */
export function lambdaPermissionPolicy(
  values: Partial<Record<PermissionAttribute, PermissionValue>>,
  resource: { address: string; span: Span },
  intrinsicPattern: (node: IntrinsicNode) => string | undefined,
): PolicyDocument | undefined {
  const principal = known(values.principal);
  const action = known(values.action);
  if (!principal || !action) return undefined;
  const at = resource.span;
  const entry = (key: string, value: Node, keySpan: Span = at): ObjectEntry => ({ key, keySpan, value });
  const object = (entries: ObjectEntry[], span: Span = at): ObjectNode => ({ type: 'object', entries, start: span.start, end: span.end });

  const statement: ObjectEntry[] = [
    entry('Effect', { type: 'string', value: 'Allow', start: at.start, end: at.end }),
    entry('Principal', principalNode(principal.value, intrinsicPattern, principal.keySpan), principal.keySpan),
    entry('Action', action.value, action.keySpan),
    entry('Resource', functionArn(known(values.function_name), resource, intrinsicPattern), values.function_name?.keySpan ?? at),
  ];
  const condition: ObjectEntry[] = [];
  const sourceArn = known(values.source_arn);
  if (sourceArn) condition.push(entry('ArnLike', object([entry('aws:SourceArn', sourceArn.value, sourceArn.keySpan)], sourceArn.value), sourceArn.keySpan));
  const equals: ObjectEntry[] = [];
  for (const [key, attribute] of [['aws:SourceAccount', 'source_account'], ['aws:PrincipalOrgID', 'principal_org_id']] as const) {
    const v = known(values[attribute]);
    if (v) equals.push(entry(key, v.value, v.keySpan));
  }
  const first = equals[0];
  if (first) condition.push(entry('StringEquals', object(equals, first.value), first.keySpan));
  const firstCondition = condition[0];
  if (firstCondition) statement.push(entry('Condition', object(condition, firstCondition.value), firstCondition.keySpan));

  const root = object([
    entry('Version', { type: 'string', value: '2012-10-17', start: at.start, end: at.end }),
    entry('Statement', { type: 'array', items: [object(statement)], start: at.start, end: at.end }),
  ]);
  const attachment: Attachment = {
    inline: false,
    resource: { name: resource.address, type: LAMBDA_PERMISSION.type, span: at },
    principals: [],
    declaredAt: { span: at, path: [resource.address] },
  };
  return buildPolicy(root, { name: resource.address, location: resource.address, kind: 'resource', intrinsicPattern, attachment });
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
function functionArn(v: PermissionValue | undefined, resource: { address: string; span: Span }, pattern: (node: IntrinsicNode) => string | undefined): Node {
  const node = v?.value;
  const text = node?.type === 'string' ? (node.value as string) : node?.type === 'intrinsic' ? pattern(node) : undefined;
  if (node && text?.startsWith('arn:')) return node;
  const span = node ?? resource.span;
  const name = text ?? '${' + resource.address + '.function_name}';
  const arn = /^\d{12}:function:/.test(name) ? `arn:${PARTITION}:lambda:\${AWS::Region}:${name}` : `arn:${PARTITION}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${name}`;
  return { type: 'intrinsic', name: 'Fn::Sub', start: span.start, end: span.end, argument: { type: 'string', value: arn, start: span.start, end: span.end } };
}
