/** parseJson: nodes with the offsets of the text, the same tree from the strict fast path and the tolerant one. */
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../src/parsers/json.js';
import { parseStrictJson } from '../../src/parsers/fast-json.js';
import type { Node } from '../../src/source/node.js';

/** The tree as plain data: type, the source text of each span, and values. */
function shape(node: Node, text: string): unknown {
  const src = text.slice(node.start, node.end);
  switch (node.type) {
    case 'object':
      return { src, entries: node.entries.map((e) => [e.key, text.slice(e.keySpan.start, e.keySpan.end), shape(e.value, text)]) };
    case 'array':
      return { src, items: node.items.map((i) => shape(i, text)) };
    case 'intrinsic':
      return { src, name: node.name };
    default:
      return { type: node.type, value: node.value, src };
  }
}

const STRICT = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": "arn:aws:s3:::acme-reports/\\u002a", "Condition": {"NumericLessThan": {"s3:max-keys": 10.5}, "Bool": {"aws:SecureTransport": true}, "Null": {"aws:TokenIssueTime": null}}}]\n}\n';

describe('parseJson', () => {
  it('gives every node and key the span of its source text, decoding escapes in values only', () => {
    const { root, errors } = parseJson(STRICT);
    expect(errors).toEqual([]);
    const st = (shape(root!, STRICT) as { entries: [string, string, { items: unknown[] }][] }).entries[1]![2].items[0];
    expect(st).toMatchObject({
      entries: [
        ['Effect', '"Effect"', { type: 'string', value: 'Allow', src: '"Allow"' }],
        ['Action', '"Action"', { src: '["s3:GetObject", "s3:List*"]', items: [{ value: 's3:GetObject', src: '"s3:GetObject"' }, { value: 's3:List*', src: '"s3:List*"' }] }],
        ['Resource', '"Resource"', { type: 'string', value: 'arn:aws:s3:::acme-reports/*', src: '"arn:aws:s3:::acme-reports/\\u002a"' }],
        ['Condition', '"Condition"', { entries: [
          ['NumericLessThan', '"NumericLessThan"', { entries: [['s3:max-keys', '"s3:max-keys"', { type: 'number', value: 10.5, src: '10.5' }]] }],
          ['Bool', '"Bool"', { entries: [['aws:SecureTransport', '"aws:SecureTransport"', { type: 'boolean', value: true, src: 'true' }]] }],
          ['Null', '"Null"', { entries: [['aws:TokenIssueTime', '"aws:TokenIssueTime"', { type: 'null', value: null, src: 'null' }]] }],
        ] }],
      ],
    });
  });

  it('builds the same tree on the strict fast path and on the tolerant path (a trailing comment forces the latter)', () => {
    const fast = parseStrictJson(STRICT);
    const withComment = `${STRICT}// reviewed\n`;
    expect(parseStrictJson(withComment)).toBeUndefined();
    const tolerant = parseJson(withComment);
    expect(tolerant.errors).toEqual([]);
    expect(shape(tolerant.root!, withComment)).toEqual(shape(fast!, STRICT));
  });

  it('accepts comments and trailing commas (JSONC) with the offsets of the text', () => {
    const text = '{\n  // who may read\n  "Statement": [\n    /* one */ {"Effect": "Allow", "Action": "s3:GetObject",},\n  ],\n}\n';
    const { root, errors } = parseJson(text);
    expect(errors).toEqual([]);
    const st = root!.type === 'object' && root!.entries[0]!.value.type === 'array' ? root!.entries[0]!.value.items[0]! : undefined;
    expect(text.slice(st!.start, st!.end)).toBe('{"Effect": "Allow", "Action": "s3:GetObject",}');
  });

  it('blanks a byte order mark rather than removing it, so offsets stay those of the file', () => {
    const text = '\uFEFF{"Statement": {"Effect": "Allow"}}';
    const { root } = parseJson(text);
    const effect = root!.type === 'object' && root!.entries[0]!.value.type === 'object' ? root!.entries[0]!.value.entries[0]! : undefined;
    expect(text.slice(effect!.keySpan.start, effect!.keySpan.end)).toBe('"Effect"');
    expect(text.slice(effect!.value.start, effect!.value.end)).toBe('"Allow"');
  });

  it('keeps duplicate keys, in order, for the structure rule to report', () => {
    const { root } = parseJson('{"Effect": "Allow", "Effect": "Deny"}');
    expect(root!.type === 'object' && root!.entries.map((e) => e.value.type === 'string' && e.value.value)).toEqual(['Allow', 'Deny']);
  });

  it.each([
    ['a missing comma', '{"Effect": "Allow" "Action": "s3:GetObject"}', 19, "Expected ',' before this"],
    ['an unterminated object', '{"Effect": "Allow"\n', 18, "Expected '}' to close the object before the end of the file"],
    ['a single-quoted string', "{'Effect': 'Allow'}", 1, 'Unexpected "\'Effect\'"'],
  ])('reports %s once, at its offset, and gives no tree', (_label, text, offset, message) => {
    const { root, errors } = parseJson(text);
    expect(root).toBeUndefined();
    expect(errors.map((e) => [e.start, e.message])).toEqual([[offset, message]]);
  });

  it('turns nesting deeper than 2,000 levels into a syntax error, not a stack overflow', () => {
    const text = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const { root, errors } = parseJson(text);
    expect(root).toBeUndefined();
    expect(errors.map((e) => [e.start, e.message])).toEqual([[2001, 'Nesting deeper than 2000 levels']]);
  });
});
