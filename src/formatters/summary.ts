import type { FileResult, Finding } from '../types.js';

export interface Summary {
  files: number;
  policies: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Files in a folder walk that held no policy. */
  skipped: number;
}

export function summarize(results: readonly FileResult[]): Summary {
  const s = emptySummary();
  for (const r of results) addToSummary(s, r);
  return s;
}

export function emptySummary(): Summary {
  return { files: 0, policies: 0, errors: 0, warnings: 0, infos: 0, skipped: 0 };
}

/** Counts one file into a running summary: what a streamed run keeps instead of its results. */
export function addToSummary(s: Summary, r: FileResult): void {
  if (r.skipped) {
    s.skipped++;
    return;
  }
  s.files++;
  s.policies += r.policies;
  for (const f of r.findings) {
    if (isSuppressed(f)) continue;
    if (f.severity === 'error') s.errors++;
    else if (f.severity === 'warning') s.warnings++;
    else s.infos++;
  }
}

/** A finding a suppression silenced: only SARIF shows it (marked suppressed); counts and exit codes leave it out. */
export function isSuppressed(f: Finding): boolean {
  return f.suppressions !== undefined && f.suppressions.length > 0;
}

/** The findings a report shows and counts. */
export function visibleFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !isSuppressed(f));
}
