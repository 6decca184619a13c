import { getValue, stringValue, type IntrinsicNode, type Node } from '../../source/node.js';
import { getAttShape, refShape } from './arn-shapes.js';
import { resourceEntries } from './resources.js';

const NAME_PROPERTIES = [
  'BucketName', 'QueueName', 'TopicName', 'TableName', 'FunctionName', 'RoleName', 'UserName', 'GroupName',
  'ManagedPolicyName', 'StreamName', 'LogGroupName', 'RepositoryName', 'ClusterName', 'StateMachineName',
  'DeliveryStreamName', 'EventBusName', 'DomainName', 'Name',
];

/** The name a string holding dynamic references (`{{resolve:...}}`) is given as an intrinsic. */
export const DYNAMIC_REFERENCE = 'DynamicReference';

/**
 * Strings holding `{{resolve:service:reference}}` become intrinsics, so a policy value that is a
 * dynamic reference is a placeholder, as a `!Ref` of a parameter is, not a malformed ARN.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
 */
export function markDynamicReferences(node: Node): Node {
  if (node.type === 'string') {
    return (node.value as string).includes('{{resolve:') ? { type: 'intrinsic', name: DYNAMIC_REFERENCE, argument: node, start: node.start, end: node.end } : node;
  }
  if (node.type === 'object') for (const e of node.entries) e.value = markDynamicReferences(e.value);
  else if (node.type === 'array') node.items = node.items.map(markDynamicReferences);
  return node;
}

/** `{{resolve:ssm:/app/bucket-arn}}`, a value CloudFormation reads from SSM or Secrets Manager at deploy time, as a placeholder. */
function dynamicPlaceholders(text: string): string {
  return text.includes('{{resolve:') ? text.replace(/\{\{(resolve:[^}]*)\}\}/g, '${$1}') : text;
}

/** What the template declares, so intrinsics can be turned into patterns. */
export class TemplateScope {
  private readonly resources = new Map<string, Node>();
  private readonly parameters = new Set<string>();

  constructor(root: Node) {
    const resources = getValue(root, 'Resources');
    if (resources?.type === 'object') for (const e of resourceEntries(resources, ['Resources'])) this.resources.set(e.key, e.value);
    const parameters = getValue(root, 'Parameters');
    if (parameters?.type === 'object') for (const e of parameters.entries) this.parameters.add(e.key);
  }

  resourceType(logicalId: string): string | undefined {
    return stringValue(getValue(this.resources.get(logicalId), 'Type'));
  }

  hasResource(logicalId: string): boolean {
    return this.resources.has(logicalId);
  }

  hasParameter(name: string): boolean {
    return this.parameters.has(name);
  }

  /** The physical name when the template sets it literally, else a placeholder named after the resource. */
  private physicalName(logicalId: string): string {
    const props = getValue(this.resources.get(logicalId), 'Properties');
    for (const key of NAME_PROPERTIES) {
      const v = stringValue(getValue(props, key));
      if (v) return v;
    }
    return '${' + logicalId + '}';
  }

  ref(name: string): string {
    if (this.resources.has(name)) return refShape(this.resourceType(name), this.physicalName(name)) ?? '${' + name + '}';
    return '${' + name + '}';
  }

  getAtt(logicalId: string, attribute: string): string {
    return getAttShape(this.resourceType(logicalId), attribute, this.physicalName(logicalId)) ?? '${' + `${logicalId}.${attribute}` + '}';
  }

  /**
   * The text an intrinsic stands for, with `${...}` wherever the value is only known at deploy
   * time. `Fn::If` is not handled here: the policy model lints both branches.
   */
  pattern = (node: IntrinsicNode): string | undefined => {
    const arg = node.argument;
    switch (node.name) {
      case 'Ref':
        return arg.type === 'string' ? this.ref(arg.value as string) : '${Ref}';
      case 'Fn::GetAtt': {
        // The long form also takes `Resource.Attribute` as one string, as the short form does.
        const dotted = stringValue(arg);
        const dot = dotted?.indexOf('.') ?? -1;
        if (dotted && dot > 0) return this.getAtt(dotted.slice(0, dot), dotted.slice(dot + 1));
        const [res, attr] = arg.type === 'array' ? arg.items : [];
        const r = stringValue(res);
        const a = stringValue(attr);
        return r && a ? this.getAtt(r, a) : '${Fn::GetAtt}';
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Join':
        return this.join(arg);
      case DYNAMIC_REFERENCE:
        return dynamicPlaceholders(stringValue(arg) ?? '');
      default:
        return '${' + node.name + '}';
    }
  };

  private sub(arg: Node): string {
    const [templateNode, varsNode] = arg.type === 'array' ? arg.items : [arg];
    const template = stringValue(templateNode);
    if (template === undefined) return '${Fn::Sub}';
    return dynamicPlaceholders(template).replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith('resolve:')) return whole;
      if (inner.startsWith('!')) return '${' + inner.slice(1) + '}';
      const variable = getValue(varsNode, inner);
      if (variable) return this.text(variable) ?? '${' + inner + '}';
      const dot = inner.indexOf('.');
      if (dot > 0 && this.resources.has(inner.slice(0, dot))) return this.getAtt(inner.slice(0, dot), inner.slice(dot + 1));
      if (this.resources.has(inner)) return this.ref(inner);
      return whole;
    });
  }

  private join(arg: Node): string {
    if (arg.type !== 'array') return '${Fn::Join}';
    const [delimNode, listNode] = arg.items;
    const delim = stringValue(delimNode) ?? '';
    if (!listNode || listNode.type !== 'array') return '${Fn::Join}';
    return dynamicPlaceholders(listNode.items.map((item) => this.text(item) ?? '${Fn::Join}').join(delim));
  }

  private text(node: Node): string | undefined {
    if (node.type === 'string') return node.value as string;
    if (node.type === 'number' || node.type === 'boolean') return node.raw ?? String(node.value);
    if (node.type === 'intrinsic') return this.pattern(node);
    return undefined;
  }
}
