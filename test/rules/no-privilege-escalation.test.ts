import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-privilege-escalation.js';
import { findAction } from '../../src/iam/actions.js';
import { ESCALATION_METHODS } from '../../src/security/escalation-methods.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const allow = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });

describe('escalation-methods table', () => {
  it('names only actions that exist in the IAM data, in their own casing', () => {
    const problems = ESCALATION_METHODS.flatMap((m) =>
      m.actions.flatMap((a) => {
        const [service = '', name = ''] = a.split(':');
        const found = findAction(service, name);
        return found?.id === a ? [] : [`${m.id}: ${a}${found ? ` (IAM data: ${found.id})` : ''}`];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('has about 60 methods with unique ids, a public source, and no method that only extends another', () => {
    expect(ESCALATION_METHODS.length).toBeGreaterThanOrEqual(55);
    expect(new Set(ESCALATION_METHODS.map((m) => m.id)).size).toBe(ESCALATION_METHODS.length);
    for (const m of ESCALATION_METHODS) expect(m.source).toMatch(/^https:\/\//);
    const sets = ESCALATION_METHODS.map((m) => ({ id: m.id, actions: new Set(m.actions.map((a) => a.toLowerCase())) }));
    const dead = sets.flatMap((a) => sets.filter((b) => b !== a && [...b.actions].every((x) => a.actions.has(x))).map((b) => `${a.id} contains ${b.id}`));
    expect(dead).toEqual([]);
  });

  it('has every action of a method wildcard-only in no method (those could only be dropped, never scoped)', () => {
    const onlyStar = ESCALATION_METHODS.filter((m) =>
      m.actions.every((a) => {
        const [s = '', n = ''] = a.split(':');
        return findAction(s, n)?.wildcardOnly;
      }),
    );
    expect(onlyStar.map((m) => m.id)).toEqual([]);
  });
});

describe('no-privilege-escalation', () => {
  it('reports a single-action method at the Action entry, with the ARN format to scope it to', async () => {
    const text = policy([allow(['iam:GetPolicy', 'iam:CreatePolicyVersion'])]);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'no-privilege-escalation',
      severity: 'error',
      ...positionOf(text, '"iam:CreatePolicyVersion"'),
      path: ['Statement', 0, 'Action', 1],
      message:
        'Allows privilege escalation by "Create a new default version of a managed policy" (iam-create-policy-version): iam:CreatePolicyVersion on every resource without a Condition',
      suggestion: 'Scope iam:CreatePolicyVersion to named resources (arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}) or add a Condition, or drop it',
    });
  });

  it('counts an ARN pattern that names every resource of the type as "*" (RULES.md\'s "effectively *"), and says which', async () => {
    const text = policy([allow('iam:CreatePolicyVersion', 'arn:aws:iam::*:policy/*'), allow(['iam:PassRole'], 'arn:aws:iam::*:role/*'), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [
        ...Object.values(positionOf(text, '"iam:CreatePolicyVersion"')),
        'Allows privilege escalation by "Create a new default version of a managed policy" (iam-create-policy-version): iam:CreatePolicyVersion on every resource of its type ("arn:aws:iam::*:policy/*") without a Condition',
      ],
      [
        ...Object.values(positionOf(text, '"iam:PassRole"')),
        'Allows privilege escalation by "Create a Lambda function with a privileged role and invoke it" (lambda-passrole-create-invoke): iam:PassRole, lambda:CreateFunction, lambda:InvokeFunction on every resource of their type ("arn:aws:iam::*:role/*", "*") without a Condition',
      ],
    ]);
  });

  it.each([
    ['one account\'s policies by path', allow('iam:CreatePolicyVersion', 'arn:aws:iam::*:policy/team/*')],
    ['every document but one named instance', allow('ssm:SendCommand', ['arn:aws:ssm:*:*:document/*', 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc'])],
    ['a pattern of another type', allow('iam:CreateAccessKey', 'arn:aws:iam::*:role/*')],
  ])('does not count a pattern that leaves resources of the type out: %s', async (_, statement) => {
    expect(await lintWith(rule, policy([statement]))).toEqual([]);
  });

  it('does not count every document when the policy grants the instances only under a Condition (AWSCloud9User)', async () => {
    const text = policy([
      allow('ssm:StartSession', 'arn:aws:ec2:*:*:instance/*', { Condition: { StringEquals: { 'aws:CalledViaFirst': 'cloud9.amazonaws.com' } } }),
      allow('ssm:StartSession', 'arn:aws:ssm:*:*:document/*'),
    ]);
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it.each([
    ['a Deny on the same pattern takes it back', [allow('iam:CreatePolicyVersion', 'arn:aws:iam::*:policy/*'), { Effect: 'Deny', Action: 'iam:CreatePolicyVersion', Resource: 'arn:aws:iam::*:policy/*' }]],
    ['ssm:StartSession on every document reaches no instance (none of its types is required: all count)', [allow('ssm:StartSession', 'arn:aws:ssm:*:*:document/*')]],
    [
      'ssm:SendCommand on every document, but on instances only under a Condition in another statement (AmazonRDSCustomServiceRolePolicy)',
      [allow('ssm:SendCommand', 'arn:aws:ssm:*:*:document/*'), allow('ssm:SendCommand', 'arn:aws:ec2:*:*:instance/*', { Condition: { StringLike: { 'aws:ResourceTag/AWSRDSCustom': 'custom-oracle' } } })],
    ],
    ['ssm:SendCommand on every document and on no node: it runs on none', [allow('ssm:SendCommand', 'arn:aws:ssm:*:*:document/*')]],
    [
      'ssm:SendCommand on every document and every instance, with a Deny on every instance',
      [allow('ssm:SendCommand', 'arn:aws:ssm:*:*:document/*'), { Effect: 'Deny', Action: 'ssm:SendCommand', Resource: 'arn:aws:ec2:*:*:instance/*' }, allow('ssm:SendCommand', 'arn:aws:ec2:*:*:instance/*')],
    ],
    [
      'ssm:SendCommand on "*", with a Deny on every instance and every managed node',
      [allow('ssm:SendCommand', '*'), { Effect: 'Deny', Action: 'ssm:SendCommand', Resource: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ssm:*:*:managed-instance/*'] }],
    ],
  ])('does not report: %s', async (_, statements) => {
    expect(await lintWith(rule, policy(statements))).toEqual([]);
  });

  it('judges each statement by its own resources: a key pair named elsewhere does not hide ec2:RunInstances on every instance', async () => {
    const types = ['instance', 'image', 'subnet', 'network-interface', 'security-group', 'volume'].map((t) => `arn:aws:ec2:*:*:${t}/*`);
    const text = policy([allow('iam:PassRole', 'arn:aws:iam::*:role/*'), allow('ec2:RunInstances', types), allow('ec2:DeleteKeyPair', 'arn:aws:ec2:us-east-1:123456789012:key-pair/old-key')]);
    expect((await lintWith(rule, text)).map((f) => f.message.match(/\(([a-z0-9-]+)\): /)?.[1])).toEqual(['ec2-passrole-run-instances']);
  });

  it('counts an IAM pattern of one account, written out or ${AWS::AccountId}, as every role or policy: the caller reaches no other account\'s', async () => {
    const text = policy([allow('iam:CreatePolicyVersion', 'arn:aws:iam::123456789012:policy/*'), allow('iam:AttachRolePolicy', 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*')]);
    expect((await lintWith(rule, text)).map((f) => f.message.match(/\(([a-z0-9-]+)\): /)?.[1])).toEqual(['iam-create-policy-version', 'iam-attach-role-policy']);
  });

  it.each([
    ['every document and every instance', [allow('ssm:SendCommand', ['arn:aws:ssm:*:*:document/*', 'arn:aws:ec2:*:*:instance/*'])]],
    ['every document and every managed node', [allow('ssm:SendCommand', ['arn:aws:ssm:*:*:document/*', 'arn:aws:ssm:*:*:managed-instance/*'])]],
    ['every document in one statement, every instance in another', [allow('ssm:SendCommand', 'arn:aws:ssm:*:*:document/*'), allow('ssm:SendCommand', 'arn:aws:ec2:*:*:instance/*')]],
    [
      'every document and one named instance, every instance in another statement',
      [allow('ssm:SendCommand', ['arn:aws:ssm:*:*:document/*', 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc']), allow('ssm:SendCommand', 'arn:aws:ec2:*:*:instance/*')],
    ],
    ['every document, and a NotResource that leaves every node in', [allow('ssm:SendCommand', 'arn:aws:ssm:*:*:document/*'), { Effect: 'Allow', Action: 'ssm:SendCommand', NotResource: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc' }]],
  ])('counts ssm:SendCommand on %s', async (_, statements) => {
    const text = policy(statements);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.line, f.column, f.message.match(/\((ssm-[a-z-]+)\)/)?.[1]])).toEqual([[...Object.values(positionOf(text, '"ssm:SendCommand"')), 'ssm-send-command']]);
  });

  it('reads a permissions boundary, saying that it grants nothing itself', async () => {
    const findings = await lintWith(rule, policy([allow('iam:CreatePolicyVersion')]), { policyType: 'boundary' });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ['error', expect.stringMatching(/^Allows privilege escalation by "Create a new default version of a managed policy" .* \(a permissions boundary grants nothing itself: this leaves it uncapped for the identities it bounds\)$/)],
    ]);
  });

  it.each([
    ['glue-passrole-update-job-trigger', ['iam:PassRole', 'glue:UpdateJob', 'glue:CreateTrigger']],
    ['sagemaker-notebook-lifecycle-config', ['sagemaker:CreateNotebookInstanceLifecycleConfig', 'sagemaker:StopNotebookInstance', 'sagemaker:UpdateNotebookInstance', 'sagemaker:StartNotebookInstance']],
  ])('knows %s (Cloudsplaining\'s list, pathfinding.cloud)', async (id, actions) => {
    const findings = await lintWith(rule, policy([allow(actions)]));
    expect(findings.map((f) => f.message.match(/\(([a-z0-9-]+)\): /)?.[1])).toEqual([id]);
  });

  it('reports iam:UpdateAssumeRolePolicy alone: the new trust can name a principal of another account, which needs no sts:AssumeRole here', async () => {
    const text = policy([allow('iam:UpdateAssumeRolePolicy')]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [
        ...Object.values(positionOf(text, '"iam:UpdateAssumeRolePolicy"')),
        'Allows privilege escalation by "Rewrite a role\'s trust policy to let a principal you control assume the role" (iam-update-assume-role-policy): iam:UpdateAssumeRolePolicy on every resource without a Condition',
      ],
    ]);
  });

  it('reports a combination once, at the entry of its first action, naming the wildcard entries', async () => {
    const text = policy([allow('lambda:*'), allow(['s3:GetObject', 'iam:PassRole'])]);
    const findings = await lintWith(rule, text);
    const lambda = findings.filter((f) => f.message.includes('(lambda-passrole-create-invoke)'));
    expect(lambda).toHaveLength(1);
    expect(lambda[0]).toMatchObject({
      ...positionOf(text, '"iam:PassRole"'),
      path: ['Statement', 1, 'Action', 1],
      message:
        'Allows privilege escalation by "Create a Lambda function with a privileged role and invoke it" (lambda-passrole-create-invoke): iam:PassRole, lambda:CreateFunction (via "lambda:*"), lambda:InvokeFunction (via "lambda:*") on every resource without a Condition',
      suggestion:
        'Scope iam:PassRole to named resources (arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}) and add an "iam:PassedToService" condition, or drop one of lambda:CreateFunction or lambda:InvokeFunction',
    });
    // lambda:* alone completes the methods that need no PassRole, reported at "lambda:*".
    expect(findings.map((f) => [f.path[1], /\(([a-z0-9-]+)\)/.exec(f.message)?.[1]])).toEqual([
      [0, 'lambda-update-function-code'],
      [0, 'lambda-update-function-configuration'],
      [1, 'lambda-passrole-create-invoke'],
      [1, 'lambda-passrole-create-event-source'],
      [1, 'lambda-passrole-create-add-permission'],
    ]);
  });

  it('counts `*`: full access is one finding at the entry, counting every method', async () => {
    const text = policy([allow('*')]);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'no-privilege-escalation',
      ...positionOf(text, '"*"'),
      message: expect.stringMatching(new RegExp(`^"\\*" on every resource without a Condition completes ${ESCALATION_METHODS.length} privilege-escalation methods: "`)),
      suggestion: expect.stringMatching(/^List the actions the workload needs instead of "\*"; the escalation needs iam:/),
    });
  });

  it('reports up to three methods completed at one entry one by one', async () => {
    const findings = await lintWith(rule, policy([allow(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'])]));
    expect(findings.map((f) => f.message.match(/\((iam-[a-z-]+)\)/)?.[1])).toEqual(['iam-create-policy-version', 'iam-set-default-policy-version']);
  });

  it('reports what a NotAction leaves in, at the NotAction key', async () => {
    const text = policy([{ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.line, f.column])).toEqual([Object.values(positionOf(text, '"NotAction"'))]);
    expect(findings[0]?.message).toMatch(/^The actions NotAction leaves in, on every resource without a Condition, complete \d+ privilege-escalation methods: "Create a new default version of a managed policy"/);
    expect(findings[0]?.suggestion).toMatch(/^List the actions the workload needs in Action instead of a NotAction; the escalation needs iam:CreatePolicyVersion, /);
  });

  it.each([
    ['a Deny statement', policy([{ Effect: 'Deny', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }])],
    ['a grant with a Condition', policy([allow(['iam:PassRole', 'ec2:RunInstances'], '*', { Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } })])],
    ['scoped resources', policy([allow('iam:PassRole', 'arn:aws:iam::123456789012:role/app-*'), allow('ec2:RunInstances')])],
    ['half a combination', policy([allow(['lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:GetFunction'])])],
    ['read-only IAM wildcards', policy([allow(['iam:Get*', 'iam:List*'])])],
    ['a NotAction with a Condition', policy([{ Effect: 'Allow', NotAction: 's3:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }])],
    ['an action an unconditioned Deny on "*" takes back', policy([allow(['iam:PassRole', 'ec2:RunInstances']), { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('still reports when the Deny is itself conditioned', async () => {
    const text = policy([
      allow('iam:AttachUserPolicy'),
      { Effect: 'Deny', Action: 'iam:AttachUserPolicy', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
    ]);
    expect(await lintWith(rule, text)).toHaveLength(1);
  });

  it('does not read trust or resource policies', async () => {
    const trust = policy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: '*', Resource: '*' }]);
    expect(await lintWith(rule, trust, { policyType: 'resource' })).toEqual([]);
    expect(await lintWith(rule, trust, { policyType: 'trust' })).toEqual([]);
  });

  const split = [
    'Resources:',
    '  AppRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    '          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}',
    '      Policies:',
    '        - PolicyName: pass',
    '          PolicyDocument:',
    '            Statement:',
    '              - {Effect: Allow, Action: iam:PassRole, Resource: "*"}',
    '        - PolicyName: deploy',
    '          PolicyDocument:',
    '            Statement:',
    '              - {Effect: Allow, Action: [lambda:CreateFunction, lambda:InvokeFunction], Resource: "*"}',
    '',
  ].join('\n');

  it('combines a role\'s ssm:SendCommand on every document in one policy with every instance in another', async () => {
    const text = [
      'Resources:',
      '  Runner:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}',
      '      Policies:',
      '        - PolicyName: docs',
      '          PolicyDocument:',
      '            Statement:',
      '              - {Effect: Allow, Action: ssm:SendCommand, Resource: "arn:aws:ssm:*:*:document/*"}',
      '        - PolicyName: nodes',
      '          PolicyDocument:',
      '            Statement:',
      '              - {Effect: Allow, Action: ssm:SendCommand, Resource: "arn:aws:ec2:*:*:instance/*"}',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [
        ...Object.values(positionOf(text, 'ssm:SendCommand')),
        'Role "Runner" can escalate privileges by "Run commands on an instance that has a privileged instance profile" (ssm-send-command) only through the combination of its policies: ssm:SendCommand (in Runner policy "docs", on every instance in Runner policy "nodes")',
      ],
    ]);
  });

  it('combines the policies of one role in a template and names both', async () => {
    const findings = await lintWith(rule, split, { filename: 't.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ...positionOf(split, 'iam:PassRole'),
      path: ['Statement', 0, 'Action'],
      message:
        'Role "AppRole" can escalate privileges by "Create a Lambda function with a privileged role and invoke it" (lambda-passrole-create-invoke) only through the combination of its policies: iam:PassRole (in AppRole policy "pass"), lambda:CreateFunction (in AppRole policy "deploy"), lambda:InvokeFunction (in AppRole policy "deploy")',
    });
    expect(findings[0]?.policy?.name).toBe('AppRole policy "pass"');
  });

  it('does not report the combination again when one policy already grants the whole method', async () => {
    const text = split.replace('Action: iam:PassRole,', 'Action: [iam:PassRole, ec2:RunInstances],').replace('[lambda:CreateFunction', '[ec2:RunInstances, lambda:CreateFunction');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => /\(([a-z0-9-]+)\)/.exec(f.message)?.[1])).toEqual(['ec2-passrole-run-instances', 'lambda-passrole-create-invoke']);
    expect(findings[0]?.message).toMatch(/^Allows/);
    expect(findings[1]?.message).toMatch(/^Role "AppRole"/);
  });

  it("counts a user's groups and AWS managed policies attached by ARN", async () => {
    const text = [
      'Resources:',
      '  Builders:',
      '    Type: AWS::IAM::Group',
      '    Properties:',
      '      ManagedPolicyArns: [!Sub "arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess"]',
      '  Carol:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Groups: [!Ref Builders]',
      '      Policies:',
      '        - PolicyName: pass-build-role',
      '          PolicyDocument:',
      '            Statement:',
      '              - {Effect: Allow, Action: iam:PassRole, Resource: "*"}',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    // Dozens of methods, each completed by iam:PassRole here and an action of PowerUserAccess: one finding at the entry.
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ...positionOf(text, 'iam:PassRole') });
    expect(findings[0]?.message).toMatch(
      /^User "Carol" can escalate privileges by \d+ methods only through the combination of its policies \(Carol policy "pass-build-role", AWS managed policy PowerUserAccess\): "Launch an EC2 instance with a privileged instance profile" \(ec2-passrole-run-instances\), /,
    );
    expect(findings[0]?.suggestion).toMatch(/^Scope or drop the actions these methods need, in the policy that grants each: iam:PassRole, ec2:RunInstances, /);
    // PowerUserAccess grants no IAM action, so nothing that needs only IAM is counted.
    expect(findings[0]?.message).not.toContain('(iam-');
  });
});
