import { describe, expect, it } from 'vitest';
import type { Located, Statement } from '../../src/policy/model.js';
import { statementGrantsAction } from '../../src/policy/queries.js';

const at = (value: string, intrinsic?: string): Located => ({ value, span: { start: 0, end: 0 }, path: [], ...(intrinsic && { intrinsic }) });
const list = (values: Located[]) => ({ key: at('Action'), node: { type: 'array', items: [], start: 0, end: 0 }, path: [], values });
const statement = (element: 'action' | 'notAction' | 'none', values: Located[] = []): Statement =>
  ({ index: 0, node: { type: 'object', entries: [], start: 0, end: 0 }, path: [], keys: [], ...(element !== 'none' && { [element]: list(values) }) }) as unknown as Statement;

const ASSUME = 'sts:AssumeRole';

describe('statementGrantsAction', () => {
  it.each<[string, 'action' | 'notAction' | 'none', Located[], string, boolean]>([
    // Action: some entry matches, as IAM matches (case-insensitive, * and ?).
    ['Action naming it', 'action', [at('sts:AssumeRole')], ASSUME, true],
    ['Action in another case', 'action', [at('STS:assumerole')], ASSUME, true],
    ['Action "*"', 'action', [at('*')], ASSUME, true],
    ['Action "sts:Assume?ole"', 'action', [at('sts:Assume?ole')], ASSUME, true],
    ['Action "sts:AssumeRole*" for the web-identity action', 'action', [at('sts:AssumeRole*')], 'sts:AssumeRoleWithWebIdentity', true],
    ['Action naming only the web-identity action', 'action', [at('sts:AssumeRoleWithWebIdentity')], ASSUME, false],
    ['Action naming another action', 'action', [at('sts:TagSession')], ASSUME, false],
    ['Action "${Action}" (matched as text, as before)', 'action', [at('${Action}')], ASSUME, false],
    ['Action from an intrinsic that resolved to text', 'action', [at('sts:AssumeRole', 'Fn::Join')], ASSUME, true],
    ['an empty Action', 'action', [], ASSUME, false],
    // NotAction: granted when no entry matches.
    ['NotAction "sts:TagSession"', 'notAction', [at('sts:TagSession')], ASSUME, true],
    ['NotAction "iam:*"', 'notAction', [at('iam:*')], ASSUME, true],
    ['NotAction "sts:AssumeRoleWithWebIdentity" for sts:AssumeRole', 'notAction', [at('sts:AssumeRoleWithWebIdentity')], ASSUME, true],
    ['NotAction "sts:AssumeRole" for the web-identity action', 'notAction', [at('sts:AssumeRole')], 'sts:AssumeRoleWithWebIdentity', true],
    ['NotAction "sts:*"', 'notAction', [at('sts:*')], ASSUME, false],
    ['NotAction "*"', 'notAction', [at('*')], ASSUME, false],
    ['NotAction naming it', 'notAction', [at('iam:*'), at('sts:AssumeRole')], ASSUME, false],
    ['NotAction naming it in another case', 'notAction', [at('STS:ASSUMEROLE')], ASSUME, false],
    ['NotAction "sts:AssumeRole*" for the web-identity action', 'notAction', [at('sts:AssumeRole*')], 'sts:AssumeRoleWithWebIdentity', false],
    // An opaque NotAction entry may stand for the action: not surely granted.
    ['NotAction with a "${...}" entry', 'notAction', [at('sts:TagSession'), at('${ExcludedAction}')], ASSUME, false],
    ['NotAction with an intrinsic entry', 'notAction', [at('sts:TagSession', 'Ref')], ASSUME, false],
    ['an empty NotAction', 'notAction', [], ASSUME, false],
    ['neither Action nor NotAction', 'none', [], ASSUME, false],
  ])('%s', (_name, element, values, action, expected) => {
    expect(statementGrantsAction(statement(element, values), action)).toBe(expected);
  });
});
