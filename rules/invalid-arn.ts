/**
 * invalid-arn: a Resource or NotResource value that is not a well-formed ARN. IAM accepts most of
 * them silently, and an ARN that can never match a resource grants (or denies) nothing.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
import { defineRule } from '../src/engine/rule.js';
import { expandAction, parseAction } from '../src/iam/actions.js';
import { formatPattern, patternsOverlap, policyPattern, type ArnPattern } from '../src/iam/arn-pattern.js';
import { splitArn } from '../src/iam/arn-segments.js';
import { iamDataVersion, isKnownService, prefixesForArnService, rawResourceTypes } from '../src/iam/data.js';
import { actionResourceTypes } from '../src/iam/resources.js';
import { closest, editDistance } from '../src/iam/similar.js';
import type { Located, PolicyDocument, Statement } from '../src/policy/model.js';
import { isEveryResource, listSome } from '../src/policy/queries.js';
import { POLICY_KINDS } from '../src/types.js';
import { BoundedMap } from '../src/util/bounded-map.js';
import { asSub, isSubWithVariables } from '../src/loaders/cloudformation/sub-advice.js';
import type { SourceFile } from '../src/source/source-file.js';

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];
const GRAMMAR = 'arn:partition:service:region:account:resource';

interface Suggestion {
  messageId: 'useFixed' | 'useFixedAsWritten' | 'useAccount' | 'useRegion' | 'useRegionAndAccount' | 'useFormat' | 'useFormatOf';
  data: Record<string, string>;
}

export default defineRule({
  meta: {
    id: 'invalid-arn',
    severity: 'error',
    description: 'Malformed ARN in Resource or NotResource',
    kinds: POLICY_KINDS,
    messages: {
      notArn: '"{{value}}" in {{element}} is neither "*" nor an ARN',
      tooFewParts: '"{{value}}" has {{count}} of the 6 colon-separated parts of an ARN ({{grammar}})',
      badPartition: 'Unknown partition "{{partition}}" in "{{value}}"',
      upperService: 'Service "{{service}}" in "{{value}}" is not lower case, so the ARN matches nothing',
      serviceTypo: 'Unknown service "{{service}}" in "{{value}}"',
      unknownService: 'No service names its ARNs "{{service}}" in the IAM data of {{date}}, so "{{value}}" matches nothing (or the service is newer than the data)',
      regionNotAllowed: '{{service}} ARNs of this form have no region, so "{{value}}" (region "{{region}}") matches nothing',
      regionMissing: '{{service}} ARNs of this form need a region, so "{{value}}" matches nothing',
      accountNotAllowed: '{{service}} ARNs of this form have no account, so "{{value}}" (account "{{account}}") matches nothing',
      badAccount: 'Account "{{account}}" in "{{value}}" is not a 12-digit account ID',
      badRegion: 'Region "{{region}}" in "{{value}}" is not an AWS Region code, so the ARN matches nothing',
      bucketColon: '"{{value}}" names no S3 object: a bucket name cannot hold ":", objects are bucket/key',
      useFixed: 'Use "{{fixed}}" ({{format}})',
      useFixedAsWritten: 'Use {{fixed}} ({{format}})',
      useAccount: 'Write the 12-digit account ID in place of "{{account}}", as in "{{fixed}}"',
      useRegion: 'Write the Region code in place of "{{region}}", as in "{{fixed}}", or "*" for every Region',
      useRegionAndAccount: 'Write the Region code and the 12-digit account ID in place of "{{region}}" and "{{account}}", as in "{{fixed}}"',
      useFormat: 'Use {{format}}',
      useFormatOf: 'Use an ARN of the form {{formats}}',
    },
  },
  create(context) {
    function check(value: Located, element: string, statement: Statement, policy: PolicyDocument): void {
      const text = value.value;
      if (text === '*' || isEveryResource(value)) return;
      if (!text.startsWith('arn:')) {
        if (value.intrinsic || text.includes('${')) return;
        // API Gateway expands `execute-api:/stage/METHOD/path` in its own resource policies (and SAM's
        // CustomStatements): https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
        if (policy.kind === 'resource' && /^execute-api:\//.test(text)) return;
        context.report({ messageId: 'notArn', data: { value: text, element }, at: value, suggestion: notArnFix(text, statement) });
        return;
      }
      const parts = splitArn(text);
      if (parts.length < 6) {
        // A placeholder may stand for several segments, and so may a last segment that is `*`: a
        // trailing `*` matches across colons (the IAM Resource element reference), so
        // `arn:aws:cloudfront:*` is every CloudFront resource. `arn:aws:s3:bucket/*` (the `::`
        // forgotten) is no such thing, nor is one of an unknown service.
        if (text.includes('${')) return;
        if (parts.length >= 4 && parts.at(-1) === '*' && formatsOf(parts[2] ?? '').length > 0) {
          // Checked as the six-part ARN it stands for, so a partition or region typo is still found.
          const padded = [...parts, ...Array<string>(6 - parts.length).fill('*')];
          if (!diagnosed(padded.join(':'), padded)) return;
        }
        const formats = formatsOf(parts[2] ?? '');
        const suggestion: Suggestion = formats.length > 0 ? { messageId: 'useFormatOf', data: { formats: listSome(formats.map((f) => f.arn), 3) } } : { messageId: 'useFormat', data: { format: GRAMMAR } };
        context.report({ messageId: 'tooFewParts', data: { value: text, count: parts.length, grammar: GRAMMAR }, at: value, suggestion });
        return;
      }
      const problem = diagnosed(text, parts);
      if (!problem) return;
      const format = problem.format ?? GRAMMAR;
      const fixed = problem.fixed && problem.regionFilled ? withOwnPlace(problem.fixed, policy, problem.accountFilled === true, context.file) : problem.fixed;
      // In a template, a ${...} is filled in only inside Fn::Sub: an ARN that is a value of the template is
      // corrected as a !Sub of its own; one inside a Sub's policy text needs none; in a plain JSON
      // string or the pieces of an Fn::Join no ${...} can be written, so only the format is given.
      const templateValue = policy.dialect === 'cloudformation' && policy.inString === undefined;
      const sub = fixed && templateValue && fixed.includes('${') ? subTemplate(fixed, value, context.file) : undefined;
      const unwritable = fixed !== undefined && fixed.includes('${') && policy.dialect === 'cloudformation' && (templateValue ? !sub : policy.inString !== 'Fn::Sub');
      const suggestion: Suggestion = !fixed || unwritable
        ? { messageId: 'useFormat', data: { format } }
        : sub
          ? { messageId: 'useFixedAsWritten', data: { fixed: sub, format } }
          : problem.id === 'badRegion'
            ? problem.badAccount !== undefined
              ? { messageId: 'useRegionAndAccount', data: { fixed, region: String(problem.data.region), account: problem.badAccount } }
              : { messageId: 'useRegion', data: { fixed, region: String(problem.data.region) } }
            : problem.badAccount !== undefined
              ? { messageId: 'useAccount', data: { fixed, account: problem.badAccount } }
              : { messageId: 'useFixed', data: { fixed, format } };
      context.report({ messageId: problem.id, data: { value: text, ...problem.data }, at: value, suggestion });
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) {
          for (const v of statement.resource?.values ?? []) check(v, 'Resource', statement, policy);
          for (const v of statement.notResource?.values ?? []) check(v, 'NotResource', statement, policy);
        }
      },
    };
  },
});

type ProblemId = 'badPartition' | 'upperService' | 'serviceTypo' | 'unknownService' | 'regionNotAllowed' | 'regionMissing' | 'badRegion' | 'accountNotAllowed' | 'badAccount' | 'bucketColon';

/** us-east-1, us-gov-west-1, cn-north-1, us-isob-east-1, eusc-de-east-1: letters, words, a number. */
const REGION_CODE = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

/** A Region of each partition, for a corrected ARN to show. */
const EXAMPLE_REGION: Record<string, string> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-iso': 'us-iso-east-1',
  'aws-iso-b': 'us-isob-east-1',
  'aws-iso-e': 'eu-isoe-west-1',
  'aws-iso-f': 'us-isof-south-1',
  'aws-eusc': 'eusc-de-east-1',
};

interface Problem {
  id: ProblemId;
  data: Record<string, string>;
  /** The corrected ARN, when every problem found has one correction and the result is clean. */
  fixed?: string;
  /** The nearest ARN format from the IAM data. */
  format?: string;
  /** The account written where a 12-digit one belongs, when that is among the problems. */
  badAccount?: string;
  /** `fixed` has a region the ARN lacked, written `*`. */
  regionFilled?: boolean;
  /** `fixed` has an account the ARN lacked, written `*`. */
  accountFilled?: boolean;
}

// Policies repeat the same ARNs: each distinct one is diagnosed once (the diagnosis depends on the text alone).
const diagnoses = new BoundedMap<string, Problem | null>();
function diagnosed(text: string, parts: string[]): Problem | undefined {
  let found = diagnoses.get(text);
  if (found === undefined) {
    found = diagnose(parts) ?? null;
    diagnoses.set(text, found);
  }
  return found ?? undefined;
}

/** The first thing wrong with an ARN of six or more parts; the fix corrects all that can be corrected. */
function diagnose(parts: string[]): Problem | undefined {
  const [, partition = '', rawService = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  let fixed: string[] | undefined = [...parts];
  let regionFilled = false;
  let accountFilled = false;
  const problems: Omit<Problem, 'fixed' | 'format'>[] = [];
  // A placeholder such as `${Param}` may stand for several segments: the segments after it are unsure.
  const unknownAt = parts.findIndex(isUnknownPlaceholder);
  const sure = (i: number) => unknownAt < 0 || unknownAt >= i;
  let service: string | undefined;

  if (!isOpen(partition) && !PARTITIONS.includes(partition)) {
    fixed[1] = closest(partition, PARTITIONS, 1)[0] ?? 'aws';
    problems.push({ id: 'badPartition', data: { partition } });
  }
  if (sure(2) && !isOpen(rawService) && !isArnService(rawService)) {
    const lower = rawService.toLowerCase();
    const near = isArnService(lower) ? lower : nearArnService(lower);
    if (near || lower !== rawService) {
      problems.push({ id: lower === rawService ? 'serviceTypo' : 'upperService', data: { service: rawService } });
      fixed[2] = near ?? lower;
    } else if (!isKnownService(lower)) {
      // A retired service (elastic-inference) or a name no service uses: Access Analyzer's INVALID_SERVICE.
      problems.push({ id: 'unknownService', data: { service: rawService, date: iamDataVersion().date } });
    }
    service = near;
  } else if (sure(2) && !isOpen(rawService)) service = rawService;

  // Narrowing the formats to those the resource part can match costs a glob intersection per format:
  // only worth it when the service has formats that disagree with this ARN's region or account.
  const all = service ? formatsOf(service) : [];
  const disagrees =
    (isPresent(region) && all.some((f) => f.region === '')) ||
    (region === '' && all.some((f) => f.region !== '')) ||
    (isPresent(account) && all.some((f) => f.account === ''));
  const formats = service && disagrees ? relevantFormats(service, resource) : all;
  if (service && formats.length > 0) {
    const data = { service };
    if (sure(3) && isPresent(region) && formats.every((f) => f.region === '')) {
      problems.push({ id: 'regionNotAllowed', data: { ...data, region } });
      fixed[3] = '';
    } else if (sure(3) && region === '' && formats.every((f) => f.region !== '' && !f.region.includes('*'))) {
      problems.push({ id: 'regionMissing', data });
      // Any region fits the repaired ARN's check; the suggestion names the one the file's language writes.
      if (fixed) fixed[3] = '*';
      regionFilled = true;
      // An empty account is not reported on its own (AWS-owned resources have none), but a repaired
      // ARN of a form that names one must name it too.
      if (fixed && account === '' && formats.every((f) => f.account !== '')) {
        fixed[4] = '*';
        accountFilled = true;
      }
    }
    if (sure(4) && isPresent(account) && formats.every((f) => f.account === '')) {
      problems.push({ id: 'accountNotAllowed', data: { ...data, account } });
      if (fixed) fixed[4] = '';
    }
  }
  // `region`, `REGION`, `<region>`: a documentation placeholder left in (Access Analyzer's INVALID_ARN_REGION).
  if (sure(3) && region !== '' && isLiteral(region) && !REGION_CODE.test(region) && !problems.some((p) => p.id === 'regionNotAllowed')) {
    problems.push({ id: 'badRegion', data: { region } });
    if (fixed) fixed[3] = EXAMPLE_REGION[fixed[1] ?? ''] ?? '*';
  }
  if (sure(4) && account !== '' && isLiteral(account) && !/^\d{12}$/.test(account) && account !== 'aws' && !(service ? relevantFormats(service, resource) : []).some((f) => f.account === account)) {
    if (!problems.some((p) => p.id === 'accountNotAllowed')) {
      problems.push({ id: 'badAccount', data: { account } });
      // The rest of the ARN stands as written (`*/*` stays every resource type): only the account is shown filled in.
      if (fixed) fixed[4] = '123456789012';
    }
  }
  // S3 bucket names hold no `:`, so `bucket:*` is a slip for `bucket/*`.
  const [bucket = '', ...rest] = parts.slice(5);
  if (service === 's3' && sure(5) && rest.length > 0 && !bucket.includes('/') && (fixed ? fixed[3] === '' && fixed[4] === '' : region === '' && account === '')) {
    problems.push({ id: 'bucketColon', data: {} });
    if (fixed) fixed.splice(5, fixed.length, `${bucket}/${rest.join(':')}`);
  }

  const first = problems[0];
  if (!first) return undefined;
  const repaired = fixed?.join(':');
  // The repaired ARN is diagnosed again, so a suggestion never proposes another bad ARN.
  const clean = repaired !== undefined && repaired !== parts.join(':') && !diagnose(fixed as string[]) ? repaired : undefined;
  const format = clean ? nearestFormat(fixed as string[]) : service ? nearestFormat([...parts.slice(0, 2), service, ...parts.slice(3)]) : undefined;
  const badAccount = problems.find((p) => p.id === 'badAccount') ? account : undefined;
  return { ...first, ...(clean && { fixed: clean }), ...(format && { format }), ...(badAccount !== undefined && { badAccount }), ...(clean && regionFilled && { regionFilled }), ...(clean && accountFilled && { accountFilled }) };
}

/**
 * The region (and account) an ARN lacked, as the file's language writes the policy's own: `*` in a
 * bare policy, and in a Terraform file that does not declare the data sources that would name them
 * (a reference to an undeclared one fails `terraform validate`).
 */
function withOwnPlace(fixed: string, policy: PolicyDocument, account: boolean, file: SourceFile): string {
  const parts = splitArn(fixed);
  // Checked in a .tf file, the one kind whose author may not have declared them; a line of its own, so not in a # comment.
  const hcl = /\.tf$/i.test(file.path);
  const declares = (type: string) => !hcl || new RegExp(`^\\s*data\\s+"${type}"\\s+"current"`, 'm').test(file.text);
  if (policy.dialect === 'cloudformation') {
    parts[3] = '${AWS::Region}';
    if (account) parts[4] = '${AWS::AccountId}';
  } else if (policy.dialect === 'terraform') {
    if (declares('aws_region')) parts[3] = '${data.aws_region.current.name}';
    if (account && declares('aws_caller_identity')) parts[4] = '${data.aws_caller_identity.current.account_id}';
  }
  return parts.join(':');
}

/**
 * A repaired ARN with `${...}` as the template writes it: an `Fn::Sub` of its own text (not one with a
 * variable map, whose variables the value has resolved); undefined for any other intrinsic.
 */
function subTemplate(fixed: string, value: Located, file: SourceFile): string | undefined {
  return value.intrinsic === 'Fn::Sub' && !isSubWithVariables(value, file) ? asSub(fixed, file) : undefined;
}

interface FormatInfo {
  arn: string;
  region: string;
  account: string;
  resource: string;
}

const PSEUDO = /^\$\{AWS::(Partition|Region|AccountId)\}$/;
function isUnknownPlaceholder(part: string): boolean {
  return part.includes('${') && !PSEUDO.test(part) && !/^\$\{aws:[A-Za-z]+\}$/.test(part);
}

/** Wildcards and placeholders can stand for anything valid. */
function isOpen(segment: string): boolean {
  return segment.includes('*') || segment.includes('?') || segment.includes('${');
}

function isLiteral(segment: string): boolean {
  return !isOpen(segment);
}

/** A region or account that is certainly there: written out, or `${AWS::Region}` and the like. */
function isPresent(segment: string): boolean {
  return segment !== '' && (isLiteral(segment) || PSEUDO.test(segment));
}

/** Action prefixes whose formats leave the ARN service open (`${Vendor}`), present for every question. */
let openPrefixes: number | undefined;
function ownPrefixes(arnService: string): readonly string[] {
  openPrefixes ??= prefixesForArnService('\u0000').length;
  const all = prefixesForArnService(arnService);
  return all.slice(0, all.length - openPrefixes);
}

function isArnService(segment: string): boolean {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(segment)) return false;
  openPrefixes ??= prefixesForArnService('\u0000').length;
  return prefixesForArnService(segment).length > openPrefixes;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789-';
// Keyed by the service segment: many distinct ARNs share one unknown segment.
const nearServices = new BoundedMap<string, string | null>(1_000);
/** The known ARN service one edit away, if there is one (a new service is not a typo). */
function nearArnService(segment: string): string | undefined {
  let found = nearServices.get(segment);
  if (found === undefined) {
    found = nearUncached(segment) ?? null;
    nearServices.set(segment, found);
  }
  return found ?? undefined;
}

function nearUncached(segment: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(segment) || segment.length < 2) return undefined;
  const found = new Set<string>();
  for (let i = 0; i <= segment.length; i++) {
    const head = segment.slice(0, i);
    const tail = segment.slice(i);
    for (const ch of ALPHABET) {
      for (const v of [head + ch + tail, head + ch + tail.slice(1)]) if (v !== segment && isArnService(v)) found.add(v);
    }
    if (tail) {
      const v = head + tail.slice(1);
      if (isArnService(v)) found.add(v);
    }
  }
  return closest(segment, found, 1).find((c) => editDistance(segment, c, 1) === 1);
}

const formatCache = new Map<string, FormatInfo[]>();
/** Every ARN format the IAM data has for an ARN service segment (`iam` formats of iam, sts, ec2 ...). */
function formatsOf(arnService: string): FormatInfo[] {
  if (!isArnService(arnService)) return [];
  let cached = formatCache.get(arnService);
  if (!cached) {
    const seen = new Set<string>();
    cached = [];
    // The service's own formats first, so a suggestion names iam's role before ec2's copy of it.
    const prefixes = ownPrefixes(arnService);
    for (const prefix of [...prefixes.filter((p) => p === arnService), ...prefixes.filter((p) => p !== arnService)]) {
      for (const rt of Object.values(rawResourceTypes(prefix) ?? {})) {
        const p = rt.arn.split(':');
        if (p[2] !== arnService || seen.has(rt.arn)) continue;
        seen.add(rt.arn);
        cached.push({ arn: rt.arn, region: p[3] ?? '', account: p[4] ?? '', resource: p.slice(5).join(':') });
      }
    }
    formatCache.set(arnService, cached);
  }
  return cached;
}

/**
 * The formats whose resource part can match the ARN's: `mybucket/*` is an S3 object, whose ARN has
 * neither region nor account, while `accesspoint/x` has both. When none match, every format counts.
 */
function relevantFormats(arnService: string, resource: string): FormatInfo[] {
  // Managed policies repeat the same ARNs across hundreds of files.
  const key = `${arnService}\0${resource}`;
  let found = relevantCache.get(key);
  if (!found) {
    const all = formatsOf(arnService);
    const pattern = policyPattern(resource);
    const matching = all.filter((f) => patternsOverlap(pattern, resourcePattern(f)));
    found = matching.length > 0 ? matching : [...all].sort((a, b) => commonPrefix(b.resource, resource) - commonPrefix(a.resource, resource));
    relevantCache.set(key, found);
  }
  return found;
}

const relevantCache = new BoundedMap<string, FormatInfo[]>();
const resourcePatterns = new WeakMap<FormatInfo, ArnPattern>();
function resourcePattern(format: FormatInfo): ArnPattern {
  let p = resourcePatterns.get(format);
  if (!p) {
    p = formatPattern(format.resource);
    resourcePatterns.set(format, p);
  }
  return p;
}

/** The format closest to an ARN: one its resource part can match, with the same region and account presence. */
function nearestFormat(parts: string[]): string | undefined {
  const [, , service = '', region = '', account = ''] = parts;
  const fits = (f: FormatInfo) => Number((f.region === '') === (region === '')) + Number((f.account === '') === (account === ''));
  const formats = relevantFormats(service, parts.slice(5).join(':'));
  return [...formats].sort((a, b) => fits(b) - fits(a))[0]?.arn;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function notArnFix(text: string, statement: Statement): Suggestion {
  if (text.trim() === '*') return { messageId: 'useFixed', data: { fixed: '*', format: 'every resource' } };
  if (text.trim().toLowerCase().startsWith('arn:')) {
    const fixed = `arn:${text.trim().slice(4)}`;
    return { messageId: 'useFixed', data: { fixed, format: GRAMMAR } };
  }
  const formats = [...new Set(
    (statement.action?.values ?? [])
      .filter((a) => !a.intrinsic && parseAction(a.value) && !parseAction(a.value)?.service.includes('*'))
      .flatMap((a) => expandAction(a.value).slice(0, 20))
      .flatMap((a) => actionResourceTypes(a).map((t) => t.arn)),
  )];
  // A bare bucket or object name only lacks the prefix of a format that has neither region nor account.
  const pattern = policyPattern(text);
  for (const format of formats) {
    const [, , service, region, account, ...resource] = format.split(':');
    if (region === '' && account === '' && !text.includes(':') && patternsOverlap(pattern, formatPattern(resource.join(':')))) {
      return { messageId: 'useFixed', data: { fixed: `arn:aws:${service}:::${text}`, format } };
    }
  }
  if (formats.length > 0) return { messageId: 'useFormatOf', data: { formats: listSome(formats, 3) } };
  return { messageId: 'useFormat', data: { format: GRAMMAR } };
}
