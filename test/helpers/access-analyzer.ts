import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyRule } from '../../src/engine/rule.js';
import { repoRoot } from './cli.js';
import { lintWith } from './lint.js';

/** ../shared/corpus beside the repo: present in CI, absent in a user's clone (tests using it skip). */
export const managedDir = join(repoRoot, '..', 'shared', 'corpus', 'aws-managed-policies');
export const analyzerDir = join(repoRoot, '..', 'shared', 'corpus', 'aws-managed-policies-access-analyzer');
export const corpusPresent = existsSync(managedDir) && existsSync(analyzerDir);

interface AnalyzerFinding {
  issueCode: string;
  locations: { path: { value?: string; index?: number }[] }[];
}

export interface Comparison {
  /** `Policy.json#statement` for each Access Analyzer finding with one of the codes. */
  expected: string[];
  /** `Policy.json#statement` for each statement the rule reports. */
  reported: Set<string>;
  /** Statements the rule reports that Access Analyzer does not, sorted. */
  extra: string[];
  /** Statements Access Analyzer reports that the rule does not. */
  missed: string[];
  findings: number;
}

/** Lints every managed policy with one rule and lines its findings up with Access Analyzer's, statement by statement. */
export async function compareWithAccessAnalyzer(rule: AnyRule, codes: readonly string[]): Promise<Comparison> {
  const expected: string[] = [];
  const reported = new Set<string>();
  let findings = 0;
  for (const name of readdirSync(managedDir).filter((f) => f.endsWith('.json'))) {
    const aaFile = join(analyzerDir, name);
    if (existsSync(aaFile)) {
      for (const f of JSON.parse(readFileSync(aaFile, 'utf8')) as AnalyzerFinding[]) {
        if (codes.includes(f.issueCode)) expected.push(`${name}#${f.locations[0]?.path[1]?.index}`);
      }
    }
    for (const f of await lintWith(rule, readFileSync(join(managedDir, name), 'utf8'), { filename: name })) {
      if (f.ruleId !== rule.meta.id) continue;
      findings++;
      reported.add(`${name}#${f.path[1]}`);
    }
  }
  return {
    expected,
    reported,
    extra: [...reported].filter((s) => !expected.includes(s)).sort(),
    missed: expected.filter((s) => !reported.has(s)),
    findings,
  };
}
