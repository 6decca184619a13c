import { describe, expect, it } from 'vitest';
import rule from '../../rules/unknown-action.js';
import { iamDataVersion } from '../../src/iam/data.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const { date } = iamDataVersion();
const allow = (Action: unknown, Effect = 'Allow') => ({ Effect, Action, Resource: '*' });

describe('unknown-action', () => {
  it.each([
    { action: 's3:DeletObject', message: `Unknown action "s3:DeletObject" (IAM data of ${date})`, suggestion: /^Did you mean "s3:DeleteObject"/ },
    { action: 'codedploy:*', message: `Unknown service prefix "codedploy" in "codedploy:*" (IAM data of ${date})`, suggestion: /^Did you mean "codedeploy:\*"\?$/ },
    { action: 'ec2:GetConsoleScreenshots', message: `Unknown action "ec2:GetConsoleScreenshots" (IAM data of ${date})`, suggestion: /^Did you mean "ec2:GetConsoleScreenshot"\?$/ },
    // A word too many or too few: too far for edit distance, one run of letters apart.
    { action: 's3:GetBucketLifecycleConfiguration', message: `Unknown action "s3:GetBucketLifecycleConfiguration" (IAM data of ${date})`, suggestion: /^Did you mean "s3:GetLifecycleConfiguration"\?$/ },
    { action: 'cloudfront:CreateOriginAccessIdentity', message: `Unknown action "cloudfront:CreateOriginAccessIdentity" (IAM data of ${date})`, suggestion: /^Did you mean "cloudfront:CreateCloudFrontOriginAccessIdentity"\?$/ },
    // Batch APIs: IAM authorizes them through the single-item action.
    { action: 'sqs:DeleteMessageBatch', message: `Unknown action "sqs:DeleteMessageBatch" (IAM data of ${date})`, suggestion: /^The batch API is authorized by "sqs:DeleteMessage", which covers it: name that action instead$/ },
    { action: 'sns:PublishBatch', message: `Unknown action "sns:PublishBatch" (IAM data of ${date})`, suggestion: /^The batch API is authorized by "sns:Publish", which covers it/ },
    { action: 's3:ListBuckets', message: `Unknown action "s3:ListBuckets" (IAM data of ${date})`, suggestion: /^The ListBuckets API is authorized by "s3:ListAllMyBuckets": name it instead$/ },
    { action: 'kms:ReEncrypt', message: `Unknown action "kms:ReEncrypt" (IAM data of ${date})`, suggestion: /^The ReEncrypt API is authorized by "kms:ReEncryptFrom" and "kms:ReEncryptTo": name them instead$/ },
    { action: 's3:Gett*', message: `"s3:Gett*" matches no s3 action (IAM data of ${date})`, suggestion: /^Check the name in the Service Authorization Reference: it may be misspelt or retired, or newer than the IAM data$/ },
    // Retired since AWS's own SCP example was written: the help does not assume the data is behind.
    { action: 'aws-marketplace:UpdatePrivateMarketplaceSettings', message: `Unknown action "aws-marketplace:UpdatePrivateMarketplaceSettings" (IAM data of ${date})`, suggestion: /^Check the name in the Service Authorization Reference: it may be misspelt or retired, or newer than the IAM data$/ },
    { action: 'ec2:* ', message: '"ec2:* " has spaces around it, and no action name does', suggestion: /^Remove the spaces around it: "ec2:\*"$/ },
    { action: ' s3:PutObject', message: '" s3:PutObject" has spaces around it, and no action name does', suggestion: /^Remove the spaces around it: "s3:PutObject"$/ },
    // A near service: the action there, or its nearest name there, or no did-you-mean that fixes nothing.
    { action: 'macei2:ListMembers', message: `Unknown service prefix "macei2" in "macei2:ListMembers" (IAM data of ${date})`, suggestion: /^Did you mean "macie2:ListMembers"\?$/ },
    { action: 'codedploy:GetApplicaton', message: `Unknown service prefix "codedploy" in "codedploy:GetApplicaton" (IAM data of ${date})`, suggestion: /^Did you mean "codedeploy:GetApplication"\?$/ },
    { action: 'macie:ListMemberAccounts', message: `Unknown service prefix "macie" in "macie:ListMemberAccounts" (IAM data of ${date})`, suggestion: /^The nearest service prefix is "macie2", which has no action "ListMemberAccounts": check the name/ },
    // The nearest action is the one the statement already lists: the typo is a repeat of it.
    { action: 's3:GetObjekt', message: `Unknown action "s3:GetObjekt" (IAM data of ${date})`, suggestion: /^Remove it: the nearest known action, s3:GetObject, is already in this statement$/ },
    { action: 'nosuchservice:DoThing', message: `Unknown service prefix "nosuchservice" in "nosuchservice:DoThing" (IAM data of ${date})`, suggestion: /^Check the name/ },
    { action: 'GetObject', message: '"GetObject" is not an action: write it as service:Action', suggestion: /^Write "service:Action"/ },
  ])('reports "$action" at the value', async ({ action, message, suggestion }) => {
    const text = policy([allow(['s3:GetObject', action])]);
    const findings = await lintWith(rule, text);
    const at = positionOf(text, JSON.stringify(action));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'unknown-action', severity: 'error', line: at.line, column: at.column, endColumn: at.column + JSON.stringify(action).length, path: ['Statement', 0, 'Action', 1], message });
    expect(findings[0]?.suggestion).toMatch(suggestion);
  });

  it('reads NotAction and Deny statements too', async () => {
    const text = policy([{ Effect: 'Deny', NotAction: ['iam:CreatUser'], Resource: '*' }]);
    expect((await lintWith(rule, text)).map((f) => f.message)).toEqual([`Unknown action "iam:CreatUser" (IAM data of ${date})`]);
  });

  it.each([
    ['known actions in any case', allow(['S3:getobject', 'ec2:Describe*', 's3:Get?bject'])],
    ['"*"', allow('*')],
    ['a service wildcard that matches', allow('s3*:Get*')],
    ['a placeholder', allow('${ActionParam}')],
  ])('does not report %s', async (_, statement) => {
    expect(await lintWith(rule, policy([statement]))).toEqual([]);
  });

  it('does not read actions built by intrinsics in a template', async () => {
    const text = 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - {Effect: Allow, Action: [!Ref ActionParam, !Sub "${Svc}:Get*"], Resource: "*"}\n';
    expect(await lintWith(rule, text, { filename: 't.yaml' })).toEqual([]);
  });
});
