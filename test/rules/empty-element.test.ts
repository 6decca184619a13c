import { describe, expect, it } from 'vitest';
import rule from '../../rules/empty-element.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const base = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' };

describe('empty-element', () => {
  it.each([
    { name: 'Action', st: { ...base, Action: [] }, element: 'Action', needle: '"Action": []', path: ['Statement', 0, 'Action'], required: true },
    { name: 'NotResource', st: { Effect: 'Allow', Action: 's3:GetObject', NotResource: [] }, element: 'NotResource', needle: '"NotResource": []', path: ['Statement', 0, 'NotResource'], required: true },
    { name: 'Principal', st: { ...base, Principal: {} }, element: 'Principal', needle: '"Principal": {}', path: ['Statement', 0, 'Principal'], required: true },
    { name: 'a principal list', st: { ...base, Principal: { AWS: [] } }, element: 'Principal.AWS', needle: '"AWS": []', path: ['Statement', 0, 'Principal', 'AWS'], required: true },
    { name: 'Condition', st: { ...base, Condition: {} }, element: 'Condition', needle: '"Condition": {}', path: ['Statement', 0, 'Condition'], required: false },
    { name: 'a condition operator', st: { ...base, Condition: { StringEquals: {} } }, element: 'Condition operator StringEquals', needle: '"StringEquals": {}', path: ['Statement', 0, 'Condition', 'StringEquals'], required: false },
    { name: 'a condition key', st: { ...base, Condition: { StringEquals: { 'aws:PrincipalOrgID': [] } } }, element: 'Condition key aws:PrincipalOrgID', needle: '"aws:PrincipalOrgID": []', path: ['Statement', 0, 'Condition', 'StringEquals', 'aws:PrincipalOrgID'], required: false },
  ])('reports an empty $name at the empty value', async ({ st, element, needle, path, required }) => {
    const text = policy([st]);
    const findings = await lintWith(rule, text);
    expect(findings).toHaveLength(1);
    const at = positionOf(text, needle);
    const valueColumn = at.column + needle.length - 2;
    expect(findings[0]).toMatchObject({ ruleId: 'empty-element', severity: 'warning', line: at.line, column: valueColumn, endColumn: valueColumn + 2, path });
    expect(findings[0]?.message).toBe(`${element} is empty`);
    expect(findings[0]?.suggestion).toBe(required ? `List what ${element} should name; IAM rejects it empty` : `Fill ${element} or remove it`);
  });

  it('reports an empty Statement list', async () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": []\n}\n';
    expect(await lintWith(rule, text)).toEqual([expect.objectContaining({ line: 3, column: 16, message: 'Statement is empty', path: ['Statement'] })]);
  });

  it.each([
    ['a full statement', policy([{ ...base, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }])],
    ['Principal "*"', policy([{ ...base, Principal: '*' }])],
    ['a missing Action (invalid-policy-structure)', policy([{ Effect: 'Allow', Resource: '*' }])],
  ])('does not report %s', async (_, text) => {
    expect(await lintWith(rule, text)).toEqual([]);
  });

  it('does not report a Statement list whose statements are all a !Sub variable\'s', async () => {
    const text = 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: !Sub \'{"Version": "2012-10-17", "Statement": [ ${Statements} ]}\'\n';
    expect(await lintWith(rule, text, { filename: 't.yaml' })).toEqual([]);
  });

  it('does not report a principal key an Fn::If may drop with AWS::NoValue (the key is then gone, not empty)', async () => {
    const text = [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              Service: lambda.amazonaws.com',
      '              AWS: !If [HasTrustAccount, !Ref TrustAccount, !Ref AWS::NoValue]',
      '            Action: sts:AssumeRole',
    ].join('\n');
    expect(await lintWith(rule, text, { filename: 't.yaml' })).toEqual([]);
    // A branch written empty is still an empty principal list in that version of the policy.
    const emptied = text.replace('!Ref TrustAccount, !Ref AWS::NoValue', '[], !Ref AWS::NoValue');
    expect((await lintWith(rule, emptied, { filename: 't.yaml' })).map((f) => [f.message, f.line])).toEqual([['Principal.AWS is empty', 11]]);
  });

  it('does not report a Condition whose members a !Sub variable fills in, and still reports an empty one beside it', async () => {
    const text = [
      'Resources:',
      '  Guard:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument: !Sub |',
      '        {"Version": "2012-10-17", "Statement": [',
      '          {"Effect": "Deny", "Action": "s3:PutBucketTagging", "Resource": "*", "Condition": { ${PrincipalCondition} }},',
      '          {"Effect": "Deny", "Action": "s3:TagResource", "Resource": "*", "Condition": {}}',
      '        ]}',
    ].join('\n');
    const findings = await lintWith(rule, text, { filename: 't.yaml' });
    expect(findings.map((f) => [f.message, f.line, f.column])).toEqual([['Condition is empty', 8, 88]]);
  });
});
