/** The github, junit and compact formats on real output, and what each does with suppressed findings. */
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../src/formatters/github.js';
import { formatJunit } from '../../src/formatters/junit.js';
import { PLAIN_COLOR } from '../../src/formatters/plain-color.js';
import { formatStylish } from '../../src/formatters/stylish.js';
import type { Finding, FileResult } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { INPUTS, lintInputs, xmlProblems } from './support.js';

interface JsonFile {
  path: string;
  skipped?: string;
  findings: { ruleId: string; severity: string; line: number; column: number; endLine: number; endColumn: number; message: string; suggestion: string | null }[];
}
const files = (JSON.parse(runCli(['-f', 'json', ...INPUTS]).stdout) as { files: JsonFile[] }).files;
const findings = files.flatMap((f) => f.findings.map((x) => ({ ...x, file: f.path })));

function finding(over: Partial<Finding> = {}): Finding {
  return { ruleId: 'no-wildcard-action', severity: 'warning', message: 'm', line: 3, column: 5, endLine: 3, endColumn: 9, path: [], policy: null, ...over };
}

describe('compact format', () => {
  it('prints one line per finding and nothing else, without colour even when forced', () => {
    const r = runCli(['-f', 'compact', ...INPUTS], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.ruleId}]\n`).join(''));
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('prints nothing for a clean file', () => {
    const r = runCli(['-f', 'compact', 'examples/policies/least-privilege.json']);
    expect(r).toMatchObject({ status: 0, stdout: '' });
  });
});

describe('github format', () => {
  it('escapes data and properties as @actions/core does', () => {
    expect(escapeData('100% sure\r\nnext: a,b')).toBe('100%25 sure%0D%0Anext: a,b');
    expect(escapeProperty('dir,x/a:b%.json\n')).toBe('dir%2Cx/a%3Ab%25.json%0A');
  });

  it('writes a workflow command per finding, with the severity mapped and the suggestion on a second line', () => {
    const r = runCli(['-f', 'github', ...INPUTS]);
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBe(findings.length);
    lines.forEach((line, i) => {
      const f = findings[i]!;
      const command = { error: 'error', warning: 'warning', info: 'notice' }[f.severity];
      const cols = f.line === f.endLine ? `,col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn}` : `,endLine=${f.endLine}`;
      const message = f.suggestion ? `${f.message}\n${f.suggestion}` : f.message;
      expect(line).toBe(`::${command} file=${f.file},line=${f.line}${cols},title=${f.ruleId}::${escapeData(message)}`);
    });
    expect(r.stdout).toContain('::error file=examples/policies/app-data-access.json,line=19,col=17,endLine=19,endColumn=20,title=no-wildcard-action::Statement "Everything" allows every action ("*") on "*"%0A');
  });

  it('escapes file names and messages, maps info to notice, drops columns across lines, and leaves suppressed findings out', () => {
    const results: FileResult[] = [
      {
        path: 'a,b:c.json',
        policies: 1,
        findings: [
          finding({ severity: 'info', message: '50% of "s3:*"\nsecond line', suggestion: 'use s3:Get*' }),
          finding({ severity: 'error', line: 2, endLine: 4, endColumn: 2 }),
          finding({ suppressions: [{ kind: 'inSource', justification: 'ok' }] }),
        ],
      },
    ];
    expect(formatGithub(results, {} as never)).toBe(
      '::notice file=a%2Cb%3Ac.json,line=3,col=5,endLine=3,endColumn=9,title=no-wildcard-action::50%25 of "s3:*"%0Asecond line%0Ause s3:Get*\n' +
        '::error file=a%2Cb%3Ac.json,line=2,endLine=4,title=no-wildcard-action::m\n',
    );
  });
});

describe('junit format', () => {
  it('is well-formed XML with a suite per file, a failing case per file and rule, a passing case per clean file, and right counts', () => {
    const r = runCli(['-f', 'junit', ...INPUTS, 'examples/policies/least-privilege.json']);
    expect(r.status).toBe(1);
    const out = r.stdout;
    expect(xmlProblems(out)).toEqual([]);
    const linted = files.filter((f) => !f.skipped);
    const pairs = linted.flatMap((f) => [...new Set(f.findings.map((x) => x.ruleId))].map((rule) => ({ file: f.path, rule, n: f.findings.filter((x) => x.ruleId === rule).length })));
    const clean = linted.filter((f) => f.findings.length === 0);
    expect(clean.length).toBeGreaterThan(0);
    const suites = [...out.matchAll(/<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)" errors="0" skipped="0">/g)];
    expect(suites.map((m) => m[1])).toEqual(linted.map((f) => f.path));
    const root = out.match(/<testsuites name="iamlint" tests="(\d+)" failures="(\d+)" errors="0">/)!;
    expect(Number(root[1])).toBe(pairs.length + clean.length);
    expect(Number(root[2])).toBe(pairs.length);
    expect([...out.matchAll(/<testcase /g)].length).toBe(pairs.length + clean.length);
    expect([...out.matchAll(/<failure /g)].length).toBe(pairs.length);
    for (const p of pairs) {
      const failure = new RegExp(`<testcase name="${p.rule}" classname="${p.file}">\\n\\s*<failure message="${p.n} problems? reported by ${p.rule}" type="${p.rule}">`);
      expect(out).toMatch(failure);
    }
    for (const c of clean) expect(out).toContain(`<testcase name="iamlint" classname="${c.path}"/>`);
    // Every finding appears in its failure as path:line:col.
    for (const f of findings) expect(out).toContain(`${f.file}:${f.line}:${f.column}: ${f.severity}: `);
  });

  it('escapes markup and control characters in names, messages and suggestions, and leaves suppressed findings out', async () => {
    const { context } = await lintInputs(['examples/policies/least-privilege.json']);
    const results: FileResult[] = [
      {
        path: `odd<&>"'.json`,
        policies: 1,
        findings: [
          finding({ message: `Sid "<a & b>" isn't \u0001valid`, suggestion: 'use ]]> and &amp;' }),
          finding({ ruleId: 'require-mfa', suppressions: [{ kind: 'external' }] }),
        ],
      },
    ];
    const out = formatJunit(results, context);
    expect(xmlProblems(out)).toEqual([]);
    expect(out).toContain('<testsuite name="odd&lt;&amp;&gt;&quot;&apos;.json" tests="1" failures="1"');
    expect(out).toContain(`odd&lt;&amp;&gt;&quot;&apos;.json:3:5: warning: Sid &quot;&lt;a &amp; b&gt;&quot; isn&apos;t valid\n  help: use ]]&gt; and &amp;amp;</failure>`);
    expect(out).not.toContain('require-mfa');
    expect(out).toContain('<testsuites name="iamlint" tests="1" failures="1" errors="0">');
  });

  it('has the well-formedness check itself catch broken XML', () => {
    expect(xmlProblems('<?xml version="1.0" encoding="UTF-8"?>\n<a><b>x & y</b></a>\n')).toEqual(['bare "&" at 6']);
    expect(xmlProblems('<?xml version="1.0" encoding="UTF-8"?>\n<a><b></a>\n')).toEqual(['</a> closes <b>', 'unclosed <a>']);
    expect(xmlProblems('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1 < 2"/>\n')).not.toEqual([]);
  });
});

describe('stylish format', () => {
  const context = { sources: new Map(), color: PLAIN_COLOR, tool: { name: 'iamlint', version: '0', iamData: { version: '0', date: '2026-01-01' } } };
  const headline = (policy: Finding['policy']) => formatStylish([{ path: 'p.json', policies: 1, findings: [finding({ message: 'msg', policy })] }], context).split('\n')[0];

  it("names a policy by its place in the file, an account snapshot's by its ARN name instead of list positions", () => {
    expect(headline({ kind: 'identity', name: 'AppRole policy "logs"', location: 'Resources.AppRole.Properties.Policies[0].PolicyDocument' })).toBe(
      'p.json:3:5  warning  msg (Resources.AppRole.Properties.Policies[0].PolicyDocument)  no-wildcard-action',
    );
    expect(headline({ kind: 'identity', name: 'arn:aws:iam::123456789012:user/Bob policy "Deny"', location: 'UserDetailList[1].UserPolicyList[0].PolicyDocument' })).toBe(
      'p.json:3:5  warning  msg (arn:aws:iam::123456789012:user/Bob policy "Deny")  no-wildcard-action',
    );
    expect(headline({ kind: 'identity', name: 'p.json', location: '' })).toBe('p.json:3:5  warning  msg  no-wildcard-action');
    // A CDK construct path names the policy in messages; the headline keeps the template's place.
    expect(headline({ kind: 'identity', name: 'MyStack/AppRole/Resource policy "inline"', location: 'Resources.AppRole4F2A1B.Properties.Policies[0].PolicyDocument' })).toBe(
      'p.json:3:5  warning  msg (Resources.AppRole4F2A1B.Properties.Policies[0].PolicyDocument)  no-wildcard-action',
    );
  });

  it('shows control characters of a template key and a file name as their pictures, on one line', () => {
    expect(headline({ kind: 'identity', name: 'x', location: 'Resources.Role\u001b[31mX\nY.Properties.PolicyDocument' })).toBe(
      'p.json:3:5  warning  msg (Resources.Role\u241b[31mX\u240aY.Properties.PolicyDocument)  no-wildcard-action',
    );
    const named = formatStylish([{ path: 'evil\u001b]0;x\u0007.json', policies: 1, findings: [finding({ message: 'msg', policy: null })] }], context);
    expect(named.split('\n')[0]).toBe('evil\u241b]0;x\u2407.json:3:5  warning  msg  no-wildcard-action');
  });
});
