import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corefile } from '../../adapters/coredns/corefile.js';
import { findCoredns, startCoredns } from '../../adapters/coredns/coredns.js';
import { DnsClient } from '../../adapters/coredns/dns-client.js';
import { RESPONDER_SCRIPT, python3Available } from './fixtures/responder.js';

describe('corefile', () => {
  it('serves the zone from etcd on loopback, without a cache', () => {
    const text = corefile({ etcd: 'http://127.0.0.1:2379', zone: 'dnsplan.test', port: 1053 });
    expect(text).toBe(
      [
        'dnsplan.test.:1053 {',
        '    bind 127.0.0.1',
        '    errors',
        '    etcd dnsplan.test. {',
        '        path /skydns',
        '        endpoint http://127.0.0.1:2379',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
    expect(text).not.toMatch(/cache/);
    expect(() => corefile({ etcd: 'http://x', zone: 'z.', port: 0 })).toThrow(/port/);
  });
});

describe('CoreDNS process (with stand-in binaries)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnsplan-fake-coredns-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const script = async (name: string, body: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, `#!/usr/bin/env bash\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  };

  it('finds COREDNS_BIN, else coredns on PATH, else nothing', async () => {
    const fake = await script('coredns', 'exit 0');
    expect(await findCoredns({ COREDNS_BIN: fake, PATH: '' })).toBe(fake);
    expect(await findCoredns({ PATH: `/nonexistent:${dir}` })).toBe(fake);
    expect(await findCoredns({ PATH: '/nonexistent' })).toBeUndefined();
    await expect(findCoredns({ COREDNS_BIN: join(dir, 'missing') })).rejects.toThrow(/not an executable/);
  });

  it('throws with the process output when CoreDNS exits at start', async () => {
    const failing = await script('coredns-fails', 'echo "plugin/etcd: unknown property \'bogus\'" >&2; exit 1');
    await expect(
      startCoredns({ binary: failing, etcd: 'http://127.0.0.1:1', zone: 'dnsplan.test.', readyTimeoutMs: 3000 }),
    ).rejects.toThrow(/exited with code 1\n.*unknown property 'bogus'/);
  });

  it('throws when CoreDNS does not answer in time, and stops it', async () => {
    const silent = await script('coredns-silent', 'exec sleep 30');
    await expect(
      startCoredns({ binary: silent, etcd: 'http://127.0.0.1:1', zone: 'dnsplan.test.', readyTimeoutMs: 800 }),
    ).rejects.toThrow(/did not answer a DNS query within 800 ms/);
  });

  it.skipIf(!python3Available())('waits until it answers, then stops it', async () => {
    const standIn = await script(
      'coredns-standin',
      `port=$(head -1 "$2" | sed -E 's/.*:([0-9]+) \\{/\\1/')\nexec python3 ${RESPONDER_SCRIPT} --port "$port"`,
    );
    const server = await startCoredns({ binary: standIn, etcd: 'http://127.0.0.1:1', zone: 'dnsplan.test.' });
    const client = new DnsClient(server.port, 500);
    expect((await client.queryA('regional.r1.dnsplan.test.')).rcode).toBe('NXDOMAIN');
    await server.stop();
    await expect(client.queryA('regional.r1.dnsplan.test.')).rejects.toThrow(/gave no reply/);
  });
});
