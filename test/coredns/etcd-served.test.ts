import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdServedObserver, Layout, makeCorednsBackendFactory, newRunId } from '../../adapters/coredns/index.js';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { observedAdapter, parseSchedule, runConformance } from '../../conformance/index.js';
import { DEFAULT_SHAPE, enactorNames } from '../../spec/index.js';
import { etcdAvailable, startEtcd, type EtcdServer } from '../support/etcd.js';

/**
 * `--observe etcd://`: the harness reads the keys of each endpoint's name in the SkyDNS layout
 * and answers them as CoreDNS's etcd plugin would, beside the implementation's word.
 */
describe.skipIf(!etcdAvailable())('the etcd observer of served answers (real etcd)', () => {
  let etcd: EtcdServer;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  const judge = (variant: string, schedule?: string) => {
    const runId = newRunId();
    const factory = makeCorednsBackendFactory({ etcd: etcd.endpoint, runId });
    const names = { regional: new Layout({ zone: factory.zone, runId }).endpointName('regional') };
    const adapter = observedAdapter(new ReferenceAdapter({ variant, backend: (c) => factory(c) }), new EtcdServedObserver(etcd.endpoint, factory.zone), { names });
    return runConformance({
      adapter,
      shape: DEFAULT_SHAPE,
      runs: 3,
      seed: 2,
      coverage: false,
      ...(schedule === undefined ? {} : { schedule: parseSchedule(schedule, enactorNames(DEFAULT_SHAPE)) }),
    }).finally(() => adapter.close());
  };

  it('fixed on etcd is conformant through both channels', async () => {
    const r = await judge('fixed');
    expect(r.verdict).toBe('conformant');
    expect(r.observer).toMatch(/^etcd http:\/\/127\.0\.0\.1:\d+ \(zone dnsplan\.test\., answers as CoreDNS's etcd plugin gives them\), beside the implementation's word$/);
  });

  it('lying-observe on etcd is caught: its word and the served answer disagree', async () => {
    const r = await judge('lying-observe', 'plan,step:a,step:a');
    expect(r.verdict).toBe('not-conformant');
    expect(r.counterexample!.violation.message).toBe("the implementation says regional is at plan 2; etcd (as CoreDNS would answer) serves plan 1's addresses");
  });
});
