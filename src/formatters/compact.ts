import { visible } from './visible.js';
import { visibleFindings } from './summary.js';
import { fromStream } from './stream.js';
import type { Formatter, StreamFormatterFactory } from './types.js';

/** One line per finding, `path:line:col: severity: message [rule-id]`, the shape editors' problem matchers read. */
export const compactStream: StreamFormatterFactory = () => ({
  file: (r) => visibleFindings(r.findings).map((f) => `${visible(r.path)}:${f.line}:${f.column}: ${f.severity}: ${oneLine(f.message)} [${f.ruleId}]\n`).join(''),
  end: () => '',
});

export const formatCompact: Formatter = fromStream(compactStream);

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
