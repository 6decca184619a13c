import { expandAction, isEveryAction, serviceActions, type ActionInfo } from '../iam/actions.js';
import { serviceKeys } from '../iam/data.js';
import { BoundedMap } from '../util/bounded-map.js';
import { isEveryResource } from './queries.js';
import type { Located, Statement, ValueList } from './model.js';

export interface GrantedActions {
  /** Every action the statement's Action entries name, each once, in entry order. */
  readonly actions: readonly ActionInfo[];
  /** For each action id, the first entry that names it (a finding points there). */
  readonly entryOf: EntryLookup;
  /** `*` (or `*:*`) is among the entries. */
  readonly everything: boolean;
  /** Entries given by an intrinsic or a variable, whose actions are unknown. */
  readonly opaque: readonly Located[];
  /** The entries that name at least one action, in order, each with its (shared, cached) expansion. */
  readonly expansions: readonly Expansion[];
}

/** The first entry naming an action id; answered from the shared expansions instead of a map per statement. */
export interface EntryLookup {
  get(id: string): Located | undefined;
}

export interface Expansion {
  readonly entry: Located;
  /** expandAction's list for the entry: the same array for every entry of the same text, so it can key caches. */
  readonly actions: readonly ActionInfo[];
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

// The ids of one expansion. Keyed by the expansion arrays, which expandAction keeps for the run;
// bounded all the same, in case it stops keeping them.
const idSets = new BoundedMap<readonly ActionInfo[], Set<string>>();
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

const NONE: readonly ActionInfo[] = [];

class Granted implements GrantedActions {
  private merged: readonly ActionInfo[] | undefined;
  private lookup: Entries | undefined;
  constructor(
    readonly expansions: readonly Expansion[],
    readonly everything: boolean,
    readonly opaque: readonly Located[],
  ) {}

  // Merged only when a rule asks: most rules look at a few actions through a Selection instead.
  get actions(): readonly ActionInfo[] {
    if (this.merged) return this.merged;
    const expansions = this.expansions;
    // One entry's expansion is already free of repeats (and cached): shared, not copied.
    if (expansions.length === 0) this.merged = NONE;
    else if (expansions.length === 1) this.merged = (expansions[0] as Expansion).actions;
    else {
      // Actions are one object per id, so identity tells repeats apart.
      const seen = new Set<ActionInfo>();
      const out: ActionInfo[] = [];
      for (let k = 0; k < expansions.length; k++) {
        const actions = (expansions[k] as Expansion).actions;
        for (let i = 0; i < actions.length; i++) {
          const a = actions[i] as ActionInfo;
          if (seen.has(a)) continue;
          seen.add(a);
          out.push(a);
        }
      }
      this.merged = out;
    }
    return this.merged;
  }

  get entryOf(): EntryLookup {
    this.lookup ??= new Entries(this.expansions);
    return this.lookup;
  }
}

function compute(statement: Statement): GrantedActions {
  const expansions: Expansion[] = [];
  const opaque: Located[] = [];
  let everything = false;
  const values = statement.action?.values ?? [];
  for (let i = 0; i < values.length; i++) {
    const entry = values[i] as Located;
    if (entry.intrinsic || entry.value.includes('${')) {
      opaque.push(entry);
      continue;
    }
    if (entry.value === '*' || entry.value === '*:*') everything = true;
    const actions = expandAction(entry.value);
    if (actions.length > 0) expansions.push({ entry, actions });
  }
  return new Granted(expansions, everything, opaque);
}

/** One granted action a Selection picks, with the first entry that names it. */
export interface SelectedGrant {
  action: ActionInfo;
  entry: Located;
}

/**
 * A fixed choice of actions (the credential actions, iam:PassRole, ...), applied to each distinct
 * expansion once: AWS's managed policies repeat the same Action entries thousands of times, and
 * most name nothing a rule looks for. Create one per rule, at module level.
 */
export class Selection {
  private readonly picked = new BoundedMap<readonly ActionInfo[], readonly ActionInfo[]>();
  /** `services`: lower-case service prefixes outside which `wanted` picks nothing, when known. */
  constructor(
    private readonly wanted: (action: ActionInfo) => boolean,
    private readonly services?: ReadonlySet<string>,
  ) {}

  /**
   * The actions with these ids (`iam:PassRole`, in any case) for which `also` holds. Their services
   * are known, so a statement granting `*` is answered from those services' actions alone.
   */
  static ofIds(ids: Iterable<string>, also?: (action: ActionInfo) => boolean): Selection {
    const lower = new Set([...ids].map((id) => id.toLowerCase()));
    const services = new Set([...lower].map((id) => id.slice(0, id.indexOf(':'))));
    // The service first: most actions of a large expansion are passed over without making their lower-case id.
    return new Selection((a) => services.has(a.service) && lower.has(a.lowerId) && (also === undefined || also(a)), services);
  }

  /** The actions of one expansion that the selection picks, in the expansion's order. */
  of(actions: readonly ActionInfo[]): readonly ActionInfo[] {
    // Most expansions are one action (an entry naming it): answered without a cache entry of its own.
    if (actions.length === 1) return this.wanted(actions[0] as ActionInfo) ? actions : NONE;
    let found = this.picked.get(actions);
    if (!found) {
      let out: ActionInfo[] | undefined;
      if (this.services && isEveryAction(actions)) {
        // `*` is every service's actions in serviceKeys() order: the same picks, in the same order,
        // from a few services instead of 22,000 actions, once per selection on a one-file run.
        for (const s of serviceKeys()) if (this.services.has(s)) for (const a of serviceActions(s)) if (this.wanted(a)) (out ??= []).push(a);
      } else {
        // Indexed, as the loops below: a run is mostly over before V8 optimizes this code, and a
        // for-of loop in unoptimized code allocates an iterator and a result object per action.
        for (let i = 0; i < actions.length; i++) {
          const a = actions[i] as ActionInfo;
          if (this.wanted(a)) (out ??= []).push(a);
        }
      }
      found = out ?? NONE;
      this.picked.set(actions, found);
    }
    return found;
  }

  /**
   * The statement's granted actions that the selection picks, each once with the first entry
   * naming it: the same as filtering `grantedActions(statement).actions` and asking `entryOf`.
   */
  grants(statement: Statement): SelectedGrant[] {
    if (!statement.action && statement.notAction) return this.complement(statement.notAction);
    const out: SelectedGrant[] = [];
    let seen: Set<ActionInfo> | undefined;
    let first = true;
    const expansions = grantedActions(statement).expansions;
    for (let k = 0; k < expansions.length; k++) {
      const e = expansions[k] as Expansion;
      const picked = this.of(e.actions);
      if (picked.length === 0) continue;
      if (first) {
        // The first expansion with a pick has no repeats; a set is needed only from the second on.
        for (let i = 0; i < picked.length; i++) out.push({ action: picked[i] as ActionInfo, entry: e.entry });
        first = false;
        continue;
      }
      if (!seen) {
        seen = new Set();
        for (let i = 0; i < out.length; i++) seen.add((out[i] as SelectedGrant).action);
      }
      for (let i = 0; i < picked.length; i++) {
        const action = picked[i] as ActionInfo;
        if (seen.has(action)) continue;
        seen.add(action);
        out.push({ action, entry: e.entry });
      }
    }
    return out;
  }

  /** The first entry of the statement naming an action the selection picks. */
  firstEntry(statement: Statement): Located | undefined {
    if (!statement.action && statement.notAction) return this.complement(statement.notAction)[0]?.entry;
    const expansions = grantedActions(statement).expansions;
    for (let k = 0; k < expansions.length; k++) {
      const e = expansions[k] as Expansion;
      if (this.of(e.actions).length > 0) return e.entry;
    }
    return undefined;
  }

  /**
   * What a `NotAction` statement grants (or denies) of the selection: every picked action its
   * entries leave out, each at the `NotAction` key. Nothing when an entry is known only at deploy
   * time, which may leave out anything. Reads every service's data, for these statements only.
   */
  private complement(notAction: ValueList): SelectedGrant[] {
    // An empty NotAction (which empty-element reports) or one known only at deploy time grants nothing known.
    if (notAction.values.length === 0 || notAction.values.some((v) => v.intrinsic || v.value.includes('${'))) return [];
    // By the entries' text: a policy can repeat one NotAction thousands of times, and each scan reads every action.
    const key = notAction.values.map((v) => v.value.toLowerCase()).join('\n');
    let actions = this.complements.get(key);
    if (!actions) {
      const left = new Set<ActionInfo>();
      for (const v of notAction.values) for (const a of expandAction(v.value)) left.add(a);
      actions = this.of(expandAction('*')).filter((a) => !left.has(a));
      this.complements.set(key, actions);
    }
    return actions.map((action) => ({ action, entry: notAction.key }));
  }

  private readonly complements = new BoundedMap<string, readonly ActionInfo[]>(1_000);
}

/**
 * Whether an Action entry of the statement can name an action of the service (its service part is
 * the service or a wildcard, or it is opaque): a cheap test before reading that service's data.
 * `service` is lower-case.
 */
export function mayNameService(statement: Statement, service: string): boolean {
  // A NotAction statement names what it leaves out; it may grant any service's actions.
  if (!statement.action && statement.notAction) return true;
  for (const entry of statement.action?.values ?? []) {
    if (entry.intrinsic) return true;
    const text = entry.value;
    const colon = text.indexOf(':');
    const end = colon < 0 ? text.length : colon;
    for (let i = 0; i < end; i++) {
      const c = text.charCodeAt(i);
      // `*`, `?`, and `$` of a `${...}` (the only `$` a service name can hold).
      if (c === 42 || c === 63 || (c === 36 && text.charCodeAt(i + 1) === 123)) return true;
    }
    // Compared without lower-casing the entry unless its length fits.
    if (end === service.length && text.slice(0, end).toLowerCase() === service) return true;
  }
  return false;
}

/** The statement's Resource entries that name every resource (`*`, `arn:*`); empty when it has none. */
export function everyResourceEntries(statement: Statement): Located[] {
  return statement.resource?.values.filter(isEveryResource) ?? [];
}

/**
 * Whether a statement grants more than the one action named (`iam:*` or another action beside it,
 * NotAction): advice that scopes that action with its own condition key must then split it out.
 */
export function grantsOtherThan(statement: Statement, actionId: string): boolean {
  const lower = actionId.toLowerCase();
  return grantsBeyond(statement, (id) => id === lower);
}

/**
 * Whether the statement grants an action `within` does not take (ids lower case): a pattern counts
 * by what it expands to (`iam:Pass*` is iam:PassRole alone), an unknown or opaque entry not at all.
 */
export function grantsBeyond(statement: Statement, within: (lowerId: string) => boolean): boolean {
  return statement.notAction !== undefined || grantedActions(statement).actions.some((a) => !within(a.lowerId));
}
