/**
 * ARN patterns and whether two of them can name the same resource. Both sides may hold
 * wildcards: a policy's `*` and `?` and `${...}` (policy variables, or what CloudFormation fills
 * in at deploy time), and the IAM data's formats, whose `${Placeholders}` stand for names.
 *
 * A pattern is compiled to an Int32Array of codes: a character code (>= 0), ONE for `?`, or a
 * star that may exclude `/` and/or `:` (STAR minus an exclusion mask). Comparisons search pairs
 * of positions in reused typed arrays; a one-shot CLI never warms its JavaScript up, so the inner
 * loop is kept to integer arithmetic.
 */
import { BoundedMap, detached } from '../util/bounded-map.js';
import { splitArn } from './arn-segments.js';

const ONE = -1;
const STAR = -2;
const NO_SLASH = 1;
const NO_COLON = 2;
const SLASH = 47;
const COLON = 58;

export interface ArnPattern {
  readonly source: string;
  readonly codes: Int32Array;
  /** Index of the first code of the resource part (after the fifth `:`), or -1 when a star that may span `:` or a `?` comes before it. */
  readonly resourceStart: number;
  /**
   * For a written ARN: its region and account are both written empty (`arn:aws:s3:::bucket`). For
   * a format: it names a region or an account (`...:${Region}:${Account}:accesspoint/...`). An ARN
   * of such a type holds at least one of them, even where AWS leaves the other out (an AWS-owned SSM
   * document has a region, a Multi-Region Access Point an account), so the two never meet:
   * `arn:aws:s3:::${Bucket}/*` is no access point.
   */
  readonly regionAndAccount: 'both-empty' | 'named' | undefined;
  /** A format the IAM data gives as several, comma-separated (API Gateway's `/apis/...` and `/restapis/...`): each of them. */
  readonly alternatives?: readonly ArnPattern[];
}

const star = (exclude: number) => STAR - exclude;
const isStar = (code: number) => code <= STAR;
const excludes = (code: number, ch: number) => {
  const mask = STAR - code;
  return ((mask & NO_SLASH) !== 0 && ch === SLASH) || ((mask & NO_COLON) !== 0 && ch === COLON);
};

/** `regionAndAccount` is given for a format (null when it does not name both); a written ARN's is read from its codes. */
function compile(source: string, codes: number[], regionAndAccount?: ArnPattern['regionAndAccount'] | null): ArnPattern {
  let colons = 0;
  let resourceStart = -1;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    // A `?` may stand for a `:` too, which would move the resource part's start.
    if ((isStar(c) && !excludes(c, COLON)) || c === ONE) break;
    if (c === COLON && ++colons === 5) {
      resourceStart = i + 1;
      break;
    }
  }
  // A written ARN whose third `:` is followed by two more: region and account both empty.
  let both = regionAndAccount ?? undefined;
  if (regionAndAccount === undefined && resourceStart >= 3 && codes[resourceStart - 1] === COLON && codes[resourceStart - 2] === COLON && codes[resourceStart - 3] === COLON) both = 'both-empty';
  return { source, codes: Int32Array.from(codes), resourceStart, regionAndAccount: both };
}

const SEGMENT_PLACEHOLDERS = new Set(['Partition', 'Region', 'Account']);
/** A letter or digit: a placeholder right after one continues a word of the ARN. */
const isWordCharacter = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function placeholderEnd(text: string, start: number): number {
  return text.indexOf('}', start + 2);
}

const policyPatterns = new BoundedMap<string, ArnPattern>();

/**
 * A resource as a policy writes it. A `${...}` that is the whole value matches anything; one
 * inside a longer ARN matches one name, without a `/` (nor a `:` in a written-out ARN), so
 * `arn:aws:s3:::${Bucket}` stays a bucket and `arn:aws:s3:::${Bucket}/*` names its objects.
 * One glued to a word (`parameter${Name}`, `role${Path}`) may hold a `/`: SSM parameter names and
 * role paths start with one (`/app/db-url`). After a `-`, `_` or `.` it is a name's suffix
 * (`arn:aws:s3:::acme-${Stage}` stays a bucket).
 */
export function policyPattern(text: string): ArnPattern {
  let cached = policyPatterns.get(text);
  if (!cached) {
    // A copy: the pattern's `source` outlives the file the text was cut from (see BoundedMap).
    const own = detached(text);
    cached = compilePolicyPattern(own);
    policyPatterns.set(own, cached);
  }
  return cached;
}

function compilePolicyPattern(text: string): ArnPattern {
  const codes: number[] = [];
  const whole = /^\$\{[^}]*\}$/.test(text);
  const embedded = text.startsWith('arn:') ? NO_SLASH | NO_COLON : NO_SLASH;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 36 /* $ */ && text[i + 1] === '{') {
      const end = placeholderEnd(text, i);
      if (end > 0) {
        const inner = text.slice(i + 2, end);
        if (inner === '*' || inner === '?' || inner === '$') codes.push(inner.charCodeAt(0));
        else codes.push(star(whole ? 0 : i > 0 && isWordCharacter(text.charCodeAt(i - 1)) ? embedded & ~NO_SLASH : embedded));
        i = end;
        continue;
      }
    }
    // A `*` that ends a segment may run past a colon (the IAM guide's Resource element page):
    // `arn:aws:logs:*:*:/aws-glue/*` names log groups, its account `*` taking in `111122223333:log-group`.
    if (ch === 42 /* * */) codes.push(star(0));
    else if (ch === 63 /* ? */) codes.push(ONE);
    else codes.push(ch);
  }
  return compile(text, codes);
}

/**
 * An ARN format from the IAM data, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
 * Partition, region and account never hold a `:`. A name inside the format is one path segment
 * (no `/`), unless it is the format's last part or its name says it is a path or key (object keys,
 * role paths, log group names hold slashes); a bucket name never does, wherever it stands.
 */
export function formatPattern(format: string): ArnPattern {
  return compileFormat(format, 0);
}

/**
 * A format whose names never hold a `:`, not even its last: the ARNs AWS itself makes of the type,
 * without the qualifiers (`:*`, a Lambda version) policies add. Whether a statement names some
 * resources of a type, rather than whether a resource could be one.
 */
export function bareFormatPattern(format: string): ArnPattern {
  return compileFormat(format, NO_COLON);
}

function compileFormat(format: string, alwaysExcluded: number): ArnPattern {
  const parts = format.split(', ');
  if (parts.length > 1 && parts.every((p) => p.startsWith('arn:'))) {
    const alternatives = parts.map((p) => singleFormatPattern(p, alwaysExcluded));
    return { ...(alternatives[0] as ArnPattern), source: format, alternatives };
  }
  return singleFormatPattern(format, alwaysExcluded);
}

function singleFormatPattern(format: string, alwaysExcluded: number): ArnPattern {
  const codes: number[] = [];
  for (let i = 0; i < format.length; i++) {
    const ch = format.charCodeAt(i);
    if (ch === 36 /* $ */ && format[i + 1] === '{') {
      const end = placeholderEnd(format, i);
      if (end > 0) {
        codes.push(star(placeholderExclusions(format.slice(i + 2, end), end === format.length - 1) | alwaysExcluded));
        i = end;
        continue;
      }
    }
    codes.push(ch === 42 ? star(0) : ch);
  }
  const segments = splitArn(format);
  const names = (segment: string | undefined) => segment !== undefined && segment !== '';
  return compile(format, codes, names(segments[3]) || names(segments[4]) ? 'named' : null);
}

// A Step Functions Distributed Map names its child executions `execution:<stateMachine>/<mapRunLabel>:<id>`:
// the state machine part of an execution ARN holds a slash.
const SLASHED_NAMES = /Path|ObjectName|LogGroupName|Key|Prefix|StateMachineName/i;

function placeholderExclusions(name: string, last: boolean): number {
  if (SEGMENT_PLACEHOLDERS.has(name)) return NO_COLON;
  if (name === 'BucketName') return NO_SLASH;
  return last || SLASHED_NAMES.test(name) ? 0 : NO_SLASH;
}

/** Whether some string matches both patterns (the intersection of two glob languages is non-empty). */
export function patternsOverlap(a: ArnPattern, b: ArnPattern): boolean {
  if (a.alternatives) return a.alternatives.some((alt) => patternsOverlap(alt, b));
  if (b.alternatives) return b.alternatives.some((alt) => patternsOverlap(a, alt));
  const both = a.regionAndAccount;
  const other = b.regionAndAccount;
  if ((both === 'both-empty' && other === 'named') || (both === 'named' && other === 'both-empty')) return false;
  const x = a.codes;
  const y = b.codes;
  if (!literalEndsAgree(x, y)) return false;
  if (a.resourceStart < 0 || b.resourceStart < 0) return rangesOverlap(x, 0, x.length, y, 0, y.length);
  // Neither head can carry a `:` across segments, so the head and the resource part are compared
  // apart: two small searches instead of one large one.
  return (
    rangesOverlap(x, a.resourceStart, x.length, y, b.resourceStart, y.length) &&
    rangesOverlap(x, 0, a.resourceStart, y, 0, b.resourceStart)
  );
}

// Visited marks of the search below, stamped with a per-call generation so they are never cleared.
let seen = new Int32Array(4096);
let stack = new Int32Array(4096);
let generation = 0;

function rangesOverlap(x: Int32Array, x0: number, x1: number, y: Int32Array, y0: number, y1: number): boolean {
  // Literal starts and ends must agree before a search is worth starting, and once they do they are
  // dropped: a string matching both ends with the same literals, so only the middles need comparing.
  while (x0 < x1 && y0 < y1) {
    const a = x[x0] as number;
    const b = y[y0] as number;
    if (a < 0 || b < 0) break;
    if (a !== b) return false;
    x0++;
    y0++;
  }
  while (x0 < x1 && y0 < y1) {
    const a = x[x1 - 1] as number;
    const b = y[y1 - 1] as number;
    if (a < 0 || b < 0) break;
    if (a !== b) return false;
    x1--;
    y1--;
  }
  // A search from the start over the pairs of positions that both patterns can reach on a common
  // prefix; the end pair is reached if and only if some string matches both. Mismatching literals
  // cut the search short, so it visits a few pairs where a full table would fill thousands.
  const n = x1 - x0;
  const m = y1 - y0;
  const width = m + 1;
  const size = (n + 1) * width;
  if (seen.length < size) {
    seen = new Int32Array(size * 2);
    generation = 0;
  }
  if (stack.length < size) stack = new Int32Array(size * 2);
  if (++generation === 0x7fffffff) {
    seen.fill(0);
    generation = 1;
  }
  const mark = generation;
  const goal = n * width + m;
  let top = 0;
  stack[top++] = 0;
  seen[0] = mark;
  while (top > 0) {
    const at = stack[--top] as number;
    if (at === goal) return true;
    const i = (at / width) | 0;
    const j = at - i * width;
    const xi = i < n ? (x[x0 + i] as number) : 0;
    const yj = j < m ? (y[y0 + j] as number) : 0;
    const xs = i < n && isStar(xi);
    const ys = j < m && isStar(yj);
    // A star matches the empty string: skip it.
    if (xs && seen[at + width] !== mark) {
      seen[at + width] = mark;
      stack[top++] = at + width;
    }
    if (ys && seen[at + 1] !== mark) {
      seen[at + 1] = mark;
      stack[top++] = at + 1;
    }
    if (i < n && j < m) {
      let next = -1;
      // A star takes one character of the other side, which stays on its star.
      if (xs && !ys) next = yj === ONE || !excludes(xi, yj) ? at + 1 : -1;
      else if (ys && !xs) next = xi === ONE || !excludes(yj, xi) ? at + width : -1;
      else if (!xs && !ys) next = xi === ONE || yj === ONE || xi === yj ? at + width + 1 : -1;
      if (next >= 0 && seen[next] !== mark) {
        seen[next] = mark;
        stack[top++] = next;
      }
    }
  }
  return false;
}

/** A cheap first test: the literal ends of the two patterns must agree. */
function literalEndsAgree(x: Int32Array, y: Int32Array): boolean {
  for (let i = x.length - 1, j = y.length - 1; i >= 0 && j >= 0; i--, j--) {
    const a = x[i] as number;
    const b = y[j] as number;
    if (a < 0 || b < 0) break;
    if (a !== b) return false;
  }
  return true;
}

/** Whether the pattern matches every ARN (`*`, `arn:*`, a whole-value placeholder ...). */
export function matchesEverything(pattern: ArnPattern): boolean {
  return pattern.codes.length > 0 && pattern.codes.every((c) => c === STAR);
}
