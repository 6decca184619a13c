import { buildPolicy } from '../../policy/build.js';
import type { Attachment, IamPrincipal, PolicyDocument, PrincipalType } from '../../policy/model.js';
import { alternatives, branchCombinations, listItems, type BranchChoice } from '../../policy/values.js';
import { getEntry, getValue, stringValue, type Node, type ObjectEntry, type Span } from '../../source/node.js';
import type { SourceFile } from '../../source/source-file.js';
import type { PathSegment, PolicyKind } from '../../types.js';
import type { ParseResult, SyntaxProblem } from '../../parsers/parse-result.js';
import { parseEmbeddedJson, parseTemplateJson } from '../embedded.js';
import { joinedPolicy } from './join-policy.js';
import { sdkCallPolicies } from './sdk-call-policy.js';
import { CFN_LAMBDA_PERMISSION, lambdaPermissionPolicy, type PermissionAttribute, type PermissionValue } from '../lambda-permission.js';
import { emptyResult, type LoadResult } from '../load-result.js';
import { openApiPolicyOf } from '../openapi.js';
import { normalizeIntrinsics } from './intrinsic-nodes.js';
import { markDynamicReferences, TemplateScope } from './intrinsics.js';
import { NESTED_POLICY_PROPERTIES, NESTED_STATEMENT_PROPERTIES, POLICY_PROPERTIES, type PolicyProperty } from './policy-properties.js';
import { formatPath } from '../../source/path.js';
import { resourceEntries } from './resources.js';
import { boundaryOnlyPolicies } from './boundary-use.js';
import { globalValue, keepsGlobal, samManagedPolicyArn, type GlobalValue } from './sam.js';

const PRINCIPAL_TYPES: Record<string, PrincipalType> = {
  'AWS::IAM::User': 'user',
  'AWS::IAM::Group': 'group',
  'AWS::IAM::Role': 'role',
  'AWS::SSO::PermissionSet': 'permission-set',
};
const NAME_PROPERTY: Record<PrincipalType, string> = { user: 'UserName', group: 'GroupName', role: 'RoleName', 'permission-set': 'Name' };
/** Where a principal lists the managed policies it gets by ARN. */
const MANAGED_ARNS_PROPERTY: Record<PrincipalType, string> = { user: 'ManagedPolicyArns', group: 'ManagedPolicyArns', role: 'ManagedPolicyArns', 'permission-set': 'ManagedPolicies' };
/** SAM resources whose `Policies` go to a role SAM creates, with the logical id `<LogicalId>Role`. */
const SAM_ROLE_OWNERS = new Set(POLICY_PROPERTIES.filter((p) => p.sam).map((p) => p.type));

/** A CloudFormation template (JSON or YAML, hand-written or synthesized by the CDK) has `Resources`. */
export function isCloudFormation(root: Node): boolean {
  const resources = getValue(root, 'Resources');
  return resources?.type === 'object' || getEntry(root, 'AWSTemplateFormatVersion') !== undefined;
}

/** Finds every policy document in a template, with its kind, name, location and attachments. */
export function loadCloudFormation(rawRoot: Node, file: SourceFile): LoadResult {
  const root = normalizeIntrinsics(rawRoot);
  return new TemplateLoader(root, file).load();
}

/** Keys of the principals map for principals named but not declared: no logical id starts with a NUL. */
const UNDECLARED = '\0undeclared:';

class TemplateLoader {
  private readonly scope: TemplateScope;
  private readonly principals = new Map<string, IamPrincipal>();
  private readonly principalsByName = new Map<string, IamPrincipal>();
  private readonly policies: PolicyDocument[] = [];
  private readonly syntaxErrors: SyntaxProblem[] = [];
  private readonly managedByLogicalId = new Map<string, PolicyDocument>();
  /** By the logical id of the SAM function or state machine. */
  private readonly samRoles = new Map<string, IamPrincipal>();
  /** The template path of each resource a `Fn::ForEach` writes; the others are at `Resources.<id>`. */
  private readonly paths = new Map<ObjectEntry, PathSegment[]>();
  /** `Globals.Function.AssumeRolePolicyDocument`, which SAM merges into each function's. */
  private globalTrust: GlobalValue | undefined;
  /** Managed policies used only as permissions boundaries, by logical id (boundary-use.ts). */
  private boundaries = new Set<string>();
  private readonly dynamicReferences: boolean;
  /** Policies the template holds that never take effect, each with why: the "not read" notices. */
  private readonly unread: string[] = [];

  constructor(
    private readonly root: Node,
    private readonly file: SourceFile,
  ) {
    this.scope = new TemplateScope(root);
    this.dynamicReferences = file.text.includes('{{resolve:');
  }

  load(): LoadResult {
    const resources = getValue(this.root, 'Resources');
    if (resources?.type !== 'object') return emptyResult({ skipped: 'a CloudFormation template without Resources' });
    const entries = resourceEntries(resources, ['Resources'], this.paths);
    this.globalTrust = globalValue(this.root, 'Function', ['AssumeRolePolicyDocument']);
    this.boundaries = boundaryOnlyPolicies(entries, getValue(this.root, 'Globals'));
    for (const entry of entries) this.declarePrincipal(entry);
    this.loadGlobals(entries);
    for (const entry of entries) this.loadResource(entry);
    for (const entry of entries) this.linkPrincipal(entry);
    this.linkUndeclared();
    return { ...emptyResult(), policies: this.policies, principals: [...this.principals.values()], syntaxErrors: this.syntaxErrors, ...(this.unread.length > 0 && { notRead: this.unread }) };
  }

  private declarePrincipal(entry: ObjectEntry): void {
    const resourceType = stringValue(getValue(entry.value, 'Type')) ?? '';
    if (SAM_ROLE_OWNERS.has(resourceType)) return this.declareSamRole(entry);
    const type = PRINCIPAL_TYPES[resourceType];
    if (!type) return;
    const principal: IamPrincipal = { type, name: this.displayName(entry), span: entry.keySpan, policies: [], managedPolicyArns: [], memberOf: [], dialect: 'cloudformation' };
    this.principals.set(entry.key, principal);
    const physical = stringValue(getValue(getValue(entry.value, 'Properties'), NAME_PROPERTY[type]));
    if (physical) this.principalsByName.set(`${type}:${physical}`, principal);
  }

  /**
   * The execution role SAM creates for a function or state machine with `Policies`, named by its
   * logical id `<LogicalId>Role` (which other resources can `!Ref`), unless the template declares that id.
   */
  private declareSamRole(entry: ObjectEntry): void {
    const id = `${entry.key}Role`;
    const props = getValue(entry.value, 'Properties');
    // A function given its own Role gets no role from SAM: its Policies and AssumeRolePolicyDocument are ignored.
    if (setWithoutCondition(props, 'Role') && stringValue(getValue(entry.value, 'Type')) === 'AWS::Serverless::Function') return;
    const trusted = getEntry(props, 'AssumeRolePolicyDocument') !== undefined || this.takesGlobalTrust(entry);
    if (!(getEntry(props, 'Policies') || trusted) || this.scope.hasResource(id)) return;
    const role: IamPrincipal = { type: 'role', name: `${this.displayName(entry)}Role`, span: entry.keySpan, policies: [], managedPolicyArns: [], memberOf: [], dialect: 'cloudformation' };
    this.principals.set(id, role);
    this.samRoles.set(entry.key, role);
  }

  private loadResource(entry: ObjectEntry): void {
    const type = stringValue(getValue(entry.value, 'Type'));
    const props = getValue(entry.value, 'Properties');
    if (!type || props?.type !== 'object') return;
    const base: PathSegment[] = [...this.resourcePath(entry), 'Properties'];
    if (type === CFN_LAMBDA_PERMISSION.type) this.loadPermission(entry, props);
    for (const spec of POLICY_PROPERTIES) {
      if (spec.type !== type) continue;
      if (spec.when && !this.whenHolds(spec, props)) continue;
      if (spec.unless && setWithoutCondition(props, spec.unless)) {
        // Say so, as for Terraform's unread policies.
        if (spec.unlessWhy && getEntry(props, spec.property)) this.notRead(`the ${spec.property} of ${this.displayName(entry)} were not read: ${spec.unlessWhy}`);
        continue;
      }
      const value = getValue(props, spec.property);
      if (!value) continue;
      if (spec.sam) this.loadSamPolicies(entry, spec, value, [...base, spec.property]);
      else if (spec.list) this.loadPolicyList(entry, spec, value, [...base, spec.property]);
      else this.addPolicy(value, [...base, spec.property], this.boundaries.has(entry.key) && spec.type === 'AWS::IAM::ManagedPolicy' ? 'boundary' : spec.kind, entry, this.attachmentFor(entry, spec), '');
    }
    for (const spec of NESTED_POLICY_PROPERTIES) {
      if (spec.type !== type) continue;
      for (const { node, path } of walkPath(props, spec.path, base)) this.addPolicy(node, path, spec.kind, entry, { inline: false, principals: [] }, '');
    }
    for (const spec of NESTED_STATEMENT_PROPERTIES) {
      if (spec.type !== type) continue;
      for (const { node, path, keySpan } of walkPath(props, spec.path, base)) this.addStatements(node, path, keySpan ?? entry.keySpan, spec.kind, entry);
    }
    const openApi = openApiPolicyOf(type, props, base);
    if (openApi) this.addPolicy(openApi.node, openApi.path, 'resource', entry, { inline: false, resource: this.resourceRef(entry), principals: [] }, '');
    // A CDK domain's access policy, set by a custom resource's SDK call (a JSON string holding the policy as a JSON string).
    for (const sdk of sdkCallPolicies(type, props, this.file)) {
      const attachment: Attachment = { inline: false, resource: this.resourceRef(entry), principals: [], declaredAt: { span: entry.keySpan, path: this.resourcePath(entry) } };
      const root = sdk.vars ? withSubstitutions(sdk.root, sdk.vars) : sdk.root;
      const location = formatPath([...base, sdk.property]);
      this.policies.push(buildPolicy(root, { name: this.displayName(entry), location, kind: 'resource', intrinsicPattern: this.scope.pattern, attachment, dialect: 'cloudformation', inString: sdk.inString }));
    }
  }

  private loadPolicyList(entry: ObjectEntry, spec: PolicyProperty, list: Node, path: PathSegment[]): void {
    const owner = this.principals.get(entry.key);
    for (const item of listItems(list, path)) {
      const doc = getValue(item.node, 'PolicyDocument');
      if (!doc) continue;
      const nameEntry = getEntry(item.node, 'PolicyName');
      const policyName = stringValue(nameEntry?.value);
      const anchor = nameEntry?.value ?? item.node;
      const attachment: Attachment = {
        inline: true,
        resource: this.resourceRef(entry),
        principals: owner ? [owner] : [],
        declaredAt: { span: { start: anchor.start, end: anchor.end }, path: nameEntry ? [...item.path, 'PolicyName'] : item.path },
        ...(policyName !== undefined && { policyName }),
      };
      this.addPolicy(doc, [...item.path, 'PolicyDocument'], spec.kind, entry, attachment, policyName ? ` policy "${policyName}"` : '');
    }
  }

  /** The one statement an `AWS::Lambda::Permission` adds to its function's policy, each value where the template writes it. */
  private loadPermission(entry: ObjectEntry, props: Node): void {
    const values: Partial<Record<PermissionAttribute, PermissionValue>> = {};
    for (const name of CFN_LAMBDA_PERMISSION.attributes) {
      const e = getEntry(props, name);
      if (e && !isNoValue(e.value)) values[name] = { value: e.value, keySpan: e.keySpan };
    }
    const resource = { address: this.displayName(entry), span: entry.keySpan, type: CFN_LAMBDA_PERMISSION.type, path: this.resourcePath(entry), partition: '${AWS::Partition}' };
    const policy = lambdaPermissionPolicy(values, resource, this.scope.pattern);
    if (policy) this.policies.push(policy);
  }

  /**
   * SAM `Policies`: each inline document (an object with a `Statement`, or such an object as a JSON
   * string) is an inline policy of the role SAM creates. Managed policy names and ARNs, policy
   * templates (`{S3ReadPolicy: {BucketName: ...}}`) and intrinsics are not documents written here.
   */
  private loadSamPolicies(entry: ObjectEntry, spec: PolicyProperty, value: Node, path: PathSegment[]): void {
    const role = this.samRoles.get(entry.key);
    for (const item of listItems(value, path)) {
      const node = item.node;
      const isDocument = node.type === 'object' ? getEntry(node, 'Statement') !== undefined : node.type === 'string' && (node.value as string).trimStart().startsWith('{');
      if (!isDocument) continue;
      const attachment: Attachment = {
        inline: true,
        resource: this.resourceRef(entry),
        principals: role ? [role] : [],
        declaredAt: { span: { start: node.start, end: node.end }, path: item.path },
      };
      this.addPolicy(node, item.path, spec.kind, entry, attachment, '');
    }
  }

  /**
   * Statements written without their document (SAM's `CustomStatements`: one statement, a list, or
   * an `Fn::If` of them) become the `Statement` of a document that is located at their parent, so
   * each statement and value keeps its place in the template. SAM writes the Version itself.
   */
  private addStatements(value: Node, path: PathSegment[], keySpan: Span, kind: PolicyKind, entry: ObjectEntry, given?: Attachment): void {
    const version: Node = { type: 'string', value: '2012-10-17', start: keySpan.start, end: keySpan.start };
    const root: Node = {
      type: 'object',
      start: value.start,
      end: value.end,
      entries: [
        { key: 'Version', keySpan: { start: keySpan.start, end: keySpan.start }, value: version },
        { key: 'Statement', keySpan, value },
      ],
    };
    const attachment: Attachment = given ?? { inline: false, resource: this.resourceRef(entry), principals: [], declaredAt: { span: entry.keySpan, path: this.resourcePath(entry) } };
    this.addPolicy(root, path.slice(0, -1), kind, entry, attachment, '');
  }

  private attachmentFor(entry: ObjectEntry, spec: PolicyProperty): Attachment {
    const attachment: Attachment = {
      inline: spec.inline === true,
      resource: this.resourceRef(entry),
      principals: [],
      declaredAt: { span: entry.keySpan, path: this.resourcePath(entry) },
    };
    const policyName = stringValue(getValue(getValue(entry.value, 'Properties'), 'PolicyName'));
    if (policyName !== undefined) attachment.policyName = policyName;
    if (spec.type === 'AWS::IAM::Role' || spec.type === 'AWS::SSO::PermissionSet' || SAM_ROLE_OWNERS.has(spec.type)) {
      const self = this.principals.get(entry.key) ?? this.samRoles.get(entry.key);
      if (self) attachment.principals.push(self);
      return attachment;
    }
    const props = getValue(entry.value, 'Properties');
    for (const [type, property] of Object.entries(spec.attachTo ?? {}) as [keyof NonNullable<PolicyProperty['attachTo']>, string][]) {
      const principalType: PrincipalType = type === 'users' ? 'user' : type === 'groups' ? 'group' : 'role';
      const value = getValue(props, property);
      if (!value) continue;
      for (const item of listItems(value, [])) {
        const p = this.principalByReference(item.node, principalType) ?? this.undeclaredPrincipal(item.node, principalType);
        if (p && !attachment.principals.includes(p)) attachment.principals.push(p);
      }
    }
    return attachment;
  }

  /** `!Ref User` or the literal name of a user, group or role declared in this template. */
  private principalByReference(node: Node, type: PrincipalType): IamPrincipal | undefined {
    if (node.type === 'intrinsic' && node.name === 'Ref' && node.argument.type === 'string') {
      const p = this.principals.get(node.argument.value as string);
      return p?.type === type ? p : undefined;
    }
    const name = stringValue(node);
    const p = name ? this.principalsByName.get(`${type}:${name}`) : undefined;
    return p;
  }

  /**
   * A user, group or role the template names without declaring it: a literal name, or a `!Ref` to a
   * parameter. The property says what it is, so its policies are checked as a declared one's; one
   * principal per type and name.
   */
  private undeclaredPrincipal(node: Node, type: PrincipalType): IamPrincipal | undefined {
    const parameter = node.type === 'intrinsic' && node.name === 'Ref' && node.argument.type === 'string' && this.scope.hasParameter(node.argument.value as string) ? (node.argument.value as string) : undefined;
    const name = parameter === undefined ? stringValue(node) : undefined;
    if (!parameter && !name) return undefined;
    const key = `${UNDECLARED}${type}:${parameter === undefined ? `name:${name}` : `parameter:${parameter}`}`;
    let principal = this.principals.get(key);
    if (!principal) {
      const display = parameter === undefined ? `${name} (not declared in this template)` : `${parameter} (a template parameter)`;
      principal = { type, name: display, span: { start: node.start, end: node.end }, policies: [], managedPolicyArns: [], memberOf: [], dialect: 'cloudformation' };
      this.principals.set(key, principal);
    }
    return principal;
  }

  /** The policies of the principals the template names without declaring them, once every policy is known. */
  private linkUndeclared(): void {
    const undeclared = new Set([...this.principals].filter(([key]) => key.startsWith(UNDECLARED)).map(([, p]) => p));
    if (undeclared.size === 0) return;
    // Each policy once, and an attachment lists a principal once: no policy is added twice.
    for (const p of this.policies) for (const principal of p.attachment.principals) if (undeclared.has(principal)) principal.policies.push(p);
  }

  /** Managed policies by reference and group membership, once every policy is known. */
  private linkPrincipal(entry: ObjectEntry): void {
    const samRole = this.samRoles.get(entry.key);
    const principal = this.principals.get(entry.key) ?? samRole;
    if (!principal) return;
    const props = getValue(entry.value, 'Properties');
    const arnsProperty = MANAGED_ARNS_PROPERTY[principal.type];
    const arns = getValue(props, arnsProperty);
    if (arns) {
      for (const item of listItems(arns, [...this.resourcePath(entry), 'Properties', arnsProperty])) {
        const node = item.node;
        this.attachManaged(principal, node, item.path, node.type === 'intrinsic' ? this.scope.pattern(node) : stringValue(node));
      }
    }
    // SAM makes its role's ManagedPolicyArns of the names, ARNs and intrinsics in Policies.
    const samPolicies = samRole && getValue(props, 'Policies');
    if (samRole && samPolicies) {
      for (const item of listItems(samPolicies, [...this.resourcePath(entry), 'Properties', 'Policies'])) {
        this.attachManaged(samRole, item.node, item.path, samManagedPolicyArn(item.node, this.scope.pattern));
      }
    }
    if (principal.type === 'user') {
      const groups = getValue(props, 'Groups');
      for (const item of groups ? listItems(groups, []) : []) {
        const g = this.principalByReference(item.node, 'group');
        if (g && !principal.memberOf.includes(g)) principal.memberOf.push(g);
      }
    }
    for (const p of this.policies) if (p.attachment.principals.includes(principal) && !principal.policies.includes(p)) principal.policies.push(p);
  }

  /** A managed policy attached by ARN, or by `!Ref` to an `AWS::IAM::ManagedPolicy` of this template. */
  private attachManaged(principal: IamPrincipal, node: Node, path: PathSegment[], text: string | undefined): void {
    if (node.type === 'intrinsic' && node.name === 'Ref' && node.argument.type === 'string') {
      const managed = this.managedByLogicalId.get(node.argument.value as string);
      if (managed) {
        if (!managed.attachment.principals.includes(principal)) managed.attachment.principals.push(principal);
        return;
      }
    }
    if (text) principal.managedPolicyArns.push({ value: text, span: { start: node.start, end: node.end }, path });
  }

  /**
   * SAM's `Globals` merge a trust policy into every function and resource policy statements into
   * every API: each is linted once, where Globals writes it, and the trust policy is attached to the
   * role of each function that keeps it.
   */
  private loadGlobals(entries: ObjectEntry[]): void {
    const trust = this.globalTrust;
    if (trust) {
      const roles = entries.flatMap((e) => {
        const role = this.samRoles.get(e.key);
        return role && this.takesGlobalTrust(e) ? [role] : [];
      });
      const path: PathSegment[] = ['Globals', 'Function', ...trust.property];
      const attachment: Attachment = { inline: false, resource: globalsResource(trust, 'AWS::Serverless::Function'), principals: roles, declaredAt: { span: trust.section.keySpan, path: ['Globals', 'Function'] } };
      this.addPolicy(trust.value, path, 'trust', globalsEntry(trust), attachment, '');
    }
    const statements = globalValue(this.root, 'Api', ['Auth', 'ResourcePolicy', 'CustomStatements']);
    if (statements) {
      const attachment: Attachment = { inline: false, resource: globalsResource(statements, 'AWS::Serverless::Api'), principals: [], declaredAt: { span: statements.section.keySpan, path: ['Globals', 'Api'] } };
      this.addStatements(statements.value, ['Globals', 'Api', ...statements.property], statements.keySpan, 'resource', globalsEntry(statements), attachment);
    }
  }

  /** SAM makes no role for a function given its `Role`, so there is none to merge the global trust policy into. */
  private takesGlobalTrust(entry: ObjectEntry): boolean {
    if (!this.globalTrust || stringValue(getValue(entry.value, 'Type')) !== 'AWS::Serverless::Function') return false;
    return !setWithoutCondition(getValue(entry.value, 'Properties'), 'Role') && keepsGlobal(entry, this.globalTrust);
  }

  private notRead(note: string): void {
    if (!this.unread.includes(note)) this.unread.push(note);
  }

  private addPolicy(value: Node, path: PathSegment[], kind: PolicyKind, entry: ObjectEntry, attachment: Attachment, suffix: string): void {
    for (const alt of alternatives(value, path)) {
      let node: Node | undefined = alt.node;
      const inString = node.type === 'string' ? 'string' : node.type === 'intrinsic' && (node.name === 'Fn::Sub' || node.name === 'Fn::Join') ? node.name : undefined;
      if (node.type === 'string') {
        const parsed = parseEmbeddedJson(node.value as string, node, this.file);
        const inString = formatPath(alt.path);
        this.syntaxErrors.push(...parsed.errors.map((e) => ({ ...e, inString })));
        node = parsed.root;
      } else if (node.type === 'intrinsic' && node.name === 'Fn::Sub') {
        node = this.subPolicy(node, formatPath(alt.path));
      } else if (node.type === 'intrinsic' && node.name === 'Fn::Join') {
        const joined = joinedPolicy(node, this.file);
        node = joined && withSubstitutions(joined.root, joined.vars);
      } else if (node.type === 'intrinsic' && node.name === 'Fn::ToJsonString') {
        // LanguageExtensions: the object written out as the JSON string a string property takes.
        node = node.argument;
      }
      if (!node) continue;
      if (node.type === 'intrinsic') {
        // A policy CloudFormation gets from elsewhere (a parameter, an export, an AWS::Include): say so.
        this.notRead(`the policy of ${formatPath(alt.path)} was not read: it is ${intrinsicLabel(node.name)} that only CloudFormation resolves`);
        continue;
      }
      // A JSON string holding text or a number is a parse error already; a list or a number written
      // as the document is built, so invalid-policy-structure says it must be an object.
      if (node.type === 'string' && inString === 'string') continue;
      if (this.dynamicReferences) node = markDynamicReferences(node);
      for (const branches of node.type === 'object' ? branchCombinations(node) : [undefined]) {
        const policy = buildPolicy(node, {
          name: this.displayName(entry) + suffix,
          location: formatPath(alt.path),
          kind,
          intrinsicPattern: this.scope.pattern,
          attachment,
          dialect: 'cloudformation',
          ...(inString && { inString }),
          ...(branches && { branches }),
        });
        this.policies.push(policy);
        for (const p of attachment.principals) if (!p.policies.includes(policy)) p.policies.push(policy);
        if (stringValue(getValue(entry.value, 'Type')) === 'AWS::IAM::ManagedPolicy') this.managedByLogicalId.set(entry.key, policy);
      }
    }
  }

  /**
   * `!Sub '{"Version": ...}'`, a policy written as a JSON string with `${...}` variables: the JSON
   * is parsed like any policy string, and each string in it holding a variable stays an `Fn::Sub`
   * so it becomes a pattern. The JSON is only valid once substituted when a variable stands
   * outside quotes (`"aws:SourceAccount": ${AWS::AccountId}`): the variable is then read as a
   * placeholder value, or as condition members known at deploy time (parseTemplateJson). A policy
   * that still is not JSON is passed over, not reported as a syntax error.
   */
  private subPolicy(node: Node & { type: 'intrinsic' }, inString: string): Node | undefined {
    const arg = node.argument;
    const [template, vars] = arg.type === 'array' ? arg.items : [arg];
    if (template?.type !== 'string') return undefined;
    let parsed: ParseResult | undefined = parseEmbeddedJson(template.value as string, template, this.file);
    // JSON but for a comment or a trailing comma: no template makes that strict JSON, and IAM rejects it.
    if (parsed.errors.some((e) => e.strictJson)) {
      this.syntaxErrors.push(...parsed.errors.map((e) => ({ ...e, inString })));
      return undefined;
    }
    if (!parsed.root || parsed.errors.length > 0) parsed = parseTemplateJson(template.value as string, template, this.file);
    if (!parsed?.root) return undefined;
    return withSubstitutions(parsed.root, vars);
  }

  /**
   * Whether the property a policy's kind depends on has the value the spec asks for. An
   * Organizations policy whose Type is a parameter is told from its content: an RCP names a
   * Principal, an SCP never does.
   */
  private whenHolds(spec: PolicyProperty, props: Node): boolean {
    const when = spec.when as NonNullable<PolicyProperty['when']>;
    const value = getValue(props, when.property);
    if (value?.type !== 'intrinsic' || spec.type !== 'AWS::Organizations::Policy') return stringValue(value) === when.equals;
    // A tag or backup policy has no Statement: not an IAM policy, whatever the parameter says.
    const statements = getValue(getValue(props, spec.property), 'Statement');
    if (!statements) return false;
    const items = statements.type === 'array' ? statements.items : [statements];
    const namesPrincipal = items.some((st) => getEntry(st, 'Principal') !== undefined || getEntry(st, 'NotPrincipal') !== undefined);
    return spec.kind === (namesPrincipal ? 'rcp' : 'scp');
  }

  private resourcePath(entry: ObjectEntry): PathSegment[] {
    return this.paths.get(entry) ?? ['Resources', entry.key];
  }

  private displayName(entry: ObjectEntry): string {
    return stringValue(getValue(getValue(entry.value, 'Metadata'), 'aws:cdk:path')) ?? entry.key;
  }

  private resourceRef(entry: ObjectEntry): Attachment['resource'] {
    return { name: this.displayName(entry), type: stringValue(getValue(entry.value, 'Type')) ?? '', span: entry.keySpan };
  }
}

/** Strings of a parsed `Fn::Sub` template that hold `${...}` become `Fn::Sub` nodes over their own text. */
function withSubstitutions(node: Node, vars: Node | undefined): Node {
  if (node.type === 'string' && (node.value as string).includes('${')) {
    const argument: Node = vars ? { type: 'array', start: node.start, end: node.end, items: [node, vars] } : node;
    return { type: 'intrinsic', name: 'Fn::Sub', start: node.start, end: node.end, argument };
  }
  if (node.type === 'object') for (const e of node.entries) e.value = withSubstitutions(e.value, vars);
  else if (node.type === 'array') node.items = node.items.map((i) => withSubstitutions(i, vars));
  return node;
}

/** A Globals section stands as the resource its policy is given for, named `Globals.<Section>` in messages. */
function globalsEntry(global: GlobalValue): ObjectEntry {
  return { key: `Globals.${global.section.key}`, keySpan: global.section.keySpan, value: global.section.value };
}

function globalsResource(global: GlobalValue, type: string): Attachment['resource'] {
  return { name: `Globals.${global.section.key}`, type, span: global.section.keySpan };
}

function isNoValue(node: Node): boolean {
  return node.type === 'intrinsic' && node.name === 'Ref' && stringValue(node.argument) === 'AWS::NoValue';
}

/** Each node at `path`, with the span of the key it is written under (none for a list item). */
function* walkPath(node: Node | undefined, path: string[], at: PathSegment[], keySpan?: Span): Generator<{ node: Node; path: PathSegment[]; keySpan?: Span }> {
  if (!node) return;
  const [head, ...rest] = path;
  if (head === undefined) {
    yield { node, path: at, ...(keySpan && { keySpan }) };
    return;
  }
  if (head === '*') {
    for (const item of listItems(node, at)) yield* walkPath(item.node, rest, item.path);
    return;
  }
  if (head.startsWith('<')) {
    if (node.type === 'object') for (const e of node.entries) yield* walkPath(e.value, rest, [...at, e.key], e.keySpan);
    return;
  }
  const entry = getEntry(node, head);
  yield* walkPath(entry?.value, rest, [...at, head], entry?.keySpan);
}

/**
 * Whether a property is given whatever the template's conditions: a `Role: !If [HasRole, ..., !Ref
 * AWS::NoValue]` may be absent, and then SAM creates the role (with the condition) as usual; an
 * `Fn::If` between two roles is always given.
 */
function setWithoutCondition(props: Node | undefined, property: string): boolean {
  const value = getValue(props, property);
  return value !== undefined && !mayBeNoValue(value);
}

function mayBeNoValue(node: Node): boolean {
  if (isNoValue(node)) return true;
  return node.type === 'intrinsic' && node.name === 'Fn::If' && node.argument.type === 'array' && node.argument.items.slice(1).some(mayBeNoValue);
}

/** `a Ref`, `an Fn::ImportValue`, `an Fn::Transform (AWS::Include)`: the intrinsic a policy is given by. */
function intrinsicLabel(name: string): string {
  const label = name === 'Fn::Transform' ? 'Fn::Transform (AWS::Include)' : name;
  return `${/^[AEFIOU]/.test(label) ? 'an' : 'a'} ${label}`;
}
