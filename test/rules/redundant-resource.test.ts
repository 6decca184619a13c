import { describe, expect, it } from 'vitest';
import rule from '../../rules/redundant-resource.js';
import { compareWithAccessAnalyzer, corpusPresent } from '../helpers/access-analyzer.js';
import { lintWith, managedPolicyTemplate, policy, positionOf } from '../helpers/lint.js';

const resources = (Resource: unknown, key = 'Resource') => policy([{ Effect: 'Allow', Action: 's3:GetObject', [key]: Resource }]);

function nth(text: string, needle: string, n: number): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < n; i++) at = text.indexOf(needle, at + 1);
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

function template(resourceLines: string[]): string {
  return [
    'Resources:',
    '  Logs:',
    '    Type: AWS::S3::Bucket',
    '  P:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Action: s3:GetObject',
    '            Resource:',
    ...resourceLines.map((l) => `              - ${l}`),
    '',
  ].join('\n');
}

describe('redundant-resource', () => {
  it.each([
    { list: ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/x'], index: 1, needle: '"arn:aws:s3:::b/x"', occurrence: 2, message: '"arn:aws:s3:::b/x" is listed twice in this statement' },
    { list: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/logs/*'], index: 1, needle: '"arn:aws:s3:::b/logs/*"', occurrence: 1, message: '"arn:aws:s3:::b/logs/*" is already covered by "arn:aws:s3:::b/*" in this statement' },
    { list: ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/*'], index: 0, needle: '"arn:aws:s3:::b/x"', occurrence: 1, message: '"arn:aws:s3:::b/x" is already covered by "arn:aws:s3:::b/*" in this statement' },
    // `*` spans `/`: the bucket pattern also names every object in those buckets.
    { list: ['arn:aws:s3:::elasticbeanstalk-*', 'arn:aws:s3:::elasticbeanstalk-*/*'], index: 1, needle: '"arn:aws:s3:::elasticbeanstalk-*/*"', occurrence: 1, message: '"arn:aws:s3:::elasticbeanstalk-*/*" is already covered by "arn:aws:s3:::elasticbeanstalk-*" in this statement' },
    { list: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/home/${aws:username}/*'], index: 1, needle: '"arn:aws:s3:::b/home/${aws:username}/*"', occurrence: 1, message: '"arn:aws:s3:::b/home/${aws:username}/*" is already covered by "arn:aws:s3:::b/*" in this statement' },
    { list: ['arn:aws:s3:::b/?*', 'arn:aws:s3:::b/*?'], index: 1, needle: '"arn:aws:s3:::b/*?"', occurrence: 1, message: '"arn:aws:s3:::b/*?" is already covered by "arn:aws:s3:::b/?*" in this statement' },
  ])('reports $list at entry $index', async ({ list, index, needle, occurrence, message }) => {
    const text = resources(list);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'redundant-resource', severity: 'info', ...nth(text, needle, occurrence), path: ['Statement', 0, 'Resource', index], message });
    expect(findings[0]?.suggestion).toBe(`Drop ${needle}`);
  });

  it('reports every other entry next to "*", naming "*"', async () => {
    const text = resources(['arn:aws:s3:::b/*', 'arn:aws:s3:::b/x', '*']);
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      [['Statement', 0, 'Resource', 0], '"arn:aws:s3:::b/*" is already covered by "*" in this statement'],
      [['Statement', 0, 'Resource', 1], '"arn:aws:s3:::b/x" is already covered by "*" in this statement'],
    ]);
  });

  it('reads NotResource too', async () => {
    const text = resources(['arn:aws:s3:::secrets/*', 'arn:aws:s3:::secrets/keys/*'], 'NotResource');
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ...positionOf(text, '"arn:aws:s3:::secrets/keys/*"'), path: ['Statement', 0, 'NotResource', 1] });
  });

  it('points into a CloudFormation template, reading a placeholder as any name', async () => {
    const text = template(['!Sub "arn:${AWS::Partition}:s3:::${Logs}/*"', 'arn:*:s3:::*/*', '!Sub "arn:${AWS::Partition}:s3:::${Logs}/*"']);
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => ({ line: f.line, column: f.column, message: f.message }))).toEqual([
      { ...positionOf(text, '!Sub'), message: '"arn:${AWS::Partition}:s3:::${Logs}/*" is already covered by "arn:*:s3:::*/*" in this statement' },
      { ...nth(text, '!Sub', 2), message: '"arn:${AWS::Partition}:s3:::${Logs}/*" is listed twice in this statement' },
    ]);
    expect(findings[0]?.line).toBe(13);
  });

  it.each([
    ['distinct resources', ['arn:aws:s3:::b', 'arn:aws:s3:::b/*']],
    ['ARNs that differ in case', ['arn:aws:s3:::logs', 'arn:aws:s3:::Logs']],
    ['overlapping patterns neither of which covers the other', ['arn:aws:s3:::b/*.log', 'arn:aws:s3:::b/2024/*']],
    ['a one-character wildcard next to longer names', ['arn:aws:s3:::log?', 'arn:aws:s3:::logs/*']],
    ['a policy variable on the covering side', ['arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::b/alice']],
    ['a placeholder that could be another partition', ['arn:aws:s3:::*', 'arn:${AWS::Partition}:s3:::b']],
  ])('does not report %s', async (_, list) => {
    expect(await lintWith(rule, resources(list))).toEqual([]);
  });

  it('does not compare resources of different statements', async () => {
    const text = policy([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/x' },
    ]);
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('does not take two imports the loader cannot spell out for one value', async () => {
    const text = template(['!ImportValue SharedBucketArn', '!ImportValue ArchiveBucketArn']);
    expect(await lintWith(rule, text, { filename: 't.yaml' })).toEqual([]);
  });

  it('gives no fix for a repeat that one Fn::If branch makes, and keeps it for one that stands in every branch', async () => {
    const arn = 'arn:aws:sqs:us-east-1:111122223333:q';
    const text = (items: string[]) => managedPolicyTemplate(['- Effect: Allow', '  Action: sqs:SendMessage', '  Resource:', ...items.map((i) => `    - ${i}`)]);
    const branched = await lintWith(rule, text([`!If [Cond, "${arn}", !Ref AWS::NoValue]`, arn]), { filename: 't.yaml' });
    expect(branched.map((f) => [f.line, f.column, f.message, f.fix])).toEqual([[14, 17, `"${arn}" is listed twice in this statement`, undefined]]);
    const plain = await lintWith(rule, text([arn, arn, `!If [Cond, "arn:aws:sqs:us-east-1:111122223333:other", !Ref AWS::NoValue]`]), { filename: 't.yaml' });
    expect(plain.map((f) => [f.line, f.column, f.fix !== undefined])).toEqual([[14, 17, true]]);
  });

  it('does not compare the branches of one Fn::If when a template has too many to lint apart', async () => {
    const conditions = ['A', 'B', 'C', 'D', 'E'];
    const text = [
      'Conditions:',
      ...conditions.map((c) => `  ${c}: !Equals [!Ref AWS::Region, us-east-1]`),
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Statement:',
      ...conditions.map((c) => `          - {Effect: Allow, Action: s3:GetObject, Resource: !If [${c}, "arn:aws:s3:::${c.toLowerCase()}/*", "arn:aws:s3:::${c.toLowerCase()}/*"]}`),
      '',
    ].join('\n');
    expect(await lintWith(rule, text, { filename: 't.yaml' })).toEqual([]);
  });
});

// Access Analyzer's REDUNDANT_RESOURCE lists the entries that name the same resource (the covering
// one included); the statement it points at must be one this rule reports.
describe.skipIf(!corpusPresent)('redundant-resource on the AWS managed policies (skipped: ../shared/corpus is not beside the repo)', () => {
  it('reports every statement Access Analyzer finds redundant resources in, and only real redundancies besides', async () => {
    const c = await compareWithAccessAnalyzer(rule, ['REDUNDANT_RESOURCE']);
    expect(c.expected).toHaveLength(26);
    expect(c.missed).toEqual([]);
    expect(c.extra).toEqual(EXTRA);
  }, 120_000);
});

/**
 * Statements reported beyond Access Analyzer's, all in policies it has no findings file for: four
 * are over 50,000 characters (no policy over 30,000 has one) and one is deprecated. Each is the kind
 * Access Analyzer reports elsewhere: an API Gateway path such as `arn:aws:apigateway:*::/apis/*` next
 * to its sub-paths (as in AIOpsAssistantPolicy), and the same S3 lists as
 * AmazonLaunchWizardFullAccessV2 and AWSDeepLensLambdaFunctionAccessPolicy.
 */
const EXTRA = [
  'AWSConfigServiceRolePolicy.json#4',
  'AWSPartnerLedSupportReadOnlyAccess.json#0',
  'AWSSupportServiceRolePolicy.json#0',
  'AmazonLaunchWizard_Fullaccess.json#25',
  'SageMakerStudioProjectUserRolePermissionsBoundary.json#81',
];
