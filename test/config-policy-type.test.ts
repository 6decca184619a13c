/**
 * `policyType` in config overrides: the kind of the bare policy files a glob matches, for repos
 * that keep several kinds side by side (endpoint policies, SCPs, identity policies), which one
 * `--policy-type` for the whole run cannot describe.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../src/api.js';
import type { PolicyKind } from '../src/types.js';
import { runCli, scratch } from './helpers/cli.js';

// A VPC endpoint policy from AWS's data perimeter examples: Principal "*" by design, which a bare
// file's guess takes for a resource policy open to anyone.
const endpointPolicy = `${JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [{ Sid: 'AllowRequestsByAWSServicePrincipals', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { Bool: { 'aws:PrincipalIsAWSService': 'true' } } }],
  },
  null,
  2,
)}\n`;
const files = { 'endpoints/vpce.json': endpointPolicy, 'buckets/vpce.json': endpointPolicy };

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function project(config: unknown): string {
  const { dir, cleanup } = scratch({ ...files, '.iamlintrc.json': JSON.stringify(config) });
  cleanups.push(cleanup);
  return dir;
}

async function findings(config: unknown, policyType?: PolicyKind): Promise<Record<string, string[]>> {
  const dir = project(config);
  const outcome = await lint({ paths: ['.'], cwd: dir, configFile: join(dir, '.iamlintrc.json'), ...(policyType && { policyType }) });
  return Object.fromEntries(outcome.results.filter((r) => !r.skipped).map((r) => [r.path, r.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`)]));
}

const AS_RESOURCE_POLICY = ['no-public-principal 7:20', 'no-wildcard-action 8:17'];

describe('policyType in overrides', () => {
  it('sets the kind of the bare policies its globs match; other files keep the guessed kind', async () => {
    const results = await findings({ overrides: [{ files: ['endpoints/**'], policyType: 'endpoint' }] });
    expect(results).toEqual({ 'buckets/vpce.json': AS_RESOURCE_POLICY, 'endpoints/vpce.json': [] });
  });

  it('is given beside rules in one entry, and a later entry wins', async () => {
    const results = await findings({
      overrides: [
        { files: ['**/*.json'], policyType: 'endpoint', rules: { 'no-public-principal': 'warning' } },
        { files: ['buckets/**'], policyType: 'resource' },
      ],
    });
    expect(results).toEqual({ 'buckets/vpce.json': AS_RESOURCE_POLICY, 'endpoints/vpce.json': [] });
  });

  it('gives way to --policy-type, which sets the kind for the whole run', async () => {
    const results = await findings({ overrides: [{ files: ['endpoints/**'], policyType: 'endpoint' }] }, 'resource');
    expect(results).toEqual({ 'buckets/vpce.json': AS_RESOURCE_POLICY, 'endpoints/vpce.json': AS_RESOURCE_POLICY });
  });

  // Worker threads lint through the same lintEntry, with a RuleSet built from the same config.
  it('applies through the CLI, and to input read from stdin under --stdin-filename', () => {
    const dir = project({ overrides: [{ files: ['endpoints/**'], policyType: 'endpoint' }] });
    const args = ['-f', 'json', '--config', join(dir, '.iamlintrc.json')];
    const counts = (stdout: string) => (JSON.parse(stdout) as { files: { path: string; findings: unknown[] }[] }).files.map((f) => `${f.path} ${f.findings.length}`);
    expect(counts(runCli([...args, 'buckets', 'endpoints'], { cwd: dir }).stdout)).toEqual(['buckets/vpce.json 2', 'endpoints/vpce.json 0']);
    const stdin = runCli([...args, '--stdin-filename', 'endpoints/piped.json', '-'], { cwd: dir, input: endpointPolicy });
    expect(counts(stdin.stdout)).toEqual(['endpoints/piped.json 0']);
  });

  it('is the kind --fix lints a file with again after fixing it', async () => {
    // A repeated action: redundant-action's fix drops it, and the file is linted again as it now is.
    const repeated = endpointPolicy.replace('"Action": "*"', '"Action": ["*", "*"]');
    const { dir, cleanup } = scratch({ 'endpoints/vpce.json': repeated, '.iamlintrc.json': JSON.stringify({ overrides: [{ files: ['endpoints/**'], policyType: 'endpoint' }] }) });
    cleanups.push(cleanup);
    const outcome = await lint({ paths: ['.'], cwd: dir, configFile: join(dir, '.iamlintrc.json'), fix: true });
    expect(outcome.fixed).toEqual([join('endpoints', 'vpce.json')]);
    expect(outcome.results.find((r) => r.path === join('endpoints', 'vpce.json'))?.findings).toEqual([]);
  });

  it('null in a later entry puts the guess back for the files it matches', async () => {
    const results = await findings({ overrides: [{ files: ['**/*.json'], policyType: 'endpoint' }, { files: ['buckets/**'], policyType: null }] });
    expect(results).toEqual({ 'buckets/vpce.json': AS_RESOURCE_POLICY, 'endpoints/vpce.json': [] });
  });

  it.each([
    [{ overrides: [{ files: ['*.json'], policyType: 'endpont' }] }, /overrides\[0\]: "policyType" must be one of identity, resource, trust, scp, rcp, boundary, endpoint, or null to guess the kind \(did you mean "endpoint"\?\)/],
    [{ overrides: [{ files: ['*.json'], policyType: 'vpc-endpoint' }] }, /\(did you mean "endpoint"\?\)/],
    [{ overrides: [{ files: ['*.json'], policyType: 3 }] }, /overrides\[0\]: "policyType" must be one of identity, .*, endpoint, or null to guess the kind$/],
    [{ overrides: [{ files: ['*.json'] }] }, /overrides\[0\]: give "rules" \(an object of rule id to severity\), "policyType", or both/],
  ])('rejects a wrong policyType, or an entry that sets nothing: %j', async (config, message) => {
    await expect(findings(config)).rejects.toThrow(message);
  });
});
