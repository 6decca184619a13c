import { describe, expect, it } from 'vitest';
import { groupDigits } from '../src/util/numbers.js';

describe('groupDigits', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [22091, '22,091'],
    [1234567, '1,234,567'],
    [1.5, '1.5'],
  ])('%d -> %s', (n, text) => expect(groupDigits(n)).toBe(text));
});
