import type { Located } from '../../policy/model.js';
import type { SourceFile } from '../../source/source-file.js';
import { syntaxOf } from '../parse-file.js';

/**
 * Whether a template value is an `Fn::Sub` with a variable map (`!Sub [template, {B: ...}]`): the
 * value read from it has the variables resolved, so it is no template a suggestion can repeat.
 */
export function isSubWithVariables(value: Located, file: SourceFile): boolean {
  return /Sub"?\s*:?\s*(\[|\n\s*-)/.test(file.text.slice(value.span.start, value.span.end));
}

/** `!Sub "..."`, or `{"Fn::Sub": "..."}` in a JSON template: CloudFormation fills in `${...}` only there. */
export function asSub(template: string, file: SourceFile): string {
  return syntaxOf(file) === 'json' ? `{"Fn::Sub": ${JSON.stringify(template)}}` : `!Sub ${JSON.stringify(template)}`;
}
