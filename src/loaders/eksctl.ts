import { buildPolicy } from '../policy/build.js';
import type { IamPrincipal, PolicyDocument } from '../policy/model.js';
import { getEntry, getValue, stringValue, type Node, type Span } from '../source/node.js';
import { formatPath } from '../source/path.js';
import type { PathSegment } from '../types.js';
import { emptyResult, type LoadResult } from './load-result.js';

/**
 * An eksctl ClusterConfig (`apiVersion: eksctl.io/v1alpha5`, `kind: ClusterConfig`): the IAM roles
 * eksctl creates for service accounts (IRSA), pod identity associations, add-ons and node groups,
 * each with the policy written in the file (`attachPolicy`, `permissionPolicy`) and the managed
 * policies it attaches by ARN (`attachPolicyARNs`, `permissionPolicyARNs`).
 * https://eksctl.io/usage/schema/
 */
export function isEksctlConfig(root: Node): boolean {
  return stringValue(getValue(root, 'kind')) === 'ClusterConfig' && (stringValue(getValue(root, 'apiVersion')) ?? '').startsWith('eksctl.io/');
}

/** One role eksctl makes, where its policy and managed policy ARNs are written. */
interface RoleSpec {
  owner: Node;
  path: PathSegment[];
  name: string;
  policy: string;
  arns: string;
}

export function loadEksctlConfig(root: Node): LoadResult {
  const roles: RoleSpec[] = [];
  const each = (list: Node | undefined, path: PathSegment[], fn: (item: Node, at: PathSegment[]) => void) => {
    if (list?.type === 'array') list.items.forEach((item, i) => fn(item, [...path, i]));
  };
  const iam = getValue(root, 'iam');
  each(getValue(iam, 'serviceAccounts'), ['iam', 'serviceAccounts'], (sa, at) => {
    const meta = getValue(sa, 'metadata');
    roles.push({ owner: sa, path: at, name: `service account ${account(stringValue(getValue(meta, 'namespace')), stringValue(getValue(meta, 'name')))}`, policy: 'attachPolicy', arns: 'attachPolicyARNs' });
  });
  const podIdentities = (list: Node | undefined, path: PathSegment[]) =>
    each(list, path, (pia, at) => {
      const name = `pod identity ${account(stringValue(getValue(pia, 'namespace')), stringValue(getValue(pia, 'serviceAccountName')))}`;
      roles.push({ owner: pia, path: at, name, policy: 'permissionPolicy', arns: 'permissionPolicyARNs' });
    });
  podIdentities(getValue(iam, 'podIdentityAssociations'), ['iam', 'podIdentityAssociations']);
  each(getValue(root, 'addons'), ['addons'], (addon, at) => {
    roles.push({ owner: addon, path: at, name: `add-on ${stringValue(getValue(addon, 'name')) ?? String(at.at(-1))}`, policy: 'attachPolicy', arns: 'attachPolicyARNs' });
    podIdentities(getValue(addon, 'podIdentityAssociations'), [...at, 'podIdentityAssociations']);
  });
  for (const groups of ['nodeGroups', 'managedNodeGroups']) {
    each(getValue(root, groups), [groups], (group, at) => {
      const groupIam = getValue(group, 'iam');
      if (groupIam) roles.push({ owner: groupIam, path: [...at, 'iam'], name: `node group ${stringValue(getValue(group, 'name')) ?? String(at.at(-1))}`, policy: 'attachPolicy', arns: 'attachPolicyARNs' });
    });
  }

  const policies: PolicyDocument[] = [];
  const principals: IamPrincipal[] = [];
  for (const role of roles) {
    const policyEntry = getEntry(role.owner, role.policy);
    const arns = getValue(role.owner, role.arns);
    if (!policyEntry && arns?.type !== 'array') continue;
    const span: Span = { start: role.owner.start, end: role.owner.start };
    const principal: IamPrincipal = { type: 'role', name: role.name, span, policies: [], managedPolicyArns: [], memberOf: [], dialect: undefined };
    principals.push(principal);
    each(arns, [...role.path, role.arns], (arn, at) => {
      const text = stringValue(arn);
      if (text) principal.managedPolicyArns.push({ value: text, span: { start: arn.start, end: arn.end }, path: at });
    });
    if (policyEntry?.value.type === 'object') {
      const path = [...role.path, role.policy];
      const policy = buildPolicy(policyEntry.value, {
        name: role.name,
        location: formatPath(path),
        kind: 'identity',
        attachment: { inline: false, principals: [principal], resource: { name: role.name, type: 'eksctl', span: policyEntry.keySpan }, declaredAt: { span: policyEntry.keySpan, path } },
      });
      policies.push(policy);
      principal.policies.push(policy);
    }
  }
  // withAddonPolicies and wellKnownPolicies name policies eksctl writes itself: not in the file to lint.
  if (policies.length === 0 && principals.length === 0) return emptyResult({ skipped: 'an eksctl ClusterConfig without IAM policies written in it' });
  return { ...emptyResult(), policies, principals };
}

function account(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? 'default'}/${name ?? '?'}`;
}
