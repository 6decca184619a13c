import type { Severity } from '../types.js';
import { visibleFindings } from './summary.js';
import { fromStream } from './stream.js';
import type { Formatter, StreamFormatterFactory } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the file and line in the
 * run summary and the pull request's diff.
 */
export const githubStream: StreamFormatterFactory = () => ({
  file(r) {
    let out = '';
    for (const f of visibleFindings(r.findings)) {
      const props: [string, string | number][] = [['file', r.path], ['line', f.line]];
      // The runner drops column properties when the annotation spans lines.
      if (f.endLine === f.line) props.push(['col', f.column], ['endLine', f.endLine], ['endColumn', Math.max(f.endColumn, f.column)]);
      else props.push(['endLine', f.endLine]);
      props.push(['title', f.ruleId]);
      const message = f.suggestion ? `${f.message}\n${f.suggestion}` : f.message;
      out += `::${COMMAND[f.severity]} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(message)}\n`;
    }
    return out;
  },
  end: () => '',
});

export const formatGithub: Formatter = fromStream(githubStream);

/** The escaping of @actions/core: a raw newline would end the command, a raw `%` would start an escape. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also end at `,` (next property) and `:` (the `::` before the message). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
