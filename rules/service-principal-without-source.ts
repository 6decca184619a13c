/**
 * service-principal-without-source: a resource policy that lets an AWS service act on the resource
 * without saying on whose behalf. Any customer's CloudTrail trail, SNS topic or log delivery can then
 * point the service at this resource: the cross-service confused deputy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention
 */
import { defineRule } from '../src/engine/rule.js';
import { isKnownService } from '../src/iam/data.js';
import { isLambdaPermission, permissionLabel } from '../src/loaders/lambda-permission.js';
import { syntaxOf } from '../src/loaders/parse-file.js';
import { conditionsOn, namesOwner } from '../src/policy/conditions.js';
import type { IacDialect, Located, PolicyDocument, Statement } from '../src/policy/model.js';
import { isAllow, isPolicyDocumentDataSource, listSome, principalValues, statementLabel } from '../src/policy/queries.js';

// aws:SourceOwner is the older S3/SNS form of aws:SourceAccount and still honoured.
// lambda:EventSourceToken is the Alexa skill ID a Lambda permission's EventSourceToken requires of the caller.
const SOURCE_KEYS = ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:SourceOwner', 'lambda:EventSourceToken'];

export default defineRule({
  meta: {
    id: 'service-principal-without-source',
    severity: 'warning',
    description: 'A resource policy that grants a service principal without aws:SourceArn, aws:SourceAccount or aws:SourceOrgID',
    kinds: ['resource'],
    messages: {
      noSource: 'Statement {{statement}} lets {{services}} act on this resource on behalf of any account: no aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths condition',
      looseSource: 'Statement {{statement}} lets {{services}} act on this resource on behalf of any account: its {{keys}} condition does not pin it to one account or organization',
      addSource: '{{advice}}',
      addSourceAttributes: 'Add source_account = data.aws_caller_identity.current.account_id to {{resource}}{{arn}}',
      addSourceProperties: 'Add SourceAccount: !Ref AWS::AccountId to {{resource}}{{arn}}',
      addSourcePropertiesJson: 'Add "SourceAccount": {"Ref": "AWS::AccountId"} to {{resource}}{{arn}}',
    },
  },
  create(context) {
    function check(policy: PolicyDocument, statement: Statement): void {
      if (!isAllow(statement) || isPinned(statement)) return;
      const services = principalValues(statement.principal, 'Service');
      const first = services[0];
      if (!first) return;
      // A source key that is there but pins nothing (`arn:aws:events:*:*:*`, a negated or IfExists test).
      const loose = [...new Set(conditionsOn(statement, SOURCE_KEYS).map(({ entry }) => entry.key.value))];
      context.report({
        messageId: loose.length > 0 ? 'looseSource' : 'noSource',
        data: { statement: statementLabel(statement), services: listSome(services.map((s) => `"${s.value}"`), 3), keys: loose.join(', ') },
        at: first,
        suggestion: isLambdaPermission(policy)
          ? permissionSuggestion(policy, services, syntaxOf(context.file) === 'json')
          : { messageId: 'addSource', data: { advice: sourceSuggestion(policy, statement, services, context.file.text) } },
      });
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) check(policy, statement);
      },
    };
  },
});

/**
 * A source key under a positive operator with fixed values, or the encryption context a service puts
 * in its KMS requests, which names the calling resource or account just as well: CloudTrail's and
 * CloudWatch Logs' `aws:<service>:arn`, EventBridge's `aws:events:event-bus:arn`, SNS's
 * `aws:sns:topicArn`, Lambda's `aws:lambda:FunctionArn`, SES's `aws:ses:source-account`.
 */
const CONTEXT_SOURCE_KEY = /^kms:EncryptionContext:aws:[a-z0-9-]+:(?:[a-z-]+:)?[a-z-]*(?:arn|account)$/i;
function isPinned(statement: Statement): boolean {
  const fixed = (values: Located[]) => values.length > 0 && values.every((v) => v.value !== '*' && v.value !== '');
  // `arn:aws:s3:::*` names no one's bucket: the source keys' values must name an owner, as no-public-principal's do.
  const owned = (key: string, values: Located[]) => fixed(values) && values.every((v) => v.intrinsic !== undefined || namesOwner(key, v.value));
  if (conditionsOn(statement, SOURCE_KEYS).some(({ parts, entry }) => !parts.negated && parts.base !== 'Null' && !parts.ifExists && owned(entry.key.value, entry.values))) return true;
  return (statement.condition?.operators ?? []).some((op) =>
    op.keys.some((k) => CONTEXT_SOURCE_KEY.test(k.key.value) && !/Not/.test(op.operator.value) && fixed(k.values)),
  );
}

const PSEUDO: Record<IacDialect, { account: string; partition: string }> = {
  cloudformation: { account: '${AWS::AccountId}', partition: '${AWS::Partition}' },
  // Needs `data "aws_caller_identity" "current" {}` and `data "aws_partition" "current" {}`.
  terraform: { account: '${data.aws_caller_identity.current.account_id}', partition: '${data.aws_partition.current.partition}' },
};

/**
 * The condition with the account the policy lives in, as its language writes it: the template's own,
 * Terraform's data sources, else one named in Resource or a placeholder. A plan holds resolved values,
 * but its fix goes in the configuration, where the data sources hold in every account it is applied to.
 * A log bucket whose Resource names the delivering accounts (`AWSLogs/111122223333/*`, a central
 * CloudTrail or Config bucket) takes those accounts: the services deliver on their behalf, not the
 * bucket owner's.
 */
function sourceSuggestion(policy: PolicyDocument, statement: Statement, services: Located[], text: string): string {
  const { dialect } = policy;
  const delivering = deliveringAccounts(statement);
  let own = dialect ? PSEUDO[dialect] : { account: accountIn(statement) ?? 'ACCOUNT_ID', partition: 'aws' };
  // A Terraform data source the input does not declare would break the plan once pasted: the partition
  // is written out instead, and the caller-identity one the suggestion says to declare.
  const undeclared = dialect === 'terraform' && !declaresData(text, 'aws_caller_identity');
  if (dialect === 'terraform' && !declaresData(text, 'aws_partition')) own = { ...own, partition: 'aws' };
  const account = delivering.length === 1 ? (delivering[0] as string) : own.account;
  // With several services, one SourceArn would deny all but one of them: SourceAccount suits each;
  // so it does for several delivering accounts.
  const service = new Set(services.map((s) => s.value.toLowerCase())).size === 1 && delivering.length <= 1 ? knownService(services) : undefined;
  // CloudFormation fills in ${AWS::AccountId} only inside Fn::Sub: a value of a policy written as an
  // object needs the intrinsic; a policy string is a Sub's template already, or has to become one.
  const cfn = dialect === 'cloudformation' && !policy.inString;
  const pseudo = delivering.length === 0 && cfn;
  const accountValue = delivering.length > 1 ? `[${delivering.map((a) => `"${a}"`).join(', ')}]` : pseudo ? '{"Ref": "AWS::AccountId"}' : `"${account}"`;
  const pattern = service ? sourceArnPattern(service, own.partition, account) : '';
  const entries: [string, string, string][] = [['StringEquals', 'aws:SourceAccount', accountValue]];
  if (service) entries.push(['ArnLike', 'aws:SourceArn', cfn && pattern.includes('${') ? `{"Fn::Sub": "${pattern}"}` : `"${pattern}"`]);
  let advice = withCondition(statement, entries, isPolicyDocumentDataSource(policy));
  if (undeclared && delivering.length === 0) advice += ', which needs data "aws_caller_identity" "current" {} in the module';
  if (!advice.includes('${AWS::')) return advice;
  // In a plain JSON string CloudFormation fills nothing in: the string has to become a Sub's template.
  if (dialect === 'cloudformation' && policy.inString === 'string') advice += ', and make the policy string an Fn::Sub so that ${AWS::AccountId} is filled in';
  // Fn::Join fills nothing in either: the account is a piece of its own between the strings.
  if (dialect === 'cloudformation' && policy.inString === 'Fn::Join') advice += ', where each ${AWS::...} is a {"Ref": "AWS::..."} piece of the Fn::Join';
  return advice;
}

/** Whether a Terraform file or plan declares `data "<type>" "current"` (a plan names it data.<type>.current). */
function declaresData(text: string, type: string): boolean {
  return new RegExp(`data\\s+"${type}"\\s+"current"|data\\.${type}\\.current\\b`).test(text);
}

/**
 * `Add "Condition": {...}`, or, where the statement's Condition already has an operator, the keys to
 * add to it: a second "StringEquals" in one object would replace the first. A policy document data
 * source takes condition blocks (hcl-advice.ts), which never collide.
 */
function withCondition(statement: Statement, entries: [string, string, string][], dataSource: boolean): string {
  const block = (list: [string, string, string][]) => `{${list.map(([op, key, value]) => `"${op}": {"${key}": ${value}}`).join(', ')}}`;
  if (!statement.condition) return `Add "Condition": ${block(entries)}`;
  const existing = new Set(statement.condition.operators.map((o) => o.operator.value));
  // A key the operator has already (`"aws:SourceArn": "arn:aws:events:*:*:*"`, any account's) gets a
  // new value: adding it again would make a duplicate key.
  const has = (op: string, key: string) => conditionsOn(statement, [key]).some(({ operator }) => operator === op);
  const into = dataSource ? [] : entries.filter(([op]) => existing.has(op));
  if (into.length === 0) return `Add to its Condition: ${block(entries)}`;
  const set = into.filter(([op, key]) => has(op, key));
  const added = into.filter((e) => !set.includes(e));
  const rest = entries.filter((e) => !into.includes(e));
  const clauses = [
    ...(set.length > 0 ? [`Set ${set.map(([op, key, value]) => `its "${op}" "${key}" to ${value}`).join(' and ')}`] : []),
    ...(added.length > 0 ? [`${set.length > 0 ? 'add' : 'Add'} ${added.map(([op, key, value]) => `"${key}": ${value} to its "${op}"`).join(' and ')}`] : []),
  ];
  return `${clauses.join(', ')}${rest.length > 0 ? `, and ${set.length > 0 && added.length === 0 ? 'add ' : ''}${block(rest).slice(1, -1)} to its Condition` : ''}`;
}

/** The accounts a log bucket's Resource names as delivering (`.../AWSLogs/111122223333/...`), in order. */
function deliveringAccounts(statement: Statement): string[] {
  const out = new Set<string>();
  for (const r of statement.resource?.values ?? []) for (const m of r.value.matchAll(/\/AWSLogs\/(\d{12})(?=\/|$)/g)) out.add(m[1] as string);
  return [...out];
}

/**
 * Services whose calling resources have ARNs without an account: an S3 bucket's
 * (`arn:aws:s3:::bucket`, for event notifications and log delivery), a Route 53 hosted zone's (query
 * logging). `arn:aws:s3:*:111122223333:*` would refuse every bucket notification; a `*` account
 * matches the empty one, and aws:SourceAccount still pins the account.
 */
const ACCOUNTLESS_SOURCES = new Set(['s3', 'route53']);

function sourceArnPattern(service: string, partition: string, account: string): string {
  return `arn:${partition}:${service}:*:${ACCOUNTLESS_SOURCES.has(service) ? '*' : account}:*`;
}

/**
 * A Lambda permission (aws_lambda_permission, AWS::Lambda::Permission) has no Condition to add to:
 * its source account and source ARN attributes or properties become one.
 */
/** `json`: the template is written in JSON, where a YAML short form (`!Ref`) would not parse. */
function permissionSuggestion(policy: PolicyDocument, services: Located[], json: boolean) {
  const service = knownService(services);
  const resource = permissionLabel(policy);
  if (policy.dialect === 'cloudformation') {
    const arn = service ? ` (and ${json ? '"SourceArn":' : 'SourceArn:'} the ARN of the ${service} resource that may invoke the function)` : '';
    return { messageId: json ? ('addSourcePropertiesJson' as const) : ('addSourceProperties' as const), data: { resource, arn } };
  }
  const arn = service ? ` (and source_arn = the ARN of the ${service} resource that may invoke the function)` : '';
  return { messageId: 'addSourceAttributes' as const, data: { resource, arn } };
}

function knownService(services: Located[]): string | undefined {
  return services.map((s) => /^([a-z0-9-]+)\.amazonaws\.com$/i.exec(s.value)?.[1]).find((s): s is string => s !== undefined && isKnownService(s));
}

function accountIn(statement: Statement): string | undefined {
  for (const r of statement.resource?.values ?? []) {
    const m = /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(r.value);
    if (m) return m[1];
  }
  return undefined;
}
