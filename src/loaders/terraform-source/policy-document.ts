import { editDistance } from '../../iam/similar.js';
import type { PolicyDocument } from '../../policy/model.js';
import type { Node, ObjectEntry, ObjectNode, Span } from '../../source/node.js';
import type { ExpressionParser } from './expr.js';
import type { HclAttribute, HclBlock } from './scan.js';

/** `aws_iam_policy_document` attributes and the IAM elements they render as. */
const ELEMENTS: Record<string, string> = {
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
};

/** The nested blocks of a statement and the IAM elements they render as. */
const BLOCK_ELEMENTS: Record<string, string> = { principals: 'Principal', not_principals: 'NotPrincipal', condition: 'Condition' };

/** An argument or block of a statement the provider does not know (`action = [...]`), which Terraform refuses. */
export interface UnknownArgument {
  name: string;
  span: Span;
  /** The argument it was probably meant to be (`actions`), with the IAM element that one renders as. */
  close?: { argument: string; element: string };
  expected: string[];
}

const unknownArguments = new WeakMap<Node, UnknownArgument[]>();

/** What a statement of a policy document wrote that the provider does not know, so it is reported rather than dropped. */
export function unknownArgumentsOf(node: Node): UnknownArgument[] {
  return unknownArguments.get(node) ?? [];
}

function closeArgument(name: string, known: Record<string, string>): UnknownArgument['close'] {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const argument of Object.keys(known)) {
    const d = argument === lower ? 0 : editDistance(lower, argument, 2);
    if (d < bestDistance) [best, bestDistance] = [argument, d];
  }
  // Two letters off is a guess only for names long enough not to be another word.
  if (!best || (bestDistance === 2 && lower.length < 5)) return undefined;
  return { argument: best, element: known[best] as string };
}

/**
 * A `data "aws_iam_policy_document"` block as the JSON policy it renders, each element pointing
 * at what the user wrote: an element's key at its attribute name (`actions`), its values at
 * theirs, a principal's type and a condition's operator and key at their `type`, `test` and
 * `variable` values. What the provider fills in (`Version`, `Effect: Allow`) points at the
 * block that leaves it out.
 */
export function policyDocumentNode(block: HclBlock, parser: ExpressionParser): ObjectNode {
  const root: ObjectNode = { type: 'object', entries: [], start: block.span.start, end: block.span.end };
  const nameSpan = block.labels[1]?.span ?? block.typeSpan;
  const version = attr(block, 'version');
  root.entries.push(version ? entry('Version', version, parser) : synthetic('Version', '2012-10-17', nameSpan));
  const id = attr(block, 'policy_id');
  if (id) root.entries.push(entry('Id', id, parser));
  const statements = blocks(block, 'statement');
  const first = statements[0];
  if (first) {
    const list: Node = { type: 'array', items: statements.map((s) => statement(s, parser)), start: first.span.start, end: (statements.at(-1) as HclBlock).span.end };
    root.entries.push({ key: 'Statement', keySpan: first.typeSpan, value: list });
  }
  return root;
}

/** Statements read from a `dynamic "statement"` block's content: a plan may render none of them. */
const dynamicStatements = new WeakSet<Node>();

export function fromDynamicBlock(node: Node): boolean {
  return dynamicStatements.has(node);
}

function statement(block: HclBlock, parser: ExpressionParser): ObjectNode {
  const node: ObjectNode = { type: 'object', entries: [], start: block.span.start, end: block.span.end };
  if (block.type === 'content') dynamicStatements.add(node);
  const unknown: UnknownArgument[] = [];
  for (const item of block.items) {
    if (item.kind === 'block') {
      if (!BLOCK_ELEMENTS[item.type] && item.type !== 'dynamic') {
        const close = closeArgument(item.type, BLOCK_ELEMENTS);
        unknown.push({ name: item.type, span: item.typeSpan, ...(close && { close }), expected: Object.keys(BLOCK_ELEMENTS) });
      }
      continue;
    }
    const element = ELEMENTS[item.name];
    if (!element) {
      const close = closeArgument(item.name, ELEMENTS);
      unknown.push({ name: item.name, span: item.nameSpan, ...(close && { close }), expected: Object.keys(ELEMENTS) });
      continue;
    }
    const rendered = entry(element, item, parser);
    // The provider leaves an empty sid out of the JSON (`Sid` is omitempty): modules write `sid = ""` for none.
    if (element === 'Sid' && rendered.value.type === 'string' && rendered.value.value === '') continue;
    node.entries.push(rendered);
  }
  if (unknown.length > 0) unknownArguments.set(node, unknown);
  if (!attr(block, 'effect')) node.entries.push(synthetic('Effect', 'Allow', block.typeSpan));
  for (const [type, element] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const found = blocks(block, type);
    const firstBlock = found[0];
    if (firstBlock) node.entries.push({ key: element, keySpan: firstBlock.typeSpan, value: principals(found, parser) });
  }
  const conditions = blocks(block, 'condition');
  const firstCondition = conditions[0];
  if (firstCondition) node.entries.push({ key: 'Condition', keySpan: firstCondition.typeSpan, value: condition(conditions, parser) });
  return node;
}

/** `principals { type = "AWS" identifiers = [...] }` blocks; `type = "*"` with `["*"]` renders as `"Principal": "*"`. */
function principals(found: HclBlock[], parser: ExpressionParser): Node {
  const node: ObjectNode = { type: 'object', entries: [], start: (found[0] as HclBlock).span.start, end: (found.at(-1) as HclBlock).span.end };
  for (const block of found) {
    const type = attr(block, 'type');
    const ids = attr(block, 'identifiers');
    if (!type || !ids) continue;
    const typeNode = value(type, parser);
    const idsNode = value(ids, parser);
    const key = keyText(typeNode);
    if (key === '*' && found.length === 1 && idsNode.type === 'array' && idsNode.items.length === 1 && idsNode.items[0]?.type === 'string' && idsNode.items[0].value === '*') {
      return idsNode.items[0];
    }
    const same = node.entries.find((e) => e.key === key);
    if (same) same.value = concat(same.value, idsNode);
    else node.entries.push({ key, keySpan: span(typeNode), value: idsNode });
  }
  return node;
}

/** `condition { test, variable, values }` blocks, grouped by operator as the provider renders them. */
function condition(found: HclBlock[], parser: ExpressionParser): Node {
  const node: ObjectNode = { type: 'object', entries: [], start: (found[0] as HclBlock).span.start, end: (found.at(-1) as HclBlock).span.end };
  for (const block of found) {
    const test = attr(block, 'test');
    const variable = attr(block, 'variable');
    const values = attr(block, 'values');
    if (!test || !variable || !values) continue;
    const testNode = value(test, parser);
    const variableNode = value(variable, parser);
    const operator = keyText(testNode);
    let op = node.entries.find((e) => e.key === operator);
    if (!op) {
      op = { key: operator, keySpan: span(testNode), value: { type: 'object', entries: [], start: block.span.start, end: block.span.end } };
      node.entries.push(op);
    }
    (op.value as ObjectNode).entries.push({ key: keyText(variableNode), keySpan: span(variableNode), value: value(values, parser) });
  }
  return node;
}

function concat(a: Node, b: Node): Node {
  const items = (n: Node) => (n.type === 'array' ? n.items : [n]);
  return { type: 'array', items: [...items(a), ...items(b)], start: a.start, end: b.end };
}

function keyText(node: Node): string {
  if (node.type === 'string') return node.value as string;
  if (node.type === 'intrinsic' && node.argument.type === 'string') return node.argument.value as string;
  return String((node as { value?: unknown }).value ?? '');
}

function span(node: Node): Span {
  return { start: node.start, end: node.end };
}

function value(item: HclAttribute, parser: ExpressionParser): Node {
  return parser.parse(item.expr.start, item.expr.end);
}

function entry(key: string, item: HclAttribute, parser: ExpressionParser): ObjectEntry {
  return { key, keySpan: item.nameSpan, value: value(item, parser) };
}

function synthetic(key: string, text: string, at: Span): ObjectEntry {
  return { key, keySpan: at, value: { type: 'string', value: text, start: at.start, end: at.end } };
}

function attr(block: HclBlock, name: string): HclAttribute | undefined {
  for (const item of block.items) if (item.kind === 'attribute' && item.name === name) return item;
  return undefined;
}

/**
 * The nested blocks of a type, in the order written. A `dynamic "statement" { for_each = ...
 * content { ... } }` renders its content once per element of a collection only a plan knows: its
 * content is read as one block of that type, so a grant written there is linted, not skipped.
 * References to the iterator (`statement.value.actions`) are placeholders, like any expression.
 */
function blocks(block: HclBlock, type: string): HclBlock[] {
  const out: HclBlock[] = [];
  for (const item of block.items) {
    if (item.kind !== 'block') continue;
    if (item.type === type) out.push(item);
    else if (item.type === 'dynamic' && item.labels[0]?.value === type) {
      const content = item.items.find((i): i is HclBlock => i.kind === 'block' && i.type === 'content');
      if (content) out.push(content);
    }
  }
  return out;
}

/**
 * What a data source's statements say beyond their IAM elements: one from a `dynamic` block exists
 * only for some inputs, and an argument the provider does not know is reported as the model reports
 * an unknown JSON key (`close` names the IAM element, so the statement is not also said to lack it,
 * and the advice names the argument: hcl-advice.ts).
 */
export function annotateStatements(policy: PolicyDocument): void {
  for (const s of policy.statements) {
    if (fromDynamicBlock(s.node)) s.conditional = true;
    for (const u of unknownArgumentsOf(s.node)) {
      const data = { element: u.name, expected: u.close ? `"${u.close.argument}"` : u.expected.map((e) => `"${e}"`).join(', '), ...(u.close && { close: u.close.element }) };
      policy.problems.push({ messageId: 'unknownElement', data, span: u.span, path: [...s.path, u.name] });
    }
  }
}
