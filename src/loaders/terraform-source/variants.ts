import type { Node } from '../../source/node.js';
import { branchCombinations, branchPoints, isIf, type BranchChoice } from '../../policy/values.js';

/**
 * The documents a policy with conditionals in it (`Action = var.readonly ? [...] : [...]`, parsed as
 * `Fn::If` nodes by ExpressionParser.withBranches) renders to: one per combination of its
 * conditions (branchCombinations, as for a template's `Fn::If`), each conditional replaced by the
 * branch taken. Undefined when the document has more conditions than are worth multiplying.
 */
export function policyVariants(node: Node): Node[] | undefined {
  if (branchPoints(node).length === 0) return [node];
  const combinations = branchCombinations(node);
  return combinations.every((c) => c !== undefined) ? combinations.map((choice) => substitute(node, choice)) : undefined;
}

/** A copy of the tree with each conditional replaced by the branch chosen; spans stay those written. */
function substitute(node: Node, choice: BranchChoice): Node {
  if (isIf(node)) {
    const items = (node.argument as Node & { type: 'array' }).items;
    return substitute(items[choice.get(node) ?? 1] as Node, choice);
  }
  if (node.type === 'object') return { ...node, entries: node.entries.map((e) => ({ ...e, value: substitute(e.value, choice) })) };
  if (node.type === 'array') return { ...node, items: node.items.map((i) => substitute(i, choice)) };
  return node;
}
