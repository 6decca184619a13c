/**
 * no-public-principal: `"Principal": "*"` or `{"AWS": "*"}` in an Allow, with no condition that
 * pins the caller, opens the resource or role to anyone.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 */
import { defineRule } from '../src/engine/rule.js';
import { isLambdaPermission, permissionLabel } from '../src/loaders/lambda-permission.js';
import { conditionsOn, isPositiveTest, namesOwner } from '../src/policy/conditions.js';
import type { ConditionKeyEntry, Located, PolicyDocument, Statement } from '../src/policy/model.js';
import { hasCondition, isAllow, isPolicyDocumentDataSource, statementLabel } from '../src/policy/queries.js';
import { covers as patternCovers } from '../src/iam/arn-cover.js';

/** The keys S3 Block Public Access treats as making a policy non-public (RULES.md's list). */
const PINNING_KEYS = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:userid',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOwner',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceVpc',
  'aws:SourceVpce',
  // The network perimeter keys of endpoints the organization or account owns, which AWS's data
  // perimeter examples use beside aws:SourceVpce: a fixed owner keeps out callers from anywhere else.
  'aws:VpceAccount',
  'aws:VpceOrgID',
  'aws:VpceOrgPaths',
  'kms:CallerAccount',
  'aws:SourceIp',
  // Access point delegation (S3's "meaning of public" counts both as fixed callers).
  's3:DataAccessPointAccount',
  's3:DataAccessPointArn',
];

const PIN_BLOCK = '"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}}';
// AWS services calling on a customer's behalf carry no aws:PrincipalOrgID: a statement for them pins
// the customer with the Source keys (IAM guide, aws:PrincipalOrgID and the confused deputy problem).
const SERVICE_PIN_BLOCK = '"Condition": {"StringEquals": {"aws:SourceOrgID": "o-xxxxxxxxxx"}}';

const OPEN_RANGES = new Set(['0.0.0.0', '::']);
/** Every address: a prefix length of 0 whatever the address before it (`0.0.0.0/0`, `0::/0`, `10.0.0.0/0`). */
const isOpenRange = (value: string) => OPEN_RANGES.has(value) || /\/0+$/.test(value.trim());

export default defineRule({
  meta: {
    id: 'no-public-principal',
    severity: 'error',
    description: 'Principal "*" in an Allow of a trust or resource policy, without a condition that pins the caller',
    kinds: ['resource', 'trust'],
    messages: {
      public: 'Statement {{statement}} allows any principal ({{principal}}) with no condition that pins the caller',
      pinHelp: 'Name the principals (an account or role ARN), or {{where}} a condition that pins the caller: {{block}}',
      pinIntoOperator: 'Name the principals (an account or role ARN), or pin the caller: add "{{key}}": "o-xxxxxxxxxx" to its "StringEquals"',
      pinSetValue: 'Name the principals (an account or role ARN), or pin the caller: set its "StringEquals" "{{key}}" to your organization ID ("o-xxxxxxxxxx")',
      pinAttribute: 'Name the principal (an account ID or ARN), or pin it to your organization with {{setting}} on {{resource}}',
      publicUrl: 'A function URL with auth type NONE is public by design, and a condition on the caller would break it (its requests are not signed): if it should not be public, give the URL the AWS_IAM auth type and name the principals; if it should, suppress this finding with that reason',
    },
  },
  create(context) {
    return {
      policy(policy) {
        for (const statement of policy.statements) {
          if (!isAllow(statement) || isPinned(statement) || viaFunctionUrl(statement)) continue;
          const star = publicPrincipal(statement);
          if (!star || deniedUnlessPinned(policy, statement)) continue;
          const principal = star.path[star.path.length - 1] === 'Principal' ? '"*"' : '{"AWS": "*"}';
          context.report({
            messageId: 'public',
            data: { statement: statementLabel(statement), principal },
            at: star,
            suggestion: unauthenticatedUrl(statement)
              ? { messageId: 'publicUrl' }
              : isLambdaPermission(policy)
                ? permissionSuggestion(policy)
                : pinAdvice(statement, policy),
          });
        }
      },
    };
  },
});

/**
 * `lambda:InvokedViaFunctionUrl` true: lambda:InvokeFunction only through the function's URL, whose own
 * lambda:InvokeFunctionUrl permission (with its auth type) is where a public URL is reported.
 */
function viaFunctionUrl(statement: Statement): boolean {
  return conditionsOn(statement, ['lambda:InvokedViaFunctionUrl']).some(({ parts, entry }) => parts.base === 'Bool' && !parts.negated && entry.values.length > 0 && entry.values.every((v) => String(v.value).toLowerCase() === 'true'));
}

/** A function URL's permission for auth type NONE, whose callers are anonymous: no condition on them can hold. */
function unauthenticatedUrl(statement: Statement): boolean {
  return conditionsOn(statement, ['lambda:FunctionUrlAuthType']).some(({ parts, entry }) => parts.base === 'StringEquals' && !parts.negated && entry.values.some((v) => String(v.value).toUpperCase() === 'NONE'));
}

/** A Lambda permission has no Condition to add to: its organization attribute or property becomes one. */
function permissionSuggestion(policy: PolicyDocument) {
  const setting = policy.dialect === 'cloudformation' ? 'PrincipalOrgID: o-xxxxxxxxxx' : 'principal_org_id = "o-xxxxxxxxxx"';
  return { messageId: 'pinAttribute' as const, data: { setting, resource: permissionLabel(policy) } };
}

function publicPrincipal(statement: Statement): Located | undefined {
  const p = statement.principal;
  if (!p) return undefined;
  if (p.wildcard) return p.wildcard;
  for (const entry of p.entries) {
    if (entry.type.value !== 'AWS') continue;
    const star = entry.values.find((v) => v.value === '*');
    if (star) return star;
  }
  return undefined;
}

/** The condition to add; into a StringEquals the statement has, since a second one in its Condition would replace it. */
function pinAdvice(statement: Statement, policy: PolicyDocument): { messageId: 'pinHelp' | 'pinIntoOperator' | 'pinSetValue'; data: Record<string, string> } {
  const services = forServices(statement);
  // A policy document data source takes condition blocks, which never collide.
  const dataSource = isPolicyDocumentDataSource(policy);
  if (!dataSource && statement.condition?.operators.some((o) => o.operator.value === 'StringEquals')) {
    const key = services ? 'aws:SourceOrgID' : 'aws:PrincipalOrgID';
    // The key is there already, with a value that pins nothing (`*`): adding it again would make a duplicate key.
    const present = conditionsOn(statement, [key]).some(({ operator }) => operator === 'StringEquals');
    return { messageId: present ? 'pinSetValue' : 'pinIntoOperator', data: { key } };
  }
  const block = services ? SERVICE_PIN_BLOCK : PIN_BLOCK;
  if (!hasCondition(statement)) return { messageId: 'pinHelp', data: { where: 'add', block } };
  // Into the Condition it has: the operator and key, not a second "Condition" inside it (a data source's condition blocks stand alone).
  return { messageId: 'pinHelp', data: { where: 'add to its Condition', block: dataSource ? block : block.replace(/^"Condition": \{(.*)\}$/, '$1') } };
}

/** The statement is for AWS service principals only (`Bool aws:PrincipalIsAWSService "true"`). */
function forServices(statement: Statement): boolean {
  return conditionsOn(statement, ['aws:PrincipalIsAWSService']).some(({ parts, entry }) => parts.base === 'Bool' && !parts.negated && entry.values.every((v) => v.value.toLowerCase() === 'true'));
}

/**
 * A pinning key under a positive operator with only fixed values. Negated operators, IfExists and
 * `ForAllValues:` are true when the key is absent (an anonymous caller has no aws:PrincipalOrgID), so they do not pin.
 */
function isPinned(statement: Statement): boolean {
  return conditionsOn(statement, PINNING_KEYS).some(({ parts, entry }) => isPositiveTest(parts) && hasFixedValues(entry));
}

/** Values that name callers: some, each naming its owner (see `namesOwner`), and for aws:SourceIp no range open to every address. */
function hasFixedValues(entry: ConditionKeyEntry): boolean {
  if (entry.values.length === 0) return false;
  const key = entry.key.value.toLowerCase();
  return entry.values.every((v) => v.intrinsic !== undefined || (namesOwner(key, v.value) && !(key === 'aws:sourceip' && isOpenRange(v.value))));
}


/**
 * AWS's private API pattern: an Allow for everyone beside a Deny for everyone unless a pinning key
 * matches (`StringNotEquals aws:SourceVpce`, `NotIpAddress aws:SourceIp`), on at least the Allow's
 * actions and resources. Only pinned callers get through, as S3 Block Public Access and Access
 * Analyzer read it. Negated operators are true when the key is absent, so callers without it are denied.
 */
function deniedUnlessPinned(policy: PolicyDocument, allow: Statement): boolean {
  const actions = allow.action?.values;
  const resources = allow.resource?.values;
  if (!actions || !resources) return false;
  return policy.statements.some(
    (deny) =>
      deny.effect?.value === 'Deny' &&
      publicPrincipal(deny) !== undefined &&
      deniesAllButPinned(deny) &&
      (deny.notAction ? excludesNone(deny.notAction.values, actions, false) : covers(deny.action?.values, actions, false)) &&
      (deny.notResource ? excludesNone(deny.notResource.values, resources, true) : covers(deny.resource?.values, resources, true)),
  );
}

/**
 * A NotAction (NotResource) Deny applies to every value the list leaves out: it covers the Allow's
 * values when none of them can be among the exceptions. Two wildcards that neither covers the other
 * may still overlap unless their literal starts part ways (`b2/public/*`, `b2/private/*`).
 */
function excludesNone(exceptions: readonly Located[], values: readonly Located[], caseSensitive: boolean): boolean {
  const text = (l: Located) => (caseSensitive ? l.value : l.value.toLowerCase());
  return values.every((v) =>
    exceptions.every((e) => {
      const [a, b] = [text(e), text(v)];
      return !patternCovers(a, b) && !patternCovers(b, a) && !mayOverlap(a, b);
    }),
  );
}

/** Two patterns with wildcards whose literal starts agree as far as both go. */
function mayOverlap(a: string, b: string): boolean {
  const start = (s: string) => s.slice(0, s.search(/[*?]|$/));
  const [x, y] = [start(a), start(b)];
  return /[*?]/.test(a) && /[*?]/.test(b) && (x.startsWith(y) || y.startsWith(x));
}

/**
 * The Deny's whole Condition is negated tests of pinning keys with fixed values: conditions are
 * ANDed, so any other test (`Bool aws:SecureTransport false`) would let pinned and unpinned
 * callers alike through when it does not hold.
 */
function deniesAllButPinned(deny: Statement): boolean {
  const operators = deny.condition?.operators ?? [];
  if (operators.length === 0 || deny.condition?.opaque) return false;
  const pins = conditionsOn(deny, PINNING_KEYS);
  const keys = operators.reduce((n, op) => n + op.keys.length, 0);
  return pins.length === keys && pins.every(({ parts, entry }) => parts.negated && !parts.qualifier && hasFixedValues(entry));
}

/**
 * Every value is named by one of the patterns, with IAM's matching (a value known only at deploy
 * time only by the same expression or `*`); actions compare without case, resources with it.
 */
function covers(patterns: readonly Located[] | undefined, values: readonly Located[], caseSensitive: boolean): boolean {
  if (!patterns) return false;
  const text = (l: Located) => (caseSensitive ? l.value : l.value.toLowerCase());
  return values.every((v) => patterns.some((p) => patternCovers(text(p), text(v))));
}
