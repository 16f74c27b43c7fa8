import { describe, expect, it } from 'vitest';
import { actionLabel, check, explore, withProperties, type Spec } from '../../src/engine/index.js';
import { EXPECTED_RESULTS, constantsOf, makePacked, makeSpec, state, type Shape, type State, type VariantName } from '../../spec/index.js';

const SAFETY = ['RecordNeverEmpty', 'NoActivePlanDeleted', 'NoStaleOverwrite'];

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

describe('symmetry over enactor permutations', () => {
  it('maps every permutation of a state to one representative and counts the orbit exactly', () => {
    const c = constantsOf('aws-2025', { enactors: 3, endpoints: 2, maxPlan: 4, crashes: true });
    const spec = makeSpec(c) as Spec<State>;
    const packed = makePacked(c);
    const { store } = explore(spec);
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
