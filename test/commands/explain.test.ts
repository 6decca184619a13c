/** `iamlint explain RULE`: every rule's doc, rendered for a terminal, and a "Suppress it" section that works. */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { repoRoot, runCli, scratch } from '../helpers/cli.js';

const ANSI = /\u001b\[[0-9;]*m/;

/** A section's first paragraph with its Markdown punctuation gone and whitespace collapsed. */
function firstParagraph(markdown: string, heading: string): string {
  const section = markdown.split(`## ${heading}\n`)[1]!.trimStart();
  return plain(section.split(/\n\s*\n/)[0]!);
}

function plain(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, (_, t: string, u: string) => (t === u ? t : `${t} (${u})`))
    .replace(/[`*]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('iamlint explain, for every built-in rule', () => {
  for (const { meta } of builtinRules) {
    it(meta.id, () => {
      const run = runCli(['explain', meta.id, '--no-config']);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      const out = run.stdout;
      const doc = readFileSync(join(repoRoot, 'rules', `${meta.id}.md`), 'utf8');
      expect(out.split('\n')[0]).toBe(meta.id);
      expect(out).toContain(`Severity: ${meta.severity}`);
      for (const heading of ['WHAT IT REPORTS', 'WHY', 'EXAMPLES', 'OPTIONS', 'WHEN NOT TO USE IT', 'SOURCES', 'SUPPRESS IT']) expect(out).toContain(`\n${heading}\n`);
      expect(plain(out)).toContain(firstParagraph(doc, 'Why'));
      expect(plain(out)).toContain(firstParagraph(doc, 'What it reports'));
      // No Markdown left: no heading marks, fences, emphasis, link syntax or table rules.
      for (const line of out.split('\n')) {
        expect(line).not.toContain('```');
        // Lines indented six spaces are code, shown as written.
        if (!line.startsWith('      ')) expect(line).not.toMatch(/^#|\*\*|\]\(|^\s*\|?\s*-{3}/);
      }
      expect(out).not.toMatch(ANSI);
      // Code blocks are indented under their section.
      const bad = out.split('\n').findIndex((l) => l === '  Bad:');
      if (bad >= 0) expect(out.split('\n')[bad + 2]).toMatch(/^ {6}\S/);
    });
  }
});

describe('iamlint explain', () => {
  it('suggests the closest rule ids for an unknown one, exit 2', () => {
    const run = runCli(['explain', 'no-wildcard-actoin']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('iamlint: unknown rule "no-wildcard-actoin"; did you mean no-wildcard-action? (iamlint rules lists every rule)\n');
    expect(runCli(['explain', 'zzz']).stderr).toBe('iamlint: unknown rule "zzz" (iamlint rules lists every rule)\n');
  });

  it('renders a table as aligned columns, or one record per row when it is too wide', () => {
    const out = runCli(['explain', 'no-wildcard-action']).stdout;
    expect(out).toContain('  - Action: service:* (s3:*, iam:*)\n    Severity: warning\n    Message: the statement allows every action of one service\n');
    expect(out).toContain('\n      { "rules": { "no-wildcard-action": ["error", { "allowServices": ["logs", "xray"] }] } }\n');
    expect(out).toContain('\nWHY\n  A wildcard grants every action the service has today and every action it adds tomorrow. s3:*\n  includes deleting buckets');
  });

  it('colours only when the CLI would: FORCE_COLOR or --color, not NO_COLOR nor a pipe', () => {
    expect(runCli(['explain', 'duplicate-sid']).stdout).not.toMatch(ANSI);
    expect(runCli(['explain', 'duplicate-sid'], { env: { NO_COLOR: undefined } }).stdout).not.toMatch(ANSI);
    expect(runCli(['explain', 'duplicate-sid', '--color']).stdout).toMatch(ANSI);
    const forced = runCli(['explain', 'duplicate-sid'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout;
    expect(forced).toMatch(ANSI);
    expect(forced.replace(/\u001b\[[0-9;]*m/g, '')).toBe(runCli(['explain', 'duplicate-sid']).stdout);
  });

  it('gives suppressions that really silence the rule', () => {
    const out = runCli(['explain', 'no-wildcard-action']).stdout;
    const nextLine = out.split('\n').find((l) => l.includes('iamlint-disable-next-line'))!.trim();
    expect(nextLine).toBe('// iamlint-disable-next-line no-wildcard-action -- <reason>');
    const metadata = out.slice(out.indexOf('      Metadata:'), out.indexOf('reason: <reason>') + 'reason: <reason>'.length);
    const policy = (comment: string) => `{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n${comment}    "Action": "s3:*",\n    "Resource": "arn:aws:s3:::acme/*"\n  }]\n}\n`;
    const template = [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      ...metadata.split('\n').map((l) => `    ${l.slice(6)}`),
      '    Properties:',
      '      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: "sts:AssumeRole" }] }',
      '      Policies:',
      '        - PolicyName: p',
      '          PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:*", Resource: "arn:aws:s3:::acme/*" }] }',
    ].join('\n');
    const dir = scratch({
      'package.json': '{}',
      'plain.json': policy(''),
      'commented.json': policy(`    ${nextLine.replace('<reason>', 'uploads need every object action')}\n`),
      'template.yaml': `${template}\n`,
    });
    try {
      const rule = ['--rule', 'no-inline-policy:off', '--rule', 'require-mfa:off', '-f', 'compact'];
      expect(runCli([...rule, 'plain.json'], { cwd: dir.dir }).stdout).toContain('[no-wildcard-action]');
      const commented = runCli([...rule, 'commented.json'], { cwd: dir.dir });
      expect(commented.stdout).not.toContain('no-wildcard-action');
      expect(commented.stdout).not.toContain('iamlint/suppression');
      const templated = runCli([...rule, 'template.yaml'], { cwd: dir.dir });
      expect(templated.stdout).not.toContain('no-wildcard-action');
      expect(templated.stdout).not.toContain('iamlint/suppression');
    } finally {
      dir.cleanup();
    }
  });

  it('says parse-error cannot be suppressed', () => {
    const out = runCli(['explain', 'parse-error']).stdout;
    expect(out).toContain('parse-error findings cannot be suppressed by comments, template metadata or a baseline');
    expect(out).not.toContain('iamlint-disable');
  });

  it('explains a plugin rule from its meta', () => {
    const dir = scratch({ 'package.json': '{}', '.iamlintrc.json': JSON.stringify({ plugins: ['./require-sid.js'] }) });
    copyFileSync(join(repoRoot, 'fixtures', 'plugins', 'local-plugin', 'require-sid.js'), join(dir.dir, 'require-sid.js'));
    try {
      const run = runCli(['explain', 'acme/require-sid'], { cwd: dir.dir });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('acme/require-sid\n\n  Severity: warning · kinds: all kinds · no automatic fix · from a plugin\n\nWHAT IT REPORTS\n  Every statement has a Sid\n');
      expect(run.stdout).toContain('// iamlint-disable-next-line acme/require-sid -- <reason>');
      expect(runCli(['explain', 'acme/require-sid', '--no-config'], { cwd: dir.dir }).status).toBe(2);
    } finally {
      dir.cleanup();
    }
  });
});
