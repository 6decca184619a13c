/** IAM's `*` and `?` wildcards as a case-insensitive regular expression over a whole string. */
export function wildcardRegExp(pattern: string): RegExp {
  return new RegExp(`^${wildcardSource(pattern)}$`, 'i');
}

/** The regular-expression source for a wildcard pattern: `*` is any run of `any`, `?` one, the rest literal. */
export function wildcardSource(pattern: string, any = '.'): string {
  return pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, `${any}*`).replace(/\?/g, any);
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
