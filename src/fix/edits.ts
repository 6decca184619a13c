import type { FixRequest } from '../engine/rule.js';
import type { Node } from '../source/node.js';
import { isLiteral, removeListItem, type Edit } from './remove-list-item.js';
import { lineBreakOf } from '../source/line-breaks.js';
import type { SourceFile } from '../source/source-file.js';

/**
 * The text edit for a rule's fix request, in the file's own syntax and layout; undefined when the
 * edit cannot be made without guessing (the text at a span is not the value itself, as for a
 * policy inside a JSON string, or an unexpected layout).
 */
export function toEdit(file: SourceFile, request: FixRequest): Edit | undefined {
  // Lines are found by LF below: a file whose lines end in a lone CR is read as its LF twin, and
  // the line breaks an edit writes are the file's own.
  const edit = editIn(file.lfText, request);
  return edit && file.lfText !== file.text && lineBreakOf(file.text) === '\r' ? { ...edit, text: edit.text.replaceAll('\n', '\r') } : edit;
}

function editIn(text: string, request: FixRequest): Edit | undefined {
  if ('removeListItem' in request) {
    const { list, item } = request.removeListItem;
    return removeListItem(text, list, item.span, item.value);
  }
  if ('insertFirstKey' in request) {
    const { object, key, value } = request.insertFirstKey;
    return insertFirstKey(text, object, key, value);
  }
  if ('replaceValue' in request) {
    const { item, value } = request.replaceValue;
    const slice = text.slice(item.span.start, item.span.end);
    if (item.intrinsic || !isLiteral(slice, item.value)) return undefined;
    return { range: [item.span.start, item.span.end], text: quoteLike(slice, value) };
  }
  const { list, after, value } = request.addListItem;
  return addListItem(text, list, after.span, after.value, value);
}

/**
 * `"Version": "2012-10-17"` before the first key of a JSON or YAML object: on a line of its own
 * with the first key's indentation when that key starts a line, else on the key's line.
 */
export function insertFirstKey(text: string, object: Node, key: string, value: string): Edit | undefined {
  if (object.type !== 'object') return undefined;
  const first = object.entries[0];
  if (!first) return undefined;
  const keyText = text.slice(first.keySpan.start, first.keySpan.end);
  if (!isLiteral(keyText, first.key)) return undefined;
  const flow = text[object.start] === '{';
  const quoted = keyText.startsWith('"');
  // JSON keys are always quoted; YAML gets YAML's plain key. The value is quoted either way, so
  // YAML reads a string and not a date.
  // Terraform's jsonencode objects write `key = value`.
  const separator = /^[ \t]*=/.test(text.slice(first.keySpan.end)) ? ' = ' : ': ';
  const entry = `${quoted ? JSON.stringify(key) : key}${separator}${JSON.stringify(value)}${flow ? ',' : ''}`;
  const lineStart = text.lastIndexOf('\n', first.keySpan.start - 1) + 1;
  const before = text.slice(lineStart, first.keySpan.start);
  if (/^[ \t]*$/.test(before) && (!flow || lineStart > object.start)) return { range: [lineStart, lineStart], text: `${before}${entry}${lineBreakOf(text)}` };
  // A block mapping that starts a sequence entry (`- Statement:`): the new key takes that place.
  if (!flow && /^[ \t]*-[ \t]+$/.test(before)) return { range: [first.keySpan.start, first.keySpan.start], text: `${entry}${lineBreakOf(text)}${' '.repeat(before.length)}` };
  if (flow) return { range: [first.keySpan.start, first.keySpan.start], text: `${entry} ` };
  return undefined;
}

/**
 * A new string entry right after `after`: in a flow list (`[...]`) with a comma, on its own line
 * when `after` has one; in a YAML block list as a `- ` line like `after`'s. A single value (the
 * element is a string) becomes a flow list of both.
 */
export function addListItem(text: string, list: Node, after: { start: number; end: number }, afterValue: string, value: string): Edit | undefined {
  const slice = text.slice(after.start, after.end);
  if (!isLiteral(slice, afterValue)) return undefined;
  const item = quoteLike(slice, value);
  if (list.type !== 'array') {
    if (list.start !== after.start || list.end !== after.end) return undefined;
    return { range: [after.start, after.end], text: `[${slice}, ${item}]` };
  }
  if (!list.items.some((n) => n.start === after.start && n.end === after.end)) return undefined;
  const lineStart = text.lastIndexOf('\n', after.start - 1) + 1;
  const before = text.slice(lineStart, after.start);
  if (text[list.start] === '[') {
    if (/^[ \t]*$/.test(before)) {
      // `"a", // why` keeps its comment: the new entry goes on the next line.
      const tail = /^[ \t]*,[ \t]*(\/\/[^\n]*|\/\*.*?\*\/[ \t]*|#[^\n]*)?\r?\n/.exec(text.slice(after.end));
      if (tail) return { range: [after.end + tail[0].length, after.end + tail[0].length], text: `${before}${item},${lineBreakOf(text)}` };
      return { range: [after.end, after.end], text: `,${lineBreakOf(text)}${before}${item}` };
    }
    return { range: [after.end, after.end], text: `, ${item}` };
  }
  if (!/^[ \t]*-[ \t]+$/.test(before)) return undefined;
  const rest = text.slice(after.end).match(/^[ \t]*(#[^\n]*)?/)?.[0] ?? '';
  const end = after.end + rest.length;
  if (end < text.length && text[end] !== '\n' && text[end] !== '\r') return undefined;
  const nl = lineBreakOf(text);
  const lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) return { range: [text.length, text.length], text: `${nl}${before}${item}` };
  return { range: [lineEnd + 1, lineEnd + 1], text: `${before}${item}${nl}` };
}

/** `value` written as `like` is: in double or single quotes, or plain when YAML reads it back as the same string. */
function quoteLike(like: string, value: string): string {
  if (like.startsWith("'")) return `'${value.replaceAll("'", "''")}'`;
  if (!like.startsWith('"') && /^[A-Za-z0-9][\w:/.*-]*$/.test(value)) return value;
  return JSON.stringify(value);
}

