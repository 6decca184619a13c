/** `iamlint rules` and the command-line shape the commands give the CLI. */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { POLICY_KINDS } from '../../src/types.js';
import { repoRoot, runCli, scratch } from '../helpers/cli.js';

interface Listed {
  id: string;
  severity: string;
  enabledByDefault: boolean;
  fixable: boolean;
  kinds: string[];
  description: string;
  source: string;
  options: string[];
}

const withPlugin = scratch({
  'package.json': '{}',
  '.iamlintrc.json': JSON.stringify({ plugins: ['./require-sid.js'] }),
});
copyFileSync(join(repoRoot, 'fixtures', 'plugins', 'local-plugin', 'require-sid.js'), join(withPlugin.dir, 'require-sid.js'));
afterAll(() => withPlugin.cleanup());

describe('iamlint rules --format json', () => {
  const run = runCli(['rules', '--format', 'json', '--no-config']);
  const listed = (JSON.parse(run.stdout) as { rules: Listed[] }).rules;

  it('lists every built-in rule, in order, with its meta', () => {
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(listed).toEqual(
      builtinRules.map(({ meta }) => ({
        id: meta.id,
        severity: meta.severity,
        enabledByDefault: !meta.offByDefault,
        fixable: meta.fixable === true,
        kinds: [...meta.kinds],
        description: meta.description,
        source: 'builtin',
        options: Object.keys(meta.options ?? {}),
      })),
    );
  });

  it('marks the fixable and the off-by-default rules', () => {
    const fixable = listed.filter((r) => r.fixable).map((r) => r.id);
    expect(fixable).toEqual(builtinRules.filter((r) => r.meta.fixable).map((r) => r.meta.id));
    expect(fixable).toEqual(expect.arrayContaining(['redundant-action', 'redundant-resource']));
    expect(listed.filter((r) => !r.enabledByDefault).map((r) => r.id)).toContain('no-unconstrained-write');
  });

  it('refuses lint options written before the command, which it would not see', () => {
    const r = runCli(['-f', 'json', 'rules']);
    expect(r).toMatchObject({ status: 2, stdout: '', stderr: 'iamlint: --format before "rules" is an option of linting; write the command\'s options after it (iamlint rules --help)\n' });
    expect(runCli(['--no-config', 'rules']).stderr).toBe('iamlint: --config/--no-config before "rules" is an option of linting; write the command\'s options after it (iamlint rules --help)\n');
    expect(runCli(['rules', '-f', 'json', '--no-config']).status).toBe(0);
  });

  it('adds the rules of configured plugins, and leaves them out with --no-config', () => {
    const plugin = (JSON.parse(runCli(['rules', '-f', 'json'], { cwd: withPlugin.dir }).stdout) as { rules: Listed[] }).rules;
    expect(plugin.at(-1)).toMatchObject({ id: 'acme/require-sid', severity: 'warning', source: 'plugin', description: 'Every statement has a Sid' });
    expect(plugin).toHaveLength(builtinRules.length + 1);
    const none = (JSON.parse(runCli(['rules', '-f', 'json', '--no-config'], { cwd: withPlugin.dir }).stdout) as { rules: Listed[] }).rules;
    expect(none).toHaveLength(builtinRules.length);
  });
});

describe('iamlint rules', () => {
  const run = runCli(['rules', '--no-config']);
  const lines = run.stdout.split('\n');

  it('prints a header, one aligned row per rule and a count', () => {
    expect(run.status).toBe(0);
    expect(lines[0]).toMatch(/^rule +severity +fix +kinds +description$/);
    const descriptionColumn = lines[0]!.indexOf('description');
    for (const { meta } of builtinRules) {
      const row = lines.find((l) => l.startsWith(`${meta.id} `));
      expect(row, meta.id).toBeDefined();
      expect(row!.slice(descriptionColumn)).toBe(meta.description);
      const kinds = meta.kinds.length === POLICY_KINDS.length ? 'all' : meta.kinds.join(', ');
      expect(row).toContain(`  ${kinds}  `);
    }
    expect(run.stdout).toContain(`\n${builtinRules.length} rules.`);
  });

  it('shows the fix column and the off-by-default marker', () => {
    const row = (id: string) => lines.find((l) => l.startsWith(`${id} `))!.replace(/ {2,}/g, ' | ');
    expect(row('redundant-action')).toBe('redundant-action | info | yes | all | An action repeated, or already covered by a wildcard, in the same statement');
    expect(row('no-unconstrained-write')).toMatch(/^no-unconstrained-write \| info \(off\) \| identity, boundary \| /);
    expect(row('duplicate-sid')).toBe('duplicate-sid | error | all | Two statements with the same Sid');
  });

  it('counts plugin rules', () => {
    const out = runCli(['rules'], { cwd: withPlugin.dir }).stdout;
    expect(out).toMatch(/\nacme\/require-sid +warning +all +Every statement has a Sid\n/);
    expect(out).toContain(`${builtinRules.length + 1} rules (1 from plugins).`);
  });

  it('refuses an unknown format with exit 2', () => {
    const bad = runCli(['rules', '--format', 'xml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("argument 'xml' is invalid. Allowed choices are text, json.");
  });
});

describe('commands beside the lint command', () => {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

  it('lists the commands and how to lint a folder named like one in --help', () => {
    const help = runCli(['--help']).stdout;
    expect(help).toMatch(/\n {2}rules \[options\] +list every rule/);
    expect(help).toMatch(/\n {2}explain \[options\] <rule-id> +show a rule's documentation/);
    expect(help).toMatch(/\n {2}expand \[options\] <patterns\.\.\.> +list the actions/);
    expect(help).toContain('to lint a folder with one of these names, write ./rules.');
  });

  it('takes a first argument "rules" as the command and "./rules" as a folder', () => {
    const folder = scratch({ 'package.json': '{}', 'rules/admin.json': policy, 'explain/admin.json': policy });
    try {
      const command = runCli(['rules'], { cwd: folder.dir });
      expect(command.status).toBe(0);
      expect(command.stdout).toMatch(/^rule +severity/);
      const linted = runCli(['-f', 'compact', './rules'], { cwd: folder.dir });
      expect(linted.status).toBe(1);
      expect(linted.stdout).toContain('rules/admin.json:1:65: error: Statement #1 allows every action ("*") on "*" [no-wildcard-action]');
      // Only the first argument can be a command: later ones are paths.
      const later = runCli(['-f', 'compact', './rules', 'explain'], { cwd: folder.dir });
      expect(later.stdout).toContain('explain/admin.json:1:65: error:');
    } finally {
      folder.cleanup();
    }
  });

  it('has no "help" command: "help" is a path like any other', () => {
    const run = runCli(['help']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('iamlint: help: no such file or folder\n');
  });

  it('gives each command its own --help', () => {
    const run = runCli(['expand', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: iamlint expand [options] <patterns...>');
    expect(run.stdout).toContain('--access-level <levels>');
  });
});
