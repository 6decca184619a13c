import type { MessageData } from './rule.js';
import { groupDigits } from '../util/numbers.js';

/** A template cut once into text and placeholders: `[text, name, whole, text, name, whole, ..., text]`. */
type Compiled = string[];

// Rule message templates: a fixed set per run, filled thousands of times on a large tree.
const compiled = new Map<string, Compiled>();

function compile(template: string): Compiled {
  const parts: Compiled = [];
  const placeholder = /\{\{\s*(\w+)\s*\}\}/g;
  let last = 0;
  for (let m = placeholder.exec(template); m; m = placeholder.exec(template)) {
    parts.push(template.slice(last, m.index), m[1] as string, m[0]);
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return parts;
}

/** Fills `{{name}}` placeholders; a missing value stays visible rather than vanishing. Counts print grouped: `22,091`. */
export function interpolate(template: string, data: MessageData | undefined): string {
  let parts = compiled.get(template);
  if (!parts) {
    parts = compile(template);
    compiled.set(template, parts);
  }
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 3) {
    const value = data?.[parts[i] as string];
    out += (value === undefined ? parts[i + 1] : typeof value === 'number' ? groupDigits(value) : String(value)) + (parts[i + 2] as string);
  }
  return out;
}
