import type { Node, Span } from '../source/node.js';
import type { PathSegment, PolicyKind } from '../types.js';

/**
 * A value from the policy with the place it came from. `value` is the text a rule reasons about;
 * for a CloudFormation intrinsic it is a pattern in which `${...}` stands for the unknown part.
 */
export interface Located<T = string> {
  value: T;
  span: Span;
  path: PathSegment[];
  /** Set when the value came from an intrinsic function (`Fn::Sub`, `Ref`, ...), e.g. `Fn::GetAtt`. */
  intrinsic?: string;
  /**
   * The value is written elsewhere (a Terraform local) and the span is where it is named
   * (`local.arns`): the text there does not change with the value, so a fingerprint hashes the value.
   */
  writtenElsewhere?: true;
}

/** An element such as `Action` whose value may be one string or a list; both become `values`. */
export interface ValueList {
  key: Located<string>;
  node: Node;
  path: PathSegment[];
  values: Located[];
}

export interface PrincipalEntry {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or whatever the user wrote. */
  type: Located<string>;
  values: Located[];
}

export interface PrincipalBlock {
  key: Located<string>;
  node: Node;
  path: PathSegment[];
  /** `"Principal": "*"` */
  wildcard?: Located;
  entries: PrincipalEntry[];
}

export interface ConditionKeyEntry {
  key: Located<string>;
  values: Located[];
}

export interface ConditionOperatorEntry {
  operator: Located<string>;
  keys: ConditionKeyEntry[];
}

export interface ConditionBlock {
  key: Located<string>;
  node: Node;
  path: PathSegment[];
  operators: ConditionOperatorEntry[];
  /**
   * Some of it is only known at deploy time: the block, or an operator's keys, come from an intrinsic
   * (the CDK writes `"StringEquals": {"Fn::GetAtt": [<CfnJson>, "Value"]}` for EKS service accounts).
   */
  opaque?: true;
}

export interface Statement {
  /** Position in the `Statement` list (0 when `Statement` is a single object). */
  index: number;
  node: Node;
  path: PathSegment[];
  sid?: Located;
  effect?: Located;
  action?: ValueList;
  notAction?: ValueList;
  resource?: ValueList;
  notResource?: ValueList;
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  condition?: ConditionBlock;
  /** Keys of the statement object in order, for structure checks. */
  keys: Located<string>[];
  /** May not exist at deploy time: a Terraform `dynamic "statement"` block renders it zero or more times. */
  conditional?: true;
}

/** Something the model could not fit into the IAM grammar; `invalid-policy-structure` reports these. */
export interface StructureProblem {
  messageId: 'wrongType' | 'unknownElement' | 'notAnObject' | 'duplicateElement';
  data: Record<string, string>;
  span: Span;
  path: PathSegment[];
}

/**
 * The infrastructure-as-code language a policy or principal was written in, so suggestions name
 * what its author can write: `${AWS::AccountId}` and `AWS::IAM::ManagedPolicy` in a template,
 * `data.aws_caller_identity` and `aws_iam_policy` in Terraform.
 */
export type IacDialect = 'cloudformation' | 'terraform';

export interface PolicyDocument {
  kind: PolicyKind;
  /** Whether the kind was read from context (IaC, `--policy-type`) rather than guessed. */
  kindKnown: boolean;
  name: string;
  /** Place of the document in its file, e.g. `Resources.Role.Properties.Policies[0].PolicyDocument`. */
  location: string;
  node: Node;
  version?: Located;
  id?: Located;
  statementKey?: Located<string>;
  statements: Statement[];
  topKeys: Located<string>[];
  problems: StructureProblem[];
  /** Where the policy is attached, when the IaC says. */
  attachment: Attachment;
  /** Set by the loader that read it; undefined for a bare policy file and an account snapshot. */
  dialect: IacDialect | undefined;
  /** A template's policy written as a JSON string (`Fn::Sub` when a Sub's template, `Fn::Join` when joined from pieces), not as an object. */
  inString?: 'string' | 'Fn::Sub' | 'Fn::Join';
}

/**
 * An IAM Identity Center permission set is not an IAM principal, but it is where people get their
 * permissions: its managed and inline policies go to the role it makes in each assigned account.
 */
export type PrincipalType = 'user' | 'group' | 'role' | 'permission-set';

/** An IAM user, group or role (or an Identity Center permission set) declared in IaC, with the policies that apply to it. */
export interface IamPrincipal {
  type: PrincipalType;
  /** CDK construct path, logical id, Terraform address, or ARN: what a reader recognises. */
  name: string;
  span: Span;
  policies: PolicyDocument[];
  /** Managed policies attached by ARN (`ManagedPolicyArns`), which may be AWS managed. */
  managedPolicyArns: Located[];
  /** For a user: the groups it belongs to. */
  memberOf: IamPrincipal[];
  /** For a group, where the input lists every user in it (an account snapshot): those users. */
  members?: IamPrincipal[];
  /** For a group in a template or plan: the users this file puts in it (others may be added elsewhere). */
  seenMembers?: IamPrincipal[];
  /** Set by the loader that read it; undefined in an account snapshot. */
  dialect: IacDialect | undefined;
}

export interface Attachment {
  /** Inline policy of a user, group or role (not a managed, reusable one). */
  inline: boolean;
  /** The CloudFormation resource or Terraform address holding the policy; `name` is its CDK construct path when there is one. */
  resource?: {
    name: string;
    type: string;
    span: Span;
    /** The Terraform resource type when `type` is its CloudFormation twin (.tf files), so suggestions name Terraform resources. */
    terraformType?: string;
  };
  principals: IamPrincipal[];
  /** The element that declares the policy (an inline policy's `PolicyName`, a resource's logical id), as a path in the file. */
  declaredAt?: { span: Span; path: PathSegment[] };
  /** The policy's own name, e.g. an inline policy's `PolicyName`. */
  policyName?: string;
  /** The account the policy belongs to, when the input says (the role ARN in an account snapshot). */
  account?: string;
}

export function effectOf(statement: Statement): 'Allow' | 'Deny' | undefined {
  const v = statement.effect?.value;
  return v === 'Allow' || v === 'Deny' ? v : undefined;
}
