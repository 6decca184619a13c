import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/api.js';
import type { Finding } from '../../src/types.js';
import { runCli, scratch } from '../helpers/cli.js';

/** Two typos, each an unknown-action error. */
const policy = (actions: string[], extraSid = '') => `{
  "Version": "2012-10-17",
  "Statement": [${extraSid}
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": ${JSON.stringify(actions)},
      "Resource": "arn:aws:s3:::logs/*"
    }
  ]
}
`;

const template = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: logs
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: logs:PutLogEvent
                Resource: "*"
`;

/** The findings a run with this baseline still counts, through the API, which keeps suppressed ones marked. */
async function open(dir: string, baseline?: string): Promise<Finding[]> {
  const outcome = await lint({ paths: ['.'], cwd: dir, useConfig: false, ...(baseline && { baseline }) });
  return outcome.results.flatMap((r) => r.findings).filter((f) => !f.suppressions?.length);
}

let cleanup = () => {};
afterEach(() => cleanup());

function setUp(files: Record<string, string> = { 'policies/app.json': policy(['s3:GetObjekt', 's3:PutObjekt']), 'stack.yaml': template }) {
  const s = scratch(files);
  cleanup = s.cleanup;
  const run = (...args: string[]) => runCli(['--no-config', ...args], { cwd: s.dir });
  return { dir: s.dir, run, write: (name: string, text: string) => writeFileSync(join(s.dir, name), text) };
}

describe('--write-baseline and --baseline', () => {
  it('records today\'s findings, sorted and pretty, and a run against the baseline passes', async () => {
    const { dir, run } = setUp();
    expect(run('.').status).toBe(1);
    const today = await open(dir);
    expect(today.map((f) => f.ruleId)).toEqual(['unknown-action', 'unknown-action', 'no-inline-policy', 'unknown-action']);
    const written = run('--write-baseline', '.iamlint-baseline.json', '.');
    expect(written).toMatchObject({ status: 0, stdout: '', stderr: 'iamlint: recorded 4 findings in .iamlint-baseline.json\n' });
    const text = readFileSync(join(dir, '.iamlint-baseline.json'), 'utf8');
    const baseline = JSON.parse(text);
    expect(text).toBe(`${JSON.stringify(baseline, null, 2)}\n`);
    expect(baseline.version).toBe(1);
    expect(baseline.tool).toBe('iamlint');
    expect(baseline.findings.map((e: Record<string, unknown>) => [e.ruleId, e.path, e.policy, e.count])).toEqual([
      ['unknown-action', 'policies/app.json', 'app.json', 1],
      ['unknown-action', 'policies/app.json', 'app.json', 1],
      ['no-inline-policy', 'stack.yaml', 'Role policy "logs"', 1],
      ['unknown-action', 'stack.yaml', 'Role policy "logs"', 1],
    ]);
    expect(baseline.findings[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const again = run('--baseline', '.iamlint-baseline.json', '.');
    expect(again).toMatchObject({ status: 0, stderr: '' });
    expect(again.stdout).toContain('No problems');
    expect(await open(dir, '.iamlint-baseline.json')).toEqual([]);
    // Writing twice gives the same bytes: the file diffs cleanly in review.
    run('--write-baseline', '.iamlint-baseline.json', '.');
    expect(readFileSync(join(dir, '.iamlint-baseline.json'), 'utf8')).toBe(text);
  });

  it('leaves fingerprints out when asked to, except against a baseline, which matches on them', async () => {
    const { dir, run } = setUp();
    run('--write-baseline', 'b.json', 'policies');
    const fingerprints = async (options: { baseline?: string }) =>
      (await lint({ paths: ['.'], cwd: dir, useConfig: false, fingerprints: false, ...options })).results.flatMap((r) => r.findings).map((f) => f.fingerprint);
    expect(await fingerprints({})).toEqual([undefined, undefined, undefined, undefined]);
    const withBaseline = await fingerprints({ baseline: 'b.json' });
    expect(withBaseline).toHaveLength(4);
    for (const f of withBaseline) expect(f).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps a finding baselined when lines are inserted above it', async () => {
    const { dir, run, write } = setUp();
    run('--write-baseline', '.iamlint-baseline.json', '.');
    const linesBefore = (await open(dir)).map((f) => f.line);
    const sid = `
    {
      "Sid": "List",
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::logs"
    },`;
    write('policies/app.json', policy(['s3:GetObjekt', 's3:PutObjekt'], sid));
    write('stack.yaml', `# The app's role\n# (reviewed 2024)\n${template}`);
    expect((await open(dir)).map((f) => f.line)).toEqual(linesBefore.map((l, i) => l + (i < 2 ? 6 : 2)));
    expect(await open(dir, '.iamlint-baseline.json')).toEqual([]);
    expect(run('--baseline', '.iamlint-baseline.json', '.').status).toBe(0);
  });

  it('still fails on a new finding, and counts only that one', async () => {
    const { dir, run, write } = setUp();
    run('--write-baseline', '.iamlint-baseline.json', '.');
    write('policies/app.json', policy(['s3:GetObjekt', 's3:PutObjekt', 's3:DeleteObjekt']));
    const r = run('--baseline', '.iamlint-baseline.json', '.');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('1 problem (1 error');
    expect((await open(dir, '.iamlint-baseline.json')).map((f) => f.message)).toEqual([expect.stringContaining('s3:DeleteObjekt')]);
  });

  it('absorbs no more findings with the same value than it recorded', async () => {
    const statement = { Effect: 'Allow', Action: 's3:GetObjekt', Resource: 'arn:aws:s3:::logs/*' };
    const { dir, run, write } = setUp({ 'p.json': JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2) });
    run('--write-baseline', 'b.json', '.');
    write('p.json', JSON.stringify({ Version: '2012-10-17', Statement: [statement, { ...statement, Resource: 'arn:aws:s3:::other/*' }] }, null, 2));
    expect(run('--baseline', 'b.json', '.').status).toBe(1);
    expect((await open(dir, 'b.json')).map((f) => f.line)).toEqual([11]);
  });

  it('leaves an entry unused, without complaint, once its finding is fixed', () => {
    const { run, write } = setUp();
    run('--write-baseline', '.iamlint-baseline.json', '.');
    write('policies/app.json', policy(['s3:GetObject', 's3:PutObjekt']));
    expect(run('--baseline', '.iamlint-baseline.json', '.')).toMatchObject({ status: 0, stderr: '' });
  });

  it('matches paths relative to the baseline file, wherever iamlint runs from', () => {
    const { dir, run } = setUp();
    run('--write-baseline', '.iamlint-baseline.json', 'policies');
    const r = runCli(['--no-config', '--baseline', '../.iamlint-baseline.json', '.'], { cwd: join(dir, 'policies') });
    expect(r.status).toBe(0);
  });

  it('leaves baselined warnings out of --max-warnings', () => {
    const { run } = setUp({ 'p.json': `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::logs/*"}]}\n` });
    expect(run('--max-warnings', '0', '.').status).toBe(1);
    run('--write-baseline', 'b.json', '.');
    expect(run('--baseline', 'b.json', '--max-warnings', '0', '.').status).toBe(0);
  });

  it.each([
    ['is missing', null, /^iamlint: baseline .*nope\.json: no such file \(create it with --write-baseline\)\n$/],
    ['is not JSON', '{"version": 1,', /^iamlint: baseline .*nope\.json: not valid JSON \(.+\)\n$/],
    ['is another tool\'s file', '{"version": 1, "findings": []}', /^iamlint: baseline .*nope\.json: not an iamlint baseline .*\n$/],
    ['has a bad entry', '{"version": 1, "tool": "iamlint", "findings": [{"ruleId": "x"}]}', /^iamlint: baseline .*nope\.json: findings\[0\] needs ruleId, path, policy, fingerprint and a positive count; write it again with --write-baseline\n$/],
    ['has a newer version', '{"version": 2, "tool": "iamlint", "findings": []}', /unsupported version 2/],
  ])('exits 2 with one clear line when the baseline file %s', (_, content, message) => {
    const { run, write } = setUp();
    if (content !== null) write('nope.json', content);
    const r = run('--baseline', 'nope.json', '.');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--write-baseline overwrites the named file and touches nothing else', () => {
    const { dir, run, write } = setUp();
    write('.iamlint-baseline.json', '{\n  "version": 1,\n  "tool": "iamlint",\n<<<<<<< HEAD\n  "findings": []\n=======\n>>>>>>> main\n}\n');
    write('other-baseline.json', '{"keep": true}');
    const before = Object.fromEntries(['policies/app.json', 'stack.yaml', 'other-baseline.json'].map((f) => [f, [readFileSync(join(dir, f), 'utf8'), statSync(join(dir, f)).mtimeMs]]));
    expect(run('--write-baseline', '.iamlint-baseline.json', '--baseline', 'other-baseline.json', 'policies', 'stack.yaml').status).toBe(0);
    for (const [f, [text, mtime]] of Object.entries(before)) {
      expect(readFileSync(join(dir, f), 'utf8')).toBe(text);
      expect(statSync(join(dir, f)).mtimeMs).toBe(mtime);
    }
    expect(JSON.parse(readFileSync(join(dir, '.iamlint-baseline.json'), 'utf8')).findings).toHaveLength(4);
    expect(readdirSync(dir).sort()).toEqual(['.iamlint-baseline.json', 'other-baseline.json', 'policies', 'stack.yaml']);
  });

  it('--write-baseline refuses a file that exists and is not a baseline, or is a path to lint, and "-"', () => {
    const { dir, run, write } = setUp();
    write('notes.json', '{"owner": "platform"}\n');
    const before = readFileSync(join(dir, 'policies/app.json'), 'utf8');
    expect(run('--write-baseline', 'notes.json', '.')).toMatchObject({
      status: 2,
      stdout: '',
      stderr: 'iamlint: --write-baseline notes.json: the file exists and is not an iamlint baseline; give another path, or delete it first\n',
    });
    expect(run('--write-baseline', 'policies/app.json', 'policies/app.json', 'stack.yaml')).toMatchObject({
      status: 2,
      stderr: 'iamlint: --write-baseline policies/app.json: policies/app.json is one of the paths to lint, and writing it would replace it\n',
    });
    expect(run('--write-baseline', '-', '.')).toMatchObject({ status: 2, stderr: 'iamlint: --write-baseline -: give a file name ("-" stands for stdin among the paths to lint)\n' });
    expect(run('-o', './stack.yaml', 'stack.yaml')).toMatchObject({ status: 2, stderr: 'iamlint: --output-file ./stack.yaml: ./stack.yaml is one of the paths to lint, and writing it would replace it\n' });
    expect(readFileSync(join(dir, 'notes.json'), 'utf8')).toBe('{"owner": "platform"}\n');
    expect(readFileSync(join(dir, 'policies/app.json'), 'utf8')).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['notes.json', 'policies', 'stack.yaml']);
  });

  it('tells apart the same attached policy on two principals: moving AdministratorAccess to a user is a new finding', async () => {
    const stack = (groupArns: string[], userArns: string[]) => `Resources:
  Admins:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns: ${JSON.stringify(groupArns)}
  Carol:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns: ${JSON.stringify(userArns)}
`;
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const { dir, run, write } = setUp({ 'iam.yaml': stack([admin], []) });
    expect(run('--write-baseline', 'b.json', '--rule', 'require-mfa:off', '.').status).toBe(0);
    write('iam.yaml', stack([], [admin]));
    const r = run('--baseline', 'b.json', '--rule', 'require-mfa:off', '-f', 'json', '.');
    expect(r.status).toBe(1);
    const shown = JSON.parse(r.stdout).files.flatMap((f: { findings: Finding[] }) => f.findings).map((f: Finding) => `${f.ruleId}: ${f.message.split(' has ')[0]}`);
    expect(shown).toEqual(['no-admin-managed-policy: User "Carol"', 'no-user-attached-policy: User "Carol"']);
  });

  it('keeps the findings of a URL-encoded snapshot document baselined when another statement is added to it', () => {
    const document = (statements: object[]) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 4));
    const typo = { Effect: 'Allow', Action: 's3:GetObjekt', Resource: 'arn:aws:s3:::logs/*' };
    const snapshot = (statements: object[]) =>
      JSON.stringify(
        {
          UserDetailList: [],
          GroupDetailList: [],
          RoleDetailList: [
            {
              Path: '/',
              RoleName: 'reader',
              RoleId: 'AROAREADER',
              Arn: 'arn:aws:iam::111122223333:role/reader',
              AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })),
              RolePolicyList: [{ PolicyName: 'read', PolicyDocument: document(statements) }],
              AttachedManagedPolicies: [],
            },
          ],
          Policies: [],
        },
        null,
        2,
      );
    const { run, write } = setUp({ 'account.json': snapshot([typo]) });
    expect(run('--write-baseline', 'b.json', '.').status).toBe(0);
    write('account.json', snapshot([typo, { Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: 'arn:aws:logs:*:111122223333:log-group:app:*' }]));
    expect(run('--baseline', 'b.json', '.')).toMatchObject({ status: 0, stderr: '' });
    write('account.json', snapshot([typo, { ...typo, Action: 's3:PutObjekt' }]));
    const r = run('--baseline', 'b.json', '-f', 'json', '.');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).files.flatMap((f: { findings: Finding[] }) => f.findings).map((f: Finding) => f.message)).toEqual([expect.stringContaining('s3:PutObjekt')]);
  });

  it('writes over an empty file (mktemp\'s), and tells apart the ARNs a Terraform local holds, which findings report at local.x', () => {
    const tf = (arn: string) => `locals {\n  arns = ["${arn}"]\n}\n\nresource "aws_iam_role_policy_attachment" "a" {\n  for_each   = toset(local.arns)\n  role       = "deployer"\n  policy_arn = each.value\n}\n`;
    const { run, write } = setUp({ 'main.tf': tf('arn:aws:iam::aws:policy/IAMFullAccess'), 'b.json': '' });
    expect(run('--write-baseline', 'b.json', '.')).toMatchObject({ status: 0, stderr: 'iamlint: recorded 1 finding in b.json\n' });
    expect(run('--baseline', 'b.json', '.').status).toBe(0);
    write('main.tf', tf('arn:aws:iam::aws:policy/AdministratorAccess'));
    const r = run('--baseline', 'b.json', '-f', 'json', '.');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).files.flatMap((f: { findings: Finding[] }) => f.findings).map((f: Finding) => f.message)).toEqual([expect.stringContaining('AdministratorAccess')]);
  });
});
