import type { Node } from '../../source/node.js';

/**
 * `replace(data.aws_iam_policy_document.d.json, "_S3_BUCKET_ARN_", aws_s3_bucket.this.arn)`: a token
 * the document holds until Terraform swaps in a value (terraform-aws-modules/s3-bucket does this).
 */
const REPLACED_TOKEN = /\breplace\(\s*data\.aws_iam_policy_document\.([\w-]+)(?:\[[^\]\n]*\]|\.\*)?\.(?:json|minified_json)\s*,\s*"([^"\\$%{}]+)"\s*,\s*([^\n]*?)\s*\)/g;

/**
 * The tokens a `replace(...)` of the file swaps out of each policy document's JSON, by document name,
 * each with the expression that replaces it (or the token itself when that is not a plain reference).
 * A document merged into one whose tokens are replaced (`source_policy_documents = [data...x.json]`,
 * whose expressions `mergedInto(name)` gives) has them replaced too.
 */
export function replacedTokens(text: string, mergedInto: (document: string) => string[]): Map<string, [string, string][]> {
  const out = new Map<string, [string, string][]>();
  for (const m of text.matchAll(REPLACED_TOKEN)) {
    const [, document, token, by] = m as unknown as [string, string, string, string];
    const list = out.get(document) ?? [];
    list.push([token, /^[\w.[\]*-]+$/.test(by) ? by : token]);
    out.set(document, list);
  }
  const pending = [...out.keys()];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const tokens = out.get(name) ?? [];
    for (const expression of mergedInto(name)) {
      for (const m of expression.matchAll(/data\.aws_iam_policy_document\.([\w-]+)/g)) {
        const source = m[1] as string;
        const list = out.get(source) ?? [];
        const added = tokens.filter(([t]) => !list.some(([known]) => known === t));
        if (added.length === 0) continue;
        out.set(source, [...list, ...added]);
        pending.push(source);
      }
    }
  }
  return out;
}

/** Each string value holding a replaced token becomes a template whose token part matches anything. */
export function replaceTokens(node: Node, tokens: [string, string][]): Node {
  if (node.type === 'string' && tokens.some(([t]) => (node.value as string).includes(t))) {
    let value = node.value as string;
    for (const [token, by] of tokens) value = value.split(token).join('${' + by + '}');
    return { type: 'intrinsic', name: 'Fn::Sub', start: node.start, end: node.end, argument: { type: 'string', value, start: node.start, end: node.end } };
  }
  if (node.type === 'object') for (const e of node.entries) e.value = replaceTokens(e.value, tokens);
  else if (node.type === 'array') node.items = node.items.map((i) => replaceTokens(i, tokens));
  return node;
}
