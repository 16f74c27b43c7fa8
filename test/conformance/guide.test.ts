import { describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { Coverage, CoverageLimitError, postmortem, protocolConstantsOf, runConformance, type ConformanceOptions } from '../../conformance/index.js';
import { explore, type Spec } from '../../src/engine/index.js';
import { DEFAULT_SHAPE, constantsOf, makeSpec, type Shape, type State } from '../../spec/index.js';

const guided = (variant: string, shape: Partial<Shape> = {}, more: Partial<ConformanceOptions> = {}) =>
  runConformance({ adapter: new ReferenceAdapter({ variant }), shape: { ...DEFAULT_SHAPE, ...shape }, runs: 1, seed: 1, guide: 'transitions', ...more });

/** The spec's reachable states and transitions, counted by the engine's exploration. */
function graphSize(shape: Partial<Shape>): { states: number; transitions: number } {
  let transitions = 0;
  const x = explore(makeSpec(constantsOf('fixed', { ...DEFAULT_SHAPE, ...shape })) as unknown as Spec<State>, { onEdge: () => transitions++ });
  return { states: x.store.count, transitions };
}

describe('spec-guided schedules', () => {
  it.each([[{}], [{ collector: false }], [{ enactors: 2, crashes: true }]])('drive the fixed reference through every reachable transition (%j)', async (shape) => {
    const r = await guided('fixed', shape);
    expect(r.verdict).toBe('conformant');
    expect(r.levelReached).toBe('live');
    const size = graphSize(shape);
    expect(r.coverage!.states).toEqual({ covered: size.states, reachable: size.states });
    expect(r.coverage!.transitions).toEqual({ covered: size.transitions, reachable: size.transitions });
    expect(Object.values(r.coverage!.actions).reduce((n, a) => n + a.covered, 0)).toBe(size.transitions);
    expect(r.coverage!.unsteerable).toEqual([]);
    expect(r.phases.guided).toBeGreaterThan(1);
    expect(r.phases.random).toBe(0);
  });

  it('cover the default constants as the model checker counts them: 1,543 states, 5,308 transitions', async () => {
    const r = await guided('fixed');
    expect(r.coverage!.states.reachable).toBe(1543);
    expect(r.coverage!.transitions.reachable).toBe(5308);
    expect(r.coverage!.transitions.covered).toBe(5308);
  });

  it('with goal states, visit every reachable state', async () => {
    const r = await guided('fixed', {}, { guide: 'states' });
    expect(r.coverage!.states.covered).toBe(1543);
  });

  it('set aside the writes the implementation chooses for itself, with the reason, and report them apart', async () => {
    // The reference writes its endpoints in order: the spec's Write(e, fips) before Write(e, regional) is never taken.
    const r = await guided('fixed', { endpoints: 2, enactors: 2 });
    expect(r.verdict).toBe('conformant');
    const c = r.coverage!;
    expect(c.unsteerable.length).toBeGreaterThan(0);
    for (const u of c.unsteerable) {
      expect(u.transition).toMatch(/^Write\([ab], fips\) from /);
      expect(u.reason).toMatch(/the implementation always chose another/);
    }
    expect(c.transitions.covered).toBeLessThan(c.transitions.reachable);
  });

  it('spend the remaining runs on generated schedules, and none when guided runs used them up', async () => {
    const r = await guided('fixed', {}, { runs: 2000 });
    expect(r.runs).toBe(2000);
    expect(r.phases.random).toBe(2000 - r.phases.guided);
  });

  it('refuse a coverage goal larger than the state budget', async () => {
    await expect(guided('fixed', {}, { maxStates: 100 })).rejects.toBeInstanceOf(CoverageLimitError);
    await expect(guided('fixed', {}, { maxStates: 100 })).rejects.toThrow(/more than 100 reachable states/);
  });

  it('still catch and shrink a variant that leaves the spec', async () => {
    const r = await guided('aws-2025', { collector: false });
    expect(r.verdict).toBe('not-conformant');
    expect(r.counterexample!.violation.level).toBe('safe');
    expect(r.counterexample!.minimalFails).toBe(true);
    expect(r.counterexample!.minimal.schedule.length).toBeLessThanOrEqual(10);
  });
});

describe('named schedules', () => {
  it('the postmortem race fails aws-2025 without the collector on the first run, and is named', async () => {
    const shape = { ...DEFAULT_SHAPE, collector: false };
    const race = postmortem(protocolConstantsOf(shape).enactors)!;
    const r = await guided('aws-2025', shape, { named: [race], guide: 'off', runs: 100 });
    expect(r.verdict).toBe('not-conformant');
    expect(r.runs).toBe(1);
    expect(r.phases).toEqual({ named: 1, guided: 0, random: 0 });
    expect(r.counterexample!.named).toEqual({ name: 'postmortem', source: 'built in' });
    expect(r.counterexample!.violation.property).toBe('RecordNeverEmpty');
    expect(r.counterexample!.reproduced).toBe(true);
    expect(r.levelReached).toBe('none');
    expect(r.worseMayBeHidden).toBe(false);
  });

  it('the same race passes against fixed, and the run goes on', async () => {
    const race = postmortem(['a', 'b', 'c'])!;
    const r = await guided('fixed', {}, { named: [race], runs: 10, guide: 'off' });
    expect(r.verdict).toBe('conformant');
    expect(r.phases).toEqual({ named: 1, guided: 0, random: 9 });
  });
});

describe('coverage', () => {
  it('counts states and transitions as the exploration does, and records only reachable ones', () => {
    const spec = makeSpec(constantsOf('fixed', DEFAULT_SHAPE)) as unknown as Spec<State>;
    const c = Coverage.build(spec)!;
    const initial = spec.initial[0]!;
    expect(c.visit(initial)).toBe(0);
    const plan = spec.actions.findIndex((a) => a.name === 'Plan');
    expect(c.take(initial, plan)).toBeGreaterThanOrEqual(0);
    expect(c.take(initial, spec.actions.findIndex((a) => a.name === 'Clean'))).toBe(-1);
    const report = c.report();
    expect(report.states).toEqual({ covered: 1, reachable: 1543 });
    expect(report.transitions).toEqual({ covered: 1, reachable: 5308 });
    expect(report.actions['Plan']!.covered).toBe(1);
  });

  it('describes a transition by its action and every entry of the state it leaves', () => {
    const spec = makeSpec(constantsOf('fixed', { ...DEFAULT_SHAPE, endpoints: 2 })) as unknown as Spec<State>;
    const graph = Coverage.build(spec)!.graph;
    const text = graph.describe(0);
    expect(text).toBe('Plan from latest 1, plans {1}, applied[regional] 1, applied[fips] 1, pc[a] idle, pc[b] idle, pc[c] idle, held[a] 0, held[b] 0, held[c] 0, pending[a] {}, pending[b] {}, pending[c] {}');
  });
});
