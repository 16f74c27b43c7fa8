import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../adapters/coredns/index.js';
import { dnsplanAsync, dnsplanIn } from '../support/cli.js';
import { etcdAvailable, startEtcd, type EtcdServer } from '../support/etcd.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-coredns-'));

describe('etcd unreachable at start', () => {
  it('exits 2 naming the endpoint, without hanging', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await dnsplanIn(['conform', '--coredns', '--reference', 'fixed', '--etcd', url, '--runs', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(url);
    expect(r.stderr).toContain('unreachable');
  }, 60_000);
});

describe.skipIf(!etcdAvailable())('dnsplan conform --coredns (real etcd)', () => {
  let etcd: EtcdServer;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  const conform = (args: string[], run = dnsplanIn) =>
    run(['conform', '--coredns', '--etcd', etcd.endpoint, '--observer', 'etcd', '--seed', '4', '--runs', '15', '--json', '--no-coverage', ...args]);

  it.each([
    ['fixed', [], 0],
    ['aws-2025', ['--no-collector', '--schedule', 'plan,step:a,plan,plan,step:b,step:b,step:a,step:b'], 1],
    ['aws-2025', ['--no-collector'], 1],
    // the minimal schedules the in-process harness finds (the fair tail does the rest): the search itself is tested above
    ['aws-2025', ['--schedule', 'plan,plan,collect'], 1],
    ['cas-only', ['--schedule', 'plan,plan,collect'], 1],
    ['ownership-only', ['--schedule', 'plan,step:b,plan,step:a'], 1],
  ] as const)('%s %j on etcd gives the same verdict as in process', async (variant, extra, code) => {
    const r = await conform(['--reference', variant, ...extra, '--history-dir', join(dir, variant + extra.join(''))]);
    expect(r.code, r.stderr).toBe(code);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    expect(out['observer']).toMatch(/^etcd/);
    if (code === 1) expect(out['counterexample'].violation.level).toBe('safe');
    if (variant === 'aws-2025' && extra.length > 1) {
      // the postmortem race empties the record, and the observer sees it through the etcd keys
      const steps = out['counterexample'].history as { observation: { records: Record<string, string[]> } }[];
      expect(out['counterexample'].violation.property).toBe('RecordNeverEmpty');
      expect(steps.some((s) => s.observation.records['regional']!.length === 0)).toBe(true);
    }
  });

  it('two harness processes on one etcd do not see each other', async () => {
    const [a, b] = await Promise.all([
      conform(['--reference', 'fixed', '--history-dir', join(dir, 'p1')], dnsplanAsync),
      conform(['--reference', 'fixed', '--history-dir', join(dir, 'p2')], dnsplanAsync),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(a.stdout).target).not.toBe(JSON.parse(b.stdout).target);
  });

  it('rides out an etcd restart in the middle of a run, and the verdict is still right', async () => {
    const running = conform(['--reference', 'fixed', '--runs', '30', '--history-dir', join(dir, 'restart')]);
    await new Promise((r) => setTimeout(r, 2500));
    await etcd.restart();
    const r = await running;
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).verdict).toBe('conformant');
    const v = await dnsplanIn(['verify', join(dir, 'restart', 'history.jsonl'), '--json']);
    expect(JSON.parse(v.stdout).complete).toBe(true);
  });
});
