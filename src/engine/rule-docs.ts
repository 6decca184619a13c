import { existsSync, readFileSync } from 'node:fs';

// rules/*.md sits two folders above this module in the sources and in dist/bundle/, three above it in dist/src/.
const DOC_DIRS = [new URL('../../rules/', import.meta.url), new URL('../../../rules/', import.meta.url)];

/** The Markdown doc of a built-in rule, or undefined for a rule without one (a plugin's). */
export function ruleDocText(id: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  const file = DOC_DIRS.map((d) => new URL(`${id}.md`, d)).find((u) => existsSync(u));
  return file ? readFileSync(file, 'utf8') : undefined;
}
