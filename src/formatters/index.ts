import { compactStream, formatCompact } from './compact.js';
import { formatGithub, githubStream } from './github.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatStylish, stylishStream } from './stylish.js';
import type { Formatter, StreamFormatterFactory } from './types.js';

export const FORMATTERS: Record<string, Formatter> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
  compact: formatCompact,
  html: formatHtml,
};

/** The formats that can be written as files finish, so a large run holds neither results nor sources. */
export const STREAM_FORMATTERS: Record<string, StreamFormatterFactory> = {
  stylish: stylishStream,
  github: githubStream,
  compact: compactStream,
};
