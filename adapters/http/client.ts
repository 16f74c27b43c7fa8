/**
 * The harness's side of the HTTP protocol: an Adapter that drives an enactor in another
 * process (any language) over `/v1/*`. Every reply is validated against its schema; every
 * failure becomes an AdapterError naming the step, what was sent, what was expected and
 * what came back. Connections are kept alive; every request has a timeout that also covers
 * the body, and a reply larger than the cap is cut off, never buffered.
 */
import { Pool, errors as undiciErrors } from 'undici';
import { AdapterError, type Adapter, type StepEvent } from '../../conformance/adapter.js';
import { SCHEMAS, firstError, type MessageName } from '../../conformance/protocol/index.js';
import type {
  CollectEvent,
  CrashEvent,
  Observation,
  Plan,
  PlanEvent,
  ResetRequest,
} from '../../conformance/protocol/index.js';

export interface HttpAdapterOptions {
  /** Base URL of the implementation, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Per request, covering the reply's body too (default 5000 ms). */
  readonly requestTimeoutMs?: number;
  /** Absolute time (ms since the epoch) after which no request is sent and none waited for. */
  readonly deadline?: number;
  /** Largest reply accepted (default 1 MiB). */
  readonly maxResponseBytes?: number;
}

interface Exchange {
  readonly lifecycle: string;
  readonly path: string;
  readonly body: unknown;
  readonly reply: MessageName;
}

export class HttpAdapter implements Adapter {
  readonly target: string;
  readonly observer = 'implementation';
  private readonly pool: Pool;
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(private readonly options: HttpAdapterOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new AdapterError(`'${options.url}' is not a URL`, { lifecycle: 'connect', happened: 'no' });
    }
    if (base.protocol !== 'http:') throw new AdapterError(`'${options.url}' is not an http:// URL`, { lifecycle: 'connect', happened: 'no' });
    this.base = base;
    this.target = base.origin;
    this.timeoutMs = options.requestTimeoutMs ?? 5000;
    this.maxBytes = options.maxResponseBytes ?? 2 ** 20;
    this.pool = new Pool(base.origin, { connections: 1, pipelining: 1, keepAliveTimeout: 30_000, connectTimeout: this.timeoutMs });
  }

  async reset(request: ResetRequest): Promise<void> {
    await this.call({ lifecycle: 'reset', path: '/v1/reset', body: request, reply: 'ResetReply' });
  }

  async plan(plan: Plan): Promise<PlanEvent> {
    const r = (await this.call({ lifecycle: `plan(${plan.generation})`, path: '/v1/plan', body: { plan }, reply: 'PlanReply' })) as { result: { event: PlanEvent } };
    return r.result.event;
  }

  async step(enactor: string): Promise<StepEvent> {
    const r = (await this.call({ lifecycle: `step(${enactor})`, path: '/v1/step', body: { enactor }, reply: 'StepReply' })) as { result: { event: StepEvent } };
    return r.result.event;
  }

  async collect(): Promise<CollectEvent> {
    const r = (await this.call({ lifecycle: 'collect', path: '/v1/collect', body: {}, reply: 'CollectReply' })) as { result: { event: CollectEvent } };
    return r.result.event;
  }

  async crash(enactor: string): Promise<CrashEvent> {
    const r = (await this.call({ lifecycle: `crash(${enactor})`, path: '/v1/crash', body: { enactor }, reply: 'CrashReply' })) as { result: { event: CrashEvent } };
    return r.result.event;
  }

  async observe(): Promise<Observation> {
    const r = (await this.call({ lifecycle: 'observe', path: '/v1/observe', body: {}, reply: 'ObserveReply' })) as { result: { observation: Observation } };
    return r.result.observation;
  }

  async close(): Promise<void> {
    await this.pool.close().catch(() => undefined);
  }

  private async call(x: Exchange): Promise<unknown> {
    const url = new URL(x.path, this.base).href;
    const fail = (message: string, happened: 'no' | 'unknown', received?: unknown, hint?: string): never => {
      throw new AdapterError(`${message} (POST ${url})`, {
        lifecycle: x.lifecycle,
        happened,
        sent: x.body,
        expected: `a ${x.reply} (conformance/protocol/${SCHEMAS[x.reply]})`,
        ...(received === undefined ? {} : { received: truncate(received) }),
        ...(hint === undefined ? {} : { hint }),
      });
    };
    const left = this.options.deadline === undefined ? this.timeoutMs : Math.min(this.timeoutMs, this.options.deadline - Date.now());
    if (left <= 0) fail('the whole-run deadline passed before this request', 'no');
    let status: number;
    let text: string;
    try {
      const signal = AbortSignal.timeout(left);
      const res = await this.pool.request({
        path: x.path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(x.body),
        signal,
        headersTimeout: left,
        bodyTimeout: left,
      });
      status = res.statusCode;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.maxBytes) {
          res.body.destroy();
          fail(`the reply is larger than ${this.maxBytes} bytes; reading stopped there`, 'unknown', `${Buffer.concat(chunks).toString('utf8', 0, 200)}…`);
        }
        chunks.push(chunk);
      }
      text = Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      if (error instanceof AdapterError) throw error;
      const code = (error as { code?: string }).code;
      const name = (error as { name?: string }).name;
      if (code === 'ECONNREFUSED') fail('connection refused', 'no', undefined, `is the implementation listening on ${this.base.origin}?`);
      if (name === 'TimeoutError' || name === 'AbortError' || error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError || code === 'UND_ERR_CONNECT_TIMEOUT')
        fail(`no complete reply within ${left} ms`, code === 'UND_ERR_CONNECT_TIMEOUT' ? 'no' : 'unknown');
      fail(`the request failed: ${(error as Error).message}`, 'unknown');
    }
    let json: unknown;
    try {
      json = JSON.parse(text!);
    } catch {
      fail(`the reply (HTTP ${status!}) is not JSON`, 'unknown', text!);
    }
    if (typeof json === 'object' && json !== null && 'error' in json) {
      const why = firstError('ErrorReply', json);
      if (why !== undefined) fail(`the error reply breaks the schema: ${why}`, 'unknown', json);
      const e = (json as { error: { message: string; happened: 'no' | 'unknown' } }).error;
      fail(`the implementation answered with an error: ${e.message}`, e.happened, json);
    }
    if (status! < 200 || status! >= 300) fail(`HTTP ${status!} without an error reply`, 'unknown', text!);
    const why = firstError(x.reply, json);
    if (why !== undefined) fail(`the reply breaks the schema: ${why}`, 'unknown', json);
    return json;
  }
}

function truncate(v: unknown): unknown {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length <= 500 ? v : `${text.slice(0, 500)}…`;
}
