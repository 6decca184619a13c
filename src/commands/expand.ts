import { UsageError } from '../config/errors.js';
import { ACCESS_LEVELS, countByAccessLevel, expandAction, parseAction, serviceActions, type AccessLevel, type ActionInfo } from '../iam/actions.js';
import { policyPattern, patternsOverlap } from '../iam/arn-pattern.js';
import { actionsForResources, literalService, parseArn } from '../iam/arn.js';
import { isKnownService, serviceKeys } from '../iam/data.js';
import { actionCount, describeAccessLevels } from '../iam/describe.js';
import { actionResourceTypes, type ResourceTypeInfo } from '../iam/resources.js';
import { closest } from '../iam/similar.js';
import { hasWildcard } from '../iam/wildcard.js';
import type { CommandHost } from './index.js';
import { table } from './text.js';

export interface ExpandOptions {
  format: 'text' | 'json';
  accessLevel?: string;
  resource?: string;
}

interface Expanded {
  pattern: string;
  actions: ActionInfo[];
  /** Why the pattern matches nothing, with a did-you-mean when one is near. */
  problem?: string;
}

/**
 * `iamlint expand PATTERN...`: what the patterns grant. Exit 0 when something is left after the
 * filters, 1 when a pattern or the filters match nothing, 2 for bad usage.
 */
export async function expandCommand(patterns: string[], opts: ExpandOptions, host: CommandHost): Promise<number> {
  const { io } = host;
  const levels = opts.accessLevel === undefined ? undefined : parseLevels(opts.accessLevel);
  const resource = opts.resource;
  if (resource !== undefined && resource !== '*' && !parseArn(resource)) throw new UsageError(`--resource: "${resource}" is not an ARN (arn:partition:service:region:account:resource) nor "*"`);
  const expanded = patterns.map(expandPattern);
  for (const e of expanded) if (e.problem) io.stderr.write(`iamlint: ${e.problem}\n`);

  const granted = unique(expanded.flatMap((e) => e.actions));
  let kept = levels ? granted.filter((a) => levels.includes(a.accessLevel)) : granted;
  // "*" names every resource; wildcard-only actions are the ones that accept nothing narrower.
  if (resource !== undefined && resource !== '*') kept = actionsForResources(kept, [resource]);
  kept = sortActions(kept);
  const filtered = levels !== undefined || resource !== undefined;
  const matchedTypes = (a: ActionInfo) => resourceTypesFor(a, resource);

  if (opts.format === 'json') {
    const json = {
      patterns: expanded.map((e) => ({ pattern: e.pattern, actions: e.actions.length, ...(e.problem && { problem: e.problem }) })),
      filters: { ...(levels && { accessLevels: levels }), ...(resource !== undefined && { resource }) },
      total: kept.length,
      byAccessLevel: Object.fromEntries(countByAccessLevel(kept)),
      actions: kept.map((a) => ({
        action: a.id,
        accessLevel: a.accessLevel,
        wildcardOnly: a.wildcardOnly,
        resourceTypes: matchedTypes(a).map((t) => ({ service: t.service, name: t.name, arn: t.arn, required: t.required })),
      })),
      ...(filtered && { actionList: kept.map((a) => a.id) }),
    };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.stdout.write(textReport(expanded, granted, kept, levels, resource, matchedTypes));
  }
  if (granted.length > 0 && kept.length === 0) io.stderr.write(`iamlint: no action of ${quoteList(patterns)} is left after the filters\n`);
  return expanded.some((e) => e.actions.length === 0) || kept.length === 0 ? 1 : 0;
}

function expandPattern(pattern: string): Expanded {
  if (pattern === '*') return { pattern, actions: expandAction('*') };
  const parsed = parseAction(pattern);
  if (!parsed || /\s/.test(pattern)) throw new UsageError(`"${pattern}" is not an action pattern: write service:action (s3:GetObject, s3:Get*, iam:*Policy*) or "*"`);
  const actions = expandAction(pattern);
  if (actions.length > 0) return { pattern, actions };
  const service = parsed.service.toLowerCase();
  if (!hasWildcard(service) && !isKnownService(service)) {
    const near = closest(service, serviceKeys());
    return { pattern, actions, problem: `"${pattern}" matches no action: there is no service "${parsed.service}"${didYouMean(near.map((s) => (expandAction(`${s}:${parsed.name}`).length > 0 ? `${s}:${parsed.name}` : s)))}` };
  }
  if (hasWildcard(service)) return { pattern, actions, problem: `"${pattern}" matches no action: no service matches "${parsed.service}"` };
  const near = hasWildcard(parsed.name) ? [] : closest(parsed.name, serviceActions(service).map((a) => a.name));
  return { pattern, actions, problem: `"${pattern}" matches no action of ${service}${didYouMean(near.map((n) => `${service}:${n}`))}` };
}

function didYouMean(candidates: string[]): string {
  return candidates.length ? `; did you mean ${candidates.join(', ')}?` : '';
}

const LEVEL_WORDS = new Map(ACCESS_LEVELS.map((l) => [l.toLowerCase().replace(/ /g, '-'), l]));

/** `read,list`, `Permissions management`, `permissions-management`: case and separators do not matter. */
function parseLevels(text: string): AccessLevel[] {
  const levels: AccessLevel[] = [];
  for (const word of text.split(',').map((w) => w.trim()).filter(Boolean)) {
    const key = word.toLowerCase().replace(/[\s_]+/g, '-');
    const level = LEVEL_WORDS.get(key);
    if (!level) {
      const near = closest(key, LEVEL_WORDS.keys(), 1);
      throw new UsageError(`--access-level: unknown access level "${word}"${didYouMean(near)} (known: ${[...LEVEL_WORDS.keys()].join(', ')})`);
    }
    if (!levels.includes(level)) levels.push(level);
  }
  if (levels.length === 0) throw new UsageError('--access-level: give at least one access level');
  return levels;
}

/** The action's resource types; given a resource, those whose ARN format can name it. */
function resourceTypesFor(action: ActionInfo, resource: string | undefined): ResourceTypeInfo[] {
  const all = actionResourceTypes(action);
  if (resource === undefined || resource === '*') return all;
  const pattern = policyPattern(resource);
  const service = literalService(resource);
  const matching = all.filter((t) => (service === undefined || t.arnService === service || t.arnService.includes('$')) && patternsOverlap(t.pattern, pattern));
  return matching.length > 0 ? matching : all;
}

function textReport(
  expanded: Expanded[],
  granted: ActionInfo[],
  kept: ActionInfo[],
  levels: AccessLevel[] | undefined,
  resource: string | undefined,
  typesOf: (a: ActionInfo) => ResourceTypeInfo[],
): string {
  const out: string[] = [];
  for (const e of expanded) out.push(`${e.pattern}: ${actionCount(e.actions.length)}${e.actions.length ? ` (${describeAccessLevels(e.actions)})` : ''}`);
  if (expanded.length > 1) out.push(`together: ${actionCount(granted.length)}${granted.length ? ` (${describeAccessLevels(granted)})` : ''}`);
  const filters = [levels && `access level ${levels.join(', ')}`, resource !== undefined && `acting on ${resource}`].filter(Boolean);
  if (filters.length > 0) out.push(`${filters.join(', ')}: ${actionCount(kept.length)}${kept.length ? ` (${describeAccessLevels(kept)})` : ''}`);
  if (kept.length === 0) return `${out.join('\n')}\n`;

  const legend = new Map<string, ResourceTypeInfo>();
  for (const level of ACCESS_LEVELS) {
    const rows = kept
      .filter((a) => a.accessLevel === level)
      .map((a) => {
        const types = typesOf(a);
        for (const t of types) legend.set(`${t.service}\u0000${t.name}`, t);
        return [a.id, a.wildcardOnly ? '"*" only' : types.map((t) => t.name).join(', ')];
      });
    if (rows.length === 0) continue;
    out.push('', `${level} (${rows.length})`);
    out.push(table(undefined, rows, '  ').trimEnd());
  }
  if (legend.size > 0) {
    out.push('', 'Resource types');
    const rows = [...legend.values()].sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name)).map((t) => [t.service, t.name, t.arn]);
    out.push(table(undefined, rows, '  ').trimEnd());
  }
  if (levels !== undefined || resource !== undefined) {
    out.push('', `Action list${resource !== undefined ? ` for ${resource}` : ''}:`, JSON.stringify(kept.map((a) => a.id), null, 2));
  }
  return `${out.join('\n')}\n`;
}

function quoteList(patterns: string[]): string {
  return patterns.map((p) => `"${p}"`).join(', ');
}

function unique(actions: ActionInfo[]): ActionInfo[] {
  const seen = new Set<string>();
  return actions.filter((a) => !seen.has(a.id) && seen.add(a.id) !== undefined);
}

/** By access level (the IAM data's order), then by id. */
function sortActions(actions: ActionInfo[]): ActionInfo[] {
  const rank = new Map(ACCESS_LEVELS.map((l, i) => [l, i]));
  return [...actions].sort((a, b) => (rank.get(a.accessLevel) ?? 0) - (rank.get(b.accessLevel) ?? 0) || a.id.localeCompare(b.id));
}
