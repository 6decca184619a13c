/**
 * no-service-linked-role-wildcard: iam:CreateServiceLinkedRole (also through wildcards) for every
 * service's role, with no iam:AWSServiceName condition naming the service.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions
 */
import { defineRule } from '../src/engine/rule.js';
import { wildcardRegExp } from '../src/iam/wildcard.js';
import { conditionsOn } from '../src/policy/conditions.js';
import { grantsOtherThan, mayNameService, Selection } from '../src/policy/granted.js';
import type { Located, PolicyDocument, Statement } from '../src/policy/model.js';
import { isAllow, isEveryResource, statementLabel } from '../src/policy/queries.js';
import { deniesSelection } from '../src/security/denied.js';
import { namesOneService, servicePrincipalHints } from '../src/security/unconstrained.js';

const CREATE_SLR = Selection.ofIds(['iam:CreateServiceLinkedRole']);

export default defineRule({
  meta: {
    id: 'no-service-linked-role-wildcard',
    severity: 'warning',
    description: 'iam:CreateServiceLinkedRole for every service, without an iam:AWSServiceName condition',
    kinds: ['identity', 'boundary'],
    speaksOfGrants: true,
    messages: {
      anyService: 'Statement {{statement}} allows {{grant}} on "{{resource}}" without an iam:AWSServiceName condition: the holder can create the service-linked role of any AWS service',
      looseCondition: 'Statement {{statement}} allows {{grant}} on "{{resource}}" with an iam:AWSServiceName condition that names no single service ({{values}})',
      nameService: 'Name the service: "Resource": "arn:aws:iam::*:role/aws-service-role/{{service}}/*", or "Condition": {"StringEquals": {"iam:AWSServiceName": "{{service}}"}}',
      // Either scoping on the whole statement would take away its other actions.
      nameServiceSplit: 'Move iam:CreateServiceLinkedRole to a statement of its own that names the service: "Resource": "arn:aws:iam::*:role/aws-service-role/{{service}}/*", or "Condition": {"StringEquals": {"iam:AWSServiceName": "{{service}}"}}; on this one either would take away its other actions',
    },
  },
  create(context) {
    function check(statement: Statement, policy: PolicyDocument): void {
      if (!isAllow(statement) || !statement.resource) return;
      if (!mayNameService(statement, 'iam')) return;
      const entry = CREATE_SLR.firstEntry(statement);
      if (!entry) return;
      const broad = statement.resource.values.find(coversEveryService);
      if (!broad) return;
      const uses = conditionsOn(statement, ['iam:AWSServiceName']).filter((u) => !u.parts.negated && u.parts.base !== 'Null');
      const values = uses.flatMap((u) => u.entry.values.map((v) => v.value));
      if (uses.length > 0 && values.length > 0 && values.every(namesOneService)) return;
      // An unconditioned Deny on "*" in the same policy takes the action back, whatever the Allow says.
      if (deniesSelection(policy, CREATE_SLR)) return;
      const grant = entry.value.toLowerCase() === 'iam:createservicelinkedrole' ? entry.value : `iam:CreateServiceLinkedRole (via ${entry.value})`;
      const service = servicePrincipalHints(statement)[0] ?? 'SERVICE.amazonaws.com';
      const data = { statement: statementLabel(statement), grant, resource: broad.value };
      context.report({
        ...(uses.length > 0 ? { messageId: 'looseCondition', data: { ...data, values: values.join(', ') } } : { messageId: 'anyService', data }),
        at: entry,
        suggestion: { messageId: grantsOtherThan(statement, 'iam:CreateServiceLinkedRole') ? 'nameServiceSplit' : 'nameService', data: { service } },
      });
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) check(statement, policy);
      },
    };
  },
});

/**
 * `*`, `arn:aws:iam::*:role/*`, `arn:aws:iam::*:role/aws-service-role/*`: a resource that two
 * services' service-linked roles both match, so it does not say which service.
 */
function coversEveryService(value: Located): boolean {
  if (value.intrinsic || value.value.includes('${')) return false;
  if (isEveryResource(value)) return true;
  const part = /^arn:[^:]*:iam::[^:]*:(.+)$/i.exec(value.value)?.[1];
  if (!part) return false;
  const re = wildcardRegExp(part);
  return re.test('role/aws-service-role/a.amazonaws.com/R') && re.test('role/aws-service-role/b.amazonaws.com/R');
}
