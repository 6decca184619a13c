import type { ActionInfo } from './actions.js';
import { policyPattern, type ArnPattern } from './arn-pattern.js';
import { actionAppliesTo } from './resources.js';

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
  const service = parseArn(text)?.service;
  return service && /^[a-z0-9-]+$/.test(service) ? service : undefined;
}

/**
 * The actions that can act on at least one of the resources. Formats of another service are
 * skipped before any pattern is compared, which keeps `*` over many ARNs cheap.
 */
export function actionsForResources(actions: readonly ActionInfo[], resources: readonly string[]): ActionInfo[] {
  const patterns: { service: string | undefined; pattern: ArnPattern }[] = resources.map((r) => ({ service: literalService(r), pattern: policyPattern(r) }));
  return actions.filter((a) => patterns.some((p) => actionAppliesTo(a, p.pattern, p.service)));
}
