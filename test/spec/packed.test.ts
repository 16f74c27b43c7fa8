import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { explore, type Spec } from '../../src/engine/index.js';
import {
  NoActivePlanDeleted,
  FINITELY_OFTEN,
  NoStaleOverwrite,
  RecordNeverEmpty,
  VARIANT_NAMES,
  constantsOf,
  makeConvergesGoal,
  makePacked,
  makeProgress,
  makeSpec,
  Pc,
  state,
  type Constants,
  type PackedFacts,
  type Shape,
  type State,
} from '../../spec/index.js';

/**
 * The fast path on the encoding against the readable actions, on every reachable state of a
 * configuration (or the first `maxStates` of them, breadth first): the same successors
 * (instances, states, order), the same judgement of every property on every state and every
 * step.
 */
function agree(c: Constants, maxStates?: number): number {
  const spec = makeSpec(c) as Spec<State>;
  const readable: Spec<State> = { ...spec, packed: undefined };
  const packed = makePacked(c);
  const W = spec.encoding.words;
  expect(packed.words).toBe(W);
  const { store } = explore(readable, maxStates === undefined ? {} : { maxStates });
  const A = spec.actions.length;
  const out = new Uint32Array(A * W);
  const acts = new Int32Array(A);
  const measures = new Float64Array(A + 1);
  const broken = new Int32Array(A).fill(-1);
  const facts: PackedFacts = { broken, compare: false, fairs: -1, stalled: false };
  const factOut = new Uint32Array(A * W);
  const factActs = new Int32Array(A);
  const key = new Uint32Array(W);
  const finitely = spec.actions.map((a) => (FINITELY_OFTEN as readonly string[]).includes(a.name));
  const goal = makeConvergesGoal(c);
  const progress = makeProgress(c);
  const wrong: string[] = [];
  const same = (x: Uint32Array, at: number): boolean => {
    for (let i = 0; i < W; i++) if (x[at + i] !== key[i]) return false;
    return true;
  };
  for (let id = 0; id < store.count && wrong.length < 5; id++) {
    const words = store.encodings;
    const s = spec.encoding.decode(words, id * W);
    const n = packed.successors(words, id * W, out, 0, acts, 0, measures);
    // The facts of the steps, asked for alone, in every other state with the measures compared.
    const compare = id % 2 === 0;
    facts.compare = compare;
    const m = packed.successors(words, id * W, factOut, 0, factActs, 0, undefined, facts);
    let other = m !== n;
    for (let i = 0; i < n * W && !other; i++) other = factOut[i] !== out[i];
    for (let j = 0; j < n && !other; j++) other = factActs[j] !== acts[j];
    if (other) wrong.push(`state ${JSON.stringify(s)}: other successors when asked for the facts`);
    const here = progress(s);
    let j = 0;
    let fairs = 0;
    let stalled = false;
    for (let a = 0; a < A; a++) {
      const action = spec.actions[a]!;
      const next = action.next(s);
      if (next === undefined) continue;
      spec.encoding.encode(next, key, 0);
      const measure = progress(next);
      if (action.fair) fairs++;
      if (!finitely[a] && !(measure > here)) stalled = true;
      if (j >= n || acts[j] !== a || !same(out, j * W)) wrong.push(`state ${JSON.stringify(s)}: successor ${j} by ${a}`);
      else if (packed.NoStaleOverwrite(words, id * W, out, j * W) !== NoStaleOverwrite(s, next)) wrong.push(`NoStaleOverwrite ${JSON.stringify(s)} by ${a}`);
      else if (broken[j] !== (NoStaleOverwrite(s, next) ? 0 : 1)) wrong.push(`the verdict on NoStaleOverwrite written for ${JSON.stringify(s)} by ${a}`);
      else if (measures[j] !== measure) wrong.push(`the measure of ${JSON.stringify(s)}'s successor by ${a}`);
      j++;
    }
    if (j !== n) wrong.push(`state ${JSON.stringify(s)}: ${n} fast successors, ${j} readable`);
    if (facts.fairs !== fairs) wrong.push(`state ${JSON.stringify(s)}: ${facts.fairs} fair steps, ${fairs} readable`);
    if (compare && facts.stalled !== stalled) wrong.push(`state ${JSON.stringify(s)}: stalled ${facts.stalled}, readable ${stalled}`);
    if (measures[n] !== here) wrong.push(`the measure of ${JSON.stringify(s)}, written after its successors'`);
    if (packed.RecordNeverEmpty(words, id * W) !== RecordNeverEmpty(s)) wrong.push(`RecordNeverEmpty ${JSON.stringify(s)}`);
    if (packed.NoActivePlanDeleted(words, id * W) !== NoActivePlanDeleted(s)) wrong.push(`NoActivePlanDeleted ${JSON.stringify(s)}`);
    if (packed.converged(words, id * W) !== goal(s)) wrong.push(`converged ${JSON.stringify(s)}`);
    if (packed.progress(words, id * W) !== here) wrong.push(`progress ${JSON.stringify(s)}`);
  }
  expect(wrong).toEqual([]);
  return store.count;
}

describe('the fast path on the encoding', () => {
  it.each(VARIANT_NAMES.flatMap((v) => [true, false].map((collector) => [v, collector] as const)))(
    'agrees with the readable actions on every reachable state of %s, collector %s',
    (v, collector) => {
      expect(agree(constantsOf(v, { collector }))).toBeGreaterThan(1000);
    },
  );

  it.each([
    { enactors: 2, endpoints: 3, maxPlan: 4, keep: 1, collector: true, crashes: true },
    { enactors: 3, endpoints: 2, maxPlan: 3, keep: 2, collector: false, crashes: true },
    { enactors: 4, endpoints: 1, maxPlan: 3, keep: 3, collector: true, crashes: true },
  ])('agrees on every reachable state of %o, in every variant', (shape) => {
    for (const v of VARIANT_NAMES) agree(constantsOf(v, shape));
  });

  // Layouts the small configurations do not reach, too large to explore whole: the nearest
  // states are enough to meet every action in every enactor's and endpoint's field.
  it.each([
    // enactor fields straddling the first word boundary; five enactors
    { enactors: 5, endpoints: 2, maxPlan: 3, keep: 1, collector: true, crashes: true },
    // three words; eight enactors, the most
    { enactors: 8, endpoints: 3, maxPlan: 2, keep: 1, collector: true, crashes: true },
    // three words; eight endpoints and 4-bit generations, the widest fields
    { enactors: 1, endpoints: 8, maxPlan: 15, keep: 2, collector: true, crashes: true },
    // three words, fields straddling both boundaries
    { enactors: 2, endpoints: 8, maxPlan: 9, keep: 1, collector: false, crashes: true },
  ])('agrees on the first 20,000 reachable states of %o, in every variant', (shape) => {
    for (const v of VARIANT_NAMES) expect(agree(constantsOf(v, shape), 20_000)).toBe(20_000);
  });

  // A step that moves one record and nothing else, between every two generations: a record
  // moved back through one bit of its slot only (7 to 3, 4 to 0) is caught as well as any.
  it.each([
    { enactors: 2, endpoints: 3, maxPlan: 7 },
    { enactors: 2, endpoints: 8, maxPlan: 9 },
  ])('judges NoStaleOverwrite as the readable property on every move of every record, %o', (shape) => {
    const c = constantsOf('aws-2025', { ...shape, crashes: true });
    const spec = makeSpec(c) as Spec<State>;
    const packed = makePacked(c);
    const W = spec.encoding.words;
    const from = new Uint32Array(W);
    const to = new Uint32Array(W);
    const base = (applied: number[]) => state(c.maxPlan, 0, applied, [Pc.idle, Pc.apply], [0, 1], [0, 1]);
    const wrong: string[] = [];
    for (let p = 0; p < c.endpoints; p++) {
      for (let a = 0; a <= c.maxPlan; a++) {
        for (let b = 0; b <= c.maxPlan; b++) {
          const s = base(Array.from({ length: c.endpoints }, (_, q) => (q === p ? a : q)));
          const t = base(Array.from({ length: c.endpoints }, (_, q) => (q === p ? b : q)));
          spec.encoding.encode(s, from, 0);
          spec.encoding.encode(t, to, 0);
          if (packed.NoStaleOverwrite(from, 0, to, 0) !== NoStaleOverwrite(s, t)) wrong.push(`endpoint ${p}: ${a} to ${b}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('is written out from whole numbers only: constants that are not refuse to compile', () => {
    const c = constantsOf('fixed', { enactors: 2, endpoints: 2 });
    expect(() => makePacked(c)).not.toThrow();
    expect(() => makePacked({ ...c, keep: 0.5 })).toThrow('the constants must be integers');
    expect(() => makePacked({ ...c, enactors: Number.NaN })).toThrow('the constants must be integers');
  });

  const shape: fc.Arbitrary<Shape> = fc.record({
    enactors: fc.integer({ min: 1, max: 2 }),
    endpoints: fc.integer({ min: 1, max: 2 }),
    maxPlan: fc.integer({ min: 1, max: 15 }),
    keep: fc.integer({ min: 1, max: 16 }),
    collector: fc.boolean(),
    crashes: fc.boolean(),
  });
  test.prop([fc.constantFrom(...VARIANT_NAMES), shape], { numRuns: 30 })(
    'agrees on every reachable state of random small configurations, fields spanning words included',
    (v, s) => {
      // Large MaxPlan with many enactors has too many states for a test; keep the space small.
      const c = constantsOf(v, s.maxPlan > 5 ? { ...s, enactors: 1 } : s);
      agree(c);
    },
  );
});
