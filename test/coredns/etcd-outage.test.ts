import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCorednsBackendFactory } from '../../adapters/coredns/adapter.js';
import { EtcdStoreError } from '../../adapters/coredns/etcd-connection.js';
import { freePort } from '../../adapters/coredns/free-port.js';
import { etcdAvailable, startEtcd } from '../support/etcd.js';
import type { EtcdServer } from '../support/etcd.js';
import { HANG_MS } from '../support/hang.js';

const plan = (g: number) => ({ generation: g, records: { regional: [`10.0.${g}.1`] } });

describe('etcd unreachable', () => {
  it('fails to open a backend without hanging, naming the endpoint', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const opening = makeCorednsBackendFactory({ etcd: endpoint })({ endpoints: ['regional'] });
    await expect(opening).rejects.toThrow(EtcdStoreError);
    await expect(opening).rejects.toThrow(`etcd at ${endpoint} is unreachable`);
    expect(Date.now() - started).toBeLessThan(HANG_MS);
  });
});

describe.skipIf(!etcdAvailable())('etcd outage (real etcd)', () => {
  let etcd: EtcdServer;

  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  it('keeps working after etcd restarts, with the same client', async () => {
    const backend = await makeCorednsBackendFactory({ etcd: etcd.endpoint })({ endpoints: ['regional'] });
    try {
      await backend.plans.put(plan(1));
      await backend.dns.writeBlind('regional', plan(1));
      await etcd.restart();
      expect(await backend.plans.generations()).toEqual([1]);
      await backend.plans.put(plan(2));
      expect(await backend.dns.writeCas('regional', plan(2))).toBe('written');
      expect(await backend.dns.resolve('regional')).toEqual(['10.0.2.1']);
    } finally {
      await backend.close();
    }
  });

  it('fails a call while etcd is down, saying whether it happened, then recovers', async () => {
    const backend = await makeCorednsBackendFactory({ etcd: etcd.endpoint, callTimeoutMs: 500 })({ endpoints: ['regional'] });
    try {
      await backend.plans.put(plan(1));
      await etcd.pause();
      const started = Date.now();
      const failure = await backend.dns.writeCas('regional', plan(1)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(EtcdStoreError);
      expect((failure as EtcdStoreError).message).toContain(etcd.endpoint);
      expect((failure as EtcdStoreError).details.happened).toBe('no');
      expect(Date.now() - started).toBeLessThan(HANG_MS);
      await etcd.start();
      expect(await backend.dns.writeCas('regional', plan(1))).toBe('written');
    } finally {
      await backend.close();
    }
  });
});
