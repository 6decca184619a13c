import { describe, expect, it } from 'vitest';
import { buildPolicy } from '../../src/policy/build.js';
import { childPath } from '../../src/policy/values.js';
import { parseJson } from '../../src/parsers/json.js';

describe('childPath', () => {
  it('appends one segment to a copy, leaving the parent as it was', () => {
    const parent = ['Statement', 0, 'Action'];
    const child = childPath(parent, 2);
    expect(child).toEqual(['Statement', 0, 'Action', 2]);
    expect(parent).toEqual(['Statement', 0, 'Action']);
    expect(child).not.toBe(parent);
    expect(childPath([], 'Statement')).toEqual(['Statement']);
  });
});

describe('values of a built policy', () => {
  // The plain-string lists take a shorter road than lists with intrinsics or numbers: both must give the same paths and spans.
  it('gives every plain and mixed list item its path and span', () => {
    const text = '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*", "Condition": {"NumericLessThan": {"s3:max-keys": [10, "20"]}}}]}';
    const doc = buildPolicy(parseJson(text).root!, { name: 'p' });
    const [st] = doc.statements;
    expect(st?.action?.values.map((v) => [v.value, v.path, text.slice(v.span.start, v.span.end)])).toEqual([
      ['s3:GetObject', ['Statement', 0, 'Action', 0], '"s3:GetObject"'],
      ['s3:PutObject', ['Statement', 0, 'Action', 1], '"s3:PutObject"'],
    ]);
    expect(st?.resource?.values.map((v) => [v.value, v.path])).toEqual([['arn:aws:s3:::b/*', ['Statement', 0, 'Resource']]]);
    const values = st?.condition?.operators[0]?.keys[0]?.values ?? [];
    expect(values.map((v) => [v.value, v.path, text.slice(v.span.start, v.span.end)])).toEqual([
      ['10', ['Statement', 0, 'Condition', 'NumericLessThan', 's3:max-keys', 0], '10'],
      ['20', ['Statement', 0, 'Condition', 'NumericLessThan', 's3:max-keys', 1], '"20"'],
    ]);
  });
});
