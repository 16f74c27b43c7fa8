/**
 * etcd benchmark: checked steps per second of the reference enactor on the CoreDNS backend
 * (a real etcd started here on 127.0.0.1), and the latency of its compare-and-set write
 * transaction, median and 99th percentile. Skipped, saying so, when no etcd binary exists.
 */
import { makeCorednsBackendFactory, openReferenceOnEtcd } from '../adapters/coredns/index.js';
import { runConformance } from '../conformance/index.js';
import { DEFAULT_SHAPE, endpointNames } from '../spec/index.js';
import { findEtcd, startEtcd } from '../test/support/etcd.js';

export async function benchEtcd(): Promise<string[]> {
  if (findEtcd() === undefined) return ['etcd: SKIPPED, no etcd binary (install Debian etcd-server)'];
  const etcd = await startEtcd();
  const lines = ['etcd (reference fixed on the CoreDNS backend, etcd observer)'];
  try {
    const adapter = await openReferenceOnEtcd({ variant: 'fixed', etcd: etcd.endpoint, endpoints: endpointNames(DEFAULT_SHAPE), observer: 'etcd' });
    try {
      const r = await runConformance({ adapter, shape: DEFAULT_SHAPE, runs: 30, seed: 1 });
      lines.push(`  conform:    ${Math.round(r.steps / r.seconds).toLocaleString('en-US')} checked steps/s (${r.steps} steps, ${r.seconds.toFixed(1)} s, verdict ${r.verdict})`);
    } finally {
      await adapter.close();
    }
    const backend = await makeCorednsBackendFactory({ etcd: etcd.endpoint })({ endpoints: ['regional'] });
    try {
      const times: number[] = [];
      for (let g = 1; g <= 400; g++) {
        const plan = { generation: g, records: { regional: [`10.0.${g % 250}.1`, `10.0.${g % 250}.2`] } };
        await backend.plans.put(plan);
        const t = performance.now();
        await backend.dns.writeCas('regional', plan);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
      lines.push(`  cas write transaction: median ${q(0.5)} ms, p99 ${q(0.99)} ms (${times.length} writes)`);
    } finally {
      await backend.close();
    }
  } finally {
    await etcd.stop();
  }
  return lines;
}
