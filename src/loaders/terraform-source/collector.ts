import type { Attachment, IamPrincipal, PolicyDocument } from '../../policy/model.js';
import type { SyntaxProblem } from '../../parsers/parse-result.js';
import type { PolicyKind } from '../../types.js';
import { emptyResult, type LoadResult } from '../load-result.js';

/** One use of an `aws_iam_policy_document` by a resource that takes its JSON. */
export interface DocumentUse {
  kind: PolicyKind;
  attachment: Attachment;
  /** The aws_iam_policy it becomes, for attachments by `policy_arn`. */
  managedAddress?: string;
}

/**
 * What a Terraform configuration loader gathers, the same whether the file is HCL or `.tf.json`:
 * principals by address and physical name, policies, the managed policies by address (for
 * attachments by ARN reference) and the uses of each policy document data source.
 */
export class TerraformCollector {
  protected readonly principals = new Map<string, IamPrincipal>();
  protected readonly principalsByName = new Map<string, IamPrincipal>();
  protected readonly policies: PolicyDocument[] = [];
  protected readonly managed = new Map<string, PolicyDocument[]>();
  protected readonly uses = new Map<string, DocumentUse[]>();
  protected readonly syntaxErrors: SyntaxProblem[] = [];
  /** Policies passed over because only Terraform can render or evaluate them, each with why: the "not read" notices. */
  protected readonly unread: string[] = [];

  protected addUse(document: string, use: DocumentUse): void {
    const list = this.uses.get(document) ?? [];
    list.push(use);
    this.uses.set(document, list);
  }

  /**
   * How a policy document data source is linted, from its uses: the kind when they agree on one, and
   * an attachment to every principal that uses it (inline only when every use is inline).
   */
  protected documentUses(document: string): { uses: DocumentUse[]; kind?: PolicyKind; attachment?: Attachment } {
    const uses = this.uses.get(document) ?? [];
    const [first] = uses;
    if (!first) return { uses };
    const kinds = new Set(uses.map((u) => u.kind));
    const principals = [...new Set(uses.flatMap((u) => u.attachment.principals))];
    const attachment = uses.length === 1 ? first.attachment : { ...first.attachment, inline: uses.every((u) => u.attachment.inline), principals };
    return { uses, ...(kinds.size === 1 && { kind: first.kind }), attachment };
  }

  protected addManaged(address: string | undefined, policy: PolicyDocument): void {
    if (address) this.managed.set(address, [...(this.managed.get(address) ?? []), policy]);
  }

  /** The loaded file, each principal listing the policies attached to it; `what` names the file when nothing is in it. */
  protected result(what: string, extraPrincipals: IamPrincipal[] = []): LoadResult {
    for (const p of this.policies) for (const owner of p.attachment.principals) if (!owner.policies.includes(p)) owner.policies.push(p);
    const result = { ...emptyResult(), policies: this.policies, principals: [...this.principals.values(), ...extraPrincipals], syntaxErrors: this.syntaxErrors };
    if (this.policies.length === 0 && this.principals.size === 0 && extraPrincipals.length === 0) {
      result.skipped = this.unread.length > 0 ? this.unread.join('; ') : `no IAM policy found in this ${what}`;
    }
    if (this.unread.length > 0) result.notRead = this.unread;
    return result;
  }
}
