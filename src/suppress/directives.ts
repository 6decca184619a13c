import type { Comment } from './comments.js';

export type DirectiveKind = 'disable-next-line' | 'disable' | 'enable';

export interface NamedRule {
  id: string;
  start: number;
  end: number;
}

export interface Directive {
  kind: DirectiveKind;
  /** The rules named; empty means every rule. */
  rules: NamedRule[];
  /** The text after ` -- `, when there is any. */
  reason?: string;
  comment: Comment;
}

/** A comment that starts like a directive but is not one (`iamlint-disable-line`, a typo). */
export interface MalformedDirective {
  word: string;
  start: number;
  end: number;
}

const KINDS = new Set<string>(['disable-next-line', 'disable', 'enable']);
const HEAD = /^(\s*\**\s*)(iamlint-[A-Za-z-]*)/;

/**
 * Reads `iamlint-<kind> rule-a, rule-b -- reason` from a comment, ESLint's directive grammar:
 * the reason is whatever follows the first run of two or more dashes with spaces around it.
 */
export function parseDirective(comment: Comment): Directive | MalformedDirective | undefined {
  const head = HEAD.exec(comment.text);
  if (!head) return undefined;
  const lead = head[1]!.length;
  const word = head[2]!;
  const kind = word.slice('iamlint-'.length);
  const wordStart = comment.textStart + lead;
  if (!KINDS.has(kind)) return { word, start: wordStart, end: wordStart + word.length };
  const rest = comment.text.slice(lead + word.length);
  // Nothing but space may follow the word: `iamlint-disablefoo` is not `iamlint-disable`.
  if (rest !== '' && !/^\s/.test(rest)) return { word: word + (/^\S+/.exec(rest)?.[0] ?? ''), start: wordStart, end: wordStart + word.length };
  const restStart = comment.textStart + lead + word.length;
  const separator = /\s-{2,}(?:\s|$)/.exec(rest);
  const list = separator ? rest.slice(0, separator.index) : rest;
  const reason = separator ? rest.slice(separator.index + separator[0].length).replace(/\s*\**\s*$/, '').trim() : undefined;
  const rules: NamedRule[] = [];
  const idPattern = /[^,\s]+/g;
  for (let m = idPattern.exec(list); m; m = idPattern.exec(list)) {
    rules.push({ id: m[0], start: restStart + m.index, end: restStart + m.index + m[0].length });
  }
  return { kind: kind as DirectiveKind, rules, ...(reason && { reason }), comment };
}

export function isDirective(value: Directive | MalformedDirective): value is Directive {
  return 'kind' in value;
}
