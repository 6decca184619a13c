import { compactStream, formatCompact } from './compact.js';
import { formatGithub, githubStream } from './github.js';
import { formatJson, jsonStream } from './json.js';
import { formatStylish, stylishStream } from './stylish.js';
import type { Formatter, StreamFormatterFactory } from './types.js';

/**
 * Every format by name. The terminal formats and JSON are loaded with the CLI; the other machine formats (SARIF
 * reads every rule's doc, HTML embeds them) only when asked for, so a pre-commit run does not pay
 * for them.
 */
export const FORMATTERS: Record<string, () => Promise<Formatter>> = {
  stylish: async () => formatStylish,
  json: async () => formatJson,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  github: async () => formatGithub,
  junit: async () => (await import('./junit.js')).formatJunit,
  compact: async () => formatCompact,
  html: async () => (await import('./html.js')).formatHtml,
};

/**
 * The formats that can be written as files finish, so a large run holds neither results nor sources.
 * SARIF is loaded only when asked for, as above.
 */
export const STREAM_FORMATTERS: Record<string, () => Promise<StreamFormatterFactory>> = {
  stylish: async () => stylishStream,
  github: async () => githubStream,
  compact: async () => compactStream,
  json: async () => jsonStream,
  sarif: async () => (await import('./sarif.js')).sarifStream,
};

/** Formats whose report is one document a program parses: nothing else may share stdout with it. */
export const DOCUMENT_FORMATS: ReadonlySet<string> = new Set(['json', 'sarif', 'junit', 'html']);
