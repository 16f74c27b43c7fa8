/**
 * The one interface through which the engine knows a specification. A spec is a set of
 * initial states, a list of action instances (each a pure function from a state to its
 * successor, or `undefined` when disabled), named properties, and a canonical encoding of a
 * state into fixed-width 32-bit words. Nothing here knows about DNS.
 */
export interface ActionInstance<S> {
  /** The action's name, e.g. `Write`. */
  readonly name: string;
  /** Its parameters, readable, e.g. `['b', 'regional']`. */
  readonly args: readonly string[];
  /** Its parameters as the small integers the spec numbers them by, e.g. `[1, 0]`. */
  readonly params?: readonly number[];
  /** Whether liveness properties assume weak fairness for this instance. */
  readonly fair: boolean;
  /** The successor of a state under this instance, or `undefined` when it is disabled. */
  readonly next: (s: S) => S | undefined;
}

/** A property every reachable state must have. */
export interface Invariant<S> {
  readonly name: string;
  /** One sentence saying what a violation means, for reports. */
  readonly description?: string;
  readonly holds: (s: S) => boolean;
  /** The same judgement on a state's encoding at `words[at..]`, for the checker's inner loop. */
  readonly holdsPacked?: (words: Uint32Array, at: number) => boolean;
  /** What exactly is wrong in a state that violates it, for the last row of a trace. */
  readonly explain?: (s: S) => string;
}

/** A property every step must have, judged on the state before and after. */
export interface ActionProperty<S> {
  readonly name: string;
  readonly description?: string;
  readonly holds: (s: S, next: S) => boolean;
  /** The same judgement on the two states' encodings. */
  readonly holdsPacked?: (from: Uint32Array, fromAt: number, to: Uint32Array, toAt: number) => boolean;
  readonly explain?: (s: S, next: S) => string;
}

/**
 * "Eventually always `goal`" under weak fairness of the fair action instances, judged on the
 * behaviours in which the actions named in `finitely` happen only finitely often
 * (`<>[]~A => <>[]goal` for each such A): a fair cycle that takes one of them is not a
 * counterexample. The assumption is data, so reports can print it.
 */
export interface Liveness<S> {
  readonly name: string;
  readonly description?: string;
  readonly goal: (s: S) => boolean;
  /** The same goal on a state's encoding. */
  readonly goalPacked?: (words: Uint32Array, at: number) => boolean;
  /** Names of actions assumed to happen only finitely often in the behaviours judged. */
  readonly finitely?: readonly string[];
  /**
   * A progress measure, when the spec has one: a number that every step except those of the
   * `finitely` actions raises. It is a claim, not a premise: the checker compares it across
   * every step it explores, and when every such step raises it, the graph without those
   * steps has no cycle, so there is no fair cycle to search for (behaviours that stop are
   * judged anyway). One step that does not raise it, and the cycles are searched as usual.
   */
  readonly progress?: (s: S) => number;
  /** The same measure on a state's encoding. */
  readonly progressPacked?: (words: Uint32Array, at: number) => number;
}

/**
 * Successors computed on the encoding, without an object per step: the spec's fast path,
 * which must give exactly the readable actions' successors, in the order of `actions`.
 */
export interface PackedSuccessors {
  /**
   * Writes the successors of the state at `src[at..]`: successor j's words at
   * `out[outAt + j * words..]`, the index in `actions` of its action instance at
   * `actions[actionsAt + j]`, in ascending index. Returns how many, n. `out` has room for one
   * successor per action instance, and may be written past the n-th. Given `measures`, it also
   * writes successor j's progress measure at `measures[j]` (see `measures`), and the state's
   * own at `measures[n]`. Given `facts`, when the spec declares `facts`, it also works out
   * what the search asks of every step (see `StepFacts`).
   */
  successors(src: Uint32Array, at: number, out: Uint32Array, outAt: number, actions: Int32Array, actionsAt: number, measures?: Float64Array, facts?: StepFacts): number;
  /**
   * The liveness property whose progress measure `successors` writes for each successor when
   * given `measures`, and compares across the steps when given `facts`: worked out from what
   * each step changes, it costs less than measuring every successor afresh. It must equal the
   * property's `progressPacked` on every successor.
   */
  readonly measures?: string;
  /** Whether `successors` fills `facts` when given them. */
  readonly facts?: boolean;
}

/**
 * What a spec's fast path works out about the steps it takes, beside the successors, where
 * it knows which fields each step changes: the search would otherwise judge every step again.
 * It must agree with the readable definitions on every step.
 */
export interface StepFacts {
  /** Where the step to successor j writes, at `broken[actionsAt + j]`, which action properties
   *  it breaks: bit i for `Spec.actionProperties[i]`. */
  broken: Int32Array;
  /** Whether to compare the `measures` property's progress measure across the steps. */
  compare: boolean;
  /** Written: how many of the steps are by fair action instances. */
  fairs: number;
  /** Written when `compare`: whether some step by an action instance that the `measures`
   *  property does not leave out (`Liveness.finitely`) fails to raise its measure. */
  stalled: boolean;
}

/** An injective encoding of states into `words` 32-bit words, and its inverse. */
export interface StateEncoding<S> {
  readonly words: number;
  /**
   * How many bits the encodings use, counted from the low bit of the first word: every bit
   * above them is always 0 (default: all of the words'). With two words and at most 52 bits,
   * the checker keeps each state's second word in its hash table, so a lookup reads the table
   * alone.
   */
  readonly bits?: number;
  encode(s: S, out: Uint32Array, at: number): void;
  decode(words: Uint32Array, at: number): S;
}

/**
 * A group of permutations that maps states to states and steps to steps (each to a step of
 * the same action, as fair as it) and under which every invariant and action property keeps
 * its verdict, and every liveness property's goal (e.g. permuting interchangeable
 * processes). The checker then stores one representative per orbit.
 */
export interface Symmetry {
  /** What is permuted, for reports, e.g. `enactors`. */
  readonly name: string;
  /** Rewrites the encoding at `words[at..]` into its orbit's representative; returns the orbit's size. */
  canonicalize(words: Uint32Array, at: number): number;
}

export interface Spec<S> {
  readonly name: string;
  readonly initial: readonly S[];
  readonly actions: readonly ActionInstance<S>[];
  readonly invariants: readonly Invariant<S>[];
  readonly actionProperties: readonly ActionProperty<S>[];
  readonly liveness: readonly Liveness<S>[];
  readonly encoding: StateEncoding<S>;
  /** The fast path on the encoding, when the spec has one. */
  readonly packed?: PackedSuccessors;
  /** A symmetry of the spec, when it has one the checker may reduce by. */
  readonly symmetry?: Symmetry;
  /** The names of the state's variables, in the order `format` shows them. */
  readonly variables: readonly string[];
  /** The state's variables as readable text. */
  format(s: S): Readonly<Record<string, string>>;
}

/** The label of an action instance as it appears in traces, e.g. `Write(b, regional)`. */
export function actionLabel(a: Pick<ActionInstance<unknown>, 'name' | 'args'>): string {
  return a.args.length === 0 ? a.name : `${a.name}(${a.args.join(', ')})`;
}

/** The names of all properties of a spec, in the order it lists them. */
export function propertyNames(spec: Spec<unknown>): string[] {
  return [
    ...spec.invariants.map((p) => p.name),
    ...spec.actionProperties.map((p) => p.name),
    ...spec.liveness.map((p) => p.name),
  ];
}

/** The same spec restricted to the named properties (all when `names` is empty). */
export function withProperties<S>(spec: Spec<S>, names: readonly string[]): Spec<S> {
  if (names.length === 0) return spec;
  const keep = <P extends { name: string }>(ps: readonly P[]) => ps.filter((p) => names.includes(p.name));
  return {
    ...spec,
    invariants: keep(spec.invariants),
    actionProperties: keep(spec.actionProperties),
    liveness: keep(spec.liveness),
  };
}

/** What is wrong at the end of a counterexample to the named property, when the spec says. */
export function explainViolation<S>(spec: Spec<S>, name: string, steps: readonly { state: S }[]): string | undefined {
  const last = steps[steps.length - 1]?.state;
  const before = steps[steps.length - 2]?.state;
  if (last === undefined) return undefined;
  const inv = spec.invariants.find((p) => p.name === name);
  if (inv?.explain) return inv.explain(last);
  const act = spec.actionProperties.find((p) => p.name === name);
  if (act?.explain && before !== undefined) return act.explain(before, last);
  return undefined;
}

/** The description of a named property, when the spec gives one. */
export function propertyDescription(spec: Spec<unknown>, name: string): string | undefined {
  return [...spec.invariants, ...spec.actionProperties, ...spec.liveness].find((p) => p.name === name)?.description;
}
