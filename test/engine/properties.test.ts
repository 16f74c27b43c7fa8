import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { check, simulate, type Spec } from '../../src/engine/index.js';
import { VARIANT_NAMES, constantsOf, makeSpec, type Shape, type State } from '../../spec/index.js';
import { grid } from '../fixtures/grid.js';

const shape: fc.Arbitrary<Shape> = fc.record({
  enactors: fc.integer({ min: 1, max: 3 }),
  endpoints: fc.integer({ min: 1, max: 2 }),
  maxPlan: fc.integer({ min: 1, max: 5 }),
  keep: fc.integer({ min: 1, max: 3 }),
  collector: fc.boolean(),
  crashes: fc.boolean(),
});
const variant = fc.constantFrom(...VARIANT_NAMES);
const specOf = (v: (typeof VARIANT_NAMES)[number], s: Shape) => makeSpec(constantsOf(v, s)) as Spec<State>;

describe('the engine, by property', () => {
  test.prop([variant, shape, fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 40 })(
    'every simulator path is a path of the spec',
    (v, s, seed) => {
      const spec = specOf(v, s);
      const r = simulate(spec, { runs: 5, depth: 40, seed, stopAtFirst: false });
      for (const violation of r.violations) {
        const steps = violation.trace.steps;
        expect(steps[0]!.state).toEqual(spec.initial[0]);
        for (let i = 1; i < steps.length; i++) {
          const successors = spec.actions
            .filter((a) => `${a.name}${a.args.length ? `(${a.args.join(', ')})` : ''}` === steps[i]!.action)
            .map((a) => a.next(steps[i - 1]!.state));
          expect(successors).toContainEqual(steps[i]!.state);
        }
      }
    },
  );

  test.prop([variant, shape, fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 40 })(
    'the state encoding is injective on generated states, decodes back and uses only the bits it declares',
    (v, s, seed) => {
      const spec = specOf(v, s);
      const { encoding } = spec;
      const seen = new Map<string, string>();
      const key = new Uint32Array(encoding.words);
      const bits = encoding.bits ?? 0;
      expect(encoding.words).toBe(Math.ceil(bits / 32));
      let state = spec.initial[0]!;
      let rng = seed;
      for (let i = 0; i < 200; i++) {
        encoding.encode(state, key, 0);
        expect(encoding.decode(key, 0)).toEqual(state);
        // No bit is set above the ones declared (the checker's wide table keeps the rest).
        for (let i = 0; i < encoding.words; i++) {
          const used = Math.min(32, bits - 32 * i);
          if (used < 32) expect(key[i]! >>> used).toBe(0);
        }
        const words = key.join(',');
        const text = JSON.stringify(state);
        const before = seen.get(words);
        if (before !== undefined) expect(before).toBe(text);
        seen.set(words, text);
        const enabled = spec.actions.map((a) => a.next(state)).filter((n) => n !== undefined);
        if (enabled.length === 0) state = spec.initial[0]!;
        else {
          rng = (Math.imul(rng, 1103515245) + 12345) >>> 0;
          state = enabled[rng % enabled.length]!;
        }
      }
    },
  );

  test.prop([variant, shape, fc.infiniteStream(fc.integer())], { numRuns: 25 })(
    "verdicts and state counts do not depend on the order actions are listed",
    (v, s, stream) => {
      const spec = specOf(v, s);
      const keys = [...stream.take(spec.actions.length)];
      const shuffled = spec.actions.map((a, i) => ({ a, k: keys[i]! })).sort((x, y) => x.k - y.k).map((x) => x.a);
      // The fast path lists instances in makeSpec's order, so the shuffled spec runs on the
      // readable actions alone: this also compares the two paths.
      const readable = (x: typeof spec): typeof spec => ({ ...x, packed: undefined });
      const a = check(spec);
      const b = check(readable({ ...spec, actions: shuffled }));
      const summary = (r: typeof a) => ({
        outcome: r.outcome.status,
        // Safety traces are shortest, so their lengths are fixed; a liveness lasso is any fair cycle.
        properties: r.properties.map((p) => [p.name, p.status, p.status === 'violated' && p.kind !== 'liveness' ? p.trace.steps.length : 0]),
      });
      expect(summary(b)).toEqual(summary(a));
      if (a.outcome.status === 'holds') {
        expect([b.stats.distinct, b.stats.generated, b.stats.depth]).toEqual([a.stats.distinct, a.stats.generated, a.stats.depth]);
      }
      const all = (spec2: typeof spec) => check({ ...spec2, invariants: [], actionProperties: [], liveness: [] }).stats;
      const fa = all(spec);
      const fb = all(readable({ ...spec, actions: shuffled }));
      expect([fb.distinct, fb.generated, fb.depth]).toEqual([fa.distinct, fa.generated, fa.depth]);
    },
  );

  test.prop([fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 80 })])(
    'a violation planted at a random depth is found with a trace of exactly that depth',
    (width, height, depth) => {
      const r = check(grid(width, height, depth));
      const [v] = r.properties;
      const reachable = depth <= width - 1 + height - 1;
      if (!reachable) {
        expect(v?.status).toBe('holds');
        return;
      }
      expect(v?.status).toBe('violated');
      if (v?.status === 'violated') {
        expect(v.trace.steps.length - 1).toBe(depth);
        const last = v.trace.steps[v.trace.steps.length - 1]!.state;
        expect(last.x + last.y).toBe(depth);
      }
    },
  );
});
