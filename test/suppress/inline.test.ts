/** Inline directives in JSONC and YAML comments: each form, their scope, and mistakes in them. */
import { describe, expect, it } from 'vitest';
import { positionOf } from '../helpers/lint.js';
import { brief, lintSuppressed } from './helpers.js';

/** A policy whose statement draws no-wildcard-action on its Action and no-wildcard-resource on its Resource. */
function jsonc(before: { action?: string; resource?: string; top?: string; end?: string } = {}): string {
  return [
    '{',
    ...(before.top ? [`  ${before.top}`] : []),
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {',
    '      "Effect": "Allow",',
    ...(before.action ? [`      ${before.action}`] : []),
    '      "Action": "logs:*",',
    ...(before.resource ? [`      ${before.resource}`] : []),
    '      "Resource": "*"',
    '    }',
    '  ]',
    '}',
    ...(before.end ? [before.end] : []),
    '',
  ].join('\n');
}

describe('JSONC directives', () => {
  it('leaves findings alone without directives', async () => {
    expect(brief(await lintSuppressed(jsonc(), 'p.json'))).toEqual(['no-wildcard-action 6:17', 'no-wildcard-resource 7:19']);
  });

  it('iamlint-disable-next-line with a rule id and a reason silences that rule on the next line', async () => {
    const text = jsonc({ action: '// iamlint-disable-next-line no-wildcard-action -- the log shipper creates groups on demand' });
    const result = await lintSuppressed(text, 'p.json');
    expect(brief(result)).toEqual(['no-wildcard-action 7:17 suppressed(inSource:the log shipper creates groups on demand)', 'no-wildcard-resource 8:19']);
  });

  it('iamlint-disable-next-line without a rule id silences every rule on the next line only', async () => {
    const text = jsonc({ resource: '// iamlint-disable-next-line' });
    expect(brief(await lintSuppressed(text, 'p.json'))).toEqual(['no-wildcard-action 6:17', 'no-wildcard-resource 8:19 suppressed(inSource:)']);
  });

  it('names several rules separated by commas, in a block comment', async () => {
    const text = jsonc({ top: '/* iamlint-disable no-wildcard-action, no-wildcard-resource -- sandbox account */' });
    expect(brief(await lintSuppressed(text, 'p.json'))).toEqual([
      'no-wildcard-action 7:17 suppressed(inSource:sandbox account)',
      'no-wildcard-resource 8:19 suppressed(inSource:sandbox account)',
    ]);
  });

  it('iamlint-disable ... iamlint-enable silences a range; without enable, to the end of the file', async () => {
    const ranged = jsonc({ action: '// iamlint-disable no-wildcard-action', resource: '// iamlint-enable no-wildcard-action' });
    expect(brief(await lintSuppressed(ranged, 'p.json'))).toEqual(['no-wildcard-action 7:17 suppressed(inSource:)', 'no-wildcard-resource 9:19']);
    // Enabled again before the Action line: nothing silenced.
    const closed = jsonc({ top: '// iamlint-disable', action: '// iamlint-enable' });
    expect(brief(await lintSuppressed(closed, 'p.json'))).toEqual(['no-wildcard-action 8:17', 'no-wildcard-resource 9:19']);
    const open = jsonc({ action: '// iamlint-disable' });
    expect(brief(await lintSuppressed(open, 'p.json'))).toEqual(['no-wildcard-action 7:17 suppressed(inSource:)', 'no-wildcard-resource 8:19 suppressed(inSource:)']);
  });

  it('enabling one rule keeps the others of a range disabled', async () => {
    const text = jsonc({ action: '// iamlint-disable no-wildcard-action, no-wildcard-resource', resource: '// iamlint-enable no-wildcard-resource' });
    expect(brief(await lintSuppressed(text, 'p.json'))).toEqual(['no-wildcard-action 7:17 suppressed(inSource:)', 'no-wildcard-resource 9:19']);
  });

  it('a directive after the line it names, or in a string, silences nothing', async () => {
    const after = jsonc({ resource: '// iamlint-disable-next-line no-wildcard-action' });
    expect(brief(await lintSuppressed(after, 'p.json'))).toEqual(['no-wildcard-action 6:17', 'no-wildcard-resource 8:19']);
    const inString = jsonc({ action: '"Sid": "// iamlint-disable-next-line",' });
    expect(brief(await lintSuppressed(inString, 'p.json'))).toEqual(['no-wildcard-action 7:17', 'no-wildcard-resource 8:19']);
  });

  it('an unknown rule id is an error at the id, with the closest rule, and silences nothing', async () => {
    const text = jsonc({ action: '// iamlint-disable-next-line no-wildcard-actions -- typo' });
    const result = await lintSuppressed(text, 'p.json');
    const at = positionOf(text, 'no-wildcard-actions');
    expect(brief(result)).toEqual([`iamlint/suppression ${at.line}:${at.column}`, 'no-wildcard-action 7:17', 'no-wildcard-resource 8:19']);
    expect(result.findings[0]).toMatchObject({
      severity: 'error',
      message: 'Unknown rule "no-wildcard-actions" in iamlint-disable-next-line comment (did you mean "no-wildcard-action"?)',
      endColumn: at.column + 'no-wildcard-actions'.length,
      path: [],
      policy: null,
    });
  });

  it('a known id next to an unknown one still applies', async () => {
    const text = jsonc({ action: '// iamlint-disable-next-line bogus-rule, no-wildcard-action' });
    const result = await lintSuppressed(text, 'p.json');
    expect(brief(result)).toEqual(['iamlint/suppression 6:36', 'no-wildcard-action 7:17 suppressed(inSource:)', 'no-wildcard-resource 8:19']);
    expect(result.findings[0]!.message).toBe('Unknown rule "bogus-rule" in iamlint-disable-next-line comment');
  });

  it('a reason without the " -- " separator reads as rule ids, which are reported', async () => {
    const text = jsonc({ action: '// iamlint-disable-next-line no-wildcard-action needed' });
    const result = await lintSuppressed(text, 'p.json');
    expect(result.findings.filter((f) => f.ruleId === 'iamlint/suppression').map((f) => f.message)).toEqual(['Unknown rule "needed" in iamlint-disable-next-line comment']);
  });

  it('an unknown directive is an error that names the known ones', async () => {
    const text = jsonc({ action: '// iamlint-disable-line no-wildcard-action' });
    const result = await lintSuppressed(text, 'p.json');
    expect(brief(result)).toEqual(['iamlint/suppression 6:10', 'no-wildcard-action 7:17', 'no-wildcard-resource 8:19']);
    expect(result.findings[0]).toMatchObject({
      severity: 'error',
      message: 'Unknown directive "iamlint-disable-line": use iamlint-disable-next-line, iamlint-disable or iamlint-enable',
      endColumn: 10 + 'iamlint-disable-line'.length,
    });
  });

  it('other comments are left alone', async () => {
    const text = jsonc({ top: '// owned by the platform team; see iamlint docs', action: '/* logs only */' });
    expect(brief(await lintSuppressed(text, 'p.json'))).toEqual(['no-wildcard-action 8:17', 'no-wildcard-resource 9:19']);
  });
});

describe('--require-reason and --report-unused-suppressions', () => {
  it('reports a directive without a reason as a warning at the comment', async () => {
    const text = jsonc({ action: '// iamlint-disable-next-line no-wildcard-action' });
    const result = await lintSuppressed(text, 'p.json', { requireReason: true });
    expect(brief(result)).toEqual(['iamlint/suppression 6:7', 'no-wildcard-action 7:17 suppressed(inSource:)', 'no-wildcard-resource 8:19']);
    expect(result.findings[0]).toMatchObject({
      severity: 'warning',
      message: 'The iamlint-disable-next-line comment gives no reason: add one after " -- "',
      endLine: 6,
      endColumn: 7 + '// iamlint-disable-next-line no-wildcard-action'.length,
    });
    const reasoned = jsonc({ action: '// iamlint-disable-next-line no-wildcard-action -- reviewed in SEC-12' });
    expect(brief(await lintSuppressed(reasoned, 'p.json', { requireReason: true }))).toEqual([
      'no-wildcard-action 7:17 suppressed(inSource:reviewed in SEC-12)',
      'no-wildcard-resource 8:19',
    ]);
  });

  it('reports a directive that silenced nothing, naming the rules that had no findings there', async () => {
    const text = jsonc({ action: '// iamlint-disable-next-line no-wildcard-action, duplicate-sid -- legacy', top: '// iamlint-disable-next-line -- nothing here' });
    const result = await lintSuppressed(text, 'p.json', { reportUnused: true });
    expect(brief(result)).toEqual(['iamlint/suppression 2:3', 'iamlint/suppression 7:7', 'no-wildcard-action 8:17 suppressed(inSource:legacy)', 'no-wildcard-resource 9:19']);
    expect(result.findings.map((f) => f.message).slice(0, 2)).toEqual([
      'Unused iamlint-disable-next-line comment: no problems were found where it applies',
      'Unused iamlint-disable-next-line comment: no problems from duplicate-sid were found where it applies',
    ]);
    expect(result.findings[0]!.severity).toBe('warning');
  });

  it('without the flags, neither is reported', async () => {
    const text = jsonc({ action: '// iamlint-disable-next-line duplicate-sid' });
    expect(brief(await lintSuppressed(text, 'p.json'))).toEqual(['no-wildcard-action 7:17', 'no-wildcard-resource 8:19']);
  });

  it('a parse error cannot be suppressed', async () => {
    const text = '// iamlint-disable\n{"Version": "2012-10-17", "Statement": [}\n';
    expect(brief(await lintSuppressed(text, 'p.json'))).toEqual(['parse-error 2:41']);
  });
});

describe('YAML directives', () => {
  const template = (comment: string, resourceComment = '') =>
    [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Description: "not a directive: # iamlint-disable"',
      'Resources:',
      '  LogShipperRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { Service: lambda.amazonaws.com }',
      '            Action: sts:AssumeRole',
      '      Policies:',
      '        - PolicyName: logs',
      '          PolicyDocument:',
      "            Version: '2012-10-17'",
      '            Statement:',
      '              - Effect: Allow',
      ...(comment ? [`                ${comment}`] : []),
      "                Action: 'logs:*'",
      ...(resourceComment ? [`                ${resourceComment}`] : []),
      "                Resource: '*' # iamlint-enable",
      '',
    ].join('\n');

  it('finds the statement positions in the template', async () => {
    const text = template('');
    const action = positionOf(text, "'logs:*'");
    const resource = positionOf(text, "'*'");
    expect(brief(await lintSuppressed(text, 't.yaml'))).toEqual([`no-wildcard-action ${action.line}:${action.column}`, `no-wildcard-resource ${resource.line}:${resource.column}`]);
  });

  it('iamlint-disable-next-line in a # comment', async () => {
    const text = template('# iamlint-disable-next-line no-wildcard-action -- the shipper creates log groups on demand');
    expect(brief(await lintSuppressed(text, 't.yaml'))).toEqual(['no-wildcard-action 19:25 suppressed(inSource:the shipper creates log groups on demand)', 'no-wildcard-resource 20:27']);
  });

  it('iamlint-disable until a trailing # iamlint-enable on a later line', async () => {
    const text = template('# iamlint-disable -- whole statement reviewed');
    // The enable comment sits after the Resource value on the same line: the value is still inside the range.
    expect(brief(await lintSuppressed(text, 't.yaml'))).toEqual([
      'no-wildcard-action 19:25 suppressed(inSource:whole statement reviewed)',
      'no-wildcard-resource 20:27 suppressed(inSource:whole statement reviewed)',
    ]);
  });

  it('a # inside a quoted scalar or a block scalar is text, not a comment', async () => {
    const text = [
      'Version: "2012-10-17"',
      'Id: "# iamlint-disable"',
      'Statement:',
      '  - Sid: Logs',
      '    Effect: Allow',
      "    Action: 'logs:*'",
      '    Resource: "*"',
      'Description: |',
      '  # iamlint-disable-next-line',
      '',
    ].join('\n');
    const result = await lintSuppressed(text, 'p.yaml', { reportUnused: true });
    expect(result.findings.every((f) => !f.suppressions)).toBe(true);
    expect(result.findings.some((f) => f.ruleId === 'iamlint/suppression')).toBe(false);
  });

  it('an unknown rule id in YAML points at the id in the comment', async () => {
    const text = template('# iamlint-disable-next-line no-wildcard -- typo');
    const result = await lintSuppressed(text, 't.yaml');
    const at = positionOf(text, 'no-wildcard ');
    expect(result.findings[0]).toMatchObject({ ruleId: 'iamlint/suppression', severity: 'error', line: at.line, column: at.column, endColumn: at.column + 11 });
    expect(result.findings[0]!.message).toBe('Unknown rule "no-wildcard" in iamlint-disable-next-line comment (did you mean "no-wildcard-action"?)');
  });
});
