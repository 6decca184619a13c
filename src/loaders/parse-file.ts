import { extname } from 'node:path';
import { parseJson } from '../parsers/json.js';
import { parseTemplateJsonMapped } from './embedded.js';
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
    if (syntax === 'json') {
      const parsed = parseJson(file.text);
      // A deployment tool's token written outside quotes, filled in before AWS sees the file: Landing
      // Zone Accelerator's `"aws:PrincipalAccount": [${ACCEL_LOOKUP::ACCOUNT_ID:ACCOUNT:Network}]`. The
      // file is JSON once the token is replaced: read as a placeholder, as in a Terraform heredoc.
      if (parsed.errors.length === 0 || !file.text.includes('${')) return parsed;
      return parseTemplateJsonMapped(file.text, (i) => i) ?? parsed;
    }
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
