/**
 * `-f json` is written file by file (a large tree's report is never held); the text must stay byte
 * for byte the document the README specifies, `JSON.stringify(report, null, 2)`.
 */
import { describe, expect, it } from 'vitest';
import { formatJson, jsonStream, nestedJson } from '../../src/formatters/json.js';
import { PLAIN_COLOR } from '../../src/formatters/plain-color.js';
import type { FormatContext } from '../../src/formatters/types.js';
import type { FileResult, Finding } from '../../src/types.js';
import { lintInputs } from './support.js';

const context: FormatContext = { sources: new Map(), color: PLAIN_COLOR, tool: { name: 'iamlint', version: '1.2.3', iamData: { version: '0.1', date: '2026-01-01' } } };

function finding(over: Partial<Finding> = {}): Finding {
  return { ruleId: 'no-wildcard-action', severity: 'warning', message: 'm', line: 3, column: 5, endLine: 3, endColumn: 9, path: ['Statement', 0, 'Action'], policy: { kind: 'identity', name: 'p', location: '' }, ...over };
}

/** The report as the README describes it, built whole: what the streamed text must equal. */
function reference(results: readonly FileResult[]): string {
  const visible = (r: FileResult) => r.findings.filter((f) => !f.suppressions?.length);
  const counted = results.filter((r) => !r.skipped);
  const all = counted.flatMap(visible);
  const report = {
    tool: context.tool,
    files: results.map((r) => ({
      path: r.path,
      policies: r.policies,
      ...(r.skipped && { skipped: r.skipped }),
      findings: visible(r).map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, suggestion: f.suggestion ?? null, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, path: f.path, policy: f.policy, ...(f.fix && { fix: f.fix }) })),
    })),
    summary: {
      files: counted.length,
      policies: counted.reduce((n, r) => n + r.policies, 0),
      errors: all.filter((f) => f.severity === 'error').length,
      warnings: all.filter((f) => f.severity === 'warning').length,
      infos: all.filter((f) => f.severity === 'info').length,
      skipped: results.length - counted.length,
    },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function streamed(results: readonly FileResult[]): string {
  const stream = jsonStream(context);
  return results.map((r) => stream.file(r, undefined)).join('') + stream.end();
}

const cases: [string, FileResult[]][] = [
  ['no files', []],
  ['one clean file', [{ path: 'a.json', policies: 1, findings: [] }]],
  ['a skipped file only', [{ path: 'package.json', policies: 0, skipped: 'no IAM policy or CloudFormation template found', findings: [] }]],
  [
    'findings with line breaks, quotes, unicode, a fix and a suppressed one',
    [
      { path: 'dir/"q".json', policies: 2, findings: [finding({ message: 'two\nlines "quoted" \u2028 é', suggestion: 'a\n  b' }), finding({ severity: 'error', fix: { range: [1, 4], text: '' } })] },
      { path: 'b.yaml', policies: 1, findings: [finding({ severity: 'info', suppressions: [{ kind: 'inSource', justification: 'ok' }] })] },
      { path: 'c.json', policies: 0, skipped: 'no policy', findings: [] },
    ],
  ],
];

describe('nestedJson', () => {
  it.each([
    ['a finding', finding({ suggestion: 'use "s3:GetObject"\nthen' })],
    ['an empty object', {}],
    ['an empty list', []],
    ['a list of objects', [{ a: [] }, { b: { c: [1, 'x'] } }]],
    ['a string', 'x\ny'],
  ])('reads as JSON.stringify(value, null, 2) indented to its depth: %s', (_, value) => {
    for (const prefix of ['', '  ', '    ', '      ', '        ']) expect(nestedJson(value, prefix)).toBe(JSON.stringify(value, null, 2).replaceAll('\n', `\n${prefix}`));
  });
});

describe('json format, streamed', () => {
  it.each(cases)('%s: the same bytes as the whole document', (_name, results) => {
    const text = streamed(results);
    expect(text).toBe(reference(results));
    expect(formatJson(results, context)).toBe(text);
    expect(JSON.parse(text).files).toHaveLength(results.length);
  });

  it('is the same on real lint results, file by file', async () => {
    const { results } = await lintInputs();
    expect(results.some((r) => r.findings.length > 0)).toBe(true);
    expect(streamed(results)).toBe(reference(results));
  });

  it('hands out each file as it comes: nothing of a file is held back for the end', () => {
    const stream = jsonStream(context);
    const first = stream.file({ path: 'a.json', policies: 1, findings: [finding({ message: 'first' })] }, undefined);
    expect(first).toMatch(/^\{\n {2}"tool": \{/);
    expect(first).toContain('"message": "first"');
    const second = stream.file({ path: 'b.json', policies: 1, findings: [] }, undefined);
    expect(second).toMatch(/^,\n {4}\{\n {6}"path": "b.json"/);
    expect(stream.end()).toMatch(/^\n {2}\],\n {2}"summary": \{\n {4}"files": 2,/);
  });
});
