/**
 * A healthy implementation in another process that a run cannot finish with in time, or that
 * is not listening yet: the run is incomplete or waits, never "broke the protocol".
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../adapters/coredns/free-port.js';
import type { Io } from '../../src/cli/command.js';
import { conformCommand } from '../../src/cli/commands/conform.js';
import { DNSPLAN_BIN, startServer } from '../support/serve.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-deadline-'));
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(stops.map((s) => s()));
});

async function conform(options: Record<string, unknown>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), interactive: false };
  const code = await conformCommand.run([], { seed: '1', coverage: false, ...options }, io);
  return { code, out, err };
}

const serve = async (port = 0) => {
  const server = await startServer(process.execPath, [DNSPLAN_BIN, 'serve-reference', '--variant', 'fixed', '--port', String(port)]);
  stops.push(server.stop);
  return server;
};

describe('--deadline and --wait-ready against a healthy implementation over HTTP', () => {
  it('--deadline before the runs are done: incomplete, exit 2, the runs done summarised, no blame, JUnit skipped not errors', async () => {
    const server = await serve();
    // A first short run warms the server (its schemas compiled, its code hot), so that on a
    // busy machine the deadline run still gets some runs done.
    expect((await conform({ target: server.url, schedule: 'plan,step:a', level: 'safe', historyDir: join(dir, 'warm') })).code).toBe(0);
    const junit = join(dir, 'junit.xml');
    const r = await conform({ target: server.url, runs: '1000000', level: 'safe', length: '5', deadline: '6', timeout: '2000', historyDir: join(dir, 'deadline'), junit, badge: join(dir, 'badge.json') });
    expect(r.code, r.err).toBe(2);
    const done = Number(/incomplete: deadline reached after (\d+) conformant runs? \(each at level \w+ or better\)/.exec(r.out)?.[1]);
    expect(done).toBeGreaterThan(0);
    expect(r.out).toContain(`\n${done} run${done === 1 ? '' : 's'}, `);
    expect(r.out).toContain('rerun with:');
    expect(r.out + r.err).not.toMatch(/broke the protocol|NOT conformant/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('errors="0"');
    expect(xml).toContain('failures="0"');
    expect(xml).toContain('skipped="3"');
    expect(xml).toContain(`deadline reached after ${done} conformant run`);
    expect(JSON.parse(readFileSync(join(dir, 'badge.json'), 'utf8'))).toMatchObject({ message: 'incomplete', color: 'lightgrey' });
  });

  it('--wait-ready: a target that comes up after the run started is waited for', async () => {
    const port = await freePort();
    const run = conform({ target: `http://127.0.0.1:${port}`, schedule: 'plan,step:a,step:a', waitReady: '20', historyDir: join(dir, 'late') });
    await new Promise((r) => setTimeout(r, 700));
    await serve(port);
    const r = await run;
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('is conformant');
  });

  it('--wait-ready: a target that never comes up is one sentence, exit 2, after about S seconds', async () => {
    const port = await freePort();
    const started = Date.now();
    const r = await conform({ target: `http://127.0.0.1:${port}`, waitReady: '1', historyDir: join(dir, 'never') });
    expect(r.code).toBe(2);
    expect(r.err).toContain(`nothing accepted a connection at http://127.0.0.1:${port} within 1 s (--wait-ready): the implementation never came up`);
    expect(r.err).not.toContain('broke the protocol');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
