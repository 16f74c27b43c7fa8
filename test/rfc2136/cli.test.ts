import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../adapters/coredns/free-port.js';
import { spawnServer, type ServerProcess } from '../../adapters/coredns/server-process.js';
import { findNamed, waitUntilServing } from '../../adapters/rfc2136/named.js';
import { dnsplan, dnsplanIn } from '../support/cli.js';
import { namedAvailable } from '../support/named.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-rfc2136-cli-'));

describe('conform --rfc2136 and --observe: usage errors', () => {
  it.each([
    [['conform', '--reference', 'fixed', '--observe', 'dns://127.0.0.1:53'], '--observe needs --target URL'],
    [['conform', '--target', 'http://127.0.0.1:1', '--observe', 'dns://localhost:53'], '--observe must be dns://HOST:PORT or etcd://HOST:PORT'],
    [['conform', '--target', 'http://127.0.0.1:1', '--observe', 'http://127.0.0.1:53'], '--observe must be dns://HOST:PORT'],
    [['conform', '--target', 'http://127.0.0.1:1', '--settle', '5'], '--settle needs --observe'],
    [['conform', '--target', 'http://127.0.0.1:1', '--observe', 'dns://127.0.0.1:53', '--settle', '-1'], '--settle must be an integer from 0 to 60000'],
    [['conform', '--rfc2136', 'auto', '--tsig', 'k:c2VjcmV0c2VjcmV0c2VjcmV0'], '--tsig needs --rfc2136 HOST:PORT'],
    [['conform', '--rfc2136', '127.0.0.1:99999'], '--rfc2136 must be auto or HOST:PORT'],
    [['conform', '--rfc2136', '127.0.0.1:53', '--tsig', 'nocolon'], '--tsig expected NAME:SECRET'],
    [['conform', '--rfc2136', 'auto', '--zone', 'Bad_Zone'], '--zone must be a DNS name'],
    [['rfc2136', 'config', '--key', 'a b'], '--key must be a DNS label'],
    [['serve-reference', '--zone', 'dnsplan.test.'], '--tsig and --zone need --rfc2136 SERVER'],
    [['serve-reference', '--rfc2136', 'auto', '--tsig', 'k:c2VjcmV0c2VjcmV0c2VjcmV0'], '--tsig needs --rfc2136 HOST:PORT'],
    [['serve-reference', '--rfc2136', 'localhost:53'], '--rfc2136 must be auto or HOST:PORT'],
  ])('%j: %s', async (args, message) => {
    const r = await dnsplanIn(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('a server where nothing listens: exit 2, one sentence naming it', async () => {
    const port = await freePort({ udp: true });
    const r = await dnsplanIn(['conform', '--rfc2136', `127.0.0.1:${port}`, '--runs', '1', '--no-coverage', '--history-dir', join(dir, 'none')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot use the RFC 2136 backend: DNS server 127.0.0.1:${port} gave no reply to dnsplan.test. SOA within 2000 ms (is a DNS server listening there?)`);
  });
});

describe.skipIf(!namedAvailable())('named run from the printed configuration', () => {
  let named: ServerProcess;
  let port: number;
  let tsig: string;
  beforeAll(async () => {
    port = await freePort({ udp: true });
    const conf = await dnsplanIn(['rfc2136', 'config', '--port', String(port), '--directory', dir]);
    const zone = await dnsplanIn(['rfc2136', 'config', '--zone-file']);
    expect(conf.code).toBe(0);
    tsig = /--tsig (\S+)/.exec(conf.stdout)![1]!;
    writeFileSync(join(dir, 'named.conf'), conf.stdout);
    writeFileSync(join(dir, 'dnsplan.test.zone'), zone.stdout);
    named = spawnServer(findNamed()!, ['-g', '-4', '-n', '1', '-c', join(dir, 'named.conf')]);
    const failure = await Promise.race([waitUntilServing(port, 'dnsplan.test.', 15_000), named.exited]);
    expect(failure, named.output()).toBeUndefined();
  });
  afterAll(async () => {
    await named?.stop();
  });

  it('serves the zone and takes the reference\'s updates: fixed is conformant', async () => {
    const badge = join(dir, 'badge.json');
    const r = await dnsplanIn(['conform', '--rfc2136', `127.0.0.1:${port}`, '--tsig', tsig, '--runs', '3', '--seed', '1', '--no-coverage', '--json', '--history-dir', join(dir, 'fixed'), '--badge', badge]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'conformant', observer: `dns (queries to 127.0.0.1:${port})` });
    // the badge says which observer judged the run
    expect(JSON.parse(readFileSync(badge, 'utf8'))).toMatchObject({ label: 'dnsplan (dns)', message: 'live' });
  });

  it('takes the key from DNSPLAN_TSIG, keeping the secret out of the replay line', async () => {
    process.env['DNSPLAN_TSIG'] = tsig;
    try {
      const r = await dnsplanIn(['conform', '--rfc2136', `127.0.0.1:${port}`, '--runs', '2', '--seed', '1', '--no-coverage', '--json', '--history-dir', join(dir, 'env')]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.replay).toContain(`--rfc2136 127.0.0.1:${port}`);
      expect(r.stdout).not.toContain(tsig.split(':')[1]);
    } finally {
      delete process.env['DNSPLAN_TSIG'];
    }
  });

  it('a zone it does not serve: exit 2 naming the server, the zone and the response code', async () => {
    const r = await dnsplanIn(['conform', '--rfc2136', `127.0.0.1:${port}`, '--tsig', tsig, '--zone', 'other.test.', '--runs', '1', '--history-dir', join(dir, 'other')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`DNS server 127.0.0.1:${port} does not serve zone other.test.: its SOA query got REFUSED`);
  });

  it('updates signed with another key: exit 2, NOTAUTH and BADSIG named, the history kept', async () => {
    const wrong = `${tsig.split(':')[0]}:${Buffer.alloc(32, 7).toString('base64')}`;
    const r = await dnsplanIn(['conform', '--rfc2136', `127.0.0.1:${port}`, '--tsig', wrong, '--runs', '1', '--no-coverage', '--history-dir', join(dir, 'badkey')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the harness cannot judge');
    expect(r.stderr).toMatch(new RegExp(`DNS server 127\\.0\\.0\\.1:${port} refused the update \\(put plan 1\\) in zone dnsplan\\.test\\., signed with key dnsplan-key: NOTAUTH, TSIG BADSIG`));
    expect(r.stderr).toContain(join(dir, 'badkey'));
  });
});

describe.skipIf(!namedAvailable())('dnsplan conform --rfc2136 auto', () => {
  it('fixed exits 0, on a named started and removed for the run', async () => {
    const r = await dnsplanIn(['conform', '--rfc2136', 'auto', '--reference', 'fixed', '--runs', '3', '--seed', '1', '--no-coverage', '--history-dir', join(dir, 'auto-fixed')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/reference:fixed on named 127\.0\.0\.1:\d+ \(zone dnsplan\.test\., run r[0-9a-z]+\) \(observed through dns \(queries to named at 127\.0\.0\.1:\d+\)\) is conformant at level live/);
    expect(r.stdout).toContain('--rfc2136 auto');
  });


  it('aws-2025 without the collector exits 1: the shrunk race, its empty answer served by named', () => {
    const r = dnsplan(['conform', '--rfc2136', 'auto', '--reference', 'aws-2025', '--no-collector', '--schedule', 'plan,step:a,plan,plan,step:b,step:b,step:a,step:b', '--no-coverage', '--json', '--history-dir', join(dir, 'race')]);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.target).toMatch(/^reference:aws-2025 on named 127\.0\.0\.1:\d+ \(zone dnsplan\.test\., run r[0-9a-z]+\)$/);
    expect(out.counterexample.violation.property).toBe('RecordNeverEmpty');
    const steps = out.counterexample.history as { index: number; observation: { records: Record<string, string[]> } }[];
    expect(steps.find((s) => s.index === out.counterexample.violation.step)?.observation.records['regional']).toEqual([]);
  });
});
