import { basename } from 'node:path';
import { invalidUtf8Message } from '../files/read-source.js';
import { buildPolicy } from '../policy/build.js';
import type { IamPrincipal } from '../policy/model.js';
import { getEntry, stringValue, getValue, type Node } from '../source/node.js';
import type { SourceFile } from '../source/source-file.js';
import { isCloudFormation, loadCloudFormation } from './cloudformation/index.js';
import { isEksctlConfig, loadEksctlConfig } from './eksctl.js';
import { emptyResult, type LoadOptions, type LoadResult } from './load-result.js';
import { isServerlessConfig, loadServerlessConfig } from './serverless.js';
import { isOpenApiWithPolicy, loadOpenApi } from './openapi.js';
import { parseFile } from './parse-file.js';
import { isAccountSnapshot, loadSnapshot } from './snapshot/index.js';
import { isTerraformPlan, loadTerraformPlan } from './terraform-plan/index.js';
import { isTerraformState, loadTerraformState } from './terraform-state/index.js';
import { isTerraformJsonConfig, loadTerraformJson } from './terraform-json/index.js';

export type { LoadOptions, LoadResult } from './load-result.js';

/**
 * Reads one file into policy documents: a bare policy, or every policy a CloudFormation or CDK
 * template holds. Syntax errors come back as data, never as exceptions.
 */
export async function loadSource(file: SourceFile, options: LoadOptions = {}): Promise<LoadResult> {
  const result = await loadAny(file, options);
  noteSeenMembers(result.principals);
  return result;
}

async function loadAny(file: SourceFile, options: LoadOptions): Promise<LoadResult> {
  // A binary file is usually not UTF-8 either: its NUL bytes say more (parseFile reports them).
  if (file.invalidUtf8 && !file.text.includes('\u0000')) {
    const at = file.invalidUtf8.offset;
    return emptyResult({ syntaxErrors: [{ start: at, end: at + 1, message: invalidUtf8Message(file.invalidUtf8) }] });
  }
  if (file.text.trim() === '') return emptyResult({ syntaxErrors: [{ start: 0, end: 0, message: 'The file is empty' }] });
  // Terraform's parser is WASM and slow to start: loaded only when a .tf file turns up.
  if (/\.tf$/i.test(file.path)) return (await import('./terraform-source/index.js')).loadTerraformSource(file);
  const parsed = await parseFile(file);
  // Like ESLint, stop at the first syntax error: later ones are mostly its echoes, and a tree the
  // parser recovered from broken text would only give rules findings about things nobody wrote.
  const first = parsed.errors[0];
  if (first) return emptyResult({ syntaxErrors: [first] });
  if (!parsed.root) return emptyResult({ syntaxErrors: [{ start: 0, end: 0, message: 'The file is empty' }] });
  if (parsed.others) return loadStream([parsed.root, ...parsed.others], file, options);
  const result = loadTree(parsed.root, file, options);
  // Kept only where suppressions may need it (template metadata), which always names iamlint.
  if (file.text.includes('iamlint')) result.root = parsed.root;
  return result;
}

/** Every document of a YAML stream, as one file: skipped only when no document holds a policy. */
function loadStream(roots: Node[], file: SourceFile, options: LoadOptions): LoadResult {
  const results = roots.map((root) => loadTree(root, file, options));
  const merged = emptyResult();
  for (const r of results) {
    merged.policies.push(...r.policies);
    merged.principals.push(...r.principals);
    merged.syntaxErrors.push(...r.syntaxErrors);
    if (r.notRead) (merged.notRead ??= []).push(...r.notRead);
  }
  if (merged.policies.length === 0 && merged.principals.length === 0 && merged.syntaxErrors.length === 0) {
    merged.skipped = (results[0] as LoadResult).skipped ?? 'no IAM policy or CloudFormation template found';
  }
  // Template metadata suppressions: those of the first document that holds policies.
  const withPolicies = results.findIndex((r) => r.policies.length > 0);
  if (withPolicies >= 0 && file.text.includes('iamlint')) merged.root = roots[withPolicies];
  return merged;
}

/** Each group's users that the file shows, for advice that would give the group a user's policy. */
function noteSeenMembers(principals: readonly IamPrincipal[]): void {
  for (const user of principals) {
    if (user.type !== 'user') continue;
    for (const group of user.memberOf) if (!group.members) (group.seenMembers ??= []).push(user);
  }
}

function loadTree(root: Node, file: SourceFile, options: LoadOptions): LoadResult {
  if (isPolicyDocument(root)) {
    const policy = buildPolicy(root, { name: basename(file.path), ...(options.policyType && { kind: options.policyType }) });
    return { ...emptyResult(), policies: [policy] };
  }
  if (isCloudFormation(root)) return loadCloudFormation(root, file);
  if (isTerraformPlan(root)) return loadTerraformPlan(root, file);
  if (isTerraformState(root)) return loadTerraformState(root, file);
  if (isTerraformJsonConfig(root, file)) return loadTerraformJson(root, file);
  if (isAccountSnapshot(root)) return loadSnapshot(root, file);
  if (isEksctlConfig(root)) return loadEksctlConfig(root);
  if (isServerlessConfig(root)) return loadServerlessConfig(root, file);
  if (isOpenApiWithPolicy(root)) return loadOpenApi(root);
  return emptyResult({ skipped: 'no IAM policy or CloudFormation template found' });
}

const POLICY_VERSIONS = new Set(['2012-10-17', '2008-10-17']);

/** A bare policy has a `Statement`, or at least an IAM policy `Version`. */
export function isPolicyDocument(root: Node): boolean {
  if (root.type !== 'object') return false;
  if (getEntry(root, 'Statement')) return true;
  const version = stringValue(getValue(root, 'Version'));
  return version !== undefined && POLICY_VERSIONS.has(version) && !getEntry(root, 'Resources');
}
