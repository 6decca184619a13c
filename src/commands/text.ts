/** Plain-text layout for the commands' terminal output. */

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
export function table(headers: readonly string[] | undefined, rows: readonly (readonly string[])[], indent = ''): string {
  const all = headers ? [headers, ...rows] : rows;
  const widths = all.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, visibleLength(cell))), []);
  return all
    .map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleLength(cell)))).join('  ').trimEnd())
    .join('\n')
    .concat('\n');
}

/** Packs words (which may carry colour codes) into lines of at most `width` visible characters. */
export function wrapWords(words: readonly string[], width: number, indent: string, hanging = indent): string[] {
  const lines: string[] = [];
  let line = '';
  let length = 0;
  for (const word of words) {
    const n = visibleLength(word);
    const prefix = lines.length === 0 ? indent : hanging;
    if (line !== '' && prefix.length + length + 1 + n > width) {
      lines.push(prefix + line);
      line = '';
      length = 0;
    }
    length += line === '' ? n : n + 1;
    line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push((lines.length === 0 ? indent : hanging) + line);
  return lines;
}
