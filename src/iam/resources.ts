import type { ActionInfo } from './actions.js';
import { formatPattern, patternsOverlap, type ArnPattern } from './arn-pattern.js';
import { rawResourceTypes } from './data.js';

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
const typeCache = new WeakMap<ActionInfo, ResourceTypeInfo[]>();
function cachedFormat(arn: string): ArnPattern {
  let p = formatCache.get(arn);
  if (!p) {
    p = formatPattern(arn);
    formatCache.set(arn, p);
  }
  return p;
}

/** The resource types an action accepts, each with its ARN format from the IAM data. */
export function actionResourceTypes(action: ActionInfo): ResourceTypeInfo[] {
  const cached = typeCache.get(action);
  if (cached) return cached;
  const types = rawResourceTypes(action.service) ?? {};
  const out: ResourceTypeInfo[] = [];
  for (const ref of action.resourceTypes) {
    const rt = types[ref.name.toLowerCase()];
    if (!rt || !rt.arn) continue;
    out.push({
      service: action.service,
      name: ref.name,
      arn: rt.arn,
      required: ref.required,
      pattern: cachedFormat(rt.arn),
      arnService: rt.arn.split(':')[2] ?? '',
    });
  }
  typeCache.set(action, out);
  return out;
}

/** Whether every resource type the action names has an ARN format in the data (so a mismatch can be judged). */
export function resourceTypesKnown(action: ActionInfo): boolean {
  return actionResourceTypes(action).length === action.resourceTypes.length;
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

const extraTypes = new WeakMap<ActionInfo, ResourceTypeInfo[]>();
function documentedExtraTypes(action: ActionInfo): ResourceTypeInfo[] {
  let types = extraTypes.get(action);
  if (!types) {
    types = (DOCUMENTED_EXTRA_FORMATS[action.id.toLowerCase()] ?? []).map((t) => ({
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
const overlapCache = new WeakMap<ArnPattern, Map<ArnPattern, boolean>>();
function formatMatches(rt: ResourceTypeInfo, resource: ArnPattern): boolean {
  let byResource = overlapCache.get(rt.pattern);
  if (!byResource) {
    byResource = new Map();
    overlapCache.set(rt.pattern, byResource);
  }
  let hit = byResource.get(resource);
  if (hit === undefined) {
    hit = patternsOverlap(rt.pattern, resource);
    byResource.set(resource, hit);
  }
  return hit;
}
