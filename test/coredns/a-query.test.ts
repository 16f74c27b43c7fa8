import { describe, expect, it } from 'vitest';
import { answerA } from '../../adapters/coredns/a-query.js';
import type { KeyReader, StoredKey } from '../../adapters/coredns/a-query.js';

/** etcd as a sorted map, read the two ways the etcd plugin reads it. */
function reader(entries: Record<string, string>, leased: readonly string[] = []): KeyReader & { reads: string[] } {
  const kvs: StoredKey[] = Object.entries(entries)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value, leased: leased.includes(key) }));
  const reads: string[] = [];
  return {
    reads,
    prefix: async (prefix) => {
      reads.push(`prefix ${prefix}`);
      return kvs.filter((kv) => kv.key.startsWith(prefix));
    },
    exact: async (key) => {
      reads.push(`exact ${key}`);
      return kvs.find((kv) => kv.key === key);
    },
  };
}

const view = { zone: 'dnsplan.test.', pathPrefix: '/skydns' };
const dir = '/skydns/test/dnsplan/r1/regional';
const ask = (keys: Record<string, string>, name = 'regional.r1.dnsplan.test.') => answerA(reader(keys), view, name);

describe('answerA: keys read', () => {
  it('answers from every key below the name, at any depth, in key order', async () => {
    const answer = await ask({
      [`${dir}/g0000000000000004/2`]: '{"host":"10.0.4.2","ttl":30}',
      [`${dir}/g0000000000000004/1`]: '{"host":"10.0.4.1","ttl":30}',
      [`${dir}/deeper/still/x`]: '{"host":"10.9.9.9"}',
      '/skydns/test/dnsplan/r1/regional2/x': '{"host":"10.8.8.8"}',
    });
    expect(answer.rcode).toBe('NOERROR');
    expect(answer.addresses).toEqual(['10.9.9.9', '10.0.4.1', '10.0.4.2']);
    expect(answer.records.map((r) => r.ttl)).toEqual([300, 30, 30]);
  });

  it('reads the single key at the name only when nothing lies below it', async () => {
    const r = reader({ [dir]: '{"host":"10.7.7.7"}', [`${dir}/g0000000000000004/1`]: '{"host":"10.0.4.1"}' });
    expect((await answerA(r, view, 'regional.r1.dnsplan.test.')).addresses).toEqual(['10.0.4.1']);
    const single = reader({ [dir]: '{"host":"10.7.7.7"}' });
    expect((await answerA(single, view, 'regional.r1.dnsplan.test.')).addresses).toEqual(['10.7.7.7']);
    expect(single.reads).toEqual([`prefix ${dir}/`, `exact ${dir}`]);
  });

  it('is NXDOMAIN when neither exists, NODATA when keys exist but give no A record', async () => {
    expect((await ask({})).rcode).toBe('NXDOMAIN');
    const nodata = await ask({ [`${dir}/t`]: '{"text":"hello"}', [`${dir}/v6`]: '{"host":"2001:db8::1"}' });
    expect(nodata).toMatchObject({ rcode: 'NOERROR', addresses: [] });
  });

  it('is SERVFAIL when any value below the name does not decode', async () => {
    const answer = await ask({ [`${dir}/g0000000000000004/1`]: '{"host":"10.0.4.1"}', [`${dir}/junk`]: 'not json' });
    expect(answer).toMatchObject({ rcode: 'SERVFAIL', addresses: [] });
    expect(answer.because).toContain(`${dir}/junk`);
  });

  it('matches the name case-insensitively and refuses names outside the zone', async () => {
    expect((await ask({ [`${dir}/1`]: '{"host":"10.0.0.1"}' }, 'Regional.R1.dnsplan.test')).addresses).toEqual(['10.0.0.1']);
    expect((await ask({}, 'regional.example.')).rcode).toBe('SERVFAIL');
  });
});

describe('answerA: records made', () => {
  it('gives one A record per distinct host string, also for IPv4-mapped IPv6', async () => {
    const answer = await ask({
      [`${dir}/a`]: '{"host":"10.0.0.1"}',
      [`${dir}/b`]: '{"host":"10.0.0.1","ttl":5}',
      [`${dir}/c`]: '{"host":"::ffff:10.0.0.1"}',
    });
    expect(answer.addresses).toEqual(['10.0.0.1', '10.0.0.1']);
  });

  it('follows a CNAME inside the zone and keeps it only when the target yields records', async () => {
    const answer = await ask({
      [`${dir}/alias`]: '{"host":"fips.r1.dnsplan.test"}',
      '/skydns/test/dnsplan/r1/fips/1': '{"host":"10.1.1.1"}',
    });
    expect(answer.records.map((r) => r.type)).toEqual(['CNAME', 'A']);
    expect(answer.addresses).toEqual(['10.1.1.1']);
    expect((await ask({ [`${dir}/alias`]: '{"host":"gone.r1.dnsplan.test"}' })).records).toEqual([]);
  });

  it('skips CNAME loops and keeps an out-of-zone CNAME without an address', async () => {
    expect((await ask({ [`${dir}/self`]: '{"host":"x.regional.r1.dnsplan.test."}' })).records).toEqual([]);
    const out = await ask({ [`${dir}/ext`]: '{"host":"example.org"}' });
    expect(out.records).toMatchObject([{ type: 'CNAME', target: 'example.org.' }]);
    expect(out.addresses).toEqual([]);
  });

  it('stops a CNAME chain that repeats a target', async () => {
    const answer = await ask({
      [`${dir}/a`]: '{"host":"b.r1.dnsplan.test"}',
      '/skydns/test/dnsplan/r1/b/x': '{"host":"c.r1.dnsplan.test"}',
      '/skydns/test/dnsplan/r1/c/x': '{"host":"b.r1.dnsplan.test"}',
    });
    expect(answer).toMatchObject({ rcode: 'NOERROR', records: [] });
  });

  it('keeps only the group chosen by the shallowest keys', async () => {
    const grouped = await ask({
      [`${dir}/a`]: '{"host":"10.0.0.1","group":"g1"}',
      [`${dir}/x/b`]: '{"host":"10.0.0.2","group":"g2"}',
      [`${dir}/x/c`]: '{"host":"10.0.0.3"}',
    });
    expect(grouped.addresses).toEqual(['10.0.0.1', '10.0.0.3']);
    const disagree = await ask({
      [`${dir}/a`]: '{"host":"10.0.0.1","group":"g1"}',
      [`${dir}/b`]: '{"host":"10.0.0.2","group":"g2"}',
    });
    expect(disagree.addresses).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('marks the TTL of lease-bound keys as lease-dependent', async () => {
    const answer = await answerA(reader({ [`${dir}/a`]: '{"host":"10.0.0.1"}' }, [`${dir}/a`]), view, 'regional.r1.dnsplan.test.');
    expect(answer.records).toMatchObject([{ ttl: 'lease' }]);
  });

  it('answers the zone apex from apex.dns first, then from the zone keys', async () => {
    const apex = { '/skydns/test/dnsplan/dns/apex/x1': '{"host":"10.5.5.5"}', '/skydns/test/dnsplan/r1/y': '{"host":"10.6.6.6"}' };
    expect((await ask(apex, 'dnsplan.test.')).addresses).toEqual(['10.5.5.5']);
    expect((await ask({ '/skydns/test/dnsplan/r1/y': '{"host":"10.6.6.6"}' }, 'dnsplan.test.')).addresses).toEqual(['10.6.6.6']);
  });

  it('treats * and any in a query name as wildcards over the subtree', async () => {
    const keys = {
      '/skydns/test/dnsplan/r1/regional/1': '{"host":"10.0.0.1"}',
      '/skydns/test/dnsplan/r2/regional/1': '{"host":"10.0.0.2"}',
      '/skydns/test/dnsplan/r2/fips/1': '{"host":"10.0.0.3"}',
    };
    expect((await ask(keys, 'regional.*.dnsplan.test.')).addresses).toEqual(['10.0.0.1', '10.0.0.2']);
    expect((await ask(keys, 'fips.any.dnsplan.test.')).addresses).toEqual(['10.0.0.3']);
  });
});
