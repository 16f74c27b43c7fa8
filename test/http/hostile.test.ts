import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAdapter } from '../../adapters/http/index.js';
import { AdapterError, DeadlineReached } from '../../conformance/adapter.js';
import { startServer } from '../support/serve.js';
import { HANG_MS } from '../support/hang.js';

const TIMEOUT_MS = 500;
const HOSTILE = join(import.meta.dirname, 'fixtures/hostile.mjs');
const MODES = ['500', 'slow', 'not-json', 'schema', 'unknown-event', 'huge', 'endless', 'error-reply', 'declares-huge'] as const;
type Mode = (typeof MODES)[number];

const servers = new Map<Mode, Awaited<ReturnType<typeof startServer>>>();
const url = (mode: Mode) => servers.get(mode)!.url;

/** A port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

/** Steps enactor a against `base` and returns the AdapterError and how long it took to come. */
async function failure(base: string, options: { deadline?: number } = {}): Promise<{ error: AdapterError; ms: number }> {
  const adapter = new HttpAdapter({ url: base, requestTimeoutMs: TIMEOUT_MS, ...options });
  const started = Date.now();
  try {
    const event = await adapter.step('a');
    throw new Error(`expected a failure, got ${JSON.stringify(event)}`);
  } catch (error) {
    if (!(error instanceof AdapterError)) throw error;
    return { error, ms: Date.now() - started };
  } finally {
    await adapter.close();
  }
}

beforeAll(async () => {
  await Promise.all(
    MODES.map(async (mode) => {
      servers.set(mode, await startServer(process.execPath, [HOSTILE, mode]));
    }),
  );
});

afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.stop()));
});

describe('HttpAdapter against implementations that break the protocol (each in a process of its own)', () => {
  it.each([
    ['500', /^step\(a\): POST http:\/\/127\.0\.0\.1:\d+\/v1\/step: HTTP 500 without an error reply$/, 'unknown'],
    ['slow', /^step\(a\): POST .*\/v1\/step: no complete reply within the 500 ms request timeout$/, 'unknown'],
    ['not-json', /^step\(a\): POST .*\/v1\/step: the reply \(HTTP 200\) is not JSON$/, 'unknown'],
    ['schema', /^step\(a\): POST .*\/v1\/step: the reply breaks the schema: missing required property "result"$/, 'unknown'],
    ['unknown-event', /^step\(a\): POST .*\/v1\/step: the reply breaks the schema: \/result\/event\/kind must be one of "pick", "write", "clean", "idle", got "teleport"$/, 'unknown'],
    ['huge', /^step\(a\): POST .*\/v1\/step: the reply \(HTTP 200\) is over the 1048576-byte cap; reading stopped there$/, 'unknown'],
    ['endless', /^step\(a\): POST .*\/v1\/step: no complete reply within the 500 ms request timeout$/, 'unknown'],
    ['error-reply', /^step\(a\): POST .*\/v1\/step: the implementation replied with an error \(HTTP 503, happened: no\): the plan store is read-only$/, 'no'],
    ['declares-huge', /^step\(a\): POST .*\/v1\/step: the reply \(HTTP 200\) declares 104857600 bytes, over the 1048576-byte cap; it was not read$/, 'unknown'],
  ] as const)('%s: rejects with an AdapterError naming the step and the problem, without hanging', async (mode, message, happened) => {
    const { error, ms } = await failure(url(mode));
    expect(error.message).toMatch(message);
    expect(error.details).toMatchObject({
      lifecycle: 'step(a)',
      happened,
      sent: { enactor: 'a' },
      expected: 'a StepReply (conformance/protocol/step-reply.schema.json)',
    });
    expect(ms).toBeLessThan(HANG_MS);
  });

  it('huge: stops reading at the cap instead of buffering 100 MB', async () => {
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      for (let i = 0; i < 3; i++) await failure(url('huge'));
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(peak - before).toBeLessThan(40 * 2 ** 20);
  });

  it('shows what was received, cut to about 500 characters', async () => {
    expect((await failure(url('schema'))).error.details.received).toEqual({ ok: true });
    expect((await failure(url('not-json'))).error.details.received).toBe('<html>hello</html>');
    const big = (await failure(url('huge'))).error.details.received;
    expect(typeof big === 'string' && big.length <= 501 && big.startsWith('{"result":')).toBe(true);
  });

  it('connection refused: the step certainly did not happen', async () => {
    const { error, ms } = await failure(`http://127.0.0.1:${await closedPort()}`);
    expect(error.message).toMatch(/^step\(a\): POST http:\/\/127\.0\.0\.1:\d+\/v1\/step: connection refused$/);
    expect(error.details).toMatchObject({ lifecycle: 'step(a)', happened: 'no', hint: expect.stringMatching(/listening/) });
    expect(ms).toBeLessThan(HANG_MS);
  });

  it('the whole-run deadline: a request that could not finish before it is never sent', async () => {
    for (const deadline of [Date.now() + 200, Date.now() - 1]) {
      const { error, ms } = await failure(url('slow'), { deadline });
      expect(error).toBeInstanceOf(DeadlineReached);
      expect(error.message).toBe('step(a): the whole-run deadline comes before this request could finish; it was not sent');
      expect(error.details.happened).toBe('no');
      expect(ms).toBeLessThan(HANG_MS);
    }
  });

  it('names the lifecycle step of every call', async () => {
    const adapter = new HttpAdapter({ url: url('not-json'), requestTimeoutMs: TIMEOUT_MS });
    const calls: [string, () => Promise<unknown>][] = [
      ['reset', () => adapter.reset({ protocol: 'dnsplan/1', constants: { enactors: ['a'], endpoints: ['regional'], maxPlan: 2, keep: 1, collector: true, crashes: false }, plan: { generation: 1, records: { regional: ['10.0.1.1'] } } })],
      ['plan(2)', () => adapter.plan({ generation: 2, records: { regional: ['10.0.2.1'] } })],
      ['step(b)', () => adapter.step('b')],
      ['collect', () => adapter.collect()],
      ['crash(a)', () => adapter.crash('a')],
      ['observe', () => adapter.observe()],
    ];
    try {
      for (const [lifecycle, call] of calls) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AdapterError);
        expect((error as AdapterError).details.lifecycle).toBe(lifecycle);
        expect((error as AdapterError).message.startsWith(`${lifecycle}: POST `)).toBe(true);
      }
    } finally {
      await adapter.close();
    }
  });

  it('refuses a URL that is not http://', () => {
    expect(() => new HttpAdapter({ url: 'ftp://127.0.0.1' })).toThrow(AdapterError);
    expect(() => new HttpAdapter({ url: 'not a url' })).toThrow(/must be a URL such as http:\/\/127\.0\.0\.1:8080, got not a url/);
  });
});
