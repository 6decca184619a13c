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
 * The nodes a value can take. `Fn::If` yields both branches, so both are linted, and a
 * `Ref: AWS::NoValue` branch yields nothing, as CloudFormation drops it.
 */
export function alternatives(node: Node, path: PathSegment[]): Alternative[] {
  if (node.type !== 'intrinsic') return [{ node, path }];
  if (node.name === 'Ref' && node.argument.type === 'string' && node.argument.value === 'AWS::NoValue') return [];
  if (node.name === 'Fn::If' && node.argument.type === 'array' && node.argument.items.length === 3) {
    const base = [...path, 'Fn::If'];
    return node.argument.items.slice(1).flatMap((branch, i) => alternatives(branch, [...base, i + 1]));
  }
  return [{ node, path }];
}

/** Items of a string-or-list element, with `Fn::If` branches spliced in. */
export function listItems(node: Node, path: PathSegment[]): Alternative[] {
  // Depth-first with a stack of its own, not recursion: lists nested a thousand deep (which the
  // parsers accept up to MAX_DEPTH) would otherwise overflow the call stack.
  const out: Alternative[] = [];
  const pending = alternatives(node, path).reverse();
  for (let alt = pending.pop(); alt; alt = pending.pop()) {
    if (alt.node.type !== 'array') {
      out.push(alt);
      continue;
    }
    const children: Alternative[] = [];
    const parent = alt.path;
    alt.node.items.forEach((item, i) => children.push(...alternatives(item, [...parent, i])));
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
  const loc: Located = { value, span: { start: node.start, end: node.end }, path };
  if (node.type === 'intrinsic') loc.intrinsic = node.name;
  return loc;
}
