import type { PolicyKind } from '../types.js';

/** Kinds whose Sids IAM limits to letters and digits (resource policies accept more). */
export const STRICT_SID_KINDS: readonly PolicyKind[] = ['identity', 'boundary', 'scp'];

/** `allow-s3 read` → `AllowS3Read`: words joined in PascalCase; `Statement2` when nothing is left. */
export function cleanSid(sid: string, index: number): string {
  const words = sid.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return joined || `Statement${index + 1}`;
}

/** `sid`, or `sid2`, `sid3`, ... when the policy's other statements already use it. */
export function freeSid(sid: string, taken: ReadonlySet<string>): string {
  if (!taken.has(sid)) return sid;
  for (let n = 2; ; n++) {
    const candidate = `${sid}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
