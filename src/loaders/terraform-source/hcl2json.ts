import type { SyntaxProblem } from '../../parsers/parse-result.js';
import type { SourceFile } from '../../source/source-file.js';

/** The name hcl2json is told, so its messages can be read back whatever the real path holds. */
const NAME = 'input.tf';
/** `input.tf:2,12-3,1: ...`, or on one line `input.tf:2,14-15: ...` (the end line left out). */
const DIAGNOSTIC = /input\.tf:(\d+),(\d+)(?:-(?:(\d+),)?(\d+))?: (.*?)(?= input\.tf:\d+,\d+|\]?\s*$)/gs;

type Parse = (filename: string, contents: string) => Promise<Record<string, unknown>>;
let parser: Promise<Parse> | undefined;

/**
 * HashiCorp's own HCL parser, compiled to WASM: it decides whether the file is valid HCL. It
 * costs a few hundred milliseconds to start, so it is loaded only when a .tf file turns up.
 */
function load(): Promise<Parse> {
  parser ??= import('@cdktf/hcl2json').then((mod) => {
    const m = mod as unknown as { parse?: Parse; default?: { parse: Parse } };
    return (m.parse ?? m.default?.parse) as Parse;
  });
  return parser;
}

export async function parseHcl(file: SourceFile): Promise<{ json: Record<string, unknown> } | { error: SyntaxProblem }> {
  try {
    return { json: await (await load())(NAME, file.text) };
  } catch (error) {
    return { error: syntaxProblem(file, error instanceof Error ? error.message : String(error)) };
  }
}

/** The first diagnostic of hcl2json's message (`input.tf:2,12-3,1: Summary; Detail`), at its place. */
export function syntaxProblem(file: SourceFile, message: string): SyntaxProblem {
  DIAGNOSTIC.lastIndex = 0;
  const m = DIAGNOSTIC.exec(message);
  // The name hcl2json was given is not the user's file: a message it could not be read from says "line,column" alone.
  if (!m) return { start: 0, end: 0, message: `Terraform syntax error: ${message.replace(/^parse config: \[|\]$/g, '').replaceAll(`${NAME}:`, 'at ')}` };
  const start = offsetOf(file, Number(m[1]), Number(m[2]));
  const end = m[4] ? Math.max(start, offsetOf(file, Number(m[3] ?? m[1]), Number(m[4]))) : start;
  return { start, end, message: (m[5] as string).trim().replace(/;\s*/, ': ').replace(/\.$/, '') };
}

function offsetOf(file: SourceFile, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = file.text.indexOf('\n', offset);
    if (nl < 0) return file.text.length;
    offset = nl + 1;
  }
  // HCL counts columns in user-perceived characters (a family emoji is one): walk that many graphemes.
  const lineEnd = file.text.indexOf('\n', offset);
  const text = file.text.slice(offset, lineEnd < 0 ? file.text.length : lineEnd);
  let at = 0;
  let seen = 1;
  for (const { segment } of graphemes.segment(text)) {
    if (seen >= column) break;
    at += segment.length;
    seen++;
  }
  return Math.min(offset + at + Math.max(0, column - seen), file.text.length);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
