/**
 * SARIF output, validated against the SARIF 2.1.0 JSON schema. The schema file is
 * `lib/schemas/sarif-2.1.0-rtm.5.json` from the npm package @microsoft/jest-sarif 1.0.0-beta.0
 * (MIT), copied unchanged: the 2.1.0 schema (rtm.5 is the OASIS standard's final draft), in JSON Schema draft-04.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import AjvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { formatSarif, sarifStream } from '../../src/formatters/sarif.js';
import type { FileResult } from '../../src/types.js';
import { repoRoot, runCli, scratch } from '../helpers/cli.js';
import { INPUTS, lintInputs } from './support.js';

const schema = JSON.parse(readFileSync(new URL('./sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
// The schema's language pattern has a stray `]` that is an error only in unicode mode.
// CommonJS packages whose classes sit on `default` (module.exports is the same function).
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
AjvFormats.default(ajv);
const validate = ajv.compile(schema);

function schemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`);
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> }; logicalLocations?: { name: string; fullyQualifiedName: string }[] }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; justification?: string }[];
}

describe('sarif format', () => {
  const cli = runCli(['-f', 'sarif', ...INPUTS]);
  const json = JSON.parse(runCli(['-f', 'json', ...INPUTS]).stdout) as { files: { path: string; findings: { ruleId: string; severity: string; line: number; column: number; endLine: number; endColumn: number; message: string; suggestion: string | null }[] }[] };
  const log = JSON.parse(cli.stdout);
  const run = log.runs[0];
  const results = run.results as SarifResult[];

  it('is valid SARIF 2.1.0 and exits as the other formats do', () => {
    expect(cli.status).toBe(1);
    expect(log.version).toBe('2.1.0');
    expect(schemaErrors(log)).toEqual([]);
  });

  it('describes every built-in rule with descriptions, help, doc link and default level', () => {
    const rules = run.tool.driver.rules as { id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[];
    expect(run.tool.driver).toMatchObject({ name: 'iamlint', informationUri: 'https://github.com/iamlint/iamlint', semanticVersion: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(rules.map((r) => r.id)).toEqual(builtinRules.map((r) => r.meta.id));
    for (const rule of builtinRules) {
      const described = rules.find((r) => r.id === rule.meta.id)!;
      const doc = readFileSync(new URL(`../../rules/${rule.meta.id}.md`, import.meta.url), 'utf8');
      const firstLine = doc.split('## What it reports\n\n')[1]!.split('\n')[0]!;
      expect(described.shortDescription.text).toBe(rule.meta.description);
      expect(described.fullDescription.text.startsWith(firstLine)).toBe(true);
      expect(described.help.text).toContain(described.fullDescription.text);
      expect(described.helpUri).toBe(`https://github.com/iamlint/iamlint/blob/main/rules/${rule.meta.id}.md`);
      expect(described.defaultConfiguration.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[rule.meta.severity]);
    }
  });

  it('has one result per finding, at the same place, with message, suggestion and rule index', () => {
    const findings = json.files.flatMap((f) => f.findings.map((x) => ({ ...x, file: f.path })));
    expect(results.length).toBe(findings.length);
    expect(findings.length).toBeGreaterThan(10);
    results.forEach((r, i) => {
      const f = findings[i]!;
      expect(r.ruleId).toBe(f.ruleId);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(f.ruleId);
      expect(r.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[f.severity]);
      expect(r.message.text).toBe(f.suggestion ? `${f.message}\n${f.suggestion}` : f.message);
      expect(r.locations[0]!.physicalLocation).toEqual({
        artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' },
        region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
      });
    });
    expect(new Set(results.map((r) => r.partialFingerprints['iamlintFinding/v2'])).size).toBe(results.length);
  });

  it('names the policy and the element as a logical location', () => {
    const template = results.find((r) => r.ruleId === 'no-inline-policy' && r.locations[0]!.physicalLocation.artifactLocation.uri === 'examples/cloudformation/app-stack.yaml')!;
    expect(template.locations[0]!.logicalLocations).toEqual([{ name: 'WorkerRole policy "logs-access"', fullyQualifiedName: 'Resources.WorkerRole.Properties.Policies[0].PolicyName', kind: 'object' }]);
    const inPolicy = results.find((r) => r.ruleId === 'no-wildcard-action' && r.locations[0]!.physicalLocation.artifactLocation.uri === 'examples/cloudformation/app-stack.yaml')!;
    expect(inPolicy.locations[0]!.logicalLocations![0]!.fullyQualifiedName).toMatch(/^Resources\.\w+\.Properties\.PolicyDocument\.Statement\[0\]\.Action$/);
    const bare = results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'examples/policies/app-data-access.json')!;
    expect(bare.locations[0]!.logicalLocations).toEqual([{ name: 'app-data-access.json', fullyQualifiedName: 'Statement[0].Action[0]', kind: 'object' }]);
  });

  it('keeps fingerprints when lines above a finding move, and changes them when the offending text does', () => {
    const policy = (pad: string, action: string) => `${pad}{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "${action}", "Resource": "*"}]\n}\n`;
    const fingerprints = (text: string) => {
      const s = scratch({ 'p.json': text });
      try {
        const r = JSON.parse(runCli(['-f', 'sarif', 'p.json'], { cwd: s.dir }).stdout).runs[0].results as SarifResult[];
        return r.map((x) => [x.ruleId, x.locations[0]!.physicalLocation.region.startLine, x.partialFingerprints['iamlintFinding/v2']] as const);
      } finally {
        s.cleanup();
      }
    };
    const before = fingerprints(policy('', 'iam:*'));
    const after = fingerprints(policy('\n\n\n', 'iam:*'));
    const other = fingerprints(policy('', 'ec2:*'));
    expect(before.length).toBeGreaterThan(0);
    expect(after.map(([id, , fp]) => [id, fp])).toEqual(before.map(([id, , fp]) => [id, fp]));
    expect(after[0]![1]).toBe(before[0]![1]! + 3);
    expect(other.find(([id]) => id === 'no-wildcard-action')![2]).not.toBe(before.find(([id]) => id === 'no-wildcard-action')![2]);
  });

  it('gives a file one URI and fingerprint however its path was typed, and keeps fingerprints when a policy moves in its list', () => {
    const inline = (name: string, action: string) => `        - PolicyName: ${name}\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement: [{Effect: Allow, Action: "${action}", Resource: "arn:aws:s3:::logs/*"}]\n`;
    const stack = (policies: string) => `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}\n      Policies:\n${policies}`;
    const s = scratch({ 'my stacks/app.yaml': stack(inline('read', 's3:GetObjekt')) });
    try {
      const sarif = (...args: string[]) => {
        const log = JSON.parse(runCli(['--no-config', '-f', 'sarif', ...args], { cwd: s.dir }).stdout);
        return (log.runs[0].results as SarifResult[]).map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation, r.partialFingerprints['iamlintFinding/v2']] as const);
      };
      const typed = sarif('my stacks/app.yaml');
      expect(typed.map(([id, location]) => [id, location])).toEqual([
        ['no-inline-policy', { uri: 'my%20stacks/app.yaml', uriBaseId: '%SRCROOT%' }],
        ['unknown-action', { uri: 'my%20stacks/app.yaml', uriBaseId: '%SRCROOT%' }],
      ]);
      expect(sarif('.')).toEqual(typed);
      expect(sarif(s.dir)).toEqual(typed);
      expect(sarif('./my stacks//app.yaml')).toEqual(typed);
      // Another policy listed first moves this one to Policies[1]: the same alerts, plus the new policy's.
      writeFileSync(join(s.dir, 'my stacks/app.yaml'), stack(inline('write', 's3:PutObjekt') + inline('read', 's3:GetObjekt')));
      const moved = sarif('.');
      for (const alert of typed) expect(moved).toContainEqual(alert);
      expect(moved).toHaveLength(4);
    } finally {
      s.cleanup();
    }
  });

  it('names the element of an account snapshot policy once in its logical location', () => {
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }] });
    const snapshot = { UserDetailList: [{ UserName: 'carol', Arn: 'arn:aws:iam::111122223333:user/carol', UserPolicyList: [{ PolicyName: 'read', PolicyDocument: document }], GroupList: [], AttachedManagedPolicies: [] }], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    const s = scratch({ 'account.json': JSON.stringify(snapshot, null, 2) });
    try {
      const log = JSON.parse(runCli(['--no-config', '-f', 'sarif', 'account.json'], { cwd: s.dir }).stdout);
      const inline = (log.runs[0].results as SarifResult[]).find((r) => r.ruleId === 'no-inline-policy')!;
      expect(inline.locations[0]!.logicalLocations![0]!.fullyQualifiedName).toBe('UserDetailList[0].UserPolicyList[0].PolicyName');
    } finally {
      s.cleanup();
    }
  });

  it('marks suppressed findings as suppressed, with their justification, and stays valid', async () => {
    const { results: linted, context } = await lintInputs(['examples/policies']);
    const suppressed: FileResult[] = linted.map((r) => ({
      ...r,
      findings: r.findings.map((f, i) => (i === 0 ? { ...f, suppressions: [{ kind: 'inSource' as const, justification: 'reviewed in SEC-42' }, { kind: 'external' as const }] } : f)),
    }));
    const out = JSON.parse(formatSarif(suppressed, context));
    expect(schemaErrors(out)).toEqual([]);
    const marked = (out.runs[0].results as SarifResult[]).filter((r) => r.suppressions);
    expect(marked.length).toBe(suppressed.filter((r) => r.findings.length > 0).length);
    expect(marked[0]!.suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'reviewed in SEC-42' },
      { kind: 'external', status: 'accepted' },
    ]);
    expect(out.runs[0].results.length).toBe(linted.reduce((n, r) => n + r.findings.length, 0));
  });

  it('lists a plugin rule named by a finding, and encodes unusual file names', async () => {
    const { context } = await lintInputs(['examples/policies/least-privilege.json']);
    const finding = { ruleId: 'acme/tagging', severity: 'info' as const, message: 'm', line: 1, column: 1, endLine: 1, endColumn: 2, path: [], policy: null };
    const out = JSON.parse(formatSarif([{ path: join('dir with space', 'p#1.json'), policies: 1, findings: [finding] }], context));
    expect(schemaErrors(out)).toEqual([]);
    const [result] = out.runs[0].results as SarifResult[];
    expect(out.runs[0].tool.driver.rules[result!.ruleIndex]).toMatchObject({ id: 'acme/tagging', defaultConfiguration: { level: 'note' } });
    expect(result!.level).toBe('note');
    expect(result!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/p%231.json');
  });

  it('describes a configured plugin rule by its own meta, through the CLI: description and default level, not the id and the level found', () => {
    const dir = join(repoRoot, 'fixtures', 'plugins', 'local-plugin');
    const log = JSON.parse(runCli(['-f', 'sarif', '--rule', 'acme/require-sid:error', 'policy.json'], { cwd: dir }).stdout);
    const rule = (log.runs[0].tool.driver.rules as { id: string }[]).find((r) => r.id === 'acme/require-sid');
    expect(rule).toMatchObject({ shortDescription: { text: 'Every statement has a Sid' }, defaultConfiguration: { level: 'warning' } });
    expect((log.runs[0].results as SarifResult[]).find((r) => r.ruleId === 'acme/require-sid')?.level).toBe('error');
  });

  it('streams file by file: the log opens with the first file, and a rule id first seen later is listed at its index', async () => {
    const { context } = await lintInputs(['examples/policies/least-privilege.json']);
    const finding = (ruleId: string) => ({ ruleId, severity: 'warning' as const, message: ruleId, line: 1, column: 1, endLine: 1, endColumn: 2, path: [], policy: null });
    const stream = sarifStream(context);
    const first = stream.file({ path: 'a.json', policies: 1, findings: [finding('no-wildcard-action')] }, undefined);
    expect(first).toMatch(/^\{\n {2}"\$schema": /);
    expect(first).toContain('"ruleId": "no-wildcard-action"');
    const empty = stream.file({ path: 'b.json', policies: 1, findings: [] }, undefined);
    expect(empty).toBe('');
    const later = stream.file({ path: 'c.json', policies: 1, findings: [finding('acme/first'), finding('acme/second'), finding('acme/first')] }, undefined);
    expect(later).toMatch(/^,\n {8}\{/);
    const out = JSON.parse(first + empty + later + stream.end());
    expect(schemaErrors(out)).toEqual([]);
    const rules = out.runs[0].tool.driver.rules as { id: string }[];
    expect(rules.slice(-2).map((r) => r.id)).toEqual(['acme/first', 'acme/second']);
    expect((out.runs[0].results as SarifResult[]).map((r) => rules[r.ruleIndex]!.id)).toEqual(['no-wildcard-action', 'acme/first', 'acme/second', 'acme/first']);
    expect(rules.filter((r) => r.id === 'acme/first')).toHaveLength(1);
  });

  it('is a valid log when no file was linted', async () => {
    const { context } = await lintInputs(['examples/policies/least-privilege.json']);
    const out = JSON.parse(formatSarif([], context));
    expect(schemaErrors(out)).toEqual([]);
    expect(out.runs[0].results).toEqual([]);
  });

  it('is valid for a clean run too', () => {
    const r = runCli(['-f', 'sarif', 'examples/policies/least-privilege.json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(schemaErrors(out)).toEqual([]);
    expect(out.runs[0].results).toEqual([]);
  });
});
