import { expandAction, type ActionInfo } from '../iam/actions.js';
import { isEveryResource } from './queries.js';
import type { Located, Statement } from './model.js';

export interface GrantedActions {
  /** Every action the statement's Action entries name, each once, in entry order. */
  actions: readonly ActionInfo[];
  /** For each action id, the first entry that names it (a finding points there). */
  entryOf: ReadonlyMap<string, Located>;
  /** `*` (or `*:*`) is among the entries. */
  everything: boolean;
  /** Entries given by an intrinsic or a variable, whose actions are unknown. */
  opaque: readonly Located[];
}

const cache = new WeakMap<Statement, GrantedActions>();

/**
 * The actions a statement's `Action` names, expanded once per statement however many rules ask.
 * A `NotAction` statement has none here: what it grants is the complement, which rules that care
 * compute themselves.
 */
export function grantedActions(statement: Statement): GrantedActions {
  let found = cache.get(statement);
  if (!found) {
    found = compute(statement);
    cache.set(statement, found);
  }
  return found;
}

function compute(statement: Statement): GrantedActions {
  const actions: ActionInfo[] = [];
  const entryOf = new Map<string, Located>();
  const opaque: Located[] = [];
  let everything = false;
  for (const entry of statement.action?.values ?? []) {
    if (entry.intrinsic || entry.value.includes('${')) {
      opaque.push(entry);
      continue;
    }
    if (entry.value === '*' || entry.value === '*:*') everything = true;
    for (const action of expandAction(entry.value)) {
      if (entryOf.has(action.id)) continue;
      entryOf.set(action.id, entry);
      actions.push(action);
    }
  }
  return { actions, entryOf, everything, opaque };
}

/** The statement's Resource entries that name every resource (`*`, `arn:*`); empty when it has none. */
export function everyResourceEntries(statement: Statement): Located[] {
  return statement.resource?.values.filter(isEveryResource) ?? [];
}
