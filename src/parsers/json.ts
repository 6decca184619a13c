import { parseTree, printParseErrorCode, type Node as JsoncNode, type ParseError } from 'jsonc-parser';
import type { Node } from '../source/node.js';
import { parseStrictJson } from './fast-json.js';
import { DocumentTooComplexError, MAX_DEPTH, type ParseResult } from './parse-result.js';

/**
 * Parses JSON, allowing comments and trailing commas (JSONC), into position-carrying nodes.
 * A UTF-8 byte order mark is blanked, not removed, so offsets still match the file.
 */
export function parseJson(text: string): ParseResult {
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const fast = parseStrictJson(source);
  if (fast) return { root: fast, errors: [] };
  const parseErrors: ParseError[] = [];
  const tree = parseTree(source, parseErrors, { allowTrailingComma: true, disallowComments: false });
  const errors = parseErrors.map((e) => ({
    start: e.offset,
    end: e.offset + Math.max(e.length, 1),
    message: describe(printParseErrorCode(e.error)),
  }));
  if (!tree) {
    if (errors.length === 0) errors.push({ start: 0, end: 0, message: 'The file is empty' });
    return { root: undefined, errors };
  }
  return { root: convert(tree, 0), errors };
}

function describe(code: string): string {
  // jsonc-parser names errors like "CommaExpected"; turn them into words.
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function convert(node: JsoncNode, depth: number): Node {
  if (depth > MAX_DEPTH) throw new DocumentTooComplexError(`Nesting deeper than ${MAX_DEPTH} levels`, node.offset);
  const span = { start: node.offset, end: node.offset + node.length };
  switch (node.type) {
    case 'object':
      return {
        type: 'object',
        ...span,
        entries: (node.children ?? []).flatMap((prop) => {
          const [key, value] = prop.children ?? [];
          if (!key || !value) return [];
          return [
            {
              key: String(key.value),
              keySpan: { start: key.offset, end: key.offset + key.length },
              value: convert(value, depth + 1),
            },
          ];
        }),
      };
    case 'array':
      return { type: 'array', ...span, items: (node.children ?? []).map((c) => convert(c, depth + 1)) };
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return { type: node.type, ...span, value: node.value ?? null };
    default:
      return { type: 'null', ...span, value: null };
  }
}
