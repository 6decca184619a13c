import { syntaxOf } from '../loaders/parse-file.js';
import type { Node } from '../source/node.js';
import type { SourceFile } from '../source/source-file.js';
import type { Finding } from '../types.js';
import { applySuppressions, type SuppressOptions } from './apply.js';
import { jsoncComments, yamlComments, type Comment } from './comments.js';
import { readMetadataIgnores } from './metadata.js';
import { byText } from '../util/compare.js';

export { SUPPRESSION_RULE, type SuppressOptions } from './apply.js';
export { matchesConfigIgnore, type RuleIgnore } from './config-ignore.js';

/**
 * Applies a file's inline directives and template metadata to its findings: silenced findings get
 * `suppressions`, and the returned list adds findings about the suppressions themselves.
 * Files that never mention iamlint, nearly all of them, cost one substring search.
 */
export async function suppressFindings(file: SourceFile, root: Node | undefined, findings: Finding[], options: SuppressOptions): Promise<Finding[]> {
  if (!file.text.includes('iamlint')) return findings;
  const comments = await commentsOf(file);
  const metadata = readMetadataIgnores(root);
  const extra = applySuppressions(file, findings, comments, metadata, options);
  if (extra.length === 0) return findings;
  return [...findings, ...extra].sort((a, b) => a.line - b.line || a.column - b.column || byText(a.ruleId, b.ruleId));
}

async function commentsOf(file: SourceFile): Promise<Comment[]> {
  if (!/iamlint-/.test(file.text)) return [];
  if (/\.tf$/i.test(file.path)) return (await import('../loaders/terraform-source/scan.js')).hclComments(file.text);
  return syntaxOf(file) === 'json' ? jsoncComments(file.text) : yamlComments(file.lfText);
}
