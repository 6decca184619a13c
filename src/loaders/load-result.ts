import type { SyntaxProblem } from '../parsers/parse-result.js';
import type { IamPrincipal, PolicyDocument } from '../policy/model.js';
import type { Node } from '../source/node.js';
import type { SourceFile } from '../source/source-file.js';
import type { PolicyKind } from '../types.js';

export interface LoadOptions {
  /** Overrides the guessed kind of bare policy documents. */
  policyType?: PolicyKind;
}

/** Everything a loader found in one file. */
export interface LoadResult {
  policies: PolicyDocument[];
  principals: IamPrincipal[];
  /** Syntax errors, reported as `parse-error`. */
  syntaxErrors: SyntaxProblem[];
  /** Why the file was passed over, when it held nothing iamlint lints. */
  skipped?: string;
  /** Policies the file holds that could not be read (a heredoc only Terraform renders), each with why. */
  notRead?: string[];
  /** The parsed file, for template metadata suppressions; set only when the file mentions iamlint. */
  root?: Node;
}

export type Loader = (file: SourceFile, options: LoadOptions) => LoadResult;

export function emptyResult(extra: Partial<LoadResult> = {}): LoadResult {
  return { policies: [], principals: [], syntaxErrors: [], ...extra };
}
