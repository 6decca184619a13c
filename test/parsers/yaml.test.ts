/** parseYaml: CloudFormation tags as intrinsic nodes, spans of the text, anchors and merge keys, bombs and errors. */
import { describe, expect, it } from 'vitest';
import { intrinsicNameForTag, LONG_NAMES } from '../../src/parsers/cfn-tags.js';
import { DocumentTooComplexError } from '../../src/parsers/parse-result.js';
import { parseYaml } from '../../src/parsers/yaml.js';
import { getValue, type Node } from '../../src/source/node.js';

const src = (text: string, n: { start: number; end: number }) => text.slice(n.start, n.end);

function valueAt(text: string, key: string): Node {
  const { root, errors } = parseYaml(text);
  expect(errors).toEqual([]);
  const v = getValue(root, key);
  if (!v) throw new Error(`no ${key}`);
  return v;
}

describe('CloudFormation short-form tags', () => {
  const TAGS: [string, string][] = [
    ['!Ref', 'Ref'], ['!Condition', 'Condition'], ['!Base64', 'Fn::Base64'], ['!Cidr', 'Fn::Cidr'], ['!FindInMap', 'Fn::FindInMap'],
    ['!GetAtt', 'Fn::GetAtt'], ['!GetAZs', 'Fn::GetAZs'], ['!ImportValue', 'Fn::ImportValue'], ['!Join', 'Fn::Join'], ['!Select', 'Fn::Select'],
    ['!Split', 'Fn::Split'], ['!Sub', 'Fn::Sub'], ['!Transform', 'Fn::Transform'], ['!If', 'Fn::If'], ['!Equals', 'Fn::Equals'],
    ['!And', 'Fn::And'], ['!Or', 'Fn::Or'], ['!Not', 'Fn::Not'], ['!Length', 'Fn::Length'], ['!ToJsonString', 'Fn::ToJsonString'], ['!ForEach', 'Fn::ForEach'],
  ];

  it('the tag table and the long names agree', () => {
    expect([...LONG_NAMES].sort()).toEqual(TAGS.map(([, long]) => long).sort());
    expect(intrinsicNameForTag('!NotATag')).toBeUndefined();
  });

  it.each(TAGS)('%s on a scalar, a sequence and a mapping becomes an intrinsic node spanning tag and argument', (tag, name) => {
    for (const argument of ['Name', '[a, b]', '{Key: value}']) {
      const text = `Value: ${tag} ${argument}\n`;
      const node = valueAt(text, 'Value');
      expect(node.type).toBe('intrinsic');
      expect(node.type === 'intrinsic' && node.name).toBe(name);
      expect(src(text, node)).toBe(`${tag} ${argument}`);
    }
  });

  it('!GetAtt A.B becomes the list [A, B] with a span for each part', () => {
    const text = 'Value: !GetAtt LogsBucket.Arn\n';
    const node = valueAt(text, 'Value');
    const arg = node.type === 'intrinsic' ? node.argument : undefined;
    expect(arg?.type).toBe('array');
    const items = arg?.type === 'array' ? arg.items : [];
    expect(items.map((i) => [i.type === 'string' && i.value, src(text, i)])).toEqual([['LogsBucket', 'LogsBucket'], ['Arn', 'Arn']]);
  });

  it('a tag in a block sequence, nested tags and a quoted argument keep their own spans', () => {
    const text = 'Value:\n  - !Join\n    - ""\n    - [!Sub "arn:${AWS::Partition}:s3:::", !Ref Bucket]\n';
    const node = valueAt(text, 'Value');
    const join = node.type === 'array' ? node.items[0]! : node;
    expect(join.type === 'intrinsic' && join.name).toBe('Fn::Join');
    const list = join.type === 'intrinsic' && join.argument.type === 'array' ? join.argument.items[1]! : join;
    expect(list.type === 'array' && list.items.map((i) => [i.type === 'intrinsic' && i.name, src(text, i)])).toEqual([
      ['Fn::Sub', '!Sub "arn:${AWS::Partition}:s3:::"'],
      ['Ref', '!Ref Bucket'],
    ]);
  });

  it('other tags are ignored: the value is read as if untagged', () => {
    const node = valueAt('Value: !CustomTag plain\n', 'Value');
    expect([node.type, node.type === 'string' && node.value]).toEqual(['string', 'plain']);
  });
});

describe('scalars', () => {
  it('keeps the source text of plain numbers and booleans, so an account id keeps its leading zero', () => {
    const text = 'Account: 012345678901\nFlag: yes\nNumber: 0x1F\nQuoted: "012345678901"\n';
    const { root } = parseYaml(text);
    const account = getValue(root, 'Account')!;
    expect(account.type === 'number' && account.raw).toBe('012345678901');
    expect(getValue(root, 'Quoted')).toMatchObject({ type: 'string', value: '012345678901' });
    // CloudFormation's YAML 1.1 boolean (see 'YAML 1.1 booleans' below).
    expect(getValue(root, 'Flag')).toMatchObject({ type: 'boolean', value: true });
  });

  it('keeps duplicate keys, in order', () => {
    const { root, errors } = parseYaml('Effect: Allow\nEffect: Deny\n');
    expect(errors).toEqual([]);
    expect(root!.type === 'object' && root!.entries.map((e) => e.value.type === 'string' && e.value.value)).toEqual(['Allow', 'Deny']);
  });
});

describe('anchors, aliases and merge keys', () => {
  it('an alias is a copy of the anchored node, with the anchor\'s spans', () => {
    const text = 'A: &actions [s3:GetObject, s3:PutObject]\nB: *actions\n';
    const b = valueAt(text, 'B');
    expect(b.type === 'array' && b.items.map((i) => [i.type === 'string' && i.value, i.start])).toEqual([
      ['s3:GetObject', text.indexOf('s3:GetObject')],
      ['s3:PutObject', text.indexOf('s3:PutObject')],
    ]);
  });

  it.each([
    ['one mapping', 'Base: &b {Effect: Allow, Action: s3:GetObject}\nS:\n  <<: *b\n  Action: s3:PutObject\n', [['Effect', 'Allow'], ['Action', 's3:PutObject']]],
    ['a list of mappings, the first winning', 'X: &x {Effect: Deny}\nY: &y {Effect: Allow, Sid: Y}\nS:\n  <<: [*x, *y]\n', [['Effect', 'Deny'], ['Sid', 'Y']]],
    ['an inline mapping', 'S:\n  <<: {Effect: Allow}\n  Sid: Inline\n', [['Effect', 'Allow'], ['Sid', 'Inline']]],
  ])('a merge key with %s brings its keys in, written keys winning', (_label, text, expected) => {
    const s = valueAt(text, 'S');
    expect(s.type === 'object' && s.entries.map((e) => [e.key, e.value.type === 'string' && e.value.value])).toEqual(expected);
  });

  it('a quoted "<<" key, or a merge of a scalar, is kept as written', () => {
    expect(valueAt('S:\n  "<<": {Effect: Allow}\n', 'S')).toMatchObject({ entries: [{ key: '<<' }] });
    expect(valueAt('S:\n  <<: text\n', 'S')).toMatchObject({ entries: [{ key: '<<', value: { value: 'text' } }] });
  });

  it('a billion-laughs document stops with DocumentTooComplexError (parseFile turns it into a syntax error)', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    expect(() => parseYaml(`${levels.join('\n')}\n`)).toThrow(new DocumentTooComplexError('More than 2000000 values (YAML aliases expanding too far?)', 0));
  });
});

describe('errors', () => {
  it.each([
    ['a tab used for indentation', 'Statement:\n\t- Effect: Allow\n', 11, 'Tabs are not allowed as indentation'],
    ['an unclosed flow sequence', 'Action: [s3:GetObject, s3:PutObject\n', 36, 'Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ])('%s is one syntax error at its offset (the end of the file at most), and no tree', (_label, text, offset, message) => {
    const { root, errors } = parseYaml(text);
    expect(root).toBeUndefined();
    expect(errors).toEqual([{ start: offset, end: offset + 1, message }]);
  });

  it('an alias to no anchor is an error at the alias', () => {
    const text = 'Action: [s3:GetObject, *missing]\n';
    const { root, errors } = parseYaml(text);
    expect(root).toBeUndefined();
    expect(errors).toEqual([{ start: text.indexOf('*missing'), end: text.indexOf('*missing') + 8, message: 'The alias *missing has no anchor &missing before it' }]);
  });

  it('reads every document of a stream (---), empty ones passed over, each at its place in the file', () => {
    const text = 'Statement: []\n---\n---\nVersion: "2012-10-17"\n';
    const { root, others, errors } = parseYaml(text);
    expect(errors).toEqual([]);
    expect(root?.start).toBe(0);
    expect(others?.map((n) => [n.type, n.start])).toEqual([['object', text.indexOf('Version')]]);
  });

  it('an error in a later document of a stream is the file\'s error', () => {
    const text = 'Statement: []\n---\nAction: [s3:GetObject, *missing]\n';
    const { root, errors } = parseYaml(text);
    expect(root).toBeUndefined();
    expect(errors.map((e) => [e.start, e.message])).toEqual([[text.indexOf('*missing'), 'The alias *missing has no anchor &missing before it']]);
  });

  it('an empty document is an error', () => {
    expect(parseYaml('# nothing but a comment\n').errors.map((e) => e.message)).toEqual(['The file is empty']);
  });
});

/**
 * `Statement: [{` ... `}]` with the closers at the key's indentation: AWS's SAM examples are written
 * so, PyYAML (the SAM CLI) and CloudFormation read it, the YAML 1.2 parser alone does not.
 */
describe('flow closers at the indentation of their key', () => {
  const text = [
    'Resources:',
    '  Role:',
    '    Properties:',
    '      Document:',
    '        Statement: [{',
    '          "Effect": "Allow",',
    '          "Action": "sts:AssumeRole"',
    '        }]',
    '        After: tail',
    '',
  ].join('\n');

  it.each([
    ['LF', text],
    ['CRLF', text.replaceAll('\n', '\r\n')],
  ])('are read, every span still where it is in the file (%s)', (_name, input) => {
    const { root, errors } = parseYaml(input);
    expect(errors).toEqual([]);
    const doc = getValue(getValue(getValue(getValue(root, 'Resources'), 'Role'), 'Properties'), 'Document');
    const statement = getValue(doc, 'Statement');
    if (statement?.type !== 'array') throw new Error('no statement list');
    const action = getValue(statement.items[0], 'Action') as Node;
    expect(src(input, action)).toBe('"sts:AssumeRole"');
    expect(src(input, getValue(doc, 'After') as Node)).toBe('tail');
  });

  it('are not moved into a comment: such a file stays a parse error', () => {
    const commented = text.replace('"sts:AssumeRole"', '"sts:AssumeRole" # trust');
    expect(parseYaml(commented).errors.length).toBeGreaterThan(0);
  });
});

/** CloudFormation reads YAML 1.1's yes/no/on/off as booleans (aws-cli #5257); YAML 1.2 leaves them strings. */
describe('YAML 1.1 booleans', () => {
  it.each([
    ['no', false],
    ['No', false],
    ['OFF', false],
    ['yes', true],
    ['On', true],
  ])('plain %s is the boolean %s, at its place', (word, value) => {
    const text = `Bool:\n  aws:MultiFactorAuthPresent: ${word}\n`;
    const node = getValue(valueAt(text, 'Bool'), 'aws:MultiFactorAuthPresent') as Node;
    expect([node.type, 'value' in node ? node.value : undefined, src(text, node)]).toEqual(['boolean', value, word]);
  });

  it.each(['"no"', "'yes'", 'y', 'n', 'nope'])('%s stays a string', (word) => {
    const node = getValue(valueAt(`Bool:\n  k: ${word}\n`, 'Bool'), 'k') as Node;
    expect(node.type).toBe('string');
  });
});
