import { expandAction, type ActionInfo } from '../iam/actions.js';
import { isEveryResource } from './queries.js';
import type { Located, Statement } from './model.js';

export interface GrantedActions {
  /** Every action the statement's Action entries name, each once, in entry order. */
  actions: readonly ActionInfo[];
  /** For each action id, the first entry that names it (a finding points there). */
  entryOf: EntryLookup;
  /** `*` (or `*:*`) is among the entries. */
  everything: boolean;
  /** Entries given by an intrinsic or a variable, whose actions are unknown. */
  opaque: readonly Located[];
}

/** The first entry naming an action id; answered from the shared expansions instead of a map per statement. */
export interface EntryLookup {
  get(id: string): Located | undefined;
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

interface Expansion {
  entry: Located;
  actions: readonly ActionInfo[];
}

// The ids of one expansion (expansions are cached for the run, so these are too).
const idSets = new Map<readonly ActionInfo[], Set<string>>();
function idsOf(actions: readonly ActionInfo[]): Set<string> {
  let ids = idSets.get(actions);
  if (!ids) {
    ids = new Set();
    for (const a of actions) ids.add(a.id);
    idSets.set(actions, ids);
  }
  return ids;
}

class Entries implements EntryLookup {
  private map: Map<string, Located> | undefined;
  constructor(private readonly expansions: readonly Expansion[]) {}
  get(id: string): Located | undefined {
    // A few entries are scanned; a long list (ReadOnlyAccess lists thousands) gets a map, built once.
    if (this.expansions.length <= 4) {
      for (const e of this.expansions) if (idsOf(e.actions).has(id)) return e.entry;
      return undefined;
    }
    if (!this.map) {
      this.map = new Map();
      for (const e of this.expansions) for (const a of e.actions) if (!this.map.has(a.id)) this.map.set(a.id, e.entry);
    }
    return this.map.get(id);
  }
}

function compute(statement: Statement): GrantedActions {
  const expansions: Expansion[] = [];
  const opaque: Located[] = [];
  let everything = false;
  for (const entry of statement.action?.values ?? []) {
    if (entry.intrinsic || entry.value.includes('${')) {
      opaque.push(entry);
      continue;
    }
    if (entry.value === '*' || entry.value === '*:*') everything = true;
    const actions = expandAction(entry.value);
    if (actions.length > 0) expansions.push({ entry, actions });
  }
  // One entry's expansion is already free of repeats (and cached): shared, not copied.
  let actions: readonly ActionInfo[];
  if (expansions.length === 0) actions = [];
  else if (expansions.length === 1) actions = (expansions[0] as Expansion).actions;
  else {
    // Actions are one object per id, so identity tells repeats apart.
    const seen = new Set<ActionInfo>();
    const out: ActionInfo[] = [];
    for (const e of expansions) {
      for (const a of e.actions) {
        if (seen.has(a)) continue;
        seen.add(a);
        out.push(a);
      }
    }
    actions = out;
  }
  return { actions, entryOf: new Entries(expansions), everything, opaque };
}

/**
 * Whether an Action entry of the statement can name an action of the service (its service part is
 * the service or a wildcard, or it is opaque): a cheap test before reading that service's data.
 */
export function mayNameService(statement: Statement, service: string): boolean {
  return (statement.action?.values ?? []).some((entry) => {
    if (entry.intrinsic) return true;
    const text = entry.value;
    const colon = text.indexOf(':');
    const part = colon < 0 ? text : text.slice(0, colon);
    return part.includes('*') || part.includes('?') || part.includes('${') || part.toLowerCase() === service;
  });
}

/** The statement's Resource entries that name every resource (`*`, `arn:*`); empty when it has none. */
export function everyResourceEntries(statement: Statement): Located[] {
  return statement.resource?.values.filter(isEveryResource) ?? [];
}
