/**
 * RFC 2136 benchmark, on a real BIND9 named started here on 127.0.0.1: checked steps per second
 * of the reference enactor on the zone (observed by DNS queries), the latency of its writes
 * (a cas write: two queries and one UPDATE with prerequisites) and of one bare UPDATE, median
 * and 99th percentile; and the cost of the harness's DNS channel: the reference served over
 * HTTP with its records on named, judged with `--target` alone and with `--observe dns://`.
 * Skipped, saying so, when no named binary exists.
 */
import { cpus, loadavg } from 'node:os';
import { serveAdapter, HttpAdapter } from '../adapters/http/index.js';
import { DnsServedObserver, findNamed, newRfc2136RunId, openReferenceOnRfc2136, openRfc2136Backend, startNamed } from '../adapters/rfc2136/index.js';
import { observedAdapter, runConformance, type Adapter } from '../conformance/index.js';
import { DEFAULT_SHAPE, enactorNames, endpointNames } from '../spec/index.js';

const RUNS = 30;

function quantiles(times: number[]): string {
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
  return `median ${q(0.5)} ms, p99 ${q(0.99)} ms (${times.length})`;
}

async function stepsPerSecond(adapter: Adapter): Promise<{ rate: number; line: string }> {
  try {
    const r = await runConformance({ adapter, shape: DEFAULT_SHAPE, runs: RUNS, seed: 1, coverage: false });
    const rate = r.steps / r.seconds;
    return { rate, line: `${Math.round(rate).toLocaleString('en-US')} checked steps/s (${r.steps} steps, ${r.seconds.toFixed(1)} s, verdict ${r.verdict})` };
  } finally {
    await adapter.close();
  }
}

export async function benchRfc2136(): Promise<string[]> {
  if (findNamed() === undefined) return ['rfc2136: SKIPPED, no named binary (install Debian bind9)'];
  const named = await startNamed({ zone: 'dnsplan.test.' });
  const server = { host: named.host, port: named.port };
  const lines = [`rfc2136 (BIND9 named on 127.0.0.1:${named.port}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores)`];
  try {
    const shape = { endpoints: endpointNames(DEFAULT_SHAPE), enactors: enactorNames(DEFAULT_SHAPE) };
    const inProcess = await stepsPerSecond(await openReferenceOnRfc2136({ variant: 'fixed', server, tsig: named.key, ...shape }));
    lines.push(`  conform (reference fixed on named, DNS observer): ${inProcess.line}`);

    const backend = await openRfc2136Backend({ server, zone: 'dnsplan.test.', tsig: named.key, runId: newRfc2136RunId(), endpoints: ['regional'], enactors: ['a'] });
    try {
      const writes: number[] = [];
      const updates: number[] = [];
      for (let g = 1; g <= 400; g++) {
        const plan = { generation: g, records: { regional: [`10.0.${g % 250}.1`, `10.0.${g % 250}.2`] } };
        await backend.plans.put(plan);
        let t = performance.now();
        await backend.dns.writeCas('regional', plan);
        writes.push(performance.now() - t);
        t = performance.now();
        await backend.plans.claim('a', g);
        updates.push(performance.now() - t);
        // named refuses an RRset of more than 100 records (max-records-per-type): keep the plan index short
        if (g > 2) await backend.plans.delete([g - 2]);
      }
      lines.push(`  cas write (2 queries + 1 UPDATE with prerequisites): ${quantiles(writes)}`);
      lines.push(`  one UPDATE (a claim): ${quantiles(updates)}`);
    } finally {
      await backend.close();
    }

    const reference = await openReferenceOnRfc2136({ variant: 'fixed', server, tsig: named.key, ...shape, served: true });
    const served = await serveAdapter(reference);
    try {
      // interleaved, best of three each: on a shared machine one run alone says more about the neighbours than about the channel
      const names = { regional: `regional.${newRfc2136RunId()}.dnsplan.test.` };
      let alone = { rate: 0, line: '' };
      let both = { rate: 0, line: '' };
      for (let i = 0; i < 3; i++) {
        const a = await stepsPerSecond(new HttpAdapter({ url: served.url }));
        if (a.rate > alone.rate) alone = a;
        const b = await stepsPerSecond(observedAdapter(new HttpAdapter({ url: served.url }), new DnsServedObserver(server, 'dnsplan.test.'), { names }));
        if (b.rate > both.rate) both = b;
      }
      lines.push(`  --target alone (reference over HTTP, records on named), best of 3: ${alone.line}`);
      lines.push(`  --target with --observe dns://, best of 3: ${both.line}`);
      lines.push(`  --observe dns overhead from the rates: ${(((1 / both.rate - 1 / alone.rate) * 1000)).toFixed(2)} ms per checked step (${((alone.rate / both.rate - 1) * 100).toFixed(0)}%)`);
      // what the channel itself adds to every step: one resolution of every endpoint's name
      const observer = new DnsServedObserver(server, 'dnsplan.test.');
      const reads: number[] = [];
      for (let i = 0; i < 400; i++) {
        const t = performance.now();
        await observer.served(names);
        reads.push(performance.now() - t);
      }
      await observer.close();
      lines.push(`  --observe dns overhead measured directly (one served read per step, ${Object.keys(names).length} endpoint): ${quantiles(reads)}`);
    } finally {
      await served.close();
      await reference.close();
    }
  } finally {
    await named.stop();
  }
  lines.push(`  load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  return lines;
}
