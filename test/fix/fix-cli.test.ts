import { lstatSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, scratch } from '../helpers/cli.js';

const jsonc = `{
  // Reads the build logs
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadLogs",
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        /* everything the console needs */
        "s3:Get*",
        "s3:ListBucket",
        "s3:listbucket",
      ],
      "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]
    }
  ]
}
`;

const template = `# Build role
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: codebuild.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: logs
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action:
                  # read
                  - logs:GetLogEvents
                  - logs:Get*
                  # write
                  - logs:PutLogEvents
                Resource: !Sub "arn:aws:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:build:*"
`;

const redundant = (dir: string, file: string) =>
  JSON.parse(runCli(['--no-config', '-f', 'json', file], { cwd: dir }).stdout).files[0].findings.filter((f: { ruleId: string }) => f.ruleId === 'redundant-action');

let cleanup = () => {};
afterEach(() => cleanup());

describe('--fix', () => {
  it('drops redundant entries from JSON with comments, keeps the comments, and a second run changes nothing', () => {
    const s = scratch({ 'policy.jsonc': jsonc });
    cleanup = s.cleanup;
    expect(redundant(s.dir, 'policy.jsonc')).toHaveLength(2);
    const first = runCli(['--no-config', '--fix', 'policy.jsonc'], { cwd: s.dir });
    expect(first.stdout).not.toContain('redundant-action');
    const fixed = readFileSync(join(s.dir, 'policy.jsonc'), 'utf8');
    expect(fixed).toContain('// Reads the build logs');
    expect(fixed).toContain('/* everything the console needs */');
    expect(fixed).not.toContain('"s3:GetObject"');
    expect(fixed).not.toContain('"s3:listbucket"');
    expect(fixed).toContain('"s3:Get*",\n        "s3:ListBucket",\n      ]');
    expect(redundant(s.dir, 'policy.jsonc')).toEqual([]);
    const mtime = statSync(join(s.dir, 'policy.jsonc')).mtimeMs;
    runCli(['--no-config', '--fix', 'policy.jsonc'], { cwd: s.dir });
    expect(readFileSync(join(s.dir, 'policy.jsonc'), 'utf8')).toBe(fixed);
    expect(statSync(join(s.dir, 'policy.jsonc')).mtimeMs).toBe(mtime);
    expect(readdirSync(s.dir)).toEqual(['policy.jsonc']);
  });

  it('fixes a CloudFormation YAML template in place, keeping comments, tags and layout', () => {
    const s = scratch({ 'stack.yaml': template });
    cleanup = s.cleanup;
    expect(redundant(s.dir, 'stack.yaml')).toHaveLength(1);
    runCli(['--no-config', '--fix', 'stack.yaml'], { cwd: s.dir });
    const fixed = readFileSync(join(s.dir, 'stack.yaml'), 'utf8');
    // The trust policy has no Version: policy-version's fix adds it.
    expect(fixed).toBe(template.replace('                  - logs:GetLogEvents\n', '').replace('      AssumeRolePolicyDocument:\n', '      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n'));
    expect(redundant(s.dir, 'stack.yaml')).toEqual([]);
  });

  it('fixes a JSON policy in a block scalar below the header, leaving a comment on the header that holds the same text', () => {
    const comment = '# {"Action": ["s3:GetObject", "s3:GetObject"]} was the old one';
    const text = [
      'Resources:',
      '  PS:',
      '    Type: AWS::SSO::PermissionSet',
      '    Properties:',
      `      InlinePolicy: |  ${comment}`,
      '        {"Version": "2012-10-17", "Statement": [{"Action": ["s3:GetObject", "s3:GetObject"],',
      '          "Effect": "Allow", "Resource": "arn:aws:s3:::b/*"}]}',
      '',
    ].join('\n');
    const s = scratch({ 'stack.yaml': text });
    cleanup = s.cleanup;
    expect(redundant(s.dir, 'stack.yaml')).toHaveLength(1);
    runCli(['--no-config', '--fix', 'stack.yaml'], { cwd: s.dir });
    expect(readFileSync(join(s.dir, 'stack.yaml'), 'utf8')).toBe(text.replace('["s3:GetObject", "s3:GetObject"],\n', '["s3:GetObject"],\n'));
    expect(redundant(s.dir, 'stack.yaml')).toEqual([]);
  });

  it('fixes a Terraform list with a line comment before its last entry without cutting off the bracket', () => {
    const tf = open('      Action   = ["s3:GetObject", # keep\n                  "s3:GetObject"]');
    const s = scratch({ 'main.tf': tf });
    cleanup = s.cleanup;
    expect(redundant(s.dir, 'main.tf')).toHaveLength(1);
    runCli(['--no-config', '--fix', 'main.tf'], { cwd: s.dir });
    expect(readFileSync(join(s.dir, 'main.tf'), 'utf8')).toBe(open('      Action   = ["s3:GetObject" # keep\n                  ]'));
    const after = JSON.parse(runCli(['--no-config', '-f', 'json', 'main.tf'], { cwd: s.dir }).stdout).files[0].findings.map((f: { ruleId: string }) => f.ruleId);
    expect(after).not.toContain('parse-error');
    expect(after).not.toContain('redundant-action');

    function open(action: string): string {
      return `resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect   = "Allow"\n${action}\n      Resource = "arn:aws:s3:::b/*"\n    }]\n  })\n}\n`;
    }
  });

  it('drops covered resources too, and the fixed file re-lints clean for redundant-resource', () => {
    const text = '{\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "s3:GetObject",\n    "Resource": [\n      "arn:aws:s3:::logs/*",\n      "arn:aws:s3:::logs/app/*", // narrower\n      "arn:aws:s3:::logs/*"\n    ]\n  }]\n}\n';
    const s = scratch({ 'p.json': text });
    cleanup = s.cleanup;
    runCli(['--no-config', '--fix', 'p.json'], { cwd: s.dir });
    const fixed = readFileSync(join(s.dir, 'p.json'), 'utf8');
    expect(fixed).toBe('{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "s3:GetObject",\n    "Resource": [\n      "arn:aws:s3:::logs/*"\n    ]\n  }]\n}\n'.replace('"arn:aws:s3:::logs/*"\n', '"arn:aws:s3:::logs/*"\n      // narrower\n'));
    const after = JSON.parse(runCli(['--no-config', '-f', 'json', 'p.json'], { cwd: s.dir }).stdout).files[0].findings;
    expect(after.filter((f: { ruleId: string }) => f.ruleId === 'redundant-resource')).toEqual([]);
  });

  it('keeps a byte order mark and CRLF line ends, and fixes at the right offsets', () => {
    const text = `\uFEFF${jsonc.replaceAll('\n', '\r\n')}`;
    const s = scratch({ 'bom.jsonc': text });
    cleanup = s.cleanup;
    runCli(['--no-config', '--fix', 'bom.jsonc'], { cwd: s.dir });
    const fixed = readFileSync(join(s.dir, 'bom.jsonc'), 'utf8');
    expect(fixed.startsWith('\uFEFF{\r\n  // Reads the build logs\r\n')).toBe(true);
    expect(fixed).not.toContain('"s3:GetObject"');
    expect(fixed).not.toContain('"s3:listbucket"');
    expect(fixed).toContain('"s3:Get*",\r\n        "s3:ListBucket",\r\n      ]');
    expect(redundant(s.dir, 'bom.jsonc')).toEqual([]);
  });

  it('writes through a symlink to its target and leaves the link in place', () => {
    const s = scratch({ 'real/policy.json': jsonc.replace('// Reads the build logs\n', '').replace('/* everything the console needs */\n', '').replace(',\n      ]', '\n      ]') });
    cleanup = s.cleanup;
    symlinkSync(join(s.dir, 'real', 'policy.json'), join(s.dir, 'link.json'));
    runCli(['--no-config', '--fix', 'link.json'], { cwd: s.dir });
    expect(lstatSync(join(s.dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(s.dir, 'real', 'policy.json'), 'utf8')).not.toContain('"s3:GetObject"');
  });

  it('does not touch a policy held in a JSON string, where an edit would have to guess the escaping', () => {
    const doc = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:Get*'], Resource: '*' }] });
    const text = JSON.stringify({ Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: doc } } } }, null, 2);
    const s = scratch({ 't.template.json': text });
    cleanup = s.cleanup;
    expect(redundant(s.dir, 't.template.json')).toHaveLength(1);
    runCli(['--no-config', '--fix', 't.template.json'], { cwd: s.dir });
    expect(readFileSync(join(s.dir, 't.template.json'), 'utf8')).toBe(text);
  });

  it('without --fix, says how many findings it could fix and leaves the file alone', () => {
    const s = scratch({ 'policy.jsonc': jsonc });
    cleanup = s.cleanup;
    const r = runCli(['--no-config', 'policy.jsonc'], { cwd: s.dir });
    expect(r.stdout).toContain('2 problems can be fixed with the `--fix` option.');
    expect(readFileSync(join(s.dir, 'policy.jsonc'), 'utf8')).toBe(jsonc);
    expect(JSON.parse(runCli(['--no-config', '-f', 'json', 'policy.jsonc'], { cwd: s.dir }).stdout).files[0].findings.find((f: { ruleId: string }) => f.ruleId === 'redundant-action').fix).toEqual({ range: [expect.any(Number), expect.any(Number)], text: '' });
  });
});
