/**
 * Suppressions kept out of policy files: config `overrides` per glob and the `ignore` option every
 * rule accepts. Only the no-wildcard-* findings are compared, so rules added later do not matter.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/api.js';
import type { FileResult } from '../../src/types.js';
import { scratch } from '../helpers/cli.js';

const statement = (action: string, resource = '*') => `${JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] }, null, 2)}\n`;

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

async function run(config: unknown, files: Record<string, string>): Promise<Record<string, string[]>> {
  const { dir, cleanup } = scratch({ ...files, '.iamlintrc.json': JSON.stringify(config) });
  cleanups.push(cleanup);
  const outcome = await lint({ paths: ['.'], cwd: dir, configFile: join(dir, '.iamlintrc.json'), ruleOverrides: ['no-wildcard-resource:off', 'redundant-action:off'] });
  return Object.fromEntries(outcome.results.filter((r: FileResult) => !r.skipped).map((r) => [r.path, r.findings.filter((f) => f.ruleId.startsWith('no-wildcard-')).map((f) => `${f.ruleId} ${f.severity} ${f.line}:${f.column}${f.suppressions ? ` ${JSON.stringify(f.suppressions)}` : ''}`)]));
}

const CONFIG_SUPPRESSED = JSON.stringify([{ kind: 'external', justification: 'config' }]);

describe('overrides', () => {
  it('sets rules for the files its globs match, relative to the config file', async () => {
    const results = await run(
      { overrides: [{ files: ['legacy/**'], rules: { 'no-wildcard-action': 'off' } }] },
      { 'legacy/old.json': statement('s3:*'), 'app/new.json': statement('s3:*') },
    );
    expect(results).toEqual({ 'app/new.json': ['no-wildcard-action warning 6:17'], 'legacy/old.json': [] });
  });

  it('later entries win, and a severity alone keeps the options set before it', async () => {
    const results = await run(
      {
        rules: { 'no-wildcard-action': ['warning', { allowServices: ['logs'] }] },
        overrides: [
          { files: ['*.json'], rules: { 'no-wildcard-action': 'error' } },
          { files: ['team-b/*.json'], rules: { 'no-wildcard-action': 'info' } },
        ],
      },
      { 'team-a/p.json': statement('s3:*'), 'team-b/p.json': statement('s3:*'), 'team-b/logs.json': statement('logs:*') },
    );
    expect(results).toEqual({ 'team-a/p.json': ['no-wildcard-action error 6:17'], 'team-b/logs.json': [], 'team-b/p.json': ['no-wildcard-action info 6:17'] });
  });

  it('--rule flags win over overrides', async () => {
    const { dir, cleanup } = scratch({ 'p.json': statement('s3:*'), '.iamlintrc.json': JSON.stringify({ overrides: [{ files: ['*.json'], rules: { 'no-wildcard-action': 'off' } }] }) });
    cleanups.push(cleanup);
    const outcome = await lint({ paths: ['.'], cwd: dir, configFile: join(dir, '.iamlintrc.json'), ruleOverrides: ['no-wildcard-action:error', 'no-wildcard-resource:off'] });
    expect(outcome.results.find((r) => r.path === 'p.json')!.findings.filter((f) => f.ruleId.startsWith('no-wildcard-')).map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['no-wildcard-action error']);
  });

  it.each([
    [{ overrides: {} }, /"overrides" must be a list of \{files, rules, policyType\}/],
    [{ overrides: [{ files: [], rules: {} }] }, /overrides\[0\]: "files" must be a non-empty list of globs/],
    [{ overrides: [{ files: ['*.json'], rules: {}, ignores: [] }] }, /overrides\[0\]: unknown key "ignores" \(known: files, rules, policyType\)/],
    [{ overrides: [{ files: ['*.json'], rules: [] }] }, /overrides\[0\]: "rules" must be an object/],
    [{ overrides: [{ files: ['*.json'], rules: { 'no-wildcard-actions': 'off' } }] }, /overrides\[0\]\.rules\.no-wildcard-actions: unknown rule \(did you mean "no-wildcard-action"\?\)/],
  ])('rejects a malformed override: %j', async (config, message) => {
    await expect(run(config, { 'p.json': statement('s3:*') })).rejects.toThrow(message);
  });
});

describe('the ignore option', () => {
  it('ignores findings on matching actions, kept and marked as suppressed by config', async () => {
    const results = await run(
      { rules: { 'no-wildcard-action': ['warning', { ignore: { actions: ['logs:*'] } }] } },
      { 'logs.json': statement('LOGS:*'), 's3.json': statement('s3:*') },
    );
    expect(results).toEqual({ 'logs.json': [`no-wildcard-action warning 6:17 ${CONFIG_SUPPRESSED}`], 's3.json': ['no-wildcard-action warning 6:17'] });
  });

  it('ignores findings in statements whose resources all match, and findings on a matching resource', async () => {
    const results = await run(
      { rules: { 'no-wildcard-action': ['warning', { ignore: { resources: ['arn:aws:s3:::public-*'] } }] } },
      { 'public.json': statement('s3:*', 'arn:aws:s3:::public-assets/*'), 'private.json': statement('s3:*', 'arn:aws:s3:::private/*') },
    );
    expect(results).toEqual({ 'private.json': ['no-wildcard-action warning 6:17'], 'public.json': [`no-wildcard-action warning 6:17 ${CONFIG_SUPPRESSED}`] });
  });

  it('an action pattern also covers statement-level findings of other rules, e.g. no-wildcard-resource for logs', async () => {
    const { dir, cleanup } = scratch({
      'logs.json': statement('logs:PutLogEvents'),
      's3.json': statement('s3:GetObject'),
      '.iamlintrc.json': JSON.stringify({ rules: { 'no-wildcard-resource': ['warning', { ignore: { actions: ['logs:*'] } }] } }),
    });
    cleanups.push(cleanup);
    const outcome = await lint({ paths: ['.'], cwd: dir, configFile: join(dir, '.iamlintrc.json') });
    expect(outcome.results.filter((r) => !r.skipped).map((r) => [r.path, r.findings.filter((f) => f.ruleId === 'no-wildcard-resource').map((f) => f.suppressions ?? null)])).toEqual([
      ['logs.json', [[{ kind: 'external', justification: 'config' }]]],
      ['s3.json', [null]],
    ]);
  });

  it('paths limit where an ignore applies; with nothing else, the rule is ignored there', async () => {
    const results = await run(
      {
        rules: { 'no-wildcard-action': ['warning', { ignore: { actions: ['logs:*'], paths: ['logging/**'] } }] },
        overrides: [{ files: ['sandbox/**'], rules: { 'no-wildcard-action': ['info', { ignore: { paths: ['sandbox/'] } }] } }],
      },
      { 'logging/shipper.json': statement('logs:*'), 'app/p.json': statement('logs:*'), 'logging/s3.json': statement('s3:*'), 'sandbox/p.json': statement('s3:*') },
    );
    expect(results).toEqual({
      'app/p.json': ['no-wildcard-action warning 6:17'],
      'logging/s3.json': ['no-wildcard-action warning 6:17'],
      'logging/shipper.json': [`no-wildcard-action warning 6:17 ${CONFIG_SUPPRESSED}`],
      'sandbox/p.json': [`no-wildcard-action info 6:17 ${CONFIG_SUPPRESSED}`],
    });
  });

  it.each([
    [{ ignore: ['logs:*'] }, /rules\.no-wildcard-action: option "ignore" must be an object with actions, resources or paths/],
    [{ ignore: { action: ['logs:*'] } }, /rules\.no-wildcard-action: ignore: unknown key "action" \(known: actions, resources, paths\)/],
    [{ ignore: { actions: 'logs:*' } }, /rules\.no-wildcard-action: ignore\.actions must be a list of strings/],
  ])('rejects a malformed ignore: %j', async (options, message) => {
    await expect(run({ rules: { 'no-wildcard-action': ['warning', options] } }, { 'p.json': statement('s3:*') })).rejects.toThrow(message);
  });

  it('is not passed to the rule as one of its options', async () => {
    const results = await run({ rules: { 'no-wildcard-action': ['warning', { allowServices: ['s3'], ignore: { actions: ['logs:*'] } }] } }, { 's3.json': statement('s3:*') });
    expect(results).toEqual({ 's3.json': [] });
  });
});
