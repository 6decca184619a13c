import { describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline } from '../../src/baseline/baseline.js';
import type { FileResult, Finding } from '../../src/types.js';

const finding = (over: Partial<Finding> = {}): Finding => ({
  ruleId: 'unknown-action',
  severity: 'error',
  message: 'Unknown action "s3:GetObjekt"',
  line: 5,
  column: 9,
  endLine: 5,
  endColumn: 23,
  path: ['Statement', 0, 'Action'],
  policy: { kind: 'identity', name: 'p.json', location: '' },
  fingerprint: 'aaaaaaaaaaaaaaaa',
  ...over,
});

const result = (path: string, findings: Finding[]): FileResult => ({ path, policies: 1, findings });

describe('createBaseline', () => {
  it('counts findings with the same key, leaves suppressed ones out, and sorts the entries', () => {
    const results = [
      result('b/p.json', [finding(), finding({ line: 9 }), finding({ suppressions: [{ kind: 'inSource', justification: 'legacy' }] })]),
      result('a.yaml', [finding({ ruleId: 'policy-version', policy: null, fingerprint: undefined, message: 'no Version' })]),
    ];
    expect(createBaseline(results, '/repo/.iamlint-baseline.json', '/repo').findings).toEqual([
      { ruleId: 'policy-version', path: 'a.yaml', policy: null, fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), count: 1 },
      { ruleId: 'unknown-action', path: 'b/p.json', policy: 'p.json', fingerprint: 'aaaaaaaaaaaaaaaa', count: 2 },
    ]);
  });

  it('makes paths relative to the baseline file\'s folder', () => {
    const results = [result('p.json', [finding()]), result('/elsewhere/q.json', [finding()])];
    expect(createBaseline(results, '../base.json', '/repo/sub').findings.map((e) => e.path)).toEqual(['../elsewhere/q.json', 'sub/p.json']);
  });
});

describe('applyBaseline', () => {
  it('marks at most `count` matching findings, ignoring lines, and skips those already suppressed', () => {
    const earlier = { kind: 'inSource' as const, justification: 'reviewed' };
    const results = [result('p.json', [finding({ suppressions: [earlier] }), finding({ line: 40 }), finding({ line: 41 }), finding({ fingerprint: 'bbbbbbbbbbbbbbbb' })])];
    const baseline = createBaseline([result('p.json', [finding()])], 'base.json', '/repo');
    applyBaseline(results, baseline, 'base.json', '/repo');
    expect(results[0]!.findings.map((f) => f.suppressions)).toEqual([[earlier], [{ kind: 'external', justification: 'baseline' }], undefined, undefined]);
  });
});
