import type { FileResult } from '../types.js';

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
  const s: Summary = { files: 0, policies: 0, errors: 0, warnings: 0, infos: 0, skipped: 0 };
  for (const r of results) {
    if (r.skipped) {
      s.skipped++;
      continue;
    }
    s.files++;
    s.policies += r.policies;
    for (const f of r.findings) {
      if (f.severity === 'error') s.errors++;
      else if (f.severity === 'warning') s.warnings++;
      else s.infos++;
    }
  }
  return s;
}
