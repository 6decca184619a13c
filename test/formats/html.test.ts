/** The html format: escaping, what it shows and leaves out, and the CLI writing it with code frames. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatHtml } from '../../src/formatters/html.js';
import { markdownToHtml } from '../../src/formatters/html/markdown.js';
import { visibleFindings } from '../../src/formatters/summary.js';
import { SourceFile } from '../../src/source/source-file.js';
import type { FileResult, Finding } from '../../src/types.js';
import { runCli, scratch } from '../helpers/cli.js';
import { lintInputs } from './support.js';

const { results, context } = await lintInputs();
const report = formatHtml(results, context);
const visible = results.flatMap((r) => visibleFindings(r.findings).map((f) => ({ ...f, file: r.path })));

function finding(over: Partial<Finding> = {}): Finding {
  return { ruleId: 'no-wildcard-action', severity: 'warning', message: 'm', line: 2, column: 5, endLine: 2, endColumn: 9, path: [], policy: null, ...over };
}

/** The attribute values of every element matching `tag ... attr="value"`, unescaped enough to compare. */
function attrs(text: string, selector: RegExp): string[] {
  return [...text.matchAll(selector)].map((m) => m[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
}

describe('html format: escaping', () => {
  const hostile = '{\n  "Sid": "<script>alert(1)</script>", "Resource": "<img src=x onerror=alert(2)>"\n}\n';
  const path = 'policies/<svg onload=alert(3)>.json';
  const out = formatHtml(
    [
      {
        path,
        policies: 1,
        findings: [
          finding({
            ruleId: 'plugin/<b>x</b>',
            message: 'Statement "<script>alert(1)</script>" is bad',
            suggestion: 'Use "</p><script>alert(4)</script>" & friends',
            policy: { kind: 'identity', name: 'Role "<i>r</i>"', location: 'Resources.<u>R</u>' },
          }),
        ],
      },
    ],
    { ...context, sources: new Map([[path, new SourceFile(path, hostile)]]) },
  );

  it('renders every piece of policy text as text: the only script element is the report\'s own', () => {
    expect(out.match(/<script/gi)).toHaveLength(1);
    expect(out).not.toMatch(/<img|<svg|<b>x|<i>r|<u>R|<\/p><script/i);
    expect(out).toContain('Statement &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; is bad');
    expect(out).toContain('Use &quot;&lt;/p&gt;&lt;script&gt;alert(4)&lt;/script&gt;&quot; &amp; friends');
    // The code frame shows the hostile source line, escaped.
    expect(out).toContain('2 |   &quot;Sid&quot;: &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;, &quot;Resource&quot;: &quot;&lt;img src=x onerror=alert(2)&gt;&quot;');
    expect(out).toContain('<h3>policies/&lt;svg onload=alert(3)&gt;.json</h3>');
    expect(out).toContain('data-rule="plugin/&lt;b&gt;x&lt;/b&gt;"');
    expect(out).toContain('Role &quot;&lt;i&gt;r&lt;/i&gt;&quot; · Resources.&lt;u&gt;R&lt;/u&gt;');
    // A rule id with characters an id cannot hold still gets a working anchor.
    expect(out).toContain('<a href="#rule-plugin_2f_3cb_3ex_3c_2fb_3e">');
    expect(out).toContain('<details id="rule-plugin_2f_3cb_3ex_3c_2fb_3e">');
  });

  it('allows only its own script by hash, and no request of any kind', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(out)![1]!;
    const script = /<script>([\s\S]*)<\/script>/.exec(out)![1]!;
    expect(csp).toBe(`default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'; base-uri 'none'; form-action 'none'`);
    expect(report).not.toMatch(/<(link|iframe|object|embed|img)\b|\bsrc=|url\(|@import/i);
  });

  it('escapes rule docs too, and renders their headings, lists, code and links', () => {
    const doc = markdownToHtml('# id\n\n## Why\n\nUse `a<b>` when <script>x</script>.\n\n- one\n  more\n- two: https://docs.aws.amazon.com/a?b=1&c=2.\n\n```json\n{ "Sid": "<x>" }\n```\n');
    expect(doc).toBe(
      [
        '<h4>Why</h4>',
        '<p>Use <code>a&lt;b&gt;</code> when &lt;script&gt;x&lt;/script&gt;.</p>',
        '<ul><li>one more</li><li>two: <a href="https://docs.aws.amazon.com/a?b=1&amp;c=2" rel="noreferrer">https://docs.aws.amazon.com/a?b=1&amp;c=2</a>.</li></ul>',
        '<pre><code>{ &quot;Sid&quot;: &quot;&lt;x&gt;&quot; }</code></pre>',
      ].join('\n'),
    );
  });
});

describe('html format on real findings', () => {
  it('shows every visible finding once, in order, with its location, rule, message and suggestion', () => {
    expect(visible.length).toBeGreaterThan(20);
    const articles = [...report.matchAll(/<article class="finding (\w+)" data-severity="\w+" data-rule="([^"]+)" data-file="([^"]+)">([\s\S]*?)<\/article>/g)];
    expect(articles.map((m) => [m[1], m[2], m[3]])).toEqual(visible.map((f) => [f.severity, f.ruleId, f.file]));
    articles.forEach((m, i) => {
      const f = visible[i]!;
      const body = m[4]!;
      expect(body).toContain(`<span class="where">${f.file}:${f.line}:${f.column}</span><a href="#rule-${f.ruleId}">${f.ruleId}</a>`);
      expect(body).toContain(`<p class="message">${f.message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')}</p>`);
      expect(body.includes('<p class="help"><b>help:</b>')).toBe(f.suggestion !== undefined);
      expect(body).toMatch(/<pre class="frame">\s*\d+ \|[^\n]*\n<span class="caret">\s*\|\s*\^+<\/span><\/pre>/);
    });
  });

  it('counts findings by severity, rule and file in the summary, and offers each as a filter', () => {
    const severities = ['error', 'warning', 'info'] as const;
    for (const sev of severities) {
      const n = visible.filter((f) => f.severity === sev).length;
      if (n > 0) expect(report).toContain(`data-filter="severity" data-value="${sev}" title="Show only these findings">${sev}</button><span class="bar-count">${n}</span>`);
    }
    const rules = [...new Set(visible.map((f) => f.ruleId))];
    for (const id of rules) {
      const n = visible.filter((f) => f.ruleId === id).length;
      expect(report).toContain(`data-value="${id}" title="Show only these findings">${id}</button><span class="bar-count">${n}</span>`);
    }
    expect(attrs(report, /<select data-filter="rule">([\s\S]*?)<\/select>/g)[0]).toBe(['<option value="">all</option>', ...[...rules].sort().map((id) => `<option value="${id}">${id}</option>`)].join(''));
    expect(report).toContain(`Showing <b id="shown">${visible.length}</b> of ${visible.length}`);
    expect(report).toContain('<figcaption>By policy or principal (templates)</figcaption>');
  });

  it('embeds the doc of each rule that reported, and only those, as the target of the findings\' links', () => {
    const used = [...new Set(visible.map((f) => f.ruleId))].sort();
    expect(attrs(report, /<details id="rule-([^"]+)">/g)).toEqual(used);
    for (const id of used) {
      const doc = readFileSync(join('rules', `${id}.md`), 'utf8');
      const section = new RegExp(`<details id="rule-${id}">([\\s\\S]*?)</details>`).exec(report)![1]!;
      expect(section).toContain('<h4>What it reports</h4>');
      expect(section).toContain('<h4>Why</h4>');
      // The first sentence of the doc's "Why" section, escaped, is there.
      const why = doc.split('## Why')[1]!.trim().split(/\s+/).slice(0, 4).join(' ');
      expect(section.replace(/<\/?code>/g, '`')).toContain(why.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    }
  });

  it('leaves suppressed findings out of the findings, counts, filters and rules', () => {
    const withSuppressed: FileResult[] = [
      { path: 'p.json', policies: 1, findings: [finding({ ruleId: 'redundant-action', severity: 'error', suppressions: [{ kind: 'inSource', justification: 'ok' }] }), finding()] },
    ];
    const out = formatHtml(withSuppressed, { ...context, sources: new Map() });
    expect(out.match(/<article /g)).toHaveLength(1);
    expect(out).not.toContain('redundant-action');
    expect(out).toContain('<li><b>1</b>findings</li><li><b>0</b>errors</li><li><b>1</b>warnings</li>');
  });

  it('says so when there is nothing to report, with no charts or filters', () => {
    const out = formatHtml([{ path: 'ok.json', policies: 1, findings: [] }], context);
    expect(out).toContain('<p class="empty">No problems found.</p>');
    expect(out).not.toMatch(/class="(chart|filters|rules)"/);
    expect(out).toContain('<title>iamlint report: 0 findings</title>');
  });
});

describe('html format from the CLI', () => {
  const work = scratch({});
  afterAll(() => work.cleanup());

  it('writes the report to -o and to -f html:file, with code frames and without colour', () => {
    const a = runCli(['--no-config', '-f', 'html', '-o', join(work.dir, 'a/report.html'), 'examples'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    const b = runCli(['--no-config', '-f', 'compact', '-f', `html:${join(work.dir, 'b.html')}`, 'examples']);
    expect(a).toMatchObject({ status: 1, stdout: '', stderr: '' });
    expect(b.status).toBe(1);
    const fileA = readFileSync(join(work.dir, 'a/report.html'), 'utf8');
    expect(fileA).toBe(readFileSync(join(work.dir, 'b.html'), 'utf8'));
    expect(fileA).not.toMatch(/\u001b\[/);
    expect(fileA.match(/<article /g)).toHaveLength(b.stdout.trimEnd().split('\n').length);
    expect(fileA).toContain('<pre class="frame">  19 |       &quot;Action&quot;: &quot;*&quot;,\n<span class="caret">     |                 ^^^</span></pre>');
  });

  it('prints the report on stdout when given no file', () => {
    const r = runCli(['--no-config', '-f', 'html', 'examples/policies/app-data-access.json']);
    expect(r.status).toBe(1);
    expect(r.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(r.stdout).toContain('<pre class="frame">');
  });
});
