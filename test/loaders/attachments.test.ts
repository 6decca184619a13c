/** Who a template policy applies to: inline owners, Roles/Users/Groups by !Ref or name, ManagedPolicyArns, group membership. */
import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../src/loaders/index.js';
import { loadFixture, policyAt, positionIn } from './load.js';

const at = (id: string) => `Resources.${id}.Properties.PolicyDocument`;
const principal = (result: LoadResult, name: string) => {
  const p = result.principals.find((x) => x.name === name);
  if (!p) throw new Error(`no principal ${name}`);
  return p;
};

describe('fixtures/templates/cloudformation/attachments.yaml', () => {
  it('declares every user, group and role by logical id, at its key', async () => {
    const { result, at: pos } = await loadFixture('cloudformation/attachments.yaml');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.principals.map((p) => [p.type, p.name, pos(p)])).toEqual([
      ['group', 'Developers', { line: 5, column: 3 }],
      ['group', 'Auditors', { line: 18, column: 3 }],
      ['user', 'DeployBot', { line: 21, column: 3 }],
      ['user', 'ReleaseUser', { line: 32, column: 3 }],
      ['role', 'BuildRole', { line: 37, column: 3 }],
      // Named by ExternalPolicy's Roles, declared in another stack: a principal of its own, at the name.
      ['role', 'role-from-another-stack (not declared in this template)', { line: 97, column: 15 }],
    ]);
  });

  it.each([
    ['Developers inline policy', 'Resources.Developers.Properties.Policies[0].PolicyDocument', true, 'read-build-logs', ['Developers']],
    ['AWS::IAM::Policy by !Ref and literal name', at('ArtifactsPolicy'), true, 'artifacts-read', ['DeployBot', 'Auditors', 'BuildRole']],
    ['AWS::IAM::Policy by literal names only', at('ByNamePolicy'), true, 'by-name', ['Developers', 'BuildRole']],
    ['AWS::IAM::Policy naming a role of another stack', at('ExternalPolicy'), true, 'external', ['role-from-another-stack (not declared in this template)']],
    ['AWS::IAM::RolePolicy by !Ref', at('BuildRolePolicy'), true, 'build-role-extra', ['BuildRole']],
    ['AWS::IAM::UserPolicy by name', at('DeployBotPolicy'), true, 'deploy-bot-extra', ['DeployBot']],
    ['AWS::IAM::GroupPolicy by !Ref', at('DevelopersPolicy'), true, 'developers-extra', ['Developers']],
    ['ManagedPolicy referenced by ManagedPolicyArns !Ref', at('DeployPolicy'), false, undefined, ['DeployBot', 'BuildRole']],
  ])('%s', async (_label, location, inline, policyName, principals) => {
    const { result } = await loadFixture('cloudformation/attachments.yaml');
    const policy = policyAt(result, location);
    expect(policy.kind).toBe('identity');
    expect(policy.attachment.inline).toBe(inline);
    expect(policy.attachment.policyName).toBe(policyName);
    expect(policy.attachment.principals.map((p) => p.name).sort()).toEqual([...principals].sort());
    for (const p of policy.attachment.principals) expect(p.policies).toContain(policy);
  });

  it('records the resource holding each policy and where it is declared', async () => {
    const { file, result, at: pos } = await loadFixture('cloudformation/attachments.yaml');
    const inline = policyAt(result, 'Resources.Developers.Properties.Policies[0].PolicyDocument');
    expect(inline.attachment.resource?.name).toBe('Developers');
    expect(inline.attachment.resource?.type).toBe('AWS::IAM::Group');
    expect(inline.attachment.declaredAt!.path).toEqual(['Resources', 'Developers', 'Properties', 'Policies', 0, 'PolicyName']);
    expect(pos(inline.attachment.declaredAt!)).toEqual(positionIn(file.text, 'read-build-logs'));
    const standalone = policyAt(result, at('ArtifactsPolicy'));
    expect(standalone.attachment.declaredAt!.path).toEqual(['Resources', 'ArtifactsPolicy']);
    expect(pos(standalone.attachment.declaredAt!)).toEqual(positionIn(file.text, 'ArtifactsPolicy:'));
  });

  it('lists the policies that apply to each principal', async () => {
    const { result } = await loadFixture('cloudformation/attachments.yaml');
    const names = (n: string) => principal(result, n).policies.map((p) => p.location);
    expect(names('DeployBot').sort()).toEqual([at('ArtifactsPolicy'), at('DeployBotPolicy'), at('DeployPolicy')].sort());
    expect(names('BuildRole').sort()).toEqual([
      'Resources.BuildRole.Properties.AssumeRolePolicyDocument', at('ArtifactsPolicy'), at('BuildRolePolicy'), at('ByNamePolicy'), at('DeployPolicy'),
    ].sort());
    expect(names('Developers').sort()).toEqual(['Resources.Developers.Properties.Policies[0].PolicyDocument', at('ByNamePolicy'), at('DevelopersPolicy')].sort());
    expect(names('Auditors')).toEqual([at('ArtifactsPolicy')]);
    expect(names('ReleaseUser')).toEqual([]);
  });

  it('keeps ARNs of managed policies not in the template, as patterns at their place', async () => {
    const { result, at: pos } = await loadFixture('cloudformation/attachments.yaml');
    const bot = principal(result, 'DeployBot').managedPolicyArns;
    expect(bot.map((m) => [m.value, m.path, pos(m)])).toEqual([
      ['arn:aws:iam::aws:policy/ReadOnlyAccess', ['Resources', 'DeployBot', 'Properties', 'ManagedPolicyArns', 1], { line: 30, column: 11 }],
    ]);
    const role = principal(result, 'BuildRole').managedPolicyArns;
    expect(role.map((m) => [m.value, m.intrinsic])).toEqual([['arn:${AWS::Partition}:iam::aws:policy/AWSCodeBuildDeveloperAccess', undefined]]);
  });

  it('records group membership by !Ref and by GroupName, ignoring groups not in the template', async () => {
    const { result } = await loadFixture('cloudformation/attachments.yaml');
    expect(principal(result, 'DeployBot').memberOf.map((g) => g.name)).toEqual(['Developers']);
    expect(principal(result, 'ReleaseUser').memberOf.map((g) => g.name)).toEqual(['Developers', 'Auditors']);
  });
});
