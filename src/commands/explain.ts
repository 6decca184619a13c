import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Chalk } from 'chalk';
import type { AnyRule } from '../engine/rule.js';
import { ruleDocText } from '../engine/rule-docs.js';
import { closest } from '../iam/similar.js';
import { UNSUPPRESSIBLE } from '../suppress/apply.js';
import { POLICY_KINDS } from '../types.js';
import { ruleRegistry, type CommandHost, type ConfigFlags } from './index.js';
import { renderMarkdown } from './markdown.js';

/** `iamlint explain RULE`: the rule's doc for the terminal, then how to suppress it. */
export async function explainCommand(id: string, opts: ConfigFlags & { color?: boolean }, host: CommandHost): Promise<number> {
  const { io } = host;
  const { builtin, rules } = await ruleRegistry(opts);
  const rule = rules.find((r) => r.meta.id === id);
  if (!rule) {
    const near = closest(id, rules.map((r) => r.meta.id), 3);
    io.stderr.write(`iamlint: unknown rule "${id}"${near.length ? `; did you mean ${near.join(', ')}?` : ''} (iamlint rules lists every rule)\n`);
    return 2;
  }
  const chalk = new Chalk({ level: host.colorLevel(opts.color, io.stdout, io.env) });
  const width = Math.min(io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 100, 100);
  const doc = ruleDocument(rule, builtin.has(id));
  const markdown = `${doc}\n\n${suppressSection(rule)}`;
  io.stdout.write(renderMarkdown(`# ${id}\n\n${metaLine(rule, builtin.has(id))}\n\n${markdown}`, chalk, width));
  return 0;
}

function metaLine(rule: AnyRule, isBuiltin: boolean): string {
  const { meta } = rule;
  const kinds = meta.kinds.length === POLICY_KINDS.length ? 'all kinds' : meta.kinds.join(', ');
  return [
    `Severity: ${meta.severity}${meta.offByDefault ? ' (off unless configured)' : ''}`,
    `kinds: ${kinds}`,
    meta.fixable ? 'fixable with `--fix`' : 'no automatic fix',
    isBuiltin ? 'built-in' : 'from a plugin',
  ].join(' · ');
}

/** The doc without its title: rules/<id>.md for built-ins; a plugin's `meta.docs` when it is a Markdown file, else its description. */
function ruleDocument(rule: AnyRule, isBuiltin: boolean): string {
  const { id, docs, description } = rule.meta;
  let text: string | undefined;
  if (isBuiltin) text = ruleDocText(id);
  else if (docs && /\.md$/i.test(docs) && !/^[a-z]+:\/\//i.test(docs) && existsSync(resolve(docs))) text = readFileSync(resolve(docs), 'utf8');
  if (text) return text.replace(/^#\s+.*\n/, '');
  return `## What it reports\n\n${description}\n${docs ? `\nDocumentation: ${docs}\n` : ''}`;
}

/** How to silence the rule, in each place the suppression syntax allows (README "Suppressing findings"). */
export function suppressSection(rule: AnyRule): string {
  const { id, severity } = rule.meta;
  if (UNSUPPRESSIBLE.has(id)) {
    return [
      '## Suppress it',
      '',
      `\`${id}\` findings cannot be suppressed by comments, template metadata or a baseline: a file that cannot be read has no comments to trust. Fix the file, leave it out with \`ignores\` in the configuration or \`--ignore-pattern\`, or turn the rule off:`,
      '',
      '```json',
      `{ "rules": { "${id}": "off" } }`,
      '```',
    ].join('\n');
  }
  return [
    '## Suppress it',
    '',
    'Fix the policy when you can. Otherwise silence the finding where it is, with a reason after ` -- ` (`--require-reason` reports suppressions without one):',
    '',
    '- On the line before the finding, in a JSON comment (`//` or `/* */`) or a YAML comment (`#`):',
    '',
    '```',
    `// iamlint-disable-next-line ${id} -- <reason>`,
    '```',
    '',
    '- For a range of lines, until the enable comment or the end of the file:',
    '',
    '```yaml',
    `# iamlint-disable ${id} -- <reason>`,
    `# iamlint-enable ${id}`,
    '```',
    '',
    '- For a CloudFormation resource and every policy it holds, in its `Metadata` (CDK: `addMetadata`):',
    '',
    '```yaml',
    'Metadata:',
    '  iamlint:',
    '    ignore:',
    `      - rule: ${id}`,
    '        reason: <reason>',
    '```',
    '',
    '- In the configuration: for some actions, resources or files with the `ignore` option, or off for some files with `overrides`:',
    '',
    '```json',
    '{',
    `  "rules": { "${id}": ["${severity}", { "ignore": { "actions": ["logs:*"], "paths": ["legacy/**"] } }] },`,
    `  "overrides": [{ "files": ["sandbox/**"], "rules": { "${id}": "off" } }]`,
    '}',
    '```',
  ].join('\n');
}
