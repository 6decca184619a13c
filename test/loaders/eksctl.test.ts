/**
 * eksctl ClusterConfig files: the roles eksctl creates for service accounts, pod identity
 * associations, add-ons and node groups, with their policies and managed policy ARNs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import noAdminManagedPolicy from '../../rules/no-admin-managed-policy.js';
import { lintWith } from '../helpers/lint.js';
import { loadText, policyAt, positionIn } from './load.js';

const CONFIG = readFileSync(new URL('../../fixtures/templates/eksctl/cluster.yaml', import.meta.url), 'utf8');

describe('eksctl ClusterConfig', () => {
  it('reads each role policy eksctl creates, named after its owner, values at their places', async () => {
    const { result, at } = await loadText(CONFIG, 'cluster.yaml');
    expect(result.policies.map((p) => [p.name, p.location, p.kind])).toEqual([
      ['service account kube-system/cluster-autoscaler', 'iam.serviceAccounts[0].attachPolicy', 'identity'],
      ['pod identity backend/reports', 'iam.podIdentityAssociations[0].permissionPolicy', 'identity'],
      ['node group workers', 'managedNodeGroups[0].iam.attachPolicy', 'identity'],
    ]);
    const st = policyAt(result, 'iam.podIdentityAssociations[0].permissionPolicy').statements[0]!;
    expect(at(st.resource!.values[0]!)).toEqual(positionIn(CONFIG, 'arn:aws:s3:::reports/*'));
  });

  it('reports an AWS managed admin policy attached by ARN, at the ARN', async () => {
    const findings = await lintWith(noAdminManagedPolicy, CONFIG, { filename: 'cluster.yaml' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message.split(' has ')[0]])).toEqual([
      ['no-admin-managed-policy', positionIn(CONFIG, '"arn:aws:iam::aws:policy/AdministratorAccess"').line, positionIn(CONFIG, '"arn:aws:iam::aws:policy/AdministratorAccess"').column, 'Role "service account default/ops"'],
    ]);
  });

  it('says an eksctl config without IAM policies holds none', async () => {
    const { result } = await loadText('apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod\n', 'cluster.yaml');
    expect([result.policies, result.skipped]).toEqual([[], 'an eksctl ClusterConfig without IAM policies written in it']);
  });
});
