/**
 * A cache keyed by values read from policies: it empties itself when full, so a run over a hundred
 * thousand files keeps a bounded working set, and keys sliced from a file's text do not keep every
 * file's text alive.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit = 10_000) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.limit && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}
