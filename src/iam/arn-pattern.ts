/**
 * ARN patterns and whether two of them can name the same resource. Both sides may hold
 * wildcards: a policy's `*` and `?` and `${...}` (policy variables, or what CloudFormation fills
 * in at deploy time), and the IAM data's formats, whose `${Placeholders}` stand for names.
 */

type Token = { kind: 'lit'; ch: string } | { kind: 'one' } | { kind: 'star'; exclude: string };

export interface ArnPattern {
  readonly source: string;
  readonly tokens: readonly Token[];
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
  const tokens: Token[] = [];
  const whole = /^\$\{[^}]*\}$/.test(text);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '$' && text[i + 1] === '{') {
      const end = placeholderEnd(text, i);
      if (end > 0) {
        const inner = text.slice(i + 2, end);
        if (inner === '*' || inner === '?' || inner === '$') tokens.push({ kind: 'lit', ch: inner });
        else tokens.push({ kind: 'star', exclude: whole ? '' : '/' });
        i = end;
        continue;
      }
    }
    if (ch === '*') tokens.push({ kind: 'star', exclude: '' });
    else if (ch === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'lit', ch });
  }
  return { source: text, tokens };
}

/** An ARN format from the IAM data, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
export function formatPattern(format: string): ArnPattern {
  const tokens: Token[] = [];
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (ch === '$' && format[i + 1] === '{') {
      const end = placeholderEnd(format, i);
      if (end > 0) {
        const name = format.slice(i + 2, end);
        tokens.push({ kind: 'star', exclude: SEGMENT_PLACEHOLDERS.has(name) ? ':' : '' });
        i = end;
        continue;
      }
    }
    tokens.push(ch === '*' ? { kind: 'star', exclude: '' } : { kind: 'lit', ch });
  }
  return { source: format, tokens };
}

/** Whether some string matches both patterns (the intersection of two glob languages is non-empty). */
export function patternsOverlap(a: ArnPattern, b: ArnPattern): boolean {
  const x = a.tokens;
  const y = b.tokens;
  const n = x.length;
  const m = y.length;
  const width = m + 1;
  const f = new Uint8Array((n + 1) * width);
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
