/**
 * The harness's side of the HTTP protocol: an Adapter that drives an enactor in another
 * process (any language) over `/v1/*`. Every reply is validated against its schema; every
 * failure becomes an AdapterError naming the step, what was sent, what was expected and what
 * came back. Connections are kept alive; every request has a timeout that also covers the
 * body, and a reply larger than the cap is cut off, never buffered.
 */
import { Pool } from 'undici';
import { AdapterError, DeadlineReached, type Adapter, type StepEvent } from '../../conformance/adapter.js';
import { SCHEMAS, type MessageName, type Messages } from '../../conformance/protocol/index.js';
import type { CollectEvent, CrashEvent, Observation, Plan, PlanEvent, ResetReply, ResetRequest } from '../../conformance/protocol/index.js';
import { ExchangeFailure, postJson } from './post.js';
import { ReplyProblem, readReply } from './reply.js';
import { parseTarget } from './target.js';

/** Where the implementation is and how long and how much the harness waits for. */
export interface HttpAdapterOptions {
  /** Base URL of the implementation, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Per request, covering the reply's body too (default 5000 ms). */
  readonly requestTimeoutMs?: number;
  /**
   * Absolute time (ms since the epoch) of the whole run's end: a request is sent only when
   * its whole timeout fits before it, so none is cut short by the deadline; otherwise the call
   * rejects with DeadlineReached and nothing is sent.
   */
  readonly deadline?: number;
  /** Largest reply accepted (default 1 MiB). */
  readonly maxResponseBytes?: number;
}

/** The replies the adapter expects, by request path. */
type ReplyName = 'ResetReply' | 'PlanReply' | 'StepReply' | 'CollectReply' | 'CrashReply' | 'ObserveReply';

/** An implementation of the protocol at a base URL, driven as an Adapter; `target` is the URL without a trailing slash. */
export class HttpAdapter implements Adapter {
  readonly target: string;
  readonly observer = 'implementation';
  private readonly pool: Pool;
  /** The path every protocol path is sent under (`''`, or e.g. `/enactor`). */
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  /** Throws an AdapterError (lifecycle `connect`) when `url` is not a target {@link parseTarget} accepts. */
  constructor(private readonly options: HttpAdapterOptions) {
    const target = parseTarget(options.url);
    if (typeof target === 'string') throw new AdapterError(`connect: the target ${target}`, { lifecycle: 'connect', happened: 'no' });
    this.target = target.url;
    this.prefix = target.prefix;
    this.timeoutMs = options.requestTimeoutMs ?? 5000;
    this.maxBytes = options.maxResponseBytes ?? 2 ** 20;
    this.pool = new Pool(target.origin, { connections: 1, pipelining: 1, keepAliveTimeout: 30_000, connectTimeout: this.timeoutMs });
  }

  async reset(request: ResetRequest): Promise<ResetReply['result']> {
    return (await this.call('reset', '/v1/reset', request, 'ResetReply')).result;
  }

  async plan(plan: Plan): Promise<PlanEvent> {
    return (await this.call(`plan(${plan.generation})`, '/v1/plan', { plan }, 'PlanReply')).result.event;
  }

  async step(enactor: string): Promise<StepEvent> {
    return (await this.call(`step(${enactor})`, '/v1/step', { enactor }, 'StepReply')).result.event;
  }

  async collect(): Promise<CollectEvent> {
    return (await this.call('collect', '/v1/collect', {}, 'CollectReply')).result.event;
  }

  async crash(enactor: string): Promise<CrashEvent> {
    return (await this.call(`crash(${enactor})`, '/v1/crash', { enactor }, 'CrashReply')).result.event;
  }

  async observe(): Promise<Observation> {
    return (await this.call('observe', '/v1/observe', {}, 'ObserveReply')).result.observation;
  }

  async close(): Promise<void> {
    await this.pool.destroy().catch(() => undefined);
  }

  private async call<N extends ReplyName>(lifecycle: string, path: string, body: unknown, expected: N): Promise<Messages[N]> {
    const request = `POST ${this.target}${path}`;
    const fail = (problem: string, happened: 'no' | 'unknown', received?: unknown, hint?: string): AdapterError =>
      new AdapterError(`${lifecycle}: ${request}: ${problem}`, {
        lifecycle,
        happened,
        sent: body,
        expected: `a ${expected} (conformance/protocol/${SCHEMAS[expected as MessageName]})`,
        ...(received === undefined ? {} : { received: truncate(received) }),
        ...(hint === undefined ? {} : { hint }),
      });
    const { deadline } = this.options;
    if (deadline !== undefined && deadline - Date.now() < this.timeoutMs) throw new DeadlineReached(lifecycle);
    const timeoutMs = this.timeoutMs;
    const timeoutName = `the ${timeoutMs} ms request timeout`;
    try {
      return readReply(await postJson(this.pool, `${this.prefix}${path}`, body, { timeoutMs, timeoutName, maxBytes: this.maxBytes }), expected);
    } catch (error) {
      if (error instanceof ExchangeFailure) throw fail(error.message, error.happened, error.received, error.hint);
      if (error instanceof ReplyProblem) throw fail(error.message, error.happened, error.received);
      throw error;
    }
  }
}

/** The received value for a report: as is when short, else its first ~500 characters. */
function truncate(value: unknown): unknown {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return '(a reply that cannot be shown as JSON)';
  }
  return text.length <= 500 ? value : `${text.slice(0, 500)}…`;
}
