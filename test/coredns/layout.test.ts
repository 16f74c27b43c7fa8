import { describe, expect, it } from 'vitest';
import { isSubDomain, skydnsPath } from '../../adapters/coredns/dns-name.js';
import { Layout, padGeneration, parseGeneration, recordValue } from '../../adapters/coredns/layout.js';

describe('skydnsPath (plugin/etcd/msg/path.go)', () => {
  it('reverses the labels under the prefix, with or without slashes on the prefix', () => {
    expect(skydnsPath('service.staging.skydns.local.', 'skydns')).toBe('/skydns/local/skydns/staging/service');
    expect(skydnsPath('service.staging.skydns.local.', '/skydns')).toBe('/skydns/local/skydns/staging/service');
    expect(skydnsPath('service.staging.skydns.local', '/skydns/')).toBe('/skydns/local/skydns/staging/service');
    expect(skydnsPath('.', 'skydns')).toBe('/skydns');
  });

  it('compares names label-wise and case-insensitively', () => {
    expect(isSubDomain('dnsplan.test.', 'a.DNSPLAN.test')).toBe(true);
    expect(isSubDomain('dnsplan.test.', 'dnsplan.test')).toBe(true);
    expect(isSubDomain('plan.test.', 'dnsplan.test.')).toBe(false);
  });
});

describe('Layout', () => {
  const layout = new Layout({ zone: 'DNSplan.test', runId: 'r1' });

  it('puts an endpoint below the run label of the zone', () => {
    expect(layout.zone).toBe('dnsplan.test.');
    expect(layout.endpointName('regional')).toBe('regional.r1.dnsplan.test.');
    expect(layout.runDir).toBe('/skydns/test/dnsplan/r1/');
    expect(layout.endpointDir('regional')).toBe('/skydns/test/dnsplan/r1/regional/');
    expect(layout.recordKey('regional', 4, 1)).toBe('/skydns/test/dnsplan/r1/regional/g0000000000000004/1');
    expect(recordValue('10.0.4.1')).toBe('{"host":"10.0.4.1","ttl":30}');
  });

  it('keeps plans, claims and markers outside the DNS tree', () => {
    expect(layout.planKey(4)).toBe('/dnsplan/r1/plans/g0000000000000004');
    expect(layout.claimKey('a')).toBe('/dnsplan/r1/claims/a');
    expect(layout.markerKey('regional')).toBe('/dnsplan/r1/records/regional');
    expect(layout.planKey(4).startsWith(layout.pathPrefix)).toBe(false);
  });

  it('honours the CoreDNS path option', () => {
    const other = new Layout({ zone: 'dnsplan.test.', runId: 'r1', pathPrefix: 'coredns/' });
    expect(other.endpointDir('fips')).toBe('/coredns/test/dnsplan/r1/fips/');
  });

  it('reads back the record keys it writes and nothing else', () => {
    expect(layout.parseRecordKey('/skydns/test/dnsplan/r1/regional/g0000000000000004/2')).toEqual({
      endpoint: 'regional',
      generation: 4,
      index: 2,
    });
    for (const key of [
      '/skydns/test/dnsplan/r1/regional/g4/2',
      '/skydns/test/dnsplan/r1/regional/g0000000000000004/0',
      '/skydns/test/dnsplan/r1/regional/g0000000000000004/2/x',
      '/skydns/test/dnsplan/r1/regional/x',
      '/skydns/test/dnsplan/r2/regional/g0000000000000004/1',
      '/skydns/test/dnsplan/r1/Regional/g0000000000000004/1',
    ]) {
      expect(layout.parseRecordKey(key), key).toBeUndefined();
    }
  });

  it('zero-pads generations so that byte order is numeric order', () => {
    expect(padGeneration(4)).toBe('0000000000000004');
    expect(padGeneration(2 ** 53 - 1)).toBe('9007199254740991');
    expect(padGeneration(2 ** 53 - 1) > padGeneration(2 ** 31)).toBe(true);
    expect(padGeneration(10) > padGeneration(9)).toBe(true);
    expect(parseGeneration('0000000000000012')).toBe(12);
    expect(parseGeneration('12')).toBeUndefined();
    expect(parseGeneration('0000000000000000')).toBeUndefined();
    expect(() => padGeneration(0)).toThrow(/from 1 to 9007199254740991/);
    expect(() => padGeneration(1.5)).toThrow(RangeError);
  });

  it('refuses names that are not one lowercase label, and the wildcard labels', () => {
    expect(() => layout.endpointName('Regional')).toThrow(/lowercase DNS label/);
    expect(() => layout.endpointName('a.b')).toThrow(/lowercase DNS label/);
    expect(() => layout.endpointName('any')).toThrow(/wildcard/);
    expect(() => layout.endpointName('*')).toThrow(/lowercase DNS label/);
    expect(() => new Layout({ zone: 'dnsplan.test.', runId: 'R1' })).toThrow(/run id/);
  });
});
