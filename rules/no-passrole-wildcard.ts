/**
 * no-passrole-wildcard: iam:PassRole (also through `iam:*`, `iam:Pass*`, `*`) on every role, and on
 * named roles without saying which service may receive them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 */
import { defineRule } from '../src/engine/rule.js';
import { splitArn } from '../src/iam/arn-segments.js';
import { wildcardRegExp } from '../src/iam/wildcard.js';
import { conditionsOn, parseOperator } from '../src/policy/conditions.js';
import { grantsOtherThan, mayNameService, Selection } from '../src/policy/granted.js';
import type { Located, PolicyDocument, Statement } from '../src/policy/model.js';
import { isAllow, isEveryResource, isPolicyDocumentDataSource, statementLabel } from '../src/policy/queries.js';
import { deniesSelection } from '../src/security/denied.js';
import { ESCALATION_METHODS } from '../src/security/escalation-methods.js';
import { namesOneService, servicePrincipalHints } from '../src/security/unconstrained.js';
import { BoundedMap } from '../src/util/bounded-map.js';

const ROLE_FORMAT = 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}';
/** Services whose passed role has a principal other than `<service>.amazonaws.com`. */
const PRINCIPAL_OF: Record<string, string> = { ecs: 'ecs-tasks.amazonaws.com' };
const SERVICE_KEYS = new Set(['iam:passedtoservice', 'iam:associatedresourcearn']);

const PASS_ROLE = Selection.ofIds(['iam:PassRole']);

export default defineRule({
  meta: {
    id: 'no-passrole-wildcard',
    severity: 'error',
    description: 'iam:PassRole on every role, or without an iam:PassedToService condition',
    kinds: ['identity', 'boundary'],
    speaksOfGrants: true,
    messages: {
      everyRole: 'Statement {{statement}} allows {{grant}} on every role ({{resource}}) to any service: the holder can hand any role, an administrator role included, to a service it controls',
      everyRoleOneService: 'Statement {{statement}} allows {{grant}} on every role ({{resource}}): the holder can hand any role, an administrator role included, to {{services}}',
      anyService: 'Statement {{statement}} allows {{grant}} on named roles without an iam:PassedToService condition: those roles can be handed to any service',
      taggedAnyService: 'Statement {{statement}} allows {{grant}} on the roles its {{key}} condition selects without an iam:PassedToService condition: those roles can be handed to any service',
      scopeRoles: 'Name the roles instead of "{{resource}}" ({{format}}) and add {{block}}',
      scopeRolesKeepCondition: 'Name the roles the service needs instead of "{{resource}}" ({{format}}); keep the condition',
      addCondition: 'Add {{block}}',
      addToCondition: 'Add to its Condition: {{inner}}',
      addToOperator: 'Add "iam:PassedToService": {{value}} to its "StringEquals"',
      setValue: 'Set its "iam:PassedToService" to {{value}}',
      // iam:PassedToService is in iam:PassRole's requests only: on a statement of other actions too it would deny them.
      scopeRolesSplit: 'Move iam:PassRole to a statement of its own that names the roles instead of "{{resource}}" ({{format}}) with {{block}}; in this one the condition would deny its other actions, whose requests never hold iam:PassedToService',
      addConditionSplit: 'Move iam:PassRole to a statement of its own with {{block}}; in this one the condition would deny its other actions, whose requests never hold iam:PassedToService',
    },
  },
  create(context) {
    function check(statement: Statement, policy: PolicyDocument): void {
      if (!isAllow(statement) || !statement.resource) return;
      if (!mayNameService(statement, 'iam')) return;
      const entry = PASS_ROLE.firstEntry(statement);
      if (!entry) return;
      // An unconditioned Deny on "*" in the same policy takes the pass back, whatever the Allow says.
      if (deniesSelection(policy, PASS_ROLE)) return;
      const grant = entry.value.toLowerCase() === 'iam:passrole' ? entry.value : `iam:PassRole (via ${entry.value})`;
      const services = serviceValues(statement);
      const broad = statement.resource.values.find(coversEveryRole);
      // iam:PassRole on resources none of which can be a role (`s3:*`'s objects, through a NotAction) passes nothing.
      if (!broad && !statement.resource.values.some(mayNameRole)) return;
      const block = conditionBlock(statement, policy);
      const format = roleFormat(policy);
      const base = { statement: statementLabel(statement), grant };
      const tagKey = broad ? roleTagKey(statement) : undefined;
      if (broad && !tagKey) {
        if (services) {
          context.report({
            messageId: 'everyRoleOneService',
            data: { ...base, resource: broad.value, services: services.join(', ') },
            at: entry,
            suggestion: { messageId: 'scopeRolesKeepCondition', data: { resource: broad.value, format } },
          });
        } else {
          context.report({
            messageId: 'everyRole',
            data: { ...base, resource: broad.value },
            at: entry,
            suggestion: { messageId: grantsOtherThan(statement, 'iam:PassRole') ? 'scopeRolesSplit' : 'scopeRoles', data: { resource: broad.value, format, block } },
          });
        }
      } else if (!services) {
        const named = tagKey ? ({ messageId: 'taggedAnyService', data: { ...base, key: tagKey } } as const) : ({ messageId: 'anyService', data: base } as const);
        // A second "StringEquals" in one Condition would replace the first: the key goes into the one there is.
        // A policy document data source takes condition blocks, which never collide.
        const intoOperator = statement.condition?.operators.some((o) => o.operator.value === 'StringEquals') && !isPolicyDocumentDataSource(policy);
        // The key already there (`"iam:PassedToService": "*"`) takes the service instead of a second copy.
        const present = conditionsOn(statement, ['iam:PassedToService']).length > 0;
        const messageId = grantsOtherThan(statement, 'iam:PassRole') ? 'addConditionSplit' : present ? 'setValue' : intoOperator ? 'addToOperator' : statement.condition ? 'addToCondition' : 'addCondition';
        const suggestion = { messageId, data: { block, inner: block.slice('"Condition": '.length), value: serviceValue(statement, policy) } } as const;
        context.report({ ...named, at: entry, severity: 'info', suggestion });
      }
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) check(statement, policy);
      },
    };
  },
});

/**
 * `*`, `arn:aws:iam::*:role/*`, `arn:aws:iam::123456789012:*`: a pattern every role name matches. A
 * template's account or partition (`!Sub arn:aws:iam::${AWS::AccountId}:role/*`, Terraform's
 * `${data.aws_caller_identity.current.account_id}`) names one account, not the roles: only a
 * placeholder in the role part may name a role.
 */
function coversEveryRole(value: Located): boolean {
  if (isEveryResource(value)) return true;
  const parts = splitArn(value.value);
  if (parts.length < 6 || parts.slice(5).join(':').includes('${')) return false;
  const text = value.value.includes('${') ? [...parts.slice(0, 5).map((p) => (p.includes('${') ? '*' : p)), parts.slice(5).join(':')].join(':') : value.value;
  let found = everyRole.get(text);
  if (found === undefined) {
    found = coversEveryRoleText(text);
    everyRole.set(text, found);
  }
  return found;
}

/** A resource that may be a role: an IAM ARN (or one whose service is a wildcard), or a value known only at deploy time. */
function mayNameRole(value: Located): boolean {
  if (value.intrinsic || !value.value.startsWith('arn:')) return true;
  const service = splitArn(value.value)[2] ?? '';
  return service.toLowerCase() === 'iam' || /[*?$]/.test(service);
}

// Role ARN patterns repeat across policies; each compiles a regular expression.
const everyRole = new BoundedMap<string, boolean>();

function coversEveryRoleText(text: string): boolean {
  const part = /^arn:[^:]*:iam::[^:]*:(.+)$/i.exec(text)?.[1];
  if (!part) return false;
  const re = wildcardRegExp(part);
  return re.test('role/a') && re.test('role/path/b');
}

/**
 * The services an iam:PassedToService (or iam:AssociatedResourceArn) condition limits the pass to,
 * when every value names one; undefined when there is no such limit.
 */
function serviceValues(statement: Statement): string[] | undefined {
  const found: string[] = [];
  for (const op of statement.condition?.operators ?? []) {
    const parts = parseOperator(op.operator.value);
    if (parts.negated || parts.base === 'Null') continue;
    for (const key of op.keys) {
      if (!SERVICE_KEYS.has(key.key.value.toLowerCase())) continue;
      const values = key.values.map((v) => v.value);
      if (values.length > 0 && values.every((v) => key.key.value.toLowerCase() === 'iam:associatedresourcearn' ? v !== '*' : namesOneService(v))) found.push(...values);
    }
  }
  return found.length > 0 ? found : undefined;
}

/** A positive condition on the role's tags limits the pass to the roles so tagged, as role ARNs would. */
function roleTagKey(statement: Statement): string | undefined {
  for (const op of statement.condition?.operators ?? []) {
    const parts = parseOperator(op.operator.value);
    // An IfExists test also passes every role without the tag: it selects nothing.
    if (parts.negated || parts.ifExists || parts.base === 'Null') continue;
    const key = op.keys.find((k) => /^(aws|iam):resourcetag\//i.test(k.key.value) && k.values.length > 0 && k.values.every((v) => v.value !== '*'));
    if (key) return key.key.value;
  }
  return undefined;
}

function conditionBlock(statement: Statement, policy: PolicyDocument): string {
  return `"Condition": {"StringEquals": {"iam:PassedToService": ${serviceValue(statement, policy)}}}`;
}

/**
 * The services the statement's other actions hand roles to, as a JSON value for iam:PassedToService;
 * failing those, the services to which the policy's other Allow statements grant an action that takes a
 * passed role (ec2:RunInstances, cloudformation:CreateStack: the escalation catalogue's pairs with iam:PassRole).
 */
function serviceValue(statement: Statement, policy: PolicyDocument): string {
  let hints = servicePrincipalHints(statement, PRINCIPAL_OF);
  if (hints.length === 0) hints = roleTakersElsewhere(statement, policy);
  return hints.length === 0 ? '"SERVICE.amazonaws.com"' : hints.length === 1 ? `"${hints[0]}"` : `[${hints.slice(0, 4).map((h) => `"${h}"`).join(', ')}]`;
}

let roleTakers: Selection | undefined;
function roleTakerSelection(): Selection {
  return Selection.ofIds(ESCALATION_METHODS.filter((m) => m.actions.includes('iam:PassRole')).flatMap((m) => m.actions.filter((a) => a !== 'iam:PassRole')));
}

/** At most three services, else none: a policy that grants nearly everything says nothing of which one takes the role. */
function roleTakersElsewhere(statement: Statement, policy: PolicyDocument): string[] {
  roleTakers ??= roleTakerSelection();
  const out = new Set<string>();
  for (const other of policy.statements) {
    if (other === statement || !isAllow(other)) continue;
    for (const { action } of roleTakers.grants(other)) out.add(PRINCIPAL_OF[action.service] ?? `${action.service}.amazonaws.com`);
  }
  return out.size <= 3 ? [...out] : [];
}

/** The role ARN format, with the partition and account the policy's other ARNs use. */
function roleFormat(policy: PolicyDocument): string {
  for (const statement of policy.statements) {
    for (const r of statement.resource?.values ?? []) {
      const m = /^arn:(aws[a-z-]*):[^:]*:[^:]*:(\d{12}):/.exec(r.value);
      if (m) return `arn:${m[1]}:iam::${m[2]}:role/\${RoleNameWithPath}`;
    }
  }
  return ROLE_FORMAT;
}
