import { describe, expect, it } from 'vitest';
import rule from '../../rules/policy-version.js';
import { lintWith, positionOf } from '../helpers/lint.js';

const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' };
const plain = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' };
const doc = (extra: Record<string, unknown>, st: unknown = plain) => `${JSON.stringify({ ...extra, Statement: [st] }, null, 2)}\n`;

describe('policy-version', () => {
  it('reports a missing Version at the start of the document', async () => {
    const findings = await lintWith(rule, doc({}));
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'policy-version', severity: 'warning', line: 1, column: 1, message: 'The policy has no Version, so IAM reads it as 2008-10-17', suggestion: 'Add "Version": "2012-10-17"' }),
    ]);
  });

  it('reports a missing Version as an error when the policy uses a variable, which IAM then reads as plain text', async () => {
    const findings = await lintWith(rule, doc({}, statement));
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'policy-version',
        severity: 'error',
        line: 1,
        column: 1,
        message: 'The policy has no Version, so IAM reads it as 2008-10-17, in which the policy variable ${aws:username} is plain text',
        suggestion: 'Add "Version": "2012-10-17"',
      }),
    ]);
  });

  it.each([
    { name: '2008-10-17 without variables', version: '2008-10-17', st: plain, severity: 'warning', message: 'Version "2008-10-17" is the old policy language' },
    { name: '2008-10-17 with a policy variable', version: '2008-10-17', st: statement, severity: 'error', message: 'Version "2008-10-17" is the old policy language, in which the policy variable ${aws:username} is plain text' },
    {
      name: '2008-10-17 with a variable in a Condition',
      version: '2008-10-17',
      st: { ...plain, Condition: { StringLike: { 's3:prefix': ['home/${aws:username}/*'] } } },
      severity: 'error',
      message: 'policy variable ${aws:username} is plain text',
    },
    { name: 'a date that is no policy version', version: '2012-10-18', st: plain, severity: 'error', message: 'Version "2012-10-18" is not a policy language version' },
    { name: 'a newer-looking date', version: '2024-01-01', st: plain, severity: 'error', message: 'Version "2024-01-01" is not a policy language version' },
  ])('reports $name at the value', async ({ version, st, severity, message }) => {
    const text = doc({ Version: version }, st);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    const at = positionOf(text, `"${version}"`);
    expect(findings[0]).toMatchObject({ ruleId: 'policy-version', severity, line: at.line, column: at.column, endColumn: at.column + version.length + 2, path: ['Version'] });
    expect(findings[0]?.message).toContain(message);
    expect(findings[0]?.suggestion).toBe('Use "Version": "2012-10-17"');
  });

  it.each([
    ['the current version', doc({ Version: '2012-10-17' }, statement)],
    ['a Version that is not a string (invalid-policy-structure)', doc({ Version: 20121017 })],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('treats CloudFormation placeholders as no policy variables, and intrinsics as unknown', async () => {
    const text = [
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2008-10-17"',
      '        Statement:',
      '          - {Effect: Allow, Action: "s3:GetObject", Resource: !Sub "arn:aws:s3:::${Bucket}-${AWS::Region}/*"}',
      '  Q:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: !Ref PolicyVersion',
      '        Statement:',
      '          - {Effect: Allow, Action: "s3:GetObject", Resource: "*"}',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.severity])).toEqual([[6, 18, 'warning']]);
  });
});
