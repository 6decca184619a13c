import { dirname } from 'node:path';
import type { ActiveRule } from '../engine/lint.js';
import type { AnyRule } from '../engine/rule.js';
import { IgnoreMatcher } from '../files/glob.js';
import type { PolicyKind } from '../types.js';
import { resolveRules, type RuleLayer } from './resolve-rules.js';
import type { RawConfig } from './validate.js';

/**
 * The rules of a run, per file: the config's `rules`, then every `overrides` entry whose `files`
 * match (later entries win), then `--rule` flags. Each combination of overrides is resolved once.
 */
export class RuleSet {
  /** The rules for a file no override matches. */
  readonly rules: ActiveRule[];
  /** Every rule id, active or off: inline directives may name any of them. */
  readonly knownRules: ReadonlySet<string>;
  private readonly overrides: { matcher: IgnoreMatcher; layer: RuleLayer; policyType: PolicyKind | null | undefined }[];
  /** Whether an override sets a policy kind: most configs set none, and then no file is matched for one. */
  private readonly setsKinds: boolean;
  private readonly resolved = new Map<string, ActiveRule[]>();
  private readonly base: string | undefined;

  constructor(
    private readonly registry: Map<string, AnyRule>,
    private readonly config: RawConfig,
    private readonly configFile: string | undefined,
    private readonly cliRules: readonly string[],
  ) {
    this.knownRules = new Set(registry.keys());
    this.base = configFile ? dirname(configFile) : undefined;
    this.overrides = (config.overrides ?? []).map((o, i) => {
      const matcher = new IgnoreMatcher();
      if (this.base) matcher.add(o.files, this.base);
      return { matcher, layer: { rules: o.rules ?? {}, where: `${configFile ?? 'config'}: overrides[${i}].rules` }, policyType: o.policyType };
    });
    this.setsKinds = this.overrides.some((o) => o.policyType !== undefined);
    this.rules = this.combination([]);
    // Mistakes in an override are found now, not when the first file it matches turns up.
    this.overrides.forEach((_, i) => this.combination([i]));
  }

  forFile(absolutePath: string): readonly ActiveRule[] {
    const matched = this.overrides.flatMap((o, i) => (o.matcher.ignores(absolutePath) ? [i] : []));
    const rules = matched.length > 0 ? this.combination(matched) : this.rules;
    if (!rules.some((r) => r.ignore?.paths)) return rules;
    return rules.map((r) => (r.ignore?.paths ? this.settlePaths(r, absolutePath) : r));
  }

  /** The kind the last override matching the file gives its bare policies, if any does. */
  policyTypeFor(absolutePath: string): PolicyKind | undefined {
    if (!this.setsKinds) return undefined;
    let kind: PolicyKind | undefined;
    // null, in a narrower entry after a broad one, puts the guess back.
    for (const o of this.overrides) if (o.policyType !== undefined && o.matcher.ignores(absolutePath)) kind = o.policyType ?? undefined;
    return kind;
  }

  /** An `ignore` limited to `paths` applies in the files they match, and not elsewhere. */
  private settlePaths(active: ActiveRule, absolutePath: string): ActiveRule {
    const { paths, ...ignore } = active.ignore!;
    const matcher = new IgnoreMatcher();
    if (this.base) matcher.add(paths ?? [], this.base);
    const { ignore: _, ...rest } = active;
    return matcher.ignores(absolutePath) ? { ...rest, ignore } : rest;
  }

  private combination(indices: number[]): ActiveRule[] {
    const key = indices.join(',');
    let rules = this.resolved.get(key);
    if (!rules) {
      rules = resolveRules(this.registry, this.config.rules, this.configFile, this.cliRules, indices.map((i) => this.overrides[i]!.layer));
      this.resolved.set(key, rules);
    }
    return rules;
  }
}
