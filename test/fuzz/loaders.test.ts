/**
 * Property tests: random and mutated documents through every loader (JSON, JSONC, YAML,
 * CloudFormation in both syntaxes, Terraform plan and state, account snapshot, Terraform source)
 * with every built-in rule on. Whatever the input, no exception escapes, and every finding has a
 * position inside the file. Applying the safe fixes to a file that parsed leaves a file that parses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { lintSource, PARSE_ERROR, type ActiveRule } from '../../src/engine/lint.js';
import { applyEdits } from '../../src/fix/apply-edits.js';
import { SourceFile } from '../../src/source/source-file.js';
import type { Finding } from '../../src/types.js';
import {
  damage,
  fixtureText,
  fixtureTree,
  frame,
  framing,
  fromJson,
  grammarSoup,
  mutate,
  mutations,
  seedPolicies,
  syntax,
  textEdits,
  toJson,
  write,
  type Tree,
} from './documents.js';
import { check } from './settings.js';

/** Every built-in rule, the ones off by default too, with default options. */
const RULES: ActiveRule[] = builtinRules.map((rule) => ({ rule, severity: rule.meta.severity, severityConfigured: false, options: rule.defaultOptions ?? {} }));

/** A finding's start and end lie on lines of the file and within those lines (just past the end included). */
function positionProblems(source: SourceFile, findings: readonly Finding[]): string[] {
  const lines = source.lineCount;
  const problems: string[] = [];
  const inside = (line: number, column: number): boolean => Number.isInteger(line) && Number.isInteger(column) && line >= 1 && line <= lines && column >= 1 && column <= source.lineText(line).length + 1;
  for (const f of findings) {
    const where = `${f.ruleId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} (${lines} lines) "${f.message.slice(0, 80)}"`;
    if (!inside(f.line, f.column)) problems.push(`start outside the file: ${where}`);
    if (f.endLine !== undefined && f.endColumn !== undefined) {
      if (!inside(f.endLine, f.endColumn)) problems.push(`end outside the file: ${where}`);
      if (f.endLine < f.line || (f.endLine === f.line && f.endColumn < f.column)) problems.push(`end before start: ${where}`);
    }
  }
  return problems;
}

/** What iamlint does to a file read from disk: drops a byte order mark, then lints. */
async function lintText(filename: string, text: string): Promise<{ source: SourceFile; findings: Finding[] }> {
  const source = new SourceFile(filename, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const result = await lintSource(source, { rules: RULES });
  return { source, findings: result.findings };
}

async function holds(filename: string, text: string): Promise<void> {
  const { source, findings } = await lintText(filename, text);
  expect(positionProblems(source, findings)).toEqual([]);
  // The fixer's contract: a file that parsed still parses after its safe fixes.
  const edits = findings.flatMap((f) => (f.fix ? [f.fix] : []));
  if (edits.length > 0 && !findings.some((f) => f.ruleId === PARSE_ERROR)) {
    const fixed = applyEdits(source.text, edits).text;
    const after = await lintText(filename, fixed);
    expect(after.findings.filter((f) => f.ruleId === PARSE_ERROR)).toEqual([]);
  }
}

const policies = seedPolicies();
const policy = fc.constantFrom(...policies);

/** CloudFormation resources that hold policies, each built around one policy tree. */
const TEMPLATE_SHAPES: ((p: Tree, n: number) => Tree)[] = [
  (p) => fromJson({ Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: '@' } }),
  (p) => fromJson({ Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', PolicyDocument: '@', Roles: [{ Ref: 'AppRole' }] } }),
  (p) => fromJson({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: '@', Policies: [{ PolicyName: 'inline', PolicyDocument: '@' }], ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] } }),
  (p) => fromJson({ Type: 'AWS::IAM::User', Properties: { Groups: [{ Ref: 'Admins' }], Policies: [{ PolicyName: 'u', PolicyDocument: '@' }] } }),
  (p) => fromJson({ Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'B' }, PolicyDocument: '@' } }),
  (p) => fromJson({ Type: 'AWS::SQS::QueuePolicy', Properties: { Queues: [{ Ref: 'Q' }], PolicyDocument: '@' } }),
  (p) => fromJson({ Type: 'AWS::KMS::Key', Properties: { KeyPolicy: '@' } }),
  (p) => fromJson({ Type: 'AWS::Organizations::Policy', Properties: { Type: 'SERVICE_CONTROL_POLICY', Content: '@' } }),
  (p) => fromJson({ Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } }),
];

/** Puts `policy` where a shape has "@": as an object, or as a JSON string (CloudFormation accepts both). */
function fill(t: Tree, policyTree: Tree, asString: boolean): Tree {
  if (t === '@') return asString ? toJson(policyTree, '  ') : policyTree;
  if (typeof t === 'object' && t !== null && 'obj' in t) return { obj: t.obj.map(([k, v]) => [k, fill(v, policyTree, asString)]) };
  if (typeof t === 'object' && t !== null && 'arr' in t) return { arr: t.arr.map((v) => fill(v, policyTree, asString)) };
  return t;
}

const template = fc
  .record({
    resources: fc.array(fc.record({ shape: fc.nat({ max: TEMPLATE_SHAPES.length - 1 }), policy, asString: fc.boolean(), policyMutations: mutations }), { minLength: 1, maxLength: 3 }),
    conditions: fc.boolean(),
    templateMutations: fc.array(fc.constant(null), { maxLength: 1 }).chain(() => mutations),
    mutateTemplate: fc.boolean(),
  })
  .map(({ resources, conditions, templateMutations, mutateTemplate }) => {
    const entries: [string, Tree][] = resources.map((r, i) => [`Res${i}`, fill(TEMPLATE_SHAPES[r.shape]!(r.policy, i), mutate(r.policy, r.policyMutations), r.asString)]);
    const root: Tree = {
      obj: [
        ['AWSTemplateFormatVersion', '2010-09-09'],
        ...(conditions ? ([['Conditions', fromJson({ IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } })]] as [string, Tree][]) : []),
        ['Resources', { obj: entries }],
      ],
    };
    return mutateTemplate ? mutate(root, templateMutations) : root;
  });

describe('property: any document through every loader and every rule', () => {
  it('mutated real policies, in every syntax (JSON, JSONC, YAML), with CRLF and BOM variants', async () => {
    await check(
      'mutated policies',
      fc.asyncProperty(policy, mutations, syntax, framing, async (p, muts, syn, fr) => {
        const { text, filename } = write(mutate(p, muts), syn, 'policy');
        await holds(filename, frame(text, fr));
      }),
      900,
    );
  });

  it('CloudFormation templates with intrinsics and policies as objects or strings, mutated', async () => {
    await check(
      'templates',
      fc.asyncProperty(template, syntax, framing, async (t, syn, fr) => {
        const { text, filename } = write(t, syn, 'template');
        await holds(filename, frame(text, fr));
      }),
      350,
    );
  });

  it('Terraform plans and state, account snapshots and CloudFormation fixtures, mutated', async () => {
    const bases = [
      'fixtures/terraform/plan.json',
      'fixtures/terraform/all-resource-types.tfstate.json',
      'fixtures/terraform/raw-state.tfstate',
      'fixtures/terraform/plan-document-unknown-json.json',
      'fixtures/terraform/plan-document-consumers.json',
      'fixtures/snapshots/account.json',
      'fixtures/templates/cloudformation/intrinsics.json',
      'fixtures/templates/cloudformation/join-policies.json',
      'fixtures/templates/cdk/domain-access-policy.json',
      'fixtures/templates/openapi/private-api.openapi.json',
      'fixtures/templates/cdk.out/ReportsStack.template.json',
    ].map(fixtureTree);
    await check(
      'plans and snapshots',
      fc.asyncProperty(fc.constantFrom(...bases), mutations, policy, fc.boolean(), async (base, muts, p, json) => {
        // Half the time one string somewhere becomes a whole policy, as plans and snapshots embed them.
        const withPolicy = json ? mutate(base, [{ at: muts[0]!.at, op: 'retype', value: toJson(p, '  '), key: '', salt: muts[0]!.salt }]) : base;
        const { text, filename } = write(mutate(withPolicy, muts), 'json', 'plan');
        await holds(filename, text);
      }),
      200,
    );
  });

  it('Terraform JSON configuration (.tf.json), mutated', async () => {
    const base = fixtureTree('fixtures/terraform/cdk.tf.json');
    await check(
      'terraform json',
      fc.asyncProperty(mutations, async (muts) => {
        await holds('cdk.tf.json', toJson(mutate(base, muts), '  '));
      }),
      50,
    );
  });

  it('Terraform source (.tf) with damaged text and mutated heredoc policies', async () => {
    const sources = ['fixtures/terraform-src/bad/iam.tf', 'fixtures/terraform-src/good/iam.tf', 'fixtures/terraform-src/bad/resource-policies.tf', 'fixtures/terraform-src/good/resource-policies.tf'].map(fixtureText);
    // The first heredoc (`<<EOF` or the indented `<<-EOT`): every source has one to mutate.
    const heredoc = /<<(-?)(\w+)\n[\s\S]*?\n[ \t]*\2(?=\n)/;
    expect(sources.filter((tf) => !heredoc.test(tf))).toEqual([]);
    await check(
      'terraform source',
      fc.asyncProperty(fc.constantFrom(...sources), policy, mutations, textEdits, fc.boolean(), async (tf, p, muts, edits, breakText) => {
        // The first heredoc's policy is swapped for a mutated real one.
        const swapped = tf.replace(heredoc, (_m, dash: string, tag: string) => `<<${dash}${tag}\n${toJson(mutate(p, muts), '  ')}\n${tag}`);
        await holds('main.tf', breakText ? damage(swapped, edits) : swapped);
      }),
      50,
    );
  });

  it('valid documents with damaged text: cut, inserted and truncated characters', async () => {
    const yamlTemplates = [
      'fixtures/templates/cloudformation/intrinsics.yaml',
      'fixtures/templates/cloudformation/anchors.yaml',
      'fixtures/templates/cloudformation/string-policies.yaml',
      'fixtures/templates/cloudformation/attachments.yaml',
      'fixtures/templates/cloudformation/language-extensions.yaml',
      'fixtures/templates/serverless/serverless.yml',
      'fixtures/templates/eksctl/cluster.yaml',
    ].map((f) => ({ text: fixtureText(f), filename: 't.yaml' }));
    const docs = fc.oneof(
      fc.tuple(policy, syntax).map(([p, syn]) => write(p, syn, 'policy')),
      fc.constantFrom(...yamlTemplates),
    );
    await check(
      'damaged text',
      fc.asyncProperty(docs, textEdits, framing, async (doc, edits, fr) => {
        await holds(doc.filename, frame(damage(doc.text, edits), fr));
      }),
      500,
    );
  });

  it('random JSON values and random JSON/YAML text', async () => {
    await check(
      'random text',
      fc.asyncProperty(
        fc.oneof(fc.json({ maxDepth: 4 }), grammarSoup, fc.string({ maxLength: 80, unit: 'binary' })),
        fc.constantFrom('r.json', 'r.yaml', 'r.template', 'r.jsonc'),
        async (text, filename) => {
          await holds(filename, text);
        },
      ),
      1000,
    );
  });
});
