/**
 * unknown-action: an action the IAM data does not know. IAM accepts unknown actions silently, so
 * a typo grants (or denies) nothing and nobody notices.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import { defineRule } from '../src/engine/rule.js';
import { expandAction, findAction, parseAction } from '../src/iam/actions.js';
import { actionKeys, iamDataVersion, isKnownService, serviceKeys } from '../src/iam/data.js';
import { closest, oneRunApart } from '../src/iam/similar.js';
import { hasWildcard } from '../src/iam/wildcard.js';
import type { Located, Statement } from '../src/policy/model.js';
import { POLICY_KINDS } from '../src/types.js';

// Entries as written that name actions the IAM data knows: policies repeat them, and each is checked once.
const known = new Set<string>();
type Verdict = { messageId: 'unknownService' | 'unknownAction' | 'noMatch' | 'malformed' | 'spaces'; data: Record<string, string>; suggestion: { messageId: 'didYouMean' | 'alreadyGranted' | 'nearServiceOnly' | 'checkNewer' | 'useForm' | 'batchApi' | 'otherName' | 'trimSpaces'; data?: Record<string, string> } };
/**
 * APIs whose permission has another name, written as the API by mistake. Batch APIs are authorized
 * through the single-item action, which covers them: "you cannot set permissions explicitly for ...
 * DeleteMessageBatch" (SQS Developer Guide, sqs-batch-api); PublishBatch needs sns:Publish (SNS API
 * Reference); AWS's own SAM SQSPollerPolicy named one. ListBuckets needs s3:ListAllMyBuckets (S3 API
 * Reference, ListBuckets); ReEncrypt needs kms:ReEncryptFrom on the source key and kms:ReEncryptTo on
 * the destination (KMS API Reference, ReEncrypt).
 */
const API_PERMISSIONS: Record<string, { actions: string[]; batch?: true }> = {
  'sqs:sendmessagebatch': { actions: ['sqs:SendMessage'], batch: true },
  'sqs:deletemessagebatch': { actions: ['sqs:DeleteMessage'], batch: true },
  'sqs:changemessagevisibilitybatch': { actions: ['sqs:ChangeMessageVisibility'], batch: true },
  'sns:publishbatch': { actions: ['sns:Publish'], batch: true },
  's3:listbuckets': { actions: ['s3:ListAllMyBuckets'] },
  'kms:reencrypt': { actions: ['kms:ReEncryptFrom', 'kms:ReEncryptTo'] },
};
const verdicts = new Map<string, Verdict[]>();

export default defineRule({
  meta: {
    id: 'unknown-action',
    severity: 'error',
    description: 'Unknown service prefix or action, or a wildcard that matches no action',
    kinds: POLICY_KINDS,
    messages: {
      unknownService: 'Unknown service prefix "{{service}}" in "{{action}}" (IAM data of {{date}})',
      unknownAction: 'Unknown action "{{action}}" (IAM data of {{date}})',
      noMatch: '"{{action}}" matches no {{service}} action (IAM data of {{date}})',
      malformed: '"{{action}}" is not an action: write it as service:Action',
      didYouMean: 'Did you mean {{candidates}}?',
      nearServiceOnly: 'The nearest service prefix is {{services}}, which has no action "{{name}}": check the name in the Service Authorization Reference',
      alreadyGranted: 'Remove it: the nearest known action, {{candidate}}, is already in this statement',
      checkNewer: 'Check the name in the Service Authorization Reference: it may be misspelt or retired, or newer than the IAM data',
      useForm: 'Write "service:Action", e.g. "s3:GetObject"',
      batchApi: 'The batch API is authorized by "{{single}}", which covers it: name that action instead',
      otherName: 'The {{api}} API is authorized by {{actions}}: name {{them}} instead',
      spaces: '"{{action}}" has spaces around it, and no action name does',
      trimSpaces: 'Remove the spaces around it: "{{trimmed}}"',
    },
  },
  create(context) {
    const { date } = iamDataVersion();

    function check(action: Located, statement: Statement): void {
      const text = action.value;
      if (action.intrinsic || known.has(text) || text === '*' || text.includes('${')) return;
      // The same unknown entry recurs across files: its message and did-you-mean are worked out once.
      let verdict = verdicts.get(text);
      if (!verdict) {
        verdict = [];
        judge(text, action, verdict);
        verdicts.set(text, verdict);
      }
      for (const v of verdict) context.report({ ...v, at: action, suggestion: alreadyThere(v.suggestion, statement) });
    }

    /** A did-you-mean naming an action the statement already lists would only repeat it (redundant-action). */
    function alreadyThere(suggestion: Verdict['suggestion'], statement: Statement): Verdict['suggestion'] {
      const candidates = suggestion.messageId === 'didYouMean' ? (suggestion.data?.candidates ?? '').split(' or ') : [];
      if (candidates.length !== 1) return suggestion;
      const candidate = (candidates[0] as string).slice(1, -1);
      const listed = [...(statement.action?.values ?? []), ...(statement.notAction?.values ?? [])];
      return listed.some((a) => a.value.toLowerCase() === candidate.toLowerCase()) ? { messageId: 'alreadyGranted', data: { candidate } } : suggestion;
    }

    function judge(text: string, action: Located, out: Verdict[]): void {
      const context = { report: (r: Verdict & { at: Located }) => out.push({ messageId: r.messageId, data: r.data, suggestion: r.suggestion }) };
      // No action name has spaces: `"ec2:* "` is `"ec2:*"` with a slip, said as such rather than as an unknown action.
      const trimmed = text.trim();
      if (trimmed !== text && trimmed !== '' && (trimmed === '*' || expandAction(trimmed).length > 0)) {
        context.report({ messageId: 'spaces', data: { action: text }, at: action, suggestion: { messageId: 'trimSpaces', data: { trimmed } } });
        return;
      }
      const parsed = parseAction(text);
      if (!parsed) {
        context.report({ messageId: 'malformed', data: { action: text }, at: action, suggestion: { messageId: 'useForm' } });
        return;
      }
      const service = parsed.service.toLowerCase();
      if (hasWildcard(service)) {
        if (expandAction(text).length > 0) known.add(text);
        else context.report({ messageId: 'noMatch', data: { action: text, service: parsed.service, date }, at: action, suggestion: { messageId: 'checkNewer' } });
        return;
      }
      if (!isKnownService(service)) {
        // In a near service, the action itself or its nearest name there (`macie:ListMemberAccounts` is
        // `macie2:ListMembers`); a service with neither is no fix (`none:null` is not `one:null`).
        const services = closest(service, serviceKeys());
        const near = services.flatMap((s) => {
          if (expandAction(`${s}:${parsed.name}`).length > 0) return [`"${s}:${parsed.name}"`];
          return hasWildcard(parsed.name) ? [] : closest(parsed.name, actionKeys(s)).map((k) => `"${s}:${findAction(s, k)?.name ?? k}"`);
        });
        const advice: Verdict['suggestion'] =
          near.length === 0 && services.length > 0 ? { messageId: 'nearServiceOnly', data: { services: services.map((s) => `"${s}"`).join(' or '), name: parsed.name } } : suggestion(near);
        context.report({ messageId: 'unknownService', data: { service: parsed.service, action: text, date }, at: action, suggestion: advice });
        return;
      }
      if (expandAction(text).length > 0) {
        known.add(text);
        return;
      }
      if (hasWildcard(parsed.name)) {
        context.report({ messageId: 'noMatch', data: { action: text, service, date }, at: action, suggestion: { messageId: 'checkNewer' } });
        return;
      }
      const api = API_PERMISSIONS[`${service}:${parsed.name.toLowerCase()}`];
      if (api) {
        const { actions } = api;
        const suggestion: Verdict['suggestion'] = api.batch
          ? { messageId: 'batchApi' as const, data: { single: actions[0] as string } }
          : { messageId: 'otherName' as const, data: { api: parsed.name, actions: actions.map((a) => `"${a}"`).join(' and '), them: actions.length === 1 ? 'it' : 'them' } };
        context.report({ messageId: 'unknownAction', data: { action: text, date }, at: action, suggestion });
        return;
      }
      // Compare with the stored lower-case names; only the few nearest are read for their spelling.
      const keys = actionKeys(service);
      const nearest = closest(parsed.name, keys);
      const near = (nearest.length > 0 ? nearest : oneRunApart(parsed.name, keys)).map((k) => `"${service}:${findAction(service, k)?.name ?? k}"`);
      context.report({ messageId: 'unknownAction', data: { action: text, date }, at: action, suggestion: suggestion(near) });
    }

    function suggestion(near: string[]) {
      return near.length > 0
        ? ({ messageId: 'didYouMean', data: { candidates: near.join(' or ') } } as const)
        : ({ messageId: 'checkNewer' } as const);
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) {
          if (statement.action) for (const action of statement.action.values) check(action, statement);
          if (statement.notAction) for (const action of statement.notAction.values) check(action, statement);
        }
      },
    };
  },
});
