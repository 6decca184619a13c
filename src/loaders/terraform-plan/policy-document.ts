import type { IntrinsicNode, Node, ObjectEntry, ObjectNode, Span } from '../../source/node.js';
import { getEntry, getValue, stringValue } from '../../source/node.js';
import { arnShape } from '../terraform-source/resource-types.js';
import type { PlanPolicyAttribute } from './resource-types.js';

/**
 * A `data.aws_iam_policy_document` read at apply time (its `json` unknown because a statement
 * references something the plan creates) as the JSON policy it will render, built from the
 * statement blocks in `planned_values`: each element points at its value in the plan JSON, and a
 * value the plan does not know (`null`) becomes a `${...}` placeholder named from the data
 * source's `configuration` references.
 */
export interface PlanDocumentInput {
  values: Node;
  /** The address node, where what the provider fills in (`Version`, `Effect: Allow`) points. */
  at: Span;
  /** The data source's `configuration` expressions, with the references of unknown values. */
  expressions: Node | undefined;
  /** The pattern an unknown value referencing one thing stands for, e.g. a bucket's ARN shape. */
  placeholder(reference: string): string;
}

const ELEMENTS: [attribute: string, element: string][] = [
  ['sid', 'Sid'],
  ['effect', 'Effect'],
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
];

export function planDocumentNode(input: PlanDocumentInput): ObjectNode | undefined {
  const statements = getValue(input.values, 'statement');
  if (statements?.type !== 'array' || statements.items.length === 0) return undefined;
  const configured = getValue(input.expressions, 'statement');
  // Dynamic blocks make the planned statements differ from the written ones: their references do not line up.
  const written = configured?.type === 'array' && configured.items.length === statements.items.length ? configured.items : undefined;
  const root: ObjectNode = { type: 'object', entries: [], start: input.values.start, end: input.values.end };
  const version = getEntry(input.values, 'version');
  root.entries.push(version && version.value.type === 'string' ? version : synthetic('Version', '2012-10-17', input.at));
  const id = getEntry(input.values, 'policy_id');
  if (id && id.value.type === 'string') root.entries.push({ ...id, key: 'Id' });
  const list: Node = { ...statements, items: statements.items.map((s, i) => statement(s, written?.[i], input)) };
  root.entries.push({ key: 'Statement', keySpan: getEntry(input.values, 'statement')?.keySpan ?? input.at, value: list });
  return root;
}

function statement(node: Node, config: Node | undefined, input: PlanDocumentInput): Node {
  const out: ObjectNode = { type: 'object', entries: [], start: node.start, end: node.end };
  for (const [attribute, element] of ELEMENTS) {
    const e = getEntry(node, attribute);
    const refs = references(getValue(config, attribute));
    // Left out of the planned values, as Terraform leaves a value unknown until apply (a data source
    // read then: `resources = [aws_s3_bucket.b.arn]` of a bucket still to be made), but written with
    // references: unknown, not absent.
    if (!e && refs.length > 0) {
      const at = { start: node.start, end: node.start + 1 };
      out.entries.push({ key: element, keySpan: at, value: known({ type: 'null', value: null, ...at }, refs, input) });
      continue;
    }
    if (!e || (e.value.type === 'null' && refs.length === 0)) continue;
    // The provider leaves an empty sid out of the JSON.
    if (attribute === 'sid' && stringValue(e.value) === '') continue;
    if (e.value.type === 'array' && e.value.items.length === 0) continue;
    out.entries.push({ key: element, keySpan: e.keySpan, value: known(e.value, refs, input) });
  }
  if (!out.entries.some((e) => e.key === 'Effect')) out.entries.push(synthetic('Effect', 'Allow', { start: node.start, end: node.start + 1 }));
  for (const [attribute, element] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const e = getEntry(node, attribute);
    if (e?.value.type === 'array' && e.value.items.length > 0) out.entries.push({ key: element, keySpan: e.keySpan, value: principals(e.value.items, blockList(config, attribute), input) });
  }
  const conditions = getEntry(node, 'condition');
  if (conditions?.value.type === 'array' && conditions.value.items.length > 0) {
    out.entries.push({ key: 'Condition', keySpan: conditions.keySpan, value: condition(conditions.value.items, blockList(config, 'condition'), input) });
  }
  return out;
}

/** `principals` blocks; `type = "*"` with `["*"]` renders as `"Principal": "*"`. */
function principals(blocks: Node[], config: Node[] | undefined, input: PlanDocumentInput): Node {
  const node: ObjectNode = { type: 'object', entries: [], start: (blocks[0] as Node).start, end: (blocks.at(-1) as Node).end };
  const only = blocks.length === 1 ? getValue(blocks[0], 'identifiers') : undefined;
  if (stringValue(getValue(blocks[0], 'type')) === '*' && only?.type === 'array' && only.items.length === 1 && stringValue(only.items[0]) === '*') return only.items[0] as Node;
  blocks.forEach((block, i) => {
    const type = getValue(block, 'type');
    const ids = getValue(block, 'identifiers');
    const key = stringValue(type);
    if (!type || key === undefined || !ids) return;
    const value = known(ids, references(getValue(config?.[i], 'identifiers')), input);
    const same = node.entries.find((e) => e.key === key);
    if (same) same.value = concat(same.value, value);
    else node.entries.push({ key, keySpan: { start: type.start, end: type.end }, value });
  });
  return node;
}

/** `condition` blocks, grouped by operator as the provider renders them. */
function condition(blocks: Node[], config: Node[] | undefined, input: PlanDocumentInput): Node {
  const node: ObjectNode = { type: 'object', entries: [], start: (blocks[0] as Node).start, end: (blocks.at(-1) as Node).end };
  blocks.forEach((block, i) => {
    const test = getValue(block, 'test');
    const variable = getValue(block, 'variable');
    const values = getValue(block, 'values');
    const operator = stringValue(test);
    const key = stringValue(variable);
    if (!test || !variable || !values || operator === undefined || key === undefined) return;
    let op = node.entries.find((e) => e.key === operator);
    if (!op) {
      op = { key: operator, keySpan: { start: test.start, end: test.end }, value: { type: 'object', entries: [], start: block.start, end: block.end } };
      node.entries.push(op);
    }
    const value = known(values, references(getValue(config?.[i], 'values')), input);
    (op.value as ObjectNode).entries.push({ key, keySpan: { start: variable.start, end: variable.end }, value });
  });
  return node;
}

/**
 * The value with each `null` (unknown until apply) as a placeholder. The references name what the
 * whole attribute's expression reads, not which item: one thing read names every unknown item,
 * several leave it open.
 */
function known(value: Node, refs: string[], input: PlanDocumentInput): Node {
  const pattern = refs.length === 1 ? input.placeholder(refs[0] as string) : '${' + (refs.length > 0 ? refs.join(' | ') : 'unknown') + '}';
  const unknown = (n: Node, text: string): Node => ({ type: 'intrinsic', name: 'Fn::Sub', start: n.start, end: n.end, argument: { type: 'string', value: text, start: n.start, end: n.end } });
  if (value.type === 'null') return unknown(value, pattern);
  if (value.type !== 'array') return value;
  // Several unknown items may differ (`[b.arn, "${b.arn}/*"]`): numbered, they are not one value listed twice.
  const count = value.items.filter((i) => i.type === 'null').length;
  let n = 0;
  return { ...value, items: value.items.map((i) => (i.type === 'null' ? unknown(i, count > 1 ? pattern.replace(/\}$/, ` #${++n}}`) : pattern) : i)) };
}

/**
 * The references of an expression, without the objects the attribute references are listed with
 * (`aws_s3_bucket.b.arn` comes with `aws_s3_bucket.b`, and `aws_s3_bucket.b[0].arn` with
 * `aws_s3_bucket.b[0]` and `aws_s3_bucket.b`) and without repeats.
 */
export function references(expression: Node | undefined): string[] {
  const refs = getValue(expression, 'references');
  const all = refs?.type === 'array' ? refs.items.map(stringValue).filter((r): r is string => r !== undefined) : [];
  const distinct = [...new Set(all)];
  return distinct.filter((r) => !distinct.some((o) => o !== r && (o.startsWith(`${r}.`) || o.startsWith(`${r}[`))));
}

function blockList(config: Node | undefined, attribute: string): Node[] | undefined {
  const v = getValue(config, attribute);
  return v?.type === 'array' ? v.items : undefined;
}

function concat(a: Node, b: Node): Node {
  const items = (n: Node) => (n.type === 'array' ? n.items : [n]);
  return { type: 'array', items: [...items(a), ...items(b)], start: a.start, end: b.end };
}

function synthetic(key: string, text: string, at: Span): ObjectEntry {
  return { key, keySpan: at, value: { type: 'string', value: text, start: at.start, end: at.end } };
}

/**
 * What an unknown value that reads `<type>.<name>.arn` stands for: the resource's ARN shape (with
 * its planned name) followed by an open part, since the plan does not say whether the reference
 * was the whole value or part of a template (`"${aws_s3_bucket.b.arn}/*"`); anything else is a
 * placeholder that matches any value.
 */
export function referencePlaceholder(reference: string, valuesOf: (address: string) => Node | undefined): string {
  const m = /^([a-z][a-z0-9_]*)\.([\w-]+)(?:\[[^\]]*\])?\.arn$/.exec(reference);
  if (m) {
    const address = `${m[1]}.${m[2]}`;
    const shape = arnShape(m[1] as string, address, (attribute) => stringValue(getValue(valuesOf(address), attribute)));
    // After a letter or digit the open part may hold a `/` (arn-pattern.ts): the bucket or its objects.
    if (shape && /[A-Za-z0-9]$/.test(shape)) return shape + '${...}';
  }
  return '${' + reference + '}';
}

export function planIntrinsicPattern(node: IntrinsicNode): string | undefined {
  return node.argument.type === 'string' ? (node.argument.value as string) : undefined;
}

/** Whether a policy attribute spec applies to a resource with these values (`aws_organizations_policy` by its `type`). */
export function specApplies(spec: PlanPolicyAttribute, values: Node): boolean {
  if (!spec.when) return true;
  const v = stringValue(getValue(values, spec.when.attribute));
  return v === undefined ? spec.when.orMissing === true : v === spec.when.equals;
}
