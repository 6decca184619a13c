/**
 * no-allow-not-resource: an Allow with NotResource grants its actions on every resource except
 * the listed ones, in every account and on every resource created later.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
 */
import { defineRule, type MessageData } from '../src/engine/rule.js';
import { expandAction, type ActionInfo } from '../src/iam/actions.js';
import { literalService, parseArn } from '../src/iam/arn.js';
import { policyPattern, patternsOverlap } from '../src/iam/arn-pattern.js';
import { prefixesForArnService } from '../src/iam/data.js';
import { actionResourceTypes } from '../src/iam/resources.js';
import { grantedActions } from '../src/policy/granted.js';
import type { Statement } from '../src/policy/model.js';
import { isAllow, isUnsetHalf, listSome, statementLabel } from '../src/policy/queries.js';

export default defineRule({
  meta: {
    id: 'no-allow-not-resource',
    severity: 'warning',
    description: 'Allow statements with NotResource, which grant their actions on every resource not listed',
    kinds: ['identity', 'boundary', 'resource'],
    speaksOfGrants: true,
    messages: {
      grants: 'Statement {{statement}} allows {{actions}} on every resource except {{excluded}}',
      listResources: 'It grants them on everything but {{excluded}}; list the resources needed instead: "Resource": [{{formats}}]{{wildcardOnly}}',
      listResourcesMore: 'It grants them on everything but {{excluded}}; list the resources needed instead: "Resource": [{{formats}}] and the formats of {{more}} they accept{{wildcardOnly}}',
      listUnknown: 'Replace NotResource with a Resource list of what the actions need; as written they apply to everything but {{excluded}}',
      wildcardOnly: 'Its actions ({{actions}}) accept only "*" as resource, so NotResource excludes nothing: write "Resource": "*" and move any other action to its own statement',
    },
  },
  create(context) {
    function check(statement: Statement): void {
      const notResource = statement.notResource;
      if (!notResource || !isAllow(statement) || onlyWildcardOnly(statement)) return;
      if (isUnsetHalf(statement.resource, notResource)) return;
      const excludedValues = notResource.values.map((v) => v.value);
      const excluded = listSome(excludedValues.map((v) => `"${v}"`), 3);
      const actions = actionsOf(statement);
      const actionText = statement.notAction && !isUnsetHalf(statement.action, statement.notAction)
        ? `every action except ${listSome(statement.notAction.values.map((v) => `"${v.value}"`), 3)}`
        : listSome((statement.action?.values ?? []).map((v) => `"${v.value}"`), 3);
      const formats = resourceFormats(actions, excludedValues);
      const shown = formats.slice(0, SHOWN_FORMATS).map((f) => `"${f}"`).join(', ');
      // Actions that take only "*" stop working under a Resource list: they need a statement of their own.
      const starOnly = actions.filter((a) => a.wildcardOnly).map((a) => a.id);
      const wildcardOnly = starOnly.length === 0 ? '' : `; move ${listSome(starOnly, 4)}, which ${starOnly.length === 1 ? 'accepts' : 'accept'} only "*", to a statement of ${starOnly.length === 1 ? 'its' : 'their'} own with "Resource": "*"`;
      const suggestion: { messageId: 'listResources' | 'listResourcesMore' | 'wildcardOnly' | 'listUnknown'; data: MessageData } =
        formats.length > SHOWN_FORMATS
          ? { messageId: 'listResourcesMore' as const, data: { excluded, formats: shown, wildcardOnly, more: formats.length - SHOWN_FORMATS === 1 ? '1 more resource type' : `${formats.length - SHOWN_FORMATS} more resource types` } }
          : formats.length > 0
          ? { messageId: 'listResources' as const, data: { excluded, formats: shown, wildcardOnly } }
          : actions.length > 0 && actions.every((a) => a.wildcardOnly)
            ? { messageId: 'wildcardOnly' as const, data: { actions: listSome(actions.map((a) => a.id), 4) } }
            : { messageId: 'listUnknown' as const, data: { excluded } };
      context.report({ messageId: 'grants', data: { statement: statementLabel(statement), actions: actionText, excluded }, at: notResource.key, suggestion });
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) check(statement);
      },
    };
  },
});

/**
 * Every Action entry names known actions, and all of them accept only `"*"` (`sts:GetCallerIdentity`,
 * `ec2:DescribeRegions`): NotResource then grants exactly what `"Resource": "*"` would, so there is
 * nothing to report. Unknown or opaque entries, `*` and NotAction may reach resource-level actions.
 */
function onlyWildcardOnly(statement: Statement): boolean {
  const entries = statement.action?.values;
  if (!entries || entries.length === 0 || statement.notAction) return false;
  const granted = grantedActions(statement);
  if (granted.everything || granted.opaque.length > 0 || granted.expansions.length !== entries.length) return false;
  return granted.expansions.every((e) => e.actions.every((a) => a.wildcardOnly));
}

/** The statement's actions; for `*` or NotAction, the actions of the services the excluded ARNs belong to. */
function actionsOf(statement: Statement): ActionInfo[] {
  const granted = grantedActions(statement);
  if (statement.action && !granted.everything) return [...granted.actions];
  const services = new Set((statement.notResource?.values ?? []).flatMap((v) => literalService(v.value) ?? []));
  return [...services].flatMap((s) => prefixesForArnService(s)).flatMap((p) => expandAction(`${p}:*`));
}

const SHOWN_FORMATS = 3;

/**
 * ARN formats for an explicit Resource list. When NotResource carves some resources out of a type
 * (one bucket), that type's format, to name the others; when it excludes whole types
 * (`vpc-endpoint/*`), the formats of the other types the actions accept, those an action requires
 * first (ec2:RunInstances fails without its instance, subnet and security group). Partition, region
 * and account are taken from the excluded ARN where it names them or leaves them `*`.
 */
function resourceFormats(actions: readonly ActionInfo[], excluded: readonly string[]): string[] {
  const excludedParts = excluded.map((e) => ({ text: e, pattern: policyPattern(e), rest: resourcePart(e) }));
  const near: { arn: string; required: boolean }[] = [];
  const other: { arn: string; required: boolean }[] = [];
  // Actions share resource types, and the outcome depends on the format alone: each is placed once.
  const placed = new Map<string, { arn: string; required: boolean }>();
  for (const action of actions) {
    for (const rt of actionResourceTypes(action)) {
      const seen = placed.get(rt.arn);
      if (seen) {
        seen.required ||= rt.required;
        continue;
      }
      const prefix = resourcePart(rt.arn).split('${')[0] as string;
      if (excludedParts.some((e) => e.rest === '*' || (prefix !== '' && e.rest === `${prefix}*`))) {
        placed.set(rt.arn, { arn: '', required: false });
        continue;
      }
      const hit = excludedParts.find((e) => (prefix === '' || e.rest.startsWith(prefix)) && patternsOverlap(rt.pattern, e.pattern));
      const entry = { arn: fill(rt.arn, hit?.text ?? excludedParts[0]?.text ?? ''), required: rt.required };
      placed.set(rt.arn, entry);
      const list = hit ? near : other;
      if (!list.some((e) => e.arn === entry.arn)) list.push(entry);
    }
  }
  // The excluded resources' own types first; then the other types some action requires, since a list
  // of only the first would take those actions away (`user/Maria` excluded, group and policy actions too).
  // Of the others, those of the excluded resources' services come first (iam's group and policy beside an excluded user).
  const services = new Set(excluded.flatMap((e) => literalService(e) ?? []));
  const ownService = (e: { arn: string }) => services.has(e.arn.split(':')[2] ?? '');
  const ordered = (list: typeof near) => [...list.filter((e) => e.required), ...list.filter((e) => !e.required)];
  const rest = near.length > 0 ? other.filter((e) => e.required) : ordered(other);
  return [...ordered(near), ...rest.filter(ownService), ...rest.filter((e) => !ownService(e))].map((e) => e.arn);
}

/** What follows the fifth `:` of an ARN, with template placeholders (which hold colons) masked. */
function resourcePart(arn: string): string {
  return arn.replace(/\$\{[^}]*\}/g, (p) => p.replaceAll(':', '_')).split(':').slice(5).join(':');
}

function fill(format: string, example: string): string {
  // Template placeholders hold colons (`${AWS::Region}`): mask them so the ARN splits into its segments.
  const parts = parseArn(example.replace(/\$\{[^}]*\}/g, '$'));
  if (!parts) return format;
  // A name, or `*` for all: what the policy's author already wrote for the excluded resources.
  const usable = (s: string) => s === '*' || (s !== '' && !/[*?$]/.test(s));
  let out = format;
  if (usable(parts.partition) && parts.partition !== '*') out = out.replace('${Partition}', parts.partition);
  if (usable(parts.region)) out = out.replace('${Region}', parts.region);
  if (usable(parts.account)) out = out.replace('${Account}', parts.account);
  return out;
}
