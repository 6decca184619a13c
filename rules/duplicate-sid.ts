/**
 * duplicate-sid: two statements with the same Sid. IAM rejects such identity policies, and
 * findings, reviews and suppressions that name a statement by its Sid become ambiguous.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
 */
import { cleanSid, freeSid, STRICT_SID_KINDS } from '../src/policy/sid.js';
import { defineRule } from '../src/engine/rule.js';
import type { Located, Statement } from '../src/policy/model.js';
import { POLICY_KINDS } from '../src/types.js';

export default defineRule({
  meta: {
    id: 'duplicate-sid',
    severity: 'error',
    description: 'Two statements with the same Sid',
    kinds: POLICY_KINDS,
    messages: {
      duplicate: 'Sid "{{sid}}" is used again; statement #{{first}} already has it',
      rename: 'Give this statement a unique Sid, such as "{{unique}}"',
    },
  },
  create(context) {
    return {
      policy(policy) {
        const seen = new Map<string, Statement>();
        // Every Sid of the policy, gathered only once a duplicate needs a new name.
        let taken: Set<string> | undefined;
        for (const statement of policy.statements) {
          const sid: Located | undefined = statement.sid;
          if (!sid || sid.value === '' || sid.intrinsic) continue;
          const first = seen.get(sid.value);
          if (first === undefined) {
            seen.set(sid.value, statement);
            continue;
          }
          // A Terraform `dynamic` block may render no statement (its for_each often excludes the other's);
          // the two branches of one Fn::If never deploy together.
          if (first.conditional || statement.conditional || otherBranches(first.path, statement.path)) {
            if (!statement.conditional) seen.set(sid.value, statement);
            continue;
          }
          context.report({
            messageId: 'duplicate',
            data: { sid: sid.value, first: first.index + 1 },
            at: sid,
            // In the kinds that allow only letters and digits, a name invalid-sid would accept; numbered
            // even when the cleaned name is free, since invalid-sid offers that one to the first statement.
            suggestion: { messageId: 'rename', data: { unique: numbered(STRICT_SID_KINDS.includes(policy.kind) ? cleanSid(sid.value, statement.index) : sid.value, (taken ??= new Set(policy.statements.flatMap((s) => (s.sid ? [s.sid.value] : []))))) } },
          });
        }
      },
    };
  },
});

/** Whether two paths part at the branches of one `Fn::If` (`[..., 'Fn::If', 1, ...]` and `[..., 'Fn::If', 2, ...]`). */
function otherBranches(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  for (let i = 0; i < a.length && i < b.length; i++) {
    if (a[i] === b[i]) continue;
    return i > 0 && a[i - 1] === 'Fn::If' && b[i - 1] === 'Fn::If';
  }
  return false;
}

/** `sid2`, `sid3`, ...: the first the policy does not use. */
function numbered(sid: string, taken: ReadonlySet<string>): string {
  return freeSid(sid, new Set([...taken, sid]));
}
