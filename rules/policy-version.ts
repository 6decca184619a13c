/**
 * policy-version: the policy language version. Without `"Version": "2012-10-17"` IAM reads the
 * policy as 2008-10-17, where policy variables such as `${aws:username}` are plain text.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
 */
import { defineRule } from '../src/engine/rule.js';
import type { PolicyDocument } from '../src/policy/model.js';
import { POLICY_KINDS } from '../src/types.js';

const CURRENT = '2012-10-17';
const OLD = '2008-10-17';

/** `${aws:username}`, `${s3:prefix}`: an IAM policy variable (CloudFormation's `${AWS::Region}` has `::`). */
const POLICY_VARIABLE = /\$\{(?![^}]*::)[^}]*:[^}]*\}/;

export default defineRule({
  meta: {
    id: 'policy-version',
    severity: 'warning',
    description: 'Version missing, 2008-10-17, or not a policy language version',
    kinds: POLICY_KINDS,
    messages: {
      missing: 'The policy has no Version, so IAM reads it as 2008-10-17{{variables}}',
      old: 'Version "2008-10-17" is the old policy language{{variables}}',
      unknown: 'Version "{{version}}" is not a policy language version',
      useCurrent: 'Add "Version": "2012-10-17"',
      replaceCurrent: 'Use "Version": "2012-10-17"',
    },
    fixable: true,
  },
  create(context) {
    return {
      policy(policy) {
        const version = policy.version;
        if (!version) {
          // A policy with an unreadable Version (a number, a list) is invalid-policy-structure's to report.
          if (policy.topKeys.some((k) => k.value === 'Version') || policy.node.type !== 'object') return;
          // With no Version a policy variable is plain text, as under 2008-10-17: the policy does not do what it says.
          const variable = firstVariable(policy);
          context.report({
            messageId: 'missing',
            data: { variables: variable ? `, in which the policy variable ${variable} is plain text` : '' },
            at: { span: { start: policy.node.start, end: policy.node.start + 1 }, path: [] },
            ...(variable && { severity: 'error' as const }),
            suggestion: { messageId: 'useCurrent' },
            ...(!usesVariables(policy, context.file.text) && { fix: { insertFirstKey: { object: policy.node, key: 'Version', value: CURRENT } } }),
          });
          return;
        }
        if (version.intrinsic || version.value === CURRENT) return;
        if (version.value === OLD) {
          const variable = firstVariable(policy);
          context.report({
            messageId: 'old',
            data: { variables: variable ? `, in which the policy variable ${variable} is plain text` : '' },
            at: version,
            severity: variable ? 'error' : 'warning',
            suggestion: { messageId: 'replaceCurrent' },
            ...(!variable && !usesVariables(policy, context.file.text) && { fix: { replaceValue: { item: version, value: CURRENT } } }),
          });
          return;
        }
        context.report({ messageId: 'unknown', data: { version: version.value }, at: version, severity: 'error', suggestion: { messageId: 'replaceCurrent' } });
      },
    };
  },
});

/**
 * Whether the policy's text holds anything 2012-10-17 reads differently: a policy variable
 * (`${aws:username}`, also as Fn::Sub's `${!aws:username}`) or `${*}`, `${?}`, `${$}`. Only then
 * does a newer Version change what the policy allows; CloudFormation's `${AWS::Region}` and
 * `${Bucket}` are replaced before IAM reads the policy.
 */
function usesVariables(policy: PolicyDocument, text: string): boolean {
  return /\$\{!?(?:[*?$]|(?![^}]*::)[^}]*:[^}]*)\}/.test(text.slice(policy.node.start, policy.node.end));
}

function firstVariable(policy: PolicyDocument): string | undefined {
  for (const s of policy.statements) {
    const values = [
      ...(s.resource?.values ?? []),
      ...(s.notResource?.values ?? []),
      ...(s.condition?.operators.flatMap((op) => op.keys.flatMap((k) => k.values)) ?? []),
    ];
    for (const v of values) {
      const m = POLICY_VARIABLE.exec(v.value);
      if (m) return m[0];
    }
  }
  return undefined;
}
