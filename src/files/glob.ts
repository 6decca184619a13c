/**
 * Gitignore-like patterns for `ignores` and `--ignore-pattern`: `*` within a path segment, `**`
 * across segments, `?` one character; a pattern without a `/` matches a name at any depth; a
 * trailing `/` matches a folder and everything in it.
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
    if (ch === '*' && p[i + 1] === '*') {
      const slash = p[i + 2] === '/';
      body += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') body += '[^/]*';
    else if (ch === '?') body += '[^/]';
    else body += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  return new RegExp(`${prefix}${body}(?:/.*)?$`);
}

export class IgnoreMatcher {
  private readonly patterns: { re: RegExp; base: string }[] = [];

  /** Patterns are relative to `base` (the config file's folder, or the working directory for flags). */
  add(patterns: readonly string[], base: string): void {
    for (const p of patterns) this.patterns.push({ re: globToRegExp(p), base: toSlash(base) });
  }

  /** `absolutePath` is ignored when a pattern matches it relative to that pattern's base. */
  ignores(absolutePath: string): boolean {
    const path = toSlash(absolutePath);
    return this.patterns.some(({ re, base }) => {
      const prefix = base.endsWith('/') ? base : `${base}/`;
      if (!path.startsWith(prefix)) return false;
      return re.test(path.slice(prefix.length));
    });
  }
}

function toSlash(p: string): string {
  return p.replace(/\\/g, '/');
}
