/**
 * What docs/protocol.md promises an implementation, checked against the harness's history
 * checker: each statement of the page that allows something is a history here that must
 * keep level `refines`. (The examples of the page are validated by docs.test.ts; what the
 * harness refuses is tested over HTTP in test/http.)
 */
import { describe, expect, it } from 'vitest';
import { addressesOf } from '../../conformance/addresses.js';
import type { Event } from '../../conformance/adapter.js';
import { HistoryChecker } from '../../conformance/check-history.js';
import { firstError, type Observation } from '../../conformance/protocol/index.js';
import { constantsOf, endpointNames } from '../../spec/index.js';

const SHAPE = { enactors: 3, endpoints: 2, maxPlan: 4, keep: 1, collector: true, crashes: true };
const ENDPOINTS = endpointNames(SHAPE);

/** An observation: the plan store, and the plan each record resolves to (0: nothing). */
function seen(plans: number[], records: number[]): Observation {
  return { plans, records: Object.fromEntries(ENDPOINTS.map((p, i) => [p, records[i] === 0 ? [] : addressesOf(i, records[i]!)])) };
}

/** Checks a history of (event, observation) steps from the initial state; the checker after it. */
function check(steps: [Event, Observation][]): HistoryChecker {
  const checker = new HistoryChecker(constantsOf('fixed', SHAPE), ['a', 'b', 'c'], ENDPOINTS);
  checker.initial(seen([1], [1, 1]));
  steps.forEach(([event, observation], i) => checker.step(i + 1, event, observation));
  return checker;
}

const [regional, second] = ENDPOINTS as [string, string];

describe('docs/protocol.md: what an implementation may do', () => {
  const history: [Event, Observation][] = [
    [{ kind: 'plan', generation: 2 }, seen([1, 2], [1, 1])],
    [{ kind: 'pick', enactor: 'a', generation: 2 }, seen([1, 2], [1, 1])],
    // "Write one endpoint not yet written, one per step, in any order": the second endpoint first.
    [{ kind: 'write', enactor: 'a', endpoint: second, generation: 2, outcome: 'written' }, seen([1, 2], [1, 2])],
    [{ kind: 'write', enactor: 'a', endpoint: regional, generation: 2, outcome: 'written' }, seen([1, 2], [2, 2])],
    // "The harness may crash an idle enactor too: answer crash all the same."
    [{ kind: 'crash', enactor: 'b' }, seen([1, 2], [2, 2])],
    // "deleted in clean may list the plans in any order" (keep 1: plan 1 goes).
    [{ kind: 'clean', enactor: 'a', deleted: [1] }, seen([2], [2, 2])],
    [{ kind: 'plan', generation: 3 }, seen([2, 3], [2, 2])],
    [{ kind: 'plan', generation: 4 }, seen([2, 3, 4], [2, 2])],
    [{ kind: 'pick', enactor: 'c', generation: 4 }, seen([2, 3, 4], [2, 2])],
    [{ kind: 'write', enactor: 'c', endpoint: regional, generation: 4, outcome: 'written' }, seen([2, 3, 4], [4, 2])],
    [{ kind: 'write', enactor: 'c', endpoint: second, generation: 4, outcome: 'written' }, seen([2, 3, 4], [4, 4])],
    [{ kind: 'clean', enactor: 'c', deleted: [3, 2] }, seen([4], [4, 4])],
    // "reason in idle is optional".
    [{ kind: 'idle', enactor: 'b' }, seen([4], [4, 4])],
    // "deleted lists the plans it deleted ..., [] when none".
    [{ kind: 'collect', deleted: [] }, seen([4], [4, 4])],
  ];

  it('every event of the history is a valid message', () => {
    for (const [event] of history) expect(firstError(`${event.kind[0]!.toUpperCase()}${event.kind.slice(1)}Event` as 'PlanEvent', event), JSON.stringify(event)).toBeUndefined();
  });

  it('endpoints in any order, a crash of an idle enactor, deleted in any order, an idle without a reason: level refines', () => {
    const checker = check(history);
    expect(checker.violations()).toEqual([]);
    expect(checker.level).toBe('refines');
  });

  it('a write of the plan the record already holds is skipped; reported written, it is caught', () => {
    const race = (outcome: 'written' | 'skipped'): [Event, Observation][] => [
      [{ kind: 'plan', generation: 2 }, seen([1, 2], [1, 1])],
      [{ kind: 'pick', enactor: 'a', generation: 2 }, seen([1, 2], [1, 1])],
      [{ kind: 'pick', enactor: 'b', generation: 2 }, seen([1, 2], [1, 1])],
      [{ kind: 'write', enactor: 'a', endpoint: regional, generation: 2, outcome: 'written' }, seen([1, 2], [2, 1])],
      [{ kind: 'write', enactor: 'b', endpoint: regional, generation: 2, outcome }, seen([1, 2], [2, 1])],
    ];
    expect(check(race('skipped')).level).toBe('refines');
    expect(check(race('written')).refinement?.message).toMatch(/already holds plan 2, so the write changed nothing: the event must say skipped/);
  });

  it('and the checker is not simply lenient: a clean that lists a plan it did not delete is caught', () => {
    const wrong = history.map(([e, o]): [Event, Observation] => (e.kind === 'clean' && e.enactor === 'c' ? [{ ...e, deleted: [3] }, o] : [e, o]));
    expect(check(wrong).level).toBe('safe');
  });
});
