import { getValue, stringValue, type Node, type ObjectEntry } from '../../source/node.js';

/** Properties that attach managed policies to a principal or an SSO permission set. */
const ATTACHING = ['ManagedPolicyArns', 'CustomerManagedPolicyReferences'];
/** SAM resources whose `Policies` take managed policy names and ARNs (beside documents and templates). */
const SAM_POLICIES = new Set(['AWS::Serverless::Function', 'AWS::Serverless::StateMachine']);

/**
 * The logical ids of the `AWS::IAM::ManagedPolicy` resources of a template used only as
 * permissions boundaries: named by some `PermissionsBoundary` (a role's, user's, SAM function's or
 * an SSO permission set's `CustomerManagedPolicyReference`) and attached nowhere (their own
 * `Users`/`Groups`/`Roles`, a `ManagedPolicyArns`, SAM `Policies`, a permission set's
 * `CustomerManagedPolicyReferences`). A policy an `iam:PermissionsBoundary` condition requires
 * (delegated administration, as in the CDK bootstrap template's own boundary) is a boundary too. A
 * boundary grants nothing: it is linted as a boundary, as the account snapshot's are. Other
 * references (an output) are neither.
 */
export function boundaryOnlyPolicies(entries: ObjectEntry[], globals: Node | undefined): Set<string> {
  const known: Known = { ids: new Set(), names: new Map() };
  const attached = new Set<string>();
  for (const entry of entries) {
    if (stringValue(getValue(entry.value, 'Type')) !== 'AWS::IAM::ManagedPolicy') continue;
    known.ids.add(entry.key);
    const props = getValue(entry.value, 'Properties');
    const name = nameText(getValue(props, 'ManagedPolicyName'));
    if (name) known.names.set(name, entry.key);
    if (['Users', 'Groups', 'Roles'].some((p) => getValue(props, p) !== undefined)) attached.add(entry.key);
  }
  if (known.ids.size === 0) return new Set();
  const boundary = new Set<string>();
  const note = (node: Node | undefined, into: Set<string>) => {
    if (node) namedPolicies(node, known, into);
  };
  for (const entry of entries) {
    const props = getValue(entry.value, 'Properties');
    note(getValue(props, 'PermissionsBoundary'), boundary);
    for (const value of requiredBoundaries(props)) note(value, boundary);
    for (const p of ATTACHING) note(getValue(props, p), attached);
    const policies = SAM_POLICIES.has(stringValue(getValue(entry.value, 'Type')) ?? '') ? getValue(props, 'Policies') : undefined;
    // Documents and policy templates are objects; a managed policy is a name, an ARN or an intrinsic.
    for (const item of policies?.type === 'array' ? policies.items : policies ? [policies] : []) if (item.type !== 'object') note(item, attached);
  }
  note(getValue(getValue(globals, 'Function'), 'PermissionsBoundary'), boundary);
  return new Set([...boundary].filter((id) => !attached.has(id)));
}

interface Known {
  ids: Set<string>;
  /** Physical name (`ManagedPolicyName`) to logical id. */
  names: Map<string, string>;
}

/**
 * The managed policies a value names: by `Ref`/`Fn::GetAtt`/`${Id}` of their logical id, by their
 * name (an SSO `CustomerManagedPolicyReference`'s `Name`) or an ARN ending in it.
 */
function namedPolicies(node: Node, known: Known, into: Set<string>): void {
  const byId = (id: string | undefined) => {
    if (id !== undefined && known.ids.has(id)) into.add(id);
  };
  if (node.type === 'intrinsic') {
    const arg = node.argument;
    if (node.name === 'Ref') byId(stringValue(arg));
    else if (node.name === 'Fn::GetAtt') byId(arg.type === 'array' ? stringValue(arg.items[0]) : stringValue(arg)?.split('.')[0]);
    else if (node.name === 'Fn::Sub') {
      const template = stringValue(arg.type === 'array' ? arg.items[0] : arg) ?? '';
      for (const m of template.matchAll(/\$\{([\w-]+)(?:\.\w+)?\}/g)) byId(m[1]);
      // An ARN built from the name as the policy's ManagedPolicyName writes it (`policy/cdk-${Qualifier}-...`).
      const named = known.names.get(/:policy\/(?:.*\/)?([^/]+)$/.exec(template)?.[1] ?? '');
      if (named) into.add(named);
    }
    namedPolicies(arg, known, into);
  } else if (node.type === 'object') for (const e of node.entries) namedPolicies(e.value, known, into);
  else if (node.type === 'array') for (const i of node.items) namedPolicies(i, known, into);
  else if (node.type === 'string') {
    const text = node.value as string;
    const name = /:policy\/(?:.*\/)?([\w+=,.@-]+)$/.exec(text)?.[1] ?? text;
    const id = known.names.get(name);
    if (id) into.add(id);
  }
}

/** A ManagedPolicyName as written: a string, or the template of an `Fn::Sub` (the CDK's `cdk-${Qualifier}-...`). */
function nameText(node: Node | undefined): string | undefined {
  if (node?.type === 'intrinsic' && node.name === 'Fn::Sub') return stringValue(node.argument.type === 'array' ? node.argument.items[0] : node.argument);
  return stringValue(node);
}

/** The values of every `iam:PermissionsBoundary` condition key under a resource's properties. */
function requiredBoundaries(node: Node | undefined, out: Node[] = []): Node[] {
  if (node?.type === 'object') {
    for (const e of node.entries) {
      if (e.key.toLowerCase() === 'iam:permissionsboundary') out.push(e.value);
      else requiredBoundaries(e.value, out);
    }
  } else if (node?.type === 'array') for (const i of node.items) requiredBoundaries(i, out);
  else if (node?.type === 'intrinsic') requiredBoundaries(node.argument, out);
  return out;
}
