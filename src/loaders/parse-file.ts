import { extname } from 'node:path';
import { parseJson } from '../parsers/json.js';
import { DocumentTooComplexError, type ParseResult } from '../parsers/parse-result.js';
import type { SourceFile } from '../source/source-file.js';

const JSON_EXTENSIONS = new Set(['.json', '.jsonc']);
const YAML_EXTENSIONS = new Set(['.yaml', '.yml']);

export type Syntax = 'json' | 'yaml';

/** JSON or YAML: by extension, else by the first character (CloudFormation's `.template` is either). */
export function syntaxOf(file: SourceFile): Syntax {
  const ext = extname(file.path).toLowerCase();
  if (JSON_EXTENSIONS.has(ext)) return 'json';
  if (YAML_EXTENSIONS.has(ext)) return 'yaml';
  const first = file.text.replace(/^\uFEFF/, '').trimStart().charAt(0);
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

/**
 * Parses a file into nodes. The YAML parser is loaded only when a YAML file turns up, since it
 * costs more start-up time than a pre-commit run on JSON files should pay.
 */
export async function parseFile(file: SourceFile, syntax: Syntax = syntaxOf(file)): Promise<ParseResult> {
  if (file.text.includes('\u0000')) {
    const at = file.text.indexOf('\u0000');
    return { root: undefined, errors: [{ start: at, end: at + 1, message: 'The file holds NUL bytes: it looks binary, not JSON or YAML' }] };
  }
  try {
    if (syntax === 'json') return parseJson(file.text);
    const { parseYaml } = await import('../parsers/yaml.js');
    return parseYaml(file.text);
  } catch (error) {
    if (error instanceof DocumentTooComplexError) {
      return { root: undefined, errors: [{ start: error.offset, end: error.offset + 1, message: error.message }] };
    }
    if (error instanceof RangeError) {
      return { root: undefined, errors: [{ start: 0, end: 1, message: 'The document is nested too deeply to read' }] };
    }
    throw error;
  }
}
