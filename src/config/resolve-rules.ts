import type { ActiveRule } from '../engine/lint.js';
import type { AnyRule } from '../engine/rule.js';
import type { SeveritySetting } from '../types.js';
import { closest } from '../iam/similar.js';
import { UsageError } from './errors.js';
import { parseRuleSetting, type RuleSetting } from './validate.js';

/** Rule settings from one more place, e.g. a config override; `where` names it in messages. */
export interface RuleLayer {
  rules: Record<string, unknown>;
  where: string;
}

/** Built-ins plus plugin rules, with duplicate ids refused. */
export function buildRegistry(builtins: readonly AnyRule[], plugins: readonly AnyRule[]): Map<string, AnyRule> {
  const registry = new Map<string, AnyRule>();
  for (const rule of [...builtins, ...plugins]) {
    // Plugins are checked as they load, naming the plugin (plugin-rules.ts); this guards the API's own callers.
    if (registry.has(rule.meta.id)) throw new UsageError(`rule id "${rule.meta.id}" is defined twice`);
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
  layers: readonly RuleLayer[] = [],
): ActiveRule[] {
  const settings = new Map<string, RuleSetting>();
  for (const layer of [{ rules: configRules ?? {}, where: `${configFile ?? 'config'}: rules` }, ...layers]) {
    for (const [id, value] of Object.entries(layer.rules)) {
      const where = `${layer.where}.${id}`;
      const rule = registry.get(id);
      if (!rule) throw new UsageError(`${where}: unknown rule${suggestId(id, registry)}`);
      const parsed = parseRuleSetting(rule, value, where);
      // A severity alone keeps the options set before it, as in ESLint's overrides.
      const previous = settings.get(id);
      settings.set(id, Array.isArray(value) || !previous ? parsed : { ...previous, severity: parsed.severity, keepsLevels: false });
    }
  }
  for (const flag of cliRules) {
    const colon = flag.lastIndexOf(':');
    const id = colon > 0 ? flag.slice(0, colon) : flag;
    const rule = registry.get(id);
    if (!rule) throw new UsageError(`--rule ${flag}: unknown rule${suggestId(id, registry)}`);
    const previous = settings.get(id);
    const severity = colon > 0 ? flag.slice(colon + 1) : '';
    // The flag takes a severity only; options are the config's.
    if (!['off', 'info', 'warning', 'error'].includes(severity)) throw new UsageError(`--rule ${flag}: expected <rule>:off, info, warning or error`);
    const parsed = parseRuleSetting(rule, severity, `--rule ${flag}`);
    settings.set(id, { ...previous, severity: parsed.severity, keepsLevels: false });
  }
  const active: ActiveRule[] = [];
  for (const rule of registry.values()) {
    const setting = settings.get(rule.meta.id);
    const severity: SeveritySetting = setting?.severity ?? (rule.meta.offByDefault ? 'off' : rule.meta.severity);
    if (severity === 'off') continue;
    active.push({
      rule,
      severity,
      severityConfigured: setting !== undefined && setting.keepsLevels !== true,
      options: { ...(rule.defaultOptions as object), ...setting?.options },
      ...(setting?.ignore && { ignore: setting.ignore }),
    });
  }
  return active;
}

/** A rule id near a mistyped one: a part of it (`wildcard-action`), or a typo away (`no-wildcard-actoin`). */
function suggestId(id: string, registry: Map<string, AnyRule>): string {
  const ids = [...registry.keys()];
  // A part of an id is a clue only when it is long enough to say something: "x" is in most ids.
  const close = (id.length >= 4 ? ids.find((k) => k.includes(id) || id.includes(k)) : undefined) ?? closest(id, ids, 1)[0];
  return close ? ` (did you mean "${close}"?)` : '';
}
