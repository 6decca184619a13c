/** `aws iam get-account-authorization-details` output: principals and policies by ARN, URL-encoded documents, account-wide links. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import noAdminManagedPolicy from '../../rules/no-admin-managed-policy.js';
import noPrivilegeEscalation from '../../rules/no-privilege-escalation.js';
import parseError from '../../rules/parse-error.js';
import unknownAction from '../../rules/unknown-action.js';
import type { LoadResult } from '../../src/loaders/index.js';
import { lintWith } from '../helpers/lint.js';
import { loadText, policyAt, positionIn } from './load.js';

const text = readFileSync(new URL('../../fixtures/snapshots/account.json', import.meta.url), 'utf8');
const load = () => loadText(text, 'account.json');
const arn = (rest: string) => `arn:aws:iam::123456789012:${rest}`;
const principal = (result: LoadResult, name: string) => {
  const p = result.principals.find((x) => x.name === name);
  if (!p) throw new Error(`no principal ${name}`);
  return p;
};

describe('account snapshot', () => {
  it('finds inline, trust and customer managed policies (default version only), named by ARN', async () => {
    const { result } = await load();
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.name, p.location, p.kind])).toEqual([
      [arn('policy/launch'), 'Policies[0].PolicyVersionList[1].Document', 'identity'],
      [arn('policy/ci-deploy'), 'Policies[1].PolicyVersionList[0].Document', 'identity'],
      [arn('policy/unused-wildcard'), 'Policies[2].PolicyVersionList[0].Document', 'identity'],
      [`${arn('group/developers')} policy "developers-logs"`, 'GroupDetailList[0].GroupPolicyList[0].PolicyDocument', 'identity'],
      [`${arn('user/alice')} policy "alice-reports"`, 'UserDetailList[0].UserPolicyList[0].PolicyDocument', 'identity'],
      [`${arn('user/bots/deploy-bot')} policy "deploy"`, 'UserDetailList[1].UserPolicyList[0].PolicyDocument', 'identity'],
      [arn('role/app-worker'), 'RoleDetailList[0].AssumeRolePolicyDocument', 'trust'],
      [`${arn('role/app-worker')} policy "pass-roles"`, 'RoleDetailList[0].RolePolicyList[0].PolicyDocument', 'identity'],
      [arn('role/partner-audit'), 'RoleDetailList[1].AssumeRolePolicyDocument', 'trust'],
    ]);
  });

  it('links attachments within the account: customer managed by ARN, AWS managed kept as ARNs, groups by name', async () => {
    const { result, file, at } = await load();
    expect(result.principals.map((p) => [p.type, p.name, at(p)])).toEqual([
      ['group', arn('group/developers'), positionIn(file.text, `"${arn('group/developers')}"`)],
      ['user', arn('user/alice'), positionIn(file.text, `"${arn('user/alice')}"`)],
      ['user', arn('user/bots/deploy-bot'), positionIn(file.text, `"${arn('user/bots/deploy-bot')}"`)],
      ['role', arn('role/app-worker'), positionIn(file.text, `"${arn('role/app-worker')}"`)],
      ['role', arn('role/partner-audit'), positionIn(file.text, `"${arn('role/partner-audit')}"`)],
    ]);
    const alice = principal(result, arn('user/alice'));
    expect(alice.memberOf.map((g) => g.name)).toEqual([arn('group/developers')]);
    expect(alice.managedPolicyArns.map((m) => [m.value, m.path, at(m)])).toEqual([
      ['arn:aws:iam::aws:policy/AdministratorAccess', ['UserDetailList', 0, 'AttachedManagedPolicies', 0, 'PolicyArn'], positionIn(file.text, '"arn:aws:iam::aws:policy/AdministratorAccess"')],
    ]);
    expect(principal(result, arn('group/developers')).policies.map((p) => p.name)).toEqual([arn('policy/ci-deploy'), `${arn('group/developers')} policy "developers-logs"`]);
    expect(principal(result, arn('role/app-worker')).policies.map((p) => p.name)).toEqual([
      arn('policy/launch'),
      arn('role/app-worker'),
      `${arn('role/app-worker')} policy "pass-roles"`,
    ]);
    expect(principal(result, arn('role/partner-audit')).managedPolicyArns.map((m) => m.value)).toEqual(['arn:aws:iam::aws:policy/SecurityAudit']);
    expect(policyAt(result, 'Policies[2].PolicyVersionList[0].Document').attachment.principals).toEqual([]);
  });

  it('points inside documents given as objects or plain JSON strings', async () => {
    const { result, file, at } = await load();
    const alice = policyAt(result, 'UserDetailList[0].UserPolicyList[0].PolicyDocument').statements[0]!;
    expect(at(alice.action!.values[1]!)).toEqual(positionIn(file.text, '"s3:GetObjekt"'));
    const ci = policyAt(result, 'Policies[1].PolicyVersionList[0].Document').statements[0]!;
    expect(at(ci.action!.values[1]!)).toEqual(positionIn(file.text, '\\"lambda:GetFunction'));
  });

  it('decodes URL-encoded documents; their positions are the start of the encoded string', async () => {
    const { result, file, at } = await load();
    const deploy = policyAt(result, 'UserDetailList[1].UserPolicyList[0].PolicyDocument');
    expect(deploy.statements[0]!.action!.values.map((v) => v.value)).toEqual(['s3:PutObject', 'cloudformation:CreateStak']);
    const encoded = positionIn(file.text, '"%7B%22Version', 'deploy-bot');
    expect(at(deploy.statements[0]!.action!.values[1]!)).toEqual(encoded);
    const trust = policyAt(result, 'RoleDetailList[1].AssumeRolePolicyDocument');
    expect(trust.statements[0]!.principal!.entries[0]!.values.map((v) => v.value)).toEqual(['arn:aws:iam::999988887777:root']);
    const findings = await lintWith(unknownAction, text, { filename: 'account.json' });
    expect(findings.map((f) => [f.message.split(' (')[0], f.line, f.column])).toEqual([
      ['Unknown action "s3:GetObjekt"', ...Object.values(positionIn(text, '"s3:GetObjekt"'))],
      ['Unknown action "cloudformation:CreateStak"', ...Object.values(encoded)],
    ]);
  });

  it('reports escalation split across an inline and an attached customer managed policy of one role, naming both', async () => {
    const findings = await lintWith(noPrivilegeEscalation, text, { filename: 'account.json' });
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [
        ...Object.values(positionIn(text, '"iam:PassRole"')),
        `Role "${arn('role/app-worker')}" can escalate privileges by "Launch an EC2 instance with a privileged instance profile" (ec2-passrole-run-instances) only through the combination of its policies: iam:PassRole (in ${arn('role/app-worker')} policy "pass-roles"), ec2:RunInstances (in ${arn('policy/launch')})`,
      ],
    ]);
  });

  it('reports AWS managed admin policies attached anywhere in the account', async () => {
    const findings = await lintWith(noAdminManagedPolicy, text, { filename: 'account.json' });
    expect(findings.map((f) => [f.line, f.message.split(',')[0]])).toEqual([
      [positionIn(text, 'policy/AdministratorAccess"').line, `User "${arn('user/alice')}" has the AWS managed policy AdministratorAccess attached`],
    ]);
  });
});

describe('permissions boundaries', () => {
  const boundaryArn = arn('policy/DevBoundary');
  const snapshot = (counts: Record<string, number>, attached: string[] = []) => `${JSON.stringify({
    RoleDetailList: [{
      RoleName: 'app', Arn: arn('role/app'), RolePolicyList: [],
      AttachedManagedPolicies: attached.map((a) => ({ PolicyName: 'DevBoundary', PolicyArn: a })),
      PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundaryArn },
    }],
    Policies: [{
      PolicyName: 'DevBoundary', Arn: boundaryArn, DefaultVersionId: 'v1', ...counts,
      PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: { Version: '2012-10-17', Statement: [{ Sid: 'Ceiling', Effect: 'Allow', Action: ['lambda:*', 's3:GetObject'], Resource: '*' }] } }],
    }],
  }, null, 2)}\n`;
  const kindOf = async (text: string) => {
    const { result } = await loadText(text, 'account.json');
    const role = principal(result, arn('role/app'));
    return [policyAt(result, 'Policies[0].PolicyVersionList[0].Document').kind, role.policies.map((p) => p.name)];
  };

  it('a policy used only as a boundary is linted as a boundary, not as a policy of the principals it bounds', async () => {
    expect(await kindOf(snapshot({ AttachmentCount: 0, PermissionsBoundaryUsageCount: 1 }))).toEqual(['boundary', []]);
    const findings = await lintWith(noPrivilegeEscalation, snapshot({ AttachmentCount: 0, PermissionsBoundaryUsageCount: 1 }), { filename: 'account.json' });
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.message).toMatch(/privilege.escalation.* \(a permissions boundary grants nothing itself: this leaves it uncapped for the identities it bounds\)$/);
  });

  it('without IAM\'s counts, the principals of the snapshot decide', async () => {
    expect(await kindOf(snapshot({}))).toEqual(['boundary', []]);
    expect(await kindOf(snapshot({}, [boundaryArn]))).toEqual(['identity', [boundaryArn]]);
  });

  it('a policy also attached somewhere stays an identity policy', async () => {
    const text = snapshot({ AttachmentCount: 1, PermissionsBoundaryUsageCount: 1 }, [boundaryArn]);
    expect(await kindOf(text)).toEqual(['identity', [boundaryArn]]);
    expect((await lintWith(noPrivilegeEscalation, text, { filename: 'account.json' })).length).toBeGreaterThan(0);
  });
});

describe('broken snapshots', () => {
  it('a truncated snapshot is a parse error at its end', async () => {
    const cut = text.slice(0, text.indexOf('"RoleDetailList"') + 40);
    const findings = await lintWith(parseError, cut, { filename: 'account.json' });
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([['parse-error', cut.trimEnd().split('\n').length]]);
  });

  it.each([
    ['bad URL encoding', '%7B%22Version%22%3A%E0%A4%A'],
    ['encoded text that is not JSON', '%7B%22Version%22%3A'],
    ['a plain JSON string cut short', '{"Version":"2012-10-17","Statement":['],
  ])('%s: a parse error at the document', async (_label, document) => {
    const snapshot = `{\n  "RoleDetailList": [\n    {\n      "Arn": "arn:aws:iam::123456789012:role/r",\n      "AssumeRolePolicyDocument": ${JSON.stringify(document)}\n    }\n  ]\n}\n`;
    const findings = await lintWith(parseError, snapshot, { filename: 'account.json' });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.line).toBe(5);
    expect(findings[0]!.column).toBeGreaterThanOrEqual(35);
  });

  it.each([
    ['lists of the wrong type', { UserDetailList: {}, RoleDetailList: [42, null, { Arn: 7 }], Policies: 'x' }],
    ['a policy with no default version', { Policies: [{ Arn: arn('policy/p'), PolicyVersionList: [{ Document: {}, IsDefaultVersion: false }] }] }],
  ])('%s: no crash', async (_label, snapshot) => {
    const { result } = await loadText(JSON.stringify(snapshot), 'account.json');
    expect(result.syntaxErrors).toEqual([]);
  });
});
