/**
 * invalid-sid: IAM accepts only ASCII letters and digits in the Sid of identity policies and SCPs
 * (resource and trust policies accept any string).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
 */
import { cleanSid, freeSid, STRICT_SID_KINDS } from '../src/policy/sid.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'invalid-sid',
    severity: 'warning',
    description: 'Sid with characters outside [A-Za-z0-9] in identity policies and SCPs, or empty',
    kinds: STRICT_SID_KINDS,
    messages: {
      invalid: 'Sid "{{sid}}" has characters IAM does not accept here ({{characters}})',
      empty: 'The Sid is empty',
      useClean: 'Use "{{clean}}": letters and digits only',
      emptyHelp: 'Remove the empty Sid, or name the statement ("{{clean}}")',
      emptyTerraform: 'Remove the empty Sid, or name the statement ("{{clean}}"); the AWS provider before 5.0 wrote "Sid": "" into every aws_iam_policy_document statement without a sid, and 5.0 and later leave it out',
    },
  },
  create(context) {
    return {
      policy(policy) {
        let taken: Set<string> | undefined;
        for (const statement of policy.statements) {
          const sid = statement.sid;
          if (!sid || sid.intrinsic) continue;
          // Not a Sid another statement has: duplicate-sid would report the fix. Worked out only for
          // a Sid that needs one (a policy can hold thousands of statements).
          const clean = () => freeSid(cleanSid(sid.value, statement.index), (taken ??= new Set(policy.statements.flatMap((s) => (s.sid ? [s.sid.value] : [])))));
          if (sid.value === '') {
            const messageId = policy.dialect === 'terraform' ? 'emptyTerraform' : 'emptyHelp';
            context.report({ messageId: 'empty', at: sid, suggestion: { messageId, data: { clean: clean() } } });
            continue;
          }
          const bad = [...new Set(sid.value.match(/[^A-Za-z0-9]/gu) ?? [])];
          if (bad.length === 0) continue;
          const characters = bad.map((c) => (c === ' ' ? 'space' : `"${c}"`)).join(', ');
          context.report({ messageId: 'invalid', data: { sid: sid.value, characters }, at: sid, suggestion: { messageId: 'useClean', data: { clean: clean() } } });
        }
      },
    };
  },
});
