import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../adapters/coredns/skydns-message.js';
import { hostType } from '../../adapters/coredns/host-type.js';

describe('decodeMessage (Go encoding/json into msg.Service)', () => {
  it('reads host, ttl, text and group, ignoring unknown members', () => {
    expect(decodeMessage('{"host":"10.0.0.1","ttl":60,"extra":[1,{"a":"}"}],"group":"g"}')).toEqual({
      ok: true,
      message: { host: '10.0.0.1', text: '', ttl: 60, group: 'g' },
    });
  });

  it('matches member names case-insensitively, as Go folds them; a later duplicate wins', () => {
    expect(decodeMessage('{"HOST":"10.0.0.1","Ttl":5}')).toMatchObject({ ok: true, message: { host: '10.0.0.1', ttl: 5 } });
    expect(decodeMessage('{"ho\u017ft":"10.0.0.2"}')).toMatchObject({ ok: true, message: { host: '10.0.0.2' } });
    expect(decodeMessage('{"pr\u0131ority":"x"}').ok).toBe(false);
    expect(decodeMessage('{"\u212aey":"x","h\u00f6st":1,"constructor":1,"toString":2}').ok).toBe(true);
    expect(decodeMessage('{"host":"10.0.0.1","host":"10.0.0.3"}')).toMatchObject({ message: { host: '10.0.0.3' } });
  });

  it('accepts null, as a whole and per member', () => {
    expect(decodeMessage('null')).toMatchObject({ ok: true, message: { host: '' } });
    expect(decodeMessage('{"host":null,"ttl":null}')).toMatchObject({ ok: true, message: { host: '', ttl: 0 } });
  });

  it('fails values Go would refuse to decode', () => {
    for (const value of [
      '',
      'not json',
      '"10.0.0.1"',
      '[]',
      '{"host":10}',
      '{"ttl":"30"}',
      '{"ttl":-1}',
      '{"ttl":30.5}',
      '{"ttl":1e2}',
      '{"ttl":4294967296}',
      '{"port":9223372036854775808}',
      '{"mail":"yes"}',
      '{"host":"10.0.0.1","priority":{}}',
    ]) {
      expect(decodeMessage(value).ok, value).toBe(false);
    }
    expect(decodeMessage('{"ttl":4294967295,"port":-5}').ok).toBe(true);
  });
});

describe('hostType (plugin/etcd/msg/type.go)', () => {
  it('makes A records from IPv4 and IPv4-mapped IPv6 hosts', () => {
    expect(hostType('10.0.4.1', '')).toEqual({ type: 'A', address: '10.0.4.1' });
    expect(hostType('::ffff:10.0.4.1', '')).toEqual({ type: 'A', address: '10.0.4.1' });
    expect(hostType('::ffff:a00:401', '')).toEqual({ type: 'A', address: '10.0.4.1' });
  });

  it('treats other IPv6 as AAAA and everything else as a name or text', () => {
    expect(hostType('2001:db8::1', '')).toEqual({ type: 'AAAA' });
    expect(hostType('fe80::1%eth0', '')).toEqual({ type: 'CNAME' });
    expect(hostType('010.0.0.1', '')).toEqual({ type: 'CNAME' });
    expect(hostType('example.org', '')).toEqual({ type: 'CNAME' });
    expect(hostType('example.org', 'hello')).toEqual({ type: 'TXT' });
  });
});
