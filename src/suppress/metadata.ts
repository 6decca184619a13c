import { resourceEntries } from '../loaders/cloudformation/resources.js';
import { getEntry, getValue, stringValue, type Node, type ObjectEntry, type ObjectNode, type Span } from '../source/node.js';
import { formatPath } from '../source/path.js';
import type { PathSegment } from '../types.js';

/** One `Metadata.iamlint.ignore` entry of a CloudFormation resource. */
export interface MetadataIgnore {
  /** The resource's logical id. */
  resource: string;
  /** The resource's place in the file (`Resources.Queue`, `resources.Resources.Queue`): the locations of its policies start with it. */
  location: string;
  /** The resource from its logical id to the end of its body: findings inside are its own. */
  range: Span;
  rule: { id: string; span: Span };
  reason?: string;
  /** The entry itself, where problems with it are reported. */
  span: Span;
}

export interface MetadataProblem {
  message: string;
  span: Span;
}

/**
 * Reads `Metadata: {iamlint: {ignore: [...]}}` from every resource of a template, as cfn_nag and
 * Checkov read theirs, so CDK users can set it with `addMetadata`. An entry is a rule id or
 * `{rule, reason}`.
 */
export function readMetadataIgnores(root: Node | undefined): { ignores: MetadataIgnore[]; problems: MetadataProblem[] } {
  const ignores: MetadataIgnore[] = [];
  const problems: MetadataProblem[] = [];
  for (const { entry, path } of templateResources(root)) {
    const config = getEntry(getValue(entry.value, 'Metadata'), 'iamlint');
    if (!config) continue;
    const range = { start: entry.keySpan.start, end: entry.value.end };
    const list = getEntry(config.value, 'ignore');
    if (!list || list.value.type !== 'array') {
      problems.push({ message: `Metadata.iamlint of ${entry.key} needs an "ignore" list of rule ids or {rule, reason} entries`, span: list ? span(list.value) : config.keySpan });
      continue;
    }
    for (const item of list.value.items) {
      const id = stringValue(item) ?? stringValue(getValue(item, 'rule'));
      const idNode = item.type === 'string' ? item : getValue(item, 'rule');
      if (id === undefined || !idNode) {
        problems.push({ message: `Metadata.iamlint.ignore of ${entry.key}: each entry is a rule id or {rule: <id>, reason: <text>}`, span: span(item) });
        continue;
      }
      const reason = stringValue(getValue(item, 'reason'))?.trim();
      ignores.push({ resource: entry.key, location: formatPath(path), range, rule: { id, span: span(idNode) }, ...(reason && { reason }), span: span(item) });
    }
  }
  return { ignores, problems };
}

/**
 * Every resource of a template, those a `Fn::ForEach` loop writes included, and of a Serverless
 * Framework service's `resources` (an object, or a list of them), with its path.
 */
function templateResources(root: Node | undefined): { entry: ObjectEntry; path: PathSegment[] }[] {
  const out: { entry: ObjectEntry; path: PathSegment[] }[] = [];
  const read = (resources: Node | undefined, at: PathSegment[]) => {
    if (resources?.type !== 'object') return;
    const paths = new Map<ObjectEntry, PathSegment[]>();
    for (const entry of resourceEntries(resources as ObjectNode, at, paths)) out.push({ entry, path: paths.get(entry) ?? [...at, entry.key] });
  };
  read(getValue(root, 'Resources'), ['Resources']);
  const service = getValue(root, 'resources');
  if (service?.type === 'array') service.items.forEach((item, i) => read(getValue(item, 'Resources'), ['resources', i, 'Resources']));
  else read(getValue(service, 'Resources'), ['resources', 'Resources']);
  return out;
}

function span(node: Span): Span {
  return { start: node.start, end: node.end };
}
