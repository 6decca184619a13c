import type { Formatter, StreamFormatterFactory } from './types.js';

/** A whole report from a stream format: by construction byte for byte what streaming writes. */
export function fromStream(factory: StreamFormatterFactory): Formatter {
  return (results, context) => {
    const stream = factory(context);
    let out = '';
    // Tests and callers may give no sources: a format without code frames needs none.
    for (const r of results) out += stream.file(r, context.sources?.get(r.path));
    return out + stream.end();
  };
}
