import type { PathSegment } from '../types.js';

/** A place in a document as people write it: `Resources.Role.Properties.Policies[0].PolicyDocument`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}
