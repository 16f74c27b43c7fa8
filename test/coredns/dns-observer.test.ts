import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsClient } from '../../adapters/coredns/dns-client.js';
import { DnsObserver } from '../../adapters/coredns/dns-observer.js';
import { freePort } from '../../adapters/coredns/free-port.js';
import type { Observer } from '../../adapters/coredns/observer.js';
import { python3Available, startResponder } from './fixtures/responder.js';
import type { Responder } from './fixtures/responder.js';
import { HANG_MS } from '../support/hang.js';

const base: Observer = { name: 'etcd', observe: async () => ({ plans: [1, 2], records: {}, foreign: ['x'] }) };

describe.skipIf(!python3Available())('DNS observer (against a DNS responder in another process)', () => {
  let responder: Responder;
  let dir: string;
  const table = () => join(dir, 'table.json');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnsplan-dns-test-'));
    responder = await startResponder(
      [
        'regional.r1.dnsplan.test=10.0.2.1,10.0.2.2',
        'nodata.r1.dnsplan.test=NODATA',
        'broken.r1.dnsplan.test=SERVFAIL',
        'refused.r1.dnsplan.test=REFUSED',
        'silent.r1.dnsplan.test=DROP',
      ],
      ['--table-file', join(dir, 'table.json')],
    );
  });
  afterAll(async () => {
    await responder?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('tells every kind of reply apart', async () => {
    const client = new DnsClient(responder.port, 500);
    expect(await client.queryA('regional.r1.dnsplan.test.')).toEqual({ rcode: 'NOERROR', addresses: ['10.0.2.1', '10.0.2.2'] });
    expect(await client.queryA('nodata.r1.dnsplan.test.')).toEqual({ rcode: 'NODATA', addresses: [] });
    expect(await client.queryA('missing.r1.dnsplan.test.')).toEqual({ rcode: 'NXDOMAIN', addresses: [] });
    expect(await client.queryA('broken.r1.dnsplan.test.')).toEqual({ rcode: 'SERVFAIL', addresses: [] });
    expect(await client.queryA('refused.r1.dnsplan.test.')).toEqual({ rcode: 'REFUSED', addresses: [] });
  });

  it('rejects, naming the server, when no reply comes within the timeout', async () => {
    const client = new DnsClient(responder.port, 300);
    const started = Date.now();
    await expect(client.queryA('silent.r1.dnsplan.test.')).rejects.toThrow(`127.0.0.1:${responder.port}`);
    expect(Date.now() - started).toBeLessThan(HANG_MS);
    const nobody = new DnsClient(await freePort({ udp: true }), 300);
    await expect(nobody.queryA('regional.r1.dnsplan.test.')).rejects.toThrow(/gave no reply/);
  });

  it('observes records from DNS and plans and foreign keys from its base observer', async () => {
    const observer = new DnsObserver({
      port: responder.port,
      names: { regional: 'regional.r1.dnsplan.test.', fips: 'fips.r1.dnsplan.test.', nodata: 'nodata.r1.dnsplan.test.' },
      base,
      timeoutMs: 500,
    });
    expect(observer.name).toBe('dns');
    expect(await observer.observe()).toEqual({
      plans: [1, 2],
      records: { regional: ['10.0.2.1', '10.0.2.2'], fips: [], nodata: [] },
      foreign: ['x'],
    });
  });

  it('sees a changed answer on the next query (no client-side cache)', async () => {
    const client = new DnsClient(responder.port, 500);
    await writeFile(table(), JSON.stringify({ 'fips.r1.dnsplan.test.': '10.1.3.1' }));
    expect((await client.queryA('fips.r1.dnsplan.test.')).addresses).toEqual(['10.1.3.1']);
    await writeFile(table(), JSON.stringify({ 'fips.r1.dnsplan.test.': '10.1.4.1' }));
    expect((await client.queryA('fips.r1.dnsplan.test.')).addresses).toEqual(['10.1.4.1']);
  });
});
