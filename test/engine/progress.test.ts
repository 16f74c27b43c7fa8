import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, explore, type ActionInstance, type CheckResult, type Spec } from '../../src/engine/index.js';
import { VARIANT_NAMES, constantsOf, makeProgress, makeSpec, type Shape, type State } from '../../spec/index.js';
import { act as fairAct, toy as toyOf } from '../fixtures/toy.js';

/** The compiled spec (dist/ is built before the tests run), for worker threads. */
const SPEC = pathToFileURL(resolve(import.meta.dirname, '../../dist/spec/index.js')).href;

/** The same spec without progress measures: every liveness property is judged by searching for fair cycles. */
function withoutProgress<S>(spec: Spec<S>): Spec<S> {
  return { ...spec, liveness: spec.liveness.map(({ progress: _p, progressPacked: _q, ...l }) => l) };
}

/** What a run answers, with how a property was proved left out. */
const answer = (r: CheckResult<unknown>) => ({
  counts: [r.stats.distinct, r.stats.generated, r.stats.depth],
  outcome: r.outcome,
  properties: r.properties.map((p) => (p.status === 'holds' ? { name: p.name, kind: p.kind, status: p.status } : p)),
});

const converges = (r: CheckResult<unknown>) => r.properties.find((p) => p.name === 'Converges');

const shapes: Partial<Shape>[] = [
  {},
  { crashes: true },
  { crashes: true, endpoints: 2, maxPlan: 4 },
  { crashes: true, collector: false, enactors: 2, endpoints: 2 },
  { crashes: false, endpoints: 3, maxPlan: 3, keep: 1 },
];

describe('a progress measure', () => {
  it.each(VARIANT_NAMES.flatMap((v) => shapes.map((shape) => [v, shape] as const)))(
    'gives %s %o the same counts, verdicts and traces as the search for fair cycles',
    (variant, shape) => {
      const spec = makeSpec(constantsOf(variant, shape));
      for (const exhaustive of [false, true]) {
        const fast = check(spec, { exhaustive });
        expect(answer(fast)).toEqual(answer(check(withoutProgress(spec), { exhaustive })));
      }
    },
  );

  it.each(VARIANT_NAMES.map((v) => [v, constantsOf(v, { crashes: true, endpoints: 2, maxPlan: 5 })] as const))(
    'is raised in %s by every step but a crash exactly when writes compare generations',
    (variant, c) => {
      const spec = makeSpec(c);
      const measure = makeProgress(c);
      const decode = (store: { encodings: Uint32Array }, id: number): State => spec.encoding.decode(store.encodings, id * spec.encoding.words);
      const steps: [number, number][] = [];
      const { store } = explore(spec, { onEdge: (from, action, to) => void (spec.actions[action]!.name !== 'Crash' && steps.push([from, to])) });
      expect(steps.length).toBeGreaterThan(10_000);
      const stalls = steps.filter(([from, to]) => !(measure(decode(store, to)) > measure(decode(store, from)))).length;
      if (c.write === 'cas') expect(stalls).toBe(0);
      else expect(stalls).toBeGreaterThan(0);
      const r = check(spec);
      const v = converges(r);
      if (c.write === 'cas' && v?.status === 'holds') expect(v.by).toBe('progress');
      if (c.write === 'blind' && v?.status === 'holds') expect(v.by).toBeUndefined();
    },
  );

  it('proves that the fixed protocol converges with crashes, finitely many, on one thread and on two', () => {
    const constants = constantsOf('fixed', { crashes: true, endpoints: 2, maxPlan: 5 });
    const spec = makeSpec(constants);
    const one = check(spec);
    const two = check(spec, { workers: { ref: { module: SPEC, constants }, count: 2, from: 1, eager: true } });
    expect(two.stats.workers).toBe(2);
    expect(one.outcome).toEqual({ status: 'holds' });
    expect(converges(one)).toEqual({ name: 'Converges', kind: 'liveness', status: 'holds', by: 'progress' });
    expect(two.properties).toEqual(one.properties);
    expect(two.stats.livenessBytes).toBe(0);
  });

  it('leaves the memory budget to the store: no liveness analysis is needed', () => {
    const spec = makeSpec(constantsOf('fixed', { crashes: true }));
    const r = check(spec);
    expect(r.stats.livenessBytes).toBe(0);
    expect(converges(r)).toMatchObject({ status: 'holds', by: 'progress' });
  });
});

const act = (name: string, next: (x: number) => number | undefined) => fairAct(name, true, next);
const toy = (actions: ActionInstance<number>[], progress: (x: number) => number) => toyOf(actions, { progress });

describe('a progress measure that is wrong', () => {
  // 0 -> 1 -> 2 -> 0 forever, or 1 -> 3: a fair cycle that never reaches the goal.
  const cycle = [act('Spin', (x) => (x < 3 ? (x + 1) % 3 : undefined)), act('Exit', (x) => (x === 1 ? 3 : undefined))];

  it.each([
    ['the state itself, which the step back to 0 lowers', (x: number) => x],
    ['a constant, which no step raises', () => 7],
  ])('does not hide a fair cycle: %s', (_, measure) => {
    const [v] = check(toy(cycle, measure)).properties;
    if (v?.status !== 'violated' || v.trace.forever?.kind !== 'cycle') throw new Error('expected a lasso');
    expect(v.trace.steps.map((s) => s.state)).toEqual([0, 1, 2, 0]);
  });

  it('does not hide a step to itself, which cannot raise any measure', () => {
    const spec = toy([act('Go', (x) => (x === 0 ? 1 : undefined)), act('Stay', (x) => (x === 1 ? 1 : undefined))], (x) => x);
    const [v] = check(spec).properties;
    if (v?.status !== 'violated' || v.trace.forever?.kind !== 'cycle') throw new Error('expected a lasso');
    expect(v.trace.steps.map((s) => s.state)).toEqual(v.trace.steps.map((_, i) => (i === 0 ? 0 : 1)));
    expect(v.trace.steps.slice(2).map((s) => s.action)).toContain('Stay');
  });

  it('does not hide a state to stop in short of the goal, when every step raises it', () => {
    const spec = toy([act('Go', (x) => (x < 2 ? x + 1 : undefined))], (x) => x);
    const [v] = check(spec).properties;
    if (v?.status !== 'violated') throw new Error('expected a violation');
    expect(v.trace.forever).toEqual({ kind: 'stutter' });
    expect(v.trace.steps.map((s) => s.state)).toEqual([0, 1, 2]);
  });

  it('proves a liveness property without searching when every step raises it', () => {
    const spec = toy([act('Go', (x) => (x < 3 ? x + 1 : undefined))], (x) => x);
    expect(check(spec).properties[0]).toEqual({ name: 'ReachesThree', kind: 'liveness', status: 'holds', by: 'progress' });
  });
});
