import type { PathSegment } from '../../types.js';
import { getEntry, getValue, stringValue, type Node, type ObjectEntry, type ObjectNode, type Span } from '../../source/node.js';
import type { SourceFile } from '../../source/source-file.js';
import type { LoadResult } from '../load-result.js';
import { loadTerraformPlan } from '../terraform-plan/index.js';

/**
 * A raw `terraform.tfstate` (format version 4): `resources[]` of `{mode, type, name, module?,
 * instances[{index_key?, attributes}]}`. Both `version: 4` and every resource's `instances` list
 * are required, so a JSON file that merely has a `version` is not taken for one.
 */
export function isTerraformState(root: Node): root is ObjectNode {
  if (root.type !== 'object' || getEntry(root, 'format_version')) return false;
  const version = getValue(root, 'version');
  const resources = getValue(root, 'resources');
  if (version?.type !== 'number' || version.value !== 4 || stringValue(getValue(root, 'terraform_version')) === undefined) return false;
  if (resources?.type !== 'array') return false;
  return resources.items.every((r) => stringValue(getValue(r, 'type')) !== undefined && getValue(r, 'instances')?.type === 'array');
}

/** Where a resource of the `terraform show -json` shape built below came from in the raw state. */
interface Origin {
  instance: PathSegment[];
  address: PathSegment[];
}

/**
 * Read as `terraform show -json` renders a state: each instance becomes a resource of `values`
 * with its full address (`module.x.aws_iam_policy.p["k"]`) and its attributes as values, so the plan
 * loader's resource tables and links apply unchanged. Paths are then moved back onto the raw file.
 */
export function loadTerraformState(root: ObjectNode, file: SourceFile): LoadResult {
  const resources = getValue(root, 'resources');
  const items: Node[] = [];
  const origins: Origin[] = [];
  (resources?.type === 'array' ? resources.items : []).forEach((r, ri) => {
    const type = stringValue(getValue(r, 'type')) as string;
    const nameNode = getValue(r, 'name');
    const name = stringValue(nameNode);
    const instances = getValue(r, 'instances');
    if (name === undefined || !nameNode || instances?.type !== 'array') return;
    const mode = stringValue(getValue(r, 'mode')) ?? 'managed';
    const module = stringValue(getValue(r, 'module'));
    const base = `${module ? `${module}.` : ''}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    instances.items.forEach((instance, ii) => {
      const attributes = getValue(instance, 'attributes');
      if (attributes?.type !== 'object') return;
      const key = getValue(instance, 'index_key');
      const index = key?.type === 'number' ? `[${String(key.value)}]` : key?.type === 'string' ? `[${JSON.stringify(key.value)}]` : '';
      // Findings about the resource as a whole point at what names this instance.
      const at = key && index ? key : nameNode;
      const instancePath: PathSegment[] = ['resources', ri, 'instances', ii];
      items.push(object(instance, [entry('address', str(base + index, at)), entry('type', str(type, instance)), entry('mode', str(mode, instance)), { key: 'values', keySpan: attributes, value: attributes }]));
      origins.push({ instance: instancePath, address: at === nameNode ? ['resources', ri, 'name'] : [...instancePath, 'index_key'] });
    });
  });
  const list: Node = { type: 'array', items, start: resources?.start ?? root.start, end: resources?.end ?? root.end };
  const shaped = object(root, [entry('format_version', str('1.0', root)), entry('values', object(root, [entry('root_module', object(root, [entry('resources', list)]))]))]);
  const result = loadTerraformPlan(shaped, file);
  if (result.skipped) result.skipped = 'a Terraform state with no resources';
  const move = (path: PathSegment[]): PathSegment[] => {
    if (path[0] !== 'values' || path[1] !== 'root_module' || path[2] !== 'resources') return path;
    const origin = origins[path[3] as number];
    if (!origin) return path;
    return path[4] === 'values' ? [...origin.instance, 'attributes', ...path.slice(5)] : origin.address;
  };
  for (const p of result.policies) if (p.attachment.declaredAt) p.attachment.declaredAt.path = move(p.attachment.declaredAt.path);
  for (const p of result.principals) for (const arn of p.managedPolicyArns) arn.path = move(arn.path);
  return result;
}

function str(value: string, at: Span): Node {
  return { type: 'string', value, start: at.start, end: at.end };
}

function entry(key: string, value: Node): ObjectEntry {
  return { key, keySpan: { start: value.start, end: value.end }, value };
}

function object(at: Span, entries: ObjectEntry[]): ObjectNode {
  return { type: 'object', entries, start: at.start, end: at.end };
}
