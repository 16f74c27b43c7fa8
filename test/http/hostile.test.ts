import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAdapter } from '../../adapters/http/index.js';
import { AdapterError } from '../../conformance/adapter.js';

const TIMEOUT_MS = 500;
let child: ChildProcess;
let urls: Record<string, string>;

/** Starts the hostile implementations in a process of their own and reads their URLs. */
function startHostile(): Promise<{ child: ChildProcess; urls: Record<string, string> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/hostile.ts')], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((ok, ko) => {
    let out = '';
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) ok({ child: proc, urls: JSON.parse(out.slice(0, out.indexOf('\n'))) as Record<string, string> });
    });
    proc.once('exit', (code) => ko(new Error(`the hostile fixture exited with ${code}: ${err}`)));
  });
}

/** A port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

/** Steps enactor b against `url` and returns the AdapterError and how long it took to come. */
async function failure(url: string, options: { deadline?: number } = {}): Promise<{ error: AdapterError; ms: number }> {
  const adapter = new HttpAdapter({ url, requestTimeoutMs: TIMEOUT_MS, ...options });
  const started = Date.now();
  try {
    const event = await adapter.step('b');
    throw new Error(`expected a failure, got ${JSON.stringify(event)}`);
  } catch (error) {
    if (!(error instanceof AdapterError)) throw error;
    return { error, ms: Date.now() - started };
  } finally {
    await adapter.close();
  }
}

beforeAll(async () => {
  ({ child, urls } = await startHostile());
});

afterAll(() => {
  child?.kill('SIGKILL');
});

describe('HttpAdapter against implementations that break the protocol', () => {
  it.each([
    ['http-500', /^step\(b\): POST http:\/\/127\.0\.0\.1:\d+\/v1\/step: HTTP 500 without an error reply$/, 'unknown'],
    ['error-reply', /^step\(b\): POST .*\/v1\/step: the implementation replied with an error \(HTTP 503, happened: no\): the plan store is read-only$/, 'no'],
    ['sleeps', /^step\(b\): POST .*\/v1\/step: no complete reply within the 500 ms request timeout$/, 'unknown'],
    ['not-json', /^step\(b\): POST .*\/v1\/step: the reply \(HTTP 200\) is not JSON$/, 'unknown'],
    ['breaks-schema', /^step\(b\): POST .*\/v1\/step: the reply breaks the schema: missing required property "result"$/, 'unknown'],
    ['unknown-kind', /^step\(b\): POST .*\/v1\/step: the reply breaks the schema: \/result\/event\/kind must be one of "pick", "write", "clean", "idle", got "explode"$/, 'unknown'],
    ['streams-100mb', /^step\(b\): POST .*\/v1\/step: the reply \(HTTP 200\) is over the 1048576-byte cap; reading stopped there$/, 'unknown'],
    ['declares-100mb', /^step\(b\): POST .*\/v1\/step: the reply \(HTTP 200\) declares 104857600 bytes, over the 1048576-byte cap; it was not read$/, 'unknown'],
    ['never-ends', /^step\(b\): POST .*\/v1\/step: no complete reply within the 500 ms request timeout$/, 'unknown'],
  ] as const)('%s: rejects with an AdapterError naming the step and the problem, in time', async (behaviour, message, happened) => {
    const { error, ms } = await failure(urls[behaviour]!);
    expect(error.message).toMatch(message);
    expect(error.details).toMatchObject({
      lifecycle: 'step(b)',
      happened,
      sent: { enactor: 'b' },
      expected: 'a StepReply (conformance/protocol/step-reply.schema.json)',
    });
    expect(ms).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it('shows what was received, cut to about 500 characters', async () => {
    expect((await failure(urls['breaks-schema']!)).error.details.received).toEqual({ ok: true });
    expect((await failure(urls['not-json']!)).error.details.received).toBe('<html>hello</html>');
    const big = (await failure(urls['streams-100mb']!)).error.details.received;
    expect(typeof big === 'string' && big.length <= 501 && big.startsWith('{"result":')).toBe(true);
  });

  it('connection refused: the step certainly did not happen', async () => {
    const { error, ms } = await failure(`http://127.0.0.1:${await closedPort()}`);
    expect(error.message).toMatch(/^step\(b\): POST http:\/\/127\.0\.0\.1:\d+\/v1\/step: connection refused$/);
    expect(error.details).toMatchObject({ lifecycle: 'step(b)', happened: 'no', hint: expect.stringMatching(/listening/) });
    expect(ms).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it('the whole-run deadline cuts a request short, and no request is sent after it', async () => {
    const soon = await failure(urls['sleeps']!, { deadline: Date.now() + 200 });
    expect(soon.error.message).toMatch(/no complete reply within the whole-run deadline \(\d+ ms left\)$/);
    expect(soon.ms).toBeLessThan(TIMEOUT_MS);
    const past = await failure(urls['sleeps']!, { deadline: Date.now() - 1 });
    expect(past.error.message).toMatch(/the whole-run deadline passed before the request was sent$/);
    expect(past.error.details.happened).toBe('no');
  });

  it('names the lifecycle step of every call', async () => {
    const adapter = new HttpAdapter({ url: urls['not-json']!, requestTimeoutMs: TIMEOUT_MS });
    const calls: [string, () => Promise<unknown>][] = [
      ['reset', () => adapter.reset({ protocol: 'dnsplan/1', constants: { enactors: ['a'], endpoints: ['regional'], maxPlan: 2, keep: 1, collector: true, crashes: false }, plan: { generation: 1, records: { regional: ['10.0.1.1'] } } })],
      ['plan(2)', () => adapter.plan({ generation: 2, records: { regional: ['10.0.2.1'] } })],
      ['collect', () => adapter.collect()],
      ['crash(a)', () => adapter.crash('a')],
      ['observe', () => adapter.observe()],
    ];
    for (const [lifecycle, call] of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AdapterError);
      expect((error as AdapterError).details.lifecycle).toBe(lifecycle);
      expect((error as AdapterError).message.startsWith(`${lifecycle}: POST `)).toBe(true);
    }
    await adapter.close();
  });

  it('refuses a URL that is not http://', () => {
    expect(() => new HttpAdapter({ url: 'ftp://127.0.0.1' })).toThrow(AdapterError);
    expect(() => new HttpAdapter({ url: 'not a url' })).toThrow(/is not an http:\/\/ URL/);
  });
});
