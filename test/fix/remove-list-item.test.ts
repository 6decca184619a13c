import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/fix/apply-edits.js';
import { removeListItem } from '../../src/fix/remove-list-item.js';
import { parseJson } from '../../src/parsers/json.js';
import { parseYaml } from '../../src/parsers/yaml.js';
import type { ArrayNode, Node } from '../../src/source/node.js';

/** The first array in the parsed text, and the text with entry `index` removed (or undefined). */
function remove(text: string, index: number, yaml = false): string | undefined {
  const root = (yaml ? parseYaml(text) : parseJson(text)).root as Node;
  const list = findArray(root) as ArrayNode;
  const item = list.items[index] as Node & { value: string };
  const edit = removeListItem(text, list, item, String(item.value));
  return edit && applyEdits(text, [edit]).text;
}

function findArray(node: Node): ArrayNode | undefined {
  if (node.type === 'array') return node;
  if (node.type === 'object') for (const e of node.entries) {
    const found = findArray(e.value);
    if (found) return found;
  }
  return undefined;
}

describe('removeListItem', () => {
  it.each([
    ['an entry on its own line, with the line', '{"A": [\n  "x",\n  "y",\n  "z"\n]}', 1, '{"A": [\n  "x",\n  "z"\n]}'],
    ['the last entry, with the comma before it', '{"A": [\n  "x",\n  "y"\n]}', 1, '{"A": [\n  "x"\n]}'],
    ['the first entry of a one-line list', '{"A": ["x", "y"]}', 0, '{"A": ["y"]}'],
    ['the last entry of a one-line list', '{"A": ["x", "y"]}', 1, '{"A": ["x"]}'],
    ['an entry whose line ends in a comment, keeping the comment', '{"A": [\n  "x", // why\n  "y"\n]}', 0, '{"A": [\n  // why\n  "y"\n]}'],
    // The bracket after the entry must not land in the comment: `["x" // keep]` would not parse.
    ['the last entry after a line comment, keeping the comment\'s line break', '{"A": ["x", // keep\n       "x"]}', 1, '{"A": ["x" // keep\n       ]}'],
    ['an entry followed by a block comment holding a comma, with its comma', '{"A": ["x", "x" /* dup, oops */, "y"]}', 1, '{"A": ["x", "y"]}'],
    ['the last entry after a block comment holding a comma', '{"A": ["x" /* read, get */, "x"]}', 1, '{"A": ["x" /* read, get */]}'],
  ])('removes %s in JSON', (_, text, index, expected) => {
    const out = remove(text, index);
    expect(out).toBe(expected);
    expect(parseJson(out as string).errors).toEqual([]);
  });

  it.each([
    ['a block entry with its line', 'A:\n  - x\n  - y # note\n  - z\n', 1, 'A:\n  - x\n  - z\n'],
    ['a quoted block entry', "A:\n  - 'x'\n  - \"y\"\n", 0, 'A:\n  - "y"\n'],
    ['a flow entry', 'A: [x, y, z]\n', 1, 'A: [x, z]\n'],
    ['the last flow entry after a # comment, keeping its line break', 'A: [x, # keep\n  x]\n', 1, 'A: [x # keep\n  ]\n'],
  ])('removes %s in YAML', (_, text, index, expected) => {
    expect(remove(text, index, true)).toBe(expected);
  });

  it('keeps comments on the neighbouring lines', () => {
    const text = 'A:\n  # reads\n  - x\n  - y\n  # writes\n  - z\n';
    expect(remove(text, 1, true)).toBe('A:\n  # reads\n  - x\n  # writes\n  - z\n');
  });

  it('refuses when the text at the span is not the entry (a policy inside a JSON string)', () => {
    const text = '{"A": ["x", "y"]}';
    const root = parseJson(text).root as Node;
    const list = findArray(root) as ArrayNode;
    expect(removeListItem(text, list, list.items[0] as Node, 'other')).toBeUndefined();
  });

  it('refuses to empty a list', () => {
    expect(remove('{"A": ["x"]}', 0)).toBeUndefined();
  });
});

describe('applyEdits', () => {
  it('applies edits in file order and skips one that overlaps an earlier one', () => {
    const out = applyEdits('abcdef', [
      { range: [3, 5], text: 'X' },
      { range: [0, 2], text: '' },
      { range: [1, 4], text: 'Y' },
    ]);
    expect(out).toEqual({ text: 'cXf', applied: 2 });
  });
});

describe('removeListItem, last entries after a comment', () => {
  it('keeps a comment between the previous entry and the last one', () => {
    expect(remove('{"A": [\n  "x",\n  // why\n  "y"\n]}', 1)).toBe('{"A": [\n  "x"\n  // why\n]}');
    expect(remove('{"A": ["x", /* why */ "y"]}', 1)).toBe('{"A": ["x" /* why */]}');
  });
});
