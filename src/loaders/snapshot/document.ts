/** Reading the policy documents of AWS IAM API output, shared by the account snapshot and single-command outputs. */
import { buildPolicy } from '../../policy/build.js';
import type { Attachment, PolicyDocument } from '../../policy/model.js';
import { parseJson } from '../../parsers/json.js';
import type { ParseResult } from '../../parsers/parse-result.js';
import type { Node, Span } from '../../source/node.js';
import type { SourceFile } from '../../source/source-file.js';
import { formatPath } from '../../source/path.js';
import type { PathSegment, PolicyKind } from '../../types.js';
import { parseEmbeddedJson } from '../embedded.js';
import type { LoadResult } from '../load-result.js';

export type AddPolicy = (doc: Node | undefined, path: PathSegment[], kind: PolicyKind, name: string, attachment: Attachment) => PolicyDocument | undefined;

/** Builds the document at `path` into `out`, its syntax errors too; undefined when it is missing or not an object. */
export function policyAdder(file: SourceFile, out: LoadResult): AddPolicy {
  return (doc, path, kind, name, attachment) => {
    if (!doc) return undefined;
    const parsed = parseDocument(doc, file);
    const inString = formatPath(path);
    out.syntaxErrors.push(...parsed.errors.map((e) => ({ ...e, inString })));
    if (parsed.root?.type !== 'object') return undefined;
    const policy = buildPolicy(parsed.root, { name, location: formatPath(path), kind, attachment });
    out.policies.push(policy);
    return policy;
  };
}

/**
 * A document is an object (the AWS CLI decodes it), a JSON string, or, as the API returns it, a
 * URL-encoded JSON string. Offsets inside an encoded string cannot be mapped character by
 * character, so its whole tree points at the string.
 */
export function parseDocument(node: Node, file: SourceFile): ParseResult {
  if (node.type !== 'string') return { root: node, errors: [] };
  const text = node.value as string;
  if (text.trimStart().startsWith('{')) return parseEmbeddedJson(text, node, file);
  let parsed: ParseResult;
  try {
    parsed = parseJson(decodeURIComponent(text));
    // Form encoding (Java's URLEncoder, some export tools) writes a space as "+": where the document
    // reads only so, it is one. A "+" of the text itself is "%2B" in either encoding.
    if (parsed.errors.length > 0 && text.includes('+')) {
      const form = parseJson(decodeURIComponent(text.replaceAll('+', '%20')));
      if (form.errors.length === 0) parsed = form;
    }
  } catch {
    return { root: undefined, errors: [{ start: node.start, end: node.end, message: 'it is neither JSON nor URL-encoded JSON' }] };
  }
  const span = { start: node.start, end: node.end };
  if (parsed.root) pin(parsed.root, span);
  return { root: parsed.root, errors: parsed.errors.map((e) => ({ ...e, ...span, message: `${e.message} (in the URL-encoded policy document)` })) };
}

function pin(node: Node, span: Span): void {
  node.start = span.start;
  node.end = span.end;
  if (node.type === 'object') {
    for (const e of node.entries) {
      e.keySpan = { ...span };
      pin(e.value, span);
    }
  } else if (node.type === 'array') for (const i of node.items) pin(i, span);
}

export function isTrue(node: Node | undefined): boolean {
  return node?.type === 'boolean' && node.value === true;
}

export function spanOf(node: Node): Span {
  return { start: node.start, end: node.end };
}

/** The account id of an IAM ARN (`arn:aws:iam::111122223333:role/x`), if it has one. */
export function accountOfArn(arn: string | undefined): string | undefined {
  return arn ? /^arn:aws[\w-]*:iam::(\d{12}):/.exec(arn)?.[1] : undefined;
}
