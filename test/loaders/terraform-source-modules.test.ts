/**
 * Terraform source as public modules write it: data sources used by index (`d[0].json`),
 * documents merged from others, statements computed at plan time inside `jsonencode`, and
 * policies passed through locals and conditionals. What only the plan knows is left out, never
 * reported; what is written out is linted at its place.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import invalidPolicyStructure from '../../rules/invalid-policy-structure.js';
import unknownAction from '../../rules/unknown-action.js';
import { lintSource, type ActiveRule } from '../../src/engine/lint.js';
import { SourceFile } from '../../src/source/source-file.js';
import type { Finding } from '../../src/types.js';
import { lintWith } from '../helpers/lint.js';
import { loadText, policyAt, positionIn } from './load.js';

const good = new URL('../../fixtures/terraform-src/good/', import.meta.url).pathname;
const brief = (f: Finding) => `${f.ruleId} ${f.line}:${f.column} ${f.message} (${f.policy?.location ?? ''})`;

describe('data sources used by index or key', () => {
  const trust = (ref: string) => `data "aws_iam_policy_document" "assume" {
  count = var.create ? 1 : 0
  statement {
    actions = var.trusted_role_actions
    principals {
      type        = "AWS"
      identifiers = var.trusted_role_arns
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = ${ref}
}
`;

  it.each([
    'data.aws_iam_policy_document.assume[0].json',
    'data.aws_iam_policy_document.assume[count.index].json',
    'data.aws_iam_policy_document.assume["x"].json',
    'data.aws_iam_policy_document.assume[each.key].minified_json',
    'data.aws_iam_policy_document.assume.*.json',
    'join("", data.aws_iam_policy_document.assume.*.json)',
    'coalesce(var.assume_role_policy, data.aws_iam_policy_document.assume[0].json)',
    '"${data.aws_iam_policy_document.assume[0].json}"',
  ])('%s gives the document its use: a trust policy of the role', async (ref) => {
    const text = trust(ref);
    const { result } = await loadText(text, 'main.tf');
    const doc = policyAt(result, 'data.aws_iam_policy_document.assume');
    expect([doc.kind, doc.kindKnown, doc.statements.length]).toEqual(['trust', true, 1]);
    expect(doc.attachment.resource?.name).toBe('aws_iam_role.r');
    expect(result.principals.find((p) => p.name === 'aws_iam_role.r')?.policies).toEqual([doc]);
    expect(await lintWith(invalidPolicyStructure, text, { filename: 'main.tf' })).toEqual([]);
  });

  it('a statement a trust policy cannot have is still reported at its place', async () => {
    const text = trust('data.aws_iam_policy_document.assume[0].json').replace('    actions = var.trusted_role_actions\n', '    actions = var.trusted_role_actions\n    resources = ["*"]\n');
    const findings = await lintWith(invalidPolicyStructure, text, { filename: 'main.tf' });
    expect(findings.map(brief)).toEqual([`invalid-policy-structure ${positionIn(text, 'resources').line}:5 Resource is not allowed in trust policies (data.aws_iam_policy_document.assume)`]);
  });
});

describe('documents merged from others', () => {
  const text = `data "aws_iam_policy_document" "a" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
  }
}
data "aws_iam_policy_document" "combined" {
  source_policy_documents = [data.aws_iam_policy_document.a.json]
}
data "aws_iam_policy_document" "overridden" {
  override_json = var.override
}
data "aws_iam_policy_document" "extended" {
  source_json = data.aws_iam_policy_document.a.json
  statement {
    actions   = ["s3:GetObjekt"]
    resources = ["arn:aws:s3:::b/*"]
  }
}
data "aws_iam_policy_document" "empty" {
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.combined.json
}
`;

  it('skips a document whose statements all come from others, and reads the literal ones of the rest', async () => {
    const { result } = await loadText(text, 'main.tf');
    expect(result.policies.map((p) => `${p.location} ${p.statements.length}`)).toEqual([
      'data.aws_iam_policy_document.a 1',
      'data.aws_iam_policy_document.extended 1',
      'data.aws_iam_policy_document.empty 0',
    ]);
  });

  it('reports no empty policy for merged documents, only for one that is empty as written', async () => {
    const findings = await lintWith(invalidPolicyStructure, text, { filename: 'main.tf' });
    expect(findings.map(brief)).toEqual([`invalid-policy-structure ${positionIn(text, 'data "aws_iam_policy_document" "empty"').line}:1 The policy has no Statement (data.aws_iam_policy_document.empty)`]);
  });

  it('lints the statements written beside source_json', async () => {
    const findings = await lintWith(unknownAction, text, { filename: 'main.tf' });
    const at = positionIn(text, '"s3:GetObjekt"');
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.policy?.location])).toEqual([['unknown-action', at.line, at.column, 'data.aws_iam_policy_document.extended']]);
  });
});

describe('statements computed at plan time in jsonencode', () => {
  const wrap = (name: string, statement: string) => `resource "aws_iam_policy" "${name}" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = ${statement}
  })
}
`;
  const FOR = wrap('for', `[for b in var.buckets : {
      Effect   = "Allow"
      Action   = "s3:GetObjekt"
      Resource = "arn:aws:s3:::\${b}/*"
    } if b != ""]`);
  const CONCAT = wrap('concat', `concat(
      [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }],
      length(var.admins) == 0 ? [] : [{ Effect = "Allow", Action = "s3:PutObjekt", Resource = "arn:aws:s3:::b/*" }],
      var.extra_statements,
    )`);
  const MIXED = wrap('mixed', `[{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }, var.extra, merge(local.base, { Sid = "X" })]`);
  const OPAQUE = wrap('opaque', 'var.statements');
  const MERGE = wrap('merge', '[for s in var.statements : merge(s, { Effect = "Allow" })]');

  it.each([
    [FOR, 'aws_iam_policy.for.policy', 1],
    [CONCAT, 'aws_iam_policy.concat.policy', 2],
    [MIXED, 'aws_iam_policy.mixed.policy', 1],
  ] as const)('keeps the statements written out (%#)', async (text, location, count) => {
    const { result } = await loadText(text, 'main.tf');
    expect(policyAt(result, location).statements.length).toBe(count);
    expect(await lintWith(invalidPolicyStructure, text, { filename: 'main.tf' })).toEqual([]);
  });

  it.each([OPAQUE, MERGE])('does not lint a policy whose statements are all unknown (%#)', async (text) => {
    const { result } = await loadText(text, 'main.tf');
    expect(result.policies).toEqual([]);
    expect(await lintWith(invalidPolicyStructure, text, { filename: 'main.tf' })).toEqual([]);
  });

  it("lints a for's element and a concat branch at their places", async () => {
    for (const [text, action] of [[FOR, '"s3:GetObjekt"'], [CONCAT, '"s3:PutObjekt"']] as const) {
      const at = positionIn(text, action);
      expect((await lintWith(unknownAction, text, { filename: 'main.tf' })).map((f) => [f.line, f.column])).toEqual([[at.line, at.column]]);
    }
  });

  it('keeps reporting a statement that is written wrong', async () => {
    const text = wrap('bad', '["s3:GetObject"]');
    const at = positionIn(text, '"s3:GetObject"');
    expect((await lintWith(invalidPolicyStructure, text, { filename: 'main.tf' })).map(brief)).toEqual([
      `invalid-policy-structure ${at.line}:${at.column} A statement must be an object, not the string "s3:GetObject" (aws_iam_policy.bad.policy)`,
    ]);
  });
});

describe('policies through locals and conditionals', () => {
  const text = `locals {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }]
  })
  trust = data.aws_iam_policy_document.trust.json
  name  = "reader"
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = var.actions
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
resource "aws_iam_policy" "p" {
  name   = local.name
  policy = local.policy
}
resource "aws_iam_policy" "again" {
  policy = local.policy
}
resource "aws_iam_role" "r" {
  assume_role_policy = var.trust != "" ? var.trust : local.trust
}
resource "aws_iam_role_policy" "c" {
  role = aws_iam_role.r.name
  policy = var.policy != "" ? var.policy : <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObjekt", "Resource": "*"}]}
EOF
}
resource "aws_iam_user_policy" "u" {
  user   = "u"
  policy = var.enabled ? local.name : ""
}
`;

  it('resolves locals of the file and the branches of conditionals', async () => {
    const { result } = await loadText(text, 'main.tf');
    expect(result.syntaxErrors).toEqual([]);
    expect(result.policies.map((p) => `${p.location} ${p.kind} ${p.statements.length}`)).toEqual([
      'aws_iam_policy.p.policy identity 1',
      'aws_iam_role_policy.c.policy identity 1',
      'data.aws_iam_policy_document.trust trust 1',
    ]);
    const role = result.principals.find((p) => p.name === 'aws_iam_role.r');
    expect(role?.policies.map((p) => p.location)).toEqual(['aws_iam_role_policy.c.policy', 'data.aws_iam_policy_document.trust']);
  });

  it('reports what the local and the branch hold at their places, once', async () => {
    const findings = await lintWith(unknownAction, text, { filename: 'main.tf' });
    const local = positionIn(text, '"s3:GetObjekt"');
    const branch = positionIn(text, '"s3:PutObjekt"');
    expect(findings.map((f) => [f.line, f.column, f.policy?.location])).toEqual([
      [local.line, local.column, 'aws_iam_policy.p.policy'],
      [branch.line, branch.column, 'aws_iam_role_policy.c.policy'],
    ]);
  });
});

describe('jsonencode of a local object and computed object keys', () => {
  const text = `locals {
  policy = {
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObjekt"], Resource = "*" }
    ]
  }
  name = "not a policy"
}
resource "aws_iam_policy" "p" {
  policy = jsonencode(local.policy)
}
resource "aws_iam_policy" "n" {
  policy = jsonencode(local.name)
}
resource "aws_iam_role" "irsa" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = var.oidc_provider_arn }
      Condition = {
        StringEquals = {
          (local.sub_key) = "system:serviceaccount:default:app"
          ("\${var.oidc}:aud") = "sts.amazonaws.com"
        }
      }
    }]
  })
}
`;

  it('lints the object a local holds, at its values', async () => {
    const { result } = await loadText(text, 'main.tf');
    expect(result.policies.map((p) => `${p.location} ${p.kind} ${p.statements.length}`)).toEqual([
      'aws_iam_policy.p.policy identity 1',
      'aws_iam_role.irsa.assume_role_policy trust 1',
    ]);
    const findings = await lintWith(unknownAction, text, { filename: 'main.tf' });
    const at = positionIn(text, '"s3:GetObjekt"');
    expect(findings.map((f) => [f.line, f.column, f.message, f.policy?.location])).toEqual([
      [at.line, at.column, 'Unknown action "s3:GetObjekt" (IAM data of 2026-09-26)', 'aws_iam_policy.p.policy'],
    ]);
  });

  it('reads a key in parentheses as a placeholder and keeps the object', async () => {
    const { result } = await loadText(text, 'main.tf');
    const trust = result.policies.find((p) => p.location === 'aws_iam_role.irsa.assume_role_policy');
    const keys = trust?.statements[0]?.condition?.operators.flatMap((o) => o.keys.map((k) => [o.operator.value, k.key.value, k.values.map((v) => v.value)]));
    expect(keys).toEqual([
      ['StringEquals', '${local.sub_key}', ['system:serviceaccount:default:app']],
      ['StringEquals', '${var.oidc}:aud', ['sts.amazonaws.com']],
    ]);
    expect(await lintWith(invalidPolicyStructure, text, { filename: 'main.tf' })).toEqual([]);
  });
});

describe('good fixtures', () => {
  const all: ActiveRule[] = builtinRules.map((rule) => ({ rule, severity: rule.meta.severity, severityConfigured: false, options: rule.defaultOptions ?? {} }));

  it.each([
    ['indexed-data-source.tf', 2],
    ['merged-documents.tf', 2],
    ['computed-statements.tf', 3],
    ['locals-and-conditionals.tf', 3],
  ] as const)('%s has %i policies and no findings', async (name, policies) => {
    const file = new SourceFile(name, readFileSync(good + name, 'utf8'));
    const result = await lintSource(file, { rules: all });
    expect(result.findings.map(brief)).toEqual([]);
    expect(result.policies).toBe(policies);
  });
});
