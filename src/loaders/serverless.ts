import { buildPolicy } from '../policy/build.js';
import type { IamPrincipal, PolicyDocument } from '../policy/model.js';
import { getEntry, getValue, stringValue, type Node, type ObjectEntry, type ObjectNode } from '../source/node.js';
import type { SourceFile } from '../source/source-file.js';
import { formatPath } from '../source/path.js';
import type { PathSegment } from '../types.js';
import { isCloudFormation, loadCloudFormation } from './cloudformation/index.js';
import { normalizeIntrinsics } from './cloudformation/intrinsic-nodes.js';
import { TemplateScope } from './cloudformation/intrinsics.js';
import { emptyResult, type LoadResult } from './load-result.js';

/**
 * A Serverless Framework service (`serverless.yml`, `provider.name: aws`): the statements of the
 * role it creates for the functions (`provider.iam.role.statements`, the older
 * `provider.iamRoleStatements`, and `functions.<name>.iamRoleStatements` of the per-function roles
 * plugin), the managed policies that role gets by ARN, and the CloudFormation under `resources`.
 * https://www.serverless.com/framework/docs/providers/aws/guide/iam
 */
export function isServerlessConfig(root: Node): boolean {
  const service = getValue(root, 'service');
  if (service === undefined) return false;
  // Helm values files also have `service` and `provider: {name: aws}` (external-dns): a service is
  // named by a string (or `service.name` in v1) and has functions, plugins or a framework version.
  const named = service.type === 'string' || stringValue(getValue(service, 'name')) !== undefined;
  const framework = ['functions', 'plugins', 'frameworkVersion'].some((k) => getEntry(root, k) !== undefined);
  const provider = getValue(root, 'provider');
  // `provider: ${file(provider.yml):provider}` is read elsewhere: resources still say it is a service.
  const aws = stringValue(getValue(provider, 'name')) === 'aws' || (provider?.type === 'string' && getEntry(root, 'resources') !== undefined);
  return named && aws && (framework || service.type === 'string');
}

/**
 * serverless-pseudo-parameters' `#{AWS::AccountId}` becomes `${AWS::AccountId}` of an Fn::Sub: read
 * as one (the same length, so positions hold).
 */
function pseudoParameters(node: Node): void {
  if (node.type === 'string' && (node.value as string).includes('#{')) node.value = (node.value as string).replace(/#\{([^}]*)\}/g, '$${$1}');
  else if (node.type === 'object') for (const e of node.entries) pseudoParameters(e.value);
  else if (node.type === 'array') for (const i of node.items) pseudoParameters(i);
  else if (node.type === 'intrinsic') pseudoParameters(node.argument);
}

/** `functions` (and `resources`) may be a list of maps the framework merges (and `${file()}` includes, unknown here). */
function merged(node: Node | undefined): Node | undefined {
  if (node?.type !== 'array') return node;
  const entries = node.items.flatMap((item) => (item.type === 'object' ? item.entries : []));
  return { type: 'object', entries, start: node.start, end: node.end };
}

export function loadServerlessConfig(rawRoot: Node, file: SourceFile): LoadResult {
  pseudoParameters(rawRoot);
  const root = normalizeIntrinsics(rawRoot);
  const resources = mergedResources(getValue(root, 'resources'));
  // Statements name the service's own resources by !Ref and !GetAtt: their ARN shapes come from `resources`.
  const scope = new TemplateScope(resources?.type === 'object' ? resources : root);
  const result = resources && isCloudFormation(resources) ? loadCloudFormation(resources, file) : emptyResult();
  for (const p of result.policies) p.location = `resources.${p.location}`;
  const provider = getValue(root, 'provider');
  const iamRole = getValue(getValue(provider, 'iam'), 'role');

  const roleName = stringValue(getValue(iamRole, 'name')) ?? 'IamRoleLambdaExecution';
  const role: IamPrincipal = { type: 'role', name: roleName, span: { start: provider?.start ?? 0, end: provider?.start ?? 0 }, policies: [], managedPolicyArns: [], memberOf: [], dialect: 'cloudformation' };
  const policies: PolicyDocument[] = [];
  const addStatements = (owner: IamPrincipal, entry: ObjectEntry | undefined, path: PathSegment[], name: string) => {
    if (entry?.value.type !== 'array') return;
    const at = { start: entry.keySpan.start, end: entry.keySpan.start };
    const doc: Node = {
      type: 'object',
      start: entry.value.start,
      end: entry.value.end,
      entries: [
        { key: 'Version', keySpan: at, value: { type: 'string', value: '2012-10-17', start: at.start, end: at.end } },
        { key: 'Statement', keySpan: entry.keySpan, value: entry.value },
      ],
    };
    const policy = buildPolicy(doc, {
      name,
      location: formatPath(path),
      kind: 'identity',
      intrinsicPattern: scope.pattern,
      dialect: 'cloudformation',
      // Inline in the template the framework builds, but written here as the role's statements, the
      // framework's idiom: not no-inline-policy's to report.
      attachment: { inline: false, principals: [owner], resource: { name: owner.name, type: 'AWS::IAM::Role', span: entry.keySpan }, declaredAt: { span: entry.keySpan, path } },
    });
    policies.push(policy);
    owner.policies.push(policy);
  };
  // The statements go into one inline policy of the role, as the framework writes it.
  addStatements(role, getEntry(iamRole, 'statements'), ['provider', 'iam', 'role', 'statements'], roleName);
  addStatements(role, getEntry(provider, 'iamRoleStatements'), ['provider', 'iamRoleStatements'], roleName);
  const addManaged = (owner: IamPrincipal, list: Node, path: PathSegment[]) => {
    if (list.type !== 'array') return;
    list.items.forEach((item, i) => {
      const text = stringValue(item) ?? (item.type === 'intrinsic' ? scope.pattern(item) : undefined);
      if (text) owner.managedPolicyArns.push({ value: text, span: { start: item.start, end: item.end }, path: [...path, i] });
    });
  };
  for (const [list, path] of [
    [getValue(iamRole, 'managedPolicies'), ['provider', 'iam', 'role', 'managedPolicies']],
    [getValue(provider, 'iamManagedPolicies'), ['provider', 'iamManagedPolicies']],
  ] as const) {
    if (list) addManaged(role, list, [...path]);
  }
  const principals = [role];
  const functions = merged(getValue(root, 'functions'));
  if (functions?.type === 'object') {
    for (const fn of functions.entries) {
      // The per-function roles plugin's `iamRoleStatements`, or v4's built-in `iam.role.statements`.
      const fnRole = getValue(getValue(fn.value, 'iam'), 'role');
      const legacy = getEntry(fn.value, 'iamRoleStatements');
      const statements = legacy ?? getEntry(fnRole, 'statements');
      const arns = getValue(fnRole, 'managedPolicies');
      if (!statements && arns?.type !== 'array') continue;
      const own: IamPrincipal = { type: 'role', name: `${fn.key} function role`, span: fn.keySpan, policies: [], managedPolicyArns: [], memberOf: [], dialect: 'cloudformation' };
      principals.push(own);
      addStatements(own, statements, legacy ? ['functions', fn.key, 'iamRoleStatements'] : ['functions', fn.key, 'iam', 'role', 'statements'], `${fn.key} function role`);
      if (arns?.type === 'array') addManaged(own, arns, ['functions', fn.key, 'iam', 'role', 'managedPolicies']);
    }
  }
  const withPolicies = principals.filter((p) => p.policies.length > 0 || p.managedPolicyArns.length > 0);
  if (policies.length === 0 && withPolicies.length === 0 && result.policies.length === 0) {
    return emptyResult({ skipped: 'a Serverless Framework service without IAM policies' });
  }
  return { ...result, policies: [...policies, ...result.policies], principals: [...withPolicies, ...result.principals] };
}

/** The `resources` map, or the maps of a `resources` list merged into one with their `Resources` joined. */
function mergedResources(node: Node | undefined): Node | undefined {
  if (node?.type !== 'array') return node;
  const parts = (merged(node) as ObjectNode).entries.filter((e) => e.key === 'Resources');
  const first = parts[0];
  if (!first) return undefined;
  const joined = merged({ type: 'array', items: parts.map((p) => p.value), start: first.value.start, end: first.value.end });
  return { type: 'object', start: node.start, end: node.end, entries: [{ key: 'Resources', keySpan: first.keySpan, value: joined as Node }] };
}
