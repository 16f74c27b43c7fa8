import type { Constants } from './constants.js';
import { progressWeights, roundRank } from './properties.js';
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
   * action instance at `actions[actionsAt + j]`. Returns how many, n. `out` has room for one
   * successor per action instance, and may be written past the n-th. Given `measures`, it also
   * writes successor j's `progress` at `measures[j]`, worked out from what the step changes,
   * and the state's own at `measures[n]`.
   */
  successors(src: Uint32Array, at: number, out: Uint32Array, outAt: number, actions: Int32Array, actionsAt: number, measures?: Float64Array): number;
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

/**
 * Held in a constant so that `lowest` stays small: the optimising compiler inlines a helper of
 * up to 27 bytes of bytecode at every call, and larger ones only until a budget per function
 * runs out, after which each step pays for a call.
 */
const clz32 = Math.clz32;

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
  const { sums, deletions, rounds } = progressWeights(c);
  /** What `roundRank` adds for the newest round while a record is behind. */
  const newestBonus = roundRank(P, true, 1, Pc.apply, 1, 0) - roundRank(P, false, 1, Pc.apply, 1, 0);
  const heldMask = (1 << gen) - 1;
  // An enactor's pc, held and pending lie side by side: one field of `enactorWidth` bits.
  const enactorWidth = 2 + gen + P;
  /** `roundRank` by an enactor's field (`pc | held << 2 | pending << 2 + gen`), without the newest round's bonus. */
  const roundBase = new Uint8Array(1 << enactorWidth);
  for (let f = 0; f < roundBase.length; f++) roundBase[f] = roundRank(P, false, 0, (f & 3) as Pc, (f >>> 2) & heldMask, f >>> (2 + gen));
  const blind = c.write === 'blind';
  const owned = c.gc === 'owned';

  // The hot path reads and writes whole slots: each applied[p], and each enactor's pc, held
  // and pending together as one number (pc | held << 2 | pending << 2+gen, the encoding's
  // enactor field). Where each slot sits is worked out here, once: the word of its low bits and
  // its shift there, and the word of its high bits with the shift that brings them down. A slot
  // is at most 14 bits wide, so it spans at most two words; one that fits in a word names that
  // word again with a shift of 31, which brings nothing down, so reading and flipping a slot
  // take no branch. latest and plans always lie in word 0 (gen + maxPlan is at most 19 bits):
  // the actions that change only them rewrite word 0 directly.
  const SLOT_APPLIED = 0;
  const SLOT_ENACTOR = P;
  const slots = P + E;
  const slotWord = new Int32Array(slots);
  const slotShift = new Int32Array(slots);
  const slotHighWord = new Int32Array(slots);
  const slotHighShift = new Int32Array(slots);
  const slotMask = new Int32Array(slots);
  for (let k = 0; k < slots; k++) {
    const o = k < P ? offset[APPLIED + k]! : offset[ENACTOR + 3 * (k - P)]!;
    const w = k < P ? gen : 2 + gen + P;
    const spans = (o & 31) + w > 32;
    slotWord[k] = o >>> 5;
    slotShift[k] = o & 31;
    slotHighWord[k] = spans ? (o >>> 5) + 1 : o >>> 5;
    slotHighShift[k] = spans ? 32 - (o & 31) : 31;
    slotMask[k] = (1 << w) - 1;
  }
  /** Per word, the bits of the applied slots in it. */
  const appliedBits = new Int32Array(words);
  for (let p = 0; p < P; p++) {
    for (let b = offset[APPLIED + p]!; b < offset[APPLIED + p]! + gen; b++) appliedBits[b >>> 5] = appliedBits[b >>> 5]! | (1 << (b & 31));
  }
  /** Slot k of the state at `w[at..]`. */
  const read = (w: Uint32Array, at: number, k: number): number =>
    ((w[at + slotWord[k]!]! >>> slotShift[k]!) | (w[at + slotHighWord[k]!]! << slotHighShift[k]!)) & slotMask[k]!;
  /** Flips the bits `d` of slot k of the state at `w[at..]`: old ^ new turns old into new. */
  const flip = (w: Uint32Array, at: number, k: number, d: number): void => {
    const i = at + slotWord[k]!;
    w[i] = w[i]! ^ (d << slotShift[k]!);
    const j = at + slotHighWord[k]!;
    w[j] = w[j]! ^ (d >>> slotHighShift[k]!);
  };
  /** An enactor slot's fields. */
  const PENDING = 2 + gen;
  const pcOf = (v: number): number => v & 3;
  const heldOf = (v: number): number => (v >>> 2) & heldMask;
  const slot = (pc: number, held: number, pending: number): number => pc | (held << 2) | (pending << PENDING);
  /** `progressValue` of `latest`, the sum of applied and the plans deleted, and a rank of 0. */
  const weight = (latest: number, sum: number, deleted: number): number => ((latest * sums + sum) * deletions + deleted) * rounds;
  /** The round ranks' sum `round`, plus the newest round's bonus for `newest` enactors while some record is `behind`. */
  const rank = (round: number, behind: number, newest: number): number => (behind > 0 ? round + newest * newestBonus : round);
  /** What one more unit of the sum of applied weighs in `weight`. */
  const SUM_WEIGHT = deletions * rounds;
  /** What one more unit of the plans deleted weighs in `weight` (deleting generation g adds `2 ** (g - 1)` units). */
  const DELETED_WEIGHT = rounds;
  /**
   * The progress measure from its parts: `behind` records behind latest, the round ranks'
   * sum without the newest round's bonus, and `newest` enactors writing latest. It is
   * `progressValue` written out, in two parts: a step that keeps latest has its state's
   * `weight`, plus the weights of what it adds to the sum or to the plans deleted, plus its
   * `rank`, all exact integers below 2^53 (see `progressValue`).
   */
  const measureOf = (latest: number, sum: number, behind: number, deleted: number, round: number, newest: number): number =>
    weight(latest, sum, deleted) + rank(round, behind, newest);
  /** An enactor slot's pc and held, without pending. */
  const PC_HELD = 3 | (heldMask << 2);
  /** 1 when the enactor whose slot is `v` writes plan `latest`, the newest round, given as `newestOf(latest)`; else 0. */
  const writesNewest = (v: number, newest: number): number => ((v & PC_HELD) === newest ? 1 : 0);
  /** An enactor slot's pc and held while it writes plan `latest`, as `writesNewest` takes it. */
  const newestOf = (latest: number): number => Pc.apply | (latest << 2);
  /** Word 0 with the generations in `gone` (a plans bitset, generation g at bit g) deleted. */
  const without = (w0: number, gone: number): number => w0 & ~((gone >>> 1) << gen);
  /** The lowest member of a nonempty bitset. */
  const lowest = (m: number): number => 31 - clz32(m & -m);
  const upTo = (g: number): number => (g < 1 ? 0 : ((1 << (g + 1)) - 1) & ~1);

  // Action instance numbers, as makeSpec lists them.
  const PLAN = 0;
  const PICK = 1;
  const WRITE = PICK + E;
  const CLEAN = WRITE + E * P;
  const COLLECT = CLEAN + E;
  const CRASH = COLLECT + (c.collector ? 1 : 0);
  const ACTIONS = CRASH + (c.crashes ? E : 0);
  const { maxPlan, keep, collector, crashes } = c;

  // The expanded state's applied[p] and enactor slots, read once per expansion.
  const applied = new Int32Array(P);
  const enactor = new Int32Array(E);
  /** The enactors in each pc, as bitsets (enactor e at bit e). */
  const byPc = new Int32Array(4);
  const allEnactors = (1 << E) - 1;
  const sorted = new Int32Array(E);
  const factorial = [1];
  for (let i = 1; i <= E; i++) factorial.push(factorial[i - 1]! * i);

  return {
    words,
    canonicalize(w, at) {
      for (let e = 0; e < E; e++) {
        const v = read(w, at, SLOT_ENACTOR + e);
        enactor[e] = v;
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
        flip(w, at, SLOT_ENACTOR + e, enactor[e]! ^ v);
        if (e > 0 && sorted[e - 1] === v) orbit /= ++run;
        else run = 1;
      }
      return orbit;
    },
    // Each successor starts as a copy of the state's words (one per action instance is written
    // first, in one loop); then each changed slot is flipped
    // from its old value to its new one, or word 0 is rewritten for latest and plans. The
    // enactors are visited through bitsets of those in each pc, and an enactor's pending
    // endpoints through its pending bitset, lowest first: the order makeSpec lists them in.
    //
    // Given `measures`, each successor's progress measure is worked out from the state's parts
    // (the sum of applied, how many records are behind latest, the plans deleted, the round
    // ranks' sum and how many enactors write the newest plan) and what the step changes.
    successors(s, at, out, outAt, actions, actionsAt, measures) {
      const w0 = s[at]!;
      const latest = w0 & heldMask;
      /** Plans as a bitset with generation g at bit g (as in State). */
      const plans = ((w0 >>> gen) & allPlans) << 1;
      let pointed = 0;
      let oldest = latest;
      let sum = 0;
      let behind = 0;
      for (let p = 0; p < P; p++) {
        const g = read(s, at, SLOT_APPLIED + p);
        applied[p] = g;
        pointed |= 1 << g;
        oldest = Math.min(oldest, g);
        sum += g;
        if (g < latest) behind++;
      }
      byPc[Pc.idle] = 0;
      byPc[Pc.apply] = 0;
      byPc[Pc.clean] = 0;
      let round = 0;
      let newest = 0;
      const newestField = newestOf(latest);
      for (let e = 0; e < E; e++) {
        const v = read(s, at, SLOT_ENACTOR + e);
        enactor[e] = v;
        const pc = pcOf(v);
        byPc[pc] = byPc[pc]! | (1 << e);
        round += roundBase[v]!;
        newest += writesNewest(v, newestField);
      }
      const deleted = allPlans & ~(w0 >>> gen);
      const idle = byPc[Pc.idle]!;
      const busy = allEnactors & ~idle;
      let active = pointed;
      for (let m = busy; m !== 0; m &= m - 1) active |= 1 << heldOf(enactor[lowest(m)]!);
      const spared = owned ? active : 0;
      let n = 0;
      let to = outAt;
      /** The state's measure but for its rank: what every step but Plan starts from. */
      const high = measures === undefined ? 0 : weight(latest, sum, deleted);
      // Every successor starts as a copy of the state: as many copies as there are action
      // instances are written at once, before the steps change them (states of up to two words,
      // the most common, copied from locals).
      const second = words > 1 ? s[at + 1]! : 0;
      for (let i = 0, o = outAt; i < ACTIONS; i++, o += words) {
        out[o] = w0;
        if (words > 1) out[o + 1] = second;
        for (let k = 2; k < words; k++) out[o + k] = s[at + k]!;
      }

      // Plan
      if (latest < maxPlan) {
        out[to] = (w0 & ~heldMask) | (latest + 1) | (1 << (gen + latest));
        // Every record is behind the new latest, and nobody writes it yet.
        if (measures !== undefined) measures[n] = measureOf(latest + 1, sum, P, deleted & ~(1 << latest), round, 0);
        actions[actionsAt + n++] = PLAN;
        to += words;
      }
      // Pick(e): every record readable, some record behind latest, latest itself readable.
      if ((pointed & ~plans) === 0 && oldest < latest && (plans & (1 << latest)) !== 0) {
        for (let m = idle; m !== 0; m &= m - 1) {
          const e = lowest(m);
          const v = slot(Pc.apply, latest, allEndpoints);
          flip(out, to, SLOT_ENACTOR + e, enactor[e]! ^ v);
          if (measures !== undefined) measures[n] = high + rank(round - roundBase[enactor[e]!]! + roundBase[v]!, behind, newest + 1);
          actions[actionsAt + n++] = PICK + e;
          to += words;
        }
      }
      // Write(e, p)
      for (let m = byPc[Pc.apply]!; m !== 0; m &= m - 1) {
        const e = lowest(m);
        const v = enactor[e]!;
        const held = heldOf(v);
        const pending = v >>> PENDING;
        for (let q = pending; q !== 0; q &= q - 1) {
          const p = lowest(q);
          const now = applied[p]!;
          const next = blind ? held : Math.max(now, held);
          const left = pending & ~(1 << p);
          const after = slot(left === 0 ? Pc.clean : Pc.apply, held, left);
          flip(out, to, SLOT_APPLIED + p, now ^ next);
          flip(out, to, SLOT_ENACTOR + e, v ^ after);
          if (measures !== undefined) {
            const behindAfter = behind - (now < latest ? 1 : 0) + (next < latest ? 1 : 0);
            const newestAfter = newest - writesNewest(v, newestField) + writesNewest(after, newestField);
            measures[n] = high + (next - now) * SUM_WEIGHT + rank(round - roundBase[v]! + roundBase[after]!, behindAfter, newestAfter);
          }
          actions[actionsAt + n++] = WRITE + e * P + p;
          to += words;
        }
      }
      // Clean(e): deletes doomed(held - Keep), goes idle and forgets what it held.
      for (let m = byPc[Pc.clean]!; m !== 0; m &= m - 1) {
        const e = lowest(m);
        const v = enactor[e]!;
        const gone = plans & upTo(heldOf(v) - keep) & ~spared;
        const after = slot(Pc.idle, 0, v >>> PENDING);
        out[to] = without(w0, gone);
        flip(out, to, SLOT_ENACTOR + e, v ^ after);
        // The plans it deletes were there, so the plans deleted grow by exactly them.
        if (measures !== undefined) measures[n] = high + (gone >>> 1) * DELETED_WEIGHT + rank(round - roundBase[v]! + roundBase[after]!, behind, newest);
        actions[actionsAt + n++] = CLEAN + e;
        to += words;
      }
      // Collect: deletes doomed(latest - Keep), when that is not empty.
      if (collector) {
        const gone = plans & upTo(latest - keep) & ~spared;
        if (gone !== 0) {
          out[to] = without(w0, gone);
          if (measures !== undefined) measures[n] = high + (gone >>> 1) * DELETED_WEIGHT + rank(round, behind, newest);
          actions[actionsAt + n++] = COLLECT;
          to += words;
        }
      }
      // Crash(e): a busy enactor's slot becomes idle, holding nothing, pending nothing.
      if (crashes) {
        for (let m = busy; m !== 0; m &= m - 1) {
          const e = lowest(m);
          const v = enactor[e]!;
          flip(out, to, SLOT_ENACTOR + e, v);
          if (measures !== undefined) measures[n] = high + rank(round - roundBase[v]! + roundBase[0]!, behind, newest - writesNewest(v, newestField));
          actions[actionsAt + n++] = CRASH + e;
          to += words;
        }
      }
      if (measures !== undefined) measures[n] = high + rank(round, behind, newest);
      return n;
    },

    RecordNeverEmpty(w, at) {
      const ps = ((w[at]! >>> gen) & allPlans) << 1;
      for (let p = 0; p < P; p++) if ((ps & (1 << read(w, at, SLOT_APPLIED + p))) === 0) return false;
      return true;
    },

    NoActivePlanDeleted(w, at) {
      const ps = ((w[at]! >>> gen) & allPlans) << 1;
      for (let p = 0; p < P; p++) if ((ps & (1 << read(w, at, SLOT_APPLIED + p))) === 0) return false;
      for (let e = 0; e < E; e++) {
        const v = read(w, at, SLOT_ENACTOR + e);
        if (pcOf(v) !== Pc.idle && (ps & (1 << heldOf(v))) === 0) return false;
      }
      return true;
    },

    NoStaleOverwrite(from, fromAt, to, toAt) {
      // Most steps leave every record as it was: then no slot needs reading.
      let changed = 0;
      for (let i = 0; i < words; i++) changed |= (from[fromAt + i]! ^ to[toAt + i]!) & appliedBits[i]!;
      if (changed === 0) return true;
      for (let p = 0; p < P; p++) if (read(to, toAt, SLOT_APPLIED + p) < read(from, fromAt, SLOT_APPLIED + p)) return false;
      return true;
    },

    converged(w, at) {
      for (let p = 0; p < P; p++) if (read(w, at, SLOT_APPLIED + p) !== maxPlan) return false;
      return true;
    },

    progress(w, at) {
      const first = w[at]!;
      // latest and plans lie in the first word (at most 4 + 15 bits).
      const latest = first & heldMask;
      let sum = 0;
      let behind = 0;
      for (let p = 0; p < P; p++) {
        const g = read(w, at, SLOT_APPLIED + p);
        sum += g;
        if (g < latest) behind++;
      }
      // Each enactor's rank comes from its field (pc, held, pending) by table, but for the
      // newest round's bonus, which depends on `latest` and on whether a record is behind.
      let round = 0;
      let newest = 0;
      for (let e = 0; e < E; e++) {
        const f = read(w, at, SLOT_ENACTOR + e);
        round += roundBase[f]!;
        newest += writesNewest(f, newestOf(latest));
      }
      return measureOf(latest, sum, behind, allPlans & ~(first >>> gen), round, newest);
    },
  };
}
