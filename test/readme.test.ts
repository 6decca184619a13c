/** The README's tables are documentation users rely on; these tests keep them in step with the code. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { NESTED_POLICY_PROPERTIES, NESTED_STATEMENT_PROPERTIES, POLICY_PROPERTIES } from '../src/loaders/cloudformation/policy-properties.js';
import { CFN_LAMBDA_PERMISSION } from '../src/loaders/lambda-permission.js';
import { POLICY_KINDS } from '../src/types.js';
import { runCli } from './helpers/cli.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

function tableRows(firstCell: RegExp): string[][] {
  return readme
    .split('\n')
    .filter((l) => firstCell.test(l))
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

describe('README', () => {
  it('lists every built-in rule with its default severity and kinds, and no other', () => {
    const rows = tableRows(/^\| \[`[a-z-]+`\]\(rules\/[a-z-]+\.md\)/);
    const documented = rows.map(([id, severity, kinds]) => ({ id: id!.match(/`([a-z-]+)`/)![1], severity, kinds }));
    const actual = builtinRules.map((r) => ({
      id: r.meta.id,
      severity: r.meta.severity,
      kinds: r.meta.kinds.length === POLICY_KINDS.length ? 'all' : r.meta.kinds.join(', '),
    }));
    expect(documented).toEqual(actual);
  });

  it('lists every CloudFormation resource property that holds a policy', () => {
    const rows = tableRows(/^\| `AWS::/).map(([type, property]) => `${type!.replace(/`/g, '')} ${property!.replace(/`/g, '')}`);
    const expected = [
      ...POLICY_PROPERTIES.map((p) => `${p.type} ${p.property}`),
      ...NESTED_POLICY_PROPERTIES.map((p) => `${p.type} ${p.path.join('.').replace('.*.', '[].')}`),
      ...NESTED_STATEMENT_PROPERTIES.map((p) => `${p.type} ${p.path.join('.')}`),
      `${CFN_LAMBDA_PERMISSION.type} ${CFN_LAMBDA_PERMISSION.attributes.join(', ')}`,
    ];
    expect(rows).toEqual(expected);
  });

  it('documents every option that --help shows', () => {
    const help = runCli(['--help']).stdout;
    const flags = [...help.matchAll(/--[a-z][a-z-]+/g)].map((m) => m[0]);
    expect(new Set(flags).size).toBeGreaterThan(15);
    for (const flag of new Set(flags)) expect(readme, `README lacks ${flag}`).toMatch(new RegExp(`\`(-[a-z], )?${flag}`));
  });

  it('shows real output for the bundled example', () => {
    const out = runCli(['examples/policies/app-data-access.json']).stdout.split('\n').slice(0, 4).join('\n');
    expect(readme).toContain(out);
  });

  it('gives the two set-up commands', () => {
    expect(readme).toContain('npm ci && node bin/iamlint.js examples');
    expect(readme).toContain('npm ci && npm test');
  });
});
