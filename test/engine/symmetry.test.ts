import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionLabel, check, explore, withProperties, type Spec } from '../../src/engine/index.js';
import { EXPECTED_RESULTS, VARIANT_NAMES, constantsOf, makePacked, makeSpec, state, type Shape, type State, type VariantName } from '../../spec/index.js';

/** The compiled spec (dist/ is built before the tests run), for worker threads. */
const SPEC = pathToFileURL(resolve(import.meta.dirname, '../../dist/spec/index.js')).href;

const SAFETY = ['RecordNeverEmpty', 'NoActivePlanDeleted', 'NoStaleOverwrite'];

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

describe('symmetry over enactor permutations', () => {
  it.each([
    ['aws-2025', { enactors: 3, endpoints: 2, maxPlan: 4, crashes: true }, undefined],
    // Enactor fields that span two words, and five of them to sort.
    ['fixed', { enactors: 5, endpoints: 2, maxPlan: 3, crashes: true }, 3000],
  ] as const)('maps every permutation of a state of %s %o to one representative and counts the orbit exactly', (variant, shape, maxStates) => {
    const c = constantsOf(variant, shape);
    const spec = makeSpec(c) as Spec<State>;
    const packed = makePacked(c);
    const { store } = explore(spec, maxStates === undefined ? {} : { maxStates });
    const W = spec.encoding.words;
    const key = new Uint32Array(W);
    const perms = permutations(c.enactors);
    for (let id = 0; id < store.count; id += 7) {
      const s = spec.encoding.decode(store.encodings, id * W);
      const images = new Set<string>();
      const reps = new Set<string>();
      let size = 0;
      for (const p of perms) {
        const t = state(s.latest, s.plans, s.applied, p.map((e) => s.pc[e]!), p.map((e) => s.held[e]!), p.map((e) => s.pending[e]!));
        spec.encoding.encode(t, key, 0);
        images.add(key.join());
        size = packed.canonicalize(key, 0);
        reps.add(key.join());
      }
      expect(reps.size).toBe(1);
      expect(size).toBe(images.size);
    }
  });

  const rows = EXPECTED_RESULTS.filter((r) => !r.rung);
  const extra: { variant: VariantName; shape: Shape }[] = [
    { variant: 'fixed', shape: { enactors: 3, endpoints: 2, maxPlan: 4, keep: 2, collector: true, crashes: true } },
    { variant: 'aws-2025', shape: { enactors: 4, endpoints: 1, maxPlan: 4, keep: 1, collector: false, crashes: true } },
  ];
  it.each([...rows, ...extra].map((r) => [`${r.variant} ${JSON.stringify(r.shape)}`, r] as const))(
    '%s: fewer states stored, exactly as many represented, the same verdicts, concrete traces that replay',
    (_, { variant, shape }) => {
      const spec = withProperties(makeSpec(constantsOf(variant, shape)), SAFETY) as Spec<State>;
      const plain = check(spec, { exhaustive: true });
      const reduced = check(spec, { exhaustive: true, symmetry: true });
      expect(reduced.stats.represented).toBe(plain.stats.distinct);
      expect(reduced.stats.distinct).toBeLessThan(plain.stats.distinct);
      expect(reduced.stats.depth).toBe(plain.stats.depth);
      for (const [i, p] of plain.properties.entries()) {
        const q = reduced.properties[i]!;
        expect(q.status).toBe(p.status);
        if (p.status !== 'violated' || q.status !== 'violated') continue;
        expect(q.trace.steps.length).toBe(p.trace.steps.length);
        expect(q.trace.steps[0]!.state).toEqual(spec.initial[0]);
        for (let k = 1; k < q.trace.steps.length; k++) {
          const a = spec.actions.find((x) => actionLabel(x) === q.trace.steps[k]!.action);
          expect(a?.next(q.trace.steps[k - 1]!.state)).toEqual(q.trace.steps[k]!.state);
        }
        const last = q.trace.steps[q.trace.steps.length - 1]!.state;
        const before = q.trace.steps[q.trace.steps.length - 2]!.state;
        const inv = spec.invariants.find((x) => x.name === q.name);
        if (inv) expect(inv.holds(last)).toBe(false);
        const act = spec.actionProperties.find((x) => x.name === q.name);
        if (act) expect(act.holds(before, last)).toBe(false);
      }
    },
  );
});

describe('liveness under symmetry, proved by the progress measure alone', () => {
  const liveShapes: Partial<Shape>[] = [
    { crashes: true },
    { crashes: true, endpoints: 2, maxPlan: 4 },
    { crashes: false, endpoints: 2, maxPlan: 3, keep: 1 },
    { crashes: true, enactors: 4, endpoints: 1, maxPlan: 3 },
  ];
  it.each(VARIANT_NAMES.flatMap((v) => liveShapes.map((shape) => [v, shape] as const)))(
    '%s %o: Converges gets the verdict it gets without symmetry, or none when a step does not raise the measure',
    (variant, shape) => {
      const c = constantsOf(variant, shape);
      const spec = withProperties(makeSpec(c), ['Converges']) as Spec<State>;
      const plain = check(spec, { exhaustive: true });
      const reduced = check(spec, { exhaustive: true, symmetry: true });
      const p = plain.properties[0]!;
      const q = reduced.properties[0]!;
      if (c.write === 'cas') {
        // Every step but a crash raises the measure: the verdict is decided, and the same.
        expect(q.status).toBe(p.status);
        if (q.status === 'holds') expect(q.by).toBe('progress');
      } else if (q.status !== 'violated') {
        // A blind write moves a record back: no proof, and no cycle searched for on orbits.
        expect(q.status).toBe('incomplete');
        expect(reduced.outcome).toEqual({ status: 'incomplete', reason: 'symmetry' });
      }
      if (q.status !== 'violated') return;
      // A behaviour that stops short of the goal, as concrete steps that replay.
      expect(p.status).toBe('violated');
      expect(q.trace.forever).toEqual({ kind: 'stutter' });
      expect(q.trace.steps[0]!.state).toEqual(spec.initial[0]);
      for (let k = 1; k < q.trace.steps.length; k++) {
        const a = spec.actions.find((x) => actionLabel(x) === q.trace.steps[k]!.action);
        expect(a?.next(q.trace.steps[k - 1]!.state)).toEqual(q.trace.steps[k]!.state);
      }
      const last = q.trace.steps[q.trace.steps.length - 1]!.state;
      expect(spec.liveness[0]!.goal(last)).toBe(false);
      expect(spec.actions.filter((a) => a.fair && a.next(last) !== undefined)).toEqual([]);
    },
  );

  it('proves the fixed protocol converges with crashes on the same orbits, on one thread and on two', () => {
    const constants = constantsOf('fixed', { crashes: true, endpoints: 2, maxPlan: 5 });
    const spec = makeSpec(constants);
    const one = check(spec, { symmetry: true });
    const two = check(spec, { symmetry: true, workers: { ref: { module: SPEC, constants }, count: 2, from: 1, eager: true } });
    expect(two.stats.workers).toBe(2);
    expect(one.outcome).toEqual({ status: 'holds' });
    expect(one.properties.find((p) => p.name === 'Converges')).toEqual({ name: 'Converges', kind: 'liveness', status: 'holds', by: 'progress' });
    expect(two.properties).toEqual(one.properties);
    expect([two.stats.distinct, two.stats.represented]).toEqual([one.stats.distinct, one.stats.represented]);
    expect(one.stats.represented).toBe(check(spec).stats.distinct);
  });

  it('leaves undecided what a wrong measure cannot prove, rather than calling it proved', () => {
    const spec = makeSpec(constantsOf('fixed', { crashes: true }));
    const constant = { ...spec, liveness: spec.liveness.map((l) => ({ ...l, progress: () => 7, progressPacked: () => 7 })) };
    const r = check(withProperties(constant, ['Converges']), { symmetry: true });
    expect(r.properties).toEqual([{ name: 'Converges', kind: 'liveness', status: 'incomplete' }]);
    expect(r.outcome).toEqual({ status: 'incomplete', reason: 'symmetry' });
  });

  it('refuses a liveness property without a measure, and a search for fair cycles, in one sentence each', () => {
    const spec = makeSpec(constantsOf('fixed', { crashes: true }));
    const unmeasured = { ...spec, liveness: spec.liveness.map(({ progress: _p, progressPacked: _q, ...l }) => l) };
    expect(() => check(unmeasured, { symmetry: true })).toThrow('Converges has no progress measure, and under symmetry liveness is proved only by one');
    expect(() => check(spec, { symmetry: true, progress: false })).toThrow('fair cycles are not searched for under symmetry');
  });
});
