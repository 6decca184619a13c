/** Shared vocabulary of iamlint: severities, policy kinds, positions and findings. */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/**
 * What a policy is for. AWS validates each kind with a different grammar and the rules read
 * different kinds, so the loader always decides one.
 */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'scp' | 'rcp' | 'boundary' | 'endpoint';
export const POLICY_KINDS: readonly PolicyKind[] = [
  'identity',
  'resource',
  'trust',
  'scp',
  'rcp',
  'boundary',
  'endpoint',
];

/** A step into a document: an object key or an array index. */
export type PathSegment = string | number;

/** 1-based line and column, the convention of every editor and of ESLint's output. */
export interface Position {
  line: number;
  column: number;
}

export interface PolicyRef {
  kind: PolicyKind;
  /** What a reader calls it: a CDK construct path, a resource's logical id and policy name, or the file. */
  name: string;
  /** Where the document sits in its file, e.g. `Resources.AppRole.Properties.Policies[0].PolicyDocument`; empty for a bare file. */
  location: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  suggestion?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The element's place inside the policy document, or inside the file when no policy is involved. */
  path: PathSegment[];
  policy: PolicyRef | null;
  /** A safe fix, ESLint's shape: replace the text at `range` (offsets, end exclusive) with `text`. */
  fix?: { range: [number, number]; text: string };
  /** A fix that changes what the policy allows, same shape: applied only by `--fix-suggestions <rule-id>`. */
  suggestedFix?: { range: [number, number]; text: string };
  /**
   * Set when a suppression (inline comment, template metadata, config, baseline) silences the finding:
   * it is kept for SARIF, which marks it suppressed, and left out of counts, exit codes and other formats.
   */
  suppressions?: Suppression[];
  /**
   * A short hash of the offending text (the source at the finding's span, whitespace collapsed):
   * what a baseline matches on, so moving a finding to another line does not make it new.
   */
  fingerprint?: string;
}

export interface Suppression {
  /** SARIF's kinds: `inSource` for comments and template metadata, `external` for config and baselines. */
  kind: 'inSource' | 'external';
  justification?: string;
}

export interface FileResult {
  /** The path as the user gave it (relative paths stay relative). */
  path: string;
  policies: number;
  findings: Finding[];
  /** Set when the file held nothing iamlint lints (not a policy, template or known IaC output). */
  skipped?: string;
  /** Policies of a file that was linted that could not be read, each with why; unset when there are none. */
  notRead?: string[];
}
