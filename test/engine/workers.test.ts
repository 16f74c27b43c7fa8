import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, type CheckResult, type SpecRef } from '../../src/engine/index.js';
import { SHARE } from '../../src/engine/expand.js';
import { EXPECTED_RESULTS, constantsOf, makeSpec } from '../../spec/index.js';
import { twoPhase } from '../fixtures/two-phase.js';

/** The compiled spec (dist/ is built before the tests run): workers load it without compiling TypeScript. */
const SPEC = pathToFileURL(resolve(import.meta.dirname, '../../dist/spec/index.js')).href;
const rows = EXPECTED_RESULTS.filter((r) => !r.rung);
const name = (r: (typeof rows)[number]) =>
  `${r.variant} ${r.shape.enactors}/${r.shape.endpoints}/${r.shape.maxPlan}/${r.shape.keep}${r.shape.collector ? '' : ' no-collector'}${r.shape.crashes ? ' crashes' : ''}`;

/** Two threads (this one and a worker) that wait for the worker to load and share every batch, however small the graph. */
const two = (ref: SpecRef) => ({ ref, count: 2, from: 1, eager: true });
/** Three threads: two workers compete for the shares of each batch with this one. */
const three = (ref: SpecRef) => ({ ref, count: 3, from: 1, eager: true });

/** What a run answers: counts, verdicts and every trace, step by step. */
const answer = (r: CheckResult<unknown>) => ({
  counts: [r.stats.distinct, r.stats.generated, r.stats.depth, r.stats.represented],
  outcome: r.outcome,
  properties: r.properties,
});

describe.each(rows.map((r) => [name(r), r] as const))('%s with workers', (_, { variant, shape, counts }) => {
  const constants = constantsOf(variant, shape);
  const spec = makeSpec(constants);
  const ref = { module: SPEC, constants };

  it('stops at the violations with the same counts, verdicts and traces as one', () => {
    const one = check(spec);
    const par = check(spec, { workers: two(ref) });
    expect(par.stats.workers).toBe(2);
    expect(answer(par)).toEqual(answer(one));
  });

  it('explores the whole graph (--continue) on three threads with the table\'s counts and the same traces', () => {
    const par = check(spec, { exhaustive: true, workers: three(ref) });
    expect(par.stats.workers).toBe(3);
    if (counts !== undefined) expect([par.stats.distinct, par.stats.generated, par.stats.depth]).toEqual([counts.distinct, counts.generated, counts.depth]);
    expect(answer(par)).toEqual(answer(check(spec, { exhaustive: true })));
  });
});

describe('workers handed small batches, two at a time', () => {
  // 36,652 states in batches of a share or a few: a worker out of shares of one batch goes on
  // to the next, and this thread takes shares of the next while the workers finish the last.
  const constants = constantsOf('fixed', { enactors: 3, endpoints: 2, maxPlan: 5 });
  const spec = makeSpec(constants);
  const ref = { module: SPEC, constants };
  const one = check(spec, { exhaustive: true });

  it.each([64, SHARE + 300, 3 * SHARE])('batches of %i states: the same counts, verdicts and traces as one thread', (batch) => {
    const par = check(spec, { exhaustive: true, workers: { ref, count: 3, from: 1, eager: true, batch } });
    expect(par.stats.workers).toBe(3);
    expect(par.stats.distinct).toBe(36_652);
    expect(answer(par)).toEqual(answer(one));
    // The store ends holding what it holds with one thread: nothing made ahead is kept.
    expect(par.stats.storeBytes).toBe(one.stats.storeBytes);
  });

  it('stop at the same violation as one thread', () => {
    const c = constantsOf('aws-2025', { enactors: 3, endpoints: 2, maxPlan: 5 });
    const s = makeSpec(c);
    const par = check(s, { workers: { ref: { module: SPEC, constants: c }, count: 2, from: 1, eager: true, batch: 100 } });
    expect(par.stats.workers).toBe(2);
    expect(par.outcome.status).toBe('violated');
    expect(answer(par)).toEqual(answer(check(s)));
  });
});

describe('two workers when a lasso is found during the search', () => {
  it('find the same lasso as one: liveness is judged after the same states', () => {
    const constants = constantsOf('cas-only', { enactors: 3, endpoints: 3, maxPlan: 4 });
    const spec = { ...makeSpec(constants), invariants: [], actionProperties: [] };
    const one = check(spec);
    expect(one.properties[0]?.status).toBe('violated');
    const par = check(spec, { workers: two({ module: SPEC, constants }) });
    expect(par.stats.workers).toBe(2);
    expect(answer(par)).toEqual(answer(one));
  });
});

describe('two workers stopped by --max-states', () => {
  it('stop at the same state as one, with the same counts', () => {
    const constants = constantsOf('fixed', { enactors: 3, crashes: true });
    const spec = makeSpec(constants);
    const one = check(spec, { maxStates: 1000 });
    expect(one.outcome).toEqual({ status: 'incomplete', reason: 'max-states' });
    const par = check(spec, { maxStates: 1000, workers: two({ module: SPEC, constants }) });
    expect(par.stats.workers).toBe(2);
    expect(answer(par)).toEqual(answer(one));
  });
});

describe('two workers under symmetry', () => {
  it('store the same orbits and stand for the same states as one', () => {
    const constants = constantsOf('fixed', { enactors: 3, crashes: true });
    const spec = makeSpec(constants);
    const safety = { ...spec, liveness: [] };
    const par = check(safety, { symmetry: true, exhaustive: true, workers: two({ module: SPEC, constants }) });
    expect(par.stats.workers).toBe(2);
    expect(par.stats.represented).toBe(check(safety, { exhaustive: true }).stats.distinct);
    expect(answer(par)).toEqual(answer(check(safety, { symmetry: true, exhaustive: true })));
  });
});

describe('two workers on TLA+ TwoPhase, a spec without a packed fast path', () => {
  it('find 288 distinct states, 1,146 generated, depth 11, as TLC does', () => {
    const ref = { module: pathToFileURL(resolve(import.meta.dirname, '../fixtures/two-phase.ts')).href, export: 'twoPhase', constants: 3 };
    const r = check(twoPhase(3), { workers: two(ref) });
    expect(r.stats.workers).toBe(2);
    expect(r.outcome.status).toBe('holds');
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([288, 1146, 11]);
  });
});

describe('workers that cannot load the spec', () => {
  it('leave the search to this thread, with the same answer', () => {
    const constants = constantsOf('aws-2025', { collector: false });
    const spec = makeSpec(constants);
    const r = check(spec, { workers: two({ module: SPEC, export: 'nope', constants }) });
    expect(r.stats.workers).toBe(1);
    expect(answer(r)).toEqual(answer(check(spec)));
  });
});
