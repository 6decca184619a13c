import { isUtf8 } from 'node:buffer';

/** Where a file stops being UTF-8: the offset in the decoded text, and the byte found there. */
export interface InvalidUtf8 {
  offset: number;
  byte: number;
}

export interface DecodedText {
  text: string;
  invalidUtf8?: InvalidUtf8;
}

/**
 * Decodes a file's bytes as UTF-8 and notes the first byte that is not UTF-8. Node would replace
 * it with U+FFFD silently: linted, that hides what the file holds; fixed, it would rewrite bytes
 * the user never saw changed.
 */
export function decodeUtf8(bytes: Buffer): DecodedText {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { text };
  // Every U+FFFD before the first bad byte was written as EF BF BD, so byte and text offsets
  // advance together up to there.
  let byte = 0;
  let prev = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) {
    byte += Buffer.byteLength(text.slice(prev, i));
    if (bytes[byte] === 0xef && bytes[byte + 1] === 0xbf && bytes[byte + 2] === 0xbd) {
      byte += 3;
      prev = i + 1;
      continue;
    }
    return { text, invalidUtf8: { offset: i, byte: bytes[byte] ?? 0 } };
  }
  return { text, invalidUtf8: { offset: 0, byte: bytes[0] ?? 0 } };
}

export function invalidUtf8Message(invalid: InvalidUtf8): string {
  return `The file is not valid UTF-8 (byte 0x${invalid.byte.toString(16).toUpperCase().padStart(2, '0')}): save it as UTF-8`;
}
