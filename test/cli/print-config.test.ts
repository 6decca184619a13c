/** `--print-config <file>`, as in ESLint: what the configuration decides for one file, to debug overrides. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, scratch } from '../helpers/cli.js';

const config = {
  rules: { 'no-wildcard-action': ['warning', { allowServices: ['logs'] }], 'require-mfa': 'off' },
  ignores: ['vendor/**'],
  overrides: [
    { files: ['endpoints/**'], policyType: 'endpoint', rules: { 'no-wildcard-action': 'info' } },
    { files: ['endpoints/legacy/**'], rules: { 'invalid-sid': ['warning', { ignore: { actions: ['s3:*'] } }] } },
  ],
};

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function printConfig(file: string, args: string[] = []): { status: number | null; stderr: string; printed: { configFile: string | null; ignored: boolean; policyType: string | null; rules: Record<string, unknown> } } {
  const s = scratch({ '.iamlintrc.json': JSON.stringify(config) });
  cleanups.push(s.cleanup);
  const r = runCli(['--print-config', file, ...args], { cwd: s.dir });
  return { status: r.status, stderr: r.stderr, printed: r.stdout ? JSON.parse(r.stdout) : undefined };
}

describe('--print-config', () => {
  it('prints the config rules for a file no override matches, and lints nothing (the file need not exist)', () => {
    const { status, printed } = printConfig('policies/new.json');
    expect(status).toBe(0);
    expect(printed.configFile).toMatch(/\.iamlintrc\.json$/);
    expect(printed).toMatchObject({ ignored: false, policyType: null });
    expect(printed.rules['no-wildcard-action']).toEqual({ severity: 'warning', configured: true, options: { allowServices: ['logs'] } });
    expect(printed.rules['require-mfa']).toEqual({ severity: 'off' });
    expect(printed.rules['parse-error']).toEqual({ severity: 'error', configured: false });
    // Every rule is listed, the ones off included.
    expect(Object.keys(printed.rules)).toContain('no-unconstrained-write');
  });

  it('applies the overrides that match, in order, with their policy kind and the ignore option', () => {
    const { printed } = printConfig(join('endpoints', 'legacy', 'vpce.json'));
    expect(printed.policyType).toBe('endpoint');
    // A severity alone keeps the options set before it.
    expect(printed.rules['no-wildcard-action']).toEqual({ severity: 'info', configured: true, options: { allowServices: ['logs'] } });
    // [its own default severity, {options}] gives options and keeps the rule's levels (README).
    expect(printed.rules['invalid-sid']).toEqual({ severity: 'warning', configured: false, options: { ignore: { actions: ['s3:*'] } } });
  });

  it('gives the command line the last word, and says when the file is ignored', () => {
    const { printed } = printConfig('endpoints/vpce.json', ['--rule', 'no-wildcard-action:error', '--policy-type', 'resource']);
    expect(printed.policyType).toBe('resource');
    expect(printed.rules['no-wildcard-action']).toEqual({ severity: 'error', configured: true, options: { allowServices: ['logs'] } });
    expect(printConfig('vendor/x.json').printed.ignored).toBe(true);
    expect(printConfig('p.json', ['--ignore-pattern', '*.json']).printed.ignored).toBe(true);
  });

  it('reads no config with --no-config, and reports a broken config as lint would (exit 2)', () => {
    const { printed } = printConfig('endpoints/vpce.json', ['--no-config']);
    expect(printed).toMatchObject({ configFile: null, policyType: null });
    // Not configured: the rule's own levels hold (a warning for "service:*", an error for "*").
    expect(printed.rules['no-wildcard-action']).toEqual({ severity: 'error', configured: false, options: { allowServices: [] } });
    const broken = runCli(['--print-config', 'p.json', '--rule', 'no-such-rule:off', '--no-config']);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('--rule no-such-rule:off: unknown rule');
  });

  it.each([
    [['p.json', 'policies'], '--print-config takes one file, given as its value; it lints nothing, so it takes no paths (policies)'],
    [['p.json', '--fix', '-f', 'sarif'], '--print-config lints nothing, so --format, --fix would do nothing with it'],
    [['-'], '--print-config needs the path of a file'],
  ])('refuses what it would silently skip: %j (exit 2)', (args, message) => {
    const r = runCli(['--no-config', '--print-config', ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });
});
