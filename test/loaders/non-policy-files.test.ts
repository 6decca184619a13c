/** Files that hold no policy are passed over quietly: no syntax error, no policy, a reason. */
import { describe, expect, it } from 'vitest';
import { loadFixture, loadText } from './load.js';

const NOT_FOUND = 'no IAM policy or CloudFormation template found';

describe('files that are not policies or templates', () => {
  it.each(['not-policies/package.json', 'not-policies/tsconfig.json', 'not-policies/deploy-workflow.yml', 'not-policies/docker-compose.yml'])('%s is skipped', async (path) => {
    const { result } = await loadFixture(path);
    expect(result).toEqual({ policies: [], principals: [], syntaxErrors: [], skipped: NOT_FOUND });
  });

  it.each([
    ['a JSON list', '[1, 2, 3]\n', 'list.json'],
    ['a YAML scalar', 'just some text\n', 'notes.yaml'],
    ['a JSON string', '"arn:aws:s3:::acme-reports"\n', 'value.json'],
    ['an object with a Version that is no IAM date', '{"Version": "1.2.3", "name": "x"}\n', 'version.json'],
    ['Kubernetes manifests, several YAML documents', 'apiVersion: v1\nkind: Service\n---\napiVersion: apps/v1\nkind: Deployment\n', 'deploy.yaml'],
  ])('%s is skipped', async (_label, text, path) => {
    const { result } = await loadText(text, path);
    expect(result).toEqual({ policies: [], principals: [], syntaxErrors: [], skipped: NOT_FOUND });
  });

  it('a policy in a later document of a YAML stream is read, at its place in the file', async () => {
    const text = 'kind: ConfigMap\n---\nVersion: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: "*"\n';
    const { result, at } = await loadText(text, 'policies.yaml');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.skipped).toBeUndefined();
    expect(result.policies.map((p) => at(p.statements[0]!.action!.values[0]!))).toEqual([{ line: 6, column: 13 }]);
  });
});

describe('templates without IAM', () => {
  it('a template with Resources but no IAM resources has no policy and no error', async () => {
    const { result } = await loadFixture('cloudformation/no-iam.yaml');
    expect(result).toEqual({ policies: [], principals: [], syntaxErrors: [] });
  });

  it('a template with AWSTemplateFormatVersion and no Resources is skipped with its reason', async () => {
    const { result } = await loadText("AWSTemplateFormatVersion: '2010-09-09'\nDescription: empty\n");
    expect(result).toEqual({ policies: [], principals: [], syntaxErrors: [], skipped: 'a CloudFormation template without Resources' });
  });

  it('a resource without Type or Properties is passed over', async () => {
    const { result } = await loadText('Resources:\n  Broken:\n    Properties: {PolicyDocument: {Statement: []}}\n  NoProps:\n    Type: AWS::IAM::Policy\n  Null:\n');
    expect([result.policies, result.syntaxErrors]).toEqual([[], []]);
  });
});
