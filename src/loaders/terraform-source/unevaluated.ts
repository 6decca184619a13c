import type { Span } from '../../source/node.js';
import { callArguments } from './expr.js';
import { attribute, type HclAttribute, type HclBlock } from './scan.js';

/** Where a policy comes from that only Terraform evaluates, by the reference's root (calls are told apart by callArguments). */
const UNEVALUATED_REFERENCES: [RegExp, string][] = [
  [/^var\.[\w-]+(?:\.[\w-]+|\[[^\]\n]*\])*$/, 'a variable'],
  [/^module\.[\w-]+(?:\.[\w-]+|\[[^\]\n]*\])*$/, 'a module output'],
  [/^each\.value(?:\.[\w-]+|\[[^\]\n]*\])*$/, 'a for_each value'],
  [/^data\.template_file\.[\w-]+(?:\[[^\]\n]*\])?\.rendered$/, 'a template_file data source'],
];

/** What telling an unevaluated policy apart reads of a Terraform file: its text, locals and resources. */
export interface SourceContext {
  readonly text: string;
  readonly locals: ReadonlyMap<string, HclAttribute>;
  readonly resources: ReadonlyMap<string, HclBlock>;
}

/**
 * What a policy is that only Terraform evaluates (`a file(...) call`, `a variable (var.policy)`),
 * for its "not read" notice; undefined for a policy linted elsewhere (a data source, another
 * resource's attribute) or a value that is no policy (`""`).
 */
export function unevaluated(ctx: SourceContext, span: Span, depth = 0): string | undefined {
  let source = ctx.text.slice(span.start, span.end).trim();
  // Terraform 0.11 wraps the expression in a string: `"${file("policy.json")}"`.
  const wrapped = /^"\$\{\s*([^]*?)\s*\}"$/.exec(source);
  if (wrapped && !wrapped[1]!.includes('${')) source = wrapped[1] as string;
  const call = callArguments(source, 0, source.length);
  if (call?.name === 'jsonencode' && call.args.length === 1 && depth < 8) {
    const arg = call.args[0] as Span;
    const offset = span.start + ctx.text.slice(span.start, span.end).indexOf(source);
    return unevaluated(ctx, { start: offset + arg.start, end: offset + arg.end }, depth + 1);
  }
  // An expression that hands along a policy document data source (through jsondecode, lookup, a
  // local or a for_each map) is linted where the document is written: nothing is left unread.
  if (passesDocument(ctx, source, span)) return undefined;
  if (call) return `a ${call.name}(...) call`;
  for (const [pattern, what] of UNEVALUATED_REFERENCES) if (pattern.test(source)) return `${what} (${shortSource(source)})`;
  return undefined;
}

/** The expression, the locals it names or the for_each of the resource it is in mention a policy document data source. */
function passesDocument(ctx: SourceContext, source: string, span: Span): boolean {
  const names = (text: string) => text.includes('data.aws_iam_policy_document.');
  if (names(source)) return true;
  for (const m of source.matchAll(/\blocal\.([\w-]+)/g)) {
    const def = ctx.locals.get(m[1] as string);
    if (def && names(ctx.text.slice(def.expr.start, def.expr.end))) return true;
  }
  if (!/\beach\.value\b/.test(source)) return false;
  for (const block of ctx.resources.values()) {
    if (span.start < block.span.start || span.start >= block.span.end) continue;
    const forEach = attribute(block, 'for_each');
    return forEach !== undefined && passesDocument(ctx, ctx.text.slice(forEach.expr.start, forEach.expr.end), forEach.expr);
  }
  return false;
}

/** An expression as a notice quotes it: on one line, cut short when long. */
export function shortSource(source: string): string {
  const line = source.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
