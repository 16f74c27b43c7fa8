import type { Constants } from './constants.js';
import { FAIR_ACTIONS, FINITELY_OFTEN, type ActionName } from './actions.js';
import { progressWeights, roundRank } from './properties.js';
import { Pc } from './state.js';

/**
 * The model's actions and properties worked directly on the canonical encoding, for the
 * model checker's inner loop: a state's fields are read once from its words, and each enabled
 * action instance writes its successor's words as the state's words with the few fields it
 * changes set. No object is made per step. The functions are written out as source for the
 * constants at hand and compiled once (see `compile`).
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
   * and the state's own at `measures[n]`. Given `facts`, it also works out what the search
   * asks of every step (see `PackedFacts`).
   */
  successors(src: Uint32Array, at: number, out: Uint32Array, outAt: number, actions: Int32Array, actionsAt: number, measures?: Float64Array, facts?: PackedFacts): number;
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
 * What `successors` works out about the steps it takes, beside the successors: the model
 * checker would otherwise judge every step again after it. The readable definitions stay the
 * source of truth here too (the property test compares them).
 */
export interface PackedFacts {
  /** Where the step to successor j writes, at `broken[actionsAt + j]`, 1 when it breaks NoStaleOverwrite, else 0. */
  broken: Int32Array;
  /** Whether to compare `progress` across the steps (into `stalled`). */
  compare: boolean;
  /** Written: how many of the steps are by fair action instances (`FAIR_ACTIONS`). */
  fairs: number;
  /** Written when `compare`: whether some step by an action Converges does not leave out
   *  (`FINITELY_OFTEN`) fails to raise `progress`. */
  stalled: boolean;
}

export function makePacked(c: Constants): PackedModel {
  const E = c.enactors;
  const P = c.endpoints;
  if (![E, P, c.maxPlan, c.keep].every(Number.isSafeInteger)) throw new Error('the constants must be integers');
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

  // The functions here read and write whole slots: each applied[p], and each enactor's pc, held
  // and pending together as one number (pc | held << 2 | pending << 2+gen, the encoding's
  // enactor field). Where each slot sits is worked out here, once: the word of its low bits and
  // its shift there, and, when it spans two words (a slot is at most 14 bits wide), the word of
  // its high bits with the shift that brings them down. latest and plans always lie in word 0
  // (gen + maxPlan is at most 19 bits): the actions that change only them rewrite word 0.
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
  /** An enactor slot's fields. */
  const PENDING = 2 + gen;
  // The progress measure is `progressValue` written out in two parts: a state's `weight`,
  // ((latest * sums + sum) * deletions + deleted) * rounds from latest, the sum of applied and
  // the plans deleted, plus its rank: the round ranks' sum (`roundBase`, by enactor slot), plus
  // the newest round's bonus for each enactor writing latest while some record is behind. A
  // step that keeps latest adds to the weight what it adds to the sum (SUM_WEIGHT a unit) or
  // to the plans deleted (DELETED_WEIGHT a unit; deleting generation g adds 2 ** (g - 1)
  // units). All are exact integers below 2^53 (see `progressValue`).
  const SUM_WEIGHT = deletions * rounds;
  const DELETED_WEIGHT = rounds;
  /** An enactor slot's pc and held, without pending: Pc.apply | latest << 2 while it writes latest. */
  const PC_HELD = 3 | (heldMask << 2);

  // Action instance numbers, as makeSpec lists them.
  const PLAN = 0;
  const PICK = 1;
  const WRITE = PICK + E;
  const CLEAN = WRITE + E * P;
  const COLLECT = CLEAN + E;
  const CRASH = COLLECT + (c.collector ? 1 : 0);
  const { maxPlan, keep, collector, crashes } = c;
  let factorial = 1;
  for (let i = 2; i <= E; i++) factorial *= i;

  // The search calls these functions on every state and every step, so they are written out
  // for these constants and compiled once: every field's word, shift and mask is a literal,
  // the state's words and fields sit in locals, and each enactor and endpoint is a branch of
  // its own. Written as loops over the enactors and endpoints, reading fields through tables
  // of words and shifts, `successors` took twice as long (and a fifth of the search's time).
  // The source is made of numbers worked out above and fixed text only (the constants are
  // checked to be whole numbers first).
  const compiled = compile();

  function compile(): Omit<PackedModel, 'words'> {
    const W = words;
    const ps = Array.from({ length: P }, (_, p) => p);
    const es = Array.from({ length: E }, (_, e) => e);
    /** Statements that load the `W` words of the state at `array[at..]` into the locals `${name}0`, `${name}1`, ... */
    const load = (name: string, array: string, at: string): string => Array.from({ length: W }, (_, i) => `const ${name}${i} = ${array}[${at} + ${i}];`).join('\n');
    /** Slot k of the state whose words are in the locals `${name}0`, ... */
    const field = (k: number, name = 'w'): string => {
      const low = `(${name}${slotWord[k]!} >>> ${slotShift[k]!})`;
      return slotHighWord[k] === slotWord[k] ? `(${low} & ${slotMask[k]!})` : `((${low} | (${name}${slotHighWord[k]!} << ${slotHighShift[k]!})) & ${slotMask[k]!})`;
    };
    /** What flips, in word i, the bits `d` of slot k for each [k, d] of `flips`: terms to xor in. */
    const flipsIn = (i: number, flips: readonly (readonly [number, string])[]): string => {
      let terms = '';
      for (const [k, d] of flips) {
        if (slotWord[k] === i) terms += ` ^ ((${d}) << ${slotShift[k]!})`;
        if (slotHighWord[k] === i && slotHighWord[k] !== slotWord[k]) terms += ` ^ ((${d}) >>> ${slotHighShift[k]!})`;
      }
      return terms;
    };
    /** Plans as a bitset with generation g at bit g, from word 0 in `w0`. */
    const plansOf = (w0: string): string => `(((${w0} >>> ${gen}) & ${allPlans}) << 1)`;
    const rank = (round: string, behind: string, newest: string): string => `(${behind} > 0 ? ${round} + (${newest}) * ${newestBonus} : ${round})`;
    const writesNewest = (v: string): string => `((${v} & ${PC_HELD}) === newestField ? 1 : 0)`;

    /** Statements that read the parts of the state at `array[at..]` that the progress measure
     *  is made of into locals: its words, latest, each applied[p] (a0, ...), their sum, how many
     *  records are behind latest, each enactor slot (v0, ...), the round ranks' sum, how many
     *  enactors write latest, and the plans deleted. */
    const parts = (array: string): string =>
      [
        load('w', array, 'at'),
        `const latest = w0 & ${heldMask};`,
        ...ps.map((p) => `const a${p} = ${field(SLOT_APPLIED + p)};`),
        `const sum = ${ps.map((p) => `a${p}`).join(' + ')};`,
        `const behind = ${ps.map((p) => `(a${p} < latest ? 1 : 0)`).join(' + ')};`,
        ...es.map((e) => `const v${e} = ${field(SLOT_ENACTOR + e)};`),
        `const newestField = ${Pc.apply} | (latest << 2);`,
        `const round = ${es.map((e) => `roundBase[v${e}]`).join(' + ')};`,
        `const newest = ${es.map((e) => writesNewest(`v${e}`)).join(' + ')};`,
        `const deleted = ${allPlans} & ~(w0 >>> ${gen});`,
      ].join('\n');

    // successors: the steps in the order makeSpec lists the action instances, each successor
    // written word by word as the state's words with the fields the step changes flipped from
    // their old value to their new one (and word 0 rewritten for latest and plans). Given
    // `measures`, each successor's progress measure is worked out from the state's parts (the
    // sum of applied, how many records are behind latest, the plans deleted, the round ranks'
    // sum and how many enactors write the newest plan) and what the step changes. Given
    // `facts`, each step's measure is compared with the state's there too, and its verdict on
    // NoStaleOverwrite written: only a Write changes a record, and it breaks the property when
    // the plan it writes is older than the record's.
    const body: string[] = [];
    const emit = (line: string): void => void body.push(line);
    /** Writes the next successor at `out[to..]`: word 0 replaced by `first` when given, and for each [k, d] of `flips` the bits `d` of slot k flipped. */
    const successor = (first: string | undefined, flips: readonly (readonly [number, string])[]): void => {
      for (let i = 0; i < W; i++) emit(`out[to + ${i}] = ${i === 0 && first !== undefined ? `(${first})` : `w${i}`}${flipsIn(i, flips)};`);
    };
    /**
     * Counts the successor just written, by action instance `action` of action `name`, whose
     * measure is `measure` and which breaks NoStaleOverwrite when `breaks` is 1; counts the
     * step when the action is fair; and unless Converges leaves the action out, notes a stall
     * when `raises`, whether the step raises the measure, is false.
     *
     * `raises` reads the measure as the number it is, written in digits of mixed radix: latest,
     * the sum of applied, the plans deleted, the rank, each below its weight (see
     * `progressWeights`). A step that raises a digit raises the measure whatever it does to the
     * digits after it: Plan raises latest, Collect deletes a plan, a Write that moves a record
     * forward raises the sum, a Clean that deletes raises the plans deleted. Only a step that
     * leaves the digits before the rank as they were compares ranks. The property test compares
     * this with the readable measure on every state it covers.
     */
    const taken = (name: ActionName, action: number, measure: string, raises: string, breaks = '0'): void => {
      emit(`if (measured) measures[n] = ${measure};`);
      if (!FINITELY_OFTEN.includes(name) && raises !== 'true') emit(`if (compare && !(${raises})) stalled = true;`);
      if (FAIR_ACTIONS.includes(name)) emit('fairs++;');
      emit(`if (judged) broken[actionsAt + n] = ${breaks};`);
      emit(`actions[actionsAt + n++] = ${action};`);
      emit(`to += ${W};`);
    };
    emit(parts('s'));
    emit(`const plans = ${plansOf('w0')};`);
    emit(`const pointed = ${ps.map((p) => `(1 << a${p})`).join(' | ')};`);
    emit('let oldest = latest;');
    for (const p of ps) emit(`if (a${p} < oldest) oldest = a${p};`);
    // The plans in use: those a record points at or a busy enactor holds.
    emit('let active = pointed;');
    for (const e of es) emit(`if ((v${e} & 3) !== ${Pc.idle}) active |= 1 << ((v${e} >>> 2) & ${heldMask});`);
    const spared = owned ? 'active' : '0';
    emit('const measured = measures !== undefined;');
    emit('const judged = facts !== undefined;');
    emit('const broken = judged ? facts.broken : undefined;');
    emit('const compare = judged && facts.compare;');
    // The state's measure but for its rank: what every step but Plan starts from.
    emit(`const high = measured ? ((latest * ${sums} + sum) * ${deletions} + deleted) * ${rounds} : 0;`);
    emit(`const rankHere = ${rank('round', 'behind', 'newest')};`);
    emit('let fairs = 0;');
    emit('let stalled = false;');
    emit('let n = 0;');
    emit('let to = outAt;');
    // Plan: every record is behind the new latest, and nobody writes it yet.
    emit(`if (latest < ${maxPlan}) {`);
    successor(`(w0 & ${~heldMask}) | (latest + 1) | (1 << (${gen} + latest))`, []);
    taken('Plan', PLAN, `(((latest + 1) * ${sums} + sum) * ${deletions} + (deleted & ~(1 << latest))) * ${rounds} + round`, 'true');
    emit('}');
    // Pick(e): every record readable, some record behind latest, latest itself readable.
    emit('if ((pointed & ~plans) === 0 && oldest < latest && (plans & (1 << latest)) !== 0) {');
    emit(`const picked = ${Pc.apply} | (latest << 2) | ${allEndpoints << PENDING};`);
    for (const e of es) {
      emit(`if ((v${e} & 3) === ${Pc.idle}) {`);
      successor(undefined, [[SLOT_ENACTOR + e, `v${e} ^ picked`]]);
      const rankAfter = rank(`(round - roundBase[v${e}] + roundBase[picked])`, 'behind', 'newest + 1');
      taken('Pick', PICK + e, `high + ${rankAfter}`, `${rankAfter} > rankHere`);
      emit('}');
    }
    emit('}');
    // Write(e, p)
    for (const e of es) {
      emit(`if ((v${e} & 3) === ${Pc.apply}) {`);
      emit(`const held = (v${e} >>> 2) & ${heldMask};`);
      emit(`const pending = v${e} >>> ${PENDING};`);
      for (const p of ps) {
        emit(`if ((pending & ${1 << p}) !== 0) {`);
        emit(`const next = ${blind ? 'held' : `a${p} > held ? a${p} : held`};`);
        emit(`const left = pending & ${~(1 << p)};`);
        emit(`const after = (left === 0 ? ${Pc.clean} : ${Pc.apply}) | (held << 2) | (left << ${PENDING});`);
        successor(undefined, [
          [SLOT_APPLIED + p, `a${p} ^ next`],
          [SLOT_ENACTOR + e, `v${e} ^ after`],
        ]);
        const behindAfter = `(behind - (a${p} < latest ? 1 : 0) + (next < latest ? 1 : 0))`;
        const newestAfter = `(newest - ${writesNewest(`v${e}`)} + ${writesNewest('after')})`;
        const rankAfter = rank(`(round - roundBase[v${e}] + roundBase[after])`, behindAfter, newestAfter);
        taken('Write', WRITE + e * P + p, `high + (next - a${p}) * ${SUM_WEIGHT} + ${rankAfter}`, `next > a${p} || (next === a${p} && ${rankAfter} > rankHere)`, `next < a${p} ? 1 : 0`);
        emit('}');
      }
      emit('}');
    }
    // Clean(e): deletes doomed(held - Keep), goes idle and forgets what it held. The plans it
    // deletes were there, so the plans deleted grow by exactly them.
    for (const e of es) {
      emit(`if ((v${e} & 3) === ${Pc.clean}) {`);
      emit(`const gone = plans & upTo(((v${e} >>> 2) & ${heldMask}) - ${keep}) & ~${spared};`);
      emit(`const after = ${Pc.idle} | ((v${e} >>> ${PENDING}) << ${PENDING});`);
      successor(`w0 & ~((gone >>> 1) << ${gen})`, [[SLOT_ENACTOR + e, `v${e} ^ after`]]);
      const rankAfter = rank(`(round - roundBase[v${e}] + roundBase[after])`, 'behind', 'newest');
      taken('Clean', CLEAN + e, `high + (gone >>> 1) * ${DELETED_WEIGHT} + ${rankAfter}`, `gone !== 0 || ${rankAfter} > rankHere`);
      emit('}');
    }
    // Collect: deletes doomed(latest - Keep), when that is not empty.
    if (collector) {
      emit(`{ const gone = plans & upTo(latest - ${keep}) & ~${spared};`);
      emit('if (gone !== 0) {');
      successor(`w0 & ~((gone >>> 1) << ${gen})`, []);
      taken('Collect', COLLECT, `high + (gone >>> 1) * ${DELETED_WEIGHT} + rankHere`, 'true');
      emit('} }');
    }
    // Crash(e): a busy enactor's slot becomes idle, holding nothing, pending nothing.
    if (crashes) {
      for (const e of es) {
        emit(`if ((v${e} & 3) !== ${Pc.idle}) {`);
        successor(undefined, [[SLOT_ENACTOR + e, `v${e}`]]);
        taken('Crash', CRASH + e, `high + ${rank(`(round - roundBase[v${e}] + roundBase[0])`, 'behind', `newest - ${writesNewest(`v${e}`)}`)}`, 'false');
        emit('}');
      }
    }
    emit('if (measured) measures[n] = high + rankHere;');
    emit('if (judged) { facts.fairs = fairs; facts.stalled = stalled; }');
    emit('return n;');

    // The properties, on the same locals: whether every record points at a plan that exists,
    // whether every busy enactor's plan exists, and whether some record's plan changes.
    const readable = (name: string): string => ps.map((p) => `(plans & (1 << ${field(SLOT_APPLIED + p, name)})) !== 0`).join(' && ');
    const heldExists = es.map((e) => `((v${e} & 3) === ${Pc.idle} || (plans & (1 << ((v${e} >>> 2) & ${heldMask}))) !== 0)`).join(' && ');
    const appliedChanged = Array.from({ length: W }, (_, i) => `((f${i} ^ t${i}) & ${appliedBits[i]!})`).join(' | ');
    // canonicalize: the enactors' slots sorted by a network of compare-exchanges, written back
    // where they changed; each run of k equal slots divides the orbit's E! by k!.
    const sort: string[] = [];
    for (let i = 0; i < E; i++) for (let j = 0; j + 1 < E - i; j++) sort.push(`if (s${j} > s${j + 1}) { const t = s${j}; s${j} = s${j + 1}; s${j + 1} = t; }`);
    const sorted = es.map((e) => [SLOT_ENACTOR + e, `v${e} ^ s${e}`] as const);
    const rewrite: string[] = [];
    for (let i = 0; i < W; i++) {
      const terms = flipsIn(i, sorted);
      if (terms !== '') rewrite.push(`w[at + ${i}] = w${i}${terms};`);
    }
    const source = `'use strict';
const upTo = (g) => (g < 1 ? 0 : ((1 << (g + 1)) - 1) & ~1);
return {
successors(s, at, out, outAt, actions, actionsAt, measures, facts) {
${body.join('\n')}
},
RecordNeverEmpty(w, at) {
${load('w', 'w', 'at')}
const plans = ${plansOf('w0')};
return ${readable('w')};
},
NoActivePlanDeleted(w, at) {
${load('w', 'w', 'at')}
const plans = ${plansOf('w0')};
${es.map((e) => `const v${e} = ${field(SLOT_ENACTOR + e)};`).join('\n')}
return ${readable('w')} && ${heldExists};
},
NoStaleOverwrite(from, fromAt, to, toAt) {
${load('f', 'from', 'fromAt')}
${load('t', 'to', 'toAt')}
// Most steps leave every record as it was: then no slot needs reading.
if ((${appliedChanged}) === 0) return true;
return ${ps.map((p) => `${field(SLOT_APPLIED + p, 't')} >= ${field(SLOT_APPLIED + p, 'f')}`).join(' && ')};
},
converged(w, at) {
${load('w', 'w', 'at')}
return ${ps.map((p) => `${field(SLOT_APPLIED + p)} === ${maxPlan}`).join(' && ')};
},
progress(w, at) {
${parts('w')}
return ((latest * ${sums} + sum) * ${deletions} + deleted) * ${rounds} + ${rank('round', 'behind', 'newest')};
},
canonicalize(w, at) {
${load('w', 'w', 'at')}
${es.map((e) => `const v${e} = ${field(SLOT_ENACTOR + e)};`).join('\n')}
${es.map((e) => `let s${e} = v${e};`).join('\n')}
${sort.join('\n')}
${rewrite.join('\n')}
let orbit = ${factorial};
let run = 1;
${es
  .slice(1)
  .map((e) => `if (s${e} === s${e - 1}) orbit /= ++run; else run = 1;`)
  .join('\n')}
return orbit;
},
};
//# sourceURL=dnsplan-packed-${E}-${P}-${maxPlan}.js`;
    return new Function('roundBase', source)(roundBase) as ReturnType<typeof compile>;
  }
  return {
    words,
    ...compiled,
  };
}
