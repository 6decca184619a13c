import type { PolicyDocument } from '../policy/model.js';
import { isKnownOperator } from '../policy/operators.js';
import { isPolicyDocumentDataSource } from '../policy/queries.js';

/** A suggestion in the syntax of the file the policy is written in, ready to paste there. */
export function adviceAsWritten(text: string, policy: PolicyDocument | undefined, path: string): string {
  if (policy?.dialect === 'terraform') return terraformAdvice(text, isPolicyDocumentDataSource(policy));
  // A template in a Terraform string: Terraform would interpolate the template's own ${AWS::Region}
  // or ${Bucket.Arn}, which it writes $${...}. An ARN format's ${Partition} is prose, left as is.
  if (policy?.dialect === 'cloudformation' && /\.tf$/i.test(path)) return text.replace(/\$\{(AWS::\w+|\w+\.[\w.]+)\}/g, '$$$${$1}');
  return text;
}

/**
 * Suggestions write the condition to add as policy JSON (`"Condition": {"StringEquals": {...}}`),
 * which a heredoc or a `jsonencode({...})` takes as written (HCL objects accept `:`). A policy written
 * as a `data "aws_iam_policy_document"` takes `condition` blocks instead: for those policies each
 * such JSON block in a suggestion is rewritten as the blocks to paste into the statement, and a
 * `"Resource": "..."` as its `resources` argument.
 */
/**
 * A suggestion as a Terraform file takes it: an IAM policy variable (`${aws:username}`) is written
 * `$${aws:username}` in Terraform strings, which would otherwise interpolate it; for a policy
 * document data source, its conditions, resources and version in the data source's own syntax.
 */
export function terraformAdvice(text: string, dataSource: boolean): string {
  const escaped = text.replace(/(?<!\$)\$\{([A-Za-z0-9-]+:[^}]*)\}/g, '$$$${$1}');
  return dataSource ? adviceAsHcl(escaped) : escaped;
}

/** The statement arguments of `aws_iam_policy_document` by the IAM element they render as. */
const ARGUMENTS: Record<string, string> = {
  Sid: 'sid',
  Effect: 'effect',
  Action: 'actions',
  NotAction: 'not_actions',
  Resource: 'resources',
  NotResource: 'not_resources',
  Principal: 'principals',
  NotPrincipal: 'not_principals',
  Condition: 'condition',
};
const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
const LIST_ITEM = `(?:${QUOTED}|\\.\\.\\.)`;

export function adviceAsHcl(text: string): string {
  text = text.replace(/"Version": "(\d{4}-\d{2}-\d{2})"/g, 'version = "$1"');
  // A misspelled argument (`action`) is reported against the element it renders as: name the argument.
  text = text.replace(/Did you mean "(\w+)"\?(?: Element names are case-sensitive)?/g, (m, element: string) => (ARGUMENTS[element] ? `Did you mean "${ARGUMENTS[element]}"?` : m));
  text = text.replace('"Statement": [{"Effect": "Allow", "Action": [...], "Resource": [...]}]', 'statement {\n  actions   = [...]\n  resources = [...]\n}');
  // Actions and resources to write: the statement's `actions` and `resources` arguments.
  text = text.replace(new RegExp(`"((?:Not)?(?:Action|Resource))": (${QUOTED}|\\[${LIST_ITEM}(?:, ${LIST_ITEM})*\\])`, 'g'), (_m, element: string, value: string) => `${ARGUMENTS[element]} = ${value.startsWith('[') ? value : `[${value}]`}`);
  text = principalBlocks(text);
  // An element named in prose (`Add "arn:..." to Resource`, `List the needed actions in Action instead`).
  text = text.replace(/\b(to|in) ((?:Not)?(?:Action|Resource|Principal))\b/g, (_m, word: string, element: string) => `${word} ${ARGUMENTS[element]}`);
  text = text.replace(/\bwhose ((?:Not)?(?:Action|Resource)) has\b/g, (_m, element: string) => `whose ${ARGUMENTS[element]} have`);
  text = bareOperators(text);
  let out = '';
  let i = 0;
  for (let open = text.indexOf('{', i); open >= 0; open = text.indexOf('{', i)) {
    const close = objectEnd(text, open);
    const blocks = close < 0 ? undefined : hclBlocks(text.slice(open, close + 1));
    if (!blocks) {
      out += text.slice(i, open + 1);
      i = open + 1;
      continue;
    }
    out += text.slice(i, open).replace(/"Condition": $/, '').replace(/its Condition: $/, 'the statement: ') + blocks;
    i = close + 1;
  }
  return out + text.slice(i);
}

/** `"Principal": {"AWS": "..."}` or `"Principal": "*"` as the `principals` blocks to write. */
function principalBlocks(text: string): string {
  const key = /"(Not)?Principal": /g;
  let out = '';
  let from = 0;
  for (let m = key.exec(text); m; m = key.exec(text)) {
    if (m.index < from) continue;
    const start = m.index + m[0].length;
    const end = text[start] === '{' ? objectEnd(text, start) + 1 : text.startsWith('"*"', start) ? start + 3 : 0;
    if (end <= start) continue;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, end));
    } catch {
      continue;
    }
    const entries: [string, unknown][] = value === '*' ? [['*', '*']] : isObject(value) ? Object.entries(value) : [];
    const lists = entries.map(([type, ids]) => [type, Array.isArray(ids) ? ids : [ids]] as const);
    if (lists.length === 0 || !lists.every(([, ids]) => ids.every((id) => typeof id === 'string'))) continue;
    const name = m[1] ? 'not_principals' : 'principals';
    const blocks = lists.map(([type, ids]) => `${name} {\n  type        = ${JSON.stringify(type)}\n  identifiers = [${ids.map((id) => JSON.stringify(id)).join(', ')}]\n}`);
    out += text.slice(from, m.index) + blocks.join('\n');
    from = end;
  }
  return out + text.slice(from);
}

/**
 * An operator written without its braces (`Add "Null": {"aws:TagKeys": "false"} to the statement's
 * Condition`), outside any object: braced, so it converts like a whole block.
 */
function bareOperators(text: string): string {
  const bare = /"([A-Za-z:]+)": \{/g;
  let out = '';
  let from = 0;
  for (let m = bare.exec(text); m; m = bare.exec(text)) {
    if (m.index < from || !isKnownOperator(m[1] as string) || depthAt(text, m.index) > 0) continue;
    const close = objectEnd(text, m.index + m[0].length - 1);
    if (close < 0) continue;
    const blocks = hclBlocks(`{${text.slice(m.index, close + 1)}}`);
    if (!blocks) continue;
    out += text.slice(from, m.index) + blocks;
    from = close + 1;
  }
  return (out + text.slice(from)).replace(/(condition \{[^]*\}) to the statement's Condition/, '$1 to the statement');
}

/** How many objects are open at the offset. */
function depthAt(text: string, at: number): number {
  let depth = 0;
  for (let i = 0; i < at; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < at && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}') depth--;
  }
  return depth;
}

/** The offset of the `}` closing the object opened at `open`, or -1. */
function objectEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

type Scalar = string | number | boolean;

function hclBlocks(json: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || Object.keys(parsed).length === 0) return undefined;
  const blocks: string[] = [];
  for (const [operator, keys] of Object.entries(parsed)) {
    if (!isKnownOperator(operator) || !isObject(keys)) return undefined;
    for (const [variable, value] of Object.entries(keys)) {
      const values: unknown[] = Array.isArray(value) ? value : [value];
      if (!values.every((v): v is Scalar => ['string', 'number', 'boolean'].includes(typeof v))) return undefined;
      blocks.push(`condition {\n  test     = ${JSON.stringify(operator)}\n  variable = ${JSON.stringify(variable)}\n  values   = [${values.map(hclValue).join(', ')}]\n}`);
    }
  }
  return blocks.join('\n');
}

/**
 * A value as an HCL list item: a string that is one Terraform interpolation (`"${data.x.y}"`) as the
 * bare expression, which Terraform prefers to an interpolation-only string; anything else quoted.
 * An IAM policy variable has been escaped to `$${aws:username}` by then and stays a string.
 */
function hclValue(value: Scalar): string {
  const whole = /^\$\{([^{}"]+)\}$/.exec(String(value));
  return whole ? (whole[1] as string) : JSON.stringify(String(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
