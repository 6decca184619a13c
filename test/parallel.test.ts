/** Large runs use worker threads; the output must be byte for byte the same as on one thread. */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, scratch } from './helpers/cli.js';

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
    expect(two.stderr).toBe('');
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout).toContain('p/0000.json');
    expect(one.stdout).toContain('p/config.yaml');
  });
});
