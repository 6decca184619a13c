import { buildPolicy } from '../../policy/build.js';
import type { Attachment, IamPrincipal, PolicyDocument, PrincipalType } from '../../policy/model.js';
import { parseJson } from '../../parsers/json.js';
import type { ParseResult, SyntaxProblem } from '../../parsers/parse-result.js';
import { getValue, stringValue, type Node, type Span } from '../../source/node.js';
import type { SourceFile } from '../../source/source-file.js';
import type { PathSegment, PolicyKind } from '../../types.js';
import { parseEmbeddedJson } from '../embedded.js';
import { emptyResult, type LoadResult } from '../load-result.js';
import { formatPath } from '../../source/path.js';

const LISTS: { list: string; type: PrincipalType; resource: string; inline: string }[] = [
  { list: 'GroupDetailList', type: 'group', resource: 'AWS::IAM::Group', inline: 'GroupPolicyList' },
  { list: 'UserDetailList', type: 'user', resource: 'AWS::IAM::User', inline: 'UserPolicyList' },
  { list: 'RoleDetailList', type: 'role', resource: 'AWS::IAM::Role', inline: 'RolePolicyList' },
];

/** `aws iam get-account-authorization-details` output: at least one of its four lists. */
export function isAccountSnapshot(root: Node): boolean {
  if (root.type !== 'object') return false;
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
  const policies: PolicyDocument[] = [];
  const syntaxErrors: SyntaxProblem[] = [];
  const principals: IamPrincipal[] = [];
  const groupsByName = new Map<string, IamPrincipal>();
  const managedByArn = new Map<string, PolicyDocument>();

  function add(doc: Node | undefined, path: PathSegment[], kind: PolicyKind, name: string, attachment: Attachment): PolicyDocument | undefined {
    if (!doc) return undefined;
    const parsed = parseDocument(doc, file);
    syntaxErrors.push(...parsed.errors);
    if (parsed.root?.type !== 'object') return undefined;
    const policy = buildPolicy(parsed.root, { name, location: formatPath(path), kind, attachment });
    policies.push(policy);
    return policy;
  }

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
    const policy = add(getValue(list[v], 'Document'), ['Policies', i, 'PolicyVersionList', v, 'Document'], 'identity', arn, attachment);
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
      if (spec.type === 'group') groupsByName.set(stringValue(getValue(item, 'GroupName')) ?? arn, principal);
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
        if (managed) managed.attachment.principals.push(principal);
        else principal.managedPolicyArns.push({ value: policyArn, span: spanOf(arnOf), path: [...base, 'AttachedManagedPolicies', j, 'PolicyArn'] });
      }
    }
  }
  for (const { user, groups } of memberships) {
    for (const g of groups.type === 'array' ? groups.items : []) {
      const group = groupsByName.get(stringValue(g) ?? '');
      if (group && !user.memberOf.includes(group)) user.memberOf.push(group);
    }
  }
  for (const policy of policies) for (const p of policy.attachment.principals) if (!p.policies.includes(policy)) p.policies.push(policy);
  return { ...emptyResult(), policies, principals, syntaxErrors };
}

/**
 * A document is an object (the AWS CLI decodes it), a JSON string, or, as the API returns it, a
 * URL-encoded JSON string. Offsets inside an encoded string cannot be mapped character by
 * character, so its whole tree points at the string.
 */
function parseDocument(node: Node, file: SourceFile): ParseResult {
  if (node.type !== 'string') return { root: node, errors: [] };
  const text = node.value as string;
  if (text.trimStart().startsWith('{')) return parseEmbeddedJson(text, node, file);
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    return { root: undefined, errors: [{ start: node.start, end: node.end, message: 'The policy document is neither JSON nor URL-encoded JSON' }] };
  }
  const parsed = parseJson(decoded);
  const span = { start: node.start, end: node.end };
  if (parsed.root) pin(parsed.root, span);
  return { root: parsed.root, errors: parsed.errors.map((e) => ({ ...e, ...span, message: `${e.message} (in the URL-encoded policy document)` })) };
}

function pin(node: Node, span: Span): void {
  node.start = span.start;
  node.end = span.end;
  if (node.type === 'object') {
    for (const e of node.entries) {
      e.keySpan = { ...span };
      pin(e.value, span);
    }
  } else if (node.type === 'array') for (const i of node.items) pin(i, span);
}

function isTrue(node: Node | undefined): boolean {
  return node?.type === 'boolean' && node.value === true;
}

function spanOf(node: Node): Span {
  return { start: node.start, end: node.end };
}

