import { actionKeys, isKnownService, joinedActionKeys, readAllHeaders, serviceActionTable, serviceKeys, type RawAction, type RawResourceTypeRef, type ServiceActions } from './data.js';
import { hasWildcard, wildcardRegExp, wildcardSource } from './wildcard.js';
import { BoundedMap } from '../util/bounded-map.js';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';
export const ACCESS_LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

export interface ActionInfo {
  readonly service: string;
  /** The action's own casing from the IAM data, e.g. `GetObject`. */
  readonly name: string;
  /** `s3:GetObject` */
  readonly id: string;
  /** `s3:getobject`: the id as sets of action ids are keyed, made once per action. */
  readonly lowerId: string;
  readonly accessLevel: AccessLevel;
  readonly resourceTypes: RawResourceTypeRef[];
  /** `resourceTypes.length`, known without reading the action's details. */
  readonly resourceTypeCount: number;
  readonly conditionKeys: string[];
  /** No resource types: the action only accepts `Resource: "*"`. */
  readonly wildcardOnly: boolean;
}

/** An action of the IAM data; the details are read from the data only when a rule asks for them. */
class Action implements ActionInfo {
  readonly id: string;
  /** A field, not a getter: security rules test it for every action a statement grants. */
  readonly wildcardOnly: boolean;
  constructor(
    readonly service: string,
    private readonly raw: RawAction,
  ) {
    this.id = `${service}:${raw.name}`;
    this.wildcardOnly = raw.resourceTypeCount === 0;
  }
  get name(): string {
    return this.raw.name;
  }
  private level: AccessLevel | undefined;
  get accessLevel(): AccessLevel {
    this.level ??= primaryLevel(this.raw.accessLevel);
    return this.level;
  }
  get resourceTypes(): RawResourceTypeRef[] {
    return this.raw.resourceTypes;
  }
  private lower: string | undefined;
  get lowerId(): string {
    this.lower ??= this.id.toLowerCase();
    return this.lower;
  }
  get resourceTypeCount(): number {
    return this.raw.resourceTypeCount;
  }
  get conditionKeys(): string[] {
    return this.raw.conditionKeys;
  }
  /** How many resource types have an ARN format, when the index knows it without compiling them. */
  get arnTypeCount(): number | undefined {
    return this.raw.arnTypeCount;
  }
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

// Per service, its actions by position in the data: the run's lookups then build no key string.
const slots = new Map<string, (ActionInfo | undefined)[]>();
const byService = new Map<string, ActionInfo[]>();

function actionAt(service: string, table: ServiceActions, i: number): ActionInfo {
  let list = slots.get(service);
  if (!list) {
    list = new Array<ActionInfo | undefined>(table.keys().length);
    slots.set(service, list);
  }
  let info = list[i];
  if (!info) {
    info = new Action(service, table.action(i));
    list[i] = info;
  }
  return info;
}

function actionInfo(service: string, lowerName: string): ActionInfo | undefined {
  const table = serviceActionTable(service);
  const i = table ? table.indexOf(lowerName) : -1;
  return table && i >= 0 ? actionAt(service, table, i) : undefined;
}

/** All actions of a service, or an empty list for an unknown service. */
export function serviceActions(service: string): ActionInfo[] {
  const key = service.toLowerCase();
  let list = byService.get(key);
  if (!list) {
    const table = serviceActionTable(key);
    const count = table ? table.keys().length : 0;
    list = new Array<ActionInfo>(count);
    for (let i = 0; i < count; i++) list[i] = actionAt(key, table as ServiceActions, i);
    byService.set(key, list);
  }
  return list;
}

export function findAction(service: string, name: string): ActionInfo | undefined {
  const key = service.toLowerCase();
  return isKnownService(key) ? actionInfo(key, name.toLowerCase()) : undefined;
}

const keySets = new Map<string, Set<string>>();
const idExpansions = new BoundedMap<string, readonly string[]>(50_000);

/**
 * The lower-case ids (`s3:getobject`) of the actions an Action entry grants, without reading the
 * actions' details: enough to tell whether an entry names anything, or whether one entry covers
 * another, for statements that list thousands of actions.
 */
export function grantedActionIds(pattern: string): readonly string[] {
  // Looked up by the text as written first: policies repeat entries verbatim, and lower-casing each costs a string.
  let found = idExpansions.get(pattern);
  if (!found) {
    const key = pattern.toLowerCase();
    found = idExpansions.get(key);
    if (!found) {
      found = idsUncached(key);
      idExpansions.set(key, found);
    }
    idExpansions.set(pattern, found);
  }
  return found;
}

function idsUncached(pattern: string): string[] {
  if (pattern === '*') {
    readAllHeaders();
    const all: string[] = [];
    for (const s of serviceKeys()) for (const k of actionKeys(s)) all.push(`${s}:${k}`);
    return all;
  }
  const parsed = parseAction(pattern);
  if (!parsed) return [];
  // Plain loops, no flatMap: this runs once per distinct entry, tens of thousands of times on a large tree.
  const services = servicesMatching(parsed.service);
  const out: string[] = [];
  if (!hasWildcard(parsed.name)) {
    for (const s of services) {
      let set = keySets.get(s);
      if (!set) {
        set = new Set(actionKeys(s));
        keySets.set(s, set);
      }
      if (set.has(parsed.name)) out.push(`${s}:${parsed.name}`);
    }
    return out;
  }
  const re = new RegExp(`^${wildcardSource(parsed.name, '[^\\n]')}$`, 'gm');
  for (const s of services) for (const name of matchingLines(joinedActionKeys(s), re)) out.push(`${s}:${name}`);
  return out;
}

/**
 * What `text.matchAll(re)` finds, as strings: an exec loop, without the iterator and its result
 * objects, which unoptimized code allocates per match. `re` must be global (exec ignores lastIndex
 * otherwise, and the loop would not end) and without `u` or `v` (a step of one past an empty match
 * could split a surrogate pair).
 */
function matchingLines(text: string, re: RegExp): string[] {
  if (!re.global || re.unicode || re.flags.includes('v')) throw new Error('matchingLines needs a global, non-unicode regular expression');
  const out: string[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m[0]);
    // As matchAll does: past an empty match, or the loop would find it forever.
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}

/**
 * From about this many services on, reading headers.lines (~5 ms) costs less than reading their own
 * files (~0.05 ms each, measured here).
 */
const MANY_SERVICES = 100;

/** The known services a service part names: itself, or those its wildcard matches (one regular expression for all). */
function servicesMatching(service: string): string[] {
  if (!hasWildcard(service)) {
    const lower = service.toLowerCase();
    return isKnownService(lower) ? [lower] : [];
  }
  const re = wildcardRegExp(service);
  const out: string[] = [];
  for (const s of serviceKeys()) if (re.test(s)) out.push(s);
  // One file of every header (0.6 MB) against a file per service: `s3*` names 7 services, 0.1 MB.
  if (out.length >= MANY_SERVICES) readAllHeaders();
  return out;
}

/**
 * Every action an Action entry grants: `*`, `s3:*`, `s3:Get*`, `ec2:Describe?pcs`, or one action.
 * Matching is case-insensitive, as IAM's is. Unknown services and actions give an empty list.
 */
export function expandAction(pattern: string): ActionInfo[] {
  // By the text as written first, then case-insensitively (see grantedActionIds).
  let found = expansions.get(pattern);
  if (!found) {
    const key = pattern.toLowerCase();
    found = expansions.get(key);
    if (!found) {
      found = expandUncached(pattern);
      expansions.set(key, found);
    }
    expansions.set(pattern, found);
  }
  return found;
}

// Keyed by entries as policies write them: bounded, since a huge tree holds any number of distinct ones.
const expansions = new BoundedMap<string, ActionInfo[]>(50_000);

// The latest expansion of `*`: every action, service by service in serviceKeys() order.
let every: readonly ActionInfo[] | undefined;

/** Whether the list is the expansion of `*` (every action, service by service in serviceKeys() order). */
export function isEveryAction(actions: readonly ActionInfo[]): boolean {
  return actions === every;
}

function expandUncached(pattern: string): ActionInfo[] {
  const out: ActionInfo[] = [];
  if (pattern === '*') {
    readAllHeaders();
    for (const s of serviceKeys()) out.push(...serviceActions(s));
    every = out;
    return out;
  }
  const parsed = parseAction(pattern);
  if (!parsed) return out;
  const services = servicesMatching(parsed.service);
  if (!hasWildcard(parsed.name)) {
    for (const s of services) {
      const found = findAction(s, parsed.name);
      if (found) out.push(found);
    }
    return out;
  }
  if (parsed.name === '*') {
    if (services.length === 1) return serviceActions(services[0] as string).slice();
    for (const s of services) out.push(...serviceActions(s));
    return out;
  }
  // One native regular-expression scan over the service's lower-case names, one per line, so only
  // the actions that match are decoded.
  const re = new RegExp(`^${wildcardSource(parsed.name.toLowerCase(), '[^\\n]')}$`, 'gm');
  for (const s of services) {
    for (const name of matchingLines(joinedActionKeys(s), re)) {
      const info = actionInfo(s, name);
      if (info) out.push(info);
    }
  }
  return out;
}

/** Number of actions per access level, in the order of ACCESS_LEVELS. */
export function countByAccessLevel(actions: readonly ActionInfo[]): Map<AccessLevel, number> {
  const counts = levelCounts(actions);
  const out = new Map<AccessLevel, number>();
  ACCESS_LEVELS.forEach((level, i) => {
    if ((counts[i] as number) > 0) out.set(level, counts[i] as number);
  });
  return out;
}

const LEVEL_INDEX = new Map<AccessLevel, number>(ACCESS_LEVELS.map((level, i) => [level, i]));

/**
 * How many actions have each level, indexed as ACCESS_LEVELS. An indexed loop over an array of
 * counts: rules count the levels of every expansion, thousands of actions in a run, mostly before
 * V8 has optimized anything.
 */
export function levelCounts(actions: readonly ActionInfo[]): number[] {
  const counts = [0, 0, 0, 0, 0];
  for (let i = 0; i < actions.length; i++) (counts[LEVEL_INDEX.get((actions[i] as ActionInfo).accessLevel) as number] as number)++;
  return counts;
}

/** The IAM data writes some levels as "Permissions management, Write" or "Tagging, Write"; the first names the action's kind. */
function primaryLevel(raw: string): AccessLevel {
  // A handful of distinct texts for 18,000 actions.
  let level = primaryLevels.get(raw);
  if (level === undefined) {
    const first = raw.split(',')[0]?.trim() ?? raw;
    level = (ACCESS_LEVELS as readonly string[]).includes(first) ? (first as AccessLevel) : 'Write';
    primaryLevels.set(raw, level);
  }
  return level;
}
const primaryLevels = new Map<string, AccessLevel>();
