import { fromStream } from './stream.js';
import { addToSummary, emptySummary, visibleFindings } from './summary.js';
import type { Formatter, StreamFormatterFactory } from './types.js';
import type { FileResult } from '../types.js';

/**
 * Machine output, documented in the README. Keys and their order are part of the contract:
 * add fields, never rename or remove them.
 *
 * Written as the run goes, one file entry at a time, so `-f json` on a large tree holds neither the
 * results nor the report (a 100,000-file tree held 1.3 GB when the report was built at the end).
 * The text is byte for byte `JSON.stringify(report, null, 2)`: each part is stringified on its own
 * and indented to its depth. A JSON string holds no raw line break, so every `\n` in a part's
 * text starts one of its lines.
 */
export const jsonStream: StreamFormatterFactory = (context) => {
  const summary = emptySummary();
  let files = 0;
  const opening = `{\n  "tool": ${nestedJson(context.tool, '  ')},\n  "files": [`;
  return {
    file(result) {
      addToSummary(summary, result);
      const entry = `    ${nestedJson(fileEntry(result), '    ')}`;
      return files++ === 0 ? `${opening}\n${entry}` : `,\n${entry}`;
    },
    end() {
      const { files: counted, policies, errors, warnings, infos, skipped } = summary;
      const close = files === 0 ? `${opening}]` : '\n  ]';
      return `${close},\n  "summary": ${nestedJson({ files: counted, policies, errors, warnings, infos, skipped }, '  ')}\n}\n`;
    },
  };
};

export const formatJson: Formatter = fromStream(jsonStream);

function fileEntry(r: FileResult): object {
  return {
    path: r.path,
    policies: r.policies,
    ...(r.skipped && { skipped: r.skipped }),
    ...(r.notRead && { notRead: r.notRead }),
    // Suppressed findings are left out, as from the counts; SARIF is the format that keeps them.
    findings: visibleFindings(r.findings).map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      suggestion: f.suggestion ?? null,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      path: f.path,
      policy: f.policy,
      ...(f.fix && { fix: f.fix }),
    })),
  };
}

/**
 * `JSON.stringify(value, null, 2)` as it reads nested at a depth whose lines start with `prefix` (two
 * spaces a level). Stringified inside as many one-item lists as levels and cut out of them: one
 * native call, where indenting the text afterwards was a second pass over every report line.
 */
export function nestedJson(value: unknown, prefix: string): string {
  const depth = prefix.length / 2;
  let wrapped = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Level k (1-based) opens with "[\n" and 2k spaces, and closes with "\n", 2(k-1) spaces and "]".
  return text.slice(2 * depth + depth * (depth + 1), text.length - (2 * depth + depth * (depth - 1)));
}
