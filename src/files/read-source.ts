import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Larger files are reported, not read: IAM caps policies at a few kilobytes, templates at 1 MB. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

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

export interface SourceText extends DecodedText {
  /** The UTF-8 byte order mark the file started with (`\ufeff`), or `''`: `text` is without it. */
  bom: string;
  /** Set when the file is UTF-16 with a byte order mark (what Windows PowerShell 5's `>` writes). */
  utf16?: 'le' | 'be';
}

/**
 * A source file's text as linting and fixing read it: decoded as UTF-8 (noting where it is not),
 * without a byte order mark. Its size in bytes instead, when that is over MAX_FILE_BYTES.
 */
export function readSourceText(path: string): SourceText | number {
  const bytes = readCapped(path);
  if (typeof bytes === 'number') return bytes;
  return decodeUtf16(bytes) ?? withoutBom(decodeUtf8(bytes));
}

/**
 * A file that starts with a UTF-16 byte order mark, as `terraform show -json plan > plan.json` or
 * `aws iam get-account-authorization-details > x.json` write it in Windows PowerShell 5: decoded, BOM
 * dropped. Undefined for any other file (UTF-32's FF FE 00 00 included).
 */
function decodeUtf16(bytes: Buffer): SourceText | undefined {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe && !(bytes[2] === 0 && bytes[3] === 0);
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (!le && !be) return undefined;
  const body = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
  if (be) body.swap16();
  return { text: body.toString('utf16le'), bom: '', utf16: le ? 'le' : 'be' };
}

/** A UTF-8 byte order mark is not a character an editor shows: dropped, so line-1 columns match. */
export function withoutBom(decoded: DecodedText): SourceText {
  const { text, invalidUtf8 } = decoded;
  if (text.charCodeAt(0) !== 0xfeff) return { ...decoded, bom: '' };
  return { text: text.slice(1), bom: '\ufeff', ...(invalidUtf8 && { invalidUtf8: { ...invalidUtf8, offset: Math.max(0, invalidUtf8.offset - 1) } }) };
}

/**
 * The file's bytes, or its size when that is over the limit: one open, fstat, read and close, the
 * calls readFileSync makes, without a stat of its own before. As readFileSync does, a file is read
 * up to the size fstat gave, and one that reports no size (a FIFO, /dev/stdin, /proc) to its end,
 * but here only up to the limit: a device such as /dev/zero never ends.
 */
function readCapped(path: string): Buffer | number {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size > MAX_FILE_BYTES) return size;
    if (size > 0) {
      const buffer = Buffer.allocUnsafe(size);
      let filled = 0;
      while (filled < size) {
        const n = readSync(fd, buffer, filled, size - filled, null);
        if (n === 0) break;
        filled += n;
      }
      return filled === size ? buffer : buffer.subarray(0, filled);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_FILE_BYTES) return total;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

