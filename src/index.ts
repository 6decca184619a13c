/** iamlint's public API: lint files, define rules, and the types plugin authors need. */
export { lint, type LintOptions, type LintOutcome } from './api.js';
export { writeBaseline, type Baseline, type BaselineEntry } from './baseline/baseline.js';
export { defineRule, type Rule, type RuleContext, type RuleMeta, type RuleVisitor, type Report, type Target } from './engine/rule.js';
export type { PolicyDocument, Statement, Located, ValueList, PrincipalBlock, ConditionBlock, IamPrincipal } from './policy/model.js';
export type { Finding, FileResult, PolicyKind, Severity } from './types.js';
export { expandAction, findAction, parseAction, type ActionInfo } from './iam/actions.js';
export { builtinRules } from '../rules/index.js';
