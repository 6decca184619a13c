import type { AnyRule } from '../engine/rule.js';
import { POLICY_KINDS } from '../types.js';
import { UsageError } from './errors.js';

const SEVERITIES = ['error', 'warning', 'info'];
const OPTION_TYPES = ['string', 'number', 'boolean', 'string[]'];

/**
 * The rules a plugin module exports (a rule, a list of rules, or `{ rules: [...] }`), each checked
 * as far as the engine relies on it: a rule missing `kinds` or with a severity of "warn" would
 * otherwise fail inside the run or be counted at the wrong level.
 */
export function pluginExports(value: unknown, name: string, configFile: string): AnyRule[] {
  const list: unknown[] = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.rules) ? value.rules : [value];
  for (const rule of list) {
    const problem = ruleProblem(rule);
    if (problem) throw new UsageError(`${configFile}: plugins: "${name}" ${problem}`);
  }
  return list as AnyRule[];
}

/** A plugin that reuses a rule id another plugin, or a built-in, already has. */
export function checkUniqueIds(rules: readonly { rule: AnyRule; plugin: string }[], builtinIds: ReadonlySet<string>, configFile: string): void {
  const seen = new Map<string, string>();
  for (const { rule, plugin } of rules) {
    const id = rule.meta.id;
    if (builtinIds.has(id)) throw new UsageError(`${configFile}: plugins: "${plugin}" defines rule "${id}", the id of a built-in rule`);
    const first = seen.get(id);
    if (first !== undefined) throw new UsageError(`${configFile}: plugins: "${plugin}" defines rule "${id}", which ${first === plugin ? 'it already defines' : `"${first}" already defines`}`);
    seen.set(id, plugin);
  }
}

function ruleProblem(rule: unknown): string | undefined {
  if (!isObject(rule) || !isObject(rule.meta) || typeof rule.create !== 'function') return 'does not export rules made with defineRule() (a rule has meta and create)';
  const { meta } = rule;
  if (typeof meta.id !== 'string' || meta.id === '') return 'exports a rule whose meta.id is not a string';
  const at = `exports rule "${meta.id}", whose meta`;
  if (!SEVERITIES.includes(meta.severity)) return `${at}.severity is ${JSON.stringify(meta.severity) ?? 'missing'}, not one of ${SEVERITIES.join(', ')}`;
  if (typeof meta.description !== 'string') return `${at}.description is not a string`;
  if (!Array.isArray(meta.kinds) || !meta.kinds.every((k: unknown) => (POLICY_KINDS as readonly unknown[]).includes(k))) return `${at}.kinds is not a list of policy kinds (${POLICY_KINDS.join(', ')})`;
  if (!isObject(meta.messages) || !Object.values(meta.messages).every((m) => typeof m === 'string')) return `${at}.messages is not an object of message templates`;
  if (meta.options !== undefined && (!isObject(meta.options) || !Object.values(meta.options).every((t) => OPTION_TYPES.includes(t as string)))) {
    return `${at}.options gives a type other than ${OPTION_TYPES.join(', ')}`;
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null;
}
