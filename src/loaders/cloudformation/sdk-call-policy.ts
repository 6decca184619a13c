import { parseJson } from '../../parsers/json.js';
import { getValue, stringValue, type Node, type ObjectNode } from '../../source/node.js';
import { SourceFile } from '../../source/source-file.js';
import { offsetMap, parseMapped, parseTemplateJsonMapped } from '../embedded.js';
import { joinedText } from './join-policy.js';

/** The SDK calls that set a domain's access policy: OpenSearch's and the older Elasticsearch Service's. */
const SETS_ACCESS_POLICY = /^update(Elasticsearch)?DomainConfig(Command)?$/i;

export interface SdkCallPolicy {
  /** The custom resource property holding the call. */
  property: 'Create' | 'Update';
  root: Node;
  /** The intrinsics of an `Fn::Join` call, by the `${Fn::Join.<index>}` names the policy's strings use. */
  vars: ObjectNode | undefined;
  inString: 'string' | 'Fn::Join';
}

/**
 * The access policy a CDK domain sets through a custom resource (`Custom::OpenSearchAccessPolicy`,
 * `Custom::ElasticsearchAccessPolicy`, or any `AwsCustomResource`): `Create` and `Update` are an SDK
 * call written as a JSON string, usually an `Fn::Join` of JSON pieces and intrinsics, whose
 * `parameters.AccessPolicies` is the policy as a JSON string again. Each character of the policy is
 * mapped through both escapings onto the file, so values point inside the pieces. `Update` is read
 * only when its policy differs from `Create`'s.
 */
export function sdkCallPolicies(type: string, props: Node, file: SourceFile): SdkCallPolicy[] {
  if (!type.startsWith('Custom::') && type !== 'AWS::CloudFormation::CustomResource') return [];
  const out: SdkCallPolicy[] = [];
  let created: string | undefined;
  for (const property of ['Create', 'Update'] as const) {
    const call = sdkCallText(getValue(props, property), file);
    const policy = call && accessPolicyOf(call.text);
    if (!call || !policy) continue;
    const same = canonical(policy.value, call.vars);
    if (property === 'Update' && same === created) continue;
    if (property === 'Create') created = same;
    // A character of the policy → its place in the call's text → its offset in the file.
    const inCall = offsetMap(policy.value, policy.literal, new SourceFile('', call.text));
    const move = (offset: number) => call.move(inCall(offset));
    const parsed = parseMapped(parseJson, policy.value, move);
    const root = parsed.root && parsed.errors.length === 0 ? parsed.root : parseTemplateJsonMapped(policy.value, move)?.root;
    if (root?.type === 'object') out.push({ property, root, vars: call.vars, inString: call.vars ? 'Fn::Join' : 'string' });
  }
  return out;
}

function sdkCallText(node: Node | undefined, file: SourceFile): { text: string; move: (offset: number) => number; vars: ObjectNode | undefined } | undefined {
  if (node?.type === 'string') {
    const text = node.value as string;
    return { text, move: offsetMap(text, node, file), vars: undefined };
  }
  if (node?.type === 'intrinsic' && node.name === 'Fn::Join') return joinedText(node, file);
  return undefined;
}

/** The `AccessPolicies` string of a call that sets a domain's config, with its span in the call's text. */
function accessPolicyOf(text: string): { value: string; literal: { start: number; end: number } } | undefined {
  if (!text.includes('AccessPolicies')) return undefined;
  const call = parseJson(text);
  if (call.root?.type !== 'object' || call.errors.length > 0) return undefined;
  if (!SETS_ACCESS_POLICY.test(stringValue(getValue(call.root, 'action')) ?? '')) return undefined;
  const policy = getValue(getValue(call.root, 'parameters'), 'AccessPolicies');
  if (policy?.type !== 'string') return undefined;
  return { value: policy.value as string, literal: { start: policy.start, end: policy.end } };
}

/** The policy text with each intrinsic written out, so Create's and Update's compare whatever their pieces' indexes. */
function canonical(policy: string, vars: ObjectNode | undefined): string {
  if (!vars) return policy;
  return policy.replace(/\$\{(Fn::Join\.\d+)\}/g, (whole, key: string) => {
    const node = vars.entries.find((e) => e.key === key)?.value;
    return node ? `\${${JSON.stringify(plain(node))}}` : whole;
  });
}

function plain(node: Node): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case 'array':
      return node.items.map(plain);
    case 'intrinsic':
      return { [node.name]: plain(node.argument) };
    default:
      return node.value;
  }
}
