/** `iamlint expand PATTERN...`: what a pattern grants, checked against the IAM data itself. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const dataRoot = join(repoRoot, 'node_modules', '@cloud-copilot', 'iam-data', 'data');
type RawActions = Record<string, { name: string; accessLevel: string; resourceTypes: { name: string }[] }>;
const rawActions = (service: string): RawActions => JSON.parse(readFileSync(join(dataRoot, 'actions', `${service}.json`), 'utf8')) as RawActions;
/** The data writes some levels as "Permissions management, Write"; the first names the action's kind. */
const level = (raw: string) => raw.split(',')[0]!.trim();

interface Expanded {
  patterns: { pattern: string; actions: number; problem?: string }[];
  filters: { accessLevels?: string[]; resource?: string };
  total: number;
  byAccessLevel: Record<string, number>;
  actions: { action: string; accessLevel: string; wildcardOnly: boolean; resourceTypes: { service: string; name: string; arn: string; required: boolean }[] }[];
  actionList?: string[];
}

function expandJson(...args: string[]): Expanded {
  const run = runCli(['expand', ...args, '--format', 'json']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as Expanded;
}

describe('iamlint expand order', () => {
  it('lists actions of one level by service, then name: inspector before inspector2, whose prefix it is', () => {
    const ids = expandJson('inspector*:List*')
      .actions.filter((a) => a.accessLevel === 'List')
      .map((a) => a.action);
    const services = ids.map((id) => id.slice(0, id.indexOf(':')));
    expect(services.indexOf('inspector')).toBeGreaterThanOrEqual(0);
    expect(services.lastIndexOf('inspector')).toBeLessThan(services.indexOf('inspector2'));
    // Within a service, by name whatever the case.
    const inspector2 = ids.filter((id) => id.startsWith('inspector2:')).map((id) => id.slice(11));
    expect(inspector2).toEqual([...inspector2].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });
});

describe('iamlint expand agrees with the IAM data', () => {
  const s3 = rawActions('s3');

  it('s3:* is every action of s3.json, with its access level', () => {
    const out = expandJson('s3:*');
    expect(out.total).toBe(Object.keys(s3).length);
    expect(out.actions.map((a) => a.action).sort()).toEqual(Object.values(s3).map((a) => `s3:${a.name}`).sort());
    const byLevel: Record<string, number> = {};
    for (const a of Object.values(s3)) byLevel[level(a.accessLevel)] = (byLevel[level(a.accessLevel)] ?? 0) + 1;
    expect(out.byAccessLevel).toEqual(byLevel);
    for (const a of out.actions) expect(a.accessLevel, a.action).toBe(level(s3[a.action.slice(3).toLowerCase()]!.accessLevel));
    const text = runCli(['expand', 's3:*']);
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(new RegExp(`^s3:\\*: ${Object.keys(s3).length} actions \\(List \\d+, Read \\d+, Write \\d+, Permissions management \\d+, Tagging \\d+\\)$`));
  });

  it('s3:Get* is the s3 actions named Get..., case-insensitively', () => {
    const expected = Object.values(s3).filter((a) => a.name.startsWith('Get')).map((a) => `s3:${a.name}`).sort();
    expect(expandJson('s3:Get*').actions.map((a) => a.action).sort()).toEqual(expected);
    expect(expandJson('S3:get*').total).toBe(expected.length);
  });

  it('"*" is every action of every service', () => {
    const services = JSON.parse(readFileSync(join(dataRoot, 'services.json'), 'utf8')) as string[];
    const total = services.reduce((n, s) => n + (existsSync(join(dataRoot, 'actions', `${s}.json`)) ? Object.keys(rawActions(s)).length : 0), 0);
    expect(expandJson('*').total).toBe(total);
  });

  it('gives each action its resource types with their ARN formats, none for wildcard-only actions', () => {
    const out = expandJson('s3:GetObject', 's3:ListAllMyBuckets');
    expect(out.actions).toEqual([
      { action: 's3:ListAllMyBuckets', accessLevel: 'List', wildcardOnly: true, resourceTypes: [] },
      {
        action: 's3:GetObject',
        accessLevel: 'Read',
        wildcardOnly: false,
        resourceTypes: s3.getobject!.resourceTypes.map((t) => ({ service: 's3', name: t.name, arn: expect.stringMatching(/^arn:\$\{Partition\}:s3/), required: expect.any(Boolean) })),
      },
    ]);
    expect(out.actions[1]!.resourceTypes.find((t) => t.name === 'object')!.arn).toBe('arn:${Partition}:s3:::${BucketName}/${ObjectName}');
  });

  it('counts several patterns together without repeating an action', () => {
    const out = expandJson('iam:*Policy*', 'iam:GetPolicy', 'iam:Get*');
    const iam = Object.values(rawActions('iam')).map((a) => a.name);
    const expected = new Set(iam.filter((n) => /policy/i.test(n) || n.startsWith('Get')));
    expect(out.total).toBe(expected.size);
    expect(out.patterns.map((p) => p.actions)).toEqual([iam.filter((n) => /policy/i.test(n)).length, 1, iam.filter((n) => n.startsWith('Get')).length]);
  });
});

describe('iamlint expand filters', () => {
  it('--access-level read,list --resource prints a least-privilege Action list for that resource', () => {
    const args = ['expand', 's3:*', '--access-level', 'read,list', '--resource', 'arn:aws:s3:::acme-reports/*'];
    const run = runCli(args);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[1]).toMatch(/^access level Read, List, acting on arn:aws:s3:::acme-reports\/\*: \d+ actions \(List \d+, Read \d+\)$/);
    expect(run.stdout).toContain('\nResource types\n  s3  object  arn:${Partition}:s3:::${BucketName}/${ObjectName}\n');
    const list = JSON.parse(run.stdout.slice(run.stdout.indexOf('Action list for arn:aws:s3:::acme-reports/*:\n') + 'Action list for arn:aws:s3:::acme-reports/*:\n'.length)) as string[];
    expect(list).toContain('s3:GetObject');
    expect(list).toContain('s3:GetObjectVersion');
    expect(list).not.toContain('s3:ListBucket'); // acts on buckets, not objects
    expect(list).not.toContain('s3:PutObject'); // Write
    expect(list).not.toContain('s3:ListAllMyBuckets'); // only Resource "*"
    const json = expandJson(...args.slice(1));
    expect(json.actionList).toEqual(list);
    expect(json.filters).toEqual({ accessLevels: ['Read', 'List'], resource: 'arn:aws:s3:::acme-reports/*' });
    for (const a of json.actions) {
      expect(['Read', 'List']).toContain(a.accessLevel);
      expect(a.resourceTypes.map((t) => t.name)).toEqual(['object']);
    }
  });

  it('a bucket ARN keeps the bucket actions', () => {
    const list = expandJson('s3:List*', '--resource', 'arn:aws:s3:::acme-reports').actionList!;
    expect(list).toContain('s3:ListBucket');
    expect(list).not.toContain('s3:ListMultipartUploadParts');
  });

  it('--resource "*" keeps wildcard-only actions; an ARN drops them', () => {
    expect(expandJson('s3:ListAllMyBuckets', '--resource', '*').actionList).toEqual(['s3:ListAllMyBuckets']);
    const run = runCli(['expand', 's3:ListAllMyBuckets', '--resource', 'arn:aws:s3:::acme']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('iamlint: no action of "s3:ListAllMyBuckets" is left after the filters\n');
  });

  it('accepts access levels in any case, with spaces or dashes', () => {
    const out = expandJson('iam:*', '--access-level', 'Permissions management,TAGGING');
    expect(new Set(out.actions.map((a) => a.accessLevel))).toEqual(new Set(['Permissions management', 'Tagging']));
    expect(expandJson('iam:*', '--access-level', 'permissions-management').total).toBe(out.byAccessLevel['Permissions management']);
  });
});

describe('iamlint expand problems', () => {
  it('an unknown service or action matches nothing: exit 1 with a did-you-mean', () => {
    const service = runCli(['expand', 's4:GetObject']);
    expect(service.status).toBe(1);
    expect(service.stdout).toBe('s4:GetObject: 0 actions\n');
    expect(service.stderr).toBe('iamlint: "s4:GetObject" matches no action: there is no service "s4"; did you mean s3:GetObject?\n');
    const action = runCli(['expand', 's3:GetObjet']);
    expect(action.status).toBe(1);
    expect(action.stderr).toBe('iamlint: "s3:GetObjet" matches no action of s3; did you mean s3:GetObject?\n');
    const wildcard = runCli(['expand', 's3:Gett*', 's3:GetObject']);
    expect(wildcard.status).toBe(1);
    expect(wildcard.stderr).toBe('iamlint: "s3:Gett*" matches no action of s3\n');
    expect(wildcard.stdout).toContain('s3:GetObject: 1 action (Read 1)\ntogether: 1 action (Read 1)\n');
  });

  it('bad usage is exit 2', () => {
    const cases: [string[], string][] = [
      [['GetObject'], 'iamlint: "GetObject" is not an action pattern: write service:action (s3:GetObject, s3:Get*, iam:*Policy*) or "*"\n'],
      [['s3:Get*', '--access-level', 'reed'], 'iamlint: --access-level: unknown access level "reed"; did you mean read? (known: list, read, write, permissions-management, tagging)\n'],
      [['s3:Get*', '--resource', 'acme-reports'], 'iamlint: --resource: "acme-reports" is not an ARN (arn:partition:service:region:account:resource) nor "*"\n'],
    ];
    for (const [args, stderr] of cases) {
      const run = runCli(['expand', ...args]);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toBe(stderr);
      expect(run.stdout).toBe('');
    }
    expect(runCli(['expand']).status).toBe(2);
  });
});
