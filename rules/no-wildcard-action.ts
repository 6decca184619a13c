/**
 * no-wildcard-action: Allow statements that grant every action, or every action of a service.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 */
import { defineRule } from '../src/engine/rule.js';
import { ACCESS_LEVELS, expandAction, levelCounts, parseAction, type AccessLevel, type ActionInfo } from '../src/iam/actions.js';
import { actionsForResources, grantedOnResources, literalService } from '../src/iam/arn.js';
import { serviceKeys, totalActionCount } from '../src/iam/data.js';
import { actionCount, actionIds, describeAccessLevels, describeLevelCounts } from '../src/iam/describe.js';
import { classifyAwsPrincipal } from '../src/iam/principals.js';
import { hasWildcard } from '../src/iam/wildcard.js';
import type { Located, PolicyDocument, Statement } from '../src/policy/model.js';
import { isAllow, isEveryResource, listSome, principalValues, statementLabel } from '../src/policy/queries.js';
import { CREDENTIAL_ACTIONS } from '../src/security/credential-actions.js';
import { EXFILTRATION_ACTIONS } from '../src/security/exfiltration-actions.js';
import { BoundedMap } from '../src/util/bounded-map.js';

interface Options {
  /** Services whose wildcards (`svc:*`, `svc:Put*`) are accepted, e.g. `["logs"]`. */
  allowServices?: string[];
}

const RISKY_LEVELS = new Set<AccessLevel>(['Write', 'Permissions management']);

// Wildcard entries as written that this rule never reports whatever the statement (nothing risky
// among the actions they name, or no action at all): policies repeat them across files.
const unreported = new BoundedMap<string, true>();

/** What a message says of one expansion whatever the statement: computed once per distinct entry. */
interface Summary {
  /** `Write (12) and Permissions management (3)`; empty when none is risky. */
  risky: string;
  levels: string;
  /** The read-only actions, listed; undefined when there are none. */
  readActions: string | undefined;
}
// Keyed by expandAction's array, which entries of the same text share.
const summaries = new BoundedMap<readonly ActionInfo[], Summary>();
function summaryOf(expanded: ActionInfo[]): Summary {
  let found = summaries.get(expanded);
  if (!found) {
    const counts = levelCounts(expanded);
    const reads = readOnly(expanded);
    found = {
      risky: describeLevelCounts(counts.map((n, i) => (RISKY_LEVELS.has(ACCESS_LEVELS[i] as AccessLevel) ? n : 0)), (level, n) => `${level} (${n})`, ' and '),
      levels: describeLevelCounts(counts),
      readActions: reads.length === 0 ? undefined : readList(reads),
    };
    summaries.set(expanded, found);
  }
  return found;
}

export default defineRule<Options>({
  meta: {
    id: 'no-wildcard-action',
    severity: 'error',
    description: 'Allow statements whose Action grants every action, or every action of a service',
    kinds: ['identity', 'boundary', 'resource'],
    speaksOfGrants: true,
    options: { allowServices: 'string[]' },
    messages: {
      everyAction: 'Statement {{statement}} allows every action ("{{action}}") on {{resources}}',
      everyServiceAction: 'Statement {{statement}} allows every {{service}} action ("{{action}}")',
      partialWildcard: 'Statement {{statement}} allows "{{action}}", which includes {{risky}} actions',
      adminHelp: '"{{action}}" on "*" is full administrator access: {{count}} actions across {{services}} services. List the actions the workload calls instead',
      resourceEveryHelp: 'In a resource policy, "{{action}}" lets the principals do anything to the resource the policy is attached to. List the actions they need',
      everyActionHelp: '"{{action}}" covers {{count}}; {{applicable}} of them apply to {{resources}} ({{levels}}). List the ones needed, e.g. {{examples}}',
      narrowHelp: '{{action}} covers {{count}} ({{levels}}). For {{resources}}, the read-only ones that apply are {{readActions}}',
      narrowApplicableHelp: '{{action}} covers {{count}} ({{levels}}). For {{resources}}, {{applicableCount}} of them apply: {{applicable}}',
      narrowNoneHelp: '{{action}} covers {{count}} ({{levels}}), none of which acts on {{resources}}. List the actions needed, with the resources they act on',
      narrowAnyHelp: '{{action}} covers {{count}} ({{levels}}). List the ones needed; the read-only ones are {{readActions}}',
      narrowNoReadsHelp: '{{action}} covers {{count}} ({{levels}}), none of them read-only: {{actions}}. List the ones needed',
    },
  },
  defaultOptions: { allowServices: [] },
  create(context) {
    const allowed = new Set((context.options.allowServices ?? []).map((s) => s.toLowerCase()));

    function check(policy: PolicyDocument, statement: Statement, action: Located): void {
      const text = action.value;
      if (action.intrinsic || !hasWildcard(text) || unreported.has(text)) return;
      if (policy.kind === 'resource' && (isKeyPolicyRootStatement(policy, statement, text) || isDefaultKeyPolicyWildcard(statement, text))) return;
      const resources = (statement.resource?.values ?? []).filter((r) => !isEveryResource(r)).map((r) => r.value);
      const resourceText = resources.length > 0 && !statement.notResource ? listSome(resources, 3) : '"*"';
      const label = statementLabel(statement);
      if (text === '*' || text === '*:*') {
        const total = totalActionCount();
        if (resources.length === 0 || statement.notResource) {
          // A resource policy's "*" is the resource it is attached to, not every resource of the account.
          const suggestion: { messageId: 'resourceEveryHelp' | 'adminHelp'; data: Record<string, string | number> } =
            policy.kind === 'resource' ? { messageId: 'resourceEveryHelp', data: { action: text } } : { messageId: 'adminHelp', data: { action: text, count: total, services: serviceKeys().size } };
          context.report({ messageId: 'everyAction', data: { statement: label, action: text, resources: resourceText }, at: action, suggestion });
          return;
        }
        const applicable = grantedOnResources(text, resources);
        context.report({
          messageId: 'everyAction',
          data: { statement: label, action: text, resources: resourceText },
          at: action,
          suggestion: {
            messageId: 'everyActionHelp',
            data: { action: text, count: actionCount(total), applicable: applicable.length, resources: resourceText, levels: describeAccessLevels(applicable), examples: listSome(exampleIds(readOnly(applicable).length > 0 ? readOnly(applicable) : applicable, resources)) },
          },
        });
        return;
      }
      const parsed = parseAction(text);
      const expanded = parsed ? expandAction(text) : [];
      if (!parsed || expanded.length === 0) {
        unreported.set(text, true);
        return;
      }
      const wholeService = parsed.name === '*';
      // A service whose `svc:*` is accepted has its narrower patterns (`logs:Put*`) accepted too.
      if (allowed.has(parsed.service.toLowerCase())) return;
      const summary = summaryOf(expanded);
      if (!wholeService && summary.risky === '') {
        unreported.set(text, true);
        return;
      }
      const suggestion = narrowing(text, expanded, summary, resources, resourceText, statement);
      if (wholeService) {
        // The prefix, not the data's display name: prefixes are what users write, and some are shared
        // (Cloud Control API actions use `cloudformation:`).
        context.report({ messageId: 'everyServiceAction', data: { statement: label, action: text, service: parsed.service.toLowerCase() }, at: action, severity: 'warning', suggestion });
        return;
      }
      context.report({ messageId: 'partialWildcard', data: { statement: label, action: text, risky: summary.risky }, at: action, severity: 'warning', suggestion });
    }

    function narrowing(text: string, expanded: ActionInfo[], summary: Summary, resources: string[], resourceText: string, statement: Statement) {
      const base = { action: text, count: actionCount(expanded.length), levels: summary.levels, resources: resourceText };
      if (resources.length === 0 || statement.notResource) {
        if (summary.readActions === undefined) return { messageId: 'narrowNoReadsHelp', data: { ...base, actions: listSome(actionIds(expanded)) } } as const;
        return { messageId: 'narrowAnyHelp', data: { ...base, readActions: summary.readActions } } as const;
      }
      const applicable = actionsForResources(expanded, resources);
      // Read and List both: reading a bucket's objects takes s3:ListBucket beside s3:GetObject.
      const reading = applicable.filter((a) => a.accessLevel === 'Read' || a.accessLevel === 'List');
      if (reading.length > 0) return { messageId: 'narrowHelp', data: { ...base, readActions: readList(reading) } } as const;
      if (applicable.length === 0) return { messageId: 'narrowNoneHelp', data: base } as const;
      return { messageId: 'narrowApplicableHelp', data: { ...base, applicableCount: applicable.length, applicable: listSome(actionIds(applicable)) } } as const;
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) {
          if (!isAllow(statement)) continue;
          for (const action of statement.action?.values ?? []) check(policy, statement, action);
        }
      },
    };
  },
});

/** Action ids to show as examples: those of the resources' own services first (`s3:` for an S3 ARN), then the rest. */
function exampleIds(actions: ActionInfo[], resources: string[]): string[] {
  const own = new Set(resources.map(literalService));
  const ids = actionIds(actions);
  const isOwn = (id: string) => own.has(id.slice(0, id.indexOf(':')));
  return [...ids.filter(isOwn), ...ids.filter((id) => !isOwn(id))];
}

/**
 * Read actions listed as the narrower choice, with those among them that return secrets or
 * credentials named: Read in the IAM data, they are not the harmless kind the word suggests.
 */
function readList(reads: readonly ActionInfo[]): string {
  const secret = reads.filter((a) => SECRET_SERVICES.has(a.service) && SECRET_READS.has(a.lowerId));
  const list = listSome(actionIds(reads));
  return secret.length === 0 ? list : `${list}; of them, ${listSome(actionIds(secret), 3)} ${secret.length === 1 ? 'returns' : 'return'} secrets or credentials`;
}

// The credential actions, and the reads of stored secrets and parameters (not of S3 objects, whose reads are the point of s3:Get*).
const SECRET_READS = new Set(
  [...CREDENTIAL_ACTIONS.map((c) => c.action), ...EXFILTRATION_ACTIONS.filter((e) => !e.action.startsWith('s3:')).map((e) => e.action), 'secretsmanager:BatchGetSecretValue'].map((id) => id.toLowerCase()),
);

// Their services: the other reads' ids need no lower-casing to be told apart.
const SECRET_SERVICES = new Set([...SECRET_READS].map((id) => id.slice(0, id.indexOf(':'))));

function readOnly(actions: ActionInfo[]): ActionInfo[] {
  return actions.filter((a) => a.accessLevel === 'Read' || a.accessLevel === 'List');
}

/**
 * The default KMS key policy gives the key's own account `kms:*`; that is how key access is delegated
 * to IAM. Another account's root with `kms:*` is no such statement: where the policy names its own
 * account the template's way (`${AWS::AccountId}`, `data.aws_caller_identity`), a written-out account
 * is another one. In a bare key policy the own account is written out and cannot be told apart.
 */
function isKeyPolicyRootStatement(policy: PolicyDocument, statement: Statement, action: string): boolean {
  if (action.toLowerCase() !== 'kms:*') return false;
  const values = principalValues(statement.principal, 'AWS');
  if (values.length === 0 || !values.every((v) => classifyAwsPrincipal(v.value) === 'account')) return false;
  return values.every((v) => OWN_ACCOUNT.test(v.value)) || !policy.statements.some((s) => principalValues(s.principal, 'AWS').some((v) => OWN_ACCOUNT.test(v.value)));
}

const OWN_ACCOUNT = /\$\{(AWS::AccountId|data\.aws_caller_identity\.[\w-]+\.account_id)\}/;


/**
 * The partial wildcards of AWS's default key policy, for key administrators (`kms:Create*` ...
 * `kms:Delete*`) and key users (`kms:ReEncrypt*`, `kms:GenerateDataKey*`), and of the CloudWatch Logs
 * key policy (`kms:Encrypt*`, `kms:Decrypt*`), in a statement of kms actions only: in a key policy
 * they act on that key alone.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
const DEFAULT_KEY_POLICY_WILDCARDS = new Set([
  'kms:create*', 'kms:describe*', 'kms:enable*', 'kms:list*', 'kms:put*', 'kms:update*', 'kms:revoke*', 'kms:disable*', 'kms:get*', 'kms:delete*',
  'kms:reencrypt*', 'kms:generatedatakey*',
  // CloudWatch Logs' key policy for log group encryption (encrypt-log-data-kms.html), which the CDK writes.
  'kms:encrypt*', 'kms:decrypt*',
]);

function isDefaultKeyPolicyWildcard(statement: Statement, action: string): boolean {
  if (!DEFAULT_KEY_POLICY_WILDCARDS.has(action.toLowerCase())) return false;
  return (statement.action?.values ?? []).every((a) => a.value.toLowerCase().startsWith('kms:'));
}
