import { loadSource } from '../loaders/index.js';
import type { IamPrincipal, PolicyDocument } from '../policy/model.js';
import type { SourceFile } from '../source/source-file.js';
import { formatPath } from '../source/path.js';
import type { FileResult, Finding, PolicyKind, Severity } from '../types.js';
import { toEdit } from '../fix/edits.js';
import { matchesConfigIgnore, suppressFindings, type RuleIgnore, type SuppressOptions } from '../suppress/index.js';
import { adviceAsWritten } from './hcl-advice.js';
import { interpolate } from './messages.js';
import { syntaxHint } from './syntax-hints.js';
import type { AnyRule, Report, RuleContext, Target } from './rule.js';
import { byText } from '../util/compare.js';

/** A rule as this run uses it: its severity after config and CLI flags, and its options. */
export interface ActiveRule {
  rule: AnyRule;
  severity: Severity;
  /** The user set the severity, so it overrides the rule's per-finding choice. */
  severityConfigured: boolean;
  options: unknown;
  /** Config's `ignore` for this rule in this file: findings it matches are kept, marked suppressed. */
  ignore?: RuleIgnore;
}

export interface LintOptions {
  rules: readonly ActiveRule[];
  policyType?: PolicyKind;
  /** Inline directives and template metadata: applied here, so every thread of a run gives the same output. */
  suppress?: SuppressOptions;
  /**
   * `false` leaves `Finding.fingerprint` unset. Only baselines and SARIF read it, and hashing every
   * finding was about 3% of a run over the AWS managed policies. Default true.
   */
  fingerprints?: boolean;
}

/** The id of the built-in rule that reports unreadable input. */
export const PARSE_ERROR = 'parse-error';

export class RuleError extends Error {
  constructor(ruleId: string, file: string, cause: unknown) {
    super(`rule ${ruleId} failed on ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Loads one file and runs every active rule over its policies and principals. */
export async function lintSource(file: SourceFile, options: LintOptions): Promise<FileResult> {
  const loadStart = timing ? performance.now() : 0;
  const loaded = await loadSource(file, { ...(options.policyType && { policyType: options.policyType }) });
  if (timing) ruleTimes.set('(load and build)', (ruleTimes.get('(load and build)') ?? 0) + performance.now() - loadStart);
  const findings: Finding[] = [];
  const parseRule = options.rules.find((r) => r.rule.meta.id === PARSE_ERROR);
  if (parseRule) {
    for (const error of loaded.syntaxErrors) {
      const start = file.positionAt(error.start);
      const end = file.positionAt(error.end);
      findings.push({
        ruleId: PARSE_ERROR,
        severity: parseRule.severity,
        message: error.inString
          ? // The parser read the string as a text of its own: its end is the string's, not the file's.
            interpolate(parseRule.rule.meta.messages.inString ?? '{{message}}', { message: error.message.replace('end of the file', 'end of the string'), location: error.inString })
          : interpolate(parseRule.rule.meta.messages.syntax ?? '{{message}}', { message: error.message }),
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        path: [],
        policy: null,
        ...withSuggestion(syntaxHint(error.message, error.inString !== undefined)),
      });
    }
  }
  for (const active of options.rules) {
    if (active.rule.meta.id === PARSE_ERROR) continue;
    runRule(active, file, loaded.policies, loaded.principals, findings, options.fingerprints !== false);
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column || byText(a.ruleId, b.ruleId));
  // A template policy with Fn::If is built once per branch combination; what they share is reported once.
  const unique = await suppressFindings(file, loaded.root, dedupe(findings), options.suppress ?? {});
  const result: FileResult = { path: file.path, policies: new Set(loaded.policies.map((p) => p.node)).size, findings: unique };
  if (loaded.skipped && loaded.policies.length === 0 && loaded.syntaxErrors.length === 0) result.skipped = loaded.skipped;
  // A skipped file's reason already says which policies were not read.
  else if (loaded.notRead && loaded.notRead.length > 0) result.notRead = loaded.notRead;
  return result;
}

function withSuggestion(suggestion: string | undefined): { suggestion?: string } {
  return suggestion === undefined ? {} : { suggestion };
}

/** Milliseconds spent per rule in this thread, collected when IAMLINT_TIMING is set (ESLint's TIMING). */
export const ruleTimes = new Map<string, number>();
const timing = Boolean(process.env.IAMLINT_TIMING);

function runRule(active: ActiveRule, file: SourceFile, policies: PolicyDocument[], principals: IamPrincipal[], out: Finding[], fingerprints: boolean): void {
  if (!timing) return runRuleUntimed(active, file, policies, principals, out, fingerprints);
  const start = performance.now();
  runRuleUntimed(active, file, policies, principals, out, fingerprints);
  const id = active.rule.meta.id;
  ruleTimes.set(id, (ruleTimes.get(id) ?? 0) + performance.now() - start);
}

function runRuleUntimed(active: ActiveRule, file: SourceFile, policies: PolicyDocument[], principals: IamPrincipal[], out: Finding[], fingerprints: boolean): void {
  const { rule } = active;
  // Nothing the rule reads (a trust rule on a file of identity policies): no visitor to create. On a
  // tree of small files that is a third of the rules per file.
  if (principals.length === 0 && !policies.some((p) => rule.meta.kinds.includes(p.kind))) return;
  let current: PolicyDocument | undefined;
  let currentPrincipal: IamPrincipal | undefined;
  const context: RuleContext<unknown, string> = {
    options: active.options,
    file,
    report: (report: Report<string>) => {
      const policy = report.policy ?? current;
      const finding = toFinding(active, file, report, policy);
      if (fingerprints) finding.fingerprint = fingerprintOf(file, report.at, policy, currentPrincipal);
      if (active.ignore && matchesConfigIgnore(active.ignore, report.at, policy, file)) finding.suppressions = [{ kind: 'external', justification: 'config' }];
      out.push(finding);
    },
  };
  try {
    const visitor = rule.create(context);
    if (visitor.policy) {
      for (const policy of policies) {
        if (!rule.meta.kinds.includes(policy.kind)) continue;
        current = policy;
        visitor.policy(policy);
      }
      current = undefined;
    }
    if (visitor.principal) {
      for (const principal of principals) {
        currentPrincipal = principal;
        visitor.principal(principal);
      }
    }
  } catch (error) {
    throw new RuleError(rule.meta.id, file.path, error);
  }
}

const BOUNDARY_NOTE = ' (a permissions boundary grants nothing itself: this leaves it uncapped for the identities it bounds)';

/**
 * A message is one line in every format: a value quoted in it with a line break or another control
 * character (`"s3:PutObjekt\n"` from a YAML `>` block) shows it escaped, as JSON would.
 */
function oneLine(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

function toFinding(active: ActiveRule, file: SourceFile, report: Report<string>, policy: PolicyDocument | undefined): Finding {
  const { meta } = active.rule;
  const start = file.positionAt(report.at.span.start);
  const end = file.positionAt(report.at.span.end);
  const template = meta.messages[report.messageId];
  if (template === undefined) throw new Error(`unknown messageId "${report.messageId}"`);
  const finding: Finding = {
    ruleId: meta.id,
    severity: active.severityConfigured ? active.severity : (report.severity ?? active.severity),
    message: oneLine(policy?.kind === 'boundary' && meta.speaksOfGrants ? `${interpolate(template, report.data)}${BOUNDARY_NOTE}` : interpolate(template, report.data)),
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    path: report.at.path,
    policy: policy ? { kind: policy.kind, name: policy.name, location: policy.location } : null,
  };
  if (report.suggestion) {
    const s = meta.messages[report.suggestion.messageId];
    if (s === undefined) throw new Error(`unknown messageId "${report.suggestion.messageId}"`);
    finding.suggestion = adviceAsWritten(interpolate(s, report.suggestion.data), policy, file.path);
  }
  if (report.fix && meta.fixable) {
    const edit = toEdit(file, report.fix);
    if (edit) finding.fix = edit;
  }
  if (report.suggestedFix) {
    const edit = toEdit(file, report.suggestedFix);
    if (edit) finding.suggestedFix = edit;
  }
  return finding;
}

/**
 * What a baseline and SARIF match a finding on: the text it points at. Two findings that point at
 * the same text are told apart by what the text alone does not say.
 */
function fingerprintOf(file: SourceFile, at: Target, policy: PolicyDocument | undefined, principal: IamPrincipal | undefined): string {
  const { span, path } = at;
  // Every element of a URL-encoded document (an account snapshot) points at the whole string, which
  // any edit changes: its place and value identify it instead, and survive edits to other statements.
  const pinned = policy !== undefined && path.length > 0 && span.start === policy.node.start && span.end === policy.node.end;
  const value = 'value' in at && typeof at.value === 'string' ? at.value : '';
  const written = file.text.slice(span.start, span.end);
  // A value a Terraform local holds is reported where the resource names it: the value changes, the name does not.
  const text = pinned ? `${formatPath(path)}\0${value}` : 'writtenElsewhere' in at && at.writtenElsewhere ? `${written}\0${value}` : written;
  // A finding about a principal (an attached AWS managed policy, what its policies allow together)
  // names it: the same text attached to another principal is another finding.
  return fingerprint(principal ? `${principal.type}:${principal.name}\0${text}` : text);
}

let sha1: typeof import('node:crypto').hash | undefined;

/** 16 hex digits of SHA-1 over the text with whitespace runs collapsed, so re-indenting keeps it. */
export function fingerprint(text: string): string {
  // The one-shot hash: a Hash object per finding cost more than the hashing on runs with thousands of findings.
  // node:crypto is loaded on the first finding, not at start-up, where it cost a small run ~4 ms.
  sha1 ??= process.getBuiltinModule('node:crypto').hash;
  return sha1('sha1', text.replace(/\s+/g, ' ').trim(), 'hex').slice(0, 16);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    // The policy's place too: two resources that share a document through a YAML alias are two policies.
    const key = `${f.ruleId}\0${f.line}\0${f.column}\0${f.endLine}\0${f.endColumn}\0${f.message}\0${f.policy?.location ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
