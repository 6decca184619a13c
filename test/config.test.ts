import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_STACK, repoRoot, runCli, scratch } from './helpers/cli.js';

const wildcard = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Logs', Effect: 'Allow', Action: 'logs:*', Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/app/*' }] }, null, 2);

function withConfig(files: Record<string, string>, args: string[] = ['policy.json']) {
  const s = scratch({ 'policy.json': wildcard, ...files });
  try {
    return runCli(args, { cwd: s.dir });
  } finally {
    s.cleanup();
  }
}

describe('configuration', () => {
  it.each([
    ['.iamlintrc.json', '{"rules": {"no-wildcard-action": "off"}}'],
    ['.iamlintrc', '{"rules": {"no-wildcard-action": "off"}}'],
    ['.iamlintrc.yaml', 'rules:\n  no-wildcard-action: "off"\n'],
    ['.iamlintrc.yml', 'rules:\n  no-wildcard-action: "off"\n'],
    ['iamlint.config.mjs', 'export default { rules: { "no-wildcard-action": "off" } };\n'],
    ['iamlint.config.cjs', 'module.exports = { rules: { "no-wildcard-action": "off" } };\n'],
    ['package.json', '{"name": "x", "iamlint": {"rules": {"no-wildcard-action": "off"}}}'],
  ])('is read from %s', (name, content) => {
    const r = withConfig({ [name]: content });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No problems');
  });

  it('is found in a parent folder', () => {
    const s = scratch({ '.iamlintrc.json': '{"rules": {"no-wildcard-action": "off"}}', 'sub/policy.json': wildcard });
    try {
      expect(runCli(['policy.json'], { cwd: join(s.dir, 'sub') }).status).toBe(0);
    } finally {
      s.cleanup();
    }
  });

  it('is ignored with --no-config and taken from -c', () => {
    expect(withConfig({ '.iamlintrc.json': '{"rules": {"no-wildcard-action": "off"}}' }, ['--no-config', '--max-warnings', '0', 'policy.json']).status).toBe(1);
    expect(withConfig({ 'custom.json': '{"rules": {"no-wildcard-action": "off"}}' }, ['-c', 'custom.json', '--max-warnings', '0', 'policy.json']).status).toBe(0);
  });

  it('takes [severity, options] and passes the options to the rule', () => {
    const r = withConfig({ '.iamlintrc.json': '{"rules": {"no-wildcard-action": ["error", {"allowServices": ["logs"]}]}}' }, ['--max-warnings', '0', 'policy.json']);
    expect(r.status).toBe(0);
  });

  it.each([
    ['the default severity keeps the levels the rule gives findings (RULES.md)', 'info', ['info 111122223333', 'warning 444455556666']],
    ['another severity applies to every finding', 'warning', ['warning 111122223333', 'warning 444455556666']],
  ])('options with %s', (_, severity, expected) => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['111122223333', 'arn:aws:iam::444455556666:root'] }, Action: 'sts:AssumeRole' }] });
    const config = JSON.stringify({ rules: { 'cross-account-trust': [severity, { knownAccounts: ['111122223333'] }] } });
    const r = withConfig({ '.iamlintrc.json': config, 'trust.json': trust }, ['-f', 'json', '--policy-type', 'trust', 'trust.json']);
    const findings = (JSON.parse(r.stdout) as { files: { findings: { ruleId: string; severity: string; message: string }[] }[] }).files[0]!.findings;
    expect(findings.filter((f) => f.ruleId === 'cross-account-trust').map((f) => `${f.severity} ${/account (\d+)/.exec(f.message)?.[1]}`)).toEqual(expected);
  });

  it('applies ignores relative to the config file', () => {
    const s = scratch({ '.iamlintrc.json': '{"ignores": ["generated/**"]}', 'generated/admin.json': wildcard, 'ok/p.json': wildcard });
    try {
      const r = runCli(['.'], { cwd: s.dir });
      expect(r.stdout).toContain('ok/p.json');
      expect(r.stdout).not.toContain('generated');
    } finally {
      s.cleanup();
    }
  });

  it.each([
    ['{"rulez": {}}', /\.iamlintrc\.json: unknown configuration key "rulez"/],
    ['{"rules": {"no-such-rule": "error"}}', /\.iamlintrc\.json: rules\.no-such-rule: unknown rule/],
    ['{"rules": {"no-wildcard-action": "loud"}}', /rules\.no-wildcard-action: expected "off", "info", "warning", "error"/],
    ['{"rules": {"no-wildcard-action": ["error", {"allowService": ["logs"]}]}}', /rules\.no-wildcard-action: unknown option "allowService" \(known: allowServices\)/],
    ['{"rules": {"no-wildcard-action": ["error", {"allowServices": "logs"}]}}', /option "allowServices" must be a list of strings/],
    ['{"rules": {"no-inline-policy": ["error", {"x": 1}]}}', /unknown option "x" \(the rule takes no options\)/],
    ['{"ignores": "dist"}', /"ignores" must be a list of strings/],
    ['{"plugins": ["./missing.js"]}', /plugins: cannot load "\.\/missing\.js"|plugins: cannot find "\.\/missing\.js"/],
    ['{"rules": ', /cannot read configuration/],
  ])('rejects %s with exit 2, naming the file and key', (content, message) => {
    const r = withConfig({ '.iamlintrc.json': content });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(NO_STACK);
  });
});

describe('a configuration file that cannot be read', () => {
  it.each([
    ['.iamlintrc.json', '{\n  "rules": {\n    "no-wildcard-resource": "off"\n    "no-wildcard-action": "off"\n  }\n}\n', "cannot read configuration .iamlintrc.json: line 4, column 5: Expected ',' before this"],
    ['iamlint.config.mjs', 'export default {\n  rules: {\n', 'cannot read configuration iamlint.config.mjs: line 3: Unexpected end of input'],
    ['iamlint.config.cjs', 'module.exports = {\n  rules: { "no-wildcard-resource": "off" \n', 'cannot read configuration iamlint.config.cjs: line 3: Unexpected end of input'],
    ['iamlint.config.cjs', 'throw new Error("no secrets here");\n', 'cannot read configuration iamlint.config.cjs: no secrets here'],
    ['iamlint.config.mjs', 'throw "not an error";\n', 'cannot read configuration iamlint.config.mjs: it threw "not an error"'],
    ['iamlint.config.cjs', 'require("./shared-rules");\n', "cannot read configuration iamlint.config.cjs: Cannot find module './shared-rules'"],
    ['package.json', '{"name": "app", "iamlint": {"rules": {}}, "private": }\n', 'cannot read package.json: line 1, column 54: Expected a value'],
  ])('%s: one line naming the file, the place and what is wrong, exit 2', (name, content, message) => {
    const r = withConfig({ [name]: content });
    expect(r).toMatchObject({ status: 2, stdout: '', stderr: `iamlint: ${message}\n` });
  });

  it('refuses a package.json given with --config that has no iamlint key, instead of running on the defaults', () => {
    const r = withConfig({ 'tools/package.json': '{"name": "tools"}\n' }, ['--config', 'tools/package.json', 'policy.json']);
    expect(r).toMatchObject({ status: 2, stdout: '', stderr: 'iamlint: --config tools/package.json: it has no "iamlint" key\n' });
  });

  it('reads a JSON config with comments and trailing commas, as a policy file is read', () => {
    const r = withConfig({ '.iamlintrc.json': '{\n  // the wildcard is reviewed\n  "rules": {"no-wildcard-resource": "off", "no-wildcard-action": "off",},\n}\n' });
    expect(r).toMatchObject({ status: 0, stderr: '' });
  });
});

describe('plugins', () => {
  const dir = join(repoRoot, 'fixtures', 'plugins', 'local-plugin');

  it('load rules through the same API as built-ins, with their config', () => {
    const r = runCli(['-f', 'json', 'policy.json'], { cwd: dir });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    const findings = report.files[0].findings;
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'acme/require-sid', severity: 'error', message: 'Statement #1 has no Sid', line: 4, column: 5, suggestion: 'Add "Sid": "Statement1" so reviews and findings can name the statement' }),
    ]);
  });

  const rule = (meta: Record<string, unknown>) => `export default { meta: ${JSON.stringify({ severity: 'warning', description: 'd', kinds: ['identity'], messages: {}, ...meta })}, create: () => ({}) };\n`;

  it.each([
    [{ 'p.js': rule({ id: 'no-wildcard-action' }) }, ['./p.js'], '"./p.js" defines rule "no-wildcard-action", the id of a built-in rule'],
    [{ 'a.js': rule({ id: 'acme/x' }), 'b.js': rule({ id: 'acme/x' }) }, ['./a.js', './b.js'], '"./b.js" defines rule "acme/x", which "./a.js" already defines'],
    [{ 'a.js': rule({ id: 'acme/x' }) }, ['./a.js', './a.js'], '"./a.js" defines rule "acme/x", which it already defines'],
    [{ 'p.js': rule({ id: 'acme/x', kinds: undefined }) }, ['./p.js'], '"./p.js" exports rule "acme/x", whose meta.kinds is not a list of policy kinds (identity, '],
    [{ 'p.js': rule({ id: 'acme/x', severity: 'warn' }) }, ['./p.js'], '"./p.js" exports rule "acme/x", whose meta.severity is "warn", not one of error, warning, info'],
    [{ 'p.js': rule({ id: 'acme/x', messages: { a: 1 } }) }, ['./p.js'], '"./p.js" exports rule "acme/x", whose meta.messages is not an object of message templates'],
    [{ 'p.js': 'export default { meta: { id: "acme/x" } };\n' }, ['./p.js'], '"./p.js" does not export rules made with defineRule() (a rule has meta and create)'],
  ])('refuses a plugin rule the engine could not run, naming the plugin: %#', (files, plugins, message) => {
    const s = scratch({ ...files, '.iamlintrc.json': JSON.stringify({ plugins }), 'policy.json': wildcard });
    try {
      for (const args of [['policy.json'], ['rules']]) {
        const r = runCli(args, { cwd: s.dir });
        expect(r.status).toBe(2);
        expect(r.stderr).toContain(`.iamlintrc.json: plugins: ${message}`);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }
    } finally {
      s.cleanup();
    }
  });
});
