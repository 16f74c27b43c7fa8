import { describe, expect, it } from 'vitest';
import { addresses, started } from './harness.js';

/**
 * The race of the postmortem, by hand, one endpoint: a picks plan 2 and stalls; b picks plan 4,
 * writes it and cleans up. The model's 8 steps: Plan, Pick(a), Plan, Plan, Pick(b),
 * Write(b, regional), Write(a, regional), Clean(b).
 */
async function race(variant: string) {
  const { adapter, next } = await started(variant);
  const events = [];
  events.push(await next());
  events.push(await adapter.step('a'));
  events.push(await next());
  events.push(await next());
  events.push(await adapter.step('b'));
  events.push(await adapter.step('b'));
  events.push(await adapter.step('a'));
  const beforeClean = await adapter.observe();
  events.push(await adapter.step('b'));
  return { adapter, events, beforeClean, after: await adapter.observe() };
}

const prefix = [
  { kind: 'plan', generation: 2 },
  { kind: 'pick', enactor: 'a', generation: 2 },
  { kind: 'plan', generation: 3 },
  { kind: 'plan', generation: 4 },
  { kind: 'pick', enactor: 'b', generation: 4 },
  { kind: 'write', enactor: 'b', endpoint: 'regional', generation: 4, outcome: 'written' },
];

describe('the postmortem race', () => {
  it('aws-2025: the stale write, then the clean-up deletes its plan and the record goes empty for good', async () => {
    const { adapter, events, beforeClean, after } = await race('aws-2025');
    expect(events).toEqual([
      ...prefix,
      { kind: 'write', enactor: 'a', endpoint: 'regional', generation: 2, outcome: 'written' },
      { kind: 'clean', enactor: 'b', deleted: [1, 2] },
    ]);
    expect(beforeClean).toEqual({ plans: [1, 2, 3, 4], records: { regional: addresses(2) } });
    expect(after).toEqual({ plans: [3, 4], records: { regional: [] } });
    for (const e of ['a', 'b', 'c']) {
      expect(await adapter.step(e)).toMatchObject({ kind: e === 'a' ? 'clean' : 'idle' });
    }
    expect(await adapter.step('c')).toEqual({ kind: 'idle', enactor: 'c', reason: 'plan 2 of the record of regional is missing' });
    expect((await adapter.observe()).records.regional).toEqual([]);
  });

  it('fixed: the stale write is skipped and the clean-up spares the plan a still holds', async () => {
    const { adapter, events, beforeClean, after } = await race('fixed');
    expect(events).toEqual([
      ...prefix,
      { kind: 'write', enactor: 'a', endpoint: 'regional', generation: 2, outcome: 'skipped' },
      { kind: 'clean', enactor: 'b', deleted: [1] },
    ]);
    expect(beforeClean).toEqual({ plans: [1, 2, 3, 4], records: { regional: addresses(4) } });
    expect(after).toEqual({ plans: [2, 3, 4], records: { regional: addresses(4) } });
    expect(await adapter.step('a')).toEqual({ kind: 'clean', enactor: 'a', deleted: [] });
    expect(await adapter.collect()).toEqual({ kind: 'collect', deleted: [2] });
    expect(await adapter.step('c')).toEqual({ kind: 'idle', enactor: 'c', reason: 'every record is at plan 4' });
    expect(await adapter.observe()).toEqual({ plans: [3, 4], records: { regional: addresses(4) } });
  });

  it('cas-only: the record stays at 4, but the clean-up deletes the plan a still holds', async () => {
    const { adapter, events, after } = await race('cas-only');
    expect(events.slice(-2)).toEqual([
      { kind: 'write', enactor: 'a', endpoint: 'regional', generation: 2, outcome: 'skipped' },
      { kind: 'clean', enactor: 'b', deleted: [1, 2] },
    ]);
    expect(adapter.enactor('a')?.held?.generation).toBe(2);
    expect(after).toEqual({ plans: [3, 4], records: { regional: addresses(4) } });
  });

  it('ownership-only: the stale write goes back to plan 2, which the clean-up spares', async () => {
    const { events, after } = await race('ownership-only');
    expect(events.slice(-2)).toEqual([
      { kind: 'write', enactor: 'a', endpoint: 'regional', generation: 2, outcome: 'written' },
      { kind: 'clean', enactor: 'b', deleted: [1] },
    ]);
    expect(after).toEqual({ plans: [2, 3, 4], records: { regional: addresses(2) } });
  });
});
