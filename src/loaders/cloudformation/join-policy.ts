import { parseJson } from '../../parsers/json.js';
import { stringValue, type IntrinsicNode, type Node, type ObjectNode } from '../../source/node.js';
import type { SourceFile } from '../../source/source-file.js';
import { offsetMap, parseMapped, parseTemplateJsonMapped } from '../embedded.js';

/**
 * A policy written as an `Fn::Join` of JSON text and intrinsics, the way the CDK renders a policy
 * property that takes a string (`AWS::Logs::ResourcePolicy`):
 * `{"Fn::Join": ["", ["{\"Statement\":[{\"Resource\":\"", {"Fn::GetAtt": ["Logs", "Arn"]}, "\"}]}"]]}`.
 *
 * The pieces are read as one JSON text in which each intrinsic is a `${...}` variable, so the
 * policy is parsed and linted like an `Fn::Sub` template: a string holding a variable becomes an
 * `Fn::Sub` whose variable is the intrinsic itself, and takes its ARN shape. Every character keeps
 * its place in the file: a piece's in its string, a variable's at its intrinsic.
 * Undefined when the pieces do not make a JSON object.
 */
export function joinedPolicy(node: IntrinsicNode, file: SourceFile): { root: Node; vars: ObjectNode } | undefined {
  const joined = joinedText(node, file);
  if (!joined || !joined.text.trimStart().startsWith('{')) return undefined;
  const { text, move, vars } = joined;
  const parsed = parseMapped(parseJson, text, move);
  // As for an Fn::Sub template, text that is JSON only once deployed is passed over, not reported.
  const root = parsed.root && parsed.errors.length === 0 ? parsed.root : parseTemplateJsonMapped(text, move)?.root;
  return root ? { root, vars } : undefined;
}

/**
 * The text an `Fn::Join` makes, each intrinsic in it a `${Fn::Join.<index>}` variable (`vars` holds
 * them by that name), and `move`: a character of the text → its offset in the file.
 */
export function joinedText(node: IntrinsicNode, file: SourceFile): { text: string; move: (offset: number) => number; vars: ObjectNode } | undefined {
  const arg = node.argument;
  if (arg.type !== 'array') return undefined;
  const [delimNode, list] = arg.items;
  const delim = stringValue(delimNode);
  if (delim === undefined || !delimNode || list?.type !== 'array') return undefined;
  let text = '';
  const positions: number[] = [];
  const vars: ObjectNode = { type: 'object', start: list.start, end: list.end, entries: [] };
  const append = (piece: string, at: (i: number) => number) => {
    for (let i = 0; i < piece.length; i++) positions.push(at(i));
    text += piece;
  };
  list.items.forEach((item, index) => {
    if (index > 0) append(delim, offsetMap(delim, delimNode, file));
    if (item.type === 'string') append(item.value as string, offsetMap(item.value as string, item, file));
    else {
      const key = `Fn::Join.${index}`;
      vars.entries.push({ key, keySpan: { start: item.start, end: item.end }, value: item });
      append(`\${${key}}`, () => item.start);
    }
  });
  positions.push(list.items.length > 0 ? (list.items[list.items.length - 1] as Node).end : list.end);
  const move = (offset: number) => positions[Math.min(offset, text.length)] as number;
  return { text, move, vars };
}
