/** Large runs use worker threads; the output must be byte for byte the same as on one thread. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../src/api.js';
import { defaultThreads } from '../src/engine/parallel.js';
import { repoRoot, runCli, scratch } from './helpers/cli.js';

const files: Record<string, string> = {};
// IAMLINT_WORKERS=2 asks for threads whatever the file count; 500 files make several chunks per worker.
for (let i = 0; i < 500; i++) {
  const action = ['s3:*', 's3:GetObject', '*', 'iam:PassRole'][i % 4];
  const resource = i % 3 === 0 ? 'arn:aws:s3:::bucket' : '*';
  files[`p/${String(i).padStart(4, '0')}.json`] = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: `S${i}`, Effect: 'Allow', Action: action, Resource: resource }] }, null, 2);
}
files['p/config.yaml'] = 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: {AWS: "123456789012"}\n            Action: sts:AssumeRole\n';
const work = scratch(files);
afterAll(() => work.cleanup());

describe('worker threads', () => {
  it.each(['stylish', 'json'])('give the same %s output as one thread', (format) => {
    const one = runCli(['-f', format, 'p'], { cwd: work.dir, env: { IAMLINT_WORKERS: '1' } });
    const two = runCli(['-f', format, 'p'], { cwd: work.dir, env: { IAMLINT_WORKERS: '2' } });
    expect(one.status).toBe(1);
    expect(two.status).toBe(1);
    // Only the notices of fixtures holding a policy only Terraform renders, the same on both.
    expect(two.stderr.split('\n').filter((l) => l !== '' && !l.includes(' was not read: '))).toEqual([]);
    expect(two.stderr).toBe(one.stderr);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout).toContain('p/0000.json');
    expect(one.stdout).toContain('p/config.yaml');
  });
});

/**
 * stylish, compact, github, json and sarif stream: each file's block is written when that file is done,
 * then its result and source are dropped. Adding a JUnit report file makes the run hold its results
 * and write every format at the end, the non-streaming path: both must print the same bytes.
 */
describe('streamed output', () => {
  const fixtures = join(repoRoot, 'fixtures');
  const reports = scratch({});
  afterAll(() => reports.cleanup());

  it.each(['stylish', 'compact', 'github', 'json', 'sarif'])('%s is the same streamed as held, on the fixtures', (format) => {
    const streamed = runCli(['--no-config', '-f', format, fixtures]);
    const held = runCli(['--no-config', '-f', format, '-f', `junit:${join(reports.dir, `${format}.xml`)}`, fixtures]);
    expect(streamed.status).toBe(1);
    expect(held.status).toBe(1);
    expect(streamed.stderr).toBe(held.stderr);
    expect(streamed.stdout).toBe(held.stdout);
    expect(streamed.stdout).toContain('resource-mismatch');
  });

  it('is the same on worker threads, with code frames', () => {
    const one = runCli(['--no-config', fixtures], { env: { IAMLINT_WORKERS: '1' } });
    const two = runCli(['--no-config', fixtures], { env: { IAMLINT_WORKERS: '2' } });
    // Only the notices of fixtures holding a policy only Terraform renders, the same on both.
    expect(two.stderr.split('\n').filter((l) => l !== '' && !l.includes(' was not read: ') && !l.includes(' may not all have been read: '))).toEqual([]);
    expect(two.stderr).toBe(one.stderr);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout).toMatch(/\n {2}\d+ \| .*\n {2} +\| +\^+/);
  });

  it('writes the same report file streamed as held, and keeps --quiet and --max-warnings', () => {
    const streamedFile = join(reports.dir, 'streamed.txt');
    const heldFile = join(reports.dir, 'held.txt');
    const streamed = runCli(['--no-config', '-q', '-f', `stylish:${streamedFile}`, '-f', `compact:${join(reports.dir, 'c.txt')}`, fixtures]);
    const held = runCli(['--no-config', '-q', '-f', `stylish:${heldFile}`, '-f', `junit:${join(reports.dir, 's.xml')}`, fixtures]);
    expect(streamed.status).toBe(held.status);
    expect(readFileSync(streamedFile, 'utf8')).toBe(readFileSync(heldFile, 'utf8'));
    expect(readFileSync(streamedFile, 'utf8')).not.toMatch(/ {2}warning {2}/);
    const warnings = runCli(['--no-config', '--rule', 'parse-error:off', '--max-warnings', '0', '-f', 'compact', join(fixtures, 'duplicate-sid')]);
    expect(warnings.status).toBe(runCli(['--no-config', '--rule', 'parse-error:off', '--max-warnings', '0', '-f', 'compact', '-f', `junit:${join(reports.dir, 'w.xml')}`, join(fixtures, 'duplicate-sid')]).status);
  });

  it('leaves no report file behind when the run fails', () => {
    const file = join(reports.dir, 'never.txt');
    const run = runCli(['--no-config', '-f', `stylish:${file}`, join(reports.dir, 'missing-folder')]);
    expect(run.status).toBe(2);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(reports.dir).filter((f) => f.includes('.iamlint-'))).toEqual([]);
  });
});

describe('lint() with onResult', () => {
  it('hands over every result in order, as the held run has them, and keeps none', async () => {
    const paths = [join(repoRoot, 'fixtures', 'duplicate-sid'), join(repoRoot, 'fixtures', 'resource-mismatch')];
    const held = await lint({ paths, useConfig: false });
    const streamed: { path: string; findings: number; frame: boolean }[] = [];
    const outcome = await lint({
      paths,
      useConfig: false,
      onResult: (r, source) => {
        streamed.push({ path: r.path, findings: r.findings.length, frame: source !== undefined });
      },
    });
    expect(outcome.results).toEqual([]);
    expect(outcome.sources.size).toBe(0);
    expect(streamed).toEqual(held.results.map((r) => ({ path: r.path, findings: r.findings.length, frame: held.sources.has(r.path) })));
    expect(streamed.some((s) => s.frame)).toBe(true);
  });

  it('keeps of a file only the lines its findings are on', async () => {
    const outcome = await lint({ paths: [join(repoRoot, 'fixtures', 'duplicate-sid', 'bad')], useConfig: false });
    const [path, source] = [...outcome.sources][0]!;
    const result = outcome.results.find((r) => r.path === path)!;
    const lines = new Set(result.findings.map((f) => f.line));
    const text = readFileSync(path, 'utf8').split(/\r?\n/);
    for (let line = 1; line <= text.length; line++) expect(source.lineText(line)).toBe(lines.has(line) ? text[line - 1] : '');
  });
});

describe('default thread count', () => {
  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [4, 3],
    [16, 4],
  ])('%i cores: %i lint threads (one core left to V8 helper threads, at most four)', (cores, threads) => {
    expect(defaultThreads(cores)).toBe(threads);
  });
});
