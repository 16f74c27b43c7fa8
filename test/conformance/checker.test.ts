import { describe, expect, it } from 'vitest';
import { HistoryChecker, addressesOf, type Event } from '../../conformance/index.js';
import type { Observation } from '../../conformance/protocol/index.js';
import { constantsOf, type VariantName } from '../../spec/index.js';

/** A checker for a, b, c and one endpoint `regional`, with the model's default constants. */
function checker(variant: VariantName = 'fixed', shape = {}): HistoryChecker {
  const c = new HistoryChecker(constantsOf(variant, { collector: false, ...shape }), ['a', 'b', 'c'], ['regional']);
  c.initial(seen([1], 1));
  return c;
}

/** What an observer sees: these plans in the store and the record at plan `g` (0: empty). */
function seen(plans: number[], g: number): Observation {
  return { plans, records: { regional: g === 0 ? [] : addressesOf(0, g) } };
}

/** Feeds steps, numbered from 1, each with what was observed after it. */
function feed(c: HistoryChecker, steps: [Event, Observation][]): HistoryChecker {
  steps.forEach(([e, o], i) => c.step(i + 1, e, o));
  return c;
}

const pick = (enactor: string, generation: number): Event => ({ kind: 'pick', enactor, generation });
const write = (enactor: string, generation: number, outcome: 'written' | 'skipped' = 'written'): Event => ({ kind: 'write', enactor, endpoint: 'regional', generation, outcome });
const plan = (generation: number): Event => ({ kind: 'plan', generation });
const clean = (enactor: string, deleted: number[]): Event => ({ kind: 'clean', enactor, deleted });

/** The postmortem's race as events and observations, with age GC and blind writes. */
const race: [Event, Observation][] = [
  [plan(2), seen([1, 2], 1)],
  [pick('a', 2), seen([1, 2], 1)],
  [plan(3), seen([1, 2, 3], 1)],
  [plan(4), seen([1, 2, 3, 4], 1)],
  [pick('b', 4), seen([1, 2, 3, 4], 1)],
  [write('b', 4), seen([1, 2, 3, 4], 4)],
  [write('a', 2), seen([1, 2, 3, 4], 2)],
  [clean('b', [1, 2]), seen([3, 4], 0)],
];

describe('the history checker', () => {
  it('a history the spec allows refines it and keeps every invariant', () => {
    const c = feed(checker(), [
      [plan(2), seen([1, 2], 1)],
      [pick('a', 2), seen([1, 2], 1)],
      [{ kind: 'idle', enactor: 'b' }, seen([1, 2], 1)],
      [write('a', 2), seen([1, 2], 2)],
      [clean('a', []), seen([1, 2], 2)],
      [{ kind: 'crash', enactor: 'c' }, seen([1, 2], 2)],
      [{ kind: 'collect', deleted: [] }, seen([1, 2], 2)],
    ]);
    expect(c.level).toBe('refines');
    expect(c.refinement).toBeUndefined();
    expect(c.current.applied).toEqual([2]);
  });

  it('the postmortem race refines aws-2025 and breaks every safety property, each at its first step', () => {
    const c = feed(checker('aws-2025'), race);
    expect(c.refinement).toBeUndefined();
    expect(c.level).toBe('none');
    expect(c.unsafe.get('NoStaleOverwrite')).toMatchObject({ step: 7, line: 8, expected: 'regional: plan 4 or newer', observed: 'regional: plan 2' });
    expect(c.unsafe.get('RecordNeverEmpty')).toMatchObject({ step: 8, line: 9, observed: 'regional: nothing' });
    expect(c.unsafe.get('NoActivePlanDeleted')?.step).toBe(8);
  });

  it('the same race does not refine fixed: the stale write must be skipped there', () => {
    const c = feed(checker('fixed'), race);
    expect(c.refinement).toMatchObject({ step: 7, property: 'Refinement' });
    expect(c.refinement?.message).toMatch(/the event says written/);
    // safety is still judged on what was observed, after resynchronising
    expect(c.unsafe.get('RecordNeverEmpty')?.step).toBe(8);
  });

  it('a pick of a plan other than the newest is not a step, and the report lists what was allowed', () => {
    const c = feed(checker(), [
      [plan(2), seen([1, 2], 1)],
      [plan(3), seen([1, 2, 3], 1)],
      [pick('a', 2), seen([1, 2, 3], 1)],
    ]);
    expect(c.refinement).toMatchObject({ step: 3, line: 4, observed: 'pick(a, 2)' });
    expect(c.refinement?.message).toMatch(/must take the newest plan 3, not 2/);
    expect(c.refinement?.expected).toBeDefined();
    expect(c.level).toBe('safe');
  });

  it('a skipped write that changed the record, a clean that deleted the wrong plans, an unknown enactor', () => {
    const skipped = feed(checker(), [
      [plan(2), seen([1, 2], 1)],
      [pick('a', 2), seen([1, 2], 1)],
      [write('a', 2, 'skipped'), seen([1, 2], 2)],
    ]);
    expect(skipped.refinement?.step).toBe(3);

    const cleaned = feed(checker(), [
      [plan(2), seen([1, 2], 1)],
      [plan(3), seen([1, 2, 3], 1)],
      [pick('a', 3), seen([1, 2, 3], 1)],
      [write('a', 3), seen([1, 2, 3], 3)],
      [clean('a', [2]), seen([1, 3], 3)],
    ]);
    expect(cleaned.refinement?.message).toMatch(/the spec deletes \{1\}, the event says \{2\}/);

    const stranger = feed(checker(), [[{ kind: 'idle', enactor: 'z' }, seen([1], 1)]]);
    expect(stranger.refinement?.message).toMatch(/there is no enactor 'z'/);
  });

  it('an observation that differs from the spec step fails refinement with expected and observed', () => {
    const c = feed(checker(), [
      [plan(2), seen([1, 2], 1)],
      [pick('a', 2), seen([1, 2], 1)],
      [write('a', 2), seen([1, 2], 1)],
    ]);
    expect(c.refinement).toMatchObject({ step: 3, expected: 'plans {1, 2}; regional: plan 2', observed: 'plans {1, 2}; regional: plan 1' });
    expect(c.level).toBe('safe');
  });

  it('a torn record and a deleted plan an enactor holds are safety violations', () => {
    const torn = checker();
    torn.step(1, plan(2), { plans: [1, 2], records: { regional: ['10.0.1.1', '10.0.2.2'] } });
    expect(torn.unsafe.get('NoTornRecord')).toMatchObject({ step: 1, line: 2 });
    expect(torn.unsafe.get('NoTornRecord')?.observed).toMatch(/torn|10\.0\.1\.1, 10\.0\.2\.2/);

    const held = feed(checker('cas-only'), [
      [plan(2), seen([1, 2], 1)],
      [pick('a', 2), seen([1, 2], 1)],
      [plan(3), seen([1, 2, 3], 1)],
      [plan(4), seen([1, 2, 3, 4], 1)],
      [pick('b', 4), seen([1, 2, 3, 4], 1)],
      [write('b', 4), seen([1, 2, 3, 4], 4)],
      [clean('b', [1, 2]), seen([3, 4], 4)],
    ]);
    expect(held.refinement).toBeUndefined();
    expect(held.unsafe.get('NoActivePlanDeleted')).toMatchObject({ step: 7 });
    expect(held.unsafe.get('NoActivePlanDeleted')?.message).toMatch(/plan 2 was deleted while enactor a still holds it/);
    expect(held.unsafe.has('RecordNeverEmpty')).toBe(false);
  });

  it('a crash is a stutter for an idle enactor and a step only when crashes are on', () => {
    const off = feed(checker(), [
      [plan(2), seen([1, 2], 1)],
      [pick('a', 2), seen([1, 2], 1)],
      [{ kind: 'crash', enactor: 'a' }, seen([1, 2], 1)],
    ]);
    expect(off.refinement?.message).toMatch(/crashes are not part of this run/);
    const on = feed(checker('fixed', { crashes: true }), [
      [plan(2), seen([1, 2], 1)],
      [pick('a', 2), seen([1, 2], 1)],
      [{ kind: 'crash', enactor: 'a' }, seen([1, 2], 1)],
      [pick('a', 2), seen([1, 2], 1)],
    ]);
    expect(on.refinement).toBeUndefined();
  });

  it('convergence names the record that did not reach the last plan', () => {
    const c = checker();
    expect(c.converged(5, seen([1, 2, 3, 4], 4))).toBeUndefined();
    expect(c.converged(5, seen([1, 2, 3, 4], 3))).toMatchObject({ level: 'live', property: 'Converges', expected: 'regional: plan 4', observed: 'regional: plan 3' });
  });
});
