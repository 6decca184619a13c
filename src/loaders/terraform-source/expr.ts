import type { IntrinsicNode, Node, Span } from '../../source/node.js';
import { expressionEnd, heredocEnd, skipTrivia, stringEnd } from './scan.js';

/**
 * Turns an HCL expression into the node tree the policy model reads, with offsets into the .tf
 * file. Literals become strings, numbers and booleans; object and tuple constructors (as inside
 * `jsonencode(...)`) objects and lists. Anything known only at plan time (a reference, a function
 * call, a string with `${...}`) becomes an intrinsic node whose argument is the pattern it stands
 * for, `${...}` marking the unknown part, as CloudFormation intrinsics are.
 */

/** The pattern an interpolated expression stands for: an ARN shape for `aws_s3_bucket.b.arn`, else `${expr}`. */
export type Resolve = (expression: string) => string;

/** Intrinsic names by the kind of expression, so rules treat them as they treat CloudFormation's. */
const REFERENCE = 'Ref';
const ATTRIBUTE = 'Fn::GetAtt';
const TEMPLATE = 'Fn::Sub';

export function intrinsicPattern(node: IntrinsicNode): string | undefined {
  return node.argument.type === 'string' ? (node.argument.value as string) : undefined;
}

export class ExpressionParser {
  private branches = false;

  constructor(
    private readonly text: string,
    private readonly resolve: Resolve,
  ) {}

  /** The expression spanning [start, end). */
  parse(start: number, end: number): Node {
    const text = this.text;
    const i = skipTrivia(text, start, true);
    const c = text[i];
    let node: Node | undefined;
    let after = i;
    if (c === '{') ({ node, end: after } = this.object(i));
    else if (c === '[') ({ node, end: after } = this.tuple(i));
    else if (c === '"') {
      after = stringEnd(text, i);
      node = this.template(i, after);
    } else if (c === '<' && text[i + 1] === '<') {
      const doc = heredocEnd(text, i);
      after = doc.end;
      node = this.heredoc(doc.body.start, doc.body.end, doc.indented);
    } else {
      const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?![\w.-])/.exec(text.slice(i, Math.min(end, i + 64)));
      if (m) {
        const raw = m[0];
        after = i + raw.length;
        node = raw === 'null'
          ? { type: 'null', value: null, start: i, end: after }
          : raw === 'true' || raw === 'false'
            ? { type: 'boolean', value: raw === 'true', start: i, end: after }
            : { type: 'number', value: Number(raw), raw, start: i, end: after };
      } else {
        const call = /^jsonencode\s*\(/.exec(text.slice(i, i + 32));
        if (call) {
          // The argument may start on the next line (`jsonencode(` then `{`): a line break inside the parentheses ends nothing.
          const argStart = skipTrivia(text, i + call[0].length, true);
          const argEnd = expressionEnd(text, argStart);
          const close = skipTrivia(text, argEnd, true);
          if (text[close] === ')' && skipTrivia(text, close + 1, true) >= end) return this.parse(argStart, argEnd);
        }
      }
    }
    if (node && skipTrivia(text, after, true) >= end) return node;
    if (this.branches) {
      const branches = conditionalBranches(text, i, end);
      if (branches) {
        const question = text.lastIndexOf('?', branches[0].start);
        const condition: Node = { type: 'string', value: text.slice(i, question).trim(), start: i, end: question };
        const items = [condition, this.parse(branches[0].start, branches[0].end), this.parse(branches[1].start, branches[1].end)];
        return { type: 'intrinsic', name: 'Fn::If', start: i, end: branches[1].end, argument: { type: 'array', items, start: i, end: branches[1].end } };
      }
    }
    return this.opaque(i, end);
  }

  /**
   * Parses with each conditional (`cond ? a : b`) read as an `Fn::If` of its branches instead of a
   * placeholder, for policy documents, which policyVariants then renders once per combination.
   */
  withBranches<T>(parse: () => T): T {
    const was = this.branches;
    this.branches = true;
    try {
      return parse();
    } finally {
      this.branches = was;
    }
  }

  /**
   * The element `[for x in xs : {...} if cond]` builds over [start, end), when it is an object
   * written out: every element it renders has that shape, the iterator's values as placeholders.
   */
  forElement(start: number, end: number): Node | undefined {
    const text = this.text;
    const open = skipTrivia(text, start, true);
    if (text[open] !== '[' || !/^for\s/.test(text.slice(skipTrivia(text, open + 1, true), open + 64))) return undefined;
    const colon = topLevel(text, open + 1, end).find((i) => text[i] === ':');
    if (colon === undefined) return undefined;
    const at = skipTrivia(text, colon + 1, true);
    if (text[at] !== '{') return undefined;
    const { node, end: after } = this.object(at);
    const rest = skipTrivia(text, after, true);
    return text[rest] === ']' || /^if\s/.test(text.slice(rest, rest + 3)) ? node : undefined;
  }

  /** A reference, call or operation: its value is known only at plan time. */
  private opaque(start: number, end: number): Node {
    const source = this.text.slice(start, end).trim();
    const isAttribute = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/.test(source) && !/^(var|local|module|data)\./.test(source);
    return intrinsic(isAttribute ? ATTRIBUTE : REFERENCE, this.resolve(source), start, start + source.length);
  }

  private object(open: number): { node: Node; end: number } {
    const text = this.text;
    const node: Node = { type: 'object', entries: [], start: open, end: open + 1 };
    let i = open + 1;
    for (;;) {
      i = skipTrivia(text, i, true);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (i >= text.length || text[i] === '}') break;
      const keyEnd = this.keyEnd(i);
      const keyText = text.slice(i, keyEnd);
      const key = keyText.startsWith('"') ? decodeLiteral(keyText.slice(1, -1)) : keyText.startsWith('(') ? this.computedKey(i, keyEnd) : keyText.trim();
      let j = skipTrivia(text, keyEnd, true);
      if (text[j] !== '=' && text[j] !== ':') break;
      j = skipTrivia(text, j + 1, true);
      const valueEnd = expressionEnd(text, j);
      node.entries.push({ key, keySpan: { start: i, end: keyEnd }, value: this.parse(j, valueEnd) });
      i = valueEnd;
    }
    node.end = text[i] === '}' ? i + 1 : i;
    return { node, end: node.end };
  }

  private keyEnd(i: number): number {
    const text = this.text;
    if (text[i] === '"') return stringEnd(text, i);
    if (text[i] === '(') return closingParen(text, i);
    const m = /^[^\s=:,}]+/.exec(text.slice(i, i + 256));
    return i + (m ? m[0].length : 1);
  }

  /** `(local.key) = ...`: a key known only at plan time, as the pattern it stands for (`${local.key}`). */
  private computedKey(open: number, end: number): string {
    const close = this.text[end - 1] === ')' ? end - 1 : end;
    const inner = this.parse(open + 1, close);
    if (inner.type === 'string') return inner.value as string;
    if (inner.type === 'intrinsic') return intrinsicPattern(inner) ?? this.resolve(this.text.slice(open + 1, close).trim());
    return String((inner as { value?: unknown }).value ?? this.text.slice(open + 1, close).trim());
  }

  private tuple(open: number): { node: Node; end: number } {
    const text = this.text;
    const node: Node = { type: 'array', items: [], start: open, end: open + 1 };
    let i = open + 1;
    for (;;) {
      i = skipTrivia(text, i, true);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (i >= text.length || text[i] === ']' || text[i] === '}' || text[i] === ')') break;
      const itemEnd = expressionEnd(text, i);
      if (itemEnd === i) break;
      node.items.push(this.parse(i, itemEnd));
      i = itemEnd;
    }
    node.end = text[i] === ']' ? i + 1 : i;
    return { node, end: node.end };
  }

  /** A quoted string over [start, end), quotes included. */
  private template(start: number, end: number): Node {
    const inner = this.text.slice(start + 1, this.text[end - 1] === '"' ? end - 1 : end);
    const { value, interpolated } = this.interpolate(inner, true);
    if (!interpolated) return { type: 'string', value, start, end };
    return intrinsic(TEMPLATE, value, start, end);
  }

  private heredoc(start: number, end: number, indented: boolean): Node {
    let body = this.text.slice(start, end);
    if (indented) body = stripIndent(body);
    const { value, interpolated } = this.interpolate(body, false);
    return interpolated ? intrinsic(TEMPLATE, value, start, end) : { type: 'string', value, start, end };
  }

  /** The text of a template with each `${...}` and `%{...}` replaced by the pattern it stands for. */
  interpolate(raw: string, quoted: boolean): { value: string; interpolated: boolean } {
    let out = '';
    let interpolated = false;
    let i = 0;
    while (i < raw.length) {
      const c = raw[i] as string;
      if ((c === '$' || c === '%') && raw[i + 1] === c && raw[i + 2] === '{') {
        out += c + '{';
        i += 3;
      } else if ((c === '$' || c === '%') && raw[i + 1] === '{') {
        const close = templateClose(raw, i + 2);
        const expression = raw.slice(i + 2, close).replace(/^~|~$/g, '').trim();
        out += c === '$' ? this.resolve(expression) : '${' + expression + '}';
        interpolated = true;
        i = close + 1;
      } else if (quoted && c === '\\') {
        const { text, length } = decodeEscape(raw, i);
        out += text;
        i += length;
      } else {
        out += c;
        i++;
      }
    }
    return { value: out, interpolated };
  }
}

/** Offset just past the `)` closing the `(` at `open`, or where the line's expression ends when unclosed. */
function closingParen(text: string, open: number): number {
  let i = open + 1;
  for (;;) {
    i = skipTrivia(text, i, true);
    if (text[i] === ')') return i + 1;
    const next = expressionEnd(text, i);
    if (next === i) return i >= text.length ? i : expressionEnd(text, open);
    i = next;
  }
}

function intrinsic(name: string, pattern: string, start: number, end: number): IntrinsicNode {
  return { type: 'intrinsic', name, start, end, argument: { type: 'string', value: pattern, start, end } };
}

function templateClose(raw: string, i: number): number {
  let depth = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c === '"') {
      const end = stringEnd(raw, i);
      i = end > i ? end : i + 1;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  return raw.length;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function decodeEscape(raw: string, i: number): { text: string; length: number } {
  const next = raw[i + 1] ?? '';
  if (next in ESCAPES) return { text: ESCAPES[next] as string, length: 2 };
  if (next === 'u' || next === 'U') {
    const digits = next === 'u' ? 4 : 8;
    const hex = raw.slice(i + 2, i + 2 + digits);
    if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === digits) return { text: String.fromCodePoint(parseInt(hex, 16)), length: 2 + digits };
  }
  return { text: next, length: 2 };
}

/** A quoted HCL string's backslash escapes undone; its `${...}`, `$${` and `%%{` are left as written. */
export function decodeLiteral(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; ) {
    if (raw[i] === '\\') {
      const { text, length } = decodeEscape(raw, i);
      out += text;
      i += length;
    } else out += raw[i++];
  }
  return out;
}

/** `<<-` strips the smallest indentation of the body's non-blank lines. */
function stripIndent(body: string): string {
  const lines = body.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const least = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(least, /^[ \t]*/.exec(l)?.[0].length ?? 0))).join('\n');
}

/**
 * The offsets of the characters of [start, end) outside brackets, strings, heredocs and
 * comments, where the operators of an expression (`?`, `:`) are.
 */
function topLevel(text: string, start: number, end: number): number[] {
  const out: number[] = [];
  let depth = 0;
  let i = start;
  while (i < end) {
    const c = text[i] as string;
    if (c === '"') i = Math.max(i + 1, stringEnd(text, i));
    else if (c === '<' && text[i + 1] === '<' && /^<<-?[A-Za-z_]/.test(text.slice(i, i + 4))) i = Math.max(i + 2, heredocEnd(text, i).end);
    else if (c === '#' || (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))) i = Math.max(i + 1, skipTrivia(text, i, false));
    else {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      else if (depth === 0) out.push(i);
      i++;
    }
  }
  return out;
}

/** The two branches of `cond ? a : b` over [start, end), or undefined when it is not a conditional. */
export function conditionalBranches(text: string, start: number, end: number): [Span, Span] | undefined {
  let question = -1;
  let nested = 0;
  for (const i of topLevel(text, start, end)) {
    const c = text[i];
    if (c === '?') {
      if (question < 0) question = i;
      else nested++;
    } else if (c === ':' && question >= 0) {
      if (nested > 0) nested--;
      else return [trimmed(text, question + 1, i), trimmed(text, i + 1, end)];
    }
  }
  return undefined;
}

/** The function name and argument spans of a call `name(a, b, ...)` spanning [start, end). */
export function callArguments(text: string, start: number, end: number): { name: string; args: Span[] } | undefined {
  const m = /^([a-z][a-z0-9_]*)\s*\(/.exec(text.slice(start, start + 64));
  if (!m) return undefined;
  const args: Span[] = [];
  let i = start + m[0].length;
  for (;;) {
    i = skipTrivia(text, i, true);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (i >= end || text[i] === ')') break;
    const argEnd = expressionEnd(text, i);
    if (argEnd === i) return undefined;
    args.push({ start: i, end: argEnd });
    i = argEnd;
  }
  // `...` expands a list argument: its items are not known one by one.
  if (text[i] !== ')' || skipTrivia(text, i + 1, true) < end || args.some((a) => text.startsWith('...', a.end - 3))) return undefined;
  return { name: m[1] as string, args };
}

function trimmed(text: string, start: number, end: number): Span {
  const from = skipTrivia(text, start, true);
  let to = end;
  while (to > from && /\s/.test(text[to - 1] as string)) to--;
  return { start: from, end: to };
}
