import type { IamPrincipal, Located, PolicyDocument } from '../policy/model.js';
import type { SourceFile } from '../source/source-file.js';
import type { Node, Span } from '../source/node.js';
import type { PathSegment, PolicyKind, Severity } from '../types.js';

export type MessageData = Record<string, string | number>;

export interface RuleMeta<MessageIds extends string> {
  /** Final, kebab-case id from RULES.md. */
  id: string;
  /** Default severity; config and the CLI can change it. */
  severity: Severity;
  /** One line for `iamlint rules` and the README table. */
  description: string;
  /** Kinds of policy the rule reads; `policy` visitors are called only for these. */
  kinds: readonly PolicyKind[];
  /** Message templates keyed by messageId; `{{name}}` is replaced from the report's data. */
  messages: Record<MessageIds, string>;
  /** Off unless configured (e.g. `no-unconstrained-write`). */
  offByDefault?: boolean;
  /** Link or path to the rule's doc. */
  docs?: string;
  /** Options the rule accepts and their types; config with any other option is rejected. */
  options?: Record<string, OptionType>;
  /** The rule offers safe fixes that `--fix` applies. */
  fixable?: boolean;
  /** The rule offers fixes that change what a policy allows, applied only by `--fix-suggestions <id>`. */
  suggestsFixes?: boolean;
  /**
   * Its messages say what a statement allows. A permissions boundary allows nothing itself: in one,
   * the engine adds that the boundary leaves the access uncapped for the identities it bounds.
   */
  speaksOfGrants?: boolean;
}

export type OptionType = 'string' | 'number' | 'boolean' | 'string[]';

/** Where a finding points: anything with a source span and a path inside its document. */
export interface Target {
  span: Span;
  path: PathSegment[];
}

export interface Report<MessageIds extends string> {
  messageId: MessageIds;
  data?: MessageData;
  at: Target;
  /** Least-privilege advice, from a message template. */
  suggestion?: { messageId: MessageIds; data?: MessageData };
  /** A severity for this finding when it differs from the rule's default (config still wins). */
  severity?: Severity;
  /** The policy the finding is about, when the visitor is not a policy visitor. */
  policy?: PolicyDocument;
  /** A safe fix; the engine drops it when it cannot make the edit without guessing. */
  fix?: FixRequest;
  /**
   * A fix that changes what the policy allows (adding a resource): never applied by `--fix`, only
   * by `--fix-suggestions <rule-id>`.
   */
  suggestedFix?: FixRequest;
}

/** Fixes are requests, not edits: the engine knows the syntax and makes the edit. */
export type FixRequest =
  /** Delete this entry from the list (an element's value node, e.g. a statement's `Action`). */
  | { removeListItem: { list: Node; item: Located } }
  /** Add `key: value` (a string) as the first entry of this object. */
  | { insertFirstKey: { object: Node; key: string; value: string } }
  /** Replace this string value with another, in the same quoting. */
  | { replaceValue: { item: Located; value: string } }
  /**
   * Add a string entry right after `after`: in `list` when the element is a list, else the
   * element's single value (`after` itself) becomes a list of both.
   */
  | { addListItem: { list: Node; after: Located; value: string } };

export interface RuleContext<Options, MessageIds extends string> {
  readonly options: Options;
  readonly file: SourceFile;
  report(report: Report<MessageIds>): void;
}

export interface RuleVisitor {
  /** Called once per policy document of one of the rule's kinds. */
  policy?(policy: PolicyDocument): void;
  /** Called once per IAM user, group or role that IaC declares. */
  principal?(principal: IamPrincipal): void;
}

export interface Rule<Options = unknown, MessageIds extends string = string> {
  meta: RuleMeta<MessageIds>;
  defaultOptions: Options;
  create(context: RuleContext<Options, MessageIds>): RuleVisitor;
}

/**
 * Declares a rule, built-in or from a plugin. Typing the messages makes a misspelt messageId a
 * compile error.
 */
export function defineRule<Options extends object = Record<string, never>, MessageIds extends string = string>(rule: {
  meta: RuleMeta<MessageIds>;
  defaultOptions?: Options;
  create(context: RuleContext<Options, MessageIds>): RuleVisitor;
}): Rule<Options, MessageIds> {
  return { ...rule, defaultOptions: rule.defaultOptions ?? ({} as Options) };
}

export type AnyRule = Rule<any, string>;
