import { describe, expect, it } from 'vitest';
import { interpolate } from '../../src/engine/messages.js';

/** What interpolate did before templates were compiled once. */
const reference = (template: string, data: Record<string, unknown> | undefined) =>
  template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = data?.[name];
    return value === undefined ? whole : String(value);
  });

describe('interpolate with compiled templates', () => {
  it.each([
    ['spaces inside the braces', '"{{ action }}" is listed twice', { action: 's3:GetObject' }, '"s3:GetObject" is listed twice'],
    ['a missing value stays visible', '{{a}} and {{ b }}', { a: 1 }, '1 and {{ b }}'],
    ['no data at all', 'x {{a}} y', undefined, 'x {{a}} y'],
    ['a value holding a placeholder is not filled again', '{{a}}-{{b}}', { a: '{{b}}', b: 'B' }, '{{b}}-B'],
    ['String.replace specials in a value are literal', '[{{a}}]', { a: "$& $1 $` $' $$" }, "[$& $1 $` $' $$]"],
    ['a repeated placeholder', '{{a}}{{a}} {{a}}', { a: 'x' }, 'xx x'],
    ['no placeholder', 'plain text', { a: 1 }, 'plain text'],
    ['only a placeholder', '{{a}}', { a: 0 }, '0'],
    ['unbalanced braces', '{{a} {{ a}} {a}}', { a: 'v' }, '{{a} v {a}}'],
    ['a value of false or null', '{{a}} {{b}}', { a: false, b: null }, 'false null'],
    ['a name that is not a word', '{{a-b}} {{a}}', { 'a-b': 1, a: 2 }, '{{a-b}} 2'],
  ])('%s', (_name, template, data, expected) => {
    expect(interpolate(template, data as never)).toBe(expected);
    expect(interpolate(template, data as never)).toBe(reference(template, data));
  });

  it('prints numbers of a thousand and more grouped; strings as they are', () => {
    expect(interpolate('{{n}} actions, {{m}} more, {{s}}', { n: 22091, m: 999, s: '123456789012' })).toBe('22,091 actions, 999 more, 123456789012');
  });

  it('gives each call its own data for the same template', () => {
    const template = 'Drop "{{action}}"';
    expect(interpolate(template, { action: 'S3:GETOBJECT' })).toBe('Drop "S3:GETOBJECT"');
    expect(interpolate(template, { action: 's3:getobject' })).toBe('Drop "s3:getobject"');
  });
});

describe('messages stay on one line', () => {
  it('a value with a line break (a YAML folded block keeps one) is shown escaped in the message', async () => {
    const { lintWith } = await import('../helpers/lint.js');
    const { default: unknownAction } = await import('../../rules/unknown-action.js');
    const text = 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action:\n      - >\n        s3:PutObjekt\n    Resource: "*"\n';
    const [finding] = await lintWith(unknownAction, text, { filename: 'p.yaml' });
    expect(finding?.message).toMatch(/^Unknown action "s3:PutObjekt\\n" \(IAM data of \d{4}-\d\d-\d\d\)$/);
  });
});
