import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { DnsServedObserver } from '../../adapters/rfc2136/index.js';
import { observedAdapter, parseSchedule, runConformance, type Adapter } from '../../conformance/index.js';
import { DEFAULT_SHAPE, enactorNames } from '../../spec/index.js';
import { python3Available, startResponder, type Responder } from '../coredns/fixtures/responder.js';

/**
 * The harness's DNS observer against answers no well-behaved server of the run gives: a
 * responder in another process that answers each name as told (SERVFAIL, REFUSED, no reply,
 * addresses of no plan).
 */
describe.skipIf(!python3Available())('the DNS observer on bad answers', () => {
  let responder: Responder;
  const Z = 'dnsplan.test.';
  beforeAll(async () => {
    responder = await startResponder([
      `servfail.${Z}=SERVFAIL`,
      `refused.${Z}=REFUSED`,
      `dropped.${Z}=DROP`,
      `stranger.${Z}=10.9.9.9,10.0.1.1`,
    ]);
  });
  afterAll(async () => {
    await responder?.stop();
  });
  const observer = () => new DnsServedObserver({ host: '127.0.0.1', port: responder.port }, Z, 300);

  it.each([
    ['servfail', /^DNS server 127\.0\.0\.1:\d+ answered servfail\.dnsplan\.test A with SERVFAIL$/],
    ['refused', /^DNS server 127\.0\.0\.1:\d+ answered refused\.dnsplan\.test A with REFUSED \(is zone dnsplan\.test\. served there\?\)$/],
    ['dropped', /^DNS server 127\.0\.0\.1:\d+ gave no reply to dropped\.dnsplan\.test A within 300 ms$/],
  ])('%s: one sentence naming the server, the name and the response code', async (label, sentence) => {
    const o = observer();
    await expect(o.served({ regional: `${label}.${Z}` })).rejects.toThrow(sentence);
    await o.close();
  });

  const judge = (name: string) => {
    const adapter = observedAdapter(new ReferenceAdapter({ variant: 'fixed' }), observer(), { names: { regional: `${name}.${Z}` } });
    return runConformance({ adapter, shape: DEFAULT_SHAPE, runs: 1, seed: 1, coverage: false, schedule: parseSchedule('plan', enactorNames(DEFAULT_SHAPE)) }).finally(() => adapter.close());
  };

  it('a server that cannot answer stops the run as the environment\'s failure (exit 2), the history kept', async () => {
    const r = await judge('servfail');
    expect(r.verdict).toBe('broken');
    expect(r.broken!.broken!.error.details).toMatchObject({ lifecycle: 'observe', blame: 'environment' });
  });

  it('both channels and the settle wait go into the observation; the reset names the endpoints', async () => {
    const reference = new ReferenceAdapter({ variant: 'fixed' });
    const sent: unknown[] = [];
    const spy: Adapter = {
      target: reference.target,
      observer: reference.observer,
      reset: (r) => (sent.push(r), reference.reset(r)),
      plan: (p) => reference.plan(p),
      step: (e) => reference.step(e),
      collect: () => reference.collect(),
      crash: (e) => reference.crash(e),
      observe: () => reference.observe(),
      close: () => reference.close(),
    };
    const adapter = observedAdapter(spy, observer(), { names: { regional: `stranger.${Z}` }, settleMs: 5 });
    await adapter.reset({ protocol: 'dnsplan/1', constants: { enactors: ['a'], endpoints: ['regional'], maxPlan: 2, keep: 1, collector: true, crashes: false }, plan: { generation: 1, records: { regional: ['10.0.1.1', '10.0.1.2'] } } });
    expect(sent[0]).toMatchObject({ names: { regional: `stranger.${Z}` } });
    expect(await adapter.observe()).toEqual({ plans: [1], records: { regional: ['10.0.1.1', '10.9.9.9'] }, claimed: { regional: ['10.0.1.1', '10.0.1.2'] }, settleMs: 5 });
    await adapter.close();
  });

  it('addresses of no plan are a torn answer, reported with the address, whatever the implementation says', async () => {
    const r = await judge('stranger');
    expect(r.verdict).toBe('not-conformant');
    expect(r.counterexample!.violation.property).toBe('NoTornRecord');
    expect(r.counterexample!.violation.message).toContain('10.9.9.9 belongs to no plan of this endpoint');
  });
});
