/** Every built-in rule, as an explicit map: a rule missing here is a rule that never runs. */
import type { AnyRule } from '../src/engine/rule.js';
import conditionEquivalentToNull from './condition-equivalent-to-null.js';
import duplicateSid from './duplicate-sid.js';
import emptyElement from './empty-element.js';
import invalidPolicyStructure from './invalid-policy-structure.js';
import invalidSid from './invalid-sid.js';
import noInlinePolicy from './no-inline-policy.js';
import noPublicPrincipal from './no-public-principal.js';
import noWildcardAction from './no-wildcard-action.js';
import parseError from './parse-error.js';
import policyVersion from './policy-version.js';
import redundantAction from './redundant-action.js';
import requireMfa from './require-mfa.js';
import unknownAction from './unknown-action.js';
import unknownConditionOperator from './unknown-condition-operator.js';
import resourceMismatch from './resource-mismatch.js';
import noWildcardResource from './no-wildcard-resource.js';
import policySize from './policy-size.js';

export const builtinRules: readonly AnyRule[] = [
  parseError,
  invalidPolicyStructure,
  noWildcardAction,
  resourceMismatch,
  noInlinePolicy,
  noPublicPrincipal,
  requireMfa,
  policyVersion,
  duplicateSid,
  invalidSid,
  emptyElement,
  unknownAction,
  conditionEquivalentToNull,
  unknownConditionOperator,
  redundantAction,
  noWildcardResource,
  policySize,
];
