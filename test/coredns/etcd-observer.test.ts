import { beforeEach, describe, expect, it } from 'vitest';
import { newRunId } from '../../adapters/coredns/adapter.js';
import { openEtcdBackend } from '../../adapters/coredns/etcd-backend.js';
import type { EtcdBackend } from '../../adapters/coredns/etcd-backend.js';
import { etcdAvailable } from '../support/etcd.js';
import { useEtcd } from '../support/etcd-suite.js';

const endpoints = ['regional', 'fips'];
const plan = (g: number) => ({
  generation: g,
  records: Object.fromEntries(endpoints.map((e, i) => [e, [`10.${i}.${g}.1`, `10.${i}.${g}.2`]])),
});

describe.skipIf(!etcdAvailable())('etcd observer (real etcd)', () => {
  const suite = useEtcd();
  let backend: EtcdBackend;
  beforeEach(async (context) => {
    backend = await openEtcdBackend({ endpoint: suite.server.endpoint, zone: 'dnsplan.test.', runId: newRunId(), endpoints });
    context.onTestFinished(() => backend.close());
  });

  it('observes the plans and what each record resolves to', async () => {
    for (const g of [1, 2]) await backend.plans.put(plan(g));
    await backend.dns.writeBlind('regional', plan(2));
    await backend.dns.writeBlind('fips', plan(1));
    expect(await backend.observer.observe()).toEqual({
      plans: [1, 2],
      records: { regional: ['10.0.2.1', '10.0.2.2'], fips: ['10.1.1.1', '10.1.1.2'] },
    });
    await backend.plans.delete([1]);
    expect(await backend.observer.observe()).toEqual({
      plans: [2],
      records: { regional: ['10.0.2.1', '10.0.2.2'], fips: [] },
    });
  });

  it('reports keys dnsplan did not write as foreign, and counts them as CoreDNS would', async () => {
    await backend.plans.put(plan(1));
    await backend.dns.writeBlind('regional', plan(1));
    await backend.dns.writeBlind('fips', plan(1));
    const dir = backend.layout.endpointDir('regional');
    await suite.raw.put(`${dir}zz-manual`).value('{"host":"10.9.9.9"}');
    await suite.raw.put(`${backend.layout.runDir}elsewhere/x`).value('{"host":"10.8.8.8"}');
    await suite.raw.put(backend.layout.recordKey('fips', 1, 1)).value('{"host":"10.7.7.7","ttl":30}');
    const seen = await backend.observer.observe();
    expect(seen.records).toEqual({ regional: ['10.0.1.1', '10.0.1.2', '10.9.9.9'], fips: ['10.7.7.7', '10.1.1.2'] });
    // a key of dnsplan's own shape is the implementation's write (it tears the answer); the others are foreign
    expect(seen.foreign).toHaveLength(2);
    expect(seen.foreign?.join('\n')).toContain(`${dir}zz-manual = {"host":"10.9.9.9"} (not a key dnsplan writes)`);
    expect(seen.foreign?.join('\n')).not.toContain('fips');
    await backend.clear();
    expect(await suite.raw.getAll().prefix(backend.layout.runDir).keys()).toHaveLength(2);
  });

  it('shows a torn record: keys of two plans under one name resolve to both', async () => {
    for (const g of [1, 2]) await backend.plans.put(plan(g));
    await backend.dns.writeBlind('regional', plan(1));
    await suite.raw.put(backend.layout.recordKey('regional', 2, 1)).value('{"host":"10.0.2.1","ttl":30}');
    const seen = await backend.observer.observe();
    expect(seen.records.regional).toEqual(['10.0.1.1', '10.0.1.2', '10.0.2.1']);
    expect(seen.foreign).toBeUndefined();
  });

  it('answers SERVFAIL-empty when a value under the name is not a SkyDNS message', async () => {
    await backend.plans.put(plan(1));
    await backend.dns.writeBlind('regional', plan(1));
    await suite.raw.put(`${backend.layout.endpointDir('regional')}broken`).value('{"host":1}');
    const snapshot = await backend.observer.snapshot();
    expect(snapshot.state.records.regional).toEqual([]);
    expect(snapshot.answers.regional).toMatchObject({ rcode: 'SERVFAIL' });
    expect(snapshot.state.foreign?.[0]).toContain('broken');
  });

  it('sees one revision: plans and records of a snapshot agree', async () => {
    await backend.plans.put(plan(1));
    await backend.dns.writeBlind('regional', plan(1));
    await backend.dns.writeBlind('fips', plan(1));
    const observing = backend.observer.observe();
    await backend.plans.delete([1]);
    const seen = await observing;
    const empty = seen.records.regional?.length === 0;
    expect(seen.plans.length === 0).toBe(empty);
  });
});
