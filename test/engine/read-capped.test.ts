/** How lintFiles reads a file: one open, fstat and read, up to the size limit whatever the file is. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import parseError from '../../rules/parse-error.js';
import redundantAction from '../../rules/redundant-action.js';
import type { ActiveRule } from '../../src/engine/lint.js';
import { lintFiles } from '../../src/engine/lint-files.js';
import { MAX_FILE_BYTES } from '../../src/files/read-source.js';

const dir = mkdtempSync(join(tmpdir(), 'iamlint-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rules: ActiveRule[] = [parseError, redundantAction].map((rule) => ({ rule, severity: rule.meta.severity, severityConfigured: false, options: {} }));
const lint = async (path: string) => (await lintFiles([{ path, explicit: true }], { cwd: dir, rules })).results[0]!;
// A repeated action at the end of a long file: the finding shows the whole file was read.
const padded = (pad: number) => `${' '.repeat(pad)}{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:GetObject"],"Resource":"*"}]}\n`;
const summary = (r: Awaited<ReturnType<typeof lint>>) => r.findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`);

describe('reading files', () => {
  it('lints an empty file as an empty document', async () => {
    writeFileSync(join(dir, 'empty.json'), '');
    const direct = await lint('empty.json');
    writeFileSync(join(dir, 'space.json'), ' ');
    expect(direct.findings.map((f) => f.ruleId)).toEqual((await lint('space.json')).findings.map((f) => f.ruleId));
  });

  it.each([10, 65_536 - 100, 65_536, 200_000])('reads the whole of a %d-byte file', async (pad) => {
    writeFileSync(join(dir, `f${pad}.json`), padded(pad));
    expect(summary(await lint(`f${pad}.json`))).toEqual([`redundant-action 1:${pad + 81} "s3:GetObject" is listed twice in this statement`]);
  });

  it('reports a directory given as a file as unreadable', async () => {
    mkdirSync(join(dir, 'sub.json'));
    expect(summary(await lint('sub.json'))).toEqual(['parse-error 1:1 Cannot read the file: is a folder']);
  });

  it('reads a FIFO, which has no size, to its end', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(join(dir, 'source'), padded(150_000));
    const writer = spawn('sh', ['-c', 'cat source > pipe.json'], { cwd: dir, stdio: 'ignore' });
    const result = await lint('pipe.json');
    await new Promise((done) => writer.on('close', done));
    expect(summary(result)).toEqual(['redundant-action 1:150081 "s3:GetObject" is listed twice in this statement']);
  });

  it('stops reading a device that never ends at the limit', async () => {
    const result = await lint('/dev/zero');
    expect(summary(result)).toEqual([`parse-error 1:1 The file is ${Math.round(MAX_FILE_BYTES / 1048576)} MB, over the ${MAX_FILE_BYTES / 1048576} MB iamlint reads`]);
  }, 20_000);
});
