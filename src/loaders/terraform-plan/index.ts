import { buildPolicy } from '../../policy/build.js';
import type { Attachment, IamPrincipal, Located, PolicyDocument, PrincipalType } from '../../policy/model.js';
import type { SyntaxProblem } from '../../parsers/parse-result.js';
import { getEntry, getValue, stringValue, type Node, type Span } from '../../source/node.js';
import type { SourceFile } from '../../source/source-file.js';
import type { PathSegment, PolicyKind } from '../../types.js';
import { parseEmbeddedJson } from '../embedded.js';
import { LAMBDA_PERMISSION, lambdaPermissionPolicy, type PermissionValue } from '../lambda-permission.js';
import { emptyResult, type LoadResult } from '../load-result.js';
import { PLAN_LINKS, PLAN_POLICY_ATTRIBUTES, PLAN_PRINCIPALS, type PlanPolicyAttribute } from './resource-types.js';
import { formatPath } from '../../source/path.js';
import { planDocumentNode, planIntrinsicPattern, referencePlaceholder, specApplies } from './policy-document.js';
import { accountOfArn } from '../snapshot/document.js';
import { boundaryOnlyPolicies } from './boundary-use.js';
import { undeclaredTerraformPrincipal } from '../undeclared-principal.js';

/**
 * `terraform show -json` of a plan (`planned_values`, `prior_state`) or of a state (`values`):
 * every format has a `format_version` and modules under `root_module`.
 */
export function isTerraformPlan(root: Node): boolean {
  if (root.type !== 'object' || stringValue(getValue(root, 'format_version')) === undefined) return false;
  return ['planned_values', 'prior_state', 'values', 'terraform_version'].some((k) => getValue(root, k) !== undefined);
}

export function loadTerraformPlan(root: Node, file: SourceFile): LoadResult {
  return new PlanLoader(root, file).load();
}

interface PlanResource {
  node: Node;
  values: Node;
  address: string;
  /** The address node, where findings about the resource as a whole point. */
  at: Span;
  path: PathSegment[];
  type: string;
  data: boolean;
  /** `module.app[0].`: the module instance the resource is in, to resolve references made inside it. */
  modulePrefix: string;
}

class PlanLoader {
  private readonly resources: PlanResource[] = [];
  private readonly byAddress = new Map<string, PlanResource>();
  private readonly principals = new Map<string, IamPrincipal>();
  private readonly principalsByName = new Map<string, IamPrincipal>();
  /** Users, groups and roles the plan attaches policies to by a name no resource of the plan declares. */
  private readonly undeclared: IamPrincipal[] = [];
  private readonly managed = new Map<string, PolicyDocument[]>();
  private readonly managedByArn = new Map<string, string>();
  private readonly policies: PolicyDocument[] = [];
  private readonly syntaxErrors: SyntaxProblem[] = [];
  private readonly expressions = new Map<string, Node>();
  /** `aws_iam_policy` resources used only as permissions boundaries (boundary-use.ts). */
  private boundaries = new Set<string>();
  /** `resource_changes` by address, read when a value unknown until apply is needed. */
  private changes?: Map<string, Node>;

  constructor(
    private readonly root: Node,
    private readonly file: SourceFile,
  ) {}

  load(): LoadResult {
    const planned = getValue(getValue(this.root, 'planned_values'), 'root_module');
    const prior = getValue(getValue(getValue(this.root, 'prior_state'), 'values'), 'root_module');
    const state = getValue(getValue(this.root, 'values'), 'root_module');
    if (planned) this.walkModule(planned, ['planned_values', 'root_module'], '', () => true);
    if (state) this.walkModule(state, ['values', 'root_module'], '', () => true);
    // Data sources read while planning are only in prior_state; resources only there are being destroyed.
    if (prior) this.walkModule(prior, ['prior_state', 'values', 'root_module'], '', (r) => (planned || state ? r.data : true));
    if (this.resources.length === 0) return emptyResult({ skipped: 'a Terraform plan or state with no resources' });
    this.indexConfiguration(getValue(getValue(this.root, 'configuration'), 'root_module'), '');
    this.boundaries = boundaryOnlyPolicies(this.resources, (r) => this.expressions.get(configAddress(r)));
    for (const r of this.resources) this.declarePrincipal(r);
    for (const r of this.resources) this.loadPolicies(r);
    for (const r of this.resources) this.link(r);
    for (const policy of this.policies) for (const p of policy.attachment.principals) if (!p.policies.includes(policy)) p.policies.push(policy);
    return { ...emptyResult(), policies: this.policies, principals: [...this.principals.values(), ...this.undeclared], syntaxErrors: this.syntaxErrors };
  }

  private walkModule(module: Node, path: PathSegment[], modulePrefix: string, keep: (r: PlanResource) => boolean): void {
    const resources = getValue(module, 'resources');
    if (resources?.type === 'array') {
      resources.items.forEach((node, i) => {
        const addressNode = getValue(node, 'address');
        const address = stringValue(addressNode);
        const type = stringValue(getValue(node, 'type'));
        const values = getValue(node, 'values');
        if (!addressNode || address === undefined || type === undefined || values?.type !== 'object' || this.byAddress.has(address)) return;
        const r: PlanResource = {
          node,
          values,
          address,
          at: { start: addressNode.start, end: addressNode.end },
          path: [...path, 'resources', i],
          type,
          data: stringValue(getValue(node, 'mode')) === 'data',
          modulePrefix,
        };
        if (!keep(r)) return;
        this.resources.push(r);
        this.byAddress.set(address, r);
      });
    }
    const children = getValue(module, 'child_modules');
    if (children?.type !== 'array') return;
    children.items.forEach((child, i) => {
      const address = stringValue(getValue(child, 'address'));
      this.walkModule(child, [...path, 'child_modules', i], address ? `${address}.` : modulePrefix, keep);
    });
  }

  /** `configuration` keeps each attribute's references, which name what an unknown value will be. */
  private indexConfiguration(module: Node | undefined, prefix: string): void {
    const resources = getValue(module, 'resources');
    for (const r of resources?.type === 'array' ? resources.items : []) {
      const address = stringValue(getValue(r, 'address'));
      const expressions = getValue(r, 'expressions');
      if (address !== undefined && expressions) this.expressions.set(prefix + address, expressions);
    }
    const calls = getValue(module, 'module_calls');
    if (calls?.type !== 'object') return;
    for (const e of calls.entries) this.indexConfiguration(getValue(e.value, 'module'), `${prefix}module.${e.key}.`);
  }

  /** An attribute's expression in the configuration: `references` (and `constant_value`). */
  private expression(r: PlanResource, attribute: string): Node | undefined {
    return getValue(this.expressions.get(configAddress(r)), attribute);
  }

  /** Resources an attribute whose value is unknown at plan time refers to, from the configuration. */
  private referenced(r: PlanResource, attribute: string): PlanResource[] {
    const refs = getValue(this.expression(r, attribute), 'references');
    const out: PlanResource[] = [];
    for (const ref of refs?.type === 'array' ? refs.items : []) {
      const m = /^(?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?/.exec(stringValue(ref) ?? '');
      if (!m || m[0].startsWith('var.') || m[0].startsWith('module.') || m[0].startsWith('local.')) continue;
      const target = r.modulePrefix + m[0];
      const exact = this.byAddress.get(target);
      const found = exact ? [exact] : this.resources.filter((x) => x.address.startsWith(`${target}[`));
      // With count or for_each the reference does not say which instance: link only an unambiguous one.
      if (found.length === 1 && !out.includes(found[0] as PlanResource)) out.push(found[0] as PlanResource);
    }
    return out;
  }

  private declarePrincipal(r: PlanResource): void {
    const type = r.data ? undefined : PLAN_PRINCIPALS[r.type];
    if (!type) return;
    const principal: IamPrincipal = { type, name: r.address, span: r.at, policies: [], managedPolicyArns: [], memberOf: [], dialect: 'terraform' };
    this.principals.set(r.address, principal);
    const name = stringValue(getValue(r.values, 'name'));
    if (name) this.principalsByName.set(`${type}:${name}`, principal);
    // Its attachments name a permission set by ARN, known in the plan once it exists.
    const arn = type === 'permission-set' ? stringValue(getValue(r.values, 'arn')) : undefined;
    if (arn) this.principalsByName.set(`${type}:${arn}`, principal);
  }

  private loadPolicies(r: PlanResource): void {
    if (!r.data && r.type === LAMBDA_PERMISSION.type) this.loadPermission(r);
    for (const spec of PLAN_POLICY_ATTRIBUTES) {
      if (spec.type !== r.type || Boolean(spec.data) !== r.data) continue;
      if (spec.when) {
        const v = stringValue(getValue(r.values, spec.when.attribute));
        if (v === undefined ? !spec.when.orMissing : v !== spec.when.equals) continue;
      }
      if (spec.data) this.loadDocument(r, spec);
      else if (spec.block) this.loadBlocks(r, spec);
      else if (!this.setElsewhere(r, spec)) this.addPolicy(r, this.boundaries.has(r.address) ? { ...spec, kind: 'boundary' } : spec, getValue(r.values, spec.attribute), [spec.attribute], this.attachmentFor(r, spec), r.address);
    }
  }

  private loadPermission(r: PlanResource): void {
    const values: Partial<Record<string, PermissionValue>> = {};
    for (const name of LAMBDA_PERMISSION.attributes) {
      const e = getEntry(r.values, name);
      if (e) values[name] = { value: e.value, keySpan: e.keySpan };
      // A condition unknown until apply is still there: a missing one would read as no condition.
      const unknown = name.startsWith('source_') || name === 'principal_org_id' ? this.unknownValue(r, name) : undefined;
      if (unknown) values[name] = { value: unknown, keySpan: r.at };
    }
    const policy = lambdaPermissionPolicy(values, { address: r.address, span: r.at }, (node) => (node.argument.type === 'string' ? (node.argument.value as string) : undefined));
    if (policy) this.policies.push(policy);
  }

  /**
   * A placeholder for an attribute unknown until apply (`after_unknown`, or left out of the values while
   * the configuration computes it), named after the first value it references.
   */
  private unknownValue(r: PlanResource, attribute: string): Node | undefined {
    if (!this.changes) {
      this.changes = new Map();
      const list = getValue(this.root, 'resource_changes');
      for (const c of list?.type === 'array' ? list.items : []) {
        const address = stringValue(getValue(c, 'address'));
        if (address !== undefined) this.changes.set(address, c);
      }
    }
    const flag = getValue(getValue(getValue(this.changes.get(r.address), 'change'), 'after_unknown'), attribute);
    const refs = getValue(this.expression(r, attribute), 'references');
    const first = refs?.type === 'array' ? stringValue(refs.items[0]) : undefined;
    if (!(flag?.type === 'boolean' && flag.value === true) && (getEntry(r.values, attribute) || first === undefined)) return undefined;
    const value = '${' + (first ?? `${r.address}.${attribute}`) + '}';
    const at = r.at;
    return { type: 'intrinsic', name: 'Fn::Sub', start: at.start, end: at.end, argument: { type: 'string', value, start: at.start, end: at.end } };
  }

  private loadBlocks(r: PlanResource, spec: PlanPolicyAttribute): void {
    const blocks = getValue(r.values, spec.block as string);
    if (blocks?.type !== 'array') return;
    blocks.items.forEach((block, i) => {
      const nameNode = getValue(block, 'name');
      const policyName = stringValue(nameNode);
      if (this.setElsewhere(r, spec, policyName)) return;
      const attachment: Attachment = {
        inline: true,
        resource: { name: r.address, type: r.type, span: r.at },
        principals: this.principals.has(r.address) ? [this.principals.get(r.address) as IamPrincipal] : [],
        declaredAt: nameNode
          ? { span: { start: nameNode.start, end: nameNode.end }, path: [...r.path, 'values', spec.block as string, i, 'name'] }
          : { span: r.at, path: [...r.path, 'address'] },
        ...(policyName && { policyName }),
      };
      const name = policyName ? `${r.address} policy "${policyName}"` : r.address;
      this.addPolicy(r, spec, getValue(block, spec.attribute), [spec.block as string, i, spec.attribute], attachment, name);
    });
  }

  /** A computed copy of a policy that a separate resource here sets (`computedFrom`): that resource is linted instead. */
  private setElsewhere(r: PlanResource, spec: PlanPolicyAttribute, policyName?: string): boolean {
    const from = spec.computedFrom;
    if (!from || (from.name && policyName === undefined)) return false;
    const self = stringValue(getValue(r.values, from.self));
    const name = from.name ? (policyName as string) : '';
    const { known, unknown } = this.setters(from);
    if (self !== undefined && known.has(`${self}\u0000${name}`)) return true;
    return unknown.some((x) => (!from.name || stringValue(getValue(x.values, from.name)) === policyName) && this.referenced(x, from.owner).includes(r));
  }

  // Looked up once per plan: a plan of thousands of roles asks for each inline policy.
  private readonly setterIndex = new Map<string, { known: Set<string>; unknown: PlanResource[] }>();
  /** The resources of `from.type`, by the owner (and policy name) they name, and those whose owner is known only at apply. */
  private setters(from: NonNullable<PlanPolicyAttribute['computedFrom']>): { known: Set<string>; unknown: PlanResource[] } {
    const key = `${from.type}\u0000${from.owner}\u0000${from.name ?? ''}`;
    let index = this.setterIndex.get(key);
    if (!index) {
      index = { known: new Set(), unknown: [] };
      for (const x of this.resources) {
        if (x.type !== from.type || x.data) continue;
        const owner = stringValue(getValue(x.values, from.owner));
        if (owner === undefined) index.unknown.push(x);
        else index.known.add(`${owner}\u0000${from.name ? (stringValue(getValue(x.values, from.name)) ?? '') : ''}`);
      }
      this.setterIndex.set(key, index);
    }
    return index;
  }

  private attachmentFor(r: PlanResource, spec: PlanPolicyAttribute): Attachment {
    const attachment: Attachment = {
      inline: spec.inline === true,
      resource: { name: r.address, type: r.type, span: r.at },
      principals: [],
      declaredAt: { span: r.at, path: [...r.path, 'address'] },
    };
    const policyName = stringValue(getValue(r.values, 'name'));
    if (policyName) attachment.policyName = policyName;
    const self = this.principals.get(r.address);
    if (self) attachment.principals.push(self);
    // A role's trust policy is in the role's account, which its ARN (known in a state) names.
    const account = spec.kind === 'trust' && self?.type === 'role' ? accountOfArn(stringValue(getValue(r.values, 'arn'))) : undefined;
    if (account) attachment.account = account;
    if (spec.owner) attachment.principals.push(...this.principalsOf(r, spec.owner.attribute, spec.owner.type));
    return attachment;
  }

  private addPolicy(r: PlanResource, spec: PlanPolicyAttribute, value: Node | undefined, attrPath: PathSegment[], attachment: Attachment, name: string): void {
    // Unknown until apply (after_unknown): the attribute is absent from the plan's values.
    const text = stringValue(value);
    if (!value || text === undefined || text.trim() === '') return;
    const parsed = parseEmbeddedJson(text, value, this.file);
    const inString = `${r.address}.${formatPath(attrPath)}`;
    this.syntaxErrors.push(...parsed.errors.map((e) => ({ ...e, inString })));
    if (!parsed.root || parsed.root.type !== 'object') return;
    const policy = buildPolicy(parsed.root, {
      name,
      location: `${r.address}.${formatPath(attrPath)}`,
      ...(spec.kind && { kind: spec.kind }),
      attachment,
      dialect: 'terraform',
    });
    this.policies.push(policy);
    if (spec.managed) {
      this.managed.set(r.address, [...(this.managed.get(r.address) ?? []), policy]);
      const arn = stringValue(getValue(r.values, 'arn'));
      if (arn) this.managedByArn.set(arn, r.address);
    }
  }

  /**
   * A `data.aws_iam_policy_document` is linted once, with the kind and attachment of the resources
   * whose policy attribute references it in the `configuration`. A use whose attribute the plan knows
   * lints that same JSON as its own; the rest take this document, built from its statement blocks
   * when its `json` is known only at apply time. With no use found, the kind is guessed.
   */
  private loadDocument(r: PlanResource, spec: PlanPolicyAttribute): void {
    const uses = this.documentUses(r);
    const pending = uses.filter((u) => !u.known);
    const json = getValue(r.values, spec.attribute);
    if (stringValue(json) !== undefined && uses.length > 0 && pending.length === 0) return;
    const kinds = new Set(pending.map((u) => u.kind));
    const kind = kinds.size === 1 ? pending[0]?.kind : undefined;
    const principals = [...new Set(pending.flatMap((u) => u.attachment.principals))];
    const first = pending[0]?.attachment;
    const attachment = first ? { ...first, inline: pending.every((u) => u.attachment.inline), principals } : this.attachmentFor(r, spec);
    const before = this.policies.length;
    if (stringValue(json) !== undefined) this.addPolicy(r, { ...spec, ...(kind && { kind }) }, json, [spec.attribute], attachment, r.address);
    else {
      const node = planDocumentNode({
        values: r.values,
        at: r.at,
        expressions: this.expressions.get(configAddress(r)),
        placeholder: (ref) => referencePlaceholder(ref, (address) => this.byAddress.get(r.modulePrefix + address)?.values),
      });
      if (node) {
        const location = `${r.address}.statement`;
        this.policies.push(buildPolicy(node, { name: r.address, location, ...(kind && { kind }), attachment, dialect: 'terraform', intrinsicPattern: planIntrinsicPattern }));
      }
    }
    const policy = this.policies.length > before ? this.policies.at(-1) : undefined;
    for (const u of pending) if (policy && u.managed) this.managed.set(u.managed, [...(this.managed.get(u.managed) ?? []), policy]);
  }

  /** The resources whose policy attribute is this document's JSON, by the configuration's references. */
  private documentUses(doc: PlanResource): { kind: PolicyKind; attachment: Attachment; known: boolean; managed?: string }[] {
    const uses: { kind: PolicyKind; attachment: Attachment; known: boolean; managed?: string }[] = [];
    for (const x of this.resources) {
      if (x.data) continue;
      for (const spec of PLAN_POLICY_ATTRIBUTES) {
        if (spec.type !== x.type || spec.data || spec.block || !spec.kind || !specApplies(spec, x.values)) continue;
        if (!this.referenced(x, spec.attribute).includes(doc)) continue;
        const known = stringValue(getValue(x.values, spec.attribute)) !== undefined;
        uses.push({ kind: this.boundaries.has(x.address) ? 'boundary' : spec.kind, attachment: this.attachmentFor(x, spec), known, ...(spec.managed && { managed: x.address }) });
      }
    }
    return uses;
  }

  /** Principals named by an attribute (a name or a list of names), or, when unknown, by its references. */
  private principalsOf(r: PlanResource, attribute: string, type: PrincipalType): IamPrincipal[] {
    const value = getValue(r.values, attribute);
    if (value) {
      return (value.type === 'array' ? value.items : [value]).flatMap((node) => {
        const n = stringValue(node);
        if (n === undefined || n === '') return [];
        return [this.principalsByName.get(`${type}:${n}`) ?? undeclaredTerraformPrincipal(this.principalsByName, this.undeclared, 'plan', type, n, { start: node.start, end: node.end })];
      });
    }
    return this.referenced(r, attribute).flatMap((x) => {
      const p = this.principals.get(x.address);
      return p?.type === type ? [p] : [];
    });
  }

  private link(r: PlanResource): void {
    if (r.data) return;
    for (const spec of PLAN_LINKS) {
      if (spec.type !== r.type) continue;
      if (spec.membership) {
        const users = this.principalsOf(r, spec.membership.users, 'user');
        const groups = this.principalsOf(r, spec.membership.groups, 'group');
        for (const u of users) for (const g of groups) if (!u.memberOf.includes(g)) u.memberOf.push(g);
        continue;
      }
      const principals = r.type === 'aws_iam_role' ? [this.principals.get(r.address)].filter((p) => p !== undefined) : spec.principals.flatMap((p) => this.principalsOf(r, p.attribute, p.type));
      if (principals.length === 0 || !spec.policyArns) continue;
      this.attachManaged(r, spec.policyArns, principals);
    }
  }

  private attachManaged(r: PlanResource, attribute: string, principals: IamPrincipal[]): void {
    const value = getValue(r.values, attribute);
    const attach = (docs: PolicyDocument[]) => {
      for (const doc of docs) for (const p of principals) if (!doc.attachment.principals.includes(p)) doc.attachment.principals.push(p);
    };
    if (!value) {
      for (const target of this.referenced(r, attribute)) attach(this.managed.get(target.address) ?? []);
      return;
    }
    const items = value.type === 'array' ? value.items.map((node, i) => ({ node, path: [...r.path, 'values', attribute, i] })) : [{ node: value, path: [...r.path, 'values', attribute] }];
    for (const { node, path } of items) {
      const arn = stringValue(node);
      if (arn === undefined) continue;
      const address = this.managedByArn.get(arn);
      if (address) {
        attach(this.managed.get(address) ?? []);
        continue;
      }
      const located: Located = { value: arn, span: { start: node.start, end: node.end }, path };
      for (const p of principals) p.managedPolicyArns.push(located);
    }
  }
}

/** The resource's address in the configuration: without instance keys (`[0]`, `["a"]`), which only the plan has. */
function configAddress(r: PlanResource): string {
  return (r.modulePrefix + r.address.slice(r.modulePrefix.length)).replace(/\[[^\]]*\]/g, '');
}
