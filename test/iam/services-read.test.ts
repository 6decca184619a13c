import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { lintSource } from '../../src/engine/lint.js';
import { prefixesForArnService, servicesRead } from '../../src/iam/data.js';
import { SourceFile } from '../../src/source/source-file.js';
import { policy } from '../helpers/lint.js';

// A pre-commit run lints a file or two: the IAM data it reads should be that of the services the
// policies name, not the data behind every rule's catalogue (no-privilege-escalation's alone names
// twenty-odd services, ec2's the largest). Vitest gives each test file its own modules, so nothing
// has been read before this test.
describe('IAM data read by a run', () => {
  it('is only that of the services a small identity policy names and of those with formats for its ARNs, with every rule on', async () => {
    const rules = builtinRules.map((rule) => ({ rule, severity: rule.meta.severity, severityConfigured: false, options: rule.defaultOptions ?? {} }));
    const text = policy([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::app-data/*' }]);
    await lintSource(new SourceFile('policy.json', text), { rules });
    // invalid-arn checks an s3 ARN against every format for the s3 segment, some of which other services define (ssm's bucket).
    const expected = new Set(['s3', ...prefixesForArnService('s3')]);
    expect(servicesRead()[0]).toBe('s3');
    expect(servicesRead().filter((s) => !expected.has(s))).toEqual([]);
  });
});
