/**
 * The text with each lone CR (classic Mac OS line ends) as an LF: the same length, so offsets
 * into it are offsets into the file. YAML and iamlint's positions count a lone CR as a line break;
 * the yaml package and the code that finds lines by LF do not.
 */
export function loneCrAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** The line break a file uses, for text inserted into it. */
export function lineBreakOf(text: string): string {
  if (text.includes('\r\n')) return '\r\n';
  return /\r(?!\n)/.test(text) ? '\r' : '\n';
}
