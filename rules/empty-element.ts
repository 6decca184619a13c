/**
 * empty-element: an element written with nothing in it. IAM rejects an empty Action, Resource or
 * Principal, and an empty Condition usually means a condition was meant and lost.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import { defineRule, type Target } from '../src/engine/rule.js';
import type { Node } from '../src/source/node.js';
import type { ConditionBlock, PrincipalBlock, ValueList } from '../src/policy/model.js';
import { POLICY_KINDS, type PathSegment } from '../src/types.js';

export default defineRule({
  meta: {
    id: 'empty-element',
    severity: 'warning',
    description: 'Empty Statement, Action, Resource, Principal or Condition lists and objects',
    kinds: POLICY_KINDS,
    messages: {
      empty: '{{element}} is empty',
      fill: 'Fill {{element}} or remove it',
      fillRequired: 'List what {{element}} should name; IAM rejects it empty',
    },
  },
  create(context) {
    const report = (element: string, node: Node, path: PathSegment[], required: boolean) => {
      const at: Target = { span: { start: node.start, end: node.end }, path };
      context.report({ messageId: 'empty', data: { element }, at, suggestion: { messageId: required ? 'fillRequired' : 'fill', data: { element } } });
    };
    // An open object's members are a template variable's, filled in at deploy time.
    const isEmpty = (node: Node) => (node.type === 'array' && node.items.length === 0 && !node.open) || (node.type === 'object' && node.entries.length === 0 && !node.open);

    const list = (v: ValueList | undefined, required: boolean) => {
      if (v && isEmpty(v.node)) report(v.key.value, v.node, v.path, required);
    };
    const principal = (p: PrincipalBlock | undefined) => {
      if (!p) return;
      if (isEmpty(p.node)) {
        report(p.key.value, p.node, p.path, true);
        return;
      }
      for (const entry of p.entries) {
        if (entry.values.length > 0) continue;
        // Written empty (also as a branch of an Fn::If), not emptied by AWS::NoValue, which drops the key.
        const node = nodeAfter(p.node, entry.type.value);
        const written = node && (isEmpty(node) ? node : ifBranches(node).find(isEmpty));
        if (written) report(`${p.key.value}.${entry.type.value}`, written, entry.type.path, true);
      }
    };
    const condition = (c: ConditionBlock | undefined) => {
      if (!c) return;
      if (isEmpty(c.node)) {
        report('Condition', c.node, c.path, false);
        return;
      }
      for (const op of c.operators) {
        if (op.keys.length === 0) {
          const node = nodeAfter(c.node, op.operator.value);
          if (node && isEmpty(node)) report(`Condition operator ${op.operator.value}`, node, op.operator.path, false);
        }
        for (const key of op.keys) {
          if (key.values.length > 0) continue;
          const node = nodeAfter(nodeAfter(c.node, op.operator.value), key.key.value);
          if (node && isEmpty(node)) report(`Condition key ${key.key.value}`, node, key.key.path, false);
        }
      }
    };

    return {
      policy(policy) {
        if (policy.statementKey && policy.statements.length === 0) {
          const node = nodeAfter(policy.node, 'Statement');
          if (node && isEmpty(node)) report('Statement', node, ['Statement'], true);
        }
        for (const s of policy.statements) {
          list(s.action, true);
          list(s.notAction, true);
          list(s.resource, true);
          list(s.notResource, true);
          principal(s.principal);
          principal(s.notPrincipal);
          condition(s.condition);
        }
      },
    };
  },
});

/** The value of `key` in an object node. */
/** The two branches of an `Fn::If`; none for any other node. */
function ifBranches(node: Node): Node[] {
  if (node.type !== 'intrinsic' || node.name !== 'Fn::If' || node.argument.type !== 'array') return [];
  return node.argument.items.slice(1, 3);
}

function nodeAfter(node: Node | undefined, key: string): Node | undefined {
  if (!node || node.type !== 'object') return undefined;
  return node.entries.find((e) => e.key === key)?.value;
}
