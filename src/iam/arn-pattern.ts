/**
 * ARN patterns and whether two of them can name the same resource. Both sides may hold
 * wildcards: a policy's `*` and `?` and `${...}` (policy variables, or what CloudFormation fills
 * in at deploy time), and the IAM data's formats, whose `${Placeholders}` stand for names.
 */

type Token = { kind: 'lit'; ch: string } | { kind: 'one' } | { kind: 'star'; exclude: string };

export interface ArnPattern {
  readonly source: string;
  readonly tokens: readonly Token[];
  /** Index of the first token of the resource part (after the fifth `:`), or -1 when a wildcard comes before it. */
  readonly resourceStart: number;
  /** The tokens before and from `resourceStart`, when it is known. */
  readonly head: readonly Token[];
  readonly tail: readonly Token[];
}

function withResourceStart(source: string, tokens: Token[]): ArnPattern {
  let colons = 0;
  let resourceStart = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'star' && !t.exclude.includes(':')) break;
    if (t.kind === 'lit' && t.ch === ':' && ++colons === 5) {
      resourceStart = i + 1;
      break;
    }
  }
  return resourceStart < 0
    ? { source, tokens, resourceStart, head: tokens, tail: [] }
    : { source, tokens, resourceStart, head: tokens.slice(0, resourceStart), tail: tokens.slice(resourceStart) };
}

const SEGMENT_PLACEHOLDERS = new Set(['Partition', 'Region', 'Account']);

function placeholderEnd(text: string, start: number): number {
  return text.indexOf('}', start + 2);
}

/**
 * A resource as a policy writes it. A `${...}` that is the whole value matches anything; one
 * inside a longer ARN matches one name, without a `/`, so `arn:aws:s3:::${Bucket}` stays a
 * bucket and `arn:aws:s3:::${Bucket}/*` names its objects.
 */
export function policyPattern(text: string): ArnPattern {
  let cached = policyPatterns.get(text);
  if (!cached) {
    cached = compilePolicyPattern(text);
    policyPatterns.set(text, cached);
  }
  return cached;
}

const policyPatterns = new Map<string, ArnPattern>();

function compilePolicyPattern(text: string): ArnPattern {
  const tokens: Token[] = [];
  const whole = /^\$\{[^}]*\}$/.test(text);
  // Inside a written-out ARN a placeholder is one name: no `/`, and no `:` between segments.
  const embedded = text.startsWith('arn:') ? '/:' : '/';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '$' && text[i + 1] === '{') {
      const end = placeholderEnd(text, i);
      if (end > 0) {
        const inner = text.slice(i + 2, end);
        if (inner === '*' || inner === '?' || inner === '$') tokens.push({ kind: 'lit', ch: inner });
        else tokens.push({ kind: 'star', exclude: whole ? '' : embedded });
        i = end;
        continue;
      }
    }
    if (ch === '*') tokens.push({ kind: 'star', exclude: '' });
    else if (ch === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'lit', ch });
  }
  return withResourceStart(text, tokens);
}

/**
 * An ARN format from the IAM data, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
 * Partition, region and account never hold a `:`. A name inside the format is one path segment
 * (no `/`), unless it is the format's last part or its name says it is a path or key (object keys,
 * role paths, log group names hold slashes); a bucket name never does, wherever it stands.
 */
export function formatPattern(format: string): ArnPattern {
  const tokens: Token[] = [];
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (ch === '$' && format[i + 1] === '{') {
      const end = placeholderEnd(format, i);
      if (end > 0) {
        const name = format.slice(i + 2, end);
        tokens.push({ kind: 'star', exclude: placeholderExclusions(name, end === format.length - 1) });
        i = end;
        continue;
      }
    }
    tokens.push(ch === '*' ? { kind: 'star', exclude: '' } : { kind: 'lit', ch });
  }
  return withResourceStart(format, tokens);
}

const SLASHED_NAMES = /Path|ObjectName|LogGroupName|Key|Prefix/i;

function placeholderExclusions(name: string, last: boolean): string {
  if (SEGMENT_PLACEHOLDERS.has(name)) return ':';
  if (name === 'BucketName') return '/';
  return last || SLASHED_NAMES.test(name) ? '' : '/';
}

/** Whether some string matches both patterns (the intersection of two glob languages is non-empty). */
export function patternsOverlap(a: ArnPattern, b: ArnPattern): boolean {
  if (!literalEndsAgree(a.tokens, b.tokens) || !resourcePrefixesAgree(a, b)) return false;
  if (a.resourceStart < 0 || b.resourceStart < 0) return tokensOverlap(a.tokens, b.tokens);
  // Neither head can carry a `:` across segments, so the head and the resource part are compared
  // apart: two small tables instead of one large one.
  return tokensOverlap(a.tail, b.tail) && tokensOverlap(a.head, b.head);
}

function tokensOverlap(x: readonly Token[], y: readonly Token[]): boolean {
  const n = x.length;
  const m = y.length;
  const width = m + 1;
  const size = (n + 1) * width;
  if (table.length < size) table = new Uint8Array(size * 2);
  const f = table;
  f.fill(0, 0, size);
  f[n * width + m] = 1;
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) continue;
      const xi = x[i];
      const yj = y[j];
      let ok = false;
      if (xi?.kind === 'star' && f[(i + 1) * width + j]) ok = true;
      else if (yj?.kind === 'star' && f[i * width + j + 1]) ok = true;
      else if (xi && yj) {
        if (xi.kind === 'star' && yj.kind !== 'star') {
          ok = (yj.kind === 'one' || !xi.exclude.includes(yj.ch)) && f[i * width + j + 1] === 1;
        }
        if (!ok && yj.kind === 'star' && xi.kind !== 'star') {
          ok = (xi.kind === 'one' || !yj.exclude.includes(xi.ch)) && f[(i + 1) * width + j] === 1;
        }
        if (!ok && xi.kind !== 'star' && yj.kind !== 'star') {
          const same = xi.kind === 'one' || yj.kind === 'one' || xi.ch === yj.ch;
          ok = same && f[(i + 1) * width + j + 1] === 1;
        }
      }
      f[i * width + j] = ok ? 1 : 0;
    }
  }
  return f[0] === 1;
}

/** Whether the pattern matches every ARN (`*`, `arn:*`, a whole-value placeholder ...). */
export function matchesEverything(pattern: ArnPattern): boolean {
  return pattern.tokens.length > 0 && pattern.tokens.every((t) => t.kind === 'star' && t.exclude === '');
}

let table = new Uint8Array(4096);

/** The literal start of the resource parts (`accesspoint/` against `logs/`) must agree. */
function resourcePrefixesAgree(a: ArnPattern, b: ArnPattern): boolean {
  if (a.resourceStart < 0 || b.resourceStart < 0) return true;
  for (let i = a.resourceStart, j = b.resourceStart; i < a.tokens.length && j < b.tokens.length; i++, j++) {
    const x = a.tokens[i] as Token;
    const y = b.tokens[j] as Token;
    if (x.kind !== 'lit' || y.kind !== 'lit') return true;
    if (x.ch !== y.ch) return false;
  }
  return true;
}

/** A cheap first test: literal prefixes and suffixes must agree before the full comparison runs. */
function literalEndsAgree(x: readonly Token[], y: readonly Token[]): boolean {
  for (let i = 0; i < x.length && i < y.length; i++) {
    const a = x[i] as Token;
    const b = y[i] as Token;
    if (a.kind !== 'lit' || b.kind !== 'lit') break;
    if (a.ch !== b.ch) return false;
  }
  for (let i = x.length - 1, j = y.length - 1; i >= 0 && j >= 0; i--, j--) {
    const a = x[i] as Token;
    const b = y[j] as Token;
    if (a.kind !== 'lit' || b.kind !== 'lit') break;
    if (a.ch !== b.ch) return false;
  }
  return true;
}
