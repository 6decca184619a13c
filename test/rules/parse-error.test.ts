import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/parse-error.js';
import invalidPolicyStructure from '../../rules/invalid-policy-structure.js';
import { lintSource } from '../../src/engine/lint.js';
import { SourceFile } from '../../src/source/source-file.js';
import { lintWith, policy, positionOf } from '../helpers/lint.js';

const READ_REPORTS = { Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-reports/*' };

describe('parse-error', () => {
  describe('reports input that is not JSON, JSONC or YAML, once, at the error', () => {
    it.each([
      {
        name: 'truncated JSON: the missing "}" is placed after the last character written', hint: "Add the missing '}' at the end (if the text was cut short, restore the rest)",
        filename: 'reports-read.json',
        text: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject"\n',
        line: 4,
        column: 49,
        message: "Cannot parse the file: Expected '}' to close the object before the end of the file",
      },
      {
        name: 'a missing comma between two elements points at the element after it', hint: "Add a ',' between this value and the one before it",
        filename: 'reports-read.json',
        text: '{\n  "Version": "2012-10-17"\n  "Statement": []\n}\n',
        line: 3,
        column: 3,
        endColumn: 14,
        message: "Cannot parse the file: Expected ',' before this",
      },
      {
        name: 'a missing comma between two statements', hint: "Add a ',' between this value and the one before it",
        filename: 'reports-read.json',
        text: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\n    {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}\n  ]\n}\n',
        line: 5,
        column: 5,
        message: "Expected ',' before this",
      },
      {
        name: 'a "}" where the statement list should close', hint: "Add the missing ']' before this, or remove this '}'",
        filename: 'reports-read.json',
        text: '{\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\n  }\n}\n',
        line: 4,
        column: 3,
        message: "Unexpected '}': the brackets do not match",
      },
      {
        name: 'a list whose "]" is missing before the next name',
        hint: "Close the list with ']' before the name this ':' follows, or open an object with '{' before it",
        filename: 'reports-read.json',
        text: '{\n  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "Resource": "*"}]\n}\n',
        line: 2,
        column: 74,
        message: "Unexpected ':' inside a list: a name where a list item should be",
      },
      {
        name: 'an object whose "}" is missing before the list closes',
        hint: "Add the missing '}' before this, or remove this ']'",
        filename: 'reports-read.json',
        text: '{\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"]\n}\n',
        line: 2,
        column: 78,
        message: "Unexpected ']': the brackets do not match",
      },
      {
        name: 'two documents one after the other', hint: 'Remove what follows the end of the document (a stray bracket?), or move a second policy to a file of its own',
        filename: 'reports-read.json',
        text: '{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}\n{"Statement": []}\n',
        line: 2,
        column: 1,
        message: 'Unexpected text after the end of the document (two documents in one file?)',
      },
      {
        name: 'single-quoted strings', hint: 'JSON takes double quotes (") around names and strings, not single ones',
        filename: 'reports-read.json',
        text: "{\n  'Version': '2012-10-17'\n}\n",
        line: 2,
        column: 3,
        message: 'Unexpected "\'Version\'"',
      },
      {
        name: 'an unterminated string', hint: 'Close the string with a double quote (")',
        filename: 'reports-read.json',
        text: '{\n  "Version": "2012-10-17,\n  "Statement": []\n}\n',
        line: 2,
        column: 14,
        endColumn: 26,
        message: 'Cannot parse the file: Unterminated string',
      },
      {
        name: 'YAML indented with a tab', hint: 'Indent with spaces: YAML does not allow tabs',
        filename: 'reports-read.yaml',
        text: 'Version: "2012-10-17"\nStatement:\n\t- Effect: Allow\n',
        line: 3,
        column: 1,
        message: 'Cannot parse the file: Tabs are not allowed as indentation',
      },
      {
        name: 'YAML with a tab before a statement key', hint: 'Indent with spaces: YAML does not allow tabs',
        filename: 'reports-read.yaml',
        text: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n\tAction: s3:GetObject\n',
        line: 4,
        column: 1,
        message: 'Tabs are not allowed as indentation',
      },
      { name: 'an empty JSON file', hint: 'Write the policy (or the template holding it) into the file, or remove the file', filename: 'reports-read.json', text: '', line: 1, column: 1, message: 'Cannot parse the file: The file is empty' },
      { name: 'an empty YAML file', hint: 'Write the policy (or the template holding it) into the file, or remove the file', filename: 'reports-read.yaml', text: '', line: 1, column: 1, message: 'The file is empty' },
      { name: 'a whitespace-only file', hint: 'Write the policy (or the template holding it) into the file, or remove the file', filename: 'reports-read.json', text: '  \n\t\n  \n', line: 1, column: 1, message: 'The file is empty' },
      { name: 'a YAML file with only a comment', hint: 'Write the policy (or the template holding it) into the file, or remove the file', filename: 'reports-read.yaml', text: '# policy goes here\n', line: 1, column: 1, message: 'The file is empty' },
      {
        name: 'a binary file (NUL bytes) at its first NUL',
        filename: 'reports-read.json',
        text: '\u0000\u0001\u0002PK\u0003\u0004',
        line: 1,
        column: 1,
        message: 'The file holds NUL bytes: it looks binary, not JSON or YAML',
      },
      {
        name: 'a NUL byte inside otherwise valid JSON',
        filename: 'reports-read.json',
        text: '{\n  "Version": "2012-10-17",\u0000\n  "Statement": []\n}\n',
        line: 2,
        column: 27,
        message: 'The file holds NUL bytes',
      },
      {
        name: 'JSON nested deeper than 2,000 levels',
        filename: 'reports-read.json',
        text: `${'['.repeat(2100)}${']'.repeat(2100)}`,
        line: 1,
        column: 2002,
        message: 'Cannot parse the file: Nesting deeper than 2000 levels',
      },
      {
        name: 'JSONC (with a comment) nested deeper than 2,000 levels',
        filename: 'reports-read.json',
        text: `// deep\n${'{"a":'.repeat(2100)}1${'}'.repeat(2100)}`,
        line: 2,
        column: 2001 * 5 + 1,
        message: 'Nesting deeper than 2000 levels',
      },
      {
        name: 'YAML flow collections nested too deeply for the YAML parser',
        filename: 'reports-read.yaml',
        text: `Statement: ${'['.repeat(3000)}${']'.repeat(3000)}\n`,
        line: 1,
        message: 'Nested or indented deeper than 500 levels',
      },
      {
        name: 'YAML aliases that expand to more than 2,000,000 values',
        filename: 'reports-read.yaml',
        text: `a: &a [x, x, x, x, x, x, x, x, x, x]\n${['b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k, i, all) => `${k}: &${k} [${Array(10).fill(`*${i === 0 ? 'a' : all[i - 1]}`).join(', ')}]`).join('\n')}\n`,
        line: 1,
        column: 1,
        message: 'More than 2000000 values (YAML aliases expanding too far?)',
      },
      {
        name: 'a missing comma after a UTF-8 BOM: lines and columns after it are unchanged', hint: "Add a ',' between this value and the one before it",
        filename: 'reports-read.json',
        text: '\uFEFF{\n  "Version": "2012-10-17"\n  "Statement": []\n}\n',
        line: 3,
        column: 3,
        message: "Expected ',' before this",
      },
      {
        name: 'a missing comma in a file with CRLF line endings', hint: "Add a ',' between this value and the one before it",
        filename: 'reports-read.json',
        text: '{\r\n  "Version": "2012-10-17"\r\n  "Statement": []\r\n}\r\n',
        line: 3,
        column: 3,
        message: "Expected ',' before this",
      },
      {
        name: 'truncated JSON with CRLF line endings', hint: "Add the missing ']' at the end (if the text was cut short, restore the rest)",
        filename: 'reports-read.json',
        text: '{\r\n  "Version": "2012-10-17",\r\n  "Statement": [\r\n',
        line: 3,
        column: 17,
        message: "Expected ']' to close the list before the end of the file",
      },
      {
        name: 'YAML with a tab indent and CRLF line endings', hint: 'Indent with spaces: YAML does not allow tabs',
        filename: 'reports-read.yaml',
        text: 'Version: "2012-10-17"\r\nStatement:\r\n\t- Effect: Allow\r\n',
        line: 3,
        column: 1,
        message: 'Tabs are not allowed as indentation',
      },
    ])('$name', async ({ filename, text, line, column, endColumn, message, hint }) => {
      const findings = await lintWith(rule, text, { filename });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: 'parse-error', severity: 'error', line, path: [], policy: null });
      if (column !== undefined) expect(findings[0]?.column).toBe(column);
      if (endColumn !== undefined) expect(findings[0]).toMatchObject({ endLine: line, endColumn });
      expect(findings[0]?.message).toContain(message);
      expect(findings[0]?.message.startsWith('Cannot parse the file: ')).toBe(true);
      // The edit to make, where the error has a usual one; none for the rest (binary files, limits).
      expect(findings[0]?.suggestion).toBe(hint);
    });

    it('reports only the first syntax error, and no rule reads the half-parsed tree', async () => {
      // Recovery would see a statement with no Resource and three errors for one missing "}".
      const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject"';
      const findings = await lintWith(invalidPolicyStructure, text);
      expect(findings).toEqual([
        expect.objectContaining({ ruleId: 'parse-error', line: 4, column: 49, message: "Cannot parse the file: Expected '}' to close the object before the end of the file" }),
      ]);
    });

    describe('a policy written as a JSON string in a CloudFormation template', () => {
      const template = (inner: string) =>
        `${JSON.stringify({ Resources: { ReportsPolicy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: inner } } } }, null, 2)}\n`;

      it('points into the string, once, and no rule reads the broken policy', async () => {
        const text = template('{"Version": "2012-10-17", "Statement": [{"Effect": "allow" "Action": "s3:GetObject", "Resource": "*"}]}');
        const at = positionOf(text, '\\"Action\\"');
        const findings = await lintWith(invalidPolicyStructure, text, { filename: 'reports-stack.json' });
        expect(findings).toEqual([expect.objectContaining({ ruleId: 'parse-error', line: at.line, column: at.column, endColumn: at.column + 10, message: "Cannot parse the policy string of Resources.ReportsPolicy.Properties.PolicyDocument: Expected ',' before this" })]);
      });

      it('a truncated string points at its last character', async () => {
        const text = template('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"');
        const at = positionOf(text, '\\"s3:GetObject\\""');
        const findings = await lintWith(rule, text, { filename: 'reports-stack.json' });
        expect(findings).toEqual([expect.objectContaining({ ruleId: 'parse-error', line: at.line, column: at.column + 16 })]);
        expect(findings[0]?.message).toBe("Cannot parse the policy string of Resources.ReportsPolicy.Properties.PolicyDocument: Expected '}' to close the object before the end of the string");
      });

      it('nesting deeper than 2,000 levels is a finding, not an internal error', async () => {
        const text = template(`{"Version": "2012-10-17", "Statement": ${'['.repeat(2100)}${']'.repeat(2100)}}`);
        const at = positionOf(text, '['.repeat(2100));
        const findings = await lintWith(rule, text, { filename: 'reports-stack.json' });
        expect(findings).toEqual([expect.objectContaining({ ruleId: 'parse-error', line: at.line, column: at.column + 2000, message: 'Cannot parse the policy string of Resources.ReportsPolicy.Properties.PolicyDocument: Nesting deeper than 2000 levels' })]);
      });
    });

    it('takes its severity from the configuration', async () => {
      const rules = [{ rule, severity: 'warning' as const, severityConfigured: true, options: {} }];
      const result = await lintSource(new SourceFile('reports-read.json', '{"Version": "2012-10-17"'), { rules });
      expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'parse-error', severity: 'warning', line: 1, column: 25 })]);
    });

    it('is not reported when the rule is off', async () => {
      const rules = [{ rule: invalidPolicyStructure, severity: 'error' as const, severityConfigured: false, options: {} }];
      const result = await lintSource(new SourceFile('reports-read.json', '{"Version": "2012-10-17"'), { rules });
      expect(result.findings).toEqual([]);
    });
  });

  describe('accepts', () => {
    it.each([
      { name: 'a plain JSON policy', filename: 'reports-read.json', text: policy([READ_REPORTS]) },
      {
        name: 'JSON with // and /* */ comments and trailing commas (JSONC)',
        filename: 'reports-read.json',
        text: '{\n  // read-only access for the reporting job\n  "Version": "2012-10-17",\n  /* one statement */\n  "Statement": [\n    {"Effect": "Allow", "Action": ["s3:GetObject",], "Resource": "arn:aws:s3:::example-reports/*",},\n  ],\n}\n',
      },
      { name: 'a .jsonc file with comments', filename: 'reports-read.jsonc', text: `// reporting\n${policy([READ_REPORTS])}` },
      { name: 'a UTF-8 BOM before JSON', filename: 'reports-read.json', text: `\uFEFF${policy([READ_REPORTS])}` },
      { name: 'a UTF-8 BOM before YAML', filename: 'reports-read.yaml', text: '\uFEFFVersion: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: "*"\n' },
      { name: 'CRLF line endings', filename: 'reports-read.json', text: policy([READ_REPORTS]).replace(/\n/g, '\r\n') },
      { name: 'YAML with CRLF line endings', filename: 'reports-read.yaml', text: 'Version: "2012-10-17"\r\nStatement:\r\n  - Effect: Allow\r\n    Action: s3:GetObject\r\n    Resource: "*"\r\n' },
      { name: 'tabs as whitespace in JSON', filename: 'reports-read.json', text: '{\n\t"Version": "2012-10-17",\n\t"Statement": []\n}\n' },
      { name: 'nesting of exactly 2,000 levels', filename: 'deep.json', text: `${'['.repeat(2000)}${']'.repeat(2000)}` },
      { name: 'JSON that is not a policy (skipped, not an error)', filename: 'package.json', text: '{"name": "reports", "version": "1.0.0"}\n' },
      { name: 'a .template without extension hint, in JSON', filename: 'stack.template', text: '{"Resources": {}}\n' },
      { name: 'YAML with several documents (---), as Kubernetes manifests are written', filename: 'deploy.yaml', text: 'kind: Service\n---\nkind: Deployment\n---\n' },
    ])('$name', async ({ filename, text }) => {
      expect(await lintWith(rule, text, { filename })).toEqual([]);
    });

    it("reads a deployment tool's token written outside quotes (Landing Zone Accelerator) as a placeholder; other errors stay errors", async () => {
      const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "allow", "Action": "s3:DeleteBucket", "Resource": "*",\n    "Condition": {"StringNotEquals": {\n      "aws:PrincipalAccount": [${ACCEL_LOOKUP::ACCOUNT_ID:ACCOUNT:Network}],\n      "aws:RequestedRegion": ${ACCEL_LOOKUP::CUSTOM:ALLOWED_REGIONS}\n    }}\n  }]\n}\n';
      expect(await lintWith(rule, text, { filename: 'scp.json' })).toEqual([]);
      const at = positionOf(text, '"allow"');
      expect((await lintWith(invalidPolicyStructure, text, { filename: 'scp.json' })).map((f) => [f.ruleId, f.line, f.column])).toEqual([['invalid-policy-structure', at.line, at.column]]);
      const broken = text.replace('"Resource": "*",', '"Resource": "*"');
      expect((await lintWith(rule, broken, { filename: 'scp.json' })).map((f) => f.ruleId)).toEqual(['parse-error']);
    });

    it('keeps positions right after a BOM and with CRLF: other rules point at the same characters', async () => {
      const plain = policy([{ ...READ_REPORTS, Effect: 'allow' }]);
      const at = positionOf(plain, '"allow"');
      for (const text of [`\uFEFF${plain}`, plain.replace(/\n/g, '\r\n')]) {
        const findings = await lintWith(invalidPolicyStructure, text);
        expect(findings).toEqual([expect.objectContaining({ ruleId: 'invalid-policy-structure', line: at.line, column: at.column, endColumn: at.column + 7 })]);
      }
    });
  });

  const malformed = join(new URL('../../', import.meta.url).pathname, '..', 'shared', 'corpus', 'example-policies-malformed');
  describe.skipIf(!existsSync(malformed))('the malformed examples of the shared corpus (skipped: ../shared/corpus is not beside the repo)', () => {
    it.each([
      { file: 'iam-user-guide__access_policies_access-advisor__1.txt', line: 11, column: 6, message: "Expected '}' to close the object before the end of the file" },
      { file: 'iam-user-guide__reference_policies_iam-condition-keys__5.txt', line: 4, column: 20, message: "Unexpected ':' inside a list: a name where a list item should be" },
      { file: 'iam-user-guide__reference_policies_variables__9.txt', line: 12, column: 5, message: "Unexpected '}': the brackets do not match" },
      { file: 'iam-user-guide__troubleshoot_policies__8.txt', line: 10, column: 5, message: 'Unexpected text after the end of the document (two documents in one file?)' },
    ])('$file: parse-error at $line:$column', async ({ file, line, column, message }) => {
      const findings = await lintWith(rule, readFileSync(join(malformed, file), 'utf8'), { filename: 'x.json' });
      expect(findings).toEqual([expect.objectContaining({ ruleId: 'parse-error', line, column, message: `Cannot parse the file: ${message}` })]);
    });

    it('the SCP example with a // comment is JSONC, which iamlint accepts (RULES.md: JSON, JSONC or YAML)', async () => {
      const file = 'scp-examples__Service-specific-controls__AWS-IAM__deny-service-specific-credential-by-type.txt';
      const text = readFileSync(join(malformed, file), 'utf8');
      expect(text).toContain('//add or remove the list of service');
      expect(await lintWith(rule, text, { filename: 'x.json' })).toEqual([]);
    });
  });
});
