import type { Edit } from './remove-list-item.js';

/**
 * Applies the edits that do not overlap, first come first served in file order, as ESLint does;
 * the caller lints again and applies the rest in the next pass.
 */
export function applyEdits(text: string, edits: readonly Edit[]): { text: string; applied: number } {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let out = '';
  let at = 0;
  let applied = 0;
  let last: Edit | undefined;
  for (const edit of sorted) {
    const [start, end] = edit.range;
    if (start < at || end < start || end > text.length) continue;
    // Two findings asking for the same insertion (one policy built per Fn::If branch) make one edit.
    if (last && last.range[0] === start && last.range[1] === end && last.text === edit.text) continue;
    last = edit;
    out += text.slice(at, start) + edit.text;
    at = end;
    applied++;
  }
  return { text: out + text.slice(at), applied };
}
