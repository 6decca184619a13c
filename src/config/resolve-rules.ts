import type { ActiveRule } from '../engine/lint.js';
import type { AnyRule } from '../engine/rule.js';
import type { SeveritySetting } from '../types.js';
import { UsageError } from './errors.js';
import { parseRuleSetting, type RuleSetting } from './validate.js';

/** Built-ins plus plugin rules, with duplicate ids refused. */
export function buildRegistry(builtins: readonly AnyRule[], plugins: readonly AnyRule[]): Map<string, AnyRule> {
  const registry = new Map<string, AnyRule>();
  for (const rule of [...builtins, ...plugins]) {
    if (registry.has(rule.meta.id)) throw new UsageError(`rule id "${rule.meta.id}" is defined twice (a plugin may not reuse a built-in id)`);
    registry.set(rule.meta.id, rule);
  }
  return registry;
}

/**
 * The rules this run uses: defaults, then the config file's `rules`, then `--rule` flags.
 * Unknown ids are errors that say where they were written.
 */
export function resolveRules(
  registry: Map<string, AnyRule>,
  configRules: Record<string, unknown> | undefined,
  configFile: string | undefined,
  cliRules: readonly string[],
): ActiveRule[] {
  const settings = new Map<string, RuleSetting>();
  for (const [id, value] of Object.entries(configRules ?? {})) {
    const where = `${configFile ?? 'config'}: rules.${id}`;
    const rule = registry.get(id);
    if (!rule) throw new UsageError(`${where}: unknown rule${suggestId(id, registry)}`);
    settings.set(id, parseRuleSetting(rule, value, where));
  }
  for (const flag of cliRules) {
    const colon = flag.lastIndexOf(':');
    const id = colon > 0 ? flag.slice(0, colon) : flag;
    const rule = registry.get(id);
    if (!rule) throw new UsageError(`--rule ${flag}: unknown rule${suggestId(id, registry)}`);
    const previous = settings.get(id);
    const parsed = parseRuleSetting(rule, colon > 0 ? flag.slice(colon + 1) : '', `--rule ${flag}`);
    settings.set(id, { severity: parsed.severity, ...(previous?.options && { options: previous.options }) });
  }
  const active: ActiveRule[] = [];
  for (const rule of registry.values()) {
    const setting = settings.get(rule.meta.id);
    const severity: SeveritySetting = setting?.severity ?? (rule.meta.offByDefault ? 'off' : rule.meta.severity);
    if (severity === 'off') continue;
    active.push({
      rule,
      severity,
      severityConfigured: setting !== undefined,
      options: { ...(rule.defaultOptions as object), ...setting?.options },
    });
  }
  return active;
}

function suggestId(id: string, registry: Map<string, AnyRule>): string {
  const close = [...registry.keys()].find((k) => k.includes(id) || id.includes(k));
  return close ? ` (did you mean "${close}"?)` : '';
}
