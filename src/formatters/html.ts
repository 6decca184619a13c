import { createHash } from 'node:crypto';
import { PLAIN_COLOR } from './plain-color.js';
import { builtinRules } from '../../rules/index.js';
import type { Finding, Severity } from '../types.js';
import { codeFrame, type FrameSource } from './code-frame.js';
import { STYLE, SCRIPT } from './html/assets.js';
import { barChart, countBy } from './html/charts.js';
import { ruleDocText } from '../engine/rule-docs.js';
import { html, ruleAnchor } from './html/escape.js';
import { markdownToHtml } from './html/markdown.js';
import { summarize, visibleFindings } from './summary.js';
import type { FormatRule, Formatter } from './types.js';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const PLAIN = PLAIN_COLOR;
// Only the report's own script may run: a policy's text that escaped escaping still could not.
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'; base-uri 'none'; form-action 'none'`;

interface Located {
  file: string;
  finding: Finding;
}

/**
 * One self-contained HTML page for auditors: a summary with charts, every finding with its code frame
 * and suggestion, client-side filters, and the docs of the rules that reported. No external requests.
 */
export const formatHtml: Formatter = (results, context) => {
  const all: Located[] = results.flatMap((r) => visibleFindings(r.findings).map((finding) => ({ file: r.path, finding })));
  const rules = usedRules(all, [...builtinRules.map((r) => r.meta), ...(context.rules ?? [])]);
  const s = summarize(results);
  const body = [
    `<header><h1>iamlint report</h1><p class="meta">${html(`${context.tool.name} ${context.tool.version} · IAM data ${context.tool.iamData.version} (${context.tool.iamData.date})`)}</p></header>`,
    `<ul class="totals"><li><b>${all.length}</b>findings</li>${SEVERITIES.map((sev) => `<li><b>${count(all, sev)}</b>${sev === 'info' ? 'info' : `${sev}s`}</li>`).join('')}<li><b>${s.files}</b>files</li><li><b>${s.policies}</b>policies</li>${s.skipped ? `<li><b>${s.skipped}</b>skipped (no policy)</li>` : ''}</ul>`,
    all.length === 0 ? '<p class="empty">No problems found.</p>' : `${charts(all)}\n${filters(all)}\n${findingsSection(results.map((r) => r.path), all, context.sources)}`,
    rules.length > 0 ? rulesSection(rules) : '',
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>iamlint report: ${all.length} ${all.length === 1 ? 'finding' : 'findings'}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body.filter(Boolean),
    '</main>',
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
};

function count(all: readonly Located[], severity: Severity): number {
  return all.filter((l) => l.finding.severity === severity).length;
}

function charts(all: readonly Located[]): string {
  const bySeverity = SEVERITIES.map((sev) => ({ label: sev, count: count(all, sev), tone: sev, filter: 'severity' })).filter((b) => b.count > 0);
  const parts = [
    barChart('By severity', bySeverity),
    barChart('By rule', countBy(all, (l) => l.finding.ruleId).map((b) => ({ ...b, filter: 'rule' }))),
    barChart('By file', countBy(all, (l) => l.file).map((b) => ({ ...b, filter: 'file' }))),
  ];
  // Inside templates a file holds many policies; which role or resource they belong to is what an auditor asks.
  const byPolicy = countBy(all, (l) => (l.finding.policy?.location ? l.finding.policy.name : undefined));
  if (byPolicy.length > 0) parts.push(barChart('By policy or principal (templates)', byPolicy));
  return `<section class="summary"><h2>Summary</h2><div class="charts">${parts.join('')}</div></section>`;
}

function filters(all: readonly Located[]): string {
  const select = (name: string, label: string, values: string[]) =>
    `<label>${label} <select data-filter="${name}"><option value="">all</option>${values.map((v) => `<option value="${html(v)}">${html(v)}</option>`).join('')}</select></label>`;
  const unique = (f: (l: Located) => string) => [...new Set(all.map(f))];
  return [
    '<nav class="filters" aria-label="Filters">',
    select('severity', 'Severity', SEVERITIES.filter((sev) => count(all, sev) > 0)),
    select('rule', 'Rule', unique((l) => l.finding.ruleId).sort()),
    select('file', 'File', unique((l) => l.file)),
    '<button type="button" id="reset">Show all</button>',
    `<span>Showing <b id="shown">${all.length}</b> of ${all.length}</span>`,
    '</nav>',
  ].join('');
}

function findingsSection(paths: readonly string[], all: readonly Located[], sources: ReadonlyMap<string, FrameSource>): string {
  const sections: string[] = [];
  for (const path of new Set(paths)) {
    const mine = all.filter((l) => l.file === path);
    if (mine.length === 0) continue;
    const source = sources.get(path);
    sections.push(`<section class="file" data-file="${html(path)}"><h3>${html(path)}</h3>${mine.map((l) => findingHtml(l, source)).join('\n')}</section>`);
  }
  return `<section id="findings"><h2>Findings</h2>${sections.join('\n')}</section>`;
}

function findingHtml({ file, finding: f }: Located, source: FrameSource | undefined): string {
  const where = f.policy?.location ? ` <span class="where">${html(f.policy.name)} · ${html(f.policy.location)}</span>` : '';
  const frame = source ? codeFrame(source, f, PLAIN) : [];
  const frameHtml = frame.length === 2 ? `<pre class="frame">${html(frame[0]!)}\n<span class="caret">${html(frame[1]!)}</span></pre>` : '';
  return [
    `<article class="finding ${f.severity}" data-severity="${f.severity}" data-rule="${html(f.ruleId)}" data-file="${html(file)}">`,
    `<header><span class="sev ${f.severity}">${f.severity}</span><span class="where">${html(`${file}:${f.line}:${f.column}`)}</span><a href="#${ruleAnchor(f.ruleId)}">${html(f.ruleId)}</a>${where}</header>`,
    `<p class="message">${html(f.message)}</p>`,
    frameHtml,
    f.suggestion ? `<p class="help"><b>help:</b> ${html(f.suggestion)}</p>` : '',
    '</article>',
  ].join('');
}

/** The rules that reported, with their metadata where known (a finding may name a rule no list has). */
function usedRules(all: readonly Located[], known: readonly FormatRule[]): FormatRule[] {
  const byId = new Map<string, FormatRule>();
  for (const rule of known) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  const ids = [...new Set(all.map((l) => l.finding.ruleId))].sort();
  return ids.map((id) => byId.get(id) ?? { id, severity: all.find((l) => l.finding.ruleId === id)!.finding.severity, description: '' });
}

function rulesSection(rules: readonly FormatRule[]): string {
  const items = rules.map((rule) => {
    const doc = ruleDocText(rule.id);
    const body = doc
      ? markdownToHtml(doc)
      : `<p>${html(rule.description || 'No documentation.')}</p>${rule.docs ? `<p>Documentation: ${html(rule.docs)}</p>` : ''}`;
    return `<details id="${ruleAnchor(rule.id)}"><summary><code>${html(rule.id)}</code> (default ${rule.severity})${rule.description ? `: ${html(rule.description)}` : ''}</summary>${body}</details>`;
  });
  return `<section class="rules" id="rules"><h2>Rules</h2>${items.join('\n')}</section>`;
}
