import { describe, expect, it } from 'vitest';
import { byCodeUnit, byText } from '../src/util/compare.js';

describe('byText', () => {
  it.each([
    // A plugin's rule id in capitals sorts among the built-in ones by its letters, as localeCompare put it.
    [['Zeta/flag-action', 'no-passrole-wildcard', 'invalid-arn'], ['invalid-arn', 'no-passrole-wildcard', 'Zeta/flag-action']],
    [['ListRoleTags', 'ListRoles'], ['ListRoles', 'ListRoleTags']],
    [['aoss:CollectionId', 'aoss:collection'], ['aoss:collection', 'aoss:CollectionId']],
    // Names that differ only in case: upper case first, and always the same order.
    [['abc', 'ABC', 'Abc'], ['ABC', 'Abc', 'abc']],
  ])('sorts %j as %j', (input, sorted) => {
    expect([...input].sort(byText)).toEqual(sorted);
  });

  it('differs from code-unit order where capitals are involved, and agrees elsewhere', () => {
    expect(['b', 'A', 'a'].sort(byCodeUnit)).toEqual(['A', 'a', 'b']);
    expect(['b', 'A', 'a'].sort(byText)).toEqual(['A', 'a', 'b']);
    expect(['B', 'a'].sort(byCodeUnit)).toEqual(['B', 'a']);
    expect(['B', 'a'].sort(byText)).toEqual(['a', 'B']);
  });
});
