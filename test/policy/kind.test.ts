/** How a bare file's kind is guessed (RULES.md: Principal + sts:AssumeRole* = trust; Principal = resource; else identity). */
import { describe, expect, it } from 'vitest';
import { lintWith } from '../helpers/lint.js';
import rule from '../../rules/policy-version.js';


const kindOf = async (statements: object[]) => {
  const findings = await lintWith(rule, JSON.stringify({ Statement: statements }));
  return findings[0]?.policy?.kind;
};

describe('guessKind', () => {
  it.each([
    ['no Principal', 'identity', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]],
    ['Principal and sts:AssumeRole', 'trust', [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]],
    ['Principal and the AssumeRole family, with a Resource', 'trust', [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }]],
    [
      'Deny statements of the AssumeRole family that name resources (an RCP, as AWS\'s examples write them)',
      'resource',
      [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRoleWithWebIdentity', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }],
    ],
    ['Principal, sts:AssumeRole* and sts:TagSession', 'trust', [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: ['sts:AssumeRole*', 'sts:TagSession'] }]],
    ['Principal, sts:* and no Resource', 'trust', [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:*' }]],
    ['Principal, sts:AssumeRole* and no Resource', 'trust', [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole*' }]],
    ['Principal, a placeholder action and no Resource (Terraform var.assume_role_action)', 'trust', [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: '${var.assume_role_action}' }]],
    [
      'Principal, no Resource, the AssumeRole family and a Deny of sts:* (an org-guarded trust)',
      'trust',
      [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/ops' }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
        { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
      ],
    ],
    ['Principal, sts:TagSession alone and no Resource', 'resource', [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:TagSession' }]],
    ['Principal, sts:* and a Resource', 'resource', [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:*', Resource: '*' }]],
    ['Principal, s3 actions and no Resource', 'resource', [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 's3:GetObject' }]],
    ['Principal, s3 actions and a Resource', 'resource', [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]],
  ])('%s: %s', async (_name, kind, statements) => {
    expect(await kindOf(statements)).toBe(kind);
  });
});
