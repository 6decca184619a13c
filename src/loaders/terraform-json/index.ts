import { buildPolicy } from '../../policy/build.js';
import type { Attachment, IamPrincipal, Located, PrincipalType } from '../../policy/model.js';
import { getEntry, getValue, stringValue, type Node, type ObjectNode, type Span } from '../../source/node.js';
import type { SourceFile } from '../../source/source-file.js';
import type { PathSegment, PolicyKind } from '../../types.js';
import { parseEmbeddedJson, parseTemplateJson } from '../embedded.js';
import type { LoadResult } from '../load-result.js';
import { TerraformCollector } from '../terraform-source/collector.js';
import { ExpressionParser, intrinsicPattern } from '../terraform-source/expr.js';
import { annotateStatements, policyDocumentNode } from '../terraform-source/policy-document.js';
import { ATTACHMENT_RESOURCES, organizationsKind, PRINCIPAL_ATTRIBUTE_REFERENCE, PRINCIPAL_RESOURCES, TF_POLICY_ATTRIBUTES, type PolicyAttribute } from '../terraform-source/resource-types.js';
import { undeclaredTerraformPrincipal } from '../undeclared-principal.js';
import type { HclBlock, HclItem } from '../terraform-source/scan.js';

/** The top-level keys of Terraform's JSON configuration syntax (`"//"` is its comment). */
const CONFIG_KEYS = new Set(['//', 'terraform', 'provider', 'variable', 'locals', 'output', 'module', 'resource', 'data', 'moved', 'import', 'check', 'removed']);
/** Nested blocks of an `aws_iam_policy_document`, written in JSON as an object or a list of objects. */
const BLOCKS = new Set(['statement', 'principals', 'not_principals', 'condition']);
const MERGED_DOCUMENTS = ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'];
const DATA_DOCUMENT = /^\$\{\s*data\.aws_iam_policy_document\.([\w-]+)(?:\[[^\]\n]*\])?\.(?:json|minified_json)\s*\}$/;
const PRINCIPAL_REFERENCE = new RegExp(`^\\$\\{\\s*${PRINCIPAL_ATTRIBUTE_REFERENCE}\\s*\\}$`);
const POLICY_ARN_REFERENCE = /^\$\{\s*aws_iam_policy\.([\w-]+)\.(?:arn|id)\s*\}$/;
/** A template in a JSON string (`${...}`); `$${` is an escaped literal. */
const TEMPLATE = /(^|[^$])\$\{/;
/**
 * Terraform's JSON configuration syntax (`*.tf.json`, as CDKTF writes `cdk.tf.json`): Terraform
 * reads only files so named, and one needs `resource` or `data` to hold a policy.
 */
export function isTerraformJsonConfig(root: Node, file: SourceFile): root is ObjectNode {
  if (!/\.tf\.json$/i.test(file.path) || root.type !== 'object') return false;
  return root.entries.every((e) => CONFIG_KEYS.has(e.key)) && (getEntry(root, 'resource') !== undefined || getEntry(root, 'data') !== undefined);
}

interface Body {
  type: string;
  name: string;
  nameSpan: Span;
  typeSpan: Span;
  body: ObjectNode;
  path: PathSegment[];
}

/**
 * The policies a `.tf.json` holds as JSON strings or objects, with their positions; `${...}` in
 * them are placeholders. A policy that is all one expression (`${jsonencode(...)}`, a variable) is
 * rendered only by Terraform, and passed over with a notice when the file has nothing else.
 */
export function loadTerraformJson(root: ObjectNode, file: SourceFile): LoadResult {
  return new JsonConfigLoader(file).load(root);
}

class JsonConfigLoader extends TerraformCollector {
  private readonly parser: ExpressionParser;

  constructor(private readonly file: SourceFile) {
    super();
    this.parser = new ExpressionParser(file.text, (expression) => '${' + expression + '}');
  }

  load(root: ObjectNode): LoadResult {
    const resources = bodies(getValue(root, 'resource'), ['resource']);
    const documents = bodies(getValue(root, 'data'), ['data']).filter((d) => d.type === 'aws_iam_policy_document');
    for (const r of resources) this.declarePrincipal(r);
    for (const r of resources) this.loadResource(r);
    for (const d of documents) this.loadDocument(d);
    for (const r of resources) this.link(r);
    return this.result('Terraform JSON file', this.extraPrincipals);
  }

  private declarePrincipal(r: Body): void {
    const type = PRINCIPAL_RESOURCES[r.type];
    if (!type) return;
    const address = `${r.type}.${r.name}`;
    const principal: IamPrincipal = { type, name: address, span: r.nameSpan, policies: [], managedPolicyArns: [], memberOf: [], dialect: 'terraform' };
    this.principals.set(address, principal);
    const physical = stringValue(getValue(r.body, 'name'));
    if (physical !== undefined && !TEMPLATE.test(physical)) this.principalsByName.set(`${type}:${physical}`, principal);
  }

  /** Principals a literal name stands for that the file does not declare (`"user": "alice"`), as in `.tf` files. */
  private readonly extraPrincipals: IamPrincipal[] = [];

  private principalOf(node: Node | undefined, type: PrincipalType): IamPrincipal | undefined {
    const text = stringValue(node);
    if (text === undefined) return undefined;
    const ref = PRINCIPAL_REFERENCE.exec(text);
    const p = ref ? this.principals.get(`${ref[1]}.${ref[2]}`) : this.principalsByName.get(`${type}:${text}`);
    return p?.type === type ? p : undefined;
  }

  private loadResource(r: Body): void {
    const address = `${r.type}.${r.name}`;
    for (const spec of TF_POLICY_ATTRIBUTES) {
      if (spec.type !== r.type) continue;
      const value = getValue(r.body, spec.attribute);
      const kind = r.type === 'aws_organizations_policy' ? organizationsKind(stringValue(getValue(r.body, 'type'))) : spec.kind;
      if (!value || !kind) continue;
      const managed = r.type === 'aws_iam_policy' ? address : undefined;
      this.addPolicy(value, kind, address, this.attachmentFor(r, spec), `${address}.${spec.attribute}`, managed);
    }
    if (r.type !== 'aws_iam_role') return;
    const owner = this.principals.get(address);
    const inline = getValue(r.body, 'inline_policy');
    const list = inline?.type === 'array' ? inline.items : inline ? [inline] : [];
    list.forEach((block, index) => {
      const policy = getValue(block, 'policy');
      if (!policy) return;
      const nameEntry = getEntry(block, 'name');
      const policyName = stringValue(nameEntry?.value);
      const path: PathSegment[] = [...r.path, 'inline_policy', ...(inline?.type === 'array' ? [index] : [])];
      const attachment: Attachment = {
        inline: true,
        resource: { name: address, type: 'AWS::IAM::Role', span: r.nameSpan, terraformType: 'aws_iam_role' },
        principals: owner ? [owner] : [],
        declaredAt: nameEntry ? { span: span(nameEntry.value), path: [...path, 'name'] } : { span: span(block), path },
        ...(policyName !== undefined && { policyName }),
      };
      this.addPolicy(policy, 'identity', address + (policyName ? ` policy "${policyName}"` : ''), attachment, `${address}.inline_policy[${index}].policy`);
    });
  }

  private attachmentFor(r: Body, spec: PolicyAttribute): Attachment {
    const address = `${r.type}.${r.name}`;
    const attachment: Attachment = {
      inline: spec.inline === true,
      resource: { name: address, type: spec.cfnType, span: r.nameSpan, terraformType: spec.type },
      principals: [],
      declaredAt: { span: r.nameSpan, path: r.path },
    };
    const policyName = stringValue(getValue(r.body, 'name'));
    if (policyName !== undefined) attachment.policyName = policyName;
    const self = spec.type === 'aws_iam_role' ? this.principals.get(address) : undefined;
    const owner = spec.owner ? this.principalOf(getValue(r.body, spec.owner.attribute), spec.owner.type) : undefined;
    for (const p of [self, owner]) if (p) attachment.principals.push(p);
    return attachment;
  }

  private addPolicy(value: Node, kind: PolicyKind, name: string, attachment: Attachment, location: string, managedAddress?: string): void {
    const text = stringValue(value);
    const doc = text === undefined ? undefined : DATA_DOCUMENT.exec(text.trim());
    if (doc) {
      this.addUse(doc[1] as string, { kind, attachment, ...(managedAddress && { managedAddress }) });
      return;
    }
    const node = this.policyNode(value, location);
    if (!node) return;
    const policy = buildPolicy(node, { name, location, kind, intrinsicPattern, attachment, dialect: 'terraform' });
    this.policies.push(policy);
    this.addManaged(managedAddress, policy);
  }

  /** A JSON string or object; undefined for an expression only Terraform evaluates. */
  private policyNode(value: Node, location: string): Node | undefined {
    if (value.type === 'object') return templates(value);
    if (value.type !== 'string') return undefined;
    const raw = value.value as string;
    if (raw.trim() === '') {
      this.syntaxErrors.push({ start: value.start, end: value.end, message: 'it is empty', inString: location });
      return undefined;
    }
    const templated = TEMPLATE.test(raw);
    if (templated && raw.trimStart().startsWith('${')) {
      this.unread.push(`the policy of ${location} was not read: it is a Terraform expression that only Terraform renders`);
      return undefined;
    }
    let parsed = parseEmbeddedJson(raw, value, this.file);
    if (parsed.errors.some((e) => e.strictJson)) {
      this.syntaxErrors.push(...parsed.errors.map((e) => ({ ...e, inString: location })));
      return undefined;
    }
    if (parsed.errors.length > 0) {
      const repaired = templated && !raw.includes('%{') ? parseTemplateJson(raw, value, this.file) : undefined;
      if (!repaired) {
        if (templated) this.unread.push(`the policy of ${location} was not read: it holds templates that only Terraform renders`);
        else this.syntaxErrors.push(...parsed.errors.map((e) => ({ ...e, inString: location })));
        return undefined;
      }
      parsed = repaired;
    }
    return parsed.root?.type === 'object' ? templates(parsed.root) : undefined;
  }

  /** A data source is linted once, with the kind and attachment of its use when it has one kind of use. */
  private loadDocument(d: Body): void {
    const block: HclBlock = {
      kind: 'block',
      type: 'data',
      typeSpan: d.typeSpan,
      labels: [
        { value: d.type, span: d.typeSpan },
        { value: d.name, span: d.nameSpan },
      ],
      span: span(d.body),
      items: hclItems(d.body),
    };
    const node = policyDocumentNode(block, this.parser);
    // Statements merged in from other documents are known only to Terraform: with none written here, nothing is known.
    if (!getEntry(node, 'Statement') && MERGED_DOCUMENTS.some((a) => getEntry(d.body, a))) return;
    const { uses, kind, attachment } = this.documentUses(d.name);
    const address = `data.aws_iam_policy_document.${d.name}`;
    const policy = buildPolicy(node, { name: address, location: address, intrinsicPattern, dialect: 'terraform', repeatsMerge: true, ...(kind && { kind }), ...(attachment && { attachment }) });
    annotateStatements(policy);
    this.policies.push(policy);
    for (const use of uses) this.addManaged(use.managedAddress, policy);
  }

  /** Managed policies attached to principals: one of this file by reference, or an ARN written out. */
  private link(r: Body): void {
    const spec = ATTACHMENT_RESOURCES[r.type];
    const arnNode = spec && getValue(r.body, spec.arn);
    const arn = stringValue(arnNode);
    if (!spec || !arnNode || arn === undefined) return;
    const principals = spec.to.flatMap(([attribute, type, list]) => {
      const value = getValue(r.body, attribute);
      const items = value && list && value.type === 'array' ? value.items : value ? [value] : [];
      return items.flatMap((named) => this.principalNamed(named, type) ?? []);
    });
    if (principals.length === 0) return;
    const ref = POLICY_ARN_REFERENCE.exec(arn);
    if (ref) {
      for (const doc of this.managed.get(`aws_iam_policy.${ref[1]}`) ?? []) for (const p of principals) if (!doc.attachment.principals.includes(p)) doc.attachment.principals.push(p);
    } else if (!TEMPLATE.test(arn)) {
      const located: Located = { value: arn, span: span(arnNode), path: [...r.path, spec.arn] };
      for (const p of principals) p.managedPolicyArns.push(located);
    }
  }

  /** A principal of this file by reference or name, else one for a literal name the file does not declare. */
  private principalNamed(named: Node, type: PrincipalType): IamPrincipal | undefined {
    const literal = named.type === 'string' && !TEMPLATE.test(named.value as string) && named.value !== '' ? (named.value as string) : undefined;
    return this.principalOf(named, type) ?? (literal !== undefined ? undeclaredTerraformPrincipal(this.principalsByName, this.extraPrincipals, 'file', type, literal, span(named)) : undefined);
  }
}

/** `{"<type>": {"<name>": {...}}}`, a name's body also as a list of bodies, the whole also as a list of such objects. */
function bodies(node: Node | undefined, path: PathSegment[]): Body[] {
  if (node?.type === 'array') return node.items.flatMap((item, i) => bodies(item, [...path, i]));
  if (node?.type !== 'object') return [];
  const out: Body[] = [];
  for (const t of node.entries) {
    if (t.value.type !== 'object') continue;
    for (const n of t.value.entries) {
      const list: [Node, PathSegment[]][] = n.value.type === 'array' ? n.value.items.map((b, i) => [b, [...path, t.key, n.key, i]]) : [[n.value, [...path, t.key, n.key]]];
      for (const [body, p] of list) if (body.type === 'object') out.push({ type: t.key, name: n.key, nameSpan: n.keySpan, typeSpan: t.keySpan, body, path: p });
    }
  }
  return out;
}

/** A JSON body as the HCL items the policy document builder reads: the value spans are HCL expressions too. */
function hclItems(body: ObjectNode): HclItem[] {
  const items: HclItem[] = [];
  for (const e of body.entries) {
    const blocks = e.value.type === 'array' ? e.value.items : [e.value];
    if (BLOCKS.has(e.key) && blocks.every((b) => b.type === 'object')) {
      for (const b of blocks) items.push({ kind: 'block', type: e.key, typeSpan: e.keySpan, labels: [], span: span(b), items: hclItems(b as ObjectNode) });
    } else if (e.key !== '//') {
      items.push({ kind: 'attribute', name: e.key, nameSpan: e.keySpan, expr: span(e.value) });
    }
  }
  return items;
}

/**
 * Strings holding `${...}` become placeholders, as CloudFormation's `Fn::Sub` values are. Terraform's
 * escapes `$${` and `%%{` are literal `${` and `%{` (an IAM policy variable such as `$${aws:username}`):
 * read as what Terraform sends.
 */
function templates(node: Node): Node {
  if (node.type === 'string') {
    const raw = node.value as string;
    const value = raw.includes('$${') || raw.includes('%%{') ? raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : raw;
    const plain = value === raw ? node : { ...node, value };
    return TEMPLATE.test(raw) ? { type: 'intrinsic', name: 'Fn::Sub', start: node.start, end: node.end, argument: plain } : plain;
  }
  if (node.type === 'object') return { ...node, entries: node.entries.map((e) => ({ ...e, value: templates(e.value) })) };
  if (node.type === 'array') return { ...node, items: node.items.map(templates) };
  return node;
}

function span(node: Span): Span {
  return { start: node.start, end: node.end };
}
