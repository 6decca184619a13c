import type { AnyRule, OptionType } from '../engine/rule.js';
import type { SeveritySetting } from '../types.js';
import { UsageError } from './errors.js';

export interface RawConfig {
  rules?: Record<string, unknown>;
  ignores?: string[];
  plugins?: string[];
}

export interface RuleSetting {
  severity: SeveritySetting;
  options?: Record<string, unknown>;
}

const CONFIG_KEYS = new Set(['rules', 'ignores', 'plugins', '$schema']);
const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

/** Checks the config's shape; every message names the file and the key, as Biome and ESLint do. */
export function validateConfigShape(value: unknown, file: string): RawConfig {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${file}: the configuration must be an object`);
  }
  for (const key of Object.keys(value)) {
    if (!CONFIG_KEYS.has(key)) throw new UsageError(`${file}: unknown configuration key "${key}" (known: rules, ignores, plugins)`);
  }
  const config = value as Record<string, unknown>;
  if (config.rules !== undefined && (typeof config.rules !== 'object' || config.rules === null || Array.isArray(config.rules))) {
    throw new UsageError(`${file}: "rules" must be an object of rule id to severity`);
  }
  for (const key of ['ignores', 'plugins'] as const) {
    const list = config[key];
    if (list !== undefined && (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))) {
      throw new UsageError(`${file}: "${key}" must be a list of strings`);
    }
  }
  return config as RawConfig;
}

/** Reads `"warning"` or `["warning", {options}]` for one rule. */
export function parseRuleSetting(rule: AnyRule, value: unknown, where: string): RuleSetting {
  const [severity, options, ...rest] = Array.isArray(value) ? value : [value];
  if (typeof severity !== 'string' || !SEVERITIES.has(severity) || rest.length > 0) {
    throw new UsageError(`${where}: expected "off", "info", "warning", "error" or [severity, {options}]`);
  }
  if (options === undefined) return { severity: severity as SeveritySetting };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new UsageError(`${where}: options must be an object`);
  }
  const schema = rule.meta.options ?? {};
  for (const [name, v] of Object.entries(options)) {
    const type = schema[name];
    if (!type) {
      const known = Object.keys(schema);
      throw new UsageError(`${where}: unknown option "${name}"${known.length ? ` (known: ${known.join(', ')})` : ' (the rule takes no options)'}`);
    }
    if (!matchesType(v, type)) throw new UsageError(`${where}: option "${name}" must be ${type === 'string[]' ? 'a list of strings' : `a ${type}`}`);
  }
  return { severity: severity as SeveritySetting, options: options as Record<string, unknown> };
}

function matchesType(value: unknown, type: OptionType): boolean {
  if (type === 'string[]') return Array.isArray(value) && value.every((x) => typeof x === 'string');
  return typeof value === type;
}
