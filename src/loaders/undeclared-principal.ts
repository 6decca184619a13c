import type { IamPrincipal, PrincipalType } from '../policy/model.js';
import type { Span } from '../source/node.js';

/**
 * The principal a Terraform input attaches policies to by a name none of its resources declares
 * (`user = "alice"`): one per type and name, registered in `byName` (as `type:name`) and in `added`,
 * so that all its policies are judged together, as a declared one's are.
 */
export function undeclaredTerraformPrincipal(byName: Map<string, IamPrincipal>, added: IamPrincipal[], input: 'file' | 'plan', type: PrincipalType, name: string, span: Span): IamPrincipal {
  let principal = byName.get(`${type}:${name}`);
  if (!principal) {
    principal = { type, name: `${name} (not declared in this ${input})`, span, policies: [], managedPolicyArns: [], memberOf: [], dialect: 'terraform' };
    byName.set(`${type}:${name}`, principal);
    added.push(principal);
  }
  return principal;
}
