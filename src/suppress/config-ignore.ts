import { wildcardSource } from '../iam/wildcard.js';
import type { Located, PolicyDocument, Statement } from '../policy/model.js';
import type { Span } from '../source/node.js';
import type { SourceFile } from '../source/source-file.js';

/**
 * The `ignore` option every rule accepts in config. `paths` (globs relative to the config file)
 * limit where it applies and are settled per file before linting; then a finding is ignored when
 * it is about a matching action or a matching resource.
 */
export interface RuleIgnore {
  actions?: string[];
  resources?: string[];
  paths?: string[];
}

/**
 * Whether config ignores a finding at `at`. On an action (or a resource) the finding is about that
 * value; elsewhere in a statement, about all of the statement's actions (or resources). It is
 * ignored when those match `actions`, or when the statement's resources match `resources`, so
 * `no-wildcard-resource` can be ignored for `logs:*` statements. Actions compare case-insensitively
 * as IAM does; ARNs exactly.
 */
export function matchesConfigIgnore(ignore: RuleIgnore, at: { span: Span; value?: unknown }, policy: PolicyDocument | undefined, file: SourceFile): boolean {
  if (ignore.paths) return false;
  const { actions, resources } = compiled(ignore);
  if (actions.length === 0 && resources.length === 0) return true;
  const statement = policy?.statements.find((s) => s.node.start <= at.span.start && at.span.end <= s.node.end);
  const value = typeof at.value === 'string' ? at.value : file.text.slice(at.span.start, at.span.end).replace(/^["']|["']$/g, '');
  if (!statement) return [...actions, ...resources].some((re) => re.test(value));
  return aboutMatches(statement, ['action', 'notAction'], at.span, value, actions) || aboutMatches(statement, ['resource', 'notResource'], at.span, value, resources);
}

/** The value the finding points at, when it is one of these fields' values; else all of them. */
function aboutMatches(statement: Statement, fields: ListField[], span: Span, value: string, patterns: RegExp[]): boolean {
  if (patterns.length === 0) return false;
  const values = valuesOf(statement, fields);
  if (values.some((v) => v.span.start === span.start && v.span.end === span.end)) return patterns.some((re) => re.test(value));
  return values.length > 0 && values.every((v) => patterns.some((re) => re.test(v.value)));
}

type ListField = 'action' | 'notAction' | 'resource' | 'notResource';

function valuesOf(statement: Statement, fields: ListField[]): Located[] {
  return fields.flatMap((f) => statement[f]?.values ?? []);
}

// Compiled once per ignore option, not for every finding a rule reports.
const compiledIgnores = new WeakMap<RuleIgnore, { actions: RegExp[]; resources: RegExp[] }>();
function compiled(ignore: RuleIgnore): { actions: RegExp[]; resources: RegExp[] } {
  let found = compiledIgnores.get(ignore);
  if (!found) {
    found = { actions: (ignore.actions ?? []).map((p) => pattern(p, 'i')), resources: (ignore.resources ?? []).map((p) => pattern(p, '')) };
    compiledIgnores.set(ignore, found);
  }
  return found;
}

function pattern(text: string, flags: string): RegExp {
  return new RegExp(`^${wildcardSource(text)}$`, flags);
}
