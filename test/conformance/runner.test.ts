import { describe, expect, it } from 'vitest';
import { MUTANTS, ReferenceAdapter } from '../../adapters/reference/index.js';
import { rank, runConformance, type Level } from '../../conformance/index.js';
import { check, withProperties } from '../../src/engine/index.js';
import { DEFAULT_SHAPE, constantsOf, makeSpec, type Shape, type VariantName } from '../../spec/index.js';

const run = (variant: string, shape: Partial<Shape> = {}, runs = 100, seed = 7) =>
  runConformance({ adapter: new ReferenceAdapter({ variant }), shape: { ...DEFAULT_SHAPE, ...shape }, runs, seed });

/** The spec's shortest counterexample to a property in a variant, from the model checker. */
function shortest(variant: VariantName, shape: Partial<Shape>, property: string): number | undefined {
  const [v] = check(withProperties(makeSpec(constantsOf(variant, shape)), [property])).properties;
  return v?.status === 'violated' ? v.trace.steps.length - 1 : undefined;
}

describe('the runner against the reference enactor', () => {
  it.each([[{}], [{ endpoints: 2 }], [{ collector: false }], [{ crashes: true, enactors: 2 }]])(
    'fixed is conformant at level live over 300 runs (%j)',
    async (shape) => {
      const r = await run('fixed', shape, 300, 11);
      expect(r.verdict).toBe('conformant');
      expect(r.levelReached).toBe('live');
      expect(r.runs).toBe(300);
      expect(r.steps).toBeGreaterThan(300 * 5);
    },
  );

  it.each([
    ['aws-2025', { collector: false }],
    ['aws-2025', {}],
    ['cas-only', {}],
    ['cas-only', { collector: false }],
    ['ownership-only', {}],
    ['ownership-only', { collector: false }],
  ] as const)('%s (%j) is not conformant, shrunk to a few steps over the spec', async (variant, shape) => {
    const r = await run(variant, shape);
    expect(r.verdict).toBe('not-conformant');
    expect(r.levelReached).toBe('none');
    const ce = r.counterexample!;
    expect(ce.violation.level).toBe('safe');
    const bound = shortest(variant, shape, ce.violation.property);
    expect(bound, `the spec of ${variant} violates ${ce.violation.property} too`).toBeDefined();
    expect(ce.violation.step).toBeGreaterThanOrEqual(bound!);
    expect(ce.violation.step).toBeLessThanOrEqual(bound! + 4);
    expect(ce.minimal.schedule.length).toBeLessThanOrEqual(ce.original.schedule.length);
    expect(ce.minimal.schedule.length).toBeLessThanOrEqual(bound! + 4);
  });

  it('the shrunk schedule is 1-minimal: without any one of its commands the run no longer fails that way', async () => {
    const shape = { ...DEFAULT_SHAPE, collector: false };
    const r = await run('aws-2025', { collector: false }, 100, 21);
    const { schedule } = r.counterexample!.minimal;
    const { property } = r.counterexample!.violation;
    expect(schedule.length).toBeGreaterThan(0);
    for (let i = 0; i < schedule.length; i++) {
      const without = [...schedule.slice(0, i), ...schedule.slice(i + 1)];
      const again = await runConformance({ adapter: new ReferenceAdapter({ variant: 'aws-2025' }), shape, runs: 1, seed: 1, schedule: without });
      expect(again.counterexample?.violation.property, `without command ${i + 1}`).not.toBe(property);
    }
  });

  it('the same seed gives the same verdict, counterexample and step count', async () => {
    const a = await run('aws-2025', { collector: false }, 50, 99);
    const b = await run('aws-2025', { collector: false }, 50, 99);
    expect(b.counterexample?.minimal.schedule).toEqual(a.counterexample?.minimal.schedule);
    expect(b.steps).toBe(a.steps);
  });

  it.each(MUTANTS.filter((m) => m.caughtBy === undefined).map((m) => [m.name, m.mustFail] as const))('mutant %s fails below level %s', async (name, mustFail) => {
    const r = await run(name, MUTANTS.find((m) => m.name === name)!.needs ?? {}, 200, 5);
    expect(r.verdict).toBe('not-conformant');
    expect(rank(r.levelReached as Level)).toBeLessThan(rank(mustFail));
    // and it is not weaker than it should be: a mutant declared to fail only `live` keeps `refines`
    if (mustFail === 'live') expect(r.levelReached).toBe('refines');
  });

  it('a mutant only the served channel catches passes on its own word', async () => {
    for (const m of MUTANTS.filter((x) => x.caughtBy === 'served')) expect((await run(m.name, {}, 30, 5)).verdict).toBe('conformant');
  });

  it('reports spec coverage between 0 and 1', async () => {
    const r = await runConformance({ adapter: new ReferenceAdapter({ variant: 'fixed' }), shape: DEFAULT_SHAPE, runs: 100, seed: 3, coverage: true });
    const c = r.coverage!;
    expect(c.states.reachable).toBe(check(makeSpec(constantsOf('fixed', DEFAULT_SHAPE))).stats.distinct);
    expect(c.states.covered).toBeGreaterThan(10);
    expect(c.states.covered).toBeLessThanOrEqual(c.states.reachable);
    expect(c.transitions.covered).toBeLessThanOrEqual(c.transitions.reachable);
  });
});
