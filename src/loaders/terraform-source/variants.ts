import type { Node } from '../../source/node.js';

/** Beyond this many distinct conditions in one document, it is read with its conditionals as placeholders. */
const MAX_CONDITIONS = 4;

/**
 * The documents a policy with conditionals in it (`Action = var.readonly ? [...] : [...]`, parsed as
 * `Fn::If` nodes by ExpressionParser.withBranches) renders to: one per combination of its
 * conditions, each conditional replaced by the branch taken, as a CloudFormation template's `Fn::If`
 * branches are. The same condition written twice takes the same branch in a combination.
 * Undefined when the document has more conditions than are worth multiplying.
 */
export function policyVariants(node: Node): Node[] | undefined {
  const conditions = new Set<string>();
  collect(node, conditions);
  if (conditions.size === 0) return [node];
  if (conditions.size > MAX_CONDITIONS) return undefined;
  const names = [...conditions];
  return Array.from({ length: 2 ** names.length }, (_, combo) => substitute(node, (c) => ((combo >> names.indexOf(c)) & 1) === 0));
}

/** A conditional ExpressionParser made: its condition's text and its two branches. */
export function conditional(node: Node): { condition: string; whenTrue: Node; whenFalse: Node } | undefined {
  if (node.type !== 'intrinsic' || node.name !== 'Fn::If' || node.argument.type !== 'array') return undefined;
  const [condition, whenTrue, whenFalse] = node.argument.items;
  return condition?.type === 'string' && whenTrue && whenFalse ? { condition: condition.value as string, whenTrue, whenFalse } : undefined;
}

function collect(node: Node, out: Set<string>): void {
  const branch = conditional(node);
  if (branch) {
    out.add(branch.condition);
    collect(branch.whenTrue, out);
    collect(branch.whenFalse, out);
  } else if (node.type === 'object') for (const e of node.entries) collect(e.value, out);
  else if (node.type === 'array') for (const i of node.items) collect(i, out);
}

/** A copy of the tree with each conditional replaced by the branch `holds` picks; spans stay those written. */
function substitute(node: Node, holds: (condition: string) => boolean): Node {
  const branch = conditional(node);
  if (branch) return substitute(holds(branch.condition) ? branch.whenTrue : branch.whenFalse, holds);
  if (node.type === 'object') return { ...node, entries: node.entries.map((e) => ({ ...e, value: substitute(e.value, holds) })) };
  if (node.type === 'array') return { ...node, items: node.items.map((i) => substitute(i, holds)) };
  return node;
}
