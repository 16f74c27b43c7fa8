import type { Constants } from './constants.js';
import { roundRank } from './properties.js';
import { Pc } from './state.js';

/**
 * The model's actions and properties worked directly on the canonical encoding, for the
 * model checker's inner loop: a state's fields are read once from its words, and each enabled
 * action instance writes its successor's words by copying the state's words and setting the
 * few fields it changes. No object is made per step.
 *
 * The readable actions in actions.ts stay the source of truth: this is a transcription of
 * them, field by field, and a property test proves the two give the same successors (same
 * action instances, same states, same order) and the same verdicts on every reachable state
 * of several configurations. The instances are listed in the order `makeSpec` lists them.
 */
export interface PackedModel {
  /** Words per state (the encoding's). */
  readonly words: number;
  /**
   * Writes the successors of the state at `src[at..]`, one per enabled action instance in
   * `makeSpec`'s order: successor j's words at `out[outAt + j * words..]`, the index of its
   * action instance at `actions[actionsAt + j]`. Returns how many.
   */
  successors(src: Uint32Array, at: number, out: Uint32Array, outAt: number, actions: Int32Array, actionsAt: number): number;
  RecordNeverEmpty(w: Uint32Array, at: number): boolean;
  NoActivePlanDeleted(w: Uint32Array, at: number): boolean;
  NoStaleOverwrite(from: Uint32Array, fromAt: number, to: Uint32Array, toAt: number): boolean;
  /** The goal of `Converges`: every record on plan MaxPlan. */
  converged(w: Uint32Array, at: number): boolean;
  /** `makeProgress`'s measure (properties.ts), which every step but a crash raises when writes compare generations. */
  progress(w: Uint32Array, at: number): number;
  /**
   * Symmetry: the enactors are interchangeable (nothing in the model tells one from another
   * but its own pc, held and pending), so permuting them maps states to states, steps to
   * steps, and keeps every safety property's verdict. Rewrites the state at `w[at..]` into
   * its orbit's representative, the enactors' fields in ascending order, and returns the
   * orbit's size: how many distinct states the permutations make of it (E! over the
   * factorial of each group of equal enactors).
   */
  canonicalize(w: Uint32Array, at: number): number;
}

export function makePacked(c: Constants): PackedModel {
  const E = c.enactors;
  const P = c.endpoints;
  const gen = 32 - Math.clz32(c.maxPlan);
  // Field numbers, in the encoding's bit order: latest, plans (generation g at bit g-1),
  // applied[p], then per enactor pc, held, pending.
  const LATEST = 0;
  const PLANS = 1;
  const APPLIED = 2;
  const ENACTOR = 2 + P;
  const fields = 2 + P + 3 * E;
  const offset = new Int32Array(fields);
  const width = new Int32Array(fields);
  {
    let bit = 0;
    const put = (f: number, w: number) => {
      offset[f] = bit;
      width[f] = w;
      bit += w;
    };
    put(LATEST, gen);
    put(PLANS, c.maxPlan);
    for (let p = 0; p < P; p++) put(APPLIED + p, gen);
    for (let e = 0; e < E; e++) {
      put(ENACTOR + 3 * e, 2);
      put(ENACTOR + 3 * e + 1, gen);
      put(ENACTOR + 3 * e + 2, P);
    }
  }
  const words = Math.ceil((offset[fields - 1]! + width[fields - 1]!) / 32);
  const allEndpoints = (1 << P) - 1;
  const allPlans = 2 ** c.maxPlan - 1;
  /** One more than the largest sum of `roundRank`s. */
  const rounds = E * (2 * P + 2) + 1;
  const appliedSums = P * c.maxPlan + 1;
  const planSets = 2 ** c.maxPlan;
  const heldMask = (1 << gen) - 1;
  // An enactor's pc, held and pending lie side by side: one field of `enactorWidth` bits.
  const appliedAt = offset[APPLIED]!;
  const enactorsAt = offset[ENACTOR]!;
  const enactorWidth = 2 + gen + P;
  const enactorMask = (1 << enactorWidth) - 1;
  /** The `width` bits (`mask`) of the state at `w[at..]` from bit `o` on (a field spans at most two words). */
  const bits = (w: Uint32Array, at: number, o: number, width: number, mask: number): number => {
    const i = at + (o >>> 5);
    const s = o & 31;
    const lo = w[i]! >>> s;
    return (s + width > 32 ? lo | (w[i + 1]! << (32 - s)) : lo) & mask;
  };
  /** `roundRank` by an enactor's field (`pc | held << 2 | pending << 2 + gen`), without the newest round's bonus. */
  const roundBase = new Uint8Array(1 << enactorWidth);
  for (let f = 0; f < roundBase.length; f++) roundBase[f] = roundRank(P, false, 0, (f & 3) as Pc, (f >>> 2) & heldMask, f >>> (2 + gen));
  const blind = c.write === 'blind';
  const owned = c.gc === 'owned';

  const get = (w: Uint32Array, at: number, f: number): number => {
    const o = offset[f]!;
    const i = at + (o >>> 5);
    const s = o & 31;
    const m = (1 << width[f]!) - 1;
    const lo = w[i]! >>> s;
    return s + width[f]! > 32 ? (lo | (w[i + 1]! << (32 - s))) & m : lo & m;
  };
  const set = (w: Uint32Array, at: number, f: number, v: number): void => {
    const o = offset[f]!;
    const i = at + (o >>> 5);
    const s = o & 31;
    const m = (1 << width[f]!) - 1;
    w[i] = (w[i]! & ~(m << s)) | (v << s);
    if (s + width[f]! > 32) {
      const hi = 32 - s;
      w[i + 1] = (w[i + 1]! & ~(m >>> hi)) | (v >>> hi);
    }
  };

  // The current state's fields, read once per expansion.
  const F = new Int32Array(fields);
  /** Plans as a bitset with generation g at bit g (as in State). */
  let plans = 0;
  let n = 0;
  let base = 0;
  let dst: Uint32Array = new Uint32Array(0);
  let acts: Int32Array = new Int32Array(0);
  let actsAt = 0;
  let src: Uint32Array = new Uint32Array(0);
  let srcAt = 0;

  /** Starts successor number n as a copy of the current state, for action instance `a`. */
  const begin = (a: number): number => {
    const to = base + n * words;
    for (let i = 0; i < words; i++) dst[to + i] = src[srcAt + i]!;
    acts[actsAt + n] = a;
    n++;
    return to;
  };
  const upTo = (g: number): number => (g < 1 ? 0 : ((1 << (g + 1)) - 1) & ~1);
  const setPlans = (to: number, set2: number) => set(dst, to, PLANS, set2 >>> 1);

  // Action instance numbers, as makeSpec lists them.
  const PICK = 1;
  const WRITE = PICK + E;
  const CLEAN = WRITE + E * P;
  const COLLECT = CLEAN + E;
  const CRASH = COLLECT + (c.collector ? 1 : 0);

  const sorted = new Int32Array(E);
  const factorial = [1];
  for (let i = 1; i <= E; i++) factorial.push(factorial[i - 1]! * i);

  return {
    words,
    canonicalize(w, at) {
      for (let e = 0; e < E; e++) {
        const v = get(w, at, ENACTOR + 3 * e) | (get(w, at, ENACTOR + 3 * e + 1) << 2) | (get(w, at, ENACTOR + 3 * e + 2) << (2 + gen));
        let i = e;
        while (i > 0 && sorted[i - 1]! > v) {
          sorted[i] = sorted[i - 1]!;
          i--;
        }
        sorted[i] = v;
      }
      let orbit = factorial[E]!;
      let run = 1;
      for (let e = 0; e < E; e++) {
        const v = sorted[e]!;
        set(w, at, ENACTOR + 3 * e, v & 3);
        set(w, at, ENACTOR + 3 * e + 1, (v >>> 2) & ((1 << gen) - 1));
        set(w, at, ENACTOR + 3 * e + 2, v >>> (2 + gen));
        if (e > 0 && sorted[e - 1] === v) orbit /= ++run;
        else run = 1;
      }
      return orbit;
    },
    successors(s, at, out, outAt, actions, actionsAt) {
      src = s;
      srcAt = at;
      dst = out;
      base = outAt;
      acts = actions;
      actsAt = actionsAt;
      n = 0;
      for (let f = 0; f < fields; f++) F[f] = get(s, at, f);
      const latest = F[LATEST]!;
      plans = F[PLANS]! << 1;
      let active = 0;
      let recordsReadable = true;
      let behind = false;
      for (let p = 0; p < P; p++) {
        const g = F[APPLIED + p]!;
        active |= 1 << g;
        if ((plans & (1 << g)) === 0) recordsReadable = false;
        if (g < latest) behind = true;
      }
      for (let e = 0; e < E; e++) if (F[ENACTOR + 3 * e] !== Pc.idle) active |= 1 << F[ENACTOR + 3 * e + 1]!;
      const doomed = (limit: number): number => {
        const old = plans & upTo(limit);
        return owned ? old & ~active : old;
      };

      if (latest < c.maxPlan) {
        const to = begin(0);
        set(dst, to, LATEST, latest + 1);
        setPlans(to, plans | (1 << (latest + 1)));
      }
      const pickable = recordsReadable && behind && (plans & (1 << latest)) !== 0;
      for (let e = 0; e < E; e++) {
        if (!pickable || F[ENACTOR + 3 * e] !== Pc.idle) continue;
        const to = begin(PICK + e);
        set(dst, to, ENACTOR + 3 * e, Pc.apply);
        set(dst, to, ENACTOR + 3 * e + 1, latest);
        set(dst, to, ENACTOR + 3 * e + 2, allEndpoints);
      }
      for (let e = 0; e < E; e++) {
        if (F[ENACTOR + 3 * e] !== Pc.apply) continue;
        const held = F[ENACTOR + 3 * e + 1]!;
        const pending = F[ENACTOR + 3 * e + 2]!;
        for (let p = 0; p < P; p++) {
          if ((pending & (1 << p)) === 0) continue;
          const to = begin(WRITE + e * P + p);
          const now = F[APPLIED + p]!;
          set(dst, to, APPLIED + p, blind ? held : Math.max(now, held));
          const left = pending & ~(1 << p);
          set(dst, to, ENACTOR + 3 * e + 2, left);
          if (left === 0) set(dst, to, ENACTOR + 3 * e, Pc.clean);
        }
      }
      for (let e = 0; e < E; e++) {
        if (F[ENACTOR + 3 * e] !== Pc.clean) continue;
        const to = begin(CLEAN + e);
        setPlans(to, plans & ~doomed(F[ENACTOR + 3 * e + 1]! - c.keep));
        set(dst, to, ENACTOR + 3 * e, Pc.idle);
        set(dst, to, ENACTOR + 3 * e + 1, 0);
      }
      if (c.collector) {
        const gone = doomed(latest - c.keep);
        if (gone !== 0) setPlans(begin(COLLECT), plans & ~gone);
      }
      if (c.crashes) {
        for (let e = 0; e < E; e++) {
          if (F[ENACTOR + 3 * e] === Pc.idle) continue;
          const to = begin(CRASH + e);
          set(dst, to, ENACTOR + 3 * e, Pc.idle);
          set(dst, to, ENACTOR + 3 * e + 1, 0);
          set(dst, to, ENACTOR + 3 * e + 2, 0);
        }
      }
      return n;
    },

    RecordNeverEmpty(w, at) {
      const ps = get(w, at, PLANS) << 1;
      for (let p = 0; p < P; p++) if ((ps & (1 << get(w, at, APPLIED + p))) === 0) return false;
      return true;
    },

    NoActivePlanDeleted(w, at) {
      const ps = get(w, at, PLANS) << 1;
      for (let p = 0; p < P; p++) if ((ps & (1 << get(w, at, APPLIED + p))) === 0) return false;
      for (let e = 0; e < E; e++) {
        if (get(w, at, ENACTOR + 3 * e) !== Pc.idle && (ps & (1 << get(w, at, ENACTOR + 3 * e + 1))) === 0) return false;
      }
      return true;
    },

    NoStaleOverwrite(from, fromAt, to, toAt) {
      for (let p = 0; p < P; p++) if (get(to, toAt, APPLIED + p) < get(from, fromAt, APPLIED + p)) return false;
      return true;
    },

    converged(w, at) {
      for (let p = 0; p < P; p++) if (get(w, at, APPLIED + p) !== c.maxPlan) return false;
      return true;
    },

    progress(w, at) {
      const first = w[at]!;
      // latest and plans lie in the first word (at most 4 + 15 bits).
      const latest = first & heldMask;
      const deleted = allPlans & ~(first >>> gen);
      let sum = 0;
      let behind = false;
      for (let p = 0; p < P; p++) {
        const g = bits(w, at, appliedAt + p * gen, gen, heldMask);
        sum += g;
        if (g < latest) behind = true;
      }
      // Each enactor's rank comes from its field (pc, held, pending) by table, but for the
      // newest round's bonus, which depends on `latest` and on whether a record is behind.
      let round = 0;
      let newest = 0;
      for (let e = 0; e < E; e++) {
        const f = bits(w, at, enactorsAt + e * enactorWidth, enactorWidth, enactorMask);
        round += roundBase[f]!;
        if ((f & 3) === Pc.apply && ((f >>> 2) & heldMask) === latest) newest++;
      }
      if (behind) round += newest * (P + 3);
      return ((latest * appliedSums + sum) * planSets + deleted) * rounds + round;
    },
  };
}
