import { getEntry, getValue, stringValue, type Node, type Span } from '../source/node.js';

/** One `Metadata.iamlint.ignore` entry of a CloudFormation resource. */
export interface MetadataIgnore {
  /** The resource's logical id. */
  resource: string;
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
  const resources = getValue(root, 'Resources');
  if (resources?.type !== 'object') return { ignores, problems };
  for (const entry of resources.entries) {
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
      ignores.push({ resource: entry.key, range, rule: { id, span: span(idNode) }, ...(reason && { reason }), span: span(item) });
    }
  }
  return { ignores, problems };
}

function span(node: Span): Span {
  return { start: node.start, end: node.end };
}
