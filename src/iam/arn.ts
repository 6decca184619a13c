import { expandAction, type ActionInfo } from './actions.js';
import { prefixesForArnService } from './data.js';
import { policyPattern, type ArnPattern } from './arn-pattern.js';
import { actionAppliesTo } from './resources.js';
import { BoundedMap } from '../util/bounded-map.js';

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits `arn:partition:service:region:account:resource`; the resource part may hold colons. */
export function parseArn(text: string): ArnParts | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** The service an ARN pattern names literally, or undefined when it is a wildcard or placeholder. */
export function literalService(text: string): string | undefined {
  let service = literalServices.get(text);
  if (service === undefined) {
    const s = parseArn(text)?.service;
    service = s && /^[a-z0-9-]+$/.test(s) ? s : '';
    literalServices.set(text, service);
  }
  return service || undefined;
}

const literalServices = new BoundedMap<string, string>();

/**
 * The actions that can act on at least one of the resources. Formats of another service are
 * skipped before any pattern is compared, which keeps `*` over many ARNs cheap.
 */
export function actionsForResources(actions: readonly ActionInfo[], resources: readonly string[]): ActionInfo[] {
  const patterns: { service: string | undefined; pattern: ArnPattern }[] = resources.map((r) => ({ service: literalService(r), pattern: policyPattern(r) }));
  return actions.filter((a) => patterns.some((p) => actionAppliesTo(a, p.pattern, p.service)));
}

/**
 * The actions an Action pattern grants that can act on at least one of the resources. For `*` it
 * reads only the services whose ARNs the resources name, not all four hundred.
 */
export function grantedOnResources(pattern: string, resources: readonly string[]): ActionInfo[] {
  if (pattern !== '*' && pattern !== '*:*') return actionsForResources(expandAction(pattern), resources);
  const arnServices = resources.map(literalService);
  if (arnServices.some((s) => s === undefined)) return actionsForResources(expandAction('*'), resources);
  const prefixes = new Set(arnServices.flatMap((s) => prefixesForArnService(s as string)));
  return actionsForResources([...prefixes].flatMap((p) => expandAction(`${p}:*`)), resources);
}
