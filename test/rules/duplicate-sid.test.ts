import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/duplicate-sid.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const st = (Sid: string, Action = 's3:GetObject') => ({ Sid, Effect: 'Allow', Action, Resource: '*' });

describe('duplicate-sid', () => {
  it('reports the second use of a Sid at its value, naming the first statement', async () => {
    const text = policy([st('ReadLogs'), st('Other'), st('ReadLogs', 's3:ListBucket')]);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    const second = text.indexOf('"ReadLogs"', text.indexOf('"ReadLogs"') + 1);
    const line = text.slice(0, second).split('\n').length;
    expect(findings[0]).toMatchObject({
      ruleId: 'duplicate-sid',
      severity: 'error',
      line,
      column: second - text.lastIndexOf('\n', second),
      path: ['Statement', 2, 'Sid'],
      message: 'Sid "ReadLogs" is used again; statement #1 already has it',
      suggestion: 'Give this statement a unique Sid, such as "ReadLogs2"',
    });
  });

  it.each([
    ['an identity policy, whose Sids take letters and digits only (invalid-sid)', undefined, 'ReadObjects2'],
    ['a resource policy, whose Sids take any string', 'resource', 'read-objects2'],
  ] as const)('suggests a Sid the policy kind accepts: %s', async (_name, policyType, unique) => {
    const findings = await lintWith(rule, policy([st('read-objects'), st('read-objects', 's3:ListBucket')]), policyType ? { policyType } : {});
    expect(findings.map((f) => [f.ruleId, f.path.join('.'), f.suggestion])).toEqual([['duplicate-sid', 'Statement.1.Sid', `Give this statement a unique Sid, such as "${unique}"`]]);
  });

  it('reports every later copy and suggests a Sid not yet taken', async () => {
    const findings = await lintWith(rule, policy([st('A'), st('A'), st('A2'), st('A')]));
    expect(findings.map((f) => [f.path[1], f.suggestion])).toEqual([
      [1, 'Give this statement a unique Sid, such as "A3"'],
      [3, 'Give this statement a unique Sid, such as "A3"'],
    ]);
  });

  it.each([
    ['unique Sids', policy([st('A'), st('B')])],
    ['Sids that differ in case', policy([st('ReadLogs'), st('readlogs')])],
    ['empty Sids (invalid-sid reports them)', policy([st(''), st('')])],
    ['statements without Sid', policy([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('does not report the two branches of one Fn::If, which never deploy together, when branches are merged (more than 4 conditions)', async () => {
    const text = readFileSync(new URL('../../fixtures/templates/cloudformation/many-conditions.yaml', import.meta.url), 'utf8');
    expect(await lintWith(rule, text, { filename: 'stack.yaml' })).toEqual([]);
  });

  it('compares each Fn::If version of a template policy on its own', async () => {
    const text = [
      'Conditions:',
      '  IsProd: !Equals [!Ref AWS::AccountId, "123456789012"]',
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Statement:',
      '          - !If [IsProd, {Sid: Read, Effect: Allow, Action: "s3:GetObject", Resource: "*"}, {Sid: Read, Effect: Allow, Action: "s3:ListBucket", Resource: "*"}]',
      '',
    ].join('\n');
    expect(await lintWith(rule, text, { filename: 't.yaml' })).toEqual([]);
    // A statement after the Fn::If that repeats the Sid of one branch is a duplicate in that version only.
    const repeated = text.replace('{Sid: Read, Effect: Allow, Action: "s3:ListBucket"', '{Sid: Write, Effect: Allow, Action: "s3:PutObject"') + '          - {Sid: Read, Effect: Allow, Action: "s3:ListBucket", Resource: "*"}\n';
    const findings = await lintWith(rule, repeated, { filename: 't.yaml' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.path, f.message])).toEqual([
      ['duplicate-sid', 10, positionOf(repeated, 'Read', '{Sid: Read, Effect: Allow, Action: "s3:ListBucket"').column, ['Statement', 1, 'Sid'], 'Sid "Read" is used again; statement #1 already has it'],
    ]);
  });

  describe('Terraform dynamic statement blocks', () => {
    const tf = (first: string, second: string) => `data "aws_iam_policy_document" "repo" {
${first}
${second}
}
`;
    const dynamic = (sid: string, action: string) => `  dynamic "statement" {
    for_each = var.private ? [1] : []
    content {
      sid       = "${sid}"
      actions   = ["${action}"]
      resources = ["*"]
    }
  }`;
    const plain = (sid: string, action: string) => `  statement {
    sid       = "${sid}"
    actions   = ["${action}"]
    resources = ["*"]
  }`;

    it.each([
      ['two dynamic blocks', tf(dynamic('ReadWrite', 'ecr:PutImage'), dynamic('ReadWrite', 'ecr-public:PutImage'))],
      ['a plain statement and a dynamic one', tf(plain('ReadWrite', 'ecr:PutImage'), dynamic('ReadWrite', 'ecr-public:PutImage'))],
      ['a dynamic statement and a plain one', tf(dynamic('ReadWrite', 'ecr:PutImage'), plain('ReadWrite', 'ecr-public:PutImage'))],
    ])('does not compare the Sids of %s, which may not both exist', async (_, text) => {
      expect(await lintWith(rule, text, { filename: 'main.tf' })).toEqual([]);
    });

    it('still reports two plain statements with the same Sid, past a dynamic one', async () => {
      const text = tf(dynamic('ReadWrite', 'ecr:GetAuthorizationToken'), `${plain('ReadWrite', 'ecr:PutImage')}\n${plain('ReadWrite', 'ecr:BatchGetImage')}`);
      const findings = await lintWith(rule, text, { filename: 'main.tf' });
      const at = positionOf(text, '"ReadWrite"', 'ecr:PutImage');
      expect(findings.map((f) => [f.line, f.column, f.path, f.message, f.suggestion])).toEqual([
        [at.line, at.column, ['Statement', 2, 'Sid'], 'Sid "ReadWrite" is used again; statement #2 already has it', 'Give this statement a unique Sid, such as "ReadWrite2"'],
      ]);
    });
  });
});
