import { LONG_NAMES } from '../../parsers/cfn-tags.js';
import type { Node } from '../../source/node.js';

/**
 * Turns the JSON long form of intrinsics (`{"Fn::Sub": "..."}`, `{"Ref": "X"}`) into intrinsic
 * nodes, the shape YAML short tags already have, so the rest of the code sees one form.
 * `Condition` stays an object key unless it names a condition (`{"Condition": "IsProd"}`): inside
 * a policy statement it is the IAM element, whose value is an object.
 */
export function normalizeIntrinsics(node: Node): Node {
  switch (node.type) {
    case 'object': {
      const only = node.entries.length === 1 ? node.entries[0] : undefined;
      if (only && (only.key !== 'Condition' || only.value.type === 'string') && LONG_NAMES.has(only.key)) {
        return { type: 'intrinsic', name: only.key, start: node.start, end: node.end, argument: normalizeIntrinsics(only.value) };
      }
      for (const entry of node.entries) entry.value = normalizeIntrinsics(entry.value);
      return node;
    }
    case 'array':
      node.items = node.items.map(normalizeIntrinsics);
      return node;
    case 'intrinsic':
      node.argument = normalizeIntrinsics(node.argument);
      return node;
    default:
      return node;
  }
}
