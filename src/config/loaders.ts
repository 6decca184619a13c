import { pathToFileURL } from 'node:url';
import { parse as parseJsonc } from 'jsonc-parser';
import { parseJson } from '../parsers/json.js';

/** A config file that cannot be read; its message says where and what, for `cannot read configuration <file>: <message>`. */
export class ConfigFileError extends Error {}

/**
 * JSON configs (`.iamlintrc.json`, package.json), read as policy files are: comments and trailing
 * commas allowed, as ESLint allows them in its JSON configs, and an error told by line and column.
 */
export function loadJsonConfig(_filepath: string, content: string): unknown {
  const first = parseJson(content).errors[0];
  if (first) throw new ConfigFileError(`${lineColumn(content, first.start)}: ${first.message}`);
  return parseJsonc(content, [], { allowTrailingComma: true });
}

/** JavaScript configs, by import(), as cosmiconfig does; an error thrown loading one is told in one line. */
export async function loadJsConfig(filepath: string): Promise<unknown> {
  try {
    return ((await import(pathToFileURL(filepath).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new ConfigFileError(jsError(filepath, error));
  }
}

function jsError(filepath: string, error: unknown): string {
  if (error instanceof SyntaxError) {
    // import() gives an ES module's syntax error no place; `node --check` prints it as `<file>:<line>`.
    // node:child_process is loaded here, on this error only: it loads node:net, which costs every run start-up time.
    const check = process.getBuiltinModule('node:child_process').spawnSync(process.execPath, ['--check', filepath], { encoding: 'utf8' });
    const line = /^.*:(\d+)\r?$/m.exec(check.stderr ?? '')?.[1];
    return `${line ? `line ${line}: ` : ''}${error.message}`;
  }
  if (error instanceof Error) return error.message.split('\n')[0] ?? '';
  return `it threw ${JSON.stringify(error) ?? String(error)}`;
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}
