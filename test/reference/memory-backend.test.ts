import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../adapters/reference/memory-backend.js';
import { planOf } from './harness.js';

const endpoints = ['regional', 'fips'];
const plan = (g: number) => planOf(g, endpoints);

describe('the in-memory backend', () => {
  it('puts, gets and lists plans in generation order', async () => {
    const { plans } = new MemoryBackend();
    for (const g of [10, 2, 1, 2]) await plans.put(plan(g));
    expect(await plans.generations()).toEqual([1, 2, 10]);
    expect(await plans.get(2)).toEqual(plan(2));
    expect(await plans.get(3)).toBeUndefined();
    (await plans.generations()).push(99);
    expect(await plans.generations()).toEqual([1, 2, 10]);
  });

  it('writes a whole record from a plan and says which plan it belongs to', async () => {
    const { plans, dns } = new MemoryBackend();
    await plans.put(plan(4));
    expect(await dns.recordPlan('regional')).toBeUndefined();
    expect(await dns.resolve('regional')).toEqual([]);
    await dns.writeBlind('regional', plan(4));
    expect(await dns.recordPlan('regional')).toBe(4);
    expect(await dns.resolve('regional')).toEqual(['10.0.4.1', '10.0.4.2']);
    expect(await dns.resolve('fips')).toEqual([]);
    await expect(dns.writeBlind('other', plan(4))).rejects.toThrow('plan 4 has no record for other');
  });

  it('writes blind over a newer record, and cas only over an older one', async () => {
    const { plans, dns } = new MemoryBackend();
    for (const g of [2, 3]) await plans.put(plan(g));
    expect(await dns.writeCas('regional', plan(2))).toBe('written');
    expect(await dns.writeCas('regional', plan(3))).toBe('written');
    expect(await dns.writeCas('regional', plan(3))).toBe('skipped');
    expect(await dns.writeCas('regional', plan(2))).toBe('skipped');
    expect(await dns.resolve('regional')).toEqual(['10.0.3.1', '10.0.3.2']);
    await dns.writeBlind('regional', plan(2));
    expect(await dns.recordPlan('regional')).toBe(2);
    expect(await dns.resolve('regional')).toEqual(['10.0.2.1', '10.0.2.2']);
  });

  it('deletes the records of a deleted plan: the record still points to it and resolves to nothing', async () => {
    const { plans, dns } = new MemoryBackend();
    for (const g of [1, 2]) await plans.put(plan(g));
    await dns.writeBlind('regional', plan(1));
    await dns.writeBlind('fips', plan(2));
    await plans.delete([1, 7]);
    expect(await plans.generations()).toEqual([2]);
    expect(await dns.recordPlan('regional')).toBe(1);
    expect(await dns.resolve('regional')).toEqual([]);
    expect(await dns.resolve('fips')).toEqual(['10.1.2.1', '10.1.2.2']);
  });

  it('writes a record of a plan no longer in the store as one that resolves to nothing', async () => {
    const { plans, dns } = new MemoryBackend();
    await plans.put(plan(1));
    await dns.writeBlind('regional', plan(1));
    expect(await dns.writeCas('regional', plan(2))).toBe('written');
    expect(await dns.recordPlan('regional')).toBe(2);
    expect(await dns.resolve('regional')).toEqual([]);
  });

  it('keeps one claim per enactor, the latest', async () => {
    const { plans } = new MemoryBackend();
    await plans.claim('a', 2);
    await plans.claim('b', 3);
    await plans.claim('a', 4);
    const before = await plans.claims();
    await plans.release('b');
    await plans.release('c');
    expect(before).toEqual(new Map([['a', 4], ['b', 3]]));
    expect(await plans.claims()).toEqual(new Map([['a', 4]]));
  });
});
