import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newRfc2136RunId, openRfc2136Backend, ZoneClient, type Rfc2136Backend } from '../../adapters/rfc2136/index.js';
import { namedAvailable, startTestNamed, type NamedServer } from '../support/named.js';

const endpoints = ['regional', 'fips'];
const plan = (g: number) => ({ generation: g, records: Object.fromEntries(endpoints.map((e, i) => [e, [`10.${i}.${g}.1`, `10.${i}.${g}.2`]])) });

/** The plan store, claims and records of the reference in a zone of a real named. */
describe.skipIf(!namedAvailable())('the RFC 2136 backend on BIND9 named', () => {
  let named: NamedServer;
  let open: () => Promise<Rfc2136Backend>;
  let backend: Rfc2136Backend;
  beforeAll(async () => {
    named = await startTestNamed();
  });
  afterAll(async () => {
    await named?.stop();
  });
  beforeEach(async (context) => {
    const runId = newRfc2136RunId();
    open = () => openRfc2136Backend({ server: { host: named.host, port: named.port }, zone: named.zone, tsig: named.key, runId, endpoints, enactors: ['a', 'b'] });
    backend = await open();
    context.onTestFinished(() => backend.close());
  });

  it('keeps plans, claims and records; deleting a plan leaves its endpoints resolving to nothing', async () => {
    for (const g of [1, 2]) await backend.plans.put(plan(g));
    expect(await backend.plans.generations()).toEqual([1, 2]);
    expect(await backend.plans.get(2)).toEqual(plan(2));
    await backend.dns.writeBlind('regional', plan(2));
    await backend.dns.writeBlind('fips', plan(1));
    await backend.plans.claim('a', 2);
    expect([...(await backend.plans.claims())]).toEqual([['a', 2]]);
    expect(await backend.dns.recordPlan('regional')).toBe(2);
    expect(await backend.observer.observe()).toEqual({ plans: [1, 2], records: { regional: ['10.0.2.1', '10.0.2.2'], fips: ['10.1.1.1', '10.1.1.2'] } });
    await backend.plans.delete([1]);
    // the CNAME of fips still names plan 1, whose record is gone: the outage, served by named
    expect(await backend.dns.recordPlan('fips')).toBe(1);
    expect(await backend.observer.observe()).toEqual({ plans: [2], records: { regional: ['10.0.2.1', '10.0.2.2'], fips: [] } });
    await backend.plans.release('a');
    expect((await backend.plans.claims()).size).toBe(0);
  });

  it('a cas write only moves a record forward; a blind write of a deleted plan points at nothing', async () => {
    for (const g of [1, 2, 3]) await backend.plans.put(plan(g));
    expect(await backend.dns.writeCas('regional', plan(2))).toBe('written');
    expect(await backend.dns.writeCas('regional', plan(1))).toBe('skipped');
    expect(await backend.dns.writeCas('regional', plan(2))).toBe('skipped');
    expect(await backend.dns.writeCas('regional', plan(3))).toBe('written');
    await backend.plans.delete([1]);
    await backend.dns.writeBlind('regional', plan(1));
    expect(await backend.dns.recordPlan('regional')).toBe(1);
    expect(await backend.dns.resolve('regional')).toEqual([]);
  });

  it('two clients racing cas writes: each write is all or nothing, the record ends at the newer plan', async () => {
    const other = await open();
    try {
      for (const g of [1, 2, 3]) await backend.plans.put(plan(g));
      await backend.dns.writeBlind('regional', plan(1));
      const outcomes = await Promise.all([backend.dns.writeCas('regional', plan(3)), other.dns.writeCas('regional', plan(2))]);
      expect(outcomes).toContain('written');
      expect(await backend.dns.recordPlan('regional')).toBe(3);
      expect((await backend.dns.resolve('regional')).sort()).toEqual(['10.0.3.1', '10.0.3.2']);
    } finally {
      await other.close();
    }
  });

  it('reports a record of a shape dnsplan never writes as foreign, and counts it as served', async () => {
    await backend.plans.put(plan(1));
    for (const e of endpoints) await backend.dns.writeBlind(e, plan(1));
    const name = backend.layout.endpointName('fips');
    const planted = `elsewhere.${backend.layout.runDomain}`;
    const raw = new ZoneClient({ server: { host: named.host, port: named.port }, zone: named.zone, tsig: named.key });
    await raw.update([], [
      { kind: 'add', name: planted, type: 'A', ttl: 30, value: '10.9.9.9' },
      { kind: 'delete-rrset', name, type: 'CNAME' },
      { kind: 'add', name, type: 'CNAME', ttl: 30, value: planted },
    ], 'plant');
    raw.close();
    const seen = await backend.observer.observe();
    expect(seen.records['fips']).toEqual(['10.9.9.9']);
    expect(seen.foreign).toEqual([`${name} CNAME ${planted} (not a plan's record of fips)`, `${planted} A 10.9.9.9 (not a plan's record of fips)`]);
  });
});
