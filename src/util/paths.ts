import { isAbsolute, relative, sep } from 'node:path';

/** `absolute` as a path from `folder` when it lies inside it; undefined when it is outside it (or is the folder). */
export function pathInside(absolute: string, folder: string): string | undefined {
  const rel = relative(folder, absolute);
  return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel;
}
