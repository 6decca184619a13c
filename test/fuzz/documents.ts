/**
 * Documents for the property tests: a JSON-like tree that can hold duplicate keys, mutations on it
 * (drop, duplicate, retype, reorder, rename, wrap, insert), and writers for every syntax iamlint
 * reads (JSON, JSONC, YAML block and flow, CloudFormation short tags, CRLF, BOM).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { repoRoot } from '../helpers/cli.js';

export type Tree = null | boolean | number | string | { arr: Tree[] } | { obj: [string, Tree][] };

export function isObj(t: Tree): t is { obj: [string, Tree][] } {
  return typeof t === 'object' && t !== null && 'obj' in t;
}
export function isArr(t: Tree): t is { arr: Tree[] } {
  return typeof t === 'object' && t !== null && 'arr' in t;
}

export function fromJson(value: unknown): Tree {
  if (Array.isArray(value)) return { arr: value.map(fromJson) };
  if (value !== null && typeof value === 'object') return { obj: Object.entries(value).map(([k, v]) => [k, fromJson(v)]) };
  return value as Tree;
}

// --- seed documents -----------------------------------------------------------------------------

const corpus = join(repoRoot, '..', 'shared', 'corpus');

function jsonFiles(dir: string, every = 1): unknown[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .filter((_, i) => i % every === 0)
    .flatMap((f) => {
      try {
        return [JSON.parse(readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, '')) as unknown];
      } catch {
        return [];
      }
    });
}

/** Real policies: the shared corpus when it is beside the repository, else the rule fixtures. */
export function seedPolicies(): Tree[] {
  const real = [...jsonFiles(join(corpus, 'aws-managed-policies'), 3), ...jsonFiles(join(corpus, 'example-policies'))];
  const fixtures = readdirSync(join(repoRoot, 'fixtures')).flatMap((rule) => ['good', 'bad'].flatMap((kind) => jsonFiles(join(repoRoot, 'fixtures', rule, kind))));
  const policies = [...real, ...fixtures].filter((p) => typeof p === 'object' && p !== null && !Array.isArray(p) && 'Statement' in p);
  return policies.map(fromJson);
}

export function fixtureTree(path: string): Tree {
  return fromJson(JSON.parse(readFileSync(join(repoRoot, path), 'utf8')));
}

export function fixtureText(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}

// --- values ---------------------------------------------------------------------------------------

const IAM_KEYS = ['Version', 'Id', 'Statement', 'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition', 'AWS', 'Service', 'Federated', 'CanonicalUser', 'StringEquals', 'StringLike', 'ArnLike', 'Bool', 'IpAddress', 'ForAnyValue:StringEquals', 'ForAllValues:StringLike', 'StringEqualsIfExists', 'Null', 'aws:SourceArn', 'aws:PrincipalOrgID', 'aws:MultiFactorAuthPresent', 's3:prefix', 'Type', 'Properties', 'PolicyDocument', 'Policies', 'Resources', 'Conditions', '<<', '', 'effect', 'ACTION'];

const INTERESTING: Tree[] = [
  null, true, false, 0, -1, 1.5, 2e30, '', ' ', '*', '?', 'Allow', 'Deny', 'allow', '2012-10-17', '2008-10-17', '2020-01-01',
  's3:GetObject', 's3:*', 'iam:PassRole', 'iam:*', 'sts:AssumeRole', 'ec2:Describe*', 'kms:Decrypt', 'sqs:sendmessage', 'nosuch:Thing', ':', 's3:',
  'arn:aws:s3:::example-bucket/*', 'arn:aws:iam::123456789012:role/x', 'arn:aws:iam::*:role/*', 'arn:', 'arn:aws:s3', 'arn:aws:sqs:us-east-1:123456789012:q',
  '${aws:username}', '${AWS::AccountId}', 'arn:${AWS::Partition}:s3:::b/${aws:PrincipalTag/team}/*', '${', '}', '$${literal}',
  '123456789012', 'ec2.amazonaws.com', 'accounts.google.com', 'cognito-identity.amazonaws.com', 'o-abc123', '10.0.0.0/8', '::1/128', 'true', 'false',
  'é😀\u202e', '\u0000', 'line\nbreak', 'tab\there', '"quoted"', '\\', 'x'.repeat(3000),
  { arr: [] }, { obj: [] }, { obj: [['Ref', 'AWS::NoValue']] }, { obj: [['Ref', 'BucketName']] }, { obj: [['Fn::GetAtt', { arr: ['Bucket', 'Arn'] }]] },
  { obj: [['Fn::Sub', 'arn:${AWS::Partition}:s3:::${Bucket}/*']] }, { obj: [['Fn::Join', { arr: ['', { arr: ['arn:aws:s3:::', { obj: [['Ref', 'B']] }, '/*'] }] }]] },
  { obj: [['Fn::If', { arr: ['IsProd', 's3:GetObject', { obj: [['Ref', 'AWS::NoValue']] }] }]] }, { obj: [['Fn::ImportValue', 'shared-arn']] },
  { obj: [['Fn::Select', { arr: [0, { arr: ['a', 'b'] }] }]] }, { obj: [['Fn::Split', { arr: [',', 'a,b'] }]] }, { obj: [['Fn::Sub', { arr: ['${X}', { obj: [['X', 'y']] }] }]] },
  { obj: [['Fn::If', 'broken']] }, { obj: [['Fn::Sub', 7]] }, { obj: [['Ref', { arr: [] }]] }, { obj: [['Fn::FindInMap', { arr: ['M', 'k', 'v'] }]] },
];

const scalarish: fc.Arbitrary<Tree> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...INTERESTING) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map(fromJson) },
);

// --- mutations ------------------------------------------------------------------------------------

type Op = 'drop' | 'duplicate' | 'retype' | 'reorder' | 'rename' | 'wrap' | 'unwrap' | 'insert';
export interface Mutation {
  at: number;
  op: Op;
  value: Tree;
  key: string;
  salt: number;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom<Op>('drop', 'duplicate', 'retype', 'reorder', 'rename', 'wrap', 'unwrap', 'insert'),
  value: scalarish,
  key: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...IAM_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
  salt: fc.nat(),
});

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 6 });

/** Every container in the tree, root first, so `at` picks one deterministically. */
function containers(t: Tree, out: Tree[] = []): Tree[] {
  if (isObj(t)) {
    out.push(t);
    for (const [, v] of t.obj) containers(v, out);
  } else if (isArr(t)) {
    out.push(t);
    for (const v of t.arr) containers(v, out);
  }
  return out;
}

function clone(t: Tree): Tree {
  if (isObj(t)) return { obj: t.obj.map(([k, v]) => [k, clone(v)]) };
  if (isArr(t)) return { arr: t.arr.map(clone) };
  return t;
}

/** Applies the mutations to a copy of `tree`: each acts on one child of one container. */
export function mutate(tree: Tree, list: readonly Mutation[]): Tree {
  const root = clone(tree);
  for (const m of list) {
    const all = containers(root);
    if (all.length === 0) return m.value;
    const target = all[m.at % all.length] as { obj: [string, Tree][] } | { arr: Tree[] };
    const children: unknown[] = 'obj' in target ? target.obj : target.arr;
    const i = children.length === 0 ? 0 : m.salt % children.length;
    const wrapValue = (v: Tree): Tree => ({ arr: [v] });
    const get = (): Tree => ('obj' in target ? (target.obj[i]?.[1] ?? null) : (target.arr[i] ?? null));
    const set = (v: Tree): void => {
      if ('obj' in target) {
        if (target.obj[i]) target.obj[i] = [target.obj[i][0], v];
      } else if (i < target.arr.length) target.arr[i] = v;
    };
    switch (m.op) {
      case 'drop':
        children.splice(i, 1);
        break;
      case 'duplicate':
        if (children.length > 0) children.splice(i, 0, 'obj' in target ? [target.obj[i]![0], clone(target.obj[i]![1])] : clone(target.arr[i]!));
        break;
      case 'retype':
        set(clone(m.value));
        break;
      case 'reorder': {
        // A deterministic shuffle from the salt.
        let s = m.salt + 1;
        for (let j = children.length - 1; j > 0; j--) {
          s = (s * 1103515245 + 12345) % 2147483648;
          const k = s % (j + 1);
          [children[j], children[k]] = [children[k], children[j]];
        }
        break;
      }
      case 'rename':
        if ('obj' in target && target.obj[i]) target.obj[i] = [m.key, target.obj[i][1]];
        break;
      case 'wrap':
        set(wrapValue(get()));
        break;
      case 'unwrap': {
        const v = get();
        if (isArr(v)) set(v.arr[0] ?? null);
        else if (isObj(v)) set(v.obj[0]?.[1] ?? null);
        break;
      }
      case 'insert':
        if ('obj' in target) target.obj.splice(i, 0, [m.key, clone(m.value)]);
        else target.arr.splice(i, 0, clone(m.value));
        break;
    }
  }
  return root;
}

// --- writers --------------------------------------------------------------------------------------

export function toJson(t: Tree, indent: string, depth = 0, jsonc = false): string {
  const nl = indent ? '\n' : '';
  const pad = indent.repeat(depth + 1);
  const end = indent.repeat(depth);
  const sep = indent ? ': ' : ':';
  const trailing = jsonc ? ',' : '';
  if (isObj(t)) {
    if (t.obj.length === 0) return '{}';
    const body = t.obj.map(([k, v], i) => `${jsonc && i === 0 ? `${pad}// ${k}${nl || '\n'}` : ''}${pad}${JSON.stringify(k)}${sep}${toJson(v, indent, depth + 1, jsonc)}`);
    return `{${nl}${body.join(`,${nl}`)}${trailing}${nl}${end}}`;
  }
  if (isArr(t)) {
    if (t.arr.length === 0) return '[]';
    return `[${nl}${t.arr.map((v) => pad + toJson(v, indent, depth + 1, jsonc)).join(`,${nl}`)}${trailing}${nl}${end}]`;
  }
  if (typeof t === 'number' && !Number.isFinite(t)) return '0';
  return JSON.stringify(t) ?? 'null';
}

const SHORT_TAGS: Record<string, string> = { Ref: '!Ref', 'Fn::Sub': '!Sub', 'Fn::GetAtt': '!GetAtt', 'Fn::Join': '!Join', 'Fn::If': '!If', 'Fn::ImportValue': '!ImportValue', 'Fn::Select': '!Select', 'Fn::Split': '!Split', 'Fn::FindInMap': '!FindInMap' };

function yamlScalar(t: Tree): string {
  if (typeof t === 'string') return JSON.stringify(t);
  if (typeof t === 'number' && !Number.isFinite(t)) return '0';
  return String(t);
}

/** Block-style YAML; with `tags`, one-key intrinsic objects use CloudFormation's short form. */
export function toYaml(t: Tree, tags: boolean, depth = 0): string {
  const pad = '  '.repeat(depth);
  const inline = (v: Tree): string | undefined => {
    if (isObj(v) && v.obj.length === 0) return '{}';
    if (isArr(v) && v.arr.length === 0) return '[]';
    if (!isObj(v) && !isArr(v)) return yamlScalar(v);
    if (tags && isObj(v) && v.obj.length === 1 && SHORT_TAGS[v.obj[0]![0]]) return `${SHORT_TAGS[v.obj[0]![0]]} ${toJson(v.obj[0]![1], '')}`;
    return undefined;
  };
  if (isObj(t)) {
    return t.obj
      .map(([k, v]) => {
        const simple = inline(v);
        return simple !== undefined ? `${pad}${JSON.stringify(k)}: ${simple}\n` : `${pad}${JSON.stringify(k)}:\n${toYaml(v, tags, depth + 1)}`;
      })
      .join('');
  }
  if (isArr(t)) {
    return t.arr
      .map((v) => {
        const simple = inline(v);
        return simple !== undefined ? `${pad}- ${simple}\n` : `${pad}-\n${toYaml(v, tags, depth + 1)}`;
      })
      .join('');
  }
  return `${pad}${yamlScalar(t)}\n`;
}

export type Syntax = 'json' | 'json-min' | 'json-tabs' | 'jsonc' | 'yaml' | 'yaml-tags' | 'yaml-flow';

/** The file text and a file name with the extension that makes iamlint read it that way. */
export function write(t: Tree, syntax: Syntax, name: string): { text: string; filename: string } {
  switch (syntax) {
    case 'json':
      return { text: `${toJson(t, '  ')}\n`, filename: `${name}.json` };
    case 'json-min':
      return { text: toJson(t, ''), filename: `${name}.json` };
    case 'json-tabs':
      return { text: `${toJson(t, '\t')}\n`, filename: `${name}.json` };
    case 'jsonc':
      return { text: `// ${name}\n${toJson(t, '  ', 0, true)}\n`, filename: `${name}.jsonc` };
    case 'yaml':
      return { text: `# ${name}\n${toYaml(t, false)}`, filename: `${name}.yaml` };
    case 'yaml-tags':
      return { text: toYaml(t, true), filename: `${name}.yml` };
    case 'yaml-flow':
      return { text: `${toJson(t, '  ')}\n`, filename: `${name}.yaml` };
  }
}

export const syntax = fc.constantFrom<Syntax>('json', 'json-min', 'json-tabs', 'jsonc', 'yaml', 'yaml-tags', 'yaml-flow');

/** Line endings and a byte order mark, as editors on other systems save files. */
export const framing = fc.record({ crlf: fc.boolean(), bom: fc.boolean() });

export function frame(text: string, f: { crlf: boolean; bom: boolean }): string {
  const body = f.crlf ? text.replace(/\r?\n/g, '\r\n') : text;
  return f.bom ? `\uFEFF${body}` : body;
}

// --- text-level damage ----------------------------------------------------------------------------

const TOKENS = ['{', '}', '[', ']', ',', ':', '"', "'", '\\', '\n', '\r\n', '\r', '\t', '  ', '- ', '# ', '//', '/*', '*/', '&a ', '*a', '!Ref ', '!Sub ', '<<: *a', '---\n', '|', '>', '?', '%', '@', '`', '\u0000', '\uFEFF', '\uFFFD', '\u2028', '😀', 'null', 'true', '1e999', '-0', '"Statement"', 'Effect: Allow', '${', '}}'];

export interface TextEdit {
  at: number;
  cut: number;
  insert: string;
}

export const textEdits = fc.array(
  fc.record({ at: fc.nat(), cut: fc.nat({ max: 20 }), insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4, unit: 'binary' }), fc.constant('')) }),
  { minLength: 1, maxLength: 4 },
);

export function damage(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % (out.length + 1);
    out = out.slice(0, at) + e.insert + out.slice(at + e.cut);
  }
  return out;
}

/** Random text built from the characters that matter to the JSON and YAML grammars. */
export const grammarSoup = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKENS, 'Version', 'Action', 's3:*', 'Resources', 'Type', 'AWS::IAM::Policy', 'PolicyDocument', ' ') }, { weight: 1, arbitrary: fc.string({ maxLength: 3, unit: 'binary' }) }), { maxLength: 60 }).map((parts) => parts.join(''));
