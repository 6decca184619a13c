/** Spans parseYaml gives where YAML's own ranges are not the value: block scalars, block collections, tags after comments, moved closers. */
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/parsers/yaml.js';
import { getValue, type Node } from '../../src/source/node.js';

const src = (text: string, n: { start: number; end: number }) => text.slice(n.start, n.end);

function parsed(text: string): Node {
  const { root, errors } = parseYaml(text);
  expect(errors).toEqual([]);
  if (!root) throw new Error('no root');
  return root;
}

function items(node: Node | undefined): Node[] {
  if (node?.type !== 'array') throw new Error('not a list');
  return node.items;
}

describe('block scalars', () => {
  it.each([
    ['|-', 'Action:\n  - |-\n    s3:GetObjekt\n  - x\n'],
    ['> with a comment on the header', 'Action:\n  - >  # folded\n    s3:GetObjekt\n  - x\n'],
    ['| at the end of the file, no last line break', 'Action:\n  - x\n  - |\n    s3:GetObjekt'],
  ])('span their content, not the header or the line break (%s)', (_name, text) => {
    const action = items(getValue(parsed(text), 'Action')).find((n) => String((n as { value?: unknown }).value).startsWith('s3:'));
    expect(action && src(text, action)).toBe('s3:GetObjekt');
  });

  it('a multi-line block scalar spans its first to its last character', () => {
    const text = 'Policy: |\n  {\n    "Version": "2012-10-17"\n  }\n\nNext: 1\n';
    expect(src(text, getValue(parsed(text), 'Policy') as Node)).toBe('{\n    "Version": "2012-10-17"\n  }');
  });
});

describe('block collections', () => {
  it('end with their last character, not at the start of the line after', () => {
    const text = 'Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n\nNext: 1\n';
    const statement = getValue(parsed(text), 'Statement') as Node;
    expect(src(text, statement)).toBe('- Effect: Allow\n    Action: s3:GetObject');
    expect(src(text, items(statement)[0] as Node)).toBe('Effect: Allow\n    Action: s3:GetObject');
  });

  it('end before comment lines that follow their last item', () => {
    const text = 'Statement:\n  - Effect: Allow  # kept\n  # about Next\n\n# section\nNext: 1\n';
    expect(src(text, getValue(parsed(text), 'Statement') as Node)).toBe('- Effect: Allow  # kept');
  });

  it('a tagged block sequence (!Join) ends with its last item', () => {
    const text = "Resource: !Join\n  - ':'\n  - [arn, aws, sqs]\nNext: 1\n";
    expect(src(text, getValue(parsed(text), 'Resource') as Node)).toBe("!Join\n  - ':'\n  - [arn, aws, sqs]");
  });
});

describe('short-form tags', () => {
  it('start at the tag, not at the same tag written in a comment after it', () => {
    const text = "Resource: !Sub # was !Sub before\n  'arn:aws:sqs:${AWS::Region}:1234:q'\n";
    const resource = getValue(parsed(text), 'Resource') as Node;
    expect(resource.type).toBe('intrinsic');
    expect(src(text, resource)).toBe("!Sub # was !Sub before\n  'arn:aws:sqs:${AWS::Region}:1234:q'");
  });
});

describe('short-form tags after a quoted "#"', () => {
  it('a "#" inside a quoted string is no comment: the tag is the one before the value', () => {
    const text = 'A: !Ref Other\nB: {Name: "x #1", Value: !Ref Bucket}\n';
    const b = getValue(parsed(text), 'B');
    expect(src(text, getValue(b, 'Value') as Node)).toBe('!Ref Bucket');
  });
});

describe('flow closers at the indentation of their key (SAM style)', () => {
  it('a block scalar of a list item\'s key (- PolicyName: >-) leaves the closers of its sibling keys to be moved', () => {
    const text = [
      'Policies:',
      '  - PolicyName: >-',
      '      read-bucket',
      '    PolicyDocument:',
      '      Statement: [{',
      '        Action: "s3:GetObject"',
      '      }]',
      '',
    ].join('\n');
    const item = items(getValue(parsed(text), 'Policies'))[0];
    const statement = getValue(getValue(item, 'PolicyDocument'), 'Statement') as Node;
    expect(src(text, getValue(items(statement)[0], 'Action') as Node)).toBe('"s3:GetObject"');
    expect(src(text, getValue(item, 'PolicyName') as Node)).toBe('read-bucket');
  });

  it('a collection they close ends after them, where the file has them', () => {
    const text = ['Statement: [{', '    Effect: Allow,', '    Resource: {', '      x: 1', '  }}]', 'Next: 1', ''].join('\n');
    const statement = getValue(parsed(text), 'Statement') as Node;
    expect(src(text, statement)).toBe(text.slice(text.indexOf('[{'), text.indexOf('}}]') + 3));
    expect(src(text, getValue(items(statement)[0], 'Resource') as Node)).toBe('{\n      x: 1\n  }');
  });

  it('lines of a block scalar are its value and stay: a pretty JSON policy keeps its text and spans', () => {
    const text = [
      'Fn:',
      '  Policies:',
      '    - Statement: [{',
      '        Effect: Allow',
      '      }]',
      'Policy: |',
      '  {',
      '    "Statement": [',
      '      {"Action": "s3:*"}',
      '    ]',
      '  }',
      '',
    ].join('\n');
    const policy = getValue(parsed(text), 'Policy') as Node & { value?: unknown };
    expect(policy.value).toBe('{\n  "Statement": [\n    {"Action": "s3:*"}\n  ]\n}\n');
    expect(src(text, policy)).toBe('{\n    "Statement": [\n      {"Action": "s3:*"}\n    ]\n  }');
  });
});
