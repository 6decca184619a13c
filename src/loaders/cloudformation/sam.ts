/**
 * AWS SAM's ways of giving policies that are not documents of their own: managed policies named in
 * `Policies`, and the `Globals` section SAM merges into each function and API.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
 */
import type { IntrinsicPattern } from '../../policy/values.js';
import { getEntry, getValue, type Node, type ObjectEntry } from '../../source/node.js';

/**
 * The managed policy ARN a SAM `Policies` entry stands for: SAM turns a name (`AdministratorAccess`)
 * into the AWS managed policy's ARN, and passes an ARN or an intrinsic other than a policy template on
 * to the role's `ManagedPolicyArns`. Undefined for an inline document and a policy template
 * (`{S3ReadPolicy: {...}}`). A name's ARN lacks the path some AWS managed policies have
 * (`service-role/`), which names the same policy.
 */
export function samManagedPolicyArn(node: Node, pattern: IntrinsicPattern): string | undefined {
  if (node.type === 'intrinsic') return pattern(node);
  if (node.type !== 'string') return undefined;
  const text = (node.value as string).trim();
  if (text === '' || text.startsWith('{')) return undefined;
  return text.startsWith('arn:') ? text : `arn:\${AWS::Partition}:iam::aws:policy/${text}`;
}

/** A property of a `Globals` section (`Globals.Function.AssumeRolePolicyDocument`), with the entry of its section. */
export interface GlobalValue {
  section: ObjectEntry;
  /** Below the section: `['AssumeRolePolicyDocument']`. */
  property: string[];
  value: Node;
  keySpan: ObjectEntry['keySpan'];
}

export function globalValue(root: Node, section: string, property: string[]): GlobalValue | undefined {
  const entry = getEntry(getValue(root, 'Globals'), section);
  let node: Node | undefined = entry?.value;
  let last: ObjectEntry | undefined;
  for (const key of property) {
    last = node && getEntry(node, key);
    node = last?.value;
  }
  if (!entry || !last || !node) return undefined;
  return { section: entry, property, value: node, keySpan: last.keySpan };
}

/**
 * Whether a resource keeps the global value after SAM merges Globals into it: maps merge key by
 * key and lists are concatenated (global first), so the resource's own value replaces the global one
 * only where the two differ in kind (a list against one statement, an intrinsic against a map), or
 * when the resource's `IgnoreGlobals` names the property (or is `*`).
 * https://github.com/aws/serverless-application-model/blob/develop/docs/globals.rst
 */
export function keepsGlobal(resource: ObjectEntry, global: GlobalValue): boolean {
  const ignore = getValue(resource.value, 'IgnoreGlobals');
  if (ignore?.type === 'string' && ignore.value === '*') return false;
  if (ignore?.type === 'array' && ignore.items.some((i) => i.type === 'string' && i.value === global.property[0])) return false;
  let g: Node | undefined = global.section.value;
  let local: Node | undefined = getValue(resource.value, 'Properties');
  for (const key of global.property) {
    g = getValue(g, key);
    local = getValue(local, key);
    if (!local) return true;
    if (!g || token(g) !== token(local)) return false;
  }
  // Two documents merge key by key: the global statements stay unless the Statement kinds differ.
  const gs = getValue(g, 'Statement');
  const ls = getValue(local, 'Statement');
  return !gs || !ls || token(gs) === token(ls);
}

function token(node: Node): 'map' | 'list' | 'scalar' {
  return node.type === 'object' ? 'map' : node.type === 'array' ? 'list' : 'scalar';
}
