import type { Node, ObjectEntry } from '../source/node.js';
import { DocumentTooComplexError, MAX_DEPTH } from './parse-result.js';

/**
 * A strict JSON parser that builds nodes with offsets directly. Most policy files are plain JSON,
 * and this is several times faster than a general JSONC tree. It gives up (returns undefined) on
 * anything beyond strict JSON — comments, trailing commas, errors — and the caller then uses the
 * tolerant parser, which also produces the error messages.
 */
export function parseStrictJson(text: string): Node | undefined {
  const parser = new StrictParser(text);
  try {
    parser.skipSpace();
    const node = parser.value(0);
    parser.skipSpace();
    return parser.pos === text.length ? node : undefined;
  } catch (error) {
    if (error instanceof DocumentTooComplexError) throw error;
    return undefined;
  }
}

const SPACE = /[ \t\n\r]*/y;
const PLAIN = /[^"\\\u0000-\u001f]*/y;

class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

class StrictParser {
  pos = 0;
  constructor(private readonly text: string) {}

  // Scanning with sticky regular expressions and indexOf keeps the per-character work in native
  // code, which matters for a one-shot CLI whose JavaScript never gets hot enough to be optimized.
  skipSpace(): void {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
    SPACE.lastIndex = this.pos;
    SPACE.test(t);
    this.pos = SPACE.lastIndex;
  }

  value(depth: number): Node {
    if (depth > MAX_DEPTH) throw new DocumentTooComplexError(`Nesting deeper than ${MAX_DEPTH} levels`, this.pos);
    const c = this.text.charCodeAt(this.pos);
    if (c === 123) return this.object(depth);
    if (c === 91) return this.array(depth);
    if (c === 34) {
      const start = this.pos;
      const value = this.string();
      return { type: 'string', start, end: this.pos, value };
    }
    return this.literal();
  }

  private object(depth: number): Node {
    const start = this.pos++;
    const entries: ObjectEntry[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return { type: 'object', start, end: this.pos, entries };
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 34) throw GIVE_UP;
      const keyStart = this.pos;
      const key = this.string();
      const keySpan = { start: keyStart, end: this.pos };
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 58) throw GIVE_UP;
      this.pos++;
      this.skipSpace();
      entries.push({ key, keySpan, value: this.value(depth + 1) });
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 125) return { type: 'object', start, end: this.pos, entries };
      if (c !== 44) throw GIVE_UP;
      this.skipSpace();
    }
  }

  private array(depth: number): Node {
    const start = this.pos++;
    const items: Node[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return { type: 'array', start, end: this.pos, items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 93) return { type: 'array', start, end: this.pos, items };
      if (c !== 44) throw GIVE_UP;
      this.skipSpace();
    }
  }

  private string(): string {
    const t = this.text;
    const start = ++this.pos;
    const end = t.indexOf('"', start);
    if (end < 0) throw GIVE_UP;
    PLAIN.lastIndex = start;
    if (!PLAIN.test(t) || PLAIN.lastIndex !== end) {
      // Escapes and control characters: let JSON.parse decode or reject the literal.
      return this.slowString(start - 1);
    }
    this.pos = end + 1;
    return t.slice(start, end);
  }

  private slowString(quote: number): string {
    const t = this.text;
    let p = quote + 1;
    for (;;) {
      const c = t.charCodeAt(p);
      if (Number.isNaN(c) || c < 32) throw GIVE_UP;
      if (c === 92) p += 2;
      else if (c === 34) break;
      else p++;
    }
    this.pos = p + 1;
    return JSON.parse(t.slice(quote, p + 1)) as string;
  }

  private literal(): Node {
    const t = this.text;
    const start = this.pos;
    if (t.startsWith('true', start)) return this.word(start, 4, 'boolean', true);
    if (t.startsWith('false', start)) return this.word(start, 5, 'boolean', false);
    if (t.startsWith('null', start)) return this.word(start, 4, 'null', null);
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = start;
    const found = m.exec(t);
    if (!found || found[0].length === 0) throw GIVE_UP;
    this.pos = start + found[0].length;
    return { type: 'number', start, end: this.pos, value: Number(found[0]) };
  }

  private word(start: number, length: number, type: 'boolean' | 'null', value: boolean | null): Node {
    this.pos = start + length;
    return { type, start, end: this.pos, value };
  }
}
