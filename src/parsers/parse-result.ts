import type { Node, Span } from '../source/node.js';

export interface SyntaxProblem extends Span {
  message: string;
  /**
   * Where the policy string that does not parse lives (`aws_iam_role.r.assume_role_policy`,
   * `Resources.P.Properties.PolicyDocument`), when the file itself parses: the message names it
   * rather than blaming the file.
   */
  inString?: string;
  /**
   * The text is JSON with comments, and this is its first comment or trailing comma: an error only
   * where strict JSON is required (a policy string IAM reads), and not one that a template
   * renders away, so a loader reports it rather than trying the string as a template.
   */
  strictJson?: true;
}

/** What a parser gives back: the tree (when one could be built) and every syntax error with its span. */
export interface ParseResult {
  root: Node | undefined;
  errors: SyntaxProblem[];
  /** The documents after the first of a multi-document YAML stream, in order. */
  others?: Node[];
}

/** Deep or aliased documents could exhaust memory or the stack while being turned into nodes. */
export const MAX_NODES = 2_000_000;
export const MAX_DEPTH = 2_000;

export class DocumentTooComplexError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}
