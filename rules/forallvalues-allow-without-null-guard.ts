/**
 * forallvalues-allow-without-null-guard: ForAllValues: is true when the request carries no value
 * for the key (every one of no values matches), so an Allow that means "only these tags" also
 * allows requests with no tags at all, unless a Null condition requires the key.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html#reference_policies_condition-multi-valued-context-keys
 */
import { defineRule } from '../src/engine/rule.js';
import { grantedActions } from '../src/policy/granted.js';
import type { ActionInfo } from '../src/iam/actions.js';
import { actionSupportsKey, providerClaim, singleValuedType } from '../src/iam/condition-keys.js';
import { knownOperators } from '../src/policy/conditions.js';
import type { Statement } from '../src/policy/model.js';
import { isAllow, listSome, statementLabel } from '../src/policy/queries.js';
import { POLICY_KINDS } from '../src/types.js';

/**
 * Actions whose request always carries the key, so ForAllValues: cannot pass on its absence: adding
 * tags needs at least one tag, kms:CreateGrant needs its Operations, and DynamoDB's item calls and
 * Query name the partition key. Untag* and RemoveTags* calls take the keys to remove as a required
 * parameter, and without keys remove nothing. ec2:DeleteTags is not here: without tags it removes
 * all of them; nor is Scan or PartiQLSelect, which can read a whole table without naming a key.
 */
const DYNAMODB_KEYED = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem', 'BatchGetItem', 'BatchWriteItem', 'Query']);
const ALWAYS_CARRIED: Record<string, (service: string, name: string) => boolean> = {
  'aws:tagkeys': (_s, name) => /^(Tag[A-Z]|AddTags|CreateTags|Untag[A-Z]|RemoveTags)/.test(name),
  'kms:grantoperations': (s, name) => s === 'kms' && name === 'CreateGrant',
  'dynamodb:leadingkeys': (s, name) => s === 'dynamodb' && DYNAMODB_KEYED.has(name),
  // A change batch holds at least one change, each with its type, action and name.
  'route53:changeresourcerecordsetsrecordtypes': (s, name) => s === 'route53' && name === 'ChangeResourceRecordSets',
  'route53:changeresourcerecordsetsactions': (s, name) => s === 'route53' && name === 'ChangeResourceRecordSets',
  'route53:changeresourcerecordsetsnormalizedrecordnames': (s, name) => s === 'route53' && name === 'ChangeResourceRecordSets',
};

/**
 * Keys whose absence asks for nothing the statement would otherwise limit: a session with no
 * transitive tag keys passes no tags on, and the IAM guide's session-tag examples make them optional
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html). A Null guard there would
 * deny every tagged session that sets none.
 */
const ABSENCE_ASKS_NOTHING = new Set(['sts:transitivetagkeys']);

export default defineRule({
  meta: {
    id: 'forallvalues-allow-without-null-guard',
    severity: 'warning',
    description: 'An Allow with ForAllValues: on a key that no Null condition requires, so requests without the key pass',
    kinds: POLICY_KINDS,
    messages: {
      noGuard: 'Statement {{statement}} allows with {{operator}} "{{key}}", which is also true when the request has no {{key}}; nothing requires the key to be present',
      addNull: 'Add "Null": {"{{key}}": "false"} to the statement\'s Condition',
      addNullSplit: 'Add "Null": {"{{key}}": "false"} to the statement\'s Condition, and move {{actions}} to a statement of their own: their requests never hold the key, so the Null test would deny them',
      addNullSplitOne: 'Add "Null": {"{{key}}": "false"} to the statement\'s Condition, and move {{actions}} to a statement of its own: its requests never hold the key, so the Null test would deny it',
    },
  },
  create(context) {
    function check(statement: Statement): void {
      // Without a Condition there is no ForAllValues: to check.
      if (!isAllow(statement) || !statement.condition || statement.condition.operators.length === 0) return;
      const guarded = presentKeys(statement);
      const seen = new Set<string>();
      for (const { op, operator, parts } of knownOperators(statement)) {
        // IfExists says outright that absence passes: the author chose it.
        if (parts.qualifier !== 'ForAllValues' || parts.base === 'Null' || parts.ifExists) continue;
        for (const entry of op.keys) {
          const key = entry.key.value;
          const lower = key.toLowerCase();
          if (entry.key.intrinsic || key.includes('${') || guarded.has(lower) || seen.has(lower) || ABSENCE_ASKS_NOTHING.has(lower) || alwaysCarried(statement, lower)) continue;
          // A single-valued key under ForAllValues: is forallvalues-single-valued-key's finding, with its own fix.
          if (singleValuedType(key)) continue;
          seen.add(lower);
          const never = neverCarried(statement, lower);
          context.report({
            messageId: 'noGuard',
            data: { statement: statementLabel(statement), operator, key },
            at: entry.key,
            suggestion: never.length > 0 ? { messageId: never.length === 1 ? 'addNullSplitOne' : 'addNullSplit', data: { key, actions: listSome(never.map((a) => a.id), 4) } } : { messageId: 'addNull', data: { key } },
          });
        }
      }
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) check(statement);
      },
    };
  },
});

/**
 * Keys the statement requires to be present: `"Null": {KEY: "false"}`, or a ForAnyValue: test
 * without IfExists, which is false when the key is absent.
 */
function presentKeys(statement: Statement): Set<string> {
  const out = new Set<string>();
  for (const { op, parts } of knownOperators(statement)) {
    for (const entry of op.keys) {
      const lower = entry.key.value.toLowerCase();
      if (parts.base === 'Null' && !parts.qualifier && entry.values.length > 0 && entry.values.every((v) => v.value.toLowerCase() === 'false')) out.add(lower);
      if (parts.qualifier === 'ForAnyValue' && !parts.ifExists) out.add(lower);
      // A request tag that must be present (or have a value) means aws:TagKeys has that key.
      if (lower.startsWith('aws:requesttag/') && !parts.qualifier && !parts.ifExists && (parts.base === 'Null' ? entry.values.every((v) => v.value.toLowerCase() === 'false') : !parts.negated)) {
        out.add('aws:tagkeys');
      }
    }
  }
  return out;
}

/**
 * Every action the statement grants carries the key on every request, or is a List action that
 * never carries it: the condition does not apply to listing (cert-manager lists a zone's records
 * beside the record types it may change), and listing reveals names, not data.
 */
function alwaysCarried(statement: Statement, lowerKey: string): boolean {
  const test = ALWAYS_CARRIED[lowerKey];
  if (!test) return false;
  const granted = grantedActions(statement);
  if (granted.actions.length === 0 || granted.opaque.length > 0) return false;
  let carried = false;
  for (const a of granted.actions) {
    if (test(a.service, a.name)) carried = true;
    else if (a.accessLevel !== 'List' || actionSupportsKey(a, lowerKey)) return false;
  }
  return carried;
}

/**
 * The granted actions whose requests never hold the key (the IAM data lists it for none of them).
 * A provider's claims come with its token, so AssumeRoleWithWebIdentity and the session actions
 * authorized inside it may hold any of them, listed or not.
 */
function neverCarried(statement: Statement, lowerKey: string): ActionInfo[] {
  const claim = providerClaim(lowerKey) !== undefined;
  return grantedActions(statement).actions.filter((a) => !actionSupportsKey(a, lowerKey) && !(claim && a.service === 'sts' && WEB_IDENTITY_CONTEXT.has(a.name.toLowerCase())));
}

const WEB_IDENTITY_CONTEXT = new Set(['assumerolewithwebidentity', 'tagsession', 'setsourceidentity', 'setcontext']);
