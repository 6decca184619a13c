import type { Attachment, IamPrincipal, PolicyDocument, PrincipalType } from '../../policy/model.js';
import { getValue, stringValue, type Node } from '../../source/node.js';
import type { SourceFile } from '../../source/source-file.js';
import type { PathSegment } from '../../types.js';
import { emptyResult, type LoadResult } from '../load-result.js';
import { cliOutputShape, loadCliOutput } from './cli.js';
import { accountOfArn, isTrue, policyAdder, spanOf } from './document.js';

const LISTS: { list: string; type: PrincipalType; resource: string; inline: string }[] = [
  { list: 'GroupDetailList', type: 'group', resource: 'AWS::IAM::Group', inline: 'GroupPolicyList' },
  { list: 'UserDetailList', type: 'user', resource: 'AWS::IAM::User', inline: 'UserPolicyList' },
  { list: 'RoleDetailList', type: 'role', resource: 'AWS::IAM::Role', inline: 'RolePolicyList' },
];

/**
 * `aws iam get-account-authorization-details` output (at least one of its four lists), or the
 * output of a single-resource IAM command (cli.ts).
 */
export function isAccountSnapshot(root: Node): boolean {
  if (root.type !== 'object') return false;
  if (cliOutputShape(root)) return true;
  if (LISTS.some((l) => getValue(root, l.list)?.type === 'array')) return true;
  const policies = getValue(root, 'Policies');
  return policies?.type === 'array' && policies.items.some((p) => getValue(p, 'PolicyVersionList') !== undefined);
}

/** AWS managed policies live in the `aws` account; rules know the ones that matter by name. */
const AWS_MANAGED = /^arn:aws[\w-]*:iam::aws:policy\//;

/**
 * Every principal and customer managed policy of an account, named by ARN, with attachments and
 * group membership resolved within the snapshot, so cross-policy rules see the whole account.
 */
export function loadSnapshot(root: Node, file: SourceFile): LoadResult {
  const shape = cliOutputShape(root);
  if (shape && root.type === 'object') return loadCliOutput(root, shape, file);
  const result = emptyResult();
  const { policies, principals } = result;
  const add = policyAdder(file, result);
  const groupsByName = new Map<string, IamPrincipal>();
  const managedByArn = new Map<string, PolicyDocument>();
  const boundaries = boundaryUse(root);

  const customer = getValue(root, 'Policies');
  for (const [i, item] of (customer?.type === 'array' ? customer.items : []).entries()) {
    const arnNode = getValue(item, 'Arn');
    const arn = stringValue(arnNode);
    if (!arn || AWS_MANAGED.test(arn)) continue;
    const versions = getValue(item, 'PolicyVersionList');
    const defaultId = stringValue(getValue(item, 'DefaultVersionId'));
    const list = versions?.type === 'array' ? versions.items : [];
    const v = list.findIndex((x) => isTrue(getValue(x, 'IsDefaultVersion')) || (defaultId !== undefined && stringValue(getValue(x, 'VersionId')) === defaultId));
    if (v < 0) continue;
    const at = spanOf(arnNode ?? item);
    const attachment: Attachment = {
      inline: false,
      resource: { name: arn, type: 'AWS::IAM::ManagedPolicy', span: at },
      principals: [],
      declaredAt: { span: at, path: ['Policies', i, 'Arn'] },
      ...(stringValue(getValue(item, 'PolicyName')) && { policyName: stringValue(getValue(item, 'PolicyName')) as string }),
    };
    const policy = add(getValue(list[v], 'Document'), ['Policies', i, 'PolicyVersionList', v, 'Document'], onlyBoundary(item, arn, boundaries) ? 'boundary' : 'identity', arn, attachment);
    if (policy) managedByArn.set(arn, policy);
  }

  const memberships: { user: IamPrincipal; groups: Node }[] = [];
  for (const spec of LISTS) {
    const list = getValue(root, spec.list);
    for (const [i, item] of (list?.type === 'array' ? list.items : []).entries()) {
      const arnNode = getValue(item, 'Arn');
      const nameField = spec.type === 'user' ? 'UserName' : spec.type === 'group' ? 'GroupName' : 'RoleName';
      const arn = stringValue(arnNode) ?? stringValue(getValue(item, nameField)) ?? `${spec.list}[${i}]`;
      const at = spanOf(arnNode ?? item);
      const principal: IamPrincipal = { type: spec.type, name: arn, span: at, policies: [], managedPolicyArns: [], memberOf: [], dialect: undefined };
      principals.push(principal);
      const base: PathSegment[] = [spec.list, i];
      const resource = { name: arn, type: spec.resource, span: at };
      const account = accountOfArn(arn);
      if (spec.type === 'group') {
        // Every user of the account is listed, so the group's members are known, none or some.
        principal.members = [];
        groupsByName.set(stringValue(getValue(item, 'GroupName')) ?? arn, principal);
      }
      if (spec.type === 'user') {
        const groups = getValue(item, 'GroupList');
        if (groups) memberships.push({ user: principal, groups });
      }
      if (spec.type === 'role') {
        add(getValue(item, 'AssumeRolePolicyDocument'), [...base, 'AssumeRolePolicyDocument'], 'trust', arn, {
          inline: false,
          resource,
          principals: [principal],
          declaredAt: { span: at, path: [...base, 'Arn'] },
          ...(account && { account }),
        });
      }
      const inline = getValue(item, spec.inline);
      for (const [j, entry] of (inline?.type === 'array' ? inline.items : []).entries()) {
        const nameNode = getValue(entry, 'PolicyName');
        const policyName = stringValue(nameNode);
        add(getValue(entry, 'PolicyDocument'), [...base, spec.inline, j, 'PolicyDocument'], 'identity', policyName ? `${arn} policy "${policyName}"` : arn, {
          inline: true,
          resource,
          principals: [principal],
          declaredAt: { span: spanOf(nameNode ?? entry), path: [...base, spec.inline, j, ...(nameNode ? ['PolicyName'] : [])] },
          ...(policyName && { policyName }),
        });
      }
      const attached = getValue(item, 'AttachedManagedPolicies');
      for (const [j, entry] of (attached?.type === 'array' ? attached.items : []).entries()) {
        const arnOf = getValue(entry, 'PolicyArn');
        const policyArn = stringValue(arnOf);
        if (!arnOf || policyArn === undefined) continue;
        const managed = managedByArn.get(policyArn);
        // A boundary caps the principal's permissions; it grants none, so it is not one of its policies.
        if (managed?.kind === 'boundary') continue;
        if (managed) managed.attachment.principals.push(principal);
        else principal.managedPolicyArns.push({ value: policyArn, span: spanOf(arnOf), path: [...base, 'AttachedManagedPolicies', j, 'PolicyArn'] });
      }
    }
  }
  for (const { user, groups } of memberships) {
    for (const g of groups.type === 'array' ? groups.items : []) {
      const group = groupsByName.get(stringValue(g) ?? '');
      if (group && !user.memberOf.includes(group)) {
        user.memberOf.push(group);
        (group.members ??= []).push(user);
      }
    }
  }
  for (const policy of policies) for (const p of policy.attachment.principals) if (!p.policies.includes(policy)) p.policies.push(policy);
  return result;
}

/** Where the snapshot uses each managed policy: as a permissions boundary of some principal, attached to some principal. */
function boundaryUse(root: Node): { boundary: Set<string>; attached: Set<string> } {
  const boundary = new Set<string>();
  const attached = new Set<string>();
  for (const spec of LISTS) {
    const list = getValue(root, spec.list);
    for (const item of list?.type === 'array' ? list.items : []) {
      const arn = stringValue(getValue(getValue(item, 'PermissionsBoundary'), 'PermissionsBoundaryArn'));
      if (arn) boundary.add(arn);
      const entries = getValue(item, 'AttachedManagedPolicies');
      for (const entry of entries?.type === 'array' ? entries.items : []) {
        const policyArn = stringValue(getValue(entry, 'PolicyArn'));
        if (policyArn) attached.add(policyArn);
      }
    }
  }
  return { boundary, attached };
}

/**
 * A policy attached to nobody and used as a permissions boundary is linted as one. IAM's own
 * counts decide; without them (a trimmed snapshot), the principals of the snapshot do.
 */
function onlyBoundary(item: Node, arn: string, use: { boundary: Set<string>; attached: Set<string> }): boolean {
  const count = (key: string) => {
    const n = getValue(item, key);
    return n?.type === 'number' ? (n.value as number) : undefined;
  };
  const attachments = count('AttachmentCount') ?? (use.attached.has(arn) ? 1 : 0);
  const boundaryUses = count('PermissionsBoundaryUsageCount') ?? (use.boundary.has(arn) ? 1 : 0);
  return attachments === 0 && (boundaryUses > 0 || use.boundary.has(arn));
}
