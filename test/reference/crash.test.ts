import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../adapters/reference/memory-backend.js';
import { addresses, started } from './harness.js';

describe('crash', () => {
  it('of an idle enactor is reported and changes nothing', async () => {
    const { adapter } = await started('fixed', { crashes: true });
    expect(await adapter.crash('b')).toEqual({ kind: 'crash', enactor: 'b' });
    expect(adapter.enactor('b')?.pc).toBe('idle');
    expect(await adapter.observe()).toEqual({ plans: [1], records: { regional: addresses(1) } });
  });

  it('mid-apply forgets the plan and the pending endpoints; the next step picks again and writes every endpoint', async () => {
    const { adapter, next } = await started('fixed', { crashes: true, endpoints: ['regional', 'fips'] });
    await next();
    await adapter.step('a');
    await adapter.step('a');
    expect(adapter.enactor('a')?.pending).toEqual(['fips']);
    await adapter.crash('a');
    const a = adapter.enactor('a');
    expect([a?.pc, a?.held, a?.pending]).toEqual(['idle', undefined, []]);
    await next();
    expect(await adapter.step('a')).toEqual({ kind: 'pick', enactor: 'a', generation: 3 });
    expect(adapter.enactor('a')?.pending).toEqual(['regional', 'fips']);
  });

  it('releases the claim, so ownership GC may then delete the plan', async () => {
    let backend = new MemoryBackend();
    const { adapter, next } = await started('fixed', { crashes: true }, async () => (backend = new MemoryBackend()));
    await next();
    await adapter.step('a');
    await next();
    await next();
    expect(await backend.plans.claims()).toEqual(new Map([['a', 2]]));
    expect(await adapter.collect()).toEqual({ kind: 'collect', deleted: [] });
    await adapter.crash('a');
    expect(await backend.plans.claims()).toEqual(new Map());
    expect(await adapter.collect()).toEqual({ kind: 'collect', deleted: [2] });
  });

  it('while cleaning drops the clean-up: the enactor is idle and deletes nothing', async () => {
    const { adapter, next } = await started('aws-2025', { crashes: true });
    for (let i = 0; i < 3; i++) await next();
    await adapter.step('a');
    await adapter.step('a');
    expect(adapter.enactor('a')?.pc).toBe('clean');
    await adapter.crash('a');
    expect(await adapter.step('a')).toEqual({ kind: 'idle', enactor: 'a', reason: 'every record is at plan 4' });
    expect((await adapter.observe()).plans).toEqual([1, 2, 3, 4]);
  });
});
