import { buildPolicy } from '../../policy/build.js';
import type { Attachment, IamPrincipal, PolicyDocument, PrincipalType } from '../../policy/model.js';
import type { ParseResult } from '../../parsers/parse-result.js';
import { getEntry, type Node, type ObjectNode, type Span } from '../../source/node.js';
import type { SourceFile } from '../../source/source-file.js';
import type { PolicyKind } from '../../types.js';
import { parseJson } from '../../parsers/json.js';
import { parseYaml } from '../../parsers/yaml.js';
import { isCloudFormation, loadCloudFormation } from '../cloudformation/index.js';
import { closingBrace, maskInterpolations, offsetMap, parseEmbedded, parseEmbeddedJson, parseMapped, parseTemplateJson, parseTemplateJsonMapped } from '../embedded.js';
import { LAMBDA_PERMISSION, lambdaPermissionPolicy, type PermissionValue } from '../lambda-permission.js';
import { emptyResult, type LoadResult } from '../load-result.js';
import { callArguments, conditionalBranches, decodeLiteral, ExpressionParser, intrinsicPattern } from './expr.js';
import { policyVariants } from './variants.js';
import { isIf } from '../../policy/values.js';
import { parseHcl } from './hcl2json.js';
import { annotateStatements, policyDocumentNode } from './policy-document.js';
import { replacedTokens, replaceTokens } from './replaced-tokens.js';
import { arnShape, organizationsKind, PRINCIPAL_RESOURCES, TF_POLICY_ATTRIBUTES, type PolicyAttribute } from './resource-types.js';
import { boundaryOnlyPolicies } from './boundary-use.js';
import { TerraformCollector, type DocumentUse } from './collector.js';
import { link, policyLookup, principalOf, type LinkContext } from './links.js';
import { shortSource, unevaluated, type SourceContext } from './unevaluated.js';
import { attribute, heredocEnd, scanBody, skipTrivia, type HclAttribute, type HclBlock } from './scan.js';
import { undeclaredTerraformPrincipal } from '../undeclared-principal.js';

/** `data.aws_iam_policy_document.d.json`, also of one instance (`d[0]`, `d[each.key]`) or all (`d.*`, `d[*]`). */
const DATA_DOCUMENT = /^(?:"\$\{\s*)?data\.aws_iam_policy_document\.([\w-]+)(?:\[[^\]\n]*\]|\.\*)?\.(?:json|minified_json)(?:\s*\}")?$/;
const LOCAL_REFERENCE = /^(?:"\$\{\s*)?local\.([\w-]+)(?:\s*\}")?$/;
/** Functions that return one of their arguments (or its items), so a policy passed to them is the policy used. */
const PASS_THROUGH = new Set(['coalesce', 'try', 'one', 'join', 'element', 'tostring']);
/** Arguments of `aws_iam_policy_document` that bring in statements from other documents. */
const MERGED_DOCUMENTS = ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'];
/**
 * Terraform 0.11's way to write a list into a JSON string: `["${join("\",\"", var.arns)}"]` renders as
 * `["a","b"]`. The separator's escaped quotes are what stop the JSON from parsing as written.
 */
const JOIN_SEPARATOR = /(\$\{\s*join\(\s*)"\\",\\""/g;

/**
 * Reads a Terraform source file: the policies of the resources and `aws_iam_policy_document`
 * data sources it declares, and the users, groups and roles with what is attached to them. A
 * syntax error comes back as a finding, never an exception.
 */
export async function loadTerraformSource(file: SourceFile): Promise<LoadResult> {
  const parsed = await parseHcl(file);
  if ('error' in parsed) return emptyResult({ syntaxErrors: [parsed.error] });
  return new TerraformLoader(file).load();
}

class TerraformLoader extends TerraformCollector {
  private readonly text: string;
  private readonly resources = new Map<string, HclBlock>();
  private readonly documents = new Map<string, HclBlock>();
  private readonly modules = new Map<string, HclBlock>();
  private readonly policyLookups = new Map<string, string>();
  private readonly locals = new Map<string, HclAttribute>();
  /** The users, groups and roles of CloudFormation templates written into stacks. */
  private readonly extraPrincipals: IamPrincipal[] = [];
  /** Policies built from a local's value, by its offset and kind: one local used twice is linted once. */
  private readonly shared = new Map<string, PolicyDocument[]>();
  /** Tokens a `replace(...)` swaps out of a policy document's JSON, by document name, with what replaces them. */
  private replacedTokens = new Map<string, [string, string][]>();
  /** `aws_iam_policy` resources used only as permissions boundaries (boundary-use.ts). */
  private boundaries = new Set<string>();
  private readonly parser: ExpressionParser;
  /** What links.ts and unevaluated.ts read of this loader. */
  private readonly links: LinkContext;
  private readonly sources: SourceContext;

  constructor(private readonly file: SourceFile) {
    super();
    this.text = file.text;
    this.parser = new ExpressionParser(this.text, this.resolve);
    this.links = { text: this.text, parser: this.parser, principals: this.principals, principalsByName: this.principalsByName, managed: this.managed, policyLookups: this.policyLookups, undeclaredPrincipal: this.undeclaredPrincipal, localDefinition: this.localDefinition };
    this.sources = { text: this.text, locals: this.locals, resources: this.resources };
  }

  load(): LoadResult {
    const items = scanBody(this.text);
    this.boundaries = boundaryOnlyPolicies(items, this.text);
    for (const item of items) {
      if (item.kind === 'block' && item.type === 'locals') for (const a of item.items) if (a.kind === 'attribute') this.locals.set(a.name, a);
      if (item.kind === 'block' && item.type === 'module' && item.labels.length === 1) this.modules.set(item.labels[0]?.value ?? '', item);
      if (item.kind !== 'block' || item.labels.length !== 2) continue;
      const [type, name] = item.labels.map((l) => l.value) as [string, string];
      if (item.type === 'resource') this.resources.set(`${type}.${name}`, item);
      else if (item.type === 'data' && type === 'aws_iam_policy_document') this.documents.set(name, item);
      else if (item.type === 'data' && type === 'aws_iam_policy') {
        const arn = policyLookup(this.links, item);
        if (arn !== undefined) this.policyLookups.set(name, arn);
      }
    }
    this.replacedTokens = replacedTokens(this.text, (name) => {
      const block = this.documents.get(name);
      return MERGED_DOCUMENTS.flatMap((a) => {
        const attr = block && attribute(block, a);
        return attr ? [this.text.slice(attr.expr.start, attr.expr.end)] : [];
      });
    });
    for (const [address, block] of this.resources) this.declarePrincipal(address, block);
    for (const [address, block] of this.resources) this.loadResource(address, block);
    for (const [name, block] of this.documents) this.loadDocument(name, block);
    for (const [name, block] of this.modules) this.loadModuleArguments(name, block);
    for (const [address, block] of this.resources) link(this.links, address, block);
    return this.result('Terraform file', this.extraPrincipals);
  }

  /** `aws_s3_bucket.b.arn` becomes the bucket's ARN shape; anything else `${...}`. */
  private readonly resolve = (expression: string): string => {
    const m = /^([a-z][a-z0-9_]*)\.([\w-]+)(?:\[[^\]]*\])?\.arn$/.exec(expression);
    if (m) {
      const address = `${m[1]}.${m[2]}`;
      const block = this.resources.get(address);
      const shape = arnShape(m[1] as string, address, (attr) => (block ? this.literal(block, attr) : undefined));
      if (shape) return shape;
    }
    return '${' + expression + '}';
  };

  /** One principal per user, group or role name the file attaches policies to without declaring it. */
  private readonly undeclaredPrincipal = (type: PrincipalType, name: string, span: Span): IamPrincipal =>
    undeclaredTerraformPrincipal(this.principalsByName, this.extraPrincipals, 'file', type, name, span);

  private declarePrincipal(address: string, block: HclBlock): void {
    const type = PRINCIPAL_RESOURCES[block.labels[0]?.value ?? ''];
    if (!type) return;
    const principal: IamPrincipal = { type, name: address, span: labelSpan(block), policies: [], managedPolicyArns: [], memberOf: [], dialect: 'terraform' };
    this.principals.set(address, principal);
    const physical = this.literal(block, 'name');
    if (physical) this.principalsByName.set(`${type}:${physical}`, principal);
  }

  private loadResource(address: string, block: HclBlock): void {
    const type = block.labels[0]?.value ?? '';
    if (type === LAMBDA_PERMISSION.type) this.loadPermission(address, block);
    if (type === 'aws_cloudformation_stack' || type === 'aws_cloudformation_stack_set') this.loadTemplateBody(address, block);
    for (const spec of TF_POLICY_ATTRIBUTES) {
      if (spec.type !== type) continue;
      const attr = attribute(block, spec.attribute);
      const kind = type === 'aws_organizations_policy' ? this.organizationsPolicyKind(block, attr) : this.boundaries.has(address) ? 'boundary' : spec.kind;
      if (!kind) continue;
      if (attr) this.addPolicy(attr, kind, address, this.attachmentFor(address, block, spec), `${address}.${spec.attribute}`, address);
    }
    if (type === 'aws_iam_role') {
      const owner = this.principals.get(address);
      block.items.filter((i): i is HclBlock => i.kind === 'block' && i.type === 'inline_policy').forEach((inline, index) => {
        const policy = attribute(inline, 'policy');
        if (!policy) return;
        const nameAttr = attribute(inline, 'name');
        const policyName = this.literal(inline, 'name');
        const anchor = nameAttr?.expr ?? inline.typeSpan;
        const attachment: Attachment = {
          inline: true,
          resource: { name: address, type: 'AWS::IAM::Role', span: labelSpan(block), terraformType: 'aws_iam_role' },
          principals: owner ? [owner] : [],
          declaredAt: { span: anchor, path: [address, 'inline_policy', index, ...(nameAttr ? ['name'] : [])] },
          ...(policyName !== undefined && { policyName }),
        };
        const suffix = policyName ? ` policy "${policyName}"` : '';
        this.addPolicy(policy, 'identity', address + suffix, attachment, `${address}.inline_policy[${index}].policy`);
      });
    }
  }

  /**
   * A CloudFormation template written into a stack or stack set (`template_body` as a heredoc or
   * `jsonencode`): its policies are linted as the template's, located under the attribute. One
   * read from a file (`file("template.yaml")`) is linted as that file.
   */
  private loadTemplateBody(address: string, block: HclBlock): void {
    const attr = attribute(block, 'template_body');
    if (!attr) return;
    const node = this.parser.parse(attr.expr.start, attr.expr.end);
    let root: Node | undefined = node.type === 'object' ? node : undefined;
    const text = node.type === 'string' ? (node.value as string) : node.type === 'intrinsic' && node.argument.type === 'string' ? (node.argument.value as string) : undefined;
    if (text !== undefined) {
      const json = text.trimStart().startsWith('{');
      const parsed = parseEmbedded(json ? parseJson : parseYaml, text, node, this.file);
      // A value Terraform fills in outside quotes (`"Resource": ${jsonencode(var.arns)}`) is a
      // placeholder, as in a policy heredoc; a template it renders (`%{ for }`) is passed over.
      if (parsed.errors.length === 0) root = parsed.root;
      else if (json && !text.includes('%{')) root = parseTemplateJson(text, node, this.file)?.root;
    }
    if (!root || !isCloudFormation(root)) return;
    const template = loadCloudFormation(root, this.file);
    for (const p of template.policies) {
      p.location = `${address}.template_body.${p.location}`;
      this.policies.push(p);
    }
    this.extraPrincipals.push(...template.principals);
  }

  private loadPermission(address: string, block: HclBlock): void {
    const values: Partial<Record<string, PermissionValue>> = {};
    for (const name of LAMBDA_PERMISSION.attributes) {
      const attr = attribute(block, name);
      if (attr) values[name] = { value: this.parser.parse(attr.expr.start, attr.expr.end), keySpan: attr.nameSpan };
    }
    const policy = lambdaPermissionPolicy(values, { address, span: labelSpan(block) }, intrinsicPattern);
    if (policy) this.policies.push(policy);
  }

  private attachmentFor(address: string, block: HclBlock, spec: PolicyAttribute): Attachment {
    const attachment: Attachment = {
      inline: spec.inline === true,
      resource: { name: address, type: spec.cfnType, span: labelSpan(block), terraformType: spec.type },
      principals: [],
      declaredAt: { span: labelSpan(block), path: [address] },
    };
    const policyName = this.literal(block, 'name');
    if (policyName !== undefined) attachment.policyName = policyName;
    if (spec.type === 'aws_iam_role') {
      const self = this.principals.get(address);
      if (self) attachment.principals.push(self);
    }
    if (spec.owner) {
      const owner = principalOf(this.links, attribute(block, spec.owner.attribute), spec.owner.type, true);
      if (owner) attachment.principals.push(owner);
    }
    return attachment;
  }

  private addPolicy(attr: HclAttribute, kind: PolicyKind, name: string, attachment: Attachment, location: string, managedAddress?: string): void {
    const managedPolicy = managedAddress?.startsWith('aws_iam_policy.') ? managedAddress : undefined;
    const unread: string[] = [];
    let read = false;
    for (const { span, derived } of this.policySources(attr.expr, 0)) {
      const doc = DATA_DOCUMENT.exec(this.text.slice(span.start, span.end));
      if (doc) {
        this.addUse(doc[1] as string, { kind, attachment, ...(managedPolicy && { managedAddress: managedPolicy }) });
        read = true;
        continue;
      }
      const key = `${span.start}:${kind}`;
      const seen = derived ? this.shared.get(key) : undefined;
      if (seen) {
        for (const policy of seen) {
          for (const p of attachment.principals) if (!policy.attachment.principals.includes(p)) policy.attachment.principals.push(p);
          this.addManaged(managedPolicy, policy);
        }
        read = true;
        continue;
      }
      const node = this.policyNode(span, derived, location);
      if (!node) {
        const what = unevaluated(this.sources, span, 0);
        if (what) unread.push(what);
        continue;
      }
      for (const variant of this.variants(node, span, location)) {
        const policy = buildPolicy(variant, { name, location, kind, intrinsicPattern, attachment, dialect: 'terraform' });
        this.policies.push(policy);
        if (derived) this.shared.set(key, [...(this.shared.get(key) ?? []), policy]);
        this.addManaged(managedPolicy, policy);
      }
      read = true;
    }
    // One alternative of several (a conditional's branch, a coalesce() argument) is not the whole policy.
    const [what] = unread;
    if (what && read) this.notRead(location, `one policy it may take is ${what} that only Terraform evaluates; the others were linted`, 'may not all have been read');
    else if (what) this.notRead(location, `it is ${what} that only Terraform evaluates`);
  }

  /**
   * The expressions an attribute's policy may come from: the attribute itself, what a `local.x`
   * of this file holds, the branches of a conditional and the arguments of `coalesce(...)` and
   * the like. `derived` marks those reached through one of these, where a value that is not a
   * policy (`""`, a name) is an alternative, not a mistake.
   */
  private policySources(span: Span, depth: number): { span: Span; derived: boolean }[] {
    if (depth > 8) return [];
    const text = this.text;
    const local = LOCAL_REFERENCE.exec(text.slice(span.start, span.end));
    if (local) {
      const def = this.locals.get(local[1] as string);
      return def ? this.policySources(def.expr, depth + 1).map((s) => ({ ...s, derived: true })) : [];
    }
    const branches = conditionalBranches(text, span.start, span.end);
    if (branches) return branches.flatMap((b) => this.policySources(b, depth + 1)).map((s) => ({ ...s, derived: true }));
    const call = callArguments(text, span.start, span.end);
    // `jsonencode(local.policy)` with the local an HCL object: that object is the policy, as if written inline.
    const arg = call?.name === 'jsonencode' && call.args.length === 1 ? call.args[0] : undefined;
    if (arg && LOCAL_REFERENCE.test(text.slice(arg.start, arg.end))) {
      // A local that is not an object (`jsondecode(file(...))`) is kept for its "not read" notice.
      return this.policySources(arg, depth + 1)
        .filter((s) => text[skipTrivia(text, s.span.start, true)] === '{' || unevaluated(this.sources, s.span, 0) !== undefined)
        .map((s) => ({ ...s, derived: true }));
    }
    // The document whose tokens `replace` swaps (replaced-tokens.ts) is still the policy used.
    const replaced = call?.name === 'replace' && call.args.length === 3 ? call.args[0] : undefined;
    if (replaced && DATA_DOCUMENT.test(text.slice(replaced.start, replaced.end))) return this.policySources(replaced, depth + 1);
    if (call && PASS_THROUGH.has(call.name)) return call.args.flatMap((a) => this.policySources(a, depth + 1)).map((s) => ({ ...s, derived: true }));
    return [{ span, derived: false }];
  }

  /** A heredoc or quoted JSON string, or a `jsonencode(...)` object; undefined for what only the plan knows. */
  private policyNode(span: Span, derived: boolean, location: string): Node | undefined {
    const text = this.text;
    const start = span.start;
    if (text.startsWith('<<', start)) {
      const doc = heredocEnd(text, start);
      return this.jsonPolicy(text.slice(doc.body.start, doc.body.end), doc.body, location);
    }
    // Conditionals in the document (`Action = var.readonly ? [...] : [...]`) become Fn::If nodes, and
    // the statements a local holds are read with them: policyVariants renders each combination.
    const node = this.parser.withBranches(() => {
      const parsed = this.parser.parse(span.start, span.end);
      return parsed.type === 'object' ? (this.knownStatements(parsed, location) ?? null) : parsed;
    });
    if (node === null) return undefined;
    if (node.type === 'object') return node;
    if (derived && (node.type !== 'string' || !(node.value as string).trimStart().startsWith('{'))) return undefined;
    if (node.type === 'string') return this.jsonPolicy(node.value as string, node, location);
    // A string with `${...}` in it: JSON only when its quoted source parses once the templates are left as they are.
    if (node.type === 'intrinsic' && node.name === 'Fn::Sub' && text[start] === '"') {
      const raw = text.slice(start + 1, span.end - 1);
      if (!/\\/.test(raw)) return this.jsonPolicy(raw, { start: start + 1, end: span.end - 1 }, location);
      // Escaped JSON (`"{\"Action\": ...${var.x}..."`): its escapes undone, its templates left as written.
      return this.jsonPolicy(decodeLiteral(raw), { start, end: span.end }, location);
    }
    return undefined;
  }

  /**
   * In `jsonencode({...})`, statements a plan computes (a variable, `concat(...)` of one, a
   * `for` whose element is not written out) are unknown, not malformed: the ones written out are
   * kept (a `for`'s element once, as a `dynamic` block's content is), the rest left out, and a
   * policy with none left is not linted but named in a "not read" notice.
   */
  private knownStatements(root: ObjectNode, location: string): ObjectNode | undefined {
    const entry = root.entries.find((e) => e.key === 'Statement');
    if (!entry) return root;
    const written = entry.value;
    // `Statement = local.statements`, a list or statement written out in this file, is read there.
    const local = written.type === 'intrinsic' ? this.localLiteral(written) : undefined;
    if (local) entry.value = local;
    const { items, unknown, resolved } = this.statementItems(entry.value, 0);
    if (!unknown && !resolved) return root;
    if (unknown && items.length === 0) {
      const source = this.text.slice(written.start, written.end);
      this.notRead(location, `its Statement is an expression (${shortSource(source)}) that only Terraform evaluates`);
      return undefined;
    }
    entry.value = { type: 'array', items, start: entry.value.start, end: entry.value.end };
    return root;
  }

  /** `resolved` marks statements read from a `local` in place of the reference written. */
  private statementItems(node: Node, depth: number): { items: Node[]; unknown: boolean; resolved?: boolean } {
    if (node.type === 'array') {
      const element = this.parser.forElement(node.start, node.end);
      if (element) return { items: [element], unknown: true };
      const parts = node.items.map((item) => (item.type === 'intrinsic' && !isIf(item) ? this.statementItems(item, depth + 1) : { items: [item], unknown: false }));
      return { items: parts.flatMap((p) => p.items), unknown: parts.some((p) => p.unknown), resolved: parts.some((p) => p.resolved) };
    }
    if (node.type !== 'intrinsic') return { items: [node], unknown: false };
    const local = depth < 8 ? this.localLiteral(node) : undefined;
    if (local) return { ...this.statementItems(local, depth + 1), resolved: true };
    const call = depth < 8 ? callArguments(this.text, node.start, node.end) : undefined;
    if (call?.name === 'concat') {
      const parts = call.args.map((a) => this.statementList(a, depth + 1));
      return { items: parts.flatMap((p) => p.items), unknown: true };
    }
    return { items: [], unknown: true };
  }

  /** A list of statements given to `concat`: written out, or either branch of `cond ? [] : [{...}]`. */
  private statementList(span: Span, depth: number): { items: Node[]; unknown: boolean } {
    const branches = depth < 8 ? conditionalBranches(this.text, span.start, span.end) : undefined;
    const parts = branches ?? [span];
    const items = parts.flatMap((b) => {
      const parsed = this.parser.parse(b.start, b.end);
      const arg = (parsed.type === 'intrinsic' && this.localLiteral(parsed)) || parsed;
      return arg.type === 'array' ? this.statementItems(arg, depth + 1).items : [];
    });
    return { items, unknown: true };
  }

  /** The list or object literal a `local.x` of this file holds, through locals naming locals. */
  private localLiteral(span: Span): Node | undefined {
    const def = this.localDefinition(span);
    const node = def && this.parser.parse(def.start, def.end);
    return node?.type === 'array' || node?.type === 'object' ? node : undefined;
  }

  /** The expression a `local.x` names in a locals block of this file, through locals naming locals. */
  private readonly localDefinition = (span: Span): Span | undefined => {
    let found: Span | undefined;
    for (let at = span, depth = 0; depth < 8; depth++) {
      const ref = LOCAL_REFERENCE.exec(this.text.slice(at.start, at.end).trim());
      const def = ref ? this.locals.get(ref[1] as string) : undefined;
      if (!def) break;
      found = at = def.expr;
    }
    return found;
  };

  /**
   * A policy document written out as a module argument (`policy = <<EOF`, `assume_role_policy =
   * jsonencode({...})`, as terraform-aws-modules' IAM modules take them): what the module does with
   * it is not known, so its kind is told from its content, as a bare file's is. Only arguments named
   * for a policy and holding a document with a Statement are read: a lifecycle or scaling policy
   * has none, and a reference is linted where it is written.
   */
  private loadModuleArguments(name: string, block: HclBlock): void {
    for (const attr of block.items) {
      if (attr.kind !== 'attribute' || !/(^|_)policy(_json|_document)?$/.test(attr.name)) continue;
      const written = this.text.slice(attr.expr.start, attr.expr.end).trimStart();
      if (!/^(<<|jsonencode\s*\(|"\s*\{)/.test(written) || !/\bStatement\b/.test(written)) continue;
      const location = `module.${name}.${attr.name}`;
      const node = this.policyNode(attr.expr, false, location);
      if (node?.type !== 'object' || !getEntry(node, 'Statement')) continue;
      const attachment: Attachment = { inline: false, principals: [], declaredAt: { span: labelSpan(block), path: [location] } };
      for (const variant of this.variants(node, attr.expr, location)) {
        this.policies.push(buildPolicy(variant, { name: location, location, intrinsicPattern, attachment, dialect: 'terraform', ...(/assume_role|trust/.test(attr.name) && { kind: 'trust' as const }) }));
      }
    }
  }

  /**
   * The documents a policy with conditionals renders to (policyVariants); one with more conditions
   * than are worth multiplying is read again with its conditionals as placeholders.
   */
  private variants(node: Node, span: Span, location: string): Node[] {
    const variants = policyVariants(node);
    if (variants) return variants;
    const plain = this.parser.parse(span.start, span.end);
    return [plain.type === 'object' ? (this.knownStatements(plain, location) ?? plain) : plain];
  }

  /** A policy document data source with its conditionals as placeholders. */
  private plainDocument(block: HclBlock, tokens: ReturnType<typeof this.replacedTokens.get>): ObjectNode {
    const node = policyDocumentNode(block, this.parser);
    if (tokens) replaceTokens(node, tokens);
    return node;
  }

  private notRead(location: string, why: string, verb = 'was not read'): void {
    const note = `the policy of ${location} ${verb}: ${why}`;
    if (!this.unread.includes(note)) this.unread.push(note);
  }

  /**
   * JSON with Terraform templates in it, as in a heredoc: parsed as written, then each string
   * holding `${...}` becomes a placeholder. A template outside quotes (`"Resource": ${jsonencode(x)}`)
   * only makes JSON once rendered: it is read as a placeholder value (parseTemplateJson), and a policy
   * that still is not JSON (`%{ for }` directives, a template standing for statements) is passed over
   * rather than reported.
   */
  private jsonPolicy(raw: string, span: Span, location: string): Node | undefined {
    // The file parses: what does not is the policy string, named so the message does not blame the file.
    if (raw.trim() === '') {
      this.syntaxErrors.push({ start: span.start, end: span.end, message: 'it is empty', inString: location });
      return undefined;
    }
    let parsed = parseEmbeddedJson(raw, span, this.file);
    if (parsed.errors.some((e) => e.strictJson)) {
      this.syntaxErrors.push(...parsed.errors.map((e) => ({ ...e, inString: location })));
      return undefined;
    }
    if (parsed.errors.length > 0) {
      const templated = /(^|[^$%])[$%]\{/.test(raw);
      const repaired = templated && !raw.includes('%{') ? (this.joinedList(raw, span) ?? parseTemplateJson(raw, span, this.file)) : undefined;
      if (!repaired) {
        if (raw.includes('%{')) this.unread.push(`the policy of ${location} was not read: it holds template directives (%{ for }, %{ if }) that only Terraform renders`);
        else if (!templated) this.syntaxErrors.push(...parsed.errors.map((e) => ({ ...e, inString: location })));
        // Templates only inside JSON strings leave the structure as written: the error is the file's,
        // found with the templates written over (their own quotes are not JSON's).
        else if (!templateOutsideStrings(raw)) {
          const masked = parseMapped(parseJson, maskInterpolations(raw), offsetMap(raw, span, this.file));
          this.syntaxErrors.push(...masked.errors.map((e) => ({ ...e, inString: location })));
        }
        // A document, not a template standing for one (`"${file(...)}"`, which the caller names).
        else if (raw.trimStart().startsWith('{')) this.notRead(location, 'it is JSON only once Terraform renders the templates written outside its strings');
        return undefined;
      }
      parsed = repaired;
    }
    return parsed.root && parsed.root.type === 'object' ? this.templates(parsed.root) : undefined;
  }

  /** A policy with the join hack (JOIN_SEPARATOR) as written in the file, each joined list read as one placeholder item. */
  private joinedList(raw: string, span: Span): ParseResult | undefined {
    const patched = raw.replace(JOIN_SEPARATOR, `$1" ', '"`);
    if (patched === raw || this.text.slice(span.start, span.end) !== raw) return undefined;
    return parseTemplateJsonMapped(patched, (i) => span.start + i);
  }

  private templates(node: Node): Node {
    if (node.type === 'string' && /[$%]\{/.test(node.value as string)) {
      const { value, interpolated } = this.parser.interpolate(node.value as string, false);
      if (!interpolated) return { ...node, value };
      return { type: 'intrinsic', name: 'Fn::Sub', start: node.start, end: node.end, argument: { type: 'string', value, start: node.start, end: node.end } };
    }
    if (node.type === 'object') for (const e of node.entries) e.value = this.templates(e.value);
    else if (node.type === 'array') node.items = node.items.map((i) => this.templates(i));
    return node;
  }

  /** A data source is linted once, with the kind and attachment of its use when it has one kind of use. */
  private loadDocument(name: string, block: HclBlock): void {
    const node: ObjectNode = this.parser.withBranches(() => policyDocumentNode(block, this.parser));
    const tokens = this.replacedTokens.get(name);
    if (tokens) replaceTokens(node, tokens);
    // Statements merged in from other documents are known only to the plan: with none written here, nothing is known.
    if (!getEntry(node, 'Statement') && MERGED_DOCUMENTS.some((a) => attribute(block, a))) return;
    const { uses, kind, attachment } = this.documentUses(name);
    const address = `data.aws_iam_policy_document.${name}`;
    for (const variant of policyVariants(node) ?? [this.plainDocument(block, tokens)]) {
      const policy = buildPolicy(variant, { name: address, location: address, intrinsicPattern, dialect: 'terraform', repeatsMerge: true, ...(kind && { kind }), ...(attachment && { attachment }) });
      annotateStatements(policy);
      this.policies.push(policy);
      for (const use of uses) this.addManaged(use.managedAddress, policy);
    }
  }

  /**
   * An organizations policy's kind by its `type`; a `type` given by an expression (`var.policy_type`
   * in a shared module) is told from the content: an RCP names a Principal, an SCP never does.
   */
  private organizationsPolicyKind(block: HclBlock, content: HclAttribute | undefined): PolicyKind | undefined {
    const typeAttr = attribute(block, 'type');
    const type = this.literal(block, 'type');
    if (typeAttr && type === undefined) {
      let text = content ? this.text.slice(content.expr.start, content.expr.end) : '';
      // A policy document data source holds the statements; its principals blocks make an RCP.
      const source = /data\.aws_iam_policy_document\.([\w-]+)/.exec(text)?.[1];
      const block = source ? this.documents.get(source) : undefined;
      if (block) text = this.text.slice(block.span.start, block.span.end);
      // A tag or backup policy has no statements: not an IAM policy, whatever the variable says.
      if (!/statement/i.test(text)) return undefined;
      return /["\s{,]Principal"?\s*[=:]|\bprincipals\s*\{/.test(text) ? 'rcp' : 'scp';
    }
    return organizationsKind(type);
  }

  /** The value of an attribute when it is a plain string. */
  private literal(block: HclBlock, name: string): string | undefined {
    const attr = attribute(block, name);
    if (!attr) return undefined;
    const node = this.parser.parse(attr.expr.start, attr.expr.end);
    return node.type === 'string' ? (node.value as string) : undefined;
  }
}


/** The resource's name label, where findings about the whole resource point. */
function labelSpan(block: HclBlock): Span {
  return block.labels[1]?.span ?? block.typeSpan;
}

/** Whether a `${...}` stands outside a JSON string (`"Resource": ${jsonencode(x)}`), where it may be any JSON once rendered. */
function templateOutsideStrings(raw: string): boolean {
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && inString) i++;
    else if ((c === '$' || c === '%') && raw[i + 1] === '{' && raw[i - 1] !== c) {
      if (!inString) return true;
      // An interpolation may hold quotes of its own (`"${var.a == "x" ? 1 : 2}"`): skip to its end.
      const end = closingBrace(raw, i + 2);
      if (end < 0) return true;
      i = end;
    } else if (c === '"') inString = !inString;
  }
  return false;
}

