import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node as JsoncNode, type ParseError } from 'jsonc-parser';
import type { Node } from '../source/node.js';
import { parseStrictJson } from './fast-json.js';
import { DocumentTooComplexError, MAX_DEPTH, type ParseResult } from './parse-result.js';

/**
 * Parses JSON, allowing comments and trailing commas (JSONC), into position-carrying nodes.
 * A UTF-8 byte order mark is blanked, not removed, so offsets still match the file.
 */
export function parseJson(text: string): ParseResult {
  return parseChecked(text).result;
}

/**
 * A policy passed to AWS as a string (a Terraform `policy` attribute, a CloudFormation property given
 * a JSON string): IAM reads it as strict JSON, so a comment or a trailing comma, which a policy file
 * may hold, is an error here, at its place.
 */
export function parseAwsJson(text: string): ParseResult {
  const { result, strict } = parseChecked(text);
  if (strict || !result.root) return result;
  const addition = firstJsoncAddition(withoutBom(text));
  return addition ? { root: undefined, errors: [addition] } : result;
}

/** The parse, and whether the strict parser took the text (else only JSON with comments does, if anything). */
function parseChecked(text: string): { result: ParseResult; strict: boolean } {
  try {
    return parse(text);
  } catch (error) {
    // Too deep to turn into nodes: a syntax problem like any other, also for JSON embedded in a
    // template string, which does not go through parseFile's guard.
    if (error instanceof DocumentTooComplexError) return { result: { root: undefined, errors: [{ start: error.offset, end: error.offset + 1, message: error.message }] }, strict: false };
    throw error;
  }
}

/** A UTF-8 byte order mark blanked, not removed, so offsets still match the file. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
}

/** The first comment or trailing comma in text that parses as JSON with comments. */
function firstJsoncAddition(text: string): ParseResult['errors'][number] | undefined {
  const scanner = createScanner(text, false);
  let comma: number | undefined;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    const at = scanner.getTokenOffset();
    if (token === SyntaxKind.LineCommentTrivia || token === SyntaxKind.BlockCommentTrivia) {
      return { start: at, end: at + scanner.getTokenLength(), message: "A comment, which IAM's JSON does not allow in a policy", strictJson: true };
    }
    if (token === SyntaxKind.Trivia || token === SyntaxKind.LineBreakTrivia) continue;
    if ((token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) && comma !== undefined) {
      return { start: comma, end: comma + 1, message: `A comma before '${text.charAt(at)}', which IAM's JSON does not allow in a policy`, strictJson: true };
    }
    comma = token === SyntaxKind.CommaToken ? at : undefined;
  }
  return undefined;
}

function parse(text: string): { result: ParseResult; strict: boolean } {
  const source = withoutBom(text);
  const fast = parseStrictJson(source);
  if (fast) return { result: { root: fast, errors: [] }, strict: true };
  checkDepth(source);
  const parseErrors: ParseError[] = [];
  const tree = parseTree(source, parseErrors, { allowTrailingComma: true, disallowComments: false });
  const contentEnd = source.trimEnd().length;
  const errors = parseErrors.map((e) => {
    // An error at the end of the file (a missing `}`) points just after the last character
    // written, not at the empty line past a trailing newline.
    if (e.offset >= contentEnd) return { start: contentEnd, end: contentEnd, message: `${describe(e, source)} before the end of the file` };
    return { start: e.offset, end: e.offset + Math.max(e.length, 1), message: describe(e, source) };
  });
  // Only the first error, and no tree: later errors echo the first, and a tree recovered from
  // broken text would give rules findings about things nobody wrote. (loadSource does the same
  // for YAML; this also covers policies embedded as strings in templates.)
  const first = errors[0];
  if (first) return { result: { root: undefined, errors: [first] }, strict: false };
  if (!tree) return { result: { root: undefined, errors: [{ start: 0, end: 0, message: 'The file is empty' }] }, strict: false };
  return { result: { root: convert(tree, 0), errors: [] }, strict: false };
}

/**
 * jsonc-parser recurses once per level and overflows the stack a little past 2,000 levels; a
 * token scan (iterative) finds the level first, so the error has its place in the file.
 */
function checkDepth(text: string): void {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      // The same count as the strict parser and convert(): the outermost value is level 0.
      if (++depth > MAX_DEPTH + 1) throw new DocumentTooComplexError(`Nesting deeper than ${MAX_DEPTH} levels`, scanner.getTokenOffset());
    } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) depth--;
  }
}

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected {{text}}',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value',
  ColonExpected: "Expected ':' after the property name",
  CommaExpected: "Expected ',' before this",
  CloseBraceExpected: "Expected '}' to close the object",
  CloseBracketExpected: "Expected ']' to close the list",
  EndOfFileExpected: 'Unexpected text after the end of the document (two documents in one file?)',
  InvalidCommentToken: 'Invalid comment',
  UnexpectedEndOfComment: 'Unterminated /* comment',
  UnexpectedEndOfString: 'Unterminated string',
  UnexpectedEndOfNumber: 'Unterminated number',
  InvalidUnicode: 'Invalid \\u escape in a string',
  InvalidEscapeCharacter: 'Invalid escape in a string',
  InvalidCharacter: 'Invalid character in a string (control characters must be escaped)',
};

function describe(error: ParseError, text: string): string {
  const code = printParseErrorCode(error.error);
  const at = text.charAt(error.offset);
  if (code === 'CommaExpected' && (at === '}' || at === ']')) return `Unexpected '${at}': the brackets do not match`;
  // A name read as a list item, then its colon: the list was not closed (`"Action": ["s3:GetObject",
  // "Resource": "*"}`) or an object not opened (`"Statement": [ "Condition": {...`, an IAM guide example).
  if (code === 'CommaExpected' && at === ':' && innermostOpen(text, error.offset) === '[') return "Unexpected ':' inside a list: a name where a list item should be";
  const template = MESSAGES[code];
  if (template) return template.replace('{{text}}', JSON.stringify(text.slice(error.offset, error.offset + Math.max(error.length, 1))));
  // Codes added by later jsonc-parser versions: "SomeError" becomes "Some error".
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The bracket of the innermost list or object still open at the offset. */
function innermostOpen(text: string, offset: number): '{' | '[' | undefined {
  const scanner = createScanner(text, true);
  const open: ('{' | '[')[] = [];
  for (let token = scanner.scan(); token !== SyntaxKind.EOF && scanner.getTokenOffset() < offset; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken) open.push('{');
    else if (token === SyntaxKind.OpenBracketToken) open.push('[');
    else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) open.pop();
  }
  return open.at(-1);
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
