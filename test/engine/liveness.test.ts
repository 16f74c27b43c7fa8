import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { actionLabel, check, simulate, StateStore, type ActionInstance, type Spec } from '../../src/engine/index.js';
import { constantsOf, makeSpec } from '../../spec/index.js';
import { act, toy as toyOf } from '../fixtures/toy.js';

const toy = (actions: ActionInstance<number>[], finitely?: string[]): Spec<number> => toyOf(actions, finitely === undefined ? {} : { finitely });

/** Every step of the trace is a step of the spec, and a cycle ends where it loops back to. */
function expectValidLasso(spec: Spec<number>, steps: readonly { action: string | undefined; state: number }[], loopsTo: number): void {
  for (let i = 1; i < steps.length; i++) {
    const a = spec.actions.find((x) => actionLabel(x) === steps[i]!.action);
    expect(a?.next(steps[i - 1]!.state)).toBe(steps[i]!.state);
  }
  expect(steps[steps.length - 1]!.state).toBe(steps[loopsTo]!.state);
  expect(steps.length - 1).toBeGreaterThan(loopsTo);
}

describe('liveness: eventually always the goal, under weak fairness', () => {
  it('finds a fair cycle that never reaches the goal, as a prefix and a cycle that loops back', () => {
    const spec = toy([act('Spin', true, (x) => (x < 3 ? (x + 1) % 3 : undefined)), act('Exit', true, (x) => (x === 1 ? 3 : undefined))]);
    const [v] = check(spec).properties;
    expect(v?.status).toBe('violated');
    if (v?.status !== 'violated' || v.trace.forever?.kind !== 'cycle') throw new Error('expected a lasso');
    expectValidLasso(spec, v.trace.steps, v.trace.forever.loopsTo);
    expect(v.trace.forever.loopsTo).toBe(0);
    expect(v.trace.steps.map((s) => s.state)).toEqual([0, 1, 2, 0]);
  });

  it('does not count a cycle on which a fair action is always enabled and never taken', () => {
    const spec = toy([act('Spin', true, (x) => (x < 3 ? (x + 1) % 3 : undefined)), act('Exit', true, (x) => (x < 3 ? 3 : undefined))]);
    expect(check(spec).properties[0]?.status).toBe('holds');
  });

  it('counts a cycle through a crash only when crashes are not assumed finitely many', () => {
    const actions = [
      act('Go', true, (x) => (x === 0 ? 1 : undefined)),
      act('Crash', false, (x) => (x === 1 ? 0 : undefined)),
      act('Finish', true, (x) => (x === 1 ? 3 : undefined)),
    ];
    expect(check(toy(actions, ['Crash'])).properties[0]?.status).toBe('holds');
    const [v] = check(toy(actions)).properties;
    if (v?.status !== 'violated' || v.trace.forever?.kind !== 'cycle') throw new Error('expected a lasso');
    expectValidLasso(toy(actions), v.trace.steps, v.trace.forever.loopsTo);
    expect(v.trace.steps.map((s) => s.action)).toContain('Crash');
  });

  it('finds a state where nothing fair is enabled short of the goal as a stutter', () => {
    const spec = toy([act('Go', true, (x) => (x === 0 ? 1 : undefined)), act('Crash', false, (x) => (x === 1 ? 2 : undefined))], ['Crash']);
    const [v] = check(spec).properties;
    if (v?.status !== 'violated') throw new Error('expected a violation');
    expect(v.trace.forever).toEqual({ kind: 'stutter' });
    expect(v.trace.steps.map((s) => s.state)).toEqual([0, 1]);
  });

  it('the fixed protocol converges with crashes, finitely many; cas-only does not', () => {
    const fixed = makeSpec(constantsOf('fixed', { crashes: true, endpoints: 2 }));
    expect(check(fixed).outcome.status).toBe('holds');
    const casOnly = makeSpec(constantsOf('cas-only', { crashes: true }));
    expect(check(casOnly).properties.find((p) => p.name === 'Converges')?.status).toBe('violated');
  });

  it('finds a lasso near the initial state during the search, long before the graph is whole', () => {
    const N = 200_000;
    const spec: Spec<number> = {
      ...toy([act('Spin', true, (x) => (x === 0 ? 1 : x === 1 ? 0 : undefined)), act('Go', true, (x) => (x === 0 ? 2 : x >= 2 && x < N ? x + 1 : undefined))]),
      liveness: [{ name: 'ReachesTheEnd', goal: (x) => x === N }],
    };
    const r = check(spec);
    const [v] = r.properties;
    if (v?.status !== 'violated' || v.trace.forever?.kind !== 'cycle') throw new Error('expected a lasso');
    expect(v.trace.steps.map((s) => s.state)).toEqual([0, 1, 0]);
    expect(r.stats.distinct).toBeLessThan(N / 10);
  });

  it('counts the liveness analysis against the memory budget: a run that does not fit is incomplete', () => {
    // Without its progress measure, so that the fair cycles must be searched for.
    const full = makeSpec(constantsOf('fixed'));
    const spec = { ...full, liveness: full.liveness.map(({ progress: _p, progressPacked: _q, ...l }) => l) };
    const empty = new StateStore(spec.encoding.words).bytes;
    const r = check(spec, { maxBytes: empty + 10 });
    expect(r.outcome).toEqual({ status: 'incomplete', reason: 'memory' });
    expect(r.properties.find((p) => p.name === 'Converges')?.status).toBe('incomplete');
    expect(r.properties.find((p) => p.name === 'RecordNeverEmpty')?.status).toBe('holds');
    expect(r.stats.distinct).toBe(1543);
  });
});

describe('liveness on random walks', () => {
  it('finds a lasso when a walk comes back to a state by a fair cycle that leaves the goal', () => {
    const spec = toy([act('Spin', true, (x) => (x < 3 ? (x + 1) % 3 : undefined)), act('Exit', true, (x) => (x === 1 ? 3 : undefined))]);
    const r = simulate(spec, { runs: 50, depth: 20, seed: 1 });
    const v = r.violations.find((x) => x.property === 'ReachesThree');
    if (v?.trace.forever?.kind !== 'cycle') throw new Error('expected a lasso');
    expectValidLasso(spec, v.trace.steps, v.trace.forever.loopsTo);
  });

  it('does not take a cycle through a crash, nor an unfair one, for a counterexample', () => {
    const crashy = toy(
      [act('Go', true, (x) => (x === 0 ? 1 : undefined)), act('Crash', false, (x) => (x === 1 ? 0 : undefined)), act('Finish', true, (x) => (x === 1 ? 3 : undefined))],
      ['Crash'],
    );
    expect(simulate(crashy, { runs: 200, depth: 30, seed: 3 }).violations).toEqual([]);
    const unfair = toy([act('Spin', true, (x) => (x < 3 ? (x + 1) % 3 : undefined)), act('Exit', true, (x) => (x < 3 ? 3 : undefined))]);
    expect(simulate(unfair, { runs: 200, depth: 30, seed: 3 }).violations).toEqual([]);
  });

  it('finds the stop short of the last plan in cas-only, as the model checker does', () => {
    const r = simulate(makeSpec(constantsOf('cas-only')), { runs: 2000, depth: 40, seed: 7, stopAtFirst: false });
    const v = r.violations.find((x) => x.property === 'Converges');
    expect(v?.trace.forever).toEqual({ kind: 'stutter' });
  });
});

describe('liveness against brute force on random graphs', () => {
  /**
   * A random graph on states 0..n-1: each action a is a partial function given by a table
   * (-1 where disabled); some actions are fair, some assumed finitely often. A fair
   * counterexample exists exactly when a reachable state off the goal has nothing fair
   * enabled, or some set of reachable states strongly connected by steps not assumed finite
   * holds a state off the goal and treats every fair action fairly; brute force tries every set.
   */
  const graph = fc.integer({ min: 2, max: 6 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      tables: fc.array(fc.array(fc.integer({ min: -1, max: n - 1 }), { minLength: n, maxLength: n }), { minLength: 1, maxLength: 4 }),
      fair: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      finite: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      goal: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    }),
  );

  it.prop([graph], { numRuns: 300 })('check finds a counterexample exactly when brute force does', ({ n, tables, fair, finite, goal }) => {
    const names = tables.map((_, a) => `A${a}`);
    const spec: Spec<number> = {
      ...toy(tables.map((t, a) => act(names[a]!, fair[a]!, (x) => (t[x]! >= 0 ? t[x]! : undefined)))),
      liveness: [{ name: 'ReachesThree', goal: (x) => goal[x]!, finitely: names.filter((_, a) => finite[a]) }],
    };
    const reach = new Set([0]);
    for (const x of reach) for (const t of tables) if (t[x]! >= 0) reach.add(t[x]!);
    const states = [...reach];
    const stutter = states.some((x) => !goal[x] && !tables.some((t, a) => fair[a] && t[x]! >= 0));
    let cycle = false;
    for (let mask = 1; mask < 1 << n && !cycle; mask++) {
      const C = states.filter((x) => mask & (1 << x));
      if (C.length === 0 || C.length !== [...Array(n).keys()].filter((x) => mask & (1 << x)).length) continue;
      const inside = (x: number) => (mask & (1 << x)) !== 0;
      const edges = (x: number) => tables.flatMap((t, a) => (!finite[a] && t[x]! >= 0 && inside(t[x]!) ? [t[x]!] : []));
      const strongly = C.every((x) => {
        const seen = new Set<number>();
        const todo = edges(x);
        while (todo.length) { const y = todo.pop()!; if (!seen.has(y)) { seen.add(y); todo.push(...edges(y)); } }
        return C.every((y) => seen.has(y));
      });
      if (!strongly || !C.some((x) => !goal[x])) continue;
      cycle = tables.every((t, a) => !fair[a] || C.some((x) => t[x]! < 0) || (!finite[a] && C.some((x) => t[x]! >= 0 && inside(t[x]!))));
    }
    const [v] = check(spec).properties;
    expect(v?.status).toBe(stutter || cycle ? 'violated' : 'holds');
    if (v?.status === 'violated' && v.trace.forever?.kind === 'cycle') expectValidLasso(spec, v.trace.steps, v.trace.forever.loopsTo);
  });
});
