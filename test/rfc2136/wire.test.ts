import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../adapters/coredns/free-port.js';
import { DnsClient, DnsUnreachable, ZoneClient, Rfc2136Error, signMessage, signed, verifyReply, encodeUpdate, parseTsig } from '../../adapters/rfc2136/index.js';
import { namedAvailable, startTestNamed, type NamedServer } from '../support/named.js';

const Z = 'dnsplan.test.';

describe('TSIG and the --tsig flag', () => {
  it('parses NAME:SECRET and refuses what is not', () => {
    expect(parseTsig(`k1:${Buffer.alloc(32, 1).toString('base64')}`)).toMatchObject({ name: 'k1' });
    expect(parseTsig('nocolon')).toMatch(/NAME:SECRET/);
    expect(parseTsig('k1:short')).toMatch(/at least 16 bytes/);
  });

  it('appends one signed TSIG record and counts it in ARCOUNT', () => {
    const message = encodeUpdate(7, Z, [], []);
    const signed = signMessage(message, { name: 'k1', secret: Buffer.alloc(32, 1).toString('base64') }, 1_700_000_000);
    expect(signed.readUInt16BE(10)).toBe(1);
    expect(signed.subarray(0, message.length).subarray(12)).toEqual(message.subarray(12));
    // signing the same message at the same time gives the same MAC; another key another one
    expect(signMessage(message, { name: 'k1', secret: Buffer.alloc(32, 1).toString('base64') }, 1_700_000_000)).toEqual(signed);
    expect(signMessage(message, { name: 'k1', secret: Buffer.alloc(32, 2).toString('base64') }, 1_700_000_000)).not.toEqual(signed);
  });
});

describe('no DNS server', () => {
  it('a query to a port where nothing listens fails within its timeout, naming the server', async () => {
    const port = await freePort({ udp: true });
    const client = new DnsClient({ host: '127.0.0.1', port }, { timeoutMs: 200 });
    await expect(client.query('x.dnsplan.test.', 'A')).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${port} gave no reply to x.dnsplan.test. A within 200 ms`));
    await expect(client.query('x.dnsplan.test.', 'A')).rejects.toBeInstanceOf(DnsUnreachable);
    client.close();
  });
});

describe.skipIf(!namedAvailable())('the wire format against BIND9 named', () => {
  let named: NamedServer;
  let zone: ZoneClient;
  beforeAll(async () => {
    named = await startTestNamed(Z);
    zone = new ZoneClient({ server: { host: '127.0.0.1', port: named.port }, zone: Z, tsig: named.key });
  });
  afterAll(async () => {
    zone?.close();
    await named?.stop();
  });

  it('prerequisites make an update all-or-nothing: a value-dependent CNAME compare commits only on the value read', async () => {
    const name = 'cas.w1.dnsplan.test.';
    expect(await zone.update([{ kind: 'rrset-absent', name, type: 'CNAME' }], [{ kind: 'add', name, type: 'CNAME', ttl: 30, value: 'g1.cas.w1.dnsplan.test.' }], 'create')).toBe(true);
    expect(await zone.update([{ kind: 'rrset-absent', name, type: 'CNAME' }], [{ kind: 'add', name: 'other.w1.dnsplan.test.', type: 'A', ttl: 30, value: '10.9.9.9' }], 'again')).toBe(false);
    const stale = [{ kind: 'rrset-is', name, type: 'CNAME', value: 'g7.cas.w1.dnsplan.test.' }] as const;
    const move = [{ kind: 'delete-rrset', name, type: 'CNAME' }, { kind: 'add', name, type: 'CNAME', ttl: 30, value: 'g2.cas.w1.dnsplan.test.' }] as const;
    expect(await zone.update(stale, move, 'stale cas')).toBe(false);
    expect((await zone.query(name, 'CNAME')).records).toEqual([{ type: 'CNAME', name: 'cas.w1.dnsplan.test', target: 'g1.cas.w1.dnsplan.test' }]);
    expect(await zone.update([{ kind: 'rrset-is', name, type: 'CNAME', value: 'g1.cas.w1.dnsplan.test.' }], move, 'fresh cas')).toBe(true);
    expect((await zone.query(name, 'CNAME')).records).toEqual([{ type: 'CNAME', name: 'cas.w1.dnsplan.test', target: 'g2.cas.w1.dnsplan.test' }]);
    // nothing of the failed updates was applied
    expect((await zone.query('other.w1.dnsplan.test.', 'A')).rcode).toBe('NXDOMAIN');
  });

  it('a dangling CNAME resolves to nothing: NXDOMAIN with the CNAME in the answer', async () => {
    const reply = await zone.query('cas.w1.dnsplan.test.', 'A');
    expect(reply.rcode).toBe('NXDOMAIN');
    expect(reply.records.filter((r) => r.type === 'A')).toEqual([]);
  });

  it('an update signed with the wrong key is refused with NOTAUTH and BADSIG, naming the server and zone', async () => {
    const wrong = new ZoneClient({ server: { host: '127.0.0.1', port: named.port }, zone: Z, tsig: { name: named.key.name, secret: Buffer.alloc(32, 3).toString('base64') } });
    const error = await wrong.update([], [{ kind: 'delete-rrset', name: 'x.dnsplan.test.', type: 'A' }], 'probe').catch((e: unknown) => e);
    wrong.close();
    expect(error).toBeInstanceOf(Rfc2136Error);
    expect((error as Error).message).toMatch(new RegExp(`DNS server 127\\.0\\.0\\.1:${named.port} refused the update \\(probe\\) in zone dnsplan\\.test\\., signed with key dnsplan-key: NOTAUTH, TSIG BADSIG`));
  });

  it('verifies the MAC of a signed reply: a reply changed on the way, or under another key, does not', async () => {
    const request = signed(encodeUpdate(4242, Z, [], [{ kind: 'delete-rrset', name: 'nothing.w1.dnsplan.test.', type: 'A' }]), named.key);
    const reply = await zone.client.transport.exchange(request.message, 'probe');
    expect(verifyReply(reply, request.mac, named.key)).toBeUndefined();
    const changed = Buffer.from(reply);
    changed[3] = (changed[3]! & 0xf0) | 5; // REFUSED instead of NOERROR
    expect(verifyReply(changed, request.mac, named.key)).toBe('its TSIG MAC does not verify under the key');
    expect(verifyReply(reply, request.mac, { name: named.key.name, secret: Buffer.alloc(32, 9).toString('base64') })).toBe('its TSIG MAC does not verify under the key');
    expect(verifyReply(reply, Buffer.alloc(32), named.key)).toBe('its TSIG MAC does not verify under the key');
  });

  it('an unsigned update is REFUSED', async () => {
    const unsigned = new ZoneClient({ server: { host: '127.0.0.1', port: named.port }, zone: Z });
    await expect(unsigned.update([], [{ kind: 'delete-rrset', name: 'x.dnsplan.test.', type: 'A' }], 'probe')).rejects.toThrow(/unsigned: REFUSED/);
    unsigned.close();
  });

  it('a zone the server does not serve: REFUSED on query, NOTAUTH on update', async () => {
    const other = new ZoneClient({ server: { host: '127.0.0.1', port: named.port }, zone: 'elsewhere.test.', tsig: named.key });
    await expect(other.query('x.elsewhere.test.', 'A')).rejects.toThrow(/answered x\.elsewhere\.test\. A with REFUSED \(is zone elsewhere\.test\. served there\?\)/);
    await expect(other.update([], [{ kind: 'delete-rrset', name: 'x.elsewhere.test.', type: 'A' }], 'probe')).rejects.toThrow(/NOTAUTH/);
    other.close();
  });

  it('a UDP answer too large for 512 bytes comes truncated and is asked again over TCP', async () => {
    const name = 'big.w1.dnsplan.test.';
    const addresses = Array.from({ length: 60 }, (_, i) => `10.200.${i}.1`);
    await zone.update([], addresses.map((value) => ({ kind: 'add', name, type: 'A', ttl: 30, value }) as const), 'many');
    const before = zone.client.transport.tcpFallbacks;
    const reply = await zone.query(name, 'A');
    expect(zone.client.transport.tcpFallbacks).toBe(before + 1);
    expect(reply.records.map((r) => (r.type === 'A' ? r.address : '')).sort()).toEqual([...addresses].sort());
  });
});
