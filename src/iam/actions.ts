import { actionKeys, isKnownService, rawAction, serviceKeys, type RawResourceTypeRef } from './data.js';
import { hasWildcard, wildcardRegExp } from './wildcard.js';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';
export const ACCESS_LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

export interface ActionInfo {
  service: string;
  /** The action's own casing from the IAM data, e.g. `GetObject`. */
  name: string;
  /** `s3:GetObject` */
  id: string;
  accessLevel: AccessLevel;
  resourceTypes: RawResourceTypeRef[];
  conditionKeys: string[];
  /** No resource types: the action only accepts `Resource: "*"`. */
  wildcardOnly: boolean;
}

export interface ParsedAction {
  service: string;
  name: string;
}

/** Splits `service:Action`; undefined when the text has no single colon with both parts present. */
export function parseAction(text: string): ParsedAction | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1 || text.indexOf(':', colon + 1) >= 0) return undefined;
  return { service: text.slice(0, colon), name: text.slice(colon + 1) };
}

const infos = new Map<string, ActionInfo | null>();
const byService = new Map<string, ActionInfo[]>();

function actionInfo(service: string, lowerName: string): ActionInfo | undefined {
  const id = `${service}:${lowerName}`;
  let info = infos.get(id);
  if (info === undefined) {
    const a = rawAction(service, lowerName);
    info = a
      ? {
          service,
          name: a.name,
          id: `${service}:${a.name}`,
          accessLevel: primaryLevel(a.accessLevel),
          resourceTypes: a.resourceTypes,
          conditionKeys: a.conditionKeys,
          wildcardOnly: a.resourceTypes.length === 0,
        }
      : null;
    infos.set(id, info);
  }
  return info ?? undefined;
}

/** All actions of a service, or an empty list for an unknown service. */
export function serviceActions(service: string): ActionInfo[] {
  const key = service.toLowerCase();
  let list = byService.get(key);
  if (!list) {
    list = actionKeys(key).flatMap((k) => actionInfo(key, k) ?? []);
    byService.set(key, list);
  }
  return list;
}

export function findAction(service: string, name: string): ActionInfo | undefined {
  const key = service.toLowerCase();
  return isKnownService(key) ? actionInfo(key, name.toLowerCase()) : undefined;
}

/**
 * Every action an Action entry grants: `*`, `s3:*`, `s3:Get*`, `ec2:Describe?pcs`, or one action.
 * Matching is case-insensitive, as IAM's is. Unknown services and actions give an empty list.
 */
export function expandAction(pattern: string): ActionInfo[] {
  const key = pattern.toLowerCase();
  let found = expansions.get(key);
  if (!found) {
    found = expandUncached(pattern);
    expansions.set(key, found);
  }
  return found;
}

const expansions = new Map<string, ActionInfo[]>();

function expandUncached(pattern: string): ActionInfo[] {
  if (pattern === '*') return [...serviceKeys()].flatMap((s) => serviceActions(s));
  const parsed = parseAction(pattern);
  if (!parsed) return [];
  const services = hasWildcard(parsed.service)
    ? [...serviceKeys()].filter((s) => wildcardRegExp(parsed.service).test(s))
    : isKnownService(parsed.service.toLowerCase())
      ? [parsed.service.toLowerCase()]
      : [];
  if (!hasWildcard(parsed.name)) {
    return services.flatMap((s) => {
      const found = findAction(s, parsed.name);
      return found ? [found] : [];
    });
  }
  const re = wildcardRegExp(parsed.name);
  return services.flatMap((s) => serviceActions(s).filter((a) => re.test(a.name)));
}

/** Number of actions per access level, in the IAM data's order of levels. */
export function countByAccessLevel(actions: readonly ActionInfo[]): Map<AccessLevel, number> {
  const counts = new Map<AccessLevel, number>();
  for (const level of ACCESS_LEVELS) counts.set(level, 0);
  for (const a of actions) counts.set(a.accessLevel, (counts.get(a.accessLevel) ?? 0) + 1);
  for (const [level, n] of counts) if (n === 0) counts.delete(level);
  return counts;
}

/** The IAM data writes some levels as "Permissions management, Write" or "Tagging, Write"; the first names the action's kind. */
function primaryLevel(raw: string): AccessLevel {
  const first = raw.split(',')[0]?.trim() ?? raw;
  return (ACCESS_LEVELS as readonly string[]).includes(first) ? (first as AccessLevel) : 'Write';
}
