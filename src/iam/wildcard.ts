/** IAM's `*` and `?` wildcards as a case-insensitive regular expression over a whole string. */
export function wildcardRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
