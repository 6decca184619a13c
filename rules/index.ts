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
import invalidArn from './invalid-arn.js';
import conditionTypeMismatch from './condition-type-mismatch.js';
import conditionMissingSetQualifier from './condition-missing-set-qualifier.js';
import redundantResource from './redundant-resource.js';
import conditionKeyMismatch from './condition-key-mismatch.js';
import unknownConditionKey from './unknown-condition-key.js';
import invalidPrincipal from './invalid-principal.js';
import noPrivilegeEscalation from './no-privilege-escalation.js';
import noAllowNotAction from './no-allow-not-action.js';
import noAllowNotResource from './no-allow-not-resource.js';
import noAllowNotPrincipal from './no-allow-not-principal.js';
import noTrustWildcardAction from './no-trust-wildcard-action.js';
import noUserAttachedPolicy from './no-user-attached-policy.js';
import noAdminManagedPolicy from './no-admin-managed-policy.js';
import noPassroleWildcard from './no-passrole-wildcard.js';
import noServiceLinkedRoleWildcard from './no-service-linked-role-wildcard.js';
import noCredentialsExposure from './no-credentials-exposure.js';
import noDataExfiltration from './no-data-exfiltration.js';
import noUnconstrainedPermissionsManagement from './no-unconstrained-permissions-management.js';
import noUnconstrainedWrite from './no-unconstrained-write.js';
import oidcTrustMissingSubject from './oidc-trust-missing-subject.js';
import crossAccountTrust from './cross-account-trust.js';
import servicePrincipalWithoutSource from './service-principal-without-source.js';
import mfaConditionPattern from './mfa-condition-pattern.js';
import forallvaluesSingleValuedKey from './forallvalues-single-valued-key.js';
import forallvaluesAllowWithoutNullGuard from './forallvalues-allow-without-null-guard.js';

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
  invalidArn,
  conditionTypeMismatch,
  conditionMissingSetQualifier,
  redundantResource,
  unknownConditionKey,
  conditionKeyMismatch,
  invalidPrincipal,
  noPrivilegeEscalation,
  noAllowNotAction,
  noAllowNotResource,
  noAllowNotPrincipal,
  noTrustWildcardAction,
  noUserAttachedPolicy,
  noAdminManagedPolicy,
  noPassroleWildcard,
  noServiceLinkedRoleWildcard,
  noCredentialsExposure,
  noDataExfiltration,
  noUnconstrainedPermissionsManagement,
  noUnconstrainedWrite,
  oidcTrustMissingSubject,
  crossAccountTrust,
  servicePrincipalWithoutSource,
  mfaConditionPattern,
  forallvaluesSingleValuedKey,
  forallvaluesAllowWithoutNullGuard,
];
