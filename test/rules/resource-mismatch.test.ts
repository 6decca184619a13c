import { describe, expect, it } from 'vitest';
import rule from '../../rules/resource-mismatch.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

describe('resource-mismatch', () => {
  it('reports an object action on a bucket ARN and suggests the /* ARN', async () => {
    const text = policy([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::logs' }]);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ ruleId: 'resource-mismatch', severity: 'error', ...positionOf(text, '"s3:GetObject"') });
    expect(f?.message).toContain('"s3:GetObject"');
    expect(f?.suggestion).toContain('arn:aws:s3:::logs/*');
  });
});
