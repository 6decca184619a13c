/** A CDK app's synthesized output: templates are CloudFormation named by construct path; the rest is skipped. */
import { describe, expect, it } from 'vitest';
import { loadFixture, policyAt, positionIn, valuesOf } from './load.js';

describe('fixtures/templates/cdk.out', () => {
  it('names each policy by its aws:cdk:path, with kind and location', async () => {
    const { result } = await loadFixture('cdk.out/ReportsStack.template.json');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => [p.name, p.kind, p.location])).toEqual([
      ['ReportsStack/AppRole/Resource', 'trust', 'Resources.AppRoleB5F9C2A1.Properties.AssumeRolePolicyDocument'],
      ['ReportsStack/AppRole/DefaultPolicy/Resource', 'identity', 'Resources.AppRoleDefaultPolicy7D2E4F11.Properties.PolicyDocument'],
      ['ReportsStack/ExportsBucket/Policy/Resource', 'resource', 'Resources.ExportsBucketPolicy9E8D7C6B.Properties.PolicyDocument'],
    ]);
  });

  it("attaches the DefaultPolicy to its role, and keeps the role's managed policy ARN", async () => {
    const { result } = await loadFixture('cdk.out/ReportsStack.template.json');
    const policy = policyAt(result, 'Resources.AppRoleDefaultPolicy7D2E4F11.Properties.PolicyDocument');
    expect(policy.attachment.inline).toBe(true);
    expect(policy.attachment.policyName).toBe('AppRoleDefaultPolicy7D2E4F11');
    expect(policy.attachment.principals.map((p) => [p.type, p.name])).toEqual([['role', 'ReportsStack/AppRole/Resource']]);
    const role = result.principals.find((p) => p.name === 'ReportsStack/AppRole/Resource')!;
    expect(role.policies.map((p) => p.name)).toEqual(['ReportsStack/AppRole/Resource', 'ReportsStack/AppRole/DefaultPolicy/Resource']);
    expect(role.managedPolicyArns.map((m) => m.value)).toEqual(['arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
  });

  it('turns the CDK Fn::Join/Fn::GetAtt ARNs into bucket and object patterns at the `{` of each', async () => {
    const { file, result, at } = await loadFixture('cdk.out/ReportsStack.template.json');
    const values = valuesOf([policyAt(result, 'Resources.AppRoleDefaultPolicy7D2E4F11.Properties.PolicyDocument')], 'resource');
    const after = '"AppRoleDefaultPolicy7D2E4F11": {';
    const getAtt = positionIn(file.text, '{\n         "Fn::GetAtt"', after);
    const join = positionIn(file.text, '{\n         "Fn::Join"', after);
    expect(values.map((v) => [v.value, v.intrinsic, at(v)])).toEqual([
      ['arn:${AWS::Partition}:s3:::${ExportsBucketA1B2C3D4}', 'Fn::GetAtt', { line: getAtt.line, column: getAtt.column }],
      ['arn:${AWS::Partition}:s3:::${ExportsBucketA1B2C3D4}/*', 'Fn::Join', { line: join.line, column: join.column }],
    ]);
  });

  it.each(['cdk.out/manifest.json', 'cdk.out/ReportsStack.assets.json'])('skips %s', async (path) => {
    const { result } = await loadFixture(path);
    expect([result.skipped, result.policies, result.syntaxErrors]).toEqual(['no IAM policy or CloudFormation template found', [], []]);
  });
});
