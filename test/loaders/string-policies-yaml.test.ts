/**
 * Policies written as JSON strings in a YAML template, where YAML's quoting differs from JSON's:
 * a comment on a block scalar's header, YAML-only escapes and line folding in double quotes. Every
 * value still points at the characters the user wrote.
 */
import { describe, expect, it } from 'vitest';
import redundantAction from '../../rules/redundant-action.js';
import unknownAction from '../../rules/unknown-action.js';
import { lintWith } from '../helpers/lint.js';

const template = (policy: string) => ['Resources:', '  PS:', '    Type: AWS::SSO::PermissionSet', '    Properties:', `      InlinePolicy: ${policy}`, ''].join('\n');

/** The text of the file each finding's span covers. */
async function spans(rule: Parameters<typeof lintWith>[0], text: string): Promise<string[]> {
  const lines = text.split('\n');
  const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  const findings = await lintWith(rule, text, { filename: 'stack.yaml' });
  return findings.map((f) => text.slice(offset(f.line, f.column), offset(f.endLine, f.endColumn)));
}

describe('a JSON policy in a block scalar', () => {
  it('is found below the header, not in a comment on it that holds the same text', async () => {
    const text = template(
      [
        '|  # {"Statement": [{"Action": ["s3:GetObject", "s3:GetObject"]}]} was the old one',
        '        {"Version": "2012-10-17", "Statement": [{"Action": ["s3:GetObject", "s3:GetObject"],',
        '          "Effect": "Allow", "Resource": "arn:aws:s3:::b/*"}]}',
      ].join('\n'),
    );
    const findings = await lintWith(redundantAction, text, { filename: 'stack.yaml' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.endColumn])).toEqual([['redundant-action', 6, 77, 91]]);
  });
});

describe('a JSON policy in a block scalar whose value starts with blanks', () => {
  const policy = '{"Version": "2012-10-17", "Statement": [{"Action": ["s3:GetObject", "s3:GetObject"], "Effect": "Allow", "Resource": "arn:aws:s3:::b/*"}]}';
  it.each([
    ['a blank first line', `|\n\n        ${policy}`],
    ['an indentation indicator with the content indented further (|2)', `|2\n          ${policy}`],
  ])('%s: each value at its own characters', async (_name, scalar) => {
    const text = template(scalar);
    const findings = await lintWith(redundantAction, text, { filename: 'stack.yaml' });
    const line = text.split('\n').findIndex((l) => l.includes('"Statement"')) + 1;
    const column = text.split('\n')[line - 1]!.lastIndexOf('"s3:GetObject"') + 1;
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.endColumn])).toEqual([['redundant-action', line, column, column + 14]]);
  });
});

describe('a JSON policy in a double-quoted YAML string', () => {
  it('with a YAML-only escape (\\x41) after the values: each value at its own escaped quote', async () => {
    const text = template('"{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": [\\"s3:GetObjekt\\"], \\"Resource\\": \\"*\\", \\"Sid\\": \\"\\x41b\\"}]}"');
    expect(await spans(unknownAction, text)).toEqual(['\\"s3:GetObjekt\\"']);
  });

  it('with a YAML-only escape inside a value: the value spans its escaped source', async () => {
    const text = template('"{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": [\\"s3:GetObjek\\x74x\\", \\"s3:GetObjekt\\"], \\"Resource\\": \\"*\\"}]}"');
    expect(await spans(unknownAction, text)).toEqual(['\\"s3:GetObjek\\x74x\\"', '\\"s3:GetObjekt\\"']);
  });

  it('folded across lines: values on the second line start at their escaped quote', async () => {
    const text = template(
      ['"{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\",   ', '        \\"Action\\": [\\"s3:GetObjekt\\"], \\"Resource\\": \\"*\\"}]}"'].join('\n'),
    );
    expect(await spans(unknownAction, text)).toEqual(['\\"s3:GetObjekt\\"']);
  });

  it('with an escaped line break: the next line\'s values are in place', async () => {
    const text = template(['"{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\', '        \\"Action\\": [\\"s3:GetObjekt\\"], \\"Resource\\": \\"*\\"}]}"'].join('\n'));
    expect(await spans(unknownAction, text)).toEqual(['\\"s3:GetObjekt\\"']);
  });
});
