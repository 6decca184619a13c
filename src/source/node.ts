/**
 * A parsed document as a tree of nodes with source offsets. JSON, YAML and (later) strings
 * embedded in other files all become this one shape, so the policy model and the rules never
 * care which syntax the user wrote.
 *
 * Offsets are into the text of the file the user wrote (`start` inclusive, `end` exclusive).
 */
export type Node = ObjectNode | ArrayNode | ScalarNode | IntrinsicNode;

export interface Span {
  start: number;
  end: number;
}

export interface ObjectEntry {
  key: string;
  keySpan: Span;
  value: Node;
}

export interface ObjectNode extends Span {
  type: 'object';
  entries: ObjectEntry[];
  /** Some members are a template variable's (`{ ${Condition} }` in a `Fn::Sub`): known only at deploy time. */
  open?: boolean;
}

export interface ArrayNode extends Span {
  type: 'array';
  items: Node[];
  /** Some items are a template variable's (`[ ${Statements} ]` in a `Fn::Sub`): known only at deploy time. */
  open?: boolean;
}

export interface ScalarNode extends Span {
  type: 'string' | 'number' | 'boolean' | 'null';
  value: string | number | boolean | null;
  /** Source text of a plain (unquoted) scalar, so `012345678901` in YAML keeps its leading zero. */
  raw?: string;
}

/**
 * A CloudFormation intrinsic function (`Ref`, `Fn::Sub`, ...), from either the JSON long form
 * or a YAML short-form tag. Its value is not known until deployment.
 */
export interface IntrinsicNode extends Span {
  type: 'intrinsic';
  /** Long name: `Ref`, `Fn::Sub`, `Fn::GetAtt`, `Condition`, ... */
  name: string;
  argument: Node;
}

export function getEntry(node: Node | undefined, key: string): ObjectEntry | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const entry of node.entries) if (entry.key === key) return entry;
  return undefined;
}

export function getValue(node: Node | undefined, key: string): Node | undefined {
  return getEntry(node, key)?.value;
}

export function stringValue(node: Node | undefined): string | undefined {
  return node && node.type === 'string' ? (node.value as string) : undefined;
}
