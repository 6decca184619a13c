/**
 * invalid-principal: a Principal or NotPrincipal value IAM rejects as malformed (unknown principal
 * type, bad account id, an ARN that names no principal, a service principal that is not
 * `name.amazonaws.com`), and the service principals in `aws:CalledVia*` conditions that Access
 * Analyzer flags as INVALID_SERVICE_PRINCIPAL_FORMAT.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import { defineRule, type MessageData } from '../src/engine/rule.js';
import { isKnownService } from '../src/iam/data.js';
import { closest } from '../src/iam/similar.js';
import { conditionsOn } from '../src/policy/conditions.js';
import type { Located, PrincipalBlock } from '../src/policy/model.js';
import { isPlaceholder } from '../src/policy/queries.js';
import { POLICY_KINDS, type PolicyKind } from '../src/types.js';

const TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
type PrincipalType = (typeof TYPES)[number];
const PRINCIPAL_KINDS: ReadonlySet<PolicyKind> = new Set(['resource', 'trust', 'rcp', 'endpoint']);
const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];
/** The domains service principals end in, per partition; `.amazon.com` is Alexa's (`alexa-appkit.amazon.com`). */
const DOMAINS = 'amazonaws\\.com|amazonaws\\.com\\.cn|amazon\\.com|c2s\\.ic\\.gov|sc2s\\.sgov\\.gov|cloud\\.adc-e\\.uk|csp\\.hci\\.ic\\.gov|amazonaws\\.eu';
const SERVICE_DOMAIN = new RegExp(`\\.(${DOMAINS})$`);
const DOMAIN_ONLY = new RegExp(`^(${DOMAINS})$`);
const SERVICE_NAME = /^[a-z0-9][a-z0-9.-]*$/;
/** The identity providers IAM knows by name; any other is named by its IAM identity provider ARN. */
const NAMED_PROVIDERS = ['cognito-identity.amazonaws.com', 'www.amazon.com', 'graph.facebook.com', 'accounts.google.com', 'appleid.apple.com'];
const CALLED_VIA = ['aws:CalledVia', 'aws:CalledViaFirst', 'aws:CalledViaLast'];
/**
 * Access Analyzer accepts `service.amazonaws.com` in aws:CalledVia, and a one-word prefix such as
 * `ops.emr-serverless.amazonaws.com`, but flags `application-signals.cloudwatch.amazonaws.com`.
 */
const CALLED_VIA_FORM = /^([a-z0-9]+\.)?[a-z0-9-]+\.(amazonaws\.com|amazonaws\.com\.cn)$/;
/** IAM unique ids: a deleted user or role in an existing policy shows as one, and AWS keeps accepting it. */
const UNIQUE_ID = /^(AIDA|AROA)[A-Z0-9]{12,28}$/;
const EXAMPLE_ACCOUNT = '123456789012';
/**
 * Stand for a `${...}` part (a CloudFormation intrinsic or variable): HOLE for a pseudo parameter
 * that fills one ARN field and holds no colon, FREE for anything else, which may hold several fields.
 */
const HOLE = '\u0001';
const FREE = '\u0002';
const FIELD_HOLE = /^\$\{AWS::(Partition|AccountId|Region|URLSuffix)\}$/;

type MessageId =
  | 'unknownType' | 'typeCase' | 'typeTypo' | 'typeFromValues' | 'typeList'
  | 'malformed' | 'calledVia' | 'useFix' | 'checkCalledVia' | 'useFixZero' | 'moveTo' | 'accountId' | 'wildcardArn' | 'principalForms'
  | 'serviceName' | 'providerArn' | 'providerForms' | 'unquotedNumber' | 'quote';

interface Issue {
  problem: string;
  suggestion: { messageId: MessageId; data: MessageData };
}

const fix = (value: string): Issue['suggestion'] => ({ messageId: 'useFix', data: { fix: value } });
const moveTo = (type: PrincipalType, value: string): Issue['suggestion'] => ({ messageId: 'moveTo', data: { type, value } });

export default defineRule({
  meta: {
    id: 'invalid-principal',
    severity: 'error',
    description: 'Malformed principal: unknown principal type, bad account id, malformed ARN or service principal',
    kinds: POLICY_KINDS,
    messages: {
      unknownType: 'Unknown principal type "{{type}}" in {{element}}; the types are AWS, Service, Federated and CanonicalUser',
      typeCase: 'Use "{{fix}}": principal types are case-sensitive',
      typeTypo: 'Did you mean "{{fix}}"?',
      typeFromValues: 'Use "{{fix}}", the type of {{value}}',
      typeList: 'Use one of AWS, Service, Federated or CanonicalUser',
      malformed: '{{type}} principal "{{value}}" {{problem}}',
      calledVia: '{{key}} value "{{value}}" {{problem}}',
      useFix: 'Write it as "{{fix}}"',
      checkCalledVia: 'Check the value the calling service documents for aws:CalledVia; "{{service}}" is no drop-in replacement, as it names another caller',
      useFixZero: 'Write it as "{{fix}}" if a leading zero was lost, and keep it quoted so YAML and JSON keep the zero',
      moveTo: 'Put it under {{type}}: {"{{type}}": "{{value}}"}',
      accountId: 'Write the 12-digit account id in place of "{{account}}", as in "{{form}}"',
      unquotedNumber: '{{type}} principal {{value}} is an unquoted number with a leading zero: {{reading}}',
      quote: 'Quote it ("{{value}}"), so every YAML reader keeps it as written',
      wildcardArn: 'Use {"AWS": "*"} with "Condition": {"ArnLike": {"aws:PrincipalArn": "{{value}}"}}',
      principalForms: 'Name an account, user, role or role session, e.g. "{{form}}"',
      serviceName: 'Write the service name before the domain, e.g. "{{form}}"',
      providerArn: 'Name the provider by its IAM identity provider ARN, e.g. "{{form}}"',
      providerForms: 'Name one provider: its IAM identity provider ARN ("arn:aws:iam::{{account}}:oidc-provider/token.actions.githubusercontent.com", "arn:aws:iam::{{account}}:saml-provider/{{name}}") or a provider IAM knows by name ("cognito-identity.amazonaws.com")',
    },
  },
  create(context) {
    const report = (at: Located, messageId: 'malformed' | 'calledVia', data: MessageData, issue: Issue): void => {
      context.report({ messageId, data: { ...data, value: at.value, problem: issue.problem }, at, suggestion: issue.suggestion });
    };

    // HCL has numbers with leading zeros of its own; the YAML readings below are not Terraform's.
    const hcl = /\.tf$/i.test(context.file.path);

    function checkBlock(block: PrincipalBlock, kind: PolicyKind): void {
      for (const entry of block.entries) {
        // `type = var.principal_type`: the type, and so what its values must look like, is known only at deploy time.
        if (isPlaceholder(entry.type)) continue;
        const type = TYPES.find((t) => t === entry.type.value);
        if (!type) {
          context.report({ messageId: 'unknownType', data: { type: entry.type.value, element: block.key.value }, at: entry.type, suggestion: typeSuggestion(entry.type.value, entry.values) });
          continue;
        }
        for (const value of entry.values) {
          // An STS endpoint policy lets federated callers through with {"Federated": "*"}: they carry no
          // principal keys to match (AWS's data perimeter examples, sts_endpoint_policy.json).
          if (type === 'Federated' && value.value === '*' && kind === 'endpoint') continue;
          const reading = type === 'AWS' && !hcl ? unquotedNumberReading(value) : undefined;
          if (reading) {
            context.report({ messageId: 'unquotedNumber', data: { type, value: value.value, reading }, at: value, suggestion: { messageId: 'quote', data: { value: value.value } } });
            continue;
          }
          const issue = checkValue(type, value);
          if (issue) report(value, 'malformed', { type }, issue);
        }
      }
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) {
          if (PRINCIPAL_KINDS.has(policy.kind)) {
            if (statement.principal) checkBlock(statement.principal, policy.kind);
            if (statement.notPrincipal) checkBlock(statement.notPrincipal, policy.kind);
          }
          for (const { entry } of conditionsOn(statement, CALLED_VIA)) {
            for (const value of entry.values) {
              if (value.intrinsic || /[*?]|\$\{/.test(value.value)) continue;
              const issue = checkService(value.value) ?? checkCalledVia(value.value);
              if (issue) report(value, 'calledVia', { key: entry.key.value }, issue);
            }
          }
        }
      },
    };
  },
});

/**
 * An account id written in YAML as a bare number with a leading zero and digits 0-7 only
 * (`AWS: 012345670123`) is not the text it shows: YAML 1.1, which CloudFormation and the SAM CLI
 * read, takes it as an octal number, and YAML 1.2 readers as a decimal one without the zero. With an
 * 8 or 9 in it, YAML 1.1 keeps it as written. JSON has no such number, and a quoted value's span
 * holds its quotes, so only a plain YAML scalar matches.
 */
function unquotedNumberReading(value: Located): string | undefined {
  if (value.intrinsic || !/^0[0-7]+$/.test(value.value) || value.span.end - value.span.start !== value.value.length) return undefined;
  return `YAML 1.1, which CloudFormation reads, takes it as the octal number ${Number.parseInt(value.value, 8)} (YAML 1.2 as ${Number(value.value)})`;
}

function typeSuggestion(type: string, values: Located[]): { messageId: MessageId; data?: MessageData } {
  const [near] = closest(type, TYPES, 1);
  if (near) return { messageId: near.toLowerCase() === type.toLowerCase() ? 'typeCase' : 'typeTypo', data: { fix: near } };
  const first = values[0];
  const inferred = first && TYPES.find((t) => t !== 'CanonicalUser' && !checkValue(t, first));
  return inferred && first ? { messageId: 'typeFromValues', data: { fix: inferred, value: `"${first.value}"` } } : { messageId: 'typeList' };
}

function checkValue(type: PrincipalType, value: Located): Issue | undefined {
  // A Ref or GetAtt is only known at deploy time; its shape here is a guess, not the user's text.
  if (value.intrinsic === 'Ref' || value.intrinsic === 'Fn::GetAtt') return undefined;
  const holes: string[] = [];
  const masked = value.value.replace(/\$\{[^}]*\}/g, (h) => (holes.push(h), FIELD_HOLE.test(h) ? HOLE : FREE));
  if (/^[\u0001\u0002]+$/.test(masked)) return undefined;
  const issue = type === 'AWS' ? checkAws(masked) : type === 'Service' ? checkService(masked) : type === 'Federated' ? checkFederated(masked) : undefined;
  if (!issue) return undefined;
  let i = 0;
  const unmask = (s: string | number): string | number => (typeof s === 'string' ? s.replace(/[\u0001\u0002]/g, () => holes[i++] ?? '') : s);
  const data: MessageData = {};
  for (const [k, v] of Object.entries(issue.suggestion.data)) {
    i = 0;
    data[k] = unmask(v);
  }
  i = 0;
  return { problem: String(unmask(issue.problem)), suggestion: { ...issue.suggestion, data } };
}

const hasHole = (s: string): boolean => s.includes(HOLE) || s.includes(FREE);
const onlyHoles = (s: string): boolean => /^[\u0001\u0002]+$/.test(s);

function trimmed(value: string, check: (v: string) => Issue | undefined): Issue | undefined {
  const t = value.trim();
  if (t === value) return undefined;
  const inner = check(t);
  return { problem: 'has spaces around it', suggestion: inner?.suggestion ?? fix(t) };
}

function checkAws(v: string): Issue | undefined {
  if (v === '*') return undefined;
  const spaced = trimmed(v, checkAws);
  if (spaced) return spaced;
  if (/^[\d\u0001\u0002]+$/.test(v)) return checkAccount(v, (a) => a);
  if (/^\d{4}-\d{4}-\d{4}$/.test(v)) return { problem: 'has dashes; account ids are 12 digits without dashes', suggestion: fix(v.replaceAll('-', '')) };
  if (UNIQUE_ID.test(v)) return undefined;
  if (/^arn:/i.test(v)) return checkArn(v, 'AWS');
  if (hasHole(v)) return undefined;
  if (!checkService(v) || SERVICE_DOMAIN.test(v.toLowerCase())) {
    return { problem: 'is a service principal, not an account or IAM ARN', suggestion: moveTo('Service', checkService(v) ? v.toLowerCase() : v) };
  }
  if (/account/i.test(v) || /^[\w-]*\d[\w-]*$/.test(v)) {
    return { problem: 'is not a 12-digit account id', suggestion: { messageId: 'accountId', data: { account: v, form: EXAMPLE_ACCOUNT } } };
  }
  const form = /^[\w+=,.@-]+$/.test(v) ? `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/${v}` : `arn:aws:iam::${EXAMPLE_ACCOUNT}:root`;
  return { problem: 'is neither "*", a 12-digit account id nor an IAM principal ARN', suggestion: { messageId: 'principalForms', data: { form } } };
}

/** An account id on its own or inside an ARN; `inArn` rebuilds the whole value around a fixed id. */
function checkAccount(account: string, inArn: (account: string) => string): Issue | undefined {
  const digits = account.replace(/[\u0001\u0002]/g, '').length;
  if (hasHole(account)) {
    return digits > 12 ? { problem: `has ${digits} digits in its account id; account ids have exactly 12`, suggestion: { messageId: 'accountId', data: { account, form: inArn(EXAMPLE_ACCOUNT) } } } : undefined;
  }
  if (account === '') return { problem: 'has no account id', suggestion: { messageId: 'accountId', data: { account, form: inArn(EXAMPLE_ACCOUNT) } } };
  if (!/^\d+$/.test(account)) {
    return { problem: `has "${account}" where the 12-digit account id belongs`, suggestion: { messageId: 'accountId', data: { account, form: inArn(EXAMPLE_ACCOUNT) } } };
  }
  if (digits === 12) return undefined;
  const problem = `has ${[8, 11, 18].includes(digits) ? 'an' : 'a'} ${digits}-digit account id; account ids have exactly 12 digits`;
  // A YAML or JSON number drops leading zeros; more than two lost zeros is more likely a typo.
  if (digits >= 10 && digits < 12) return { problem, suggestion: { messageId: 'useFixZero', data: { fix: inArn(account.padStart(12, '0')) } } };
  const stripped = account.replace(/^0+/, '').padStart(12, '0');
  if (digits > 12 && stripped.length === 12) return { problem, suggestion: fix(inArn(stripped)) };
  return { problem, suggestion: { messageId: 'accountId', data: { account, form: inArn(EXAMPLE_ACCOUNT) } } };
}

interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

const render = (p: ArnParts): string => `arn:${p.partition}:${p.service}:${p.region}:${p.account}:${p.resource}`;

/** Resource forms each principal type accepts, by service. */
const RESOURCE_FORMS: Record<'AWS' | 'Federated', Record<string, RegExp>> = {
  AWS: {
    iam: /^(root|(user|role)\/.*[^/]|assumed-role\/[^/]+\/.+|federated-user\/.+)$/,
    sts: /^(assumed-role\/[^/]+\/.+|federated-user\/.+)$/,
  },
  Federated: { iam: /^(oidc-provider|saml-provider)\/.+$/ },
};

function checkArn(v: string, type: 'AWS' | 'Federated'): Issue | undefined {
  const parts = v.split(':');
  if (parts.length !== 6) {
    if (v.includes(FREE)) return undefined;
    const repaired = looseParts(v);
    const fixed = repaired && normalize(repaired, type);
    const problem = parts.length < 6 ? `is missing ${6 - parts.length === 1 ? 'a colon' : `${6 - parts.length} colons`}; a principal ARN has 6 parts, arn:PARTITION:${type === 'AWS' ? 'iam::ACCOUNT:root' : 'iam::ACCOUNT:oidc-provider/HOST'}` : `has ${parts.length - 6} extra colon${parts.length > 7 ? 's' : ''}; a principal ARN has 6 parts`;
    return { problem, suggestion: fixed ? fix(fixed) : { messageId: 'principalForms', data: { form: `arn:aws:iam::${EXAMPLE_ACCOUNT}:root` } } };
  }
  const [prefix = '', partition = '', service = '', region = '', account = '', resource = ''] = parts;
  const p: ArnParts = { partition, service, region, account, resource };
  const issue = arnProblem(prefix, p, type);
  if (!issue) return undefined;
  if (issue.suggestion) return issue as Issue;
  const fixed = normalize(p, type);
  return { problem: issue.problem, suggestion: fixed ? fix(fixed) : { messageId: 'principalForms', data: { form: render({ ...p, partition: 'aws', service: 'iam', region: '', resource: 'root', account: /^\d{12}$/.test(account) ? account : EXAMPLE_ACCOUNT }) } } };
}

function arnProblem(prefix: string, p: ArnParts, type: 'AWS' | 'Federated'): { problem: string; suggestion?: Issue['suggestion'] } | undefined {
  const value = `${prefix}:${render(p).slice(4)}`;
  if (prefix !== 'arn') return { problem: 'starts with upper-case "ARN"; ARNs start with "arn:"' };
  if (!hasHole(p.partition) && !PARTITIONS.includes(p.partition)) return { problem: `has unknown partition "${p.partition}"` };
  if (!hasHole(p.service)) {
    const svc = p.service.toLowerCase();
    if (type === 'Federated' && svc !== 'iam') return { problem: `is an ARN of service "${p.service}"; identity providers are IAM ARNs (arn:aws:iam::ACCOUNT:oidc-provider/HOST)` };
    if (svc !== 'iam' && svc !== 'sts') return { problem: `is an ARN of service "${p.service}", not an IAM principal`, suggestion: { messageId: 'principalForms', data: { form: `arn:aws:iam::${/^\d{12}$/.test(p.account) ? p.account : EXAMPLE_ACCOUNT}:root` } } };
    if (svc !== p.service) return { problem: `has upper-case service "${p.service}"` };
  }
  if (p.region !== '' && !onlyHoles(p.region)) return { problem: `has region "${p.region}"; principal ARNs have an empty region` };
  const cloudfront = p.account === 'cloudfront' && p.service === 'iam' && p.resource.startsWith('user/CloudFront Origin Access Identity ');
  if (type === 'AWS' && /[*?]/.test(p.account + p.resource)) return { problem: 'has a wildcard; a principal is "*" alone or an exact ARN', suggestion: { messageId: 'wildcardArn', data: { value } } };
  if (!cloudfront) {
    const account = checkAccount(p.account, (a) => render({ ...p, account: a }));
    if (account) return account;
  }
  return resourceProblem(p, type, value);
}

function resourceProblem(p: ArnParts, type: 'AWS' | 'Federated', value: string): { problem: string; suggestion?: Issue['suggestion'] } | undefined {
  const head = p.resource.split('/')[0] ?? '';
  if (hasHole(head) || (hasHole(p.service) && /^(root|user|role|assumed-role|federated-user|oidc-provider|saml-provider)$/.test(head))) return undefined;
  const forms = RESOURCE_FORMS[type][p.service];
  if (forms?.test(p.resource)) return undefined;
  const lower = head.toLowerCase();
  if (type === 'AWS' && (lower === 'oidc-provider' || lower === 'saml-provider')) return { problem: 'is an identity provider, which is a Federated principal', suggestion: moveTo('Federated', value) };
  if (type === 'Federated' && RESOURCE_FORMS.AWS[p.service]?.test(p.resource)) return { problem: 'is an IAM principal ARN, not an identity provider', suggestion: moveTo('AWS', value) };
  if (lower !== head) return { problem: `has upper-case "${head}"; resource types are lower-case` };
  if (p.service === 'sts' && /^(role|user|root)$/.test(head)) return { problem: `names a ${head === 'root' ? 'account' : head} in the sts service; only role sessions are sts ARNs` };
  if (head === 'assumed-role') return { problem: 'names a role session without a session name (assumed-role/ROLE/SESSION)', suggestion: fix(render({ ...p, service: 'iam', resource: `role/${p.resource.split('/')[1] ?? ''}` })) };
  if (head === 'group') return { problem: 'names an IAM group; groups cannot be principals', suggestion: { messageId: 'principalForms', data: { form: render({ ...p, resource: `user/${p.resource.split('/').pop() ?? ''}` }) } } };
  const expected = type === 'AWS' ? 'root, user/NAME, role/NAME, assumed-role/ROLE/SESSION or federated-user/NAME' : 'oidc-provider/HOST or saml-provider/NAME';
  const problem = /^(user|role|federated-user|oidc-provider|saml-provider)$/.test(head) && /^[^/]*\/?$/.test(p.resource)
    ? `names no ${head.replace('-provider', ' provider')}`
    : `names "${p.resource}", which is not a principal; expected ${expected}`;
  return { problem, suggestion: { messageId: type === 'AWS' ? 'principalForms' : 'providerArn', data: { form: render({ ...p, resource: type === 'AWS' ? 'root' : head === 'saml-provider' ? 'saml-provider/NAME' : 'oidc-provider/HOST' }) } } };
}

/** Splits an ARN with missing or extra colons into its parts, where the parts are recognisable. */
function looseParts(v: string): ArnParts | undefined {
  const tokens = v.split(':').filter((t) => t !== '');
  let i = 1;
  const partition = /^(aws|\u0001$)/i.test(tokens[i] ?? '') ? (tokens[i++] as string) : 'aws';
  const service = tokens[i++] ?? '';
  if (!/^(iam|sts)$/i.test(service)) return undefined;
  if (/^[a-z]{2}(-[a-z]+)+-\d+$/i.test(tokens[i] ?? '')) i++;
  const account = tokens[i++] ?? '';
  if (!/^(\d+|\u0001)$/.test(account)) return undefined;
  return { partition, service, region: '', account, resource: tokens.slice(i).join(':') };
}

/** The ARN with every fixable part fixed, or undefined when that does not give a valid principal. */
function normalize(p: ArnParts, type: 'AWS' | 'Federated'): string | undefined {
  const partition = hasHole(p.partition) || PARTITIONS.includes(p.partition.toLowerCase()) ? p.partition.toLowerCase() : closest(p.partition, PARTITIONS, 1)[0] ?? 'aws';
  let service = hasHole(p.service) ? p.service : p.service.toLowerCase();
  const slash = p.resource.indexOf('/');
  const head = (slash < 0 ? p.resource : p.resource.slice(0, slash)).toLowerCase();
  if (service === 'sts' && /^(role|user|root)$/.test(head)) service = 'iam';
  let account = p.account;
  if (/^\d+$/.test(account) && account.length !== 12 && account.length >= 10) {
    account = account.length < 12 ? account.padStart(12, '0') : account.replace(/^0+/, '').padStart(12, '0');
  }
  const resource = slash < 0 ? head : head + p.resource.slice(slash);
  const out: ArnParts = { partition, service, region: onlyHoles(p.region) ? p.region : '', account, resource };
  return arnProblem('arn', out, type) ? undefined : render(out);
}

function checkService(v: string): Issue | undefined {
  if (hasHole(v)) {
    const literal = v.replace(/[\u0001\u0002]/g, '');
    return literal !== literal.toLowerCase() ? { problem: 'has upper-case letters; service principals are lower-case', suggestion: fix(v.toLowerCase()) } : undefined;
  }
  if (isServicePrincipal(v)) return undefined;
  const spaced = trimmed(v, checkService);
  if (spaced) return spaced;
  if (/^arn:/i.test(v)) {
    if (!checkArn(v, 'AWS')) return { problem: 'is an IAM principal ARN, not a service principal', suggestion: moveTo('AWS', v) };
    const svc = v.split(':')[2] ?? '';
    const named = `${svc.toLowerCase()}.amazonaws.com`;
    return { problem: `is an ARN; a service principal is a name such as "${named}"`, suggestion: /^[a-z0-9-]+$/i.test(svc) ? fix(named) : { messageId: 'serviceName', data: { form: 'ec2.amazonaws.com' } } };
  }
  if (/^\d{12}$/.test(v)) return { problem: 'is an account id, not a service principal', suggestion: moveTo('AWS', v) };
  if (v === '*') return { problem: 'is a wildcard; Service takes the principals of named services', suggestion: { messageId: 'serviceName', data: { form: 'ec2.amazonaws.com' } } };
  const repaired = repairService(v);
  const problem = /^https?:\/\//i.test(v)
    ? 'is a URL; a service principal is a bare host name'
    : v !== v.toLowerCase()
      ? 'has upper-case letters; service principals are lower-case'
      : !v.includes('.')
        ? 'is a bare service name; service principals end in ".amazonaws.com"'
        : DOMAIN_ONLY.test(v)
          ? 'names no service'
          : 'does not end in ".amazonaws.com" (or another partition\'s domain, such as ".amazonaws.com.cn")';
  return { problem, suggestion: repaired ? fix(repaired) : { messageId: 'serviceName', data: { form: 'ec2.amazonaws.com' } } };
}

function repairService(v: string): string | undefined {
  let s = v.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/[/.]+$/, '');
  if (DOMAIN_ONLY.test(s)) return undefined;
  if (!SERVICE_DOMAIN.test(s)) {
    const at = s.indexOf('.amazonaws');
    const cn = s.endsWith('.cn') ? '.cn' : '';
    const name = at >= 0 ? s.slice(0, at) : s.replace(/\.(aws|amazon|amazonaws)(\.[a-z]+)?$|\.(com|org|net)$/, '');
    s = `${name}.amazonaws.com${cn}`;
  }
  // A product name (`AWSLambda`, `AmazonSNS.amazonaws.com`) whose rest is a service prefix: that service's principal.
  const m = /^(?:aws|amazon)-?([a-z0-9-]+)(\.amazonaws\.com(?:\.cn)?)$/.exec(s);
  if (m && !isKnownService(s.slice(0, s.indexOf('.'))) && isKnownService(m[1] as string)) s = `${m[1]}${m[2]}`;
  return isServicePrincipal(s) ? s : undefined;
}

const isServicePrincipal = (s: string): boolean => SERVICE_NAME.test(s) && SERVICE_DOMAIN.test(s);

function checkCalledVia(v: string): Issue | undefined {
  if (CALLED_VIA_FORM.test(v) || !/\.amazonaws\.com(\.cn)?$/.test(v)) return undefined;
  const m = /([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?)$/.exec(v);
  const service = m ? `${m[1]}.${m[2]}` : 'ec2.amazonaws.com';
  // Not offered as a fix: "cloudwatch.amazonaws.com" names another caller than
  // "application-signals.cloudwatch.amazonaws.com", which AWS's own managed policies use.
  return {
    problem: `has a multi-part service name; Access Analyzer expects the calling service's principal, such as "${service}"`,
    suggestion: { messageId: 'checkCalledVia', data: { service } },
  };
}

function checkFederated(v: string): Issue | undefined {
  if (NAMED_PROVIDERS.includes(v) || /^cognito-identity\.amazonaws\.com\.cn$/.test(v)) return undefined;
  if (/^arn:/i.test(v)) return checkArn(v, 'Federated');
  if (hasHole(v)) return undefined;
  if (v === '*') return { problem: 'is a wildcard; a federated principal is one identity provider', suggestion: { messageId: 'providerForms', data: { account: EXAMPLE_ACCOUNT, name: 'MyIdP' } } };
  const spaced = trimmed(v, checkFederated);
  if (spaced) return spaced;
  const lower = v.toLowerCase();
  if (NAMED_PROVIDERS.includes(lower)) return { problem: 'has upper-case letters; provider names are lower-case', suggestion: fix(lower) };
  if (!checkService(v) && !v.startsWith('cognito-identity.')) return { problem: 'is a service principal, not an identity provider', suggestion: moveTo('Service', v) };
  const host = v.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  return {
    problem: `is not an identity provider IAM knows by name (${NAMED_PROVIDERS.join(', ')})`,
    suggestion: { messageId: 'providerArn', data: { form: `arn:aws:iam::${EXAMPLE_ACCOUNT}:oidc-provider/${host}` } },
  };
}
