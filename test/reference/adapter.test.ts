import { describe, expect, it } from 'vitest';
import { AdapterError } from '../../conformance/adapter.js';
import { ReferenceAdapter } from '../../adapters/reference/adapter.js';
import { MemoryBackend } from '../../adapters/reference/memory-backend.js';
import type { Backend } from '../../adapters/reference/stores.js';
import { addresses, constantsOf, planOf, started } from './harness.js';

function failure(promise: Promise<unknown>): Promise<AdapterError> {
  return promise.then(
    () => expect.fail('expected an AdapterError'),
    (error: unknown) => {
      expect(error).toBeInstanceOf(AdapterError);
      return error as AdapterError;
    },
  );
}

describe('ReferenceAdapter', () => {
  it('names itself after its variant and observes the implementation', () => {
    const adapter = new ReferenceAdapter({ variant: 'torn-write' });
    expect([adapter.target, adapter.observer]).toEqual(['reference:torn-write', 'implementation']);
    expect(() => new ReferenceAdapter({ variant: 'fixd' })).toThrow(/known: aws-2025, cas-only, ownership-only, fixed/);
  });

  it('starts from plan 1 applied to every endpoint, every enactor idle', async () => {
    const { adapter } = await started('fixed', { endpoints: ['regional', 'fips', 'dualstack'] });
    expect(await adapter.observe()).toEqual({
      plans: [1],
      records: { regional: addresses(1), fips: addresses(1, 1), dualstack: addresses(1, 2) },
    });
    expect(['a', 'b', 'c'].map((e) => adapter.enactor(e)?.pc)).toEqual(['idle', 'idle', 'idle']);
    expect(await adapter.step('a')).toEqual({ kind: 'idle', enactor: 'a', reason: 'every record is at plan 1' });
  });

  it('writes endpoints in endpoint order, one per step, then cleans', async () => {
    const { adapter, next } = await started('aws-2025', { endpoints: ['regional', 'fips'] });
    await next();
    const events = [];
    for (let i = 0; i < 4; i++) events.push(await adapter.step('c'));
    expect(events).toEqual([
      { kind: 'pick', enactor: 'c', generation: 2 },
      { kind: 'write', enactor: 'c', endpoint: 'regional', generation: 2, outcome: 'written' },
      { kind: 'write', enactor: 'c', endpoint: 'fips', generation: 2, outcome: 'written' },
      { kind: 'clean', enactor: 'c', deleted: [] },
    ]);
  });

  it('a reset forgets the previous run, even on a backend that keeps its data', async () => {
    const kept = new MemoryBackend();
    let closed = 0;
    const backend = async (): Promise<Backend> => ({ plans: kept.plans, dns: kept.dns, close: async () => void closed++ });
    const { adapter, next } = await started('fixed', {}, backend);
    await next();
    await adapter.step('a');
    await adapter.step('a');
    await adapter.reset({ protocol: 'dnsplan/1', constants: constantsOf(), plan: planOf(1, ['regional']) });
    expect(closed).toBe(1);
    expect(await adapter.observe()).toEqual({ plans: [1], records: { regional: addresses(1) } });
    expect(await kept.plans.claims()).toEqual(new Map());
    expect(adapter.enactor('a')?.pc).toBe('idle');
    await adapter.close();
    expect(closed).toBe(2);
  });

  it('refuses calls it cannot make, saying they did not happen', async () => {
    const fresh = new ReferenceAdapter({ variant: 'fixed' });
    expect((await failure(Promise.resolve().then(() => fresh.step('a')))).details).toMatchObject({ lifecycle: 'step(a)', happened: 'no' });
    const { adapter } = await started('fixed');
    const unknown = await failure(Promise.resolve().then(() => adapter.step('z')));
    expect(unknown.message).toBe('reference: step(z): unknown enactor "z"; the enactors are a, b, c');
    expect(unknown.details).toMatchObject({ lifecycle: 'step(z)', happened: 'no', sent: { enactor: 'z' } });
    const reset = (plan = planOf(1, ['regional']), protocol = 'dnsplan/1') =>
      failure(adapter.reset({ protocol: protocol as 'dnsplan/1', constants: constantsOf(), plan }));
    expect((await reset(planOf(2, ['regional']))).message).toMatch(/must be plan 1/);
    expect((await reset(planOf(1, ['fips']))).message).toMatch(/no addresses for regional/);
    expect((await reset(undefined, 'dnsplan/2')).details.happened).toBe('no');
  });

  it('reports a backend failure as one that may have happened, unless the backend says it did not', async () => {
    for (const [details, happened] of [[undefined, 'unknown'], [{ happened: 'no' }, 'no']] as const) {
      const backend = async (): Promise<Backend> => {
        const memory = new MemoryBackend();
        memory.plans.put = () => Promise.reject(Object.assign(new Error('etcd is away'), { details }));
        await memory.dns.writeBlind('regional', planOf(1, ['regional']));
        return memory;
      };
      const adapter = new ReferenceAdapter({ variant: 'fixed', backend });
      const error = await failure(adapter.reset({ protocol: 'dnsplan/1', constants: constantsOf(), plan: planOf(1, ['regional']) }));
      expect(error.message).toBe('reference: reset failed: etcd is away');
      expect(error.details).toMatchObject({ lifecycle: 'reset', happened });
    }
  });

  it('calls a clean-up that deleted plans but lost its claim release one that may have happened', async () => {
    let backend = new MemoryBackend();
    const { adapter, next } = await started('fixed', {}, async () => (backend = new MemoryBackend()));
    for (let i = 0; i < 3; i++) await next();
    await adapter.step('a');
    await adapter.step('a');
    backend.plans.release = () => Promise.reject(Object.assign(new Error('timeout'), { details: { happened: 'no' } }));
    const error = await failure(adapter.step('a'));
    expect(error.details.happened).toBe('unknown');
    expect(error.message).toMatch(/deleted plans \[1, 2\] but could not release its claim: timeout/);
  });
});
