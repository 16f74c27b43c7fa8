import type { Constants } from './constants.js';
import { Pc, active, allEndpoints, bit, has, state, upTo, type State } from './state.js';

/**
 * The six actions of the model. Each is a pure function of a state and its parameters: the
 * guard comes first and a disabled action returns `undefined`; otherwise it returns the next
 * state, copying only what changes. Constants are bound once by `makeActions`.
 */
export interface Actions {
  Plan(s: State): State | undefined;
  Pick(s: State, e: number): State | undefined;
  Write(s: State, e: number, p: number): State | undefined;
  Clean(s: State, e: number): State | undefined;
  Collect(s: State): State | undefined;
  Crash(s: State, e: number): State | undefined;
}

export const ACTION_NAMES = ['Plan', 'Pick', 'Write', 'Clean', 'Collect', 'Crash'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** The actions `Converges` assumes weak fairness of: every action instance of them is fair. */
export const FAIR_ACTIONS: readonly ActionName[] = ['Plan', 'Pick', 'Write', 'Clean'];

/**
 * `Converges` is judged on the behaviours in which enactors crash only finitely often
 * (`<>[]~Crash => Converges`): endless crashes stop any protocol, and the conformance
 * harness's fair tail likewise crashes nobody. A fair cycle with a Crash step in it is
 * therefore not a counterexample.
 */
export const FINITELY_OFTEN: readonly ActionName[] = ['Crash'];

function set<T>(xs: readonly T[], i: number, v: T): T[] {
  switch (xs.length) { case 1: return [v]; case 2: return i === 0 ? [v, xs[1]!] : [xs[0]!, v]; case 3: return i === 0 ? [v, xs[1]!, xs[2]!] : i === 1 ? [xs[0]!, v, xs[2]!] : [xs[0]!, xs[1]!, v]; } const copy = xs.slice(); copy[i] = v; return copy;
}

export function makeActions(c: Constants): Actions {
  const everyEndpoint = allEndpoints(c);

  /** The plans a clean-up or collection may delete: those at or below `limit`, and under
   *  ownership-based GC only those no record points to and no busy enactor holds. */
  function doomed(s: State, limit: number): number {
    const old = s.plans & upTo(limit);
    return c.gc === 'owned' ? old & ~active(s) : old;
  }

  return {
    /** Plan: the Planner publishes plan latest+1, until it has produced MaxPlan.
     *  Postmortem: the Planner kept producing plans while one enactor was delayed, so the
     *  plan that enactor held fell further and further behind. */
    Plan(s) {
      if (s.latest >= c.maxPlan) return undefined;
      return state(s.latest + 1, s.plans | bit(s.latest + 1), s.applied, s.pc, s.held, s.pending);
    },

    /** Pick(e): idle enactor e takes the newest plan when it is newer than some record; it
     *  must be able to read every applied plan to compare generations.
     *  Postmortem: this one-time "newer than the applied plan" check is the only one; the
     *  delayed enactor passed it long before it wrote, and never checked again. */
    Pick(s, e) {
      if (s.pc[e] !== Pc.idle || !has(s.plans, s.latest)) return undefined;
      let behind = false;
      for (const g of s.applied) {
        if (!has(s.plans, g)) return undefined;
        if (g < s.latest) behind = true;
      }
      if (!behind) return undefined;
      return state(
        s.latest,
        s.plans,
        s.applied,
        set(s.pc, e, Pc.apply),
        set(s.held, e, s.latest),
        set(s.pending, e, everyEndpoint),
      );
    },

    /** Write(e, p): enactor e writes the plan it holds into endpoint p's record.
     *  Postmortem: with blind writes this is where the slow enactor put its stale plan
     *  back over the newer one; with cas the record only moves forward. */
    Write(s, e, p) {
      if (s.pc[e] !== Pc.apply || !has(s.pending[e]!, p)) return undefined;
      const held = s.held[e]!;
      const now = s.applied[p]!;
      const next = c.write === 'blind' ? held : Math.max(now, held);
      const pending = s.pending[e]! & ~bit(p);
      return state(
        s.latest,
        s.plans,
        next === now ? s.applied : set(s.applied, p, next),
        pending === 0 ? set(s.pc, e, Pc.clean) : s.pc,
        s.held,
        set(s.pending, e, pending),
      );
    },

    /** Clean(e): having written every endpoint, enactor e deletes the plans more than Keep
     *  generations older than the one it holds, then goes idle.
     *  Postmortem: the fast enactor's clean-up deleted the stale plan that the slow one had
     *  just written into DNS, and the record went empty. Under ownership GC it spares
     *  every plan that a record points to or a busy enactor holds. */
    Clean(s, e) {
      if (s.pc[e] !== Pc.clean) return undefined;
      const gone = doomed(s, s.held[e]! - c.keep);
      return state(s.latest, s.plans & ~gone, s.applied, set(s.pc, e, Pc.idle), set(s.held, e, 0), s.pending);
    },

    /** Collect: the periodic garbage collector deletes plans more than Keep generations
     *  older than the newest; enabled only when it has something to delete.
     *  Postmortem: age alone decided; nothing asked whether DNS still pointed there. */
    Collect(s) {
      if (!c.collector) return undefined;
      const gone = doomed(s, s.latest - c.keep);
      if (gone === 0) return undefined;
      return state(s.latest, s.plans & ~gone, s.applied, s.pc, s.held, s.pending);
    },

    /** Crash(e): a busy enactor crashes and restarts idle, forgetting what it held.
     *  Postmortem: not part of the incident; it checks the fix survives lost enactors. */
    Crash(s, e) {
      if (!c.crashes || s.pc[e] === Pc.idle) return undefined;
      return state(s.latest, s.plans, s.applied, set(s.pc, e, Pc.idle), set(s.held, e, 0), set(s.pending, e, 0));
    },
  };
}
