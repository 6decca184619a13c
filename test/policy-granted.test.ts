import { describe, expect, it } from 'vitest';
import { expandAction, isEveryAction } from '../src/iam/actions.js';
import { grantedActions, everyResourceEntries, Selection } from '../src/policy/granted.js';
import type { Located, Statement } from '../src/policy/model.js';

const at = (value: string, extra: Partial<Located> = {}): Located => ({ value, span: { start: 0, end: 0 }, path: [], ...extra });
const statement = (actions: Located[], resources: Located[] = []): Statement =>
  ({ index: 0, node: { type: 'object', entries: [], start: 0, end: 0 }, path: [], keys: [], action: { values: actions }, resource: { values: resources } }) as unknown as Statement;

describe('grantedActions', () => {
  it('expands each entry once, keeps the first entry naming an action, and is cached per statement', () => {
    const first = at('s3:GetObject');
    const s = statement([first, at('s3:Get*'), at('${Var}'), at('x', { intrinsic: 'Ref' })]);
    const g = grantedActions(s);
    expect(g.actions.filter((a) => a.id === 's3:GetObject')).toHaveLength(1);
    expect(g.entryOf.get('s3:GetObject')).toBe(first);
    expect(g.actions.length).toBeGreaterThan(20);
    expect(g.opaque.map((e) => e.value)).toEqual(['${Var}', 'x']);
    expect(g.everything).toBe(false);
    expect(grantedActions(s)).toBe(g);
  });
  it('notices "*" and finds the every-resource entries', () => {
    const s = statement([at('*')], [at('arn:aws:s3:::b'), at('*')]);
    expect(grantedActions(s).everything).toBe(true);
    expect(everyResourceEntries(s).map((r) => r.value)).toEqual(['*']);
  });
});

describe('Selection.ofIds', () => {
  const ids = ['iam:PassRole', 'EC2:RunInstances', 's3:getobject', 'lambda:CreateFunction'];

  it('picks the actions of those ids in any case, and only those `also` keeps', () => {
    const picked = Selection.ofIds(ids).of(expandAction('*')).map((a) => a.id);
    expect(picked.sort()).toEqual(['ec2:RunInstances', 'iam:PassRole', 'lambda:CreateFunction', 's3:GetObject']);
    expect(Selection.ofIds(ids, (a) => a.service !== 'iam').of(expandAction('iam:*'))).toEqual([]);
  });

  it('gives for "*", from its services alone, what a scan of every action gives, in the same order', () => {
    const every = expandAction('*');
    expect(isEveryAction(every)).toBe(true);
    // A copy is not known to be every action: it is scanned whole.
    const copy = [...every];
    expect(isEveryAction(copy)).toBe(false);
    const selection = Selection.ofIds(ids);
    expect(selection.of(every).map((a) => a.id)).toEqual(selection.of(copy).map((a) => a.id));
    expect(selection.of(every).map((a) => a.id)).toEqual(copy.filter((a) => ids.some((id) => id.toLowerCase() === a.lowerId)).map((a) => a.id));
  });

  it('answers an entry of one action by that action alone, whichever case the entry is written in', () => {
    const selection = Selection.ofIds(ids);
    expect(selection.of(expandAction('IAM:passrole')).map((a) => a.id)).toEqual(['iam:PassRole']);
    expect(selection.of(expandAction('iam:GetRole'))).toEqual([]);
    // `also` is asked for one action as for many.
    expect(Selection.ofIds(ids, (a) => a.service !== 'iam').of(expandAction('iam:PassRole'))).toEqual([]);
  });
});

describe('Selection on a NotAction statement', () => {
  const notAction = (values: Located[]): Statement =>
    ({ index: 0, node: { type: 'object', entries: [], start: 0, end: 0 }, path: [], keys: [], notAction: { key: at('NotAction'), values }, resource: { values: [at('*')] } }) as unknown as Statement;
  const passRole = new Selection((a) => a.id === 'iam:PassRole');

  it('picks what the NotAction leaves in, at the NotAction key', () => {
    const s = notAction([at('s3:*'), at('organizations:*')]);
    expect(passRole.grants(s).map((g) => [g.action.id, g.entry.value])).toEqual([['iam:PassRole', 'NotAction']]);
    expect(passRole.firstEntry(s)?.value).toBe('NotAction');
  });

  it('picks nothing the NotAction lists (through a wildcard too), nor anything when an entry is known only at deploy time', () => {
    expect(passRole.grants(notAction([at('iam:*')]))).toEqual([]);
    expect(passRole.firstEntry(notAction([at('IAM:Pass*')]))).toBeUndefined();
    expect(passRole.grants(notAction([at('s3:*'), at('${var.excluded}')]))).toEqual([]);
  });
});
