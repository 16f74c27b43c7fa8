import { beforeEach, describe, expect, it } from 'vitest';
import { openEtcdBackend } from '../../adapters/coredns/etcd-backend.js';
import type { EtcdBackend } from '../../adapters/coredns/etcd-backend.js';
import { newRunId } from '../../adapters/coredns/adapter.js';
import { etcdAvailable } from '../support/etcd.js';
import { useEtcd } from '../support/etcd-suite.js';

const endpoints = ['regional', 'fips'];
const plan = (g: number) => ({
  generation: g,
  records: Object.fromEntries(endpoints.map((e, i) => [e, [`10.${i}.${g}.1`, `10.${i}.${g}.2`]])),
});

describe.skipIf(!etcdAvailable())('etcd stores (real etcd)', () => {
  const suite = useEtcd();
  let backend: EtcdBackend;
  beforeEach(async (context) => {
    backend = await openEtcdBackend({ endpoint: suite.server.endpoint, zone: 'dnsplan.test.', runId: newRunId(), endpoints });
    context.onTestFinished(() => backend.close());
  });

  const dnsKeys = async () => Object.keys(await suite.raw.getAll().prefix(backend.layout.runDir).strings()).sort();

  it('puts, gets and lists plans in generation order', async () => {
    for (const g of [10, 2, 1]) await backend.plans.put(plan(g));
    expect(await backend.plans.generations()).toEqual([1, 2, 10]);
    expect(await backend.plans.get(2)).toEqual(plan(2));
    expect(await backend.plans.get(3)).toBeUndefined();
    expect(await suite.raw.get(backend.layout.planKey(2)).json()).toEqual(plan(2));
  });

  it('refuses malformed plans before touching etcd', async () => {
    await expect(backend.plans.put({ generation: 0, records: {} })).rejects.toThrow(/from 1 to/);
    await expect(backend.plans.put({ generation: 1, records: { regional: [] } })).rejects.toThrow(/non-empty/);
    await expect(backend.plans.put({ generation: 1, records: { Regional: ['10.0.0.1'] } })).rejects.toThrow(/label/);
    expect(await backend.plans.generations()).toEqual([]);
  });

  it('writes a record as one key per address under its plan, in the SkyDNS layout', async () => {
    await backend.plans.put(plan(4));
    await backend.dns.writeBlind('regional', plan(4));
    expect(await suite.raw.getAll().prefix(backend.layout.endpointDir('regional')).strings()).toEqual({
      [backend.layout.recordKey('regional', 4, 1)]: '{"host":"10.0.4.1","ttl":30}',
      [backend.layout.recordKey('regional', 4, 2)]: '{"host":"10.0.4.2","ttl":30}',
    });
    expect(await backend.dns.recordPlan('regional')).toBe(4);
    expect(await backend.dns.recordPlan('fips')).toBeUndefined();
    expect(await backend.dns.resolve('regional')).toEqual(['10.0.4.1', '10.0.4.2']);
    expect(await backend.dns.resolve('fips')).toEqual([]);
  });

  it('replaces the whole record in a blind write, older or newer, and rewrites the same plan', async () => {
    for (const g of [2, 3]) await backend.plans.put(plan(g));
    await backend.dns.writeBlind('regional', plan(3));
    await backend.dns.writeBlind('regional', plan(2));
    expect(await backend.dns.recordPlan('regional')).toBe(2);
    expect(await backend.dns.resolve('regional')).toEqual(['10.0.2.1', '10.0.2.2']);
    await backend.dns.writeBlind('regional', plan(2));
    expect(await dnsKeys()).toEqual([backend.layout.recordKey('regional', 2, 1), backend.layout.recordKey('regional', 2, 2)]);
  });

  it('leaves keys it did not write in place when it replaces a record', async () => {
    for (const g of [1, 2]) await backend.plans.put(plan(g));
    const foreign = `${backend.layout.endpointDir('regional')}manual`;
    await suite.raw.put(foreign).value('{"host":"10.9.9.9"}');
    await backend.dns.writeBlind('regional', plan(1));
    await backend.dns.writeCas('regional', plan(2));
    expect(await dnsKeys()).toEqual([
      backend.layout.recordKey('regional', 2, 1),
      backend.layout.recordKey('regional', 2, 2),
      foreign,
    ]);
  });

  it('cas-writes only over an older plan and skips otherwise', async () => {
    for (const g of [1, 2, 3]) await backend.plans.put(plan(g));
    expect(await backend.dns.writeCas('regional', plan(2))).toBe('written');
    expect(await backend.dns.writeCas('regional', plan(1))).toBe('skipped');
    expect(await backend.dns.writeCas('regional', plan(2))).toBe('skipped');
    expect(await backend.dns.recordPlan('regional')).toBe(2);
    expect(await backend.dns.writeCas('regional', plan(3))).toBe('written');
    expect(await backend.dns.resolve('regional')).toEqual(['10.0.3.1', '10.0.3.2']);
  });

  it('deleting plans deletes their record keys for every endpoint in one transaction', async () => {
    for (const g of [1, 2]) await backend.plans.put(plan(g));
    await backend.dns.writeBlind('regional', plan(1));
    await backend.dns.writeBlind('fips', plan(2));
    const before = (await suite.raw.get(backend.layout.planKey(2)).exec()).header.revision;
    await backend.plans.delete([1, 2]);
    expect(await backend.plans.generations()).toEqual([]);
    expect(await dnsKeys()).toEqual([]);
    expect(Number((await suite.raw.get('/').exec()).header.revision)).toBe(Number(before) + 1);
    expect(await backend.dns.recordPlan('regional')).toBe(1);
    expect(await backend.dns.resolve('regional')).toEqual([]);
  });

  it('a write of a plan that is no longer stored empties the record and points it at that plan', async () => {
    await backend.plans.put(plan(1));
    await backend.dns.writeBlind('regional', plan(1));
    expect(await backend.dns.writeCas('regional', plan(5))).toBe('written');
    expect(await backend.dns.recordPlan('regional')).toBe(5);
    expect(await backend.dns.resolve('regional')).toEqual([]);
    expect(await dnsKeys()).toEqual([]);
  });

  it('two clients racing cas writes leave exactly one whole record, the newest', async () => {
    const other = await openEtcdBackend({ endpoint: suite.server.endpoint, zone: 'dnsplan.test.', runId: backend.layout.runId, endpoints });
    try {
      for (const g of [1, 2, 3, 4]) await backend.plans.put(plan(g));
      const outcomes = await Promise.all([
        backend.dns.writeCas('regional', plan(3)),
        other.dns.writeCas('regional', plan(4)),
        backend.dns.writeCas('regional', plan(2)),
        other.dns.writeBlind('fips', plan(2)),
        backend.dns.writeBlind('fips', plan(3)),
      ]);
      expect(outcomes[1]).toBe('written');
      expect(await backend.dns.resolve('regional')).toEqual(['10.0.4.1', '10.0.4.2']);
      const fips = await backend.dns.resolve('fips');
      expect([['10.1.2.1', '10.1.2.2'], ['10.1.3.1', '10.1.3.2']]).toContainEqual(fips);
      expect((await dnsKeys()).length).toBe(4);
    } finally {
      await other.close();
    }
  });

  it('keeps claims per enactor', async () => {
    await backend.plans.claim('a', 3);
    await backend.plans.claim('b/with spaces', 4);
    await backend.plans.claim('a', 5);
    expect(await backend.plans.claims()).toEqual(new Map([['a', 5], ['b/with spaces', 4]]));
    await backend.plans.release('a');
    await backend.plans.release('nobody');
    expect(await backend.plans.claims()).toEqual(new Map([['b/with spaces', 4]]));
  });

  it('two runs on one etcd do not see each other, and clear removes only its own keys', async () => {
    const other = await openEtcdBackend({ endpoint: suite.server.endpoint, zone: 'dnsplan.test.', runId: `${backend.layout.runId}x`, endpoints });
    try {
      await backend.plans.put(plan(1));
      await backend.dns.writeBlind('regional', plan(1));
      await backend.plans.claim('a', 1);
      await other.plans.put(plan(7));
      await other.dns.writeBlind('regional', plan(7));
      expect(await backend.plans.generations()).toEqual([1]);
      expect(await other.plans.generations()).toEqual([7]);
      expect(await other.plans.claims()).toEqual(new Map());
      expect(await backend.dns.resolve('regional')).toEqual(['10.0.1.1', '10.0.1.2']);
      expect(await other.dns.resolve('regional')).toEqual(['10.0.7.1', '10.0.7.2']);
      await other.plans.delete([1, 7]);
      expect(await backend.plans.generations()).toEqual([1]);
      const foreign = `${backend.layout.endpointDir('fips')}manual`;
      await suite.raw.put(foreign).value('{"host":"10.9.9.9"}');
      await backend.clear();
      expect(await dnsKeys()).toEqual([foreign]);
      expect(await suite.raw.getAll().prefix(backend.layout.metaPrefix).keys()).toEqual([]);
      expect(await other.dns.resolve('regional')).toEqual([]);
      expect(await other.dns.recordPlan('regional')).toBe(7);
    } finally {
      await other.close();
    }
  });
});
