/**
 * resource-mismatch: an action none of whose resource types matches any listed resource, so the
 * statement does not grant (or deny) what it appears to.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import { defineRule } from '../src/engine/rule.js';
import { expandAction, parseAction, type ActionInfo } from '../src/iam/actions.js';
import { literalService } from '../src/iam/arn.js';
import { formatPattern, patternsOverlap, policyPattern } from '../src/iam/arn-pattern.js';
import { splitArn } from '../src/iam/arn-segments.js';
import { actionAppliesTo, actionResourceTypes, fitsSomeFormat, resourceTypesKnown, type ResourceTypeInfo } from '../src/iam/resources.js';
import { hasWildcard } from '../src/iam/wildcard.js';
import type { Located, PolicyDocument, Statement } from '../src/policy/model.js';
import { syntaxOf } from '../src/loaders/parse-file.js';
import { asSub, isSubWithVariables } from '../src/loaders/cloudformation/sub-advice.js';
import type { SourceFile } from '../src/source/source-file.js';
import { isEveryResource, listSome } from '../src/policy/queries.js';
import { BoundedMap } from '../src/util/bounded-map.js';

export default defineRule({
  meta: {
    id: 'resource-mismatch',
    severity: 'error',
    description: 'An action whose resource types match none of the statement\'s resources',
    kinds: ['identity', 'boundary', 'resource', 'scp', 'rcp', 'endpoint'],
    suggestsFixes: true,
    messages: {
      mismatch: '"{{action}}" acts on {{types}} resources, but no resource in the statement is one: {{resources}}',
      patternMismatch: 'None of the {{count}} actions that "{{action}}" matches acts on the listed resources: {{resources}}',
      addArn: 'Add "{{arn}}" to Resource ({{format}}), or move "{{action}}" to a statement of its own',
      addSubArn: 'Add {{arn}} to Resource ({{format}}), or move "{{action}}" to a statement of its own',
      useFormat: 'Move "{{action}}" to a statement whose Resource has the form {{formats}}',
    },
  },
  create(context) {
    function check(policy: PolicyDocument, statement: Statement, action: Located, resources: Located[]): void {
      if (action.intrinsic) return;
      const entry = judgedActions(action.value);
      if (entry === null) return;
      if (resources.some((r) => entryAppliesTo(entry, r.value))) return;
      const expanded = entry.actions;
      const resourceText = listSome(resources.map((r) => `"${r.value}"`), 3);
      const types = uniqueTypes(expanded);
      const name = hasWildcard(action.value) ? action.value : (expanded[0] as ActionInfo).id;
      const fix = suggestArn(types, resources);
      const templateObject = policy.dialect === 'cloudformation' && !policy.inString;
      const sub = fix && templateObject ? subExpression(fix, context.file) : undefined;
      const terraform = fix && policy.dialect === 'terraform' ? terraformExpression(fix, context.file) : undefined;
      // In a template, a ${...} outside Fn::Sub stays literal text: an ARN the template cannot write as a
      // Sub is not offered, nor one for the text pieces of an Fn::Join, where a variable is an intrinsic of its own.
      const unwritable = fix !== undefined && fix.arn.includes('${') && ((templateObject && !sub) || policy.inString === 'Fn::Join');
      const suggestion: { messageId: 'addArn' | 'addSubArn' | 'useFormat'; data: Record<string, string> } = !fix || unwritable
        ? { messageId: 'useFormat', data: { action: name, formats: listSome(types.map((t) => t.arn), 3) } }
        : sub
          ? { messageId: 'addSubArn', data: { arn: sub, format: `${fix.type.name}: ${fix.type.arn}`, action: name } }
          : { messageId: 'addArn', data: { arn: terraform ?? fix.arn, format: `${fix.type.name}: ${fix.type.arn}`, action: name } };
      // Adding the ARN grants the action on it: a permission change, applied only by --fix-suggestions.
      const list = statement.resource?.node;
      const suggestedFix = fix && list && !fix.from.intrinsic ? { suggestedFix: { addListItem: { list, after: fix.from, value: fix.arn } } } : {};
      if (hasWildcard(action.value)) {
        context.report({ messageId: 'patternMismatch', data: { action: action.value, count: expanded.length, resources: resourceText }, at: action, suggestion, ...suggestedFix });
      } else {
        const typeText = listSome(types.map((t) => t.name), 4);
        context.report({ messageId: 'mismatch', data: { action: name, types: typeText, resources: resourceText }, at: action, suggestion, ...suggestedFix });
      }
    }

    return {
      policy(policy) {
        for (const statement of policy.statements) {
          const resources = statement.resource?.values ?? [];
          // Only ARNs can be compared with the IAM data's formats; anything else is invalid-arn's to report.
          if (resources.length === 0 || resources.some((r) => !r.value.startsWith('arn:') || isWholePlaceholder(r) || isEveryResource(r))) continue;
          for (const action of statement.action?.values ?? []) check(policy, statement, action, resources);
        }
      },
    };
  },
});

interface JudgedEntry {
  /** The entry's actions that take resource types, each type with an ARN format. */
  actions: ActionInfo[];
  /** Resource text as written → whether one of the actions can act on it. */
  appliesTo: BoundedMap<string, boolean>;
}

// Per Action entry as written: the actions to compare with the statement's ARNs, or null when the entry is not judged.
const judged = new BoundedMap<string, JudgedEntry | null>();
function judgedActions(text: string): JudgedEntry | null {
  let found = judged.get(text);
  if (found === undefined) {
    const actions = judgeUncached(text);
    found = actions && { actions, appliesTo: new BoundedMap(100) };
    judged.set(text, found);
  }
  return found;
}

// Policies pair the same entries with the same ARNs across statements and files: `s3:Get*` against a
// bucket ARN compares a hundred actions' formats once, not once per statement.
function entryAppliesTo(entry: JudgedEntry, resource: string): boolean {
  let hit = entry.appliesTo.get(resource);
  if (hit === undefined) {
    const pattern = policyPattern(resource);
    const service = literalService(resource);
    hit = entry.actions.some((a) => actionAppliesTo(a, pattern, service));
    // An ARN that fits no format of its service as written but matches once its region and account
    // are let go (an EC2 image ARN written with an account, which image ARNs never have; an instance
    // ARN without them) is invalid-arn's to report, with the fix: not a mismatch.
    const relaxed = hit || fitsSomeFormat(pattern, service) ? undefined : withOpenRegionAndAccount(resource);
    if (relaxed) hit = entry.actions.some((a) => actionAppliesTo(a, policyPattern(relaxed), service));
    entry.appliesTo.set(resource, hit);
  }
  return hit;
}

function judgeUncached(text: string): ActionInfo[] | null {
  // A wildcard across services (`*`, `*:Get*`) acts on any valid ARN: an ARN nothing can act on
  // is invalid-arn's to report, and expanding every service for it is the slowest thing iamlint could do.
  if (parseAction(text)?.service.includes('*') || text === '*') return null;
  const expanded = expandAction(text).filter((a) => !a.wildcardOnly);
  if (expanded.some((a) => !resourceTypesKnown(a))) return null;
  if (expanded.length === 0) return null;
  return expanded;
}

/** `${Param}` alone can be any ARN. */
function isWholePlaceholder(r: Located): boolean {
  return /^\$\{[^}]*\}$/.test(r.value);
}

function uniqueTypes(actions: ActionInfo[]): ResourceTypeInfo[] {
  const seen = new Map<string, ResourceTypeInfo>();
  for (const a of actions) for (const t of actionResourceTypes(a)) if (!seen.has(t.arn)) seen.set(t.arn, t);
  return [...seen.values()];
}

/**
 * A concrete ARN to add, derived from a listed resource: the bucket ARN plus `/*` for object
 * actions, or the bucket ARN without `/*` for bucket actions. Undefined when no simple edit fits.
 */
function suggestArn(types: ResourceTypeInfo[], resources: Located[]): { arn: string; type: ResourceTypeInfo; from: Located } | undefined {
  for (const from of resources) {
    const resource = from.value;
    // The rest of a type's format after the part the resource already is: a log group's streams are
    // `log-group:NAME:log-stream:*`, not `NAME/*` (which a wildcard would let overlap another group's).
    const candidates = [...formatSuffixes(types, resource), `${resource}/*`];
    const slash = resource.indexOf('/');
    if (slash > 0) candidates.push(resource.slice(0, slash));
    const lastSlash = resource.lastIndexOf('/');
    if (lastSlash > slash) candidates.push(resource.slice(0, lastSlash));
    const every = everyOfItsType(resource);
    for (const candidate of candidates) {
      // `arn:aws:s3:::*` derived from `arn:aws:s3:::*/CodeDeploy/*` would grant the action on every
      // bucket, where the listed resource names some objects: the type's format is offered instead.
      if (!every && everyOfItsType(candidate)) break;
      const pattern = policyPattern(candidate);
      const overlapping = types.filter((t) => patternsOverlap(t.pattern, pattern));
      // A placeholder (`${LogsBucket}/*`) also overlaps formats with a region and account (S3 access
      // points); name the type whose region and account are empty where the candidate's are.
      const type = overlapping.find((t) => sameEmptySegments(t.arn, candidate)) ?? overlapping[0];
      if (type) return { arn: candidate, type, from };
    }
  }
  return undefined;
}

/**
 * For each type, the resource followed by what its format has after a placeholder the resource fills
 * to its end (`arn:${Partition}:logs:...:log-group:${LogGroupName}` + `:log-stream:${LogStreamName}`),
 * the placeholders written `*`.
 */
function formatSuffixes(types: ResourceTypeInfo[], resource: string): string[] {
  const out: string[] = [];
  const pattern = policyPattern(resource);
  for (const t of types) {
    const ends: number[] = [];
    for (let end = t.arn.indexOf('}'); end > 0 && end < t.arn.length - 1; end = t.arn.indexOf('}', end + 1)) ends.push(end);
    // The longest part first: a format's last placeholder matches anything, so a shorter part (cut
    // after `${StreamName}` of `stream/${StreamName}/consumer/...`) also fits and would keep placeholders the resource fills.
    for (const end of ends.reverse()) {
      if (!patternsOverlap(formatPattern(t.arn.slice(0, end + 1)), pattern)) continue;
      out.push(resource + t.arn.slice(end + 1).replace(/\$\{[^}]+\}/g, '*'));
      break;
    }
  }
  return [...new Set(out)];
}

/** Whether the ARN's resource part is only `*`: every resource of the service that has this ARN's shape. */
function everyOfItsType(arn: string): boolean {
  const parts = splitArn(arn);
  return parts.length >= 6 && parts.slice(5).join(':') === '*';
}

/** Whether two ARNs leave the same ones of their region and account segments empty. */
function sameEmptySegments(a: string, b: string): boolean {
  const pa = splitArn(a);
  const pb = splitArn(b);
  return (pa[3] === '') === (pb[3] === '') && (pa[4] === '') === (pb[4] === '');
}

/** The ARN with placeholders (one segment each) for its region and account; undefined for another shape. */
function withOpenRegionAndAccount(arn: string): string | undefined {
  const parts = splitArn(arn);
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [parts[0], parts[1], parts[2], '${Region}', '${Account}', ...parts.slice(5)].join(':');
}

/**
 * The ARN to add as a Terraform file writes it, when it extends a resource the statement names by
 * reference: `${aws_dynamodb_table.t.arn}/stream/*`, not the table's ARN shape, whose region and
 * account stand for data sources the file may not declare.
 */
function terraformExpression(fix: { arn: string; from: Located }, file: SourceFile): string | undefined {
  const { arn, from } = fix;
  if (!from.intrinsic || !arn.startsWith(from.value)) return undefined;
  const suffix = arn.slice(from.value.length);
  const source = file.text.slice(from.span.start, from.span.end).trim();
  if (/^[A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\]|\["[^"\]]*"\])+$/.test(source)) return `\${${source}}${suffix}`;
  // A string that is one interpolation (`"${aws_s3_bucket.b.arn}"`, also inside a heredoc's JSON).
  const quoted = /^\\?"(\$\{[^{}"]+\})\\?"$/.exec(source);
  return quoted ? `${quoted[1]}${suffix}` : undefined;
}

/**
 * The ARN to add as the template writes it: CloudFormation fills in `${...}` only inside Fn::Sub, so
 * an ARN built on `!GetAtt Bucket.Arn` is `!Sub "${Bucket.Arn}/*"`, and one on a `!Sub` is that Sub
 * with the suffix. Undefined when the ARN holds no placeholder or comes from neither.
 */
function subExpression(fix: { arn: string; from: Located }, file: SourceFile): string | undefined {
  const { arn, from } = fix;
  const source = file.text.slice(from.span.start, from.span.end);
  const json = syntaxOf(file) === 'json';
  // The bucket of `!Sub "${Bucket.Arn}/*"` is the resource's own ARN: `!GetAtt Bucket.Arn`.
  const ofArn = from.intrinsic === 'Fn::Sub' ? /\$\{([A-Za-z0-9]+)\.Arn\}(\/[^"'}]*)/.exec(source) : null;
  if (ofArn && from.value.endsWith(ofArn[2] as string) && arn === from.value.slice(0, -(ofArn[2] as string).length)) {
    return json ? `{"Fn::GetAtt": ["${ofArn[1]}", "Arn"]}` : `!GetAtt ${ofArn[1]}.Arn`;
  }
  if (!arn.includes('${') || !arn.startsWith(from.value)) return undefined;
  const suffix = arn.slice(from.value.length);
  let template: string | undefined;
  if (from.intrinsic === 'Fn::Sub') template = isSubWithVariables(from, file) ? undefined : arn;
  else if (from.intrinsic === 'Fn::GetAtt') {
    const m = /GetAtt"?\s*:?\s*\[?\s*(?:-\s*)?"?([A-Za-z0-9]+)"?\s*(?:[,.]|\n\s*-)\s*"?([A-Za-z0-9.]+)"?/.exec(source);
    if (m) template = `\${${m[1]}.${m[2]}}${suffix}`;
  }
  return template === undefined ? undefined : asSub(template, file);
}
