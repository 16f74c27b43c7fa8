import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAdapter, serveAdapter } from '../../adapters/http/index.js';
import { DnsServedObserver, openReferenceOnRfc2136 } from '../../adapters/rfc2136/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { observedAdapter, parseSchedule, runConformance, verifyFile, type Adapter } from '../../conformance/index.js';
import { DEFAULT_SHAPE, enactorNames } from '../../spec/index.js';
import { namedAvailable, startTestNamed } from '../support/named.js';
import { dnsplanIn } from '../support/cli.js';
import { DNSPLAN_BIN, startServer } from '../support/serve.js';

/**
 * `conform --target URL --observe dns://...` end to end: the lying-observe reference served over
 * HTTP by `dnsplan serve-reference --rfc2136 auto` in another process, its records on the named
 * that process starts, judged through the implementation's word alone and through DNS as well;
 * and an honest one served the same way, in this process.
 */
describe.skipIf(!namedAvailable())('two channels: serve-reference on named, judged through DNS', () => {
  const servers: { stop(): Promise<void> }[] = [];
  const serve = async (variant: string) => {
    const s = await startServer(process.execPath, [DNSPLAN_BIN, 'serve-reference', '--variant', variant, '--rfc2136', 'auto', '--port', '0'], 60_000);
    servers.push(s);
    const port = Number(/named at 127\.0\.0\.1:(\d+)/.exec(s.line)?.[1]);
    expect(port).toBeGreaterThan(0);
    return { url: s.url, dns: { host: '127.0.0.1', port } };
  };
  let liar: Awaited<ReturnType<typeof serve>>;
  let honest: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    // the liar in its own process, as a vendor's server would be; the honest one in this process, to keep the file fast
    const named = await startTestNamed();
    servers.push(named);
    const reference = await openReferenceOnRfc2136({ variant: 'fixed', server: { host: named.host, port: named.port }, tsig: named.key, endpoints: [], enactors: [], served: true });
    const served = await serveAdapter(reference);
    servers.push({ stop: () => served.close().then(() => reference.close()) });
    honest = { url: served.url, dns: { host: named.host, port: named.port } };
    liar = await serve('lying-observe');
  });
  afterAll(async () => {
    for (const s of servers.reverse()) await s.stop();
  });

  const names = { regional: 'regional.robserve1.dnsplan.test.' };
  const judge = (adapter: Adapter, schedule?: string, historyDir?: string) =>
    runConformance({
      adapter,
      ...(historyDir === undefined ? {} : { historyDir }),
      shape: DEFAULT_SHAPE,
      runs: schedule === undefined ? 5 : 1,
      seed: 3,
      coverage: false,
      ...(schedule === undefined ? {} : { schedule: parseSchedule(schedule, enactorNames(DEFAULT_SHAPE)) }),
    }).finally(() => adapter.close());
  const both = (server: { url: string; dns: { host: string; port: number } }, settleMs = 0) =>
    observedAdapter(new HttpAdapter({ url: server.url }), new DnsServedObserver(server.dns, 'dnsplan.test.'), { names, settleMs });

  it('lying-observe passes on its own word', async () => {
    const r = await judge(new HttpAdapter({ url: liar.url }));
    expect(r.verdict).toBe('conformant');
  });

  it('and is caught through DNS: the disagreement is named, at level refines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dnsplan-observe-'));
    const r = await judge(both(liar), 'plan,step:a,step:a', dir);
    expect(r.verdict).toBe('not-conformant');
    expect(r.observer).toMatch(/^dns 127\.0\.0\.1:\d+ \(zone dnsplan\.test\.\), beside the implementation's word$/);
    const v = r.counterexample!.violation;
    expect(v.property).toBe('ChannelsAgree');
    expect(v.level).toBe('refines');
    expect(v.message).toBe("the implementation says regional is at plan 2; DNS serves plan 1's addresses");
    // both channels are in the history
    const step = r.counterexample!.minimal.steps.find((s) => s.type === 'step' && s.index === v.step);
    expect(step?.type === 'step' ? [step.observation.claimed, step.observation.records] : []).toEqual([
      { regional: ['10.0.2.1', '10.0.2.2'] },
      { regional: ['10.0.1.1', '10.0.1.2'] },
    ]);
    // verify reads both channels back from the history and names the same disagreement
    const verified = await verifyFile(r.histories['min']!);
    expect(verified.violations[0]).toMatchObject({ property: 'ChannelsAgree', message: v.message });
  });

  it('dnsplan conform --target URL --observe dns:// exits 1, naming the disagreement and the observer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dnsplan-observe-cli-'));
    const r = await dnsplanIn(['conform', '--target', liar.url, '--observe', `dns://127.0.0.1:${liar.dns.port}`, '--schedule', 'plan,step:a,step:a', '--no-coverage', '--history-dir', dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(`observed through dns 127.0.0.1:${liar.dns.port} (zone dnsplan.test.), beside the implementation's word`);
    expect(r.stdout).toContain("ChannelsAgree (refines): the implementation says regional is at plan 2; DNS serves plan 1's addresses");
    expect(r.stdout).toContain(`--observe dns://127.0.0.1:${liar.dns.port}`);
  });

  it('an honest implementation is conformant through both channels, with a settle wait', async () => {
    const r = await judge(both(honest, 5));
    expect(r.verdict).toBe('conformant');
    expect(r.levelReached).toBe('live');
  });
});
