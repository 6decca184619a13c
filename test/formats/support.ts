/** Shared by the format tests: real lint results and a small XML well-formedness check. */
import { Chalk } from 'chalk';
import { lint } from '../../src/api.js';
import type { FormatContext } from '../../src/formatters/types.js';
import type { FileResult } from '../../src/types.js';
import { repoRoot } from '../helpers/cli.js';

/** The bundled examples plus a fixture folder with findings of several rules and severities. */
export const INPUTS = ['examples', 'fixtures/no-wildcard-action/bad', 'fixtures/invalid-policy-structure/bad'];

export async function lintInputs(paths: string[] = INPUTS): Promise<{ results: FileResult[]; context: FormatContext }> {
  const outcome = await lint({ paths, cwd: repoRoot, useConfig: false, workers: 1 });
  const context: FormatContext = {
    sources: outcome.sources,
    color: new Chalk({ level: 0 }),
    tool: { name: 'iamlint', version: '0.1.0', iamData: { version: '0', date: '2026-01-01' } },
    cwd: repoRoot,
  };
  return { results: outcome.results, context };
}

/**
 * Checks that `text` is one well-formed XML document: a declaration, then elements that nest and
 * close properly, attribute values quoted, and no raw `<` or bare `&` in text or attributes.
 * Returns the problems found (empty when well formed).
 */
export function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  const body = text.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (body === text) problems.push('no XML declaration');
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    const [, closing, name, attrs, selfClosing, textPart, stray] = m;
    if (stray) {
      problems.push(`stray "<" at ${m.index}`);
      break;
    }
    const checked = textPart ?? attrs ?? '';
    const badAmp = checked.match(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
    if (badAmp) problems.push(`bare "&" at ${m.index}`);
    if (textPart !== undefined) {
      if (stack.length === 0 && textPart.trim() !== '') problems.push(`text outside the root at ${m.index}`);
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length > 0) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
