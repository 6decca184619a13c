/**
 * Policies a .tf file holds that iamlint cannot read (a file read, a variable, a Statement only the
 * plan knows) are said in a "not read" notice, never passed over silently; statements written in a
 * local of the same file are read there. Policies linted elsewhere (a policy document data source,
 * another resource's attribute) get no notice.
 */
import { describe, expect, it } from 'vitest';
import unknownAction from '../../rules/unknown-action.js';
import { lintWith } from '../helpers/lint.js';
import { loadText, policyAt, positionIn } from './load.js';

const notice = (location: string, why: string) => `the policy of ${location} was not read: ${why}`;
const only = (what: string) => `it is ${what} that only Terraform evaluates`;

describe('a policy attribute only Terraform evaluates', () => {
  it.each([
    ['file()', 'file("${path.module}/analyst.json")', only('a file(...) call')],
    ['templatefile()', 'templatefile("${path.module}/analyst.json.tpl", { bucket = var.bucket })', only('a templatefile(...) call')],
    ['a variable', 'var.analyst_policy', only('a variable (var.analyst_policy)')],
    ['a map variable by key', 'var.policies["analyst"]', only('a variable (var.policies["analyst"])')],
    ['a module output', 'module.policies.analyst_json', only('a module output (module.policies.analyst_json)')],
    ['a for_each value', 'each.value.inline_policy', only('a for_each value (each.value.inline_policy)')],
    ['jsonencode of a variable', 'jsonencode(var.analyst_document)', only('a variable (var.analyst_document)')],
    ['Terraform 0.11 interpolation', '"${file("analyst.json")}"', only('a file(...) call')],
    ['a template_file data source', 'data.template_file.analyst.rendered', only('a template_file data source (data.template_file.analyst.rendered)')],
  ])('%s: notice naming the attribute; a file with nothing else is skipped for it', async (_name, value, why) => {
    const text = `resource "aws_ssoadmin_permission_set_inline_policy" "analyst" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.analyst.arn
  inline_policy      = ${value}
}
`;
    const { result } = await loadText(text, 'main.tf');
    const expected = notice('aws_ssoadmin_permission_set_inline_policy.analyst.inline_policy', why);
    expect(result.policies).toEqual([]);
    expect(result.notRead).toEqual([expected]);
    expect(result.skipped).toBe(expected);
  });

  it('is said beside the policies that are read, each attribute once, through conditionals and locals', async () => {
    const text = `locals {
  custom  = jsondecode(file("custom.json"))
  wrapped = file("wrapped.json")
}
resource "aws_iam_policy" "read" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::logs/*" }] })
}
resource "aws_iam_policy" "override" {
  policy = var.policy != "" ? var.policy : data.aws_iam_policy_document.d.json
}
resource "aws_iam_policy" "custom" {
  policy = jsonencode(local.custom)
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.d.json
  inline_policy {
    name   = "wrapped"
    policy = coalesce(local.wrapped, file("a.json"), file("a.json"))
  }
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::logs"]
  }
}
`;
    const { result } = await loadText(text, 'main.tf');
    expect(result.policies.map((p) => p.location)).toEqual(['aws_iam_policy.read.policy', 'data.aws_iam_policy_document.d']);
    expect(result.skipped).toBeUndefined();
    expect(result.notRead).toEqual([
      // Its other branch, the data document, is linted: the notice says the policy may not all have been read.
      'the policy of aws_iam_policy.override.policy may not all have been read: one policy it may take is a variable (var.policy) that only Terraform evaluates; the others were linted',
      notice('aws_iam_policy.custom.policy', only('a jsondecode(...) call')),
      notice('aws_iam_role.r.inline_policy[0].policy', only('a file(...) call')),
    ]);
  });

  it('says nothing of a policy linted elsewhere or of a value that is no policy', async () => {
    const text = `resource "aws_iam_policy" "doc" {
  policy = data.aws_iam_policy_document.d[0].json
}
resource "aws_iam_policy" "copy" {
  policy = aws_iam_policy.doc.policy
}
resource "aws_iam_policy" "managed" {
  policy = data.aws_iam_policy.readonly.policy
}
resource "aws_iam_policy" "optional" {
  policy = var.enabled ? data.aws_iam_policy_document.d[0].json : ""
}
resource "aws_iam_policy" "replaced" {
  policy = replace(data.aws_iam_policy_document.d[0].json, "_BUCKET_", var.bucket)
}
data "aws_iam_policy_document" "d" {
  count = 1
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::logs"]
  }
}
`;
    const { result } = await loadText(text, 'main.tf');
    expect(result.policies.map((p) => p.location)).toEqual(['data.aws_iam_policy_document.d']);
    expect(result.notRead).toBeUndefined();
  });

  it('says nothing of a document handed along through a for_each map, lookup over a local, or jsondecode', async () => {
    const text = `data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
  }
}
locals {
  docs = { read = data.aws_iam_policy_document.read.json }
}
resource "aws_iam_policy" "each" {
  for_each = { read = data.aws_iam_policy_document.read.json }
  policy   = each.value
}
resource "aws_iam_policy" "lookup" {
  policy = lookup(local.docs, "read")
}
resource "aws_iam_policy" "decode" {
  policy = jsonencode(jsondecode(data.aws_iam_policy_document.read.json))
}
resource "aws_iam_policy" "file" {
  policy = file("p.json")
}
`;
    const { result } = await loadText(text, 'main.tf');
    expect(result.notRead).toEqual(['the policy of aws_iam_policy.file.policy was not read: it is a file(...) call that only Terraform evaluates']);
  });
});

describe('jsonencode with a Statement given by an expression', () => {
  const repro = `locals {
  analyst_statements = [
    { Effect = "Allow", Action = ["s3:GetObjct"], Resource = "arn:aws:s3:::reports/*" }
  ]
  statements_alias = local.analyst_statements
  one_statement    = { Effect = "Allow", Action = "s3:ListBuckt", Resource = "arn:aws:s3:::reports" }
}

resource "aws_ssoadmin_permission_set_inline_policy" "analyst" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.analyst.arn
  inline_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = STATEMENT
  })
}
`;

  it.each([
    ['a local list', 'local.analyst_statements', ['Statement', 0, 'Action', 0], 's3:GetObjct'],
    ['a local naming a local', 'local.statements_alias', ['Statement', 0, 'Action', 0], 's3:GetObjct'],
    ['a local statement object', 'local.one_statement', ['Statement', 'Action'], 's3:ListBuckt'],
    ['a local inside a list', '[local.one_statement]', ['Statement', 0, 'Action'], 's3:ListBuckt'],
  ])('%s: read in the locals block, at its place there', async (_name, statement, path, action) => {
    const text = repro.replace('STATEMENT', statement);
    const { result } = await loadText(text, 'main.tf');
    expect(result.notRead).toBeUndefined();
    const doc = policyAt(result, 'aws_ssoadmin_permission_set_inline_policy.analyst.inline_policy');
    expect(doc.statements).toHaveLength(1);
    const findings = await lintWith(unknownAction, text, { filename: 'main.tf' });
    expect(findings.map((f) => [f.line, f.column, f.path, f.policy?.location])).toEqual([
      [positionIn(text, `"${action}"`).line, positionIn(text, `"${action}"`).column, path, 'aws_ssoadmin_permission_set_inline_policy.analyst.inline_policy'],
    ]);
  });

  it('reads the local statements given to concat beside a variable', async () => {
    const { result } = await loadText(repro.replace('STATEMENT', 'concat(local.analyst_statements, var.extra_statements)'), 'main.tf');
    expect(result.notRead).toBeUndefined();
    const doc = policyAt(result, 'aws_ssoadmin_permission_set_inline_policy.analyst.inline_policy');
    expect(doc.statements.map((s) => s.action?.values.map((v) => v.value))).toEqual([['s3:GetObjct']]);
  });

  it.each([
    ['a variable', 'var.analyst_statements'],
    ['a local of another file', 'local.shared_statements'],
    ['a local that is not written out', 'local.computed'],
    ['concat of variables', 'concat(var.a, var.b)'],
    ['a for over a variable', '[for s in var.statements : s]'],
  ])('%s: notice quoting the Statement', async (_name, statement) => {
    const text = repro.replace('STATEMENT', statement).replace('locals {', 'locals {\n  computed = concat(var.a, var.b)');
    const { result } = await loadText(text, 'main.tf');
    const expected = notice('aws_ssoadmin_permission_set_inline_policy.analyst.inline_policy', `its Statement is an expression (${statement}) that only Terraform evaluates`);
    expect(result.policies).toEqual([]);
    expect(result.notRead).toEqual([expected]);
  });
});

describe('a heredoc policy that is not JSON', () => {
  const heredoc = (body: string) => `resource "aws_iam_role" "r" {\n  assume_role_policy = <<EOF\n${body}\nEOF\n}\n`;

  it('is a parse error at the mistake when its templates are all inside strings, as without them', async () => {
    const text = heredoc('{"Version":"2012-10-17","Statement":[{"Effect":"Allow"\n "Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::${local.account}:root"}}]}');
    const { result, at } = await loadText(text, 'main.tf');
    expect(result.policies).toEqual([]);
    expect(result.syntaxErrors.map((e) => [e.message, e.inString, at({ start: e.start, end: e.end })])).toEqual([
      ['Expected \',\' before this', 'aws_iam_role.r.assume_role_policy', positionIn(text, '"Action"')],
    ]);
  });

  it('finds the mistake past a template whose own arguments are quoted, and reads a template holding a quoted brace', async () => {
    const broken = heredoc('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${var.env == "prod" ? "111111111111" : "222222222222"}:root"}\n "Action":"sts:AssumeRole"}]}');
    const { result, at } = await loadText(broken, 'main.tf');
    expect(result.syntaxErrors.map((e) => [e.message, at({ start: e.start, end: e.end })])).toEqual([['Expected \',\' before this', positionIn(broken, '"Action"')]]);
    const valid = heredoc('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${replace(var.account, "}", "")}:root"},"Action":"sts:AssumeRole"}]}');
    const read = (await loadText(valid, 'main.tf')).result;
    expect([read.syntaxErrors, read.policies.length]).toEqual([[], 1]);
  });

  it('reads a value template written over several lines as a placeholder, positions after it unchanged', async () => {
    const text = heredoc('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS": ${jsonencode(\n  formatlist("arn:aws:iam::%s:root", var.accounts),\n)}},\n "Action":"sts:AssumeRole"}]}');
    const { result, at } = await loadText(text, 'main.tf');
    expect(result.syntaxErrors).toEqual([]);
    const statement = result.policies[0]!.statements[0]!;
    expect(statement.principal!.entries.map((e) => e.values.map((v) => v.intrinsic !== undefined))).toEqual([[true]]);
    expect(at(statement.action!.values[0]!)).toEqual(positionIn(text, '"sts:AssumeRole"'));
  });

  it('is named in a notice when a template outside its strings makes it JSON only once rendered', async () => {
    const text = heredoc('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":${local.read}${local.write},"Resource":"*"}]}');
    const { result } = await loadText(text, 'main.tf');
    expect([result.policies, result.syntaxErrors]).toEqual([[], []]);
    expect(result.notRead).toEqual([notice('aws_iam_role.r.assume_role_policy', 'it is JSON only once Terraform renders the templates written outside its strings')]);
  });
});
