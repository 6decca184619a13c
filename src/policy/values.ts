import type { IntrinsicNode, Node } from '../source/node.js';
import type { PathSegment } from '../types.js';
import type { Located } from './model.js';

/** Turns an intrinsic used where a string belongs into a pattern with `${...}` for unknown parts. */
export type IntrinsicPattern = (node: IntrinsicNode) => string | undefined;

export interface Alternative {
  node: Node;
  path: PathSegment[];
}

/**
 * Which branch each `Fn::If` takes (1 or 2), when a policy is built once per combination of
 * branches; an `Fn::If` not in the map yields both.
 */
export type BranchChoice = ReadonlyMap<Node, 1 | 2>;

/**
 * `[...path, segment]`, made at its exact size: a spread array is made with room to grow, 230
 * bytes for a path of five against 86. A document keeps a path for every value, so on the AWS
 * managed policies spreads made a third of what the scavenger had to copy.
 */
export function childPath(path: readonly PathSegment[], segment: PathSegment): PathSegment[] {
  const n = path.length;
  const out = new Array<PathSegment>(n + 1);
  for (let i = 0; i < n; i++) out[i] = path[i] as PathSegment;
  out[n] = segment;
  return out;
}

/**
 * The nodes a value can take. `Fn::If` yields the chosen branch, or both, and a
 * `Ref: AWS::NoValue` branch yields nothing, as CloudFormation drops it.
 */
export function alternatives(node: Node, path: PathSegment[], choice?: BranchChoice): Alternative[] {
  if (node.type !== 'intrinsic') return [{ node, path }];
  if (node.name === 'Ref' && node.argument.type === 'string' && node.argument.value === 'AWS::NoValue') return [];
  if (isIf(node)) {
    const base = childPath(path, 'Fn::If');
    const chosen = choice?.get(node);
    const items = (node.argument as Node & { type: 'array' }).items;
    const branches = chosen ? [chosen] : ([1, 2] as const);
    return branches.flatMap((i) => alternatives(items[i] as Node, childPath(base, i), choice));
  }
  return [{ node, path }];
}

/**
 * Whether a value of a list comes from an `Fn::If` inside that list, so it is there in some
 * deployed versions of the policy only. Dropping it, or dropping another entry because of it,
 * changes what some version allows: a fix must not.
 */
export function branchedWithin(list: { path: readonly PathSegment[] }, value: Located): boolean {
  return value.path.indexOf('Fn::If', list.path.length) >= 0;
}

export function isIf(node: Node): node is IntrinsicNode {
  return node.type === 'intrinsic' && node.name === 'Fn::If' && node.argument.type === 'array' && node.argument.items.length === 3;
}

/**
 * Every `Fn::If` that picks between parts of a document (not those inside other intrinsics,
 * which only feed a string), in document order.
 */
export function branchPoints(root: Node): IntrinsicNode[] {
  const out: IntrinsicNode[] = [];
  const pending: Node[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (isIf(node)) {
      out.push(node);
      const items = (node.argument as Node & { type: 'array' }).items;
      pending.push(items[2] as Node, items[1] as Node);
    } else if (node.type === 'object') for (let i = node.entries.length - 1; i >= 0; i--) pending.push((node.entries[i] as { value: Node }).value);
    else if (node.type === 'array') for (let i = node.items.length - 1; i >= 0; i--) pending.push(node.items[i] as Node);
  }
  return out;
}

/** Beyond this many conditions in one document's `Fn::If`s, its branches are merged rather than multiplied. */
const MAX_BRANCH_POINTS = 4;

/**
 * One build per combination of `Fn::If` branches, so each deployable version of the policy is
 * linted as it would be deployed (a Terraform conditional is parsed as one too) (a Resource list that is a bucket in one branch and its
 * objects in the other is two policies, not one with both). The engine drops repeated findings.
 */
export function branchCombinations(node: Node): (BranchChoice | undefined)[] {
  const points = branchPoints(node);
  if (points.length === 0) return [undefined];
  // A condition holds or not for the whole stack: every Fn::If naming it takes the same branch, so
  // the combinations are over condition names, not Fn::If nodes.
  const names = [...new Set(points.map(conditionName))];
  if (names.length > MAX_BRANCH_POINTS) return [undefined];
  return Array.from({ length: 2 ** names.length }, (_, combo) =>
    new Map(points.map((p) => [p as Node, ((combo >> names.indexOf(conditionName(p))) & 1) === 0 ? 1 : 2] as const)),
  );
}

/** The condition an Fn::If names; one it does not name plainly stands on its own. */
function conditionName(point: Node): string | object {
  const first = point.type === 'intrinsic' && point.argument.type === 'array' ? point.argument.items[0] : undefined;
  return first?.type === 'string' ? (first.value as string) : point;
}

/** Items of a string-or-list element, with `Fn::If` branches spliced in. */
export function listItems(node: Node, path: PathSegment[], choice?: BranchChoice): Alternative[] {
  // Depth-first with a stack of its own, not recursion: lists nested a thousand deep (which the
  // parsers accept up to MAX_DEPTH) would otherwise overflow the call stack.
  // The usual list of plain strings, without the general walk's temporary lists.
  if (node.type === 'array' && node.items.every((item) => item.type !== 'intrinsic' && item.type !== 'array')) {
    const items = node.items;
    const simple = new Array<Alternative>(items.length);
    for (let i = 0; i < items.length; i++) simple[i] = { node: items[i] as Node, path: childPath(path, i) };
    return simple;
  }
  const out: Alternative[] = [];
  const pending = alternatives(node, path, choice).reverse();
  for (let alt = pending.pop(); alt; alt = pending.pop()) {
    if (alt.node.type !== 'array') {
      out.push(alt);
      continue;
    }
    const children: Alternative[] = [];
    const parent = alt.path;
    alt.node.items.forEach((item, i) => children.push(...alternatives(item, childPath(parent, i), choice)));
    for (let j = children.length - 1; j >= 0; j--) pending.push(children[j] as Alternative);
  }
  return out;
}

/** The string a scalar node stands for, or undefined when it is no scalar. */
export function scalarText(node: Node, intrinsicPattern: IntrinsicPattern | undefined): Located['value'] | undefined {
  switch (node.type) {
    case 'string':
      return node.value as string;
    case 'number':
    case 'boolean':
      return node.raw ?? String(node.value);
    case 'intrinsic':
      return intrinsicPattern?.(node) ?? '${' + node.name + '}';
    default:
      return undefined;
  }
}

export function located(node: Node, path: PathSegment[], value: string): Located {
  // One shape for plain and intrinsic values alike.
  return { value, span: { start: node.start, end: node.end }, path, intrinsic: node.type === 'intrinsic' ? node.name : undefined };
}
