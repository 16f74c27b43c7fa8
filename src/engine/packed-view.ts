import type { Spec, StepFacts } from './spec.js';

type Judge = (words: Uint32Array, at: number) => boolean;
type StepJudge = (from: Uint32Array, fromAt: number, to: Uint32Array, toAt: number) => boolean;
type Measure = (words: Uint32Array, at: number) => number;
type Successors = (src: Uint32Array, at: number, out: Uint32Array, outAt: number, actions: Int32Array, actionsAt: number, measures?: Float64Array, facts?: StepFacts) => number;

/**
 * A spec seen the way the exploration core works: states as their encodings only. The spec's
 * fast path and packed properties are used where it has them; anything it lacks goes through
 * the readable actions (decode, run, encode), so every spec runs on the same core and a spec
 * without a fast path is merely slower.
 */
export interface PackedView {
  readonly words: number;
  /** The bits the encodings use (see `StateEncoding.bits`). */
  readonly bits: number;
  readonly successors: Successors;
  readonly invariants: readonly Judge[];
  readonly actionProperties: readonly StepJudge[];
  readonly goals: readonly Judge[];
  /** Per liveness property, its progress measure, when it has one. */
  readonly progress: readonly (Measure | undefined)[];
  /** The liveness property (its index) whose measure `successors` writes for each successor,
   *  and for the state itself after them, when given `measures` (see `PackedSuccessors.measures`), or -1. */
  readonly measuredBySuccessors: number;
  /** Whether `successors` fills `facts` when given them (see `PackedSuccessors.facts`); they
   *  compare the measure of `measuredBySuccessors`, when there is one. */
  readonly factsBySuccessors: boolean;
}

export function packedView<S>(spec: Spec<S>): PackedView {
  const { encoding, actions } = spec;
  const W = encoding.words;
  const decode = (w: Uint32Array, at: number): S => encoding.decode(w, at);
  const readable: Successors = (src, at, out, outAt, acts, actsAt) => {
    const s = decode(src, at);
    let n = 0;
    for (let a = 0; a < actions.length; a++) {
      const next = actions[a]!.next(s);
      if (next === undefined) continue;
      encoding.encode(next, out, outAt + n * W);
      acts[actsAt + n++] = a;
    }
    return n;
  };
  const fast = spec.packed;
  return {
    words: W,
    bits: encoding.bits ?? 32 * W,
    successors: fast === undefined ? readable : (src, at, out, outAt, acts, actsAt, measures, facts) => fast.successors(src, at, out, outAt, acts, actsAt, measures, facts),
    invariants: spec.invariants.map((p) => p.holdsPacked ?? ((w, at) => p.holds(decode(w, at)))),
    actionProperties: spec.actionProperties.map((p) => p.holdsPacked ?? ((f, fa, t, ta) => p.holds(decode(f, fa), decode(t, ta)))),
    goals: spec.liveness.map((p) => p.goalPacked ?? ((w, at) => p.goal(decode(w, at)))),
    progress: spec.liveness.map((p) => {
      const readable = p.progress;
      return p.progressPacked ?? (readable === undefined ? undefined : (w, at) => readable(decode(w, at)));
    }),
    measuredBySuccessors: fast?.measures === undefined ? -1 : spec.liveness.findIndex((p) => p.name === fast.measures && p.progressPacked !== undefined),
    factsBySuccessors: fast?.facts === true,
  };
}
