import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-wildcard-resource.js';
import { expandAction } from '../../src/iam/actions.js';
import { actionResourceTypes } from '../../src/iam/resources.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const allow = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Sid: 'S', Effect: 'Allow', Action, Resource, ...extra });

/** How many of a pattern's actions take resource ARNs, from the IAM data the rule reads. */
function counts(pattern: string): { total: number; scoped: number } {
  const all = expandAction(pattern);
  return { total: all.length, scoped: all.filter((a) => actionResourceTypes(a).length > 0).length };
}

const OBJECT = 's3:GetObject → arn:${Partition}:s3:::${BucketName}/${ObjectName}';
const ROLE = 'iam:PassRole → arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}';

describe('no-wildcard-resource', () => {
  describe('reports', () => {
    it('an explicit action with resource types, at the "*" string', async () => {
      const text = policy([allow('s3:GetObject')]);
      const findings = await lintWith(rule, text);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: 'no-wildcard-resource',
        severity: 'warning',
        ...positionOf(text, '"*"'),
        path: ['Statement', 0, 'Resource'],
        message: 'Statement "S" allows 1 action that can be scoped to resource ARNs on every resource ("*") without a Condition: s3:GetObject',
        suggestion: `Name the resources instead of "*": ${OBJECT}`,
      });
    });

    it('the "*" entry of a Resource list, and names the other required resource types', async () => {
      const text = policy([allow(['ec2:RunInstances', 'iam:PassRole'], ['arn:aws:ec2:*:*:subnet/subnet-0abc', '*'])]);
      const findings = await lintWith(rule, text);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ...positionOf(text, '"*"'),
        path: ['Statement', 0, 'Resource', 1],
        message: 'Statement "S" allows 2 actions that can be scoped to resource ARNs on every resource ("*") without a Condition: ec2:RunInstances, iam:PassRole',
        suggestion:
          'Name the resources instead of "*": ec2:RunInstances → arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId} (required types also include image, network-interface, security-group, subnet); ' +
          ROLE,
      });
    });

    it('every-resource forms other than "*"', async () => {
      for (const resource of ['arn:aws:*:*:*:*', 'arn:*:*']) {
        const findings = await lintWith(rule, policy([allow('s3:GetObject', resource)]));
        expect(findings.map((f) => f.path)).toEqual([['Statement', 0, 'Resource']]);
      }
    });

    it('proposes moving the wildcard-only actions of the statement to their own statement', async () => {
      const findings = await lintWith(rule, policy([allow(['s3:ListAllMyBuckets', 's3:GetObject', 'ec2:DescribeInstances', 'ecr:GetAuthorizationToken'])]));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        message: 'Statement "S" allows 1 action that can be scoped to resource ARNs on every resource ("*") without a Condition: s3:GetObject',
        suggestion: `Name the resources instead of "*": ${OBJECT}. Move s3:ListAllMyBuckets, ec2:DescribeInstances, ecr:GetAuthorizationToken (which need "*") to a statement of their own with Resource "*"`,
      });
    });

    it('a pattern when more than half of its actions take ARNs, naming them', async () => {
      const { total, scoped } = counts('s3:Get*');
      expect(scoped * 2).toBeGreaterThan(total);
      const findings = await lintWith(rule, policy([allow('s3:Get*')]));
      expect(findings).toHaveLength(1);
      expect(findings[0]?.message).toBe(
        `Statement "S" allows ${scoped} actions that can be scoped to resource ARNs on every resource ("*") without a Condition: s3:Get* (${scoped} of its ${total} actions)`,
      );
      // Five formats, then how many more.
      expect(findings[0]?.suggestion).toMatch(/^Name the resources instead of "\*": s3:GetAccelerateConfiguration → arn:\$\{Partition\}:s3:::\$\{BucketName\}; (s3:Get\w+ → arn:[^;]+; ){4}and (\d+) more$/);
      expect(findings[0]?.suggestion).toContain(`and ${scoped - 5} more`);
    });

    it('a service wildcard by the same rule', async () => {
      const { total, scoped } = counts('sqs:*');
      const findings = await lintWith(rule, policy([allow(['sqs:*', 'iam:PassRole'])]));
      expect(findings).toHaveLength(1);
      expect(findings[0]?.message).toBe(
        `Statement "S" allows ${scoped + 1} actions that can be scoped to resource ARNs on every resource ("*") without a Condition: sqs:* (${scoped} of its ${total} actions), iam:PassRole`,
      );
      // Each entry's first action is shown before a pattern's long tail.
      expect(findings[0]?.suggestion).toMatch(new RegExp(`^Name the resources instead of "\\*": sqs:\\w+ → arn:\\$\\{Partition\\}:sqs:\\$\\{Region\\}:\\$\\{Account\\}:\\$\\{QueueName\\}; ${ROLE.replace(/[$^{}()|[\]\\.*+?]/g, '\\$&')}; `));
    });

    it('one finding per statement, each in its own statement', async () => {
      const text = policy([allow('s3:GetObject', ['*', '*']), { ...allow('iam:PassRole'), Sid: 'Pass' }]);
      const findings = await lintWith(rule, text);
      expect(findings.map((f) => f.path)).toEqual([
        ['Statement', 0, 'Resource', 0],
        ['Statement', 1, 'Resource'],
      ]);
    });

    it('permissions boundaries', async () => {
      expect(await lintWith(rule, policy([allow('s3:PutObject')]), { policyType: 'boundary' })).toHaveLength(1);
    });

    it('inside a CloudFormation YAML template, at the "*" the user wrote', async () => {
      const text = [
        'Resources:',
        '  AppRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: "sts:AssumeRole"}]',
        '      Policies:',
        '        - PolicyName: app',
        '          PolicyDocument:',
        '            Version: "2012-10-17"',
        '            Statement:',
        '              - Sid: Reports',
        '                Effect: Allow',
        '                Action: [s3:PutObject, s3:ListAllMyBuckets]',
        "                Resource: '*'",
        '',
      ].join('\n');
      const findings = await lintWith(rule, text, { filename: 't.yaml' });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: 'no-wildcard-resource',
        severity: 'warning',
        line: 15,
        column: 27,
        endLine: 15,
        endColumn: 30,
        path: ['Statement', 0, 'Resource'],
        message: 'Statement "Reports" allows 1 action that can be scoped to resource ARNs on every resource ("*") without a Condition: s3:PutObject',
        suggestion:
          'Name the resources instead of "*": s3:PutObject → arn:${Partition}:s3:::${BucketName}/${ObjectName}. Move s3:ListAllMyBuckets (which needs "*") to a statement of its own with Resource "*"',
        policy: { kind: 'identity', location: 'Resources.AppRole.Properties.Policies[0].PolicyDocument' },
      });
      expect(positionOf(text, "'*'")).toEqual({ line: 15, column: 27 });
    });
  });

  describe('ARN formats in the suggestion', () => {
    it('says when the format shown is one of many optional resource types, and picks a type the action is named after word by word', async () => {
      const actions = ['apigateway:GET', 'rds:AddTagsToResource'];
      const types = actions.map((a) => actionResourceTypes(expandAction(a)[0]!));
      expect(types.map((t) => t.some((r) => r.required))).toEqual([false, false]);
      const [finding] = await lintWith(rule, policy([allow(actions)]));
      const advice = finding!.suggestion!.replace('Name the resources instead of "*": ', '').split('; ');
      expect(advice[0]).toBe(`apigateway:GET → arn:\${Partition}:apigateway:\${Region}::/account (or any of its ${types[0]!.length - 1} other resource types)`);
      // "es" (an event subscription) is a word of no part of AddTagsToResource; "db" is the shortest format.
      expect(advice[1]).toMatch(/^rds:AddTagsToResource → arn:\$\{Partition\}:rds:\$\{Region\}:\$\{Account\}:db:\$\{DbInstanceName\} \(or any of its \d+ other resource types\)$/);
    });
  });

  it('leaves out what an unconditioned Deny on "*" of the same policy takes back', async () => {
    const text = policy([allow(['iam:CreatePolicyVersion', 'iam:PassRole', 'ec2:RunInstances']), { Effect: 'Deny', Action: ['iam:CreatePolicyVersion', 'iam:PassRole'], Resource: '*' }]);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => f.message)).toEqual(['Statement "S" allows 1 action that can be scoped to resource ARNs on every resource ("*") without a Condition: ec2:RunInstances']);
    const denyAll = policy([allow(['iam:CreatePolicyVersion']), { Effect: 'Deny', Action: 'iam:*', Resource: '*' }]);
    expect(await lintWith(rule, denyAll)).toEqual([]);
  });

  it('counts the entries it leaves out of the message as entries, not actions', async () => {
    const [finding] = await lintWith(rule, policy([allow(['sns:Publish', 'sqs:SendMessage', 'dynamodb:GetItem', 'kinesis:PutRecord', 'lambda:Get*'])]));
    expect(finding!.message).toMatch(/^Statement "S" allows \d+ actions that can be scoped to resource ARNs on every resource \("\*"\) without a Condition: sns:Publish, sqs:SendMessage, dynamodb:GetItem, kinesis:PutRecord and 1 more entry$/);
  });

  it('scopes an action that takes any of many types to the resources the statement\'s other actions act on', async () => {
    const [finding] = await lintWith(rule, policy([allow(['ec2:CreateVolume', 'ec2:CreateTags'])]));
    const tags = actionResourceTypes(expandAction('ec2:CreateTags')[0]!).length;
    expect(finding!.suggestion!.split('; ')[1]).toBe(`ec2:CreateTags → arn:\${Partition}:ec2:\${Region}:\${Account}:volume/\${VolumeId} (or any of its ${tags - 1} other resource types)`);
  });

  describe('does not report', () => {
    it.each([
      ['wildcard-only actions', allow(['s3:ListAllMyBuckets', 'ec2:DescribeInstances', 'ecr:GetAuthorizationToken', 'sts:GetSessionToken'])],
      ['a pattern most of whose actions are wildcard-only', allow('ec2:Describe*')],
      ['a statement with a Condition', allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:ResourceAccount': '123456789012' } } })],
      ['a Deny', { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }],
      ['scoped resources', allow('s3:GetObject', 'arn:aws:s3:::logs/*')],
      ['NotResource', { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }],
      ['NotAction (no-allow-not-action reports it)', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
      ['"*" actions (no-wildcard-action reports them)', allow(['*', 's3:GetObject'])],
      ['"*:*" actions', allow('*:*')],
      ['wildcards across services', allow('*:GetObject')],
      ['unknown actions (unknown-action reports them)', allow(['s3:GetObjekt', 'nosuchservice:Get*'])],
      ['a resource from a policy variable', allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*')],
    ])('%s', async (_, statement) => {
      expect(await lintWith(rule, policy([statement]))).toEqual([]);
    });

    it('a pattern whose actions take ARNs half the time or less', async () => {
      const { total, scoped } = counts('ec2:Describe*');
      expect(scoped * 2).toBeLessThanOrEqual(total);
      const findings = await lintWith(rule, policy([allow(['ec2:Describe*', 'ec2:StartInstances'])]));
      expect(findings[0]?.message).toMatch(/allows 1 action .*: ec2:StartInstances$/);
      expect(findings[0]?.suggestion).toMatch(/\. Move ec2:Describe\* \(which needs "\*"\) to a statement of its own with Resource "\*"$/);
    });

    it.each(['resource', 'trust', 'scp', 'rcp', 'endpoint'] as const)('a %s policy', async (policyType) => {
      expect(await lintWith(rule, policy([allow('s3:GetObject')]), { policyType })).toEqual([]);
    });

    it('a bucket policy in a template, whose "*" means the bucket', async () => {
      const text = [
        'Resources:',
        '  Policy:',
        '    Type: AWS::S3::BucketPolicy',
        '    Properties:',
        '      Bucket: logs',
        '      PolicyDocument:',
        '        Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::123456789012:root"}, Action: "s3:GetObject", Resource: "*"}]',
        '',
      ].join('\n');
      expect(await lintWith(rule, text, { filename: 'bucket.yaml' })).toEqual([]);
    });

    it('a bare file with a Principal (guessed to be a resource policy)', async () => {
      expect(await lintWith(rule, policy([{ ...allow('sqs:SendMessage'), Principal: { Service: 'sns.amazonaws.com' } }]))).toEqual([]);
    });

    it('an action given by an intrinsic', async () => {
      const text = [
        'Resources:',
        '  P:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        '        Statement: [{Effect: Allow, Action: !Sub "${Service}:GetObject", Resource: "*"}]',
        '',
      ].join('\n');
      expect(await lintWith(rule, text, { filename: 'p.yaml' })).toEqual([]);
    });
  });
});
