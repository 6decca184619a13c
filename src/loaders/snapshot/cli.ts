/**
 * Saved output of the single-resource AWS CLI commands: `aws iam get-role-policy` (and the user and
 * group twins), `get-role`, `list-roles` and `get-policy-version`. Each is recognised by its exact
 * top-level shape, so a bare policy or other JSON that happens to share a key is not taken for one.
 */
import { basename } from 'node:path';
import type { IamPrincipal, PrincipalType } from '../../policy/model.js';
import { getValue, stringValue, type Node, type ObjectNode } from '../../source/node.js';
import type { SourceFile } from '../../source/source-file.js';
import { emptyResult, type LoadResult } from '../load-result.js';
import { accountOfArn, policyAdder, spanOf, type AddPolicy } from './document.js';

const HOLDERS: { key: string; type: PrincipalType; resource: string }[] = [
  { key: 'RoleName', type: 'role', resource: 'AWS::IAM::Role' },
  { key: 'UserName', type: 'user', resource: 'AWS::IAM::User' },
  { key: 'GroupName', type: 'group', resource: 'AWS::IAM::Group' },
];
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\//;
// list-roles pages carry these beside the list.
const LIST_KEYS = new Set(['Roles', 'IsTruncated', 'Marker']);

type Shape = 'inline' | 'role' | 'roles' | 'version';

export function cliOutputShape(root: Node): Shape | undefined {
  if (root.type !== 'object') return undefined;
  const keys = root.entries.map((e) => e.key);
  const isDocument = (n: Node | undefined) => n?.type === 'object' || n?.type === 'string';
  if (keys.length === 3 && holderOf(root) && stringValue(getValue(root, 'PolicyName')) !== undefined && isDocument(getValue(root, 'PolicyDocument'))) return 'inline';
  if (keys.length === 1 && keys[0] === 'Role' && isRole(getValue(root, 'Role'))) return 'role';
  const roles = getValue(root, 'Roles');
  if (keys.every((k) => LIST_KEYS.has(k)) && roles?.type === 'array' && roles.items.length > 0 && roles.items.every(isRole)) return 'roles';
  const version = getValue(root, 'PolicyVersion');
  if (keys.length === 1 && stringValue(getValue(version, 'VersionId')) !== undefined && isDocument(getValue(version, 'Document'))) return 'version';
  return undefined;
}

function holderOf(root: ObjectNode): (typeof HOLDERS)[number] | undefined {
  const found = HOLDERS.filter((h) => stringValue(getValue(root, h.key)) !== undefined);
  return found.length === 1 ? found[0] : undefined;
}

function isRole(node: Node | undefined): boolean {
  return node?.type === 'object' && stringValue(getValue(node, 'RoleName')) !== undefined && ROLE_ARN.test(stringValue(getValue(node, 'Arn')) ?? '');
}

/** Policies named as the account snapshot names them: a role by ARN, an inline policy by its holder and name. */
export function loadCliOutput(root: ObjectNode, shape: Shape, file: SourceFile): LoadResult {
  const result = emptyResult();
  const add = policyAdder(file, result);
  if (shape === 'inline') {
    const holder = holderOf(root)!;
    const nameNode = getValue(root, holder.key)!;
    const name = stringValue(nameNode)!;
    const policyNode = getValue(root, 'PolicyName')!;
    const policyName = stringValue(policyNode)!;
    const principal = newPrincipal(holder.type, name, nameNode);
    result.principals.push(principal);
    const policy = add(getValue(root, 'PolicyDocument'), ['PolicyDocument'], 'identity', `${name} policy "${policyName}"`, {
      inline: true,
      resource: { name, type: holder.resource, span: spanOf(nameNode) },
      principals: [principal],
      declaredAt: { span: spanOf(policyNode), path: ['PolicyName'] },
      policyName,
    });
    if (policy) principal.policies.push(policy);
  } else if (shape === 'role') {
    addRole(getValue(root, 'Role')!, ['Role'], add, result);
  } else if (shape === 'roles') {
    const roles = getValue(root, 'Roles');
    for (const [i, role] of (roles?.type === 'array' ? roles.items : []).entries()) addRole(role, ['Roles', i], add, result);
  } else {
    const version = getValue(root, 'PolicyVersion')!;
    const idNode = getValue(version, 'VersionId')!;
    // The output does not name the policy: the file and the version do.
    const name = `${basename(file.path)} version "${stringValue(idNode)}"`;
    add(getValue(version, 'Document'), ['PolicyVersion', 'Document'], 'identity', name, {
      inline: false,
      resource: { name, type: 'AWS::IAM::ManagedPolicy', span: spanOf(idNode) },
      principals: [],
      declaredAt: { span: spanOf(idNode), path: ['PolicyVersion', 'VersionId'] },
    });
  }
  return result;
}

function addRole(role: Node, base: (string | number)[], add: AddPolicy, result: LoadResult): void {
  const arnNode = getValue(role, 'Arn')!;
  const arn = stringValue(arnNode)!;
  const principal = newPrincipal('role', arn, arnNode);
  result.principals.push(principal);
  const account = accountOfArn(arn);
  const policy = add(getValue(role, 'AssumeRolePolicyDocument'), [...base, 'AssumeRolePolicyDocument'], 'trust', arn, {
    inline: false,
    resource: { name: arn, type: 'AWS::IAM::Role', span: spanOf(arnNode) },
    principals: [principal],
    declaredAt: { span: spanOf(arnNode), path: [...base, 'Arn'] },
    ...(account && { account }),
  });
  if (policy) principal.policies.push(policy);
}

function newPrincipal(type: PrincipalType, name: string, at: Node): IamPrincipal {
  return { type, name, span: spanOf(at), policies: [], managedPolicyArns: [], memberOf: [], dialect: undefined };
}
