/**
 * What the reference enactor can be: the model's four variants (how it writes a record, how
 * plans are garbage-collected) and the mutants, implementations that are wrong on purpose so
 * that the harness can be tested on what it must catch.
 */

/** How an enactor writes a record: `blind` replaces it (2025), `cas` only moves it forward. */
export type WriteMode = 'blind' | 'cas';
/** How old plans are deleted: `age` by generation alone (2025), `owned` sparing every plan in use. */
export type GcMode = 'age' | 'owned';

/** One variant of the model: a write mode and a GC mode. */
export interface Mode {
  readonly write: WriteMode;
  readonly gc: GcMode;
}

/** The model's variants by name, in the order the model lists them. */
export const MODES = {
  'aws-2025': { write: 'blind', gc: 'age' },
  'cas-only': { write: 'cas', gc: 'age' },
  'ownership-only': { write: 'blind', gc: 'owned' },
  fixed: { write: 'cas', gc: 'owned' },
} as const satisfies Record<string, Mode>;

export type ModeName = keyof typeof MODES;
export const MODE_NAMES = Object.keys(MODES) as ModeName[];

/** A conformance level: `safe` (observed states keep the invariants), `refines` (every step is one `fixed` allows), `live` (fair steps converge). */
export type Level = 'safe' | 'refines' | 'live';

export type MutantName = 'stale-pick' | 'lying-event' | 'torn-write' | 'ignores-crash' | 'lazy' | 'forgetful-claim' | 'lying-observe' | 'same-plan-written' | 'resume-after-crash' | 'first-endpoint-only' | 'text-generations';

/** An enactor that is wrong on purpose: what it does wrong, what it is otherwise, and the weakest level the harness must fail it at. */
export interface Mutant {
  readonly name: MutantName;
  readonly description: string;
  readonly base: ModeName;
  readonly mustFail: Level;
  /**
   * `served` when only the harness's own observer of served answers can catch it (the
   * implementation's word is consistent): judged with `conform --observe`, not in process.
   */
  readonly caughtBy?: 'served';
  /** The constants it needs in order to show (a run without crashes cannot catch a crash bug). */
  readonly needs?: { readonly crashes?: true; readonly endpoints?: number };
}

/** The mutants and the weakest level each must fail (a harness that passes one at that level is broken). */
export const MUTANTS: readonly Mutant[] = [
  {
    name: 'stale-pick',
    description: 'picks the plan before the newest when some record is older than that one',
    base: 'fixed',
    // cas writes and claims keep every observed state safe, and it converges a pick later; only the Pick of a non-latest plan is wrong.
    mustFail: 'refines',
  },
  {
    name: 'lying-event',
    description: 'reports every write as written with the plan it holds, but writes nothing',
    base: 'fixed',
    // records stay at plans the owned GC spares, so nothing unsafe is observed; the observation after a write event contradicts it.
    mustFail: 'refines',
  },
  {
    name: 'torn-write',
    description: 'writes a record in two steps: first the old addresses plus the first new one, then the whole new record',
    base: 'fixed',
    // after the first step the record resolves to addresses of two plans: a torn record, visible on the observed state.
    mustFail: 'safe',
  },
  {
    name: 'ignores-crash',
    description: 'reports a crash but keeps the plan it holds, its claim and its pending writes, and goes on writing',
    base: 'fixed',
    // its claim and cas writes keep the records safe; the write of an enactor the spec has restarted idle is not a step (needs Crashes).
    mustFail: 'refines',
    needs: { crashes: true },
  },
  {
    name: 'lazy',
    description: 'never picks a plan: every step is idle, so records stay at plan 1',
    base: 'fixed',
    // idle steps are stutters and plan 1 stays applied and spared, so it is safe and refines; only Converges breaks.
    mustFail: 'live',
  },
  {
    name: 'forgetful-claim',
    description: 'never claims the plan it picks, so a clean-up or the collector deletes a plan it still holds',
    base: 'fixed',
    // deleting a held plan breaks NoActivePlanDeleted at once, and after a Collect its cas write of the deleted plan empties the record.
    mustFail: 'safe',
  },
  {
    name: 'lying-observe',
    description: 'skips every write of an even plan but believes and reports it done: its /v1/observe shows the records it should have written',
    base: 'fixed',
    // its own word is a conformant history; the served answer stays at the older plan, which the harness's DNS channel sees.
    mustFail: 'refines',
    caughtBy: 'served',
  },
  {
    name: 'same-plan-written',
    description: 'reports a write of the plan the record already holds as written (its cas write changed nothing)',
    base: 'fixed',
    // the record is as the spec says and everything stays safe; `written` for a write that changed nothing is not the step the spec takes.
    mustFail: 'refines',
  },
  {
    name: 'resume-after-crash',
    description: 'after a crash it releases its claim and reports idle, but its next step resumes writing the plan it held before the crash',
    base: 'fixed',
    // the spec's crashed enactor is idle: a write before a new pick is not a step; its plan is no longer claimed, so it may also be deleted under it.
    mustFail: 'refines',
    needs: { crashes: true },
  },
  {
    name: 'first-endpoint-only',
    description: 'after its first crash it only ever writes the first endpoint, reporting that endpoint each time',
    base: 'fixed',
    // a second write of an endpoint already written is not a step; the other endpoints never get the plan (needs Crashes and two endpoints).
    mustFail: 'refines',
    needs: { crashes: true, endpoints: 2 },
  },
  {
    name: 'text-generations',
    description: 'compares generations as text ("10" < "9"): it takes the textually greatest plan as the newest, and its cas write compares as text too',
    base: 'fixed',
    // numbers of one length order alike as text, so only a run whose plans cross a digit boundary (from generation 9 or 99) shows it:
    // it never picks the plan past the boundary, which idle steps refine (stutters), so the records never converge.
    mustFail: 'live',
  },
];

/** Every name the reference enactor answers to: the variants, then the mutants. */
export type ReferenceName = ModeName | MutantName;
export const REFERENCE_NAMES: readonly ReferenceName[] = [...MODE_NAMES, ...MUTANTS.map((m) => m.name)];

/** How one reference enactor behaves: its write and GC modes, and the mutant's misbehaviour if it is one. */
export interface Behaviour extends Mode {
  readonly name: ReferenceName;
  readonly quirk: MutantName | undefined;
}

/** The behaviour of a variant or mutant by name; an unknown name is a RangeError listing the known ones. */
export function behaviourOf(name: string): Behaviour {
  if (Object.hasOwn(MODES, name)) return { name: name as ModeName, ...MODES[name as ModeName], quirk: undefined };
  const mutant = MUTANTS.find((m) => m.name === name);
  if (mutant === undefined) {
    throw new RangeError(`unknown reference implementation ${JSON.stringify(name)}; known: ${REFERENCE_NAMES.join(', ')}`);
  }
  return { name: mutant.name, ...MODES[mutant.base], quirk: mutant.name };
}
