import { closest } from '../iam/similar.js';
import type { Span } from '../source/node.js';
import type { SourceFile } from '../source/source-file.js';
import type { Finding, Position, Severity } from '../types.js';
import type { Comment } from './comments.js';
import { isDirective, parseDirective, type Directive, type NamedRule } from './directives.js';
import type { MetadataIgnore, MetadataProblem } from './metadata.js';

/** Findings about suppressions themselves; not a rule, so they cannot be switched off or suppressed. */
export const SUPPRESSION_RULE = 'iamlint/suppression';

export interface SuppressOptions {
  /** Every rule id of the run, active or off; a directive naming another id is a mistake. */
  knownRules?: ReadonlySet<string>;
  /** Report suppressions that give no reason. */
  requireReason?: boolean;
  /** Report suppressions that silenced nothing, as ESLint's reportUnusedDisableDirectives. */
  reportUnused?: boolean;
}

/** Findings that no suppression can silence: a file that cannot be read has no comments to trust. */
export const UNSUPPRESSIBLE: ReadonlySet<string> = new Set(['parse-error', SUPPRESSION_RULE]);

/** One rule (or every rule, `id` undefined) silenced over a stretch of the file by one directive. */
interface Scope {
  id: string | undefined;
  /** Findings starting in [from, to) are silenced. */
  from: Position;
  to: Position;
  reason: string | undefined;
  used: boolean;
  owner: Owner;
}

/** A directive or metadata entry: what unused and reasonless reports are about. */
interface Owner {
  describe: string;
  span: Span;
  reason: string | undefined;
  scopes: Scope[];
  /** Metadata scopes also cover the policies a resource holds, wherever their findings point. */
  locationPrefix?: string;
}

/**
 * Marks the findings that inline directives and template metadata silence (their `suppressions`
 * are set; nothing is removed) and returns findings about the suppressions themselves.
 */
export function applySuppressions(
  file: SourceFile,
  findings: readonly Finding[],
  comments: readonly Comment[],
  metadata: { ignores: readonly MetadataIgnore[]; problems: readonly MetadataProblem[] },
  options: SuppressOptions,
): Finding[] {
  const out: Finding[] = [];
  const report = (severity: Severity, message: string, span: Span) => out.push(meta(file, severity, message, span));
  const known = (rule: NamedRule, where: string): boolean => {
    if (!options.knownRules || options.knownRules.has(rule.id)) return true;
    const near = closest(rule.id, options.knownRules, 1)[0] ?? [...options.knownRules].find((k) => k.startsWith(rule.id));
    report('error', `Unknown rule "${rule.id}" in ${where}${near ? ` (did you mean "${near}"?)` : ''}`, rule);
    return false;
  };

  const owners: Owner[] = [];
  const open: Scope[] = [];
  const end: Position = { line: Number.MAX_SAFE_INTEGER, column: 1 };
  for (const comment of comments) {
    const parsed = parseDirective(comment);
    if (!parsed) continue;
    if (!isDirective(parsed)) {
      report('error', `Unknown directive "${parsed.word}": use iamlint-disable-next-line, iamlint-disable or iamlint-enable`, parsed);
      continue;
    }
    const word = `iamlint-${parsed.kind}`;
    const ids = parsed.rules.filter((r) => known(r, `${word} comment`)).map((r) => r.id);
    // Every id was unknown: silence nothing rather than everything.
    if (parsed.rules.length > 0 && ids.length === 0) continue;
    if (parsed.kind === 'enable') {
      const at = file.positionAt(comment.start);
      for (let i = open.length - 1; i >= 0; i--) {
        const scope = open[i]!;
        if (ids.length > 0 && (scope.id === undefined || !ids.includes(scope.id))) continue;
        scope.to = at;
        open.splice(i, 1);
      }
      continue;
    }
    const owner: Owner = { describe: `${word} comment`, span: comment, reason: parsed.reason, scopes: [] };
    owners.push(owner);
    const scopes = directiveScopes(file, parsed, ids, end);
    for (const scope of scopes) {
      const s: Scope = { ...scope, reason: parsed.reason, used: false, owner };
      owner.scopes.push(s);
      if (parsed.kind === 'disable') open.push(s);
    }
  }

  for (const problem of metadata.problems) report('error', problem.message, problem.span);
  for (const ignore of metadata.ignores) {
    if (!known({ id: ignore.rule.id, ...ignore.rule.span }, `Metadata.iamlint.ignore of ${ignore.resource}`)) continue;
    const owner: Owner = {
      describe: `Metadata.iamlint.ignore entry of ${ignore.resource}`,
      span: ignore.span,
      reason: ignore.reason,
      scopes: [],
      locationPrefix: `${ignore.location}.`,
    };
    owner.scopes.push({ id: ignore.rule.id, from: file.positionAt(ignore.range.start), to: file.positionAt(ignore.range.end), reason: ignore.reason, used: false, owner });
    owners.push(owner);
  }

  if (owners.length > 0) {
    for (const finding of findings) {
      if (UNSUPPRESSIBLE.has(finding.ruleId) || finding.suppressions) continue;
      for (const owner of owners) {
        for (const scope of owner.scopes) {
          if (scope.id !== undefined && scope.id !== finding.ruleId) continue;
          if (!covers(scope, finding)) continue;
          scope.used = true;
          (finding.suppressions ??= []).push({ kind: 'inSource', ...(scope.reason && { justification: scope.reason }) });
        }
      }
    }
  }

  for (const owner of owners) {
    if (options.requireReason && !owner.reason) report('warning', `The ${owner.describe} gives no reason: add one${owner.locationPrefix ? ' as "reason"' : ' after " -- "'}`, owner.span);
    if (!options.reportUnused) continue;
    const unused = owner.scopes.filter((s) => !s.used);
    if (unused.length === 0) continue;
    const named = unused.flatMap((s) => (s.id ? [s.id] : []));
    report('warning', `Unused ${owner.describe}: no problems${named.length ? ` from ${named.join(', ')}` : ''} were found where it applies`, owner.span);
  }
  return out;
}

function directiveScopes(file: SourceFile, directive: Directive, ids: readonly string[], end: Position): Omit<Scope, 'reason' | 'used' | 'owner'>[] {
  const targets = ids.length > 0 ? [...new Set(ids)] : [undefined];
  if (directive.kind === 'disable-next-line') {
    const line = file.positionAt(directive.comment.end).line + 1;
    return targets.map((id) => ({ id, from: { line, column: 1 }, to: { line: line + 1, column: 1 } }));
  }
  const from = file.positionAt(directive.comment.end);
  return targets.map((id) => ({ id, from, to: end }));
}

function covers(scope: Scope, finding: Finding): boolean {
  if (scope.owner.locationPrefix && finding.policy?.location.startsWith(scope.owner.locationPrefix)) return true;
  const at = { line: finding.line, column: finding.column };
  return compare(at, scope.from) >= 0 && compare(at, scope.to) < 0;
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

function meta(file: SourceFile, severity: Severity, message: string, span: Span): Finding {
  const start = file.positionAt(span.start);
  const end = file.positionAt(span.end);
  return { ruleId: SUPPRESSION_RULE, severity, message, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, path: [], policy: null };
}
