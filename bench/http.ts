/**
 * HTTP benchmark: checked steps per second when the harness drives the reference enactor
 * served by `dnsplan serve-reference` in other processes, for one run and several at once,
 * against a bare keep-alive request loop to the same kind of server. A step costs two
 * requests (the command and the observation).
 */
import { Pool } from 'undici';
import { HttpAdapter } from '../adapters/http/index.js';
import { runConformance } from '../conformance/index.js';
import { DEFAULT_SHAPE } from '../spec/index.js';
import { startServer, DNSPLAN_BIN } from '../test/support/serve.js';

export async function benchHttp(): Promise<string[]> {
  const lines = ['http (serve-reference --variant fixed in child processes; 2 requests per step)'];
  const servers = await Promise.all([0, 1, 2].map(() => startServer(process.execPath, [DNSPLAN_BIN, 'serve-reference', '--variant', 'fixed', '--port', '0'])));
  try {
    const conform = async (url: string, runs: number) => {
      const adapter = new HttpAdapter({ url });
      try {
        return await runConformance({ adapter, shape: DEFAULT_SHAPE, runs, seed: 1 });
      } finally {
        await adapter.close();
      }
    };
    await conform(servers[0]!.url, 20);
    const one = await conform(servers[0]!.url, 200);
    const oneRate = one.steps / one.seconds;
    lines.push(`  1 run:      ${Math.round(oneRate).toLocaleString('en-US')} checked steps/s (${one.steps} steps, ${one.seconds.toFixed(2)} s)`);
    const started = performance.now();
    const many = await Promise.all(servers.map((s) => conform(s.url, 200)));
    const seconds = (performance.now() - started) / 1000;
    const steps = many.reduce((n, r) => n + r.steps, 0);
    lines.push(`  3 at once:  ${Math.round(steps / seconds).toLocaleString('en-US')} checked steps/s in all (${steps} steps, ${seconds.toFixed(2)} s)`);

    const pool = new Pool(servers[0]!.url, { connections: 1 });
    const body = JSON.stringify({});
    const n = 5000;
    for (let i = 0; i < 500; i++) await (await pool.request({ path: '/v1/observe', method: 'POST', body, headers: { 'content-type': 'application/json' } })).body.text();
    const t = performance.now();
    for (let i = 0; i < n; i++) await (await pool.request({ path: '/v1/observe', method: 'POST', body, headers: { 'content-type': 'application/json' } })).body.text();
    const bare = n / ((performance.now() - t) / 1000);
    await pool.close();
    lines.push(`  bare loop:  ${Math.round(bare).toLocaleString('en-US')} requests/s (undici, keep-alive, POST /v1/observe)`);
    lines.push(`  harness:    ${Math.round(oneRate * 2).toLocaleString('en-US')} requests/s = ${(bare / (oneRate * 2)).toFixed(2)}x slower than the bare loop`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  return lines;
}
