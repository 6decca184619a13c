import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/policy-size.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

/** A statement of `n` distinct actions on one bucket, about 30 characters per action. */
const st = (Sid: string, n: number) => ({
  Sid,
  Effect: 'Allow',
  Action: Array.from({ length: n }, (_, i) => `s3:GetObjectVersionAttr${String(i).padStart(4, '0')}`),
  Resource: 'arn:aws:s3:::example-reports/*',
});
/** What the rule reports: minified JSON plus the one character Access Analyzer adds. */
const counted = (doc: unknown) => JSON.stringify(doc).length + 1;
const doc = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const n = (x: number) => x.toLocaleString('en-US');
const size = (s: unknown) => JSON.stringify(s).length;

describe('policy-size', () => {
  it('reports a bare identity policy over the managed-policy quota (RULES.md) at the document, naming its largest statements', async () => {
    const statements = [st('Small', 5), st('Big', 250), st('Medium', 120), st('Tiny', 1)];
    const text = policy(statements);
    const count = counted(doc(statements));
    expect(count).toBeGreaterThan(10_240);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'policy-size',
      severity: 'warning',
      line: 1,
      column: 1,
      path: [],
      message: `The ${n(count)} characters in this identity policy, excluding whitespace, exceed the 6,144 character quota for managed policies (a bare file's place is unknown; as a role's inline policy it may hold 10,240)`,
      // The parts are managed policies you create, 6,144 characters each; "Big" alone does not fit one.
      suggestion: `Split it into ${Math.ceil(count / 6_144)} policies of at most 6,144 characters each; its largest statements are "Big" (${n(size(statements[1]))} characters), "Medium" (${n(size(statements[2]))} characters), "Small" (${n(size(statements[0]))} characters)${size(statements[1]) > 6_144 ? ', and "Big" alone is over 6,144: split its Action or Resource list across statements first' : ''}`,
    });
  });

  it('holds a bare policy between the managed (6,144) and role inline (10,240) quotas to the first, and to the second with maxCharacters', async () => {
    const text = policy([st('A', 110), st('B', 110)]);
    expect(counted(JSON.parse(text))).toBeGreaterThan(6_144);
    expect(counted(JSON.parse(text))).toBeLessThan(10_240);
    expect((await lintWith(rule, text)).map((f) => f.message)).toEqual([expect.stringContaining('exceed the 6,144 character quota for managed policies')]);
    expect(await lintWith(rule, text, { options: { maxCharacters: 10_240 } })).toEqual([]);
  });

  it('does not count whitespace: the same policy pretty-printed and minified gives the same number', async () => {
    const statements = [st('Big', 400)];
    const pretty = await lintWith(rule, JSON.stringify(doc(statements), null, 8));
    const minified = await lintWith(rule, JSON.stringify(doc(statements)));
    expect(pretty[0]?.message).toBe(minified[0]?.message);
    expect(pretty[0]?.message).toContain(`The ${n(counted(doc(statements)))} characters`);
  });

  it('names statements without a Sid by their place', async () => {
    const statements = [{ ...st('x', 400), Sid: undefined }];
    const [finding] = await lintWith(rule, policy(statements));
    expect(finding?.suggestion).toBe(
      `Split it into 2 policies of at most 6,144 characters each; its largest statements are #1 (${n(size(statements[0]))} characters), and #1 alone is over 6,144: split its Action or Resource list across statements first`,
    );
  });

  it.each([
    ['a bare policy under the managed-policy quota', policy([st('A', 50), st('B', 50)]), undefined],
    ['a resource policy, whose quota depends on the service', policy([{ ...st('A', 400), Principal: { AWS: '123456789012' } }]), 'resource' as const],
    ['a trust policy under 2,048 characters', policy([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]), 'trust' as const],
  ])('does not report %s', async (_, text, policyType) => {
    expect(await lintWith(rule, text, policyType ? { policyType } : {})).toEqual([]);
  });

  it('uses the 2,048 character trust policy quota and suggests the adjustable quota', async () => {
    const principals = Array.from({ length: 60 }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:role/deployer`);
    const statements = [{ Sid: 'Deployers', Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }];
    const [finding] = await lintWith(rule, policy(statements), { policyType: 'trust' });
    expect(finding).toMatchObject({
      message: `The ${n(counted(doc(statements)))} characters in this trust policy, excluding whitespace, exceed the 2,048 character quota for role trust policies`,
      suggestion: `Shorten it below 2,048 characters, or raise the role trust policy length quota in Service Quotas (adjustable up to 8,192); its largest statements are "Deployers" (${n(size(statements[0]))} characters)`,
    });
  });

  it('counts a Terraform expression as nothing: its text says nothing of its value\'s length', async () => {
    const identifiers = Array.from({ length: 40 }, (_, i) => `"\${element(keys(var.principals_with_long_names), count.index + ${i})}"`).join(', ');
    const text = `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = [${identifiers}]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;
    expect(text.length).toBeGreaterThan(2048 * 1.2);
    expect(await lintWith(rule, text, { filename: 'main.tf' })).toEqual([]);
    const written = text.replace(/"\$\{element\(keys\(var\.principals_with_long_names\), count\.index \+ (\d+)\)\}"/g, (_m, i: string) => `"arn:aws:iam::${String(100000000000 + Number(i))}:role/deployer-with-a-long-name"`);
    expect((await lintWith(rule, written, { filename: 'main.tf' })).map((f) => f.ruleId)).toEqual(['policy-size']);
  });

  it('uses the 5,120 character quota for SCPs', async () => {
    const statements = [{ ...st('DenyOld', 200), Effect: 'Deny', Resource: '*' }];
    const [finding] = await lintWith(rule, policy(statements), { policyType: 'scp' });
    expect(finding?.message).toBe(
      // AWS Organizations counts the document as sent: no Access Analyzer extra character.
      `The ${n(JSON.stringify(doc(statements)).length)} characters in this service control policy, excluding whitespace, exceed the 5,120 character quota for service control policies`,
    );
    expect(finding?.suggestion).toMatch(/^Split it into 2 policies of at most 5,120 characters each/);
  });

  it('accepts a minified SCP of exactly 5,120 characters and reports one of 5,121', async () => {
    const sized = (length: number) => {
      const base = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Pad', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::' }] });
      return base.replace('arn:aws:s3:::', `arn:aws:s3:::${'a'.repeat(length - base.length)}`);
    };
    expect(sized(5_120)).toHaveLength(5_120);
    expect(await lintWith(rule, sized(5_120), { policyType: 'scp' })).toEqual([]);
    expect((await lintWith(rule, sized(5_121), { policyType: 'scp' })).map((f) => f.message)).toEqual([
      'The 5,121 characters in this service control policy, excluding whitespace, exceed the 5,120 character quota for service control policies',
    ]);
  });

  it("counts a bare file's deployment replacement tokens (Landing Zone Accelerator's ${PARTITION}) as nothing, and IAM policy variables as written", async () => {
    const resources = Array.from({ length: 100 }, (_, i) => `arn:\${PARTITION}:iam::*:role/\${ACCELERATOR_PREFIX}-R${String(i).padStart(2, '0')}`);
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:DeleteRole', Resource: resources, Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:${PARTITION}:iam::*:role/${ACCEL_LOOKUP::CUSTOM:ADMIN_ROLE}' } } }] });
    expect(text.length).toBeGreaterThan(5_120);
    expect(await lintWith(rule, text, { policyType: 'scp' })).toEqual([]);
    const variables = text.replaceAll('${PARTITION}', 'aws').replaceAll('${ACCELERATOR_PREFIX}', '${aws:username}-team-prefix');
    expect((await lintWith(rule, variables, { policyType: 'scp' })).map((f) => f.ruleId)).toEqual(['policy-size']);
  });

  it('counts a bare SCP or RCP file as written, whitespace included, as AWS Organizations does, and suggests minifying it', async () => {
    const statements = [{ ...st('DenyOld', 140), Effect: 'Deny', Resource: '*' }];
    const text = policy(statements);
    const written = text.trimEnd().length;
    const minified = JSON.stringify(doc(statements)).length;
    expect([written > 5120, minified < 5120]).toEqual([true, true]);
    for (const [policyType, label] of [['scp', 'service control'], ['rcp', 'resource control']] as const) {
      const findings = await lintWith(rule, text, { policyType });
      expect(findings.map((f) => [f.line, f.column, f.message, f.suggestion])).toEqual([
        [
          1,
          1,
          `The ${n(written)} characters in this ${label} policy, whitespace included as AWS Organizations counts it, exceed the 5,120 character quota for ${label} policies`,
          `Remove the whitespace outside strings: without it the policy holds ${n(minified)} characters`,
        ],
      ]);
    }
    // A YAML SCP is sent as the JSON it converts to: its indentation is not counted.
    const yamlText = `Version: "2012-10-17"\nStatement:\n  - Sid: DenyOld\n    Effect: Deny\n    Resource: "*"\n    Action:\n${statements[0]!.Action.map((a) => `      - ${a}\n`).join('')}`;
    expect(yamlText.length > 5120).toBe(true);
    expect(await lintWith(rule, yamlText, { policyType: 'scp', filename: 'scp.yaml' })).toEqual([]);
    // Minified, the same SCP fits; as an identity policy, whitespace never counted.
    expect(await lintWith(rule, `${JSON.stringify(doc(statements))}\n`, { policyType: 'scp' })).toEqual([]);
    expect(await lintWith(rule, text, { policyType: 'identity' })).toEqual([]);
  });

  it('takes the limit from the maxCharacters option, for every kind', async () => {
    const statements = [st('Read', 2)];
    const [finding] = await lintWith(rule, policy(statements), { options: { maxCharacters: 100 } });
    expect(finding?.message).toBe(
      `The ${counted(doc(statements))} characters in this identity policy, excluding whitespace, exceed the 100 character quota for this project (the maxCharacters option)`,
    );
    const resource = policy([{ ...st('Read', 2), Principal: { AWS: '123456789012' } }]);
    expect(await lintWith(rule, resource, { policyType: 'resource', options: { maxCharacters: 100 } })).toHaveLength(1);
    expect(await lintWith(rule, policy(statements), { options: { maxCharacters: 10_000 } })).toEqual([]);
  });

  const actionsYaml = (count: number, indent: string) =>
    Array.from({ length: count }, (_, i) => `${indent}- s3:GetObjectVersionAttr${String(i).padStart(4, '0')}`).join('\n');

  it('uses the 6,144 character quota for a template managed policy and counts YAML as the JSON CloudFormation sends', async () => {
    const text = [
      'Resources:',
      '  ReportsReader:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Sid: ReadReports',
      '            Effect: Allow',
      '            Action:',
      actionsYaml(220, '              '),
      '            Resource: arn:aws:s3:::example-reports/*',
      '',
    ].join('\n');
    const statement = st('ReadReports', 220);
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ...positionOf(text, 'Version'),
      path: [],
      message: `The ${n(counted(doc([statement])))} characters in this identity policy, excluding whitespace, exceed the 6,144 character quota for managed policies`,
      suggestion: `Split it into 2 policies of at most 6,144 characters each; its largest statements are "ReadReports" (${n(size(statement))} characters), and "ReadReports" alone is over 6,144: split its Action or Resource list across statements first`,
    });
  });

  it("uses a user's 2,048 character inline quota and suggests managed policies", async () => {
    const text = [
      'Resources:',
      '  Alice:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Policies:',
      '        - PolicyName: reports',
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Sid: ReadReports',
      '                Effect: Allow',
      '                Action:',
      actionsYaml(80, '                  '),
      '                Resource: arn:aws:s3:::example-reports/*',
      '',
    ].join('\n');
    const statement = st('ReadReports', 80);
    const [finding] = await lintWith(rule, text, { filename: 't.yaml' });
    expect(finding).toMatchObject({
      ...positionOf(text, 'Version'),
      message: `The ${n(counted(doc([statement])))} characters in this identity policy, excluding whitespace, exceed the 2,048 character quota for a user's inline policies`,
      suggestion: `Move its statements into a managed policy of at most 6,144 characters each (inline policies share one quota per user); its largest statements are "ReadReports" (${n(size(statement))} characters)`,
    });
  });

  it("reports a role whose inline policies together pass the 10,240 character quota, at the role", async () => {
    const inline = (name: string) => [
      `        - PolicyName: ${name}`,
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Effect: Allow',
      '                Action:',
      actionsYaml(180, '                  '),
      '                Resource: arn:aws:s3:::example-reports/*',
    ];
    const text = ['Resources:', '  AppRole:', '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', '        Version: "2012-10-17"',
      '        Statement:', '          - Effect: Allow', '            Principal: {Service: ec2.amazonaws.com}', '            Action: sts:AssumeRole',
      '      Policies:', ...inline('first'), ...inline('second'), ''].join('\n');
    const one = counted(doc([{ Effect: 'Allow', Action: st('x', 180).Action, Resource: 'arn:aws:s3:::example-reports/*' }]));
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ...positionOf(text, 'AppRole'),
      path: [],
      message: `The inline policies of role "AppRole" hold ${n(2 * one)} characters together, excluding whitespace, over the 10,240 character quota for a role's inline policies`,
      suggestion: `Move "first" (${n(one)} characters), "second" (${n(one)} characters) into managed policies (6,144 characters each), which do not count toward this quota`,
    });
  });

  it('measures an intrinsic from its text in the template and an Fn::If by its larger branch', async () => {
    const text = [
      'Conditions:',
      '  IsProd: !Equals [!Ref Env, prod]',
      'Resources:',
      '  Reader:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: s3:GetObject',
      '            Resource: !Sub "arn:aws:s3:::${Bucket}/*"',
      '          - !If',
      '            - IsProd',
      '            - Effect: Allow',
      '              Action: [s3:ListBucket, s3:GetBucketLocation]',
      '              Resource: "*"',
      '            - !Ref AWS::NoValue',
      '',
    ].join('\n');
    const expected =
      JSON.stringify(doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'X' }, { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: '*' }])).length -
      '"X"'.length +
      '!Sub"arn:aws:s3:::${Bucket}/*"'.length +
      1;
    const findings = await lintWith(rule, text, { filename: 't.yaml', options: { maxCharacters: 50 } });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain(`The ${expected} characters`);
  });
});

const corpus = new URL('../../../shared/corpus/', import.meta.url).pathname;
const corpusDir = join(corpus, 'aws-managed-policies');
const analyzerDir = join(corpus, 'aws-managed-policies-access-analyzer');

describe.skipIf(!existsSync(corpusDir) || !existsSync(analyzerDir))('policy-size on the AWS managed policies', () => {
  it("reports exactly Access Analyzer's POLICY_SIZE findings, with its numbers, for every policy it validated, given Access Analyzer's 10,240 quota", async () => {
    const expected = new Map<string, number>();
    for (const name of readdirSync(analyzerDir)) {
      const findings = JSON.parse(readFileSync(join(analyzerDir, name), 'utf8')) as { issueCode: string; findingDetails: string }[];
      const size = findings.find((f) => f.issueCode === 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA');
      expected.set(name, size ? Number(/The (\d+) characters/.exec(size.findingDetails)?.[1]) : 0);
    }
    expect([...expected.values()].filter((v) => v > 0).length).toBeGreaterThan(0);
    const actual = new Map<string, number>();
    // Only policies Access Analyzer has a file for: it writes none for a clean policy, but also
    // none for those its run skipped (deprecated) or failed on, so the others cannot be compared.
    for (const name of expected.keys()) {
      const findings = await lintWith(rule, readFileSync(join(corpusDir, name), 'utf8'), { filename: name, options: { maxCharacters: 10_240 } });
      const match = /^The ([\d,]+) characters/.exec(findings[0]?.message ?? '');
      actual.set(name, match ? Number(match[1]?.replace(/,/g, '')) : 0);
    }
    expect(actual).toEqual(expected);
  }, 60_000);
});
