/** Lines of unchanged text shown around each change, as `diff -u` and git do. */
const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string };

/**
 * A unified diff of two texts (`--- a/path`, `+++ b/path`, hunks with three lines of context),
 * or '' when they are equal. Lines are compared whole, line ends included, so a changed line
 * end shows as a change.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after));
  // A name with a space ends in a tab, as git writes it, so patch reads the whole name.
  const end = path.includes(' ') ? '\t' : '';
  let out = `--- a/${path}${end}\n+++ b/${path}${end}\n`;
  for (const hunk of hunks(ops)) {
    out += `@@ -${range(hunk.oldStart, hunk.oldCount)} +${range(hunk.newStart, hunk.newCount)} @@\n`;
    for (const op of hunk.ops) {
      const text = op.line.endsWith('\n') ? op.line : `${op.line}\n\\ No newline at end of file\n`;
      out += op.kind + text;
    }
  }
  return out;
}

/** Lines with their `\n` kept, so a missing final newline is a difference like any other. */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

/**
 * Myers' O(ND) shortest edit script on lines, after dropping the common head and tail: fixes
 * change a few lines of files that can run to thousands, so D stays small.
 */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  const same = (lines: readonly string[]): Op[] => lines.map((line) => ({ kind: ' ', line }));
  return [...same(a.slice(0, head)), ...middle, ...same(a.slice(a.length - tail))];
}

function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  // Walk the trace back from the end, collecting the snake and the edit taken at each step.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (prev[offset + k - 1] as number) < (prev[offset + k + 1] as number));
    const prevK = down ? k + 1 : k - 1;
    const prevX = prev[offset + prevK] as number;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      y--;
      ops.push({ kind: ' ', line: a[--x] as string });
    }
    if (down) ops.push({ kind: '+', line: b[--y] as string });
    else ops.push({ kind: '-', line: a[--x] as string });
  }
  while (x > 0 && y > 0) {
    y--;
    ops.push({ kind: ' ', line: a[--x] as string });
  }
  return ops.reverse();
}

interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  ops: Op[];
}

/** Groups changes whose context overlaps or touches (at most 2 × CONTEXT equal lines apart). */
function hunks(ops: readonly Op[]): Hunk[] {
  const out: Hunk[] = [];
  const changed = ops.flatMap((op, i) => (op.kind === ' ' ? [] : [i]));
  // The 1-based old and new line numbers at which each op sits.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const op of ops) {
    oldAt.push(oldLine);
    newAt.push(newLine);
    if (op.kind !== '+') oldLine++;
    if (op.kind !== '-') newLine++;
  }
  let i = 0;
  while (i < changed.length) {
    let last = changed[i] as number;
    let j = i + 1;
    while (j < changed.length && (changed[j] as number) - last <= 2 * CONTEXT + 1) last = changed[j++] as number;
    const from = Math.max(0, (changed[i] as number) - CONTEXT);
    const to = Math.min(ops.length, last + CONTEXT + 1);
    const slice = ops.slice(from, to);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    // An empty side starts at the line before it, as GNU diff writes it (`-0,0` for an empty file).
    const oldStart = oldAt[from] as number;
    const newStart = newAt[from] as number;
    out.push({ oldStart: oldCount === 0 ? oldStart - 1 : oldStart, oldCount, newStart: newCount === 0 ? newStart - 1 : newStart, newCount, ops: slice });
    i = j;
  }
  return out;
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}
