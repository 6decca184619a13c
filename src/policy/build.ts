import type { Node, ObjectEntry, ScalarNode } from '../source/node.js';
import type { PathSegment, PolicyKind } from '../types.js';
import type {
  Attachment,
  ConditionBlock,
  ConditionKeyEntry,
  IacDialect,
  Located,
  PolicyDocument,
  PrincipalBlock,
  Statement,
  StructureProblem,
  ValueList,
} from './model.js';
import { guessKind } from './kind.js';
import { isPlaceholderText } from './queries.js';
import { alternatives as allAlternatives, type BranchChoice, childPath, type IntrinsicPattern, listItems as allListItems, located, scalarText } from './values.js';

export interface BuildOptions {
  name: string;
  location?: string;
  /** The kind when context knows it; otherwise it is guessed from the document. */
  kind?: PolicyKind;
  intrinsicPattern?: IntrinsicPattern;
  attachment?: Attachment;
  /** The branch each `Fn::If` takes in this build; without it both branches' values are merged. */
  branches?: BranchChoice;
  /** The IaC language the document was written in. */
  dialect?: IacDialect;
  /** Written as a JSON string inside a template (`Fn::Sub` when inside one) rather than as an object. */
  inString?: 'string' | 'Fn::Sub' | 'Fn::Join';
  /**
   * Built from blocks whose repeats the renderer merges (an `aws_iam_policy_document`: two `condition`
   * blocks of one test and variable become one key with both values), so a repeated name is no mistake.
   */
  repeatsMerge?: boolean;
}

const TOP_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
];

/**
 * Normalizes a policy document once: string-or-list elements become lists, `Statement` an array,
 * principals and conditions typed blocks, every value with its source span and document path.
 */
export function buildPolicy(node: Node, options: BuildOptions): PolicyDocument {
  return new Builder(options).document(node);
}

class Builder {
  private readonly problems: StructureProblem[] = [];
  private readonly alternatives: typeof allAlternatives;
  private readonly listItems: typeof allListItems;
  constructor(private readonly options: BuildOptions) {
    this.alternatives = (node, path) => allAlternatives(node, path, options.branches);
    this.listItems = (node, path) => allListItems(node, path, options.branches);
  }

  document(node: Node): PolicyDocument {
    const doc: PolicyDocument = {
      kind: this.options.kind ?? 'identity',
      kindKnown: this.options.kind !== undefined,
      name: this.options.name,
      location: this.options.location ?? '',
      node,
      // Present from the start, so documents share one shape (see statement()).
      version: undefined,
      id: undefined,
      statementKey: undefined,
      statements: [],
      topKeys: [],
      problems: this.problems,
      attachment: this.options.attachment ?? { inline: false, principals: [] },
      dialect: this.options.dialect,
      ...(this.options.inString && { inString: this.options.inString }),
    };
    if (node.type !== 'object') {
      this.problem('notAnObject', { element: 'policy document', found: describeType(node) }, node, []);
      return doc;
    }
    this.duplicates(node.entries, [], false);
    for (const entry of node.entries) {
      const keyLoc = this.keyLocated(entry, []);
      doc.topKeys.push(keyLoc);
      const path = [entry.key];
      if (entry.key === 'Version') doc.version = this.scalar(entry.value, path, 'Version');
      else if (entry.key === 'Id') doc.id = this.scalar(entry.value, path, 'Id');
      else if (entry.key === 'Statement') {
        doc.statementKey = keyLoc;
        doc.statements = this.statements(entry.value, path);
      } else this.unknown(entry, [], TOP_KEYS);
    }
    if (!this.options.kind) doc.kind = guessKind(doc);
    return doc;
  }

  private statements(node: Node, path: PathSegment[]): Statement[] {
    const out: Statement[] = [];
    for (const alt of this.alternatives(node, path)) {
      if (alt.node.type === 'array') {
        alt.node.items.forEach((item, i) => {
          for (const s of this.alternatives(item, childPath(alt.path, i))) {
            const st = this.statement(s.node, s.path, i);
            if (st) out.push(st);
          }
        });
      } else {
        const st = this.statement(alt.node, alt.path, 0);
        if (st) out.push(st);
      }
    }
    return out;
  }

  private statement(node: Node, path: PathSegment[], index: number): Statement | undefined {
    // A statement that is wholly a variable (Serverless's `${file(iam.yml):statement}`, Terraform's
    // `"Statement": ${jsonencode(var.statements)}`) is unknown, not malformed.
    if ((node.type === 'string' || node.type === 'intrinsic') && isPlaceholderText(scalarText(node, this.options.intrinsicPattern) ?? '')) return undefined;
    if (node.type !== 'object') {
      this.problem('notAnObject', { element: 'statement', found: describeType(node) }, node, path);
      return undefined;
    }
    // Every field present from the start, in one order: statements then share one hidden class
    // whatever order their keys are written in, and the rules' property reads stay monomorphic.
    const st: Statement = {
      index,
      node,
      path,
      sid: undefined,
      effect: undefined,
      action: undefined,
      notAction: undefined,
      resource: undefined,
      notResource: undefined,
      principal: undefined,
      notPrincipal: undefined,
      condition: undefined,
      keys: [],
    };
    this.duplicates(node.entries, path, false);
    for (const entry of node.entries) {
      const key = this.keyLocated(entry, path);
      st.keys.push(key);
      // Paths are never changed once made, so the key's serves its value too.
      const p = key.path;
      switch (entry.key) {
        case 'Sid':
          st.sid = this.scalar(entry.value, p, 'Sid');
          break;
        case 'Effect':
          st.effect = this.scalar(entry.value, p, 'Effect');
          break;
        case 'Action':
        case 'NotAction':
        case 'Resource':
        case 'NotResource': {
          const field = (entry.key.charAt(0).toLowerCase() + entry.key.slice(1)) as
            | 'action'
            | 'notAction'
            | 'resource'
            | 'notResource';
          st[field] = this.valueList(entry, key);
          break;
        }
        case 'Principal':
          st.principal = this.principal(entry, key);
          break;
        case 'NotPrincipal':
          st.notPrincipal = this.principal(entry, key);
          break;
        case 'Condition':
          st.condition = this.condition(entry, key);
          break;
        default:
          this.unknown(entry, path, STATEMENT_KEYS);
      }
    }
    return st;
  }

  private valueList(entry: ObjectEntry, key: Located<string>): ValueList {
    return { key, node: entry.value, path: key.path, values: this.strings(entry.value, key.path, entry.key, true) };
  }

  /**
   * A string-or-list of strings; anything else is a structure problem. Numbers and booleans pass
   * where IAM takes them (condition values, account ids in YAML) but not in Action or Resource.
   */
  private strings(node: Node, path: PathSegment[], element: string, textOnly = false): Located[] {
    // Nearly every value: one string, or a list of strings only. Read here without the general
    // walk's intermediate items, since a document can hold thousands.
    if (node.type === 'string') return [located(node, path, node.value as string)];
    if (node.type === 'array' && allStrings(node.items)) {
      const items = node.items;
      const plain = new Array<Located>(items.length);
      for (let i = 0; i < items.length; i++) plain[i] = located(items[i] as Node, childPath(path, i), (items[i] as ScalarNode).value as string);
      return plain;
    }
    const out: Located[] = [];
    // A list written inside the list (`["s3:GetObject", ["s3:PutObject"]]`, a YAML alias of a list
    // as an item), which IAM rejects; its strings are still read. Fn::If branches that are lists are
    // spliced in by listItems, as CloudFormation does.
    if (node.type === 'array') {
      node.items.forEach((item, i) => {
        if (item.type === 'array') this.problem('wrongType', { element, expected: 'a string or a list of strings', found: 'a list inside the list' }, item, childPath(path, i));
      });
    }
    for (const item of this.listItems(node, path)) {
      const text = scalarText(item.node, this.options.intrinsicPattern);
      const notText = textOnly && (item.node.type === 'number' || item.node.type === 'boolean');
      if (text === undefined || item.node.type === 'null' || notText) {
        this.problem('wrongType', { element, expected: 'a string or a list of strings', found: describeType(item.node) }, item.node, item.path);
      } else out.push(located(item.node, item.path, text));
    }
    return out;
  }

  private scalar(node: Node, path: PathSegment[], element: string): Located | undefined {
    const alts = this.alternatives(node, path);
    const first = alts[0];
    if (!first) return undefined;
    const text = first.node.type === 'string' || first.node.type === 'intrinsic'
      ? scalarText(first.node, this.options.intrinsicPattern)
      : undefined;
    if (text === undefined) {
      this.problem('wrongType', { element, expected: 'a string', found: describeType(first.node) }, first.node, first.path);
      return undefined;
    }
    return located(first.node, first.path, text);
  }

  private principal(entry: ObjectEntry, key: Located<string>): PrincipalBlock {
    const path = key.path;
    const block: PrincipalBlock = { key, node: entry.value, path, entries: [] };
    for (const alt of this.alternatives(entry.value, path)) {
      const node = alt.node;
      if (node.type === 'string' || node.type === 'intrinsic') {
        const text = scalarText(node, this.options.intrinsicPattern) ?? '';
        if (text === '*') block.wildcard = located(node, alt.path, text);
        // Wholly a variable (`Principal = var.principal`, `!Ref Principal`): known only at deploy time.
        else if (isPlaceholderText(text)) continue;
        else this.problem('wrongType', { element: entry.key, expected: '"*" or an object such as {"AWS": [...]}', found: JSON.stringify(text) }, node, alt.path);
      } else if (node.type === 'object') {
        this.duplicates(node.entries, alt.path, false);
        for (const e of node.entries) {
          const type = this.keyLocated(e, alt.path);
          block.entries.push({ type, values: this.strings(e.value, type.path, `${entry.key}.${e.key}`) });
        }
      } else {
        this.problem('wrongType', { element: entry.key, expected: '"*" or an object such as {"AWS": [...]}', found: describeType(node) }, node, alt.path);
      }
    }
    return block;
  }

  private condition(entry: ObjectEntry, key: Located<string>): ConditionBlock {
    const path = key.path;
    const block: ConditionBlock = { key, node: entry.value, path, operators: [] };
    for (const alt of this.alternatives(entry.value, path)) {
      if (alt.node.type === 'intrinsic') {
        block.opaque = true;
        continue;
      }
      if (alt.node.type !== 'object') {
        this.problem('wrongType', { element: 'Condition', expected: 'an object of operators', found: describeType(alt.node) }, alt.node, alt.path);
        continue;
      }
      if (alt.node.open) block.opaque = true;
      this.duplicates(alt.node.entries, alt.path, false);
      for (const op of alt.node.entries) {
        const operator = this.keyLocated(op, alt.path);
        const opPath = operator.path;
        const keys: ConditionKeyEntry[] = [];
        for (const inner of this.alternatives(op.value, opPath)) {
          if (inner.node.type === 'intrinsic') {
            block.opaque = true;
            continue;
          }
          if (inner.node.type !== 'object') {
            this.problem('wrongType', { element: `Condition.${op.key}`, expected: 'an object of condition keys', found: describeType(inner.node) }, inner.node, inner.path);
            continue;
          }
          if (inner.node.open) block.opaque = true;
          // Condition keys are case-insensitive: aws:SourceIp and AWS:SourceIp are one key written twice.
          this.duplicates(inner.node.entries, inner.path, true);
          for (const k of inner.node.entries) {
            const key = this.keyLocated(k, inner.path);
            keys.push({ key, values: this.strings(k.value, key.path, `condition key ${k.key}`) });
          }
        }
        block.operators.push({ operator, keys });
      }
    }
    return block;
  }

  private keyLocated(entry: ObjectEntry, parent: PathSegment[]): Located<string> {
    return { value: entry.key, span: entry.keySpan, path: childPath(parent, entry.key) };
  }

  private unknown(entry: ObjectEntry, parent: PathSegment[], known: string[]): void {
    const close = closeElement(entry.key, known);
    this.problems.push({
      messageId: 'unknownElement',
      data: { element: entry.key, expected: close ? `"${close}"` : known.map((k) => `"${k}"`).join(', '), ...(close && { close }) },
      span: entry.keySpan,
      path: childPath(parent, entry.key),
    });
  }

  /**
   * A name an object repeats (`"StringEquals"` twice in one Condition, as an S3 guide example does):
   * JSON leaves which one counts to the reader, and a reader that keeps the last drops the first's
   * keys. Reported at each repeat. Objects here hold a handful of entries, so pairs are compared.
   */
  private duplicates(entries: readonly ObjectEntry[], parent: PathSegment[], foldCase: boolean): void {
    if (entries.length < 2 || this.options.repeatsMerge) return;
    for (let i = 1; i < entries.length; i++) {
      const key = entries[i]!.key;
      for (let j = 0; j < i; j++) {
        const other = entries[j]!.key;
        if (other === key || (foldCase && other.toLowerCase() === key.toLowerCase())) {
          this.problems.push({ messageId: 'duplicateElement', data: { element: key, ...(other !== key && { first: other }) }, span: entries[i]!.keySpan, path: childPath(parent, key) });
          break;
        }
      }
    }
  }

  private problem(messageId: StructureProblem['messageId'], data: Record<string, string>, node: Node, path: PathSegment[]): void {
    this.problems.push({ messageId, data, span: { start: node.start, end: node.end }, path });
  }
}

function allStrings(items: readonly Node[]): boolean {
  for (let i = 0; i < items.length; i++) if ((items[i] as Node).type !== 'string') return false;
  return true;
}

/** The known element a key was probably meant to be: the same but for case, or one or two letters off. */
function closeElement(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase) return sameCase;
  if (lower.length < 4) return undefined;
  return known.find((k) => editDistance(lower, k.toLowerCase()) <= 2);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

export function describeType(node: Node): string {
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'intrinsic':
      return `the intrinsic function ${node.name}`;
    case 'string':
      return `the string ${JSON.stringify(node.value)}`;
    default:
      return `${node.type === 'null' ? '' : `the ${node.type} `}${String(node.value)}`;
  }
}
