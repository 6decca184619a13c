import { describe, expect, it } from 'vitest';
import rule from '../../rules/oidc-trust-missing-subject.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const GH = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
const EKS = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C5E2A1B9F';

function trust(federated: string, condition?: unknown): string {
  return policy([{ Sid: 'Deploy', Effect: 'Allow', Principal: { Federated: federated }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition ? { Condition: condition } : {}) }]);
}

describe('oidc-trust-missing-subject', () => {
  it('reports a GitHub trust with no sub condition at the provider, with the full condition block', async () => {
    const text = trust(GH, { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } });
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'oidc-trust-missing-subject',
      severity: 'error',
      ...positionOf(text, `"${GH}"`),
      path: ['Statement', 0, 'Principal', 'Federated'],
      message: 'Statement "Deploy" lets any GitHub Actions identity assume the role: no condition on "token.actions.githubusercontent.com:sub"',
      suggestion: 'Add to its Condition: {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:ORG/REPO:ref:refs/heads/main"}}',
    });
  });

  it('adds the aud claim to the suggestion when it is missing too', async () => {
    const findings = await lintWith(rule, trust(GH));
    expect(findings[0]?.suggestion).toBe(
      'Add "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:ORG/REPO:ref:refs/heads/main"}}',
    );
  });

  it.each([
    ['"*"', '*'],
    ['"repo:*"', 'repo:*'],
    ['"repo:*/*"', 'repo:*/*'],
    ['an org pattern that is itself a wildcard', 'repo:acme*/*'],
  ])('reports a sub pattern that matches every repository: %s', async (_n, value) => {
    const text = trust(GH, { StringLike: { 'token.actions.githubusercontent.com:sub': value }, StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } });
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', ...positionOf(text, `"${GH}"`) });
    expect(findings[0]?.message).toBe(
      `Statement "Deploy" lets any GitHub Actions identity assume the role: "token.actions.githubusercontent.com:sub" matches "${value}", which every subject fits`,
    );
    // The condition is there: replaced, not added a second time (a second "Condition" key would be lost).
    expect(findings[0]?.suggestion).toBe(
      `Replace its condition on "token.actions.githubusercontent.com:sub" that matches "${value}" with {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:ORG/REPO:ref:refs/heads/main"}}`,
    );
  });

  it('counts ForAllValues: on sub as pinning it (a web identity token always carries sub), and quotes the value written', async () => {
    const pinned = trust(GH, { 'ForAllValues:StringLike': { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' }, StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } });
    expect(await lintWith(rule, pinned)).toEqual([]);
    const open = trust(GH, { 'ForAllValues:StringLike': { 'token.actions.githubusercontent.com:sub': 'repo:*' }, StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } });
    expect((await lintWith(rule, open)).map((f) => f.message)).toEqual(['Statement "Deploy" lets any GitHub Actions identity assume the role: "token.actions.githubusercontent.com:sub" matches "repo:*", which every subject fits']);
  });

  it('reports an organisation-wide pattern at info, suggesting a repository of that organisation', async () => {
    const text = trust(GH, { StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/api:ref:refs/heads/main', 'repo:acme/*'] } });
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'info',
      message: 'Statement "Deploy" lets every GitHub Actions identity of "acme" assume the role ("token.actions.githubusercontent.com:sub" matches "repo:acme/*")',
      suggestion:
        'Name the subjects, e.g. "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/REPO:ref:refs/heads/main"}}',
    });
  });

  it('reports an EKS trust that tests only the audience, which is the same for every cluster user', async () => {
    const host = 'oidc.eks.eu-west-1.amazonaws.com/id/5C5E2A1B9F';
    const findings = await lintWith(rule, trust(EKS, { StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com' } }));
    expect(findings.map((f) => [f.severity, f.message, f.suggestion])).toEqual([
      [
        'error',
        `Statement "Deploy" lets any EKS identity assume the role: no condition on "${host}:sub"`,
        `Add to its Condition: {"StringEquals": {"${host}:sub": "system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT"}}`,
      ],
    ]);
  });

  it.each([
    ['GitLab', 'arn:aws:iam::123456789012:oidc-provider/gitlab.com', 'gitlab.com:sub', 'project_path:*'],
    ['Terraform Cloud', 'arn:aws:iam::123456789012:oidc-provider/app.terraform.io', 'app.terraform.io:sub', 'organization:*'],
    ['Bitbucket Pipelines', 'arn:aws:iam::123456789012:oidc-provider/api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc', 'api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc:sub', '*'],
  ])('reports a %s sub that matches everything', async (name, federated, key, value) => {
    const findings = await lintWith(rule, trust(federated, { StringLike: { [key]: value } }));
    expect(findings.map((f) => [f.severity, f.message])).toEqual([['error', `Statement "Deploy" lets any ${name} identity assume the role: "${key}" matches "${value}", which every subject fits`]]);
  });

  it('suggests StringLike for a subject with a wildcard (Bitbucket), which StringEquals would take literally', async () => {
    const federated = 'arn:aws:iam::123456789012:oidc-provider/api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc';
    const host = 'api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc';
    const findings = await lintWith(rule, trust(federated, undefined));
    expect(findings.map((f) => f.suggestion)).toEqual([
      `Add "Condition": {"StringEquals": {"${host}:aud": "ari:cloud:bitbucket::workspace/WORKSPACE_UUID"}, "StringLike": {"${host}:sub": "{REPOSITORY_UUID}:*"}}`,
    ]);
  });

  it("reports a Bitbucket trust that pins only its workspace's audience at info, as every pipeline of the workspace", async () => {
    const federated = 'arn:aws:iam::123456789012:oidc-provider/api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc';
    const host = 'api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc';
    const findings = await lintWith(rule, trust(federated, { StringEquals: { [`${host}:aud`]: 'ari:cloud:bitbucket::workspace/a1b2' } }));
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ['info', `Statement "Deploy" lets every Bitbucket Pipelines identity of "the workspace" assume the role ("${host}:aud" matches "ari:cloud:bitbucket::workspace/a1b2")`],
    ]);
  });

  it.each([
    ['GitHub repository_id', GH, { 'token.actions.githubusercontent.com:repository_id': '7654321', 'token.actions.githubusercontent.com:ref': 'refs/heads/main' }, []],
    ['GitLab project_id', 'arn:aws:iam::123456789012:oidc-provider/gitlab.com', { 'gitlab.com:project_id': '4242' }, []],
    ['GitHub repository_owner_id (one organisation, at info)', GH, { 'token.actions.githubusercontent.com:repository_owner_id': '1234' }, [['info', 'Statement "Deploy" lets every GitHub Actions identity of "1234" assume the role ("token.actions.githubusercontent.com:repository_owner_id" matches "1234")']]],
    ['GitHub job_workflow_ref only (a reusable workflow any repository may call)', GH, { 'token.actions.githubusercontent.com:job_workflow_ref': 'acme/shared/.github/workflows/deploy.yml@refs/heads/main' }, [['error', 'Statement "Deploy" lets any GitHub Actions identity assume the role: no condition on "token.actions.githubusercontent.com:sub"']]],
    ['GitHub ref only (no repository)', GH, { 'token.actions.githubusercontent.com:ref': 'refs/heads/main' }, [['error', 'Statement "Deploy" lets any GitHub Actions identity assume the role: no condition on "token.actions.githubusercontent.com:sub"']]],
  ])("reads the provider claims STS checks beside sub: %s", async (_n, federated, claims, expected) => {
    const text = trust(federated, { StringEquals: { ...claims, [`${federated.includes('gitlab') ? 'gitlab.com' : 'token.actions.githubusercontent.com'}:aud`]: federated.includes('gitlab') ? 'https://gitlab.com' : 'sts.amazonaws.com' } });
    expect((await lintWith(rule, text)).map((f) => [f.severity, f.message])).toEqual(expected);
  });

  it('reports a Cognito identity pool trust without aud', async () => {
    const text = trust('cognito-identity.amazonaws.com', { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } });
    const findings = await lintWith(rule, text);
    expect(findings.map((f) => [f.message, f.suggestion])).toEqual([
      [
        'Statement "Deploy" lets identities from any Cognito identity pool assume the role: no condition on "cognito-identity.amazonaws.com:aud"',
        'Add to its Condition: {"StringEquals": {"cognito-identity.amazonaws.com:aud": "REGION:IDENTITY_POOL_ID"}}',
      ],
    ]);
  });

  it('reports another provider when neither aud nor sub is constrained', async () => {
    const findings = await lintWith(rule, trust('arn:aws:iam::123456789012:oidc-provider/auth.example.com', { StringEquals: { 'auth.example.com:amr': 'mfa' } }));
    expect(findings.map((f) => [f.message, f.suggestion])).toEqual([
      [
        'Statement "Deploy" lets any identity from auth.example.com assume the role: neither "aud" nor "sub" is constrained',
        'Add to its Condition: {"StringEquals": {"auth.example.com:aud": "CLIENT_ID", "auth.example.com:sub": "SUBJECT"}}',
      ],
    ]);
  });

  it.each([
    ['a GitHub sub for one branch', trust(GH, { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/api:ref:refs/heads/main' } })],
    ['a GitHub sub pattern inside one repository', trust(GH, { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/api:*' } })],
    ['"repo:*" under StringEquals (a literal, matching nothing)', trust(GH, { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:*' } })],
    ['an EKS service account', trust(EKS, { StringEquals: { 'oidc.eks.eu-west-1.amazonaws.com/id/5C5E2A1B9F:sub': 'system:serviceaccount:prod:api' } })],
    ['a Cognito trust with aud', trust('cognito-identity.amazonaws.com', { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:1234abcd' } })],
    ['Google with aud', trust('accounts.google.com', { StringEquals: { 'accounts.google.com:aud': '1234.apps.googleusercontent.com' } })],
    ['Login with Amazon with app_id', trust('www.amazon.com', { StringEquals: { 'www.amazon.com:app_id': 'amzn1.application-oa2-123' } })],
    ['a SAML provider (not OIDC)', policy([{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:saml-provider/Okta' }, Action: 'sts:AssumeRoleWithSAML' }])],
    ['a Deny', policy([{ Effect: 'Deny', Principal: { Federated: GH }, Action: 'sts:AssumeRoleWithWebIdentity' }])],
    // No provider to name claims of ("*:sub" is no key): invalid-principal reports the wildcard.
    ['a wildcard Federated principal', policy([{ Effect: 'Allow', Principal: { Federated: '*' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } } }])],
  ])('does not report %s', async (_n, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('reads the provider from the claims when the principal is a reference, in a CloudFormation template', async () => {
    const text = [
      'Resources:',
      '  DeployRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              Federated: !Ref GitHubOidcProvider',
      '            Action: sts:AssumeRoleWithWebIdentity',
      '            Condition:',
      '              StringLike:',
      '                token.actions.githubusercontent.com:sub: "repo:*"',
      '          - Effect: Allow',
      '            Principal:',
      '              Federated: !Sub arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com',
      '            Action: sts:AssumeRoleWithWebIdentity',
      '            Condition:',
      '              StringLike:',
      '                token.actions.githubusercontent.com:sub: !Sub "repo:${GitHubOrg}/*"',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.severity])).toEqual([[10, 26, 'error']]);
  });
});

describe('oidc-trust-missing-subject: an EKS provider written with template variables', () => {
  const irsa = (condition: string) =>
    [
      'Resources:',
      '  IrsaRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: !Sub |',
      '        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",',
      '          "Principal": {"Federated": "arn:aws:iam::${AWS::AccountId}:oidc-provider/oidc.eks.${AWS::Region}.amazonaws.com/id/${OidcId}"},',
      `          "Condition": {"StringEquals": {${condition}}}}]}`,
      '',
    ].join('\n');

  it('reports the usual IRSA trust in a Fn::Sub string that tests only the audience, with the sub key written as the audience is', async () => {
    const text = irsa('"oidc.eks.${AWS::Region}.amazonaws.com/id/${OidcId}:aud": "sts.amazonaws.com"');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.message, f.suggestion])).toEqual([
      [
        ...Object.values(positionOf(text, '"arn:aws:iam::${AWS::AccountId}:oidc-provider')),
        'Statement #1 lets any EKS identity assume the role: no condition on "oidc.eks.${AWS::Region}.amazonaws.com/id/${OidcId}:sub"',
        'Add to its Condition: {"StringEquals": {"oidc.eks.${AWS::Region}.amazonaws.com/id/${OidcId}:sub": "system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT"}}',
      ],
    ]);
  });

  it.each([
    ['its sub claim', '"oidc.eks.${AWS::Region}.amazonaws.com/id/${OidcId}:sub": "system:serviceaccount:app:api"'],
    ['a sub claim written with other variables, which may name the same provider', '"${OidcIssuer}:sub": "system:serviceaccount:app:api"'],
  ])('does not report a trust that tests %s', async (_, condition) => {
    expect(await lintWith(rule, irsa(condition), { filename: 't.yaml' })).toEqual([]);
  });
});

describe('oidc-trust-missing-subject: NotAction', () => {
  const notAction = (value: unknown, condition?: unknown) =>
    policy([{ Sid: 'Deploy', Effect: 'Allow', Principal: { Federated: GH }, NotAction: value, ...(condition ? { Condition: condition } : {}) }]);

  it.each([
    ['"sts:TagSession"', 'sts:TagSession'],
    ['"iam:*"', 'iam:*'],
    ['"sts:AssumeRole" (not the web-identity action)', 'sts:AssumeRole'],
  ])('reports NotAction %s, which grants sts:AssumeRoleWithWebIdentity, at the provider', async (_n, value) => {
    const text = notAction(value, { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } });
    const findings = await lintWith(rule, text, { policyType: 'trust' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'oidc-trust-missing-subject',
      severity: 'error',
      ...positionOf(text, `"${GH}"`),
      path: ['Statement', 0, 'Principal', 'Federated'],
      message: 'Statement "Deploy" lets any GitHub Actions identity assume the role: no condition on "token.actions.githubusercontent.com:sub"',
      suggestion: 'Add to its Condition: {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:ORG/REPO:ref:refs/heads/main"}}',
    });
  });

  it.each([
    ['NotAction "sts:*"', notAction('sts:*')],
    ['NotAction "sts:AssumeRoleWithWebIdentity"', notAction('sts:AssumeRoleWithWebIdentity')],
    ['NotAction "sts:AssumeRole*"', notAction('sts:AssumeRole*')],
    ['NotAction "sts:TagSession" with a pinned sub', notAction('sts:TagSession', { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/api:ref:refs/heads/main' } })],
  ])('does not report %s', async (_n, text) => {
    expect(await lintWith(rule, text, { policyType: 'trust' })).toEqual([]);
  });

  it('reports a NotAction web-identity trust in a CloudFormation template', async () => {
    const text = [
      'Resources:',
      '  DeployRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              Federated: !Sub arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com',
      '            NotAction: sts:TagSession',
      '            Condition:',
      '              StringLike:',
      '                token.actions.githubusercontent.com:sub: "repo:*"',
      '',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.severity, f.message])).toEqual([
      [
        'oidc-trust-missing-subject',
        9,
        26,
        'error',
        'Statement #1 lets any GitHub Actions identity assume the role: "token.actions.githubusercontent.com:sub" matches "repo:*", which every subject fits',
      ],
    ]);
  });
});

describe('oidc-trust-missing-subject and an operator known only at deploy time', () => {
  const tf = (test: string, federated = 'arn:aws:iam::111122223333:oidc-provider/${local.issuer}', variable = '${local.issuer}:sub') => `data "aws_iam_policy_document" "d" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["${federated}"]
    }
    condition {
      test     = ${test}
      variable = "${variable}"
      values   = ["system:serviceaccount:ns:sa"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.d.json
}
`;

  it.each([
    ['a provider from a local', tf('var.assume_role_condition_test')],
    ['EKS', tf('var.assume_role_condition_test', EKS, 'oidc.eks.eu-west-1.amazonaws.com/id/5C5E2A1B9F:sub')],
  ])('counts a sub claim under test = var.x as constrained (%s)', async (_name, text) => {
    expect(await lintWith(rule, text, { filename: 'main.tf' })).toEqual([]);
  });

  it('does not report a condition whose key is wholly an expression (it may be the subject)', async () => {
    const text = `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "StringEquals"
      variable = local.sub_key
      values   = ["repo:acme/app:ref:refs/heads/main"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;
    expect(await lintWith(rule, text, { filename: 'main.tf' })).toEqual([]);
    const written = text.replace('local.sub_key', '"token.actions.githubusercontent.com:aud"');
    expect((await lintWith(rule, written, { filename: 'main.tf' })).map((f) => f.ruleId)).toEqual(['oidc-trust-missing-subject']);
  });

  it('does not report a condition the CDK fills in at deploy time (EKS service account), but does a missing one', async () => {
    const role = (Condition: unknown) =>
      JSON.stringify({
        Resources: {
          Role: {
            Type: 'AWS::IAM::Role',
            Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Federated: { Ref: 'ClusterOpenIdConnectProvider' } }, Action: 'sts:AssumeRoleWithWebIdentity', ...(Condition !== undefined && { Condition }) }] } },
          },
        },
      });
    expect(await lintWith(rule, role({ StringEquals: { 'Fn::GetAtt': ['ConditionJson', 'Value'] } }), { filename: 't.template.json' })).toEqual([]);
    expect((await lintWith(rule, role(undefined), { filename: 't.template.json' })).map((f) => f.ruleId)).toEqual(['oidc-trust-missing-subject']);
  });

  it('still reports a sub claim under a negated written-out operator', async () => {
    const text = tf('"StringNotEquals"');
    const findings = await lintWith(rule, text, { filename: 'main.tf' });
    const at = positionOf(text, '"arn:aws:iam::111122223333:oidc-provider/${local.issuer}"');
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      ['oidc-trust-missing-subject', at.line, at.column, 'Statement #1 lets any identity from the identity provider assume the role: neither "aud" nor "sub" is constrained'],
    ]);
  });
});
