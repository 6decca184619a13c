/**
 * A cache keyed by values read from policies: it empties itself when full, so a run over a hundred
 * thousand files keeps a bounded working set. String keys are stored as copies: a string read from a
 * file is a V8 slice (or a concatenation holding one) that keeps the file's whole text alive, and
 * cached keys and values held 26,000 file texts (22 MB) near the end of a 100,000-file run.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit = 10_000) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.limit && !this.has(key)) this.clear();
    return super.set(typeof key === 'string' ? (detached(key) as K) : key, value);
  }
}

/**
 * The same characters, no longer sharing memory with the string they were cut from: for values a
 * cache keeps beyond the file they came from. (Flattening `' ' + s` copies the characters; the
 * slice then points into that small copy. Buffer round trips would alter lone surrogates.)
 */
export function detached(text: string): string {
  return (' ' + text).slice(1);
}

/** The value cached under `key`, computed and stored on the first ask. */
export function cachedIn<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
  let found = cache.get(key);
  if (found === undefined) {
    found = compute();
    cache.set(key, found);
  }
  return found;
}
