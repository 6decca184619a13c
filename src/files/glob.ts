import { UsageError } from '../config/errors.js';

/**
 * Gitignore-like patterns for `ignores` and `--ignore-pattern`: `*` within a path segment, `**`
 * across segments, `?` one character, `[abc]` and `[!a-z]` one of a set; a pattern without a `/`
 * matches a name at any depth; a trailing `/` matches a folder and everything in it. (A leading
 * `!`, which re-includes, is the matcher's: see IgnoreMatcher.)
 */
export function globToRegExp(pattern: string): RegExp {
  let p = pattern.replace(/\\/g, '/');
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.slice(0, -1);
  const anchored = p.includes('/');
  if (p.startsWith('./')) p = p.slice(2);
  if (p.startsWith('/')) p = p.slice(1);
  let body = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i] as string;
    const close = ch === '[' ? p.indexOf(']', i + 2) : -1;
    if (ch === '*' && p[i + 1] === '*') {
      const slash = p[i + 2] === '/';
      body += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') body += '[^/]*';
    else if (ch === '?') body += '[^/]';
    else if (close > 0) {
      const set = p.slice(i + 1, close);
      const negated = set.startsWith('!') || set.startsWith('^');
      body += `[${negated ? '^/' : ''}${(negated ? set.slice(1) : set).replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else body += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  try {
    return new RegExp(`${prefix}${body}(?:/.*)?$`);
  } catch {
    // A set no regular expression takes (`[z-a]`): the user's to fix, not an internal error.
    throw new UsageError(`ignore pattern "${pattern}": a [...] set in it is not valid`);
  }
}

export class IgnoreMatcher {
  private readonly patterns: { re: RegExp; base: string; negated: boolean }[] = [];

  /**
   * Patterns are relative to `base` (the config file's folder, or the working directory for flags).
   * A pattern may also climb out of it (`../shared/legacy`), and one `typed` on the command line may
   * be an absolute path under it; `\\` separators are read as `/`.
   */
  add(patterns: readonly string[], base: string, options: { typed?: boolean } = {}): void {
    for (const written of patterns) {
      const negated = written.startsWith('!');
      let pattern = toSlash(negated ? written.slice(1) : written);
      let from = toSlash(base).replace(/\/+$/, '');
      let climbed = false;
      while (pattern.startsWith('../')) {
        pattern = pattern.slice(3);
        from = from.slice(0, Math.max(from.lastIndexOf('/'), 0));
        climbed = true;
      }
      // What follows `../` is a path from the folder climbed to, not a name at any depth under it.
      if (climbed && !pattern.startsWith('/')) pattern = `/${pattern}`;
      // A path typed on the command line (`--ignore-pattern "$PWD/legacy"`) that lies under the
      // base is a path from it; in a config, `/x` is gitignore's pattern anchored at the base.
      if (options.typed && pattern.startsWith(`${from}/`)) pattern = `/${pattern.slice(from.length + 1)}`;
      this.patterns.push({ re: globToRegExp(pattern), base: from, negated });
    }
  }

  /** `absolutePath` is ignored when the last pattern that matches it, relative to its base, is not a `!` one. */
  ignores(absolutePath: string): boolean {
    const path = toSlash(absolutePath);
    let ignored = false;
    for (const { re, base, negated } of this.patterns) {
      const prefix = `${base}/`;
      if (path.startsWith(prefix) && re.test(path.slice(prefix.length))) ignored = !negated;
    }
    return ignored;
  }
}

function toSlash(p: string): string {
  return p.replace(/\\/g, '/');
}
