import type { ActionInfo } from './actions.js';
import { formatPattern, patternsOverlap, type ArnPattern } from './arn-pattern.js';
import { prefixesForArnService, rawResourceTypes } from './data.js';

export interface ResourceTypeInfo {
  service: string;
  name: string;
  arn: string;
  required: boolean;
  pattern: ArnPattern;
  /** The service segment of the ARN format (`kafka` for `kafka-cluster` actions). */
  arnService: string;
}

const formatCache = new Map<string, ArnPattern>();
// Strong maps: actions and patterns are cached for the whole run anyway, and a large WeakMap slows every GC.
const typeCache = new Map<ActionInfo, ResourceTypeInfo[]>();
function cachedFormat(arn: string): ArnPattern {
  let p = formatCache.get(arn);
  if (!p) {
    p = formatPattern(arn);
    formatCache.set(arn, p);
  }
  return p;
}

/** A service's resource types with their compiled formats, one pair (required, optional) per type, shared by its actions. */
const serviceTypes = new Map<string, Map<string, [ResourceTypeInfo, ResourceTypeInfo] | null>>();
function sharedType(service: string, name: string, required: boolean): ResourceTypeInfo | undefined {
  let byName = serviceTypes.get(service);
  if (!byName) {
    byName = new Map();
    serviceTypes.set(service, byName);
  }
  let pair = byName.get(name);
  if (pair === undefined) {
    const rt = (rawResourceTypes(service) ?? {})[name.toLowerCase()];
    if (!rt || !rt.arn) pair = null;
    else {
      const arn = rt.arn;
      const pattern = cachedFormat(arn);
      const arnService = arn.split(':')[2] ?? '';
      pair = [
        { service, name, arn, required: true, pattern, arnService },
        { service, name, arn, required: false, pattern, arnService },
      ];
    }
    byName.set(name, pair);
  }
  return pair ? pair[required ? 0 : 1] : undefined;
}

/** The resource types an action accepts, each with its ARN format from the IAM data. */
export function actionResourceTypes(action: ActionInfo): ResourceTypeInfo[] {
  const cached = typeCache.get(action);
  if (cached) return cached;
  const out: ResourceTypeInfo[] = [];
  for (const ref of action.resourceTypes) {
    // Keyed by the action's spelling of the type's name, which the type keeps.
    const shared = sharedType(action.service, ref.name, ref.required);
    if (shared) out.push(shared);
  }
  typeCache.set(action, out);
  return out;
}

/** How many of the action's resource types have an ARN format: precomputed by the index, else counted. */
export function arnTypeCount(action: ActionInfo): number {
  return (action as { arnTypeCount?: number }).arnTypeCount ?? actionResourceTypes(action).length;
}

/** Whether every resource type the action names has an ARN format in the data (so a mismatch can be judged). */
export function resourceTypesKnown(action: ActionInfo): boolean {
  return arnTypeCount(action) === action.resourceTypeCount;
}

/**
 * Whether the action can apply to a resource matching the pattern. An action without resource
 * types (wildcard-only) applies to nothing but `*`, which callers handle before asking.
 */
export function actionAppliesTo(action: ActionInfo, resource: ArnPattern, resourceService?: string): boolean {
  return (
    actionResourceTypes(action).some(
      (rt) => (resourceService === undefined || rt.arnService === resourceService || rt.arnService.includes('$')) && formatMatches(rt, resource),
    ) || documentedExtraTypes(action).some((rt) => formatMatches(rt, resource))
  );
}

/**
 * ARN formats AWS documents for an action outside the Service Authorization Reference the IAM data
 * is built from. CloudFormation's user guide ("Controlling access with IAM") requires
 * `cloudformation:CreateChangeSet` on `arn:aws:cloudformation:<region>:aws:transform/<name>` for
 * templates that use a transform such as `AWS::Serverless-2016-10-31`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-template.html
 */
const DOCUMENTED_EXTRA_FORMATS: Record<string, { name: string; arn: string }[]> = {
  'cloudformation:createchangeset': [{ name: 'transform', arn: 'arn:${Partition}:cloudformation:${Region}:aws:transform/${TransformName}' }],
};

const extraTypes = new Map<ActionInfo, ResourceTypeInfo[]>();
const EXTRA_SERVICES = new Set(Object.keys(DOCUMENTED_EXTRA_FORMATS).map((id) => id.slice(0, id.indexOf(':'))));
const NO_TYPES: ResourceTypeInfo[] = [];
function documentedExtraTypes(action: ActionInfo): ResourceTypeInfo[] {
  if (!EXTRA_SERVICES.has(action.service)) return NO_TYPES;
  let types = extraTypes.get(action);
  if (!types) {
    types = (DOCUMENTED_EXTRA_FORMATS[action.lowerId] ?? []).map((t) => ({
      service: action.service,
      name: t.name,
      arn: t.arn,
      required: false,
      pattern: cachedFormat(t.arn),
      arnService: action.service,
    }));
    extraTypes.set(action, types);
  }
  return types;
}

// Policies repeat the same ARNs and actions share formats, so each comparison is made once.
// Weakly keyed by the resource's pattern: patterns the pattern cache dropped are not kept alive here.
const overlapCache = new Map<ArnPattern, WeakMap<ArnPattern, boolean>>();
function formatMatches(rt: ResourceTypeInfo, resource: ArnPattern): boolean {
  let byResource = overlapCache.get(rt.pattern);
  if (!byResource) {
    byResource = new WeakMap();
    overlapCache.set(rt.pattern, byResource);
  }
  let hit = byResource.get(resource);
  if (hit === undefined) {
    hit = patternsOverlap(rt.pattern, resource);
    byResource.set(resource, hit);
  }
  return hit;
}

/**
 * The ARN format to scope an action to: the resource type the action is named after among the
 * required ones (`object` for s3:GetObject), else the shortest.
 */
export function mainResourceType(action: ActionInfo): ResourceTypeInfo | undefined {
  // Suggestions ask for it per finding: once per action of the IAM data.
  if (mains.has(action)) return mains.get(action);
  const main = mainResourceTypeUncached(action);
  mains.set(action, main);
  return main;
}

const mains = new Map<ActionInfo, ResourceTypeInfo | undefined>();

function mainResourceTypeUncached(action: ActionInfo): ResourceTypeInfo | undefined {
  const types = actionResourceTypes(action);
  const required = types.filter((t) => t.required);
  const candidates = required.length > 0 ? required : types;
  if (candidates.length === 0) return undefined;
  const named = candidates.filter((t) => namesResourceType(action, t)).sort((a, b) => b.name.length - a.name.length);
  return named[0] ?? [...candidates].sort((a, b) => a.arn.length - b.arn.length)[0];
}

/**
 * Whether the action is named after the resource type: its name holds the type's (`GetObject` and
 * `object`, `ConnectAppAuthorization` and `appauthorization`); a short type name is compared word by
 * word (`CreateDBInstance` and `db`), so that `es` is not found in `AddTagsToResource`.
 */
export function namesResourceType(action: ActionInfo, type: { name: string }): boolean {
  // Types named in one lower-case run (`appauthorization`) are found as a part of the action's name.
  const run = type.name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (run.length >= 4 && action.name.toLowerCase().includes(run)) return true;
  const actionWords = words(action.name);
  const typeWords = words(type.name);
  if (typeWords.length === 0) return false;
  for (let i = 0; i + typeWords.length <= actionWords.length; i++) {
    if (typeWords.every((w, j) => actionWords[i + j] === w)) return true;
  }
  return false;
}

/** CamelCase, kebab-case and snake_case words, lower case, a plural `s` dropped. */
function words(name: string): string[] {
  return (name.match(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+/g) ?? []).map((w) => w.toLowerCase().replace(/(?<=[a-z]{2})s$/, ''));
}

/**
 * Whether the ARN has the shape of some resource type of its service, region and account as
 * written (an S3 access point ARN has both; a bucket's has neither). Unknown services count as fitting.
 */
export function fitsSomeFormat(resource: ArnPattern, arnService: string | undefined): boolean {
  if (arnService === undefined) return true;
  for (const prefix of prefixesForArnService(arnService)) {
    for (const rt of Object.values(rawResourceTypes(prefix) ?? {})) {
      if (rt.arn && rt.arn.split(':')[2] === arnService && patternsOverlap(cachedFormat(rt.arn), resource)) return true;
    }
  }
  return false;
}
