import type { ObjectEntry, ObjectNode } from '../../source/node.js';
import type { PathSegment } from '../../types.js';

/**
 * The resources of a template, with those a `Fn::ForEach::Name` loop writes (the LanguageExtensions
 * transform) read once from its fragment: the loop variable (`Queue${Name}`, `!Ref Name`) is a
 * placeholder, as a parameter is. Their template paths go into `paths`.
 */
export function resourceEntries(resources: ObjectNode, at: PathSegment[], paths?: Map<ObjectEntry, PathSegment[]>): ObjectEntry[] {
  const out: ObjectEntry[] = [];
  for (const entry of resources.entries) {
    if (entry.key.startsWith('Fn::ForEach::')) {
      const fragment = entry.value.type === 'array' ? entry.value.items[2] : undefined;
      if (fragment?.type === 'object') out.push(...resourceEntries(fragment, [...at, entry.key, 2], paths));
      continue;
    }
    if (at.length > 1) paths?.set(entry, [...at, entry.key]);
    out.push(entry);
  }
  return out;
}
