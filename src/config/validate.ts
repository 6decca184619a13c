import type { AnyRule, OptionType } from '../engine/rule.js';
import { closest } from '../iam/similar.js';
import { isPolicyKind } from '../policy/kind.js';
import type { RuleIgnore } from '../suppress/config-ignore.js';
import { POLICY_KINDS, type PolicyKind, type SeveritySetting } from '../types.js';
import { UsageError } from './errors.js';

export interface RawConfig {
  rules?: Record<string, unknown>;
  ignores?: string[];
  plugins?: string[];
  /** Rule settings, and the kind of bare policy files, for some files; later entries win. */
  overrides?: ConfigOverride[];
}

export interface ConfigOverride {
  files: string[];
  rules?: Record<string, unknown>;
  /** The kind of the bare policy files matched (what `--policy-type` sets for a whole run); null: guessed again. */
  policyType?: PolicyKind | null;
}

const OVERRIDE_KEYS = ['files', 'rules', 'policyType'];

export interface RuleSetting {
  severity: SeveritySetting;
  options?: Record<string, unknown>;
  /** The `ignore` option, which every rule accepts and the engine applies. */
  ignore?: RuleIgnore;
  /**
   * Options given with the rule's own default severity (`["info", {"knownAccounts": [...]}]`, the
   * only way to give options): the rule keeps the levels it gives some findings (RULES.md's
   * cross-account-trust warning for an account not in knownAccounts). Any other severity, and a
   * bare one, applies to every finding.
   */
  keepsLevels?: boolean;
}

const CONFIG_KEYS = new Set(['rules', 'ignores', 'plugins', 'overrides', '$schema']);
const IGNORE_KEYS = ['actions', 'resources', 'paths'];
const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

/** Checks the config's shape; every message names the file and the key, as Biome and ESLint do. */
export function validateConfigShape(value: unknown, file: string): RawConfig {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${file}: the configuration must be an object`);
  }
  for (const key of Object.keys(value)) {
    if (!CONFIG_KEYS.has(key)) throw new UsageError(`${file}: unknown configuration key "${key}" (known: rules, ignores, plugins, overrides)`);
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
  validateOverrides(config.overrides, file);
  return config as RawConfig;
}

function validateOverrides(value: unknown, file: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw new UsageError(`${file}: "overrides" must be a list of {files, rules, policyType}`);
  value.forEach((o: unknown, i) => {
    const where = `${file}: overrides[${i}]`;
    if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new UsageError(`${where} must be an object with "files" and "rules" or "policyType"`);
    for (const key of Object.keys(o)) if (!OVERRIDE_KEYS.includes(key)) throw new UsageError(`${where}: unknown key "${key}" (known: ${OVERRIDE_KEYS.join(', ')})`);
    const { files, rules, policyType } = o as Record<string, unknown>;
    if (!Array.isArray(files) || files.length === 0 || files.some((x) => typeof x !== 'string')) throw new UsageError(`${where}: "files" must be a non-empty list of globs`);
    if (rules === undefined && policyType === undefined) throw new UsageError(`${where}: give "rules" (an object of rule id to severity), "policyType", or both`);
    if (rules !== undefined && (typeof rules !== 'object' || rules === null || Array.isArray(rules))) throw new UsageError(`${where}: "rules" must be an object of rule id to severity`);
    if (policyType !== undefined && policyType !== null && (typeof policyType !== 'string' || !isPolicyKind(policyType))) {
      const near = typeof policyType === 'string' ? nearKind(policyType) : undefined;
      throw new UsageError(`${where}: "policyType" must be one of ${POLICY_KINDS.join(', ')}, or null to guess the kind${near ? ` (did you mean "${near}"?)` : ''}`);
    }
  });
}

/** The kind meant by a near miss: a name that holds one (`vpc-endpoint`, `scp-policy`), or a typo away. */
function nearKind(value: string): string | undefined {
  const lower = value.toLowerCase();
  return (lower.length >= 3 ? POLICY_KINDS.find((k) => lower.includes(k)) : undefined) ?? closest(value, POLICY_KINDS, 1)[0];
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
  let ignore: RuleIgnore | undefined;
  const own: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(options)) {
    if (name === 'ignore' && !schema.ignore) {
      ignore = parseIgnore(v, where);
      continue;
    }
    own[name] = v;
    const type = schema[name];
    if (!type) {
      const known = Object.keys(schema);
      throw new UsageError(`${where}: unknown option "${name}"${known.length ? ` (known: ${known.join(', ')})` : ' (the rule takes no options)'}`);
    }
    if (!matchesType(v, type)) throw new UsageError(`${where}: option "${name}" must be ${type === 'string[]' ? 'a list of strings' : `a ${type}`}`);
  }
  return { severity: severity as SeveritySetting, options: own, ...(ignore && { ignore }), ...(severity === rule.meta.severity && { keepsLevels: true }) };
}

/** `ignore: {actions?, resources?, paths?}`, lists of wildcard patterns (paths: globs). */
function parseIgnore(value: unknown, where: string): RuleIgnore {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${where}: option "ignore" must be an object with actions, resources or paths`);
  const ignore: RuleIgnore = {};
  for (const [key, list] of Object.entries(value)) {
    if (!IGNORE_KEYS.includes(key)) throw new UsageError(`${where}: ignore: unknown key "${key}" (known: ${IGNORE_KEYS.join(', ')})`);
    if (!matchesType(list, 'string[]')) throw new UsageError(`${where}: ignore.${key} must be a list of strings`);
    ignore[key as keyof RuleIgnore] = list as string[];
  }
  return ignore;
}

function matchesType(value: unknown, type: OptionType): boolean {
  if (type === 'string[]') return Array.isArray(value) && value.every((x) => typeof x === 'string');
  return typeof value === type;
}
