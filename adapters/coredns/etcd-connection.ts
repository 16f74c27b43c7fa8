/**
 * One etcd client connection with dnsplan's call discipline: every call has a deadline, retries
 * are bounded and ours (the etcd3 client's own retry and circuit-breaker policies are replaced by
 * pass-through ones, because its retry would resend a transaction whose reply was lost), and a
 * failure says whether the operation certainly did not take effect.
 */
import {
  Etcd3,
  EtcdPermissionDeniedError,
  GRPCAlreadyExistsError,
  GRPCDeadlineExceededError,
  GRPCFailedPreconditionError,
  GRPCInvalidArgumentError,
  GRPCNotFoundError,
  GRPCNotImplementedError,
  GRPCOutOfRangeError,
  GRPCUnauthenticatedError,
  GRPCUnavailableError,
  isRecoverableError,
} from 'etcd3';
import type { IOptions, IRangeRequest, IRangeResponse, ITxnRequest, ITxnResponse } from 'etcd3';

/** How to reach etcd and how patient to be. */
export interface EtcdConnectionOptions {
  /** The etcd client URL, e.g. `http://127.0.0.1:2379`. */
  readonly endpoint: string;
  /** Deadline of one attempt of one call; 2000 ms when not given. */
  readonly callTimeoutMs?: number;
  /** Attempts per call (first try included); 3 when not given. */
  readonly attempts?: number;
  /** How long {@link EtcdConnection.ping} keeps trying; 3000 ms when not given. */
  readonly connectTimeoutMs?: number;
}

/**
 * An etcd operation that failed. `happened` is `no` when the request certainly did not take
 * effect (never sent, or rejected by etcd), `unknown` when it may have.
 */
export class EtcdStoreError extends Error {
  constructor(
    message: string,
    readonly details: {
      readonly operation: string;
      readonly endpoint: string;
      readonly happened: 'no' | 'unknown';
      readonly cause?: unknown;
    },
  ) {
    super(message);
    this.name = 'EtcdStoreError';
  }
}

/**
 * Whether an operation may be sent again after a failure that might have applied it: `read`
 * changes nothing (so a failed one certainly changed nothing), `idempotent` may be repeated,
 * `once` may not.
 */
export type Retry = 'read' | 'idempotent' | 'once';

type FaultPolicy = NonNullable<NonNullable<IOptions['faultHandling']>['global']>;

const noEvent = () => ({ dispose: () => undefined });
const passThrough: FaultPolicy = {
  _altReturn: undefined as never,
  onSuccess: noEvent,
  onFailure: noEvent,
  execute: (fn, signal) => Promise.resolve().then(() => fn({ signal: signal ?? new AbortController().signal })),
};

const REJECTED = [
  GRPCInvalidArgumentError,
  GRPCFailedPreconditionError,
  GRPCOutOfRangeError,
  GRPCNotImplementedError,
  GRPCUnauthenticatedError,
  GRPCNotFoundError,
  GRPCAlreadyExistsError,
  EtcdPermissionDeniedError,
];

/** Whether a failed request certainly did not reach etcd or was refused by it. */
export function certainlyNotApplied(error: unknown): boolean {
  if (REJECTED.some((kind) => error instanceof kind)) return true;
  const message = error instanceof Error ? error.message : '';
  if (error instanceof GRPCUnavailableError) return /No connection established/.test(message);
  if (error instanceof GRPCDeadlineExceededError) {
    return /Waiting for LB pick|waiting for name resolution|waiting for metadata filters/i.test(message);
  }
  return false;
}

/** One client connection to one etcd endpoint. */
export class EtcdConnection {
  readonly endpoint: string;
  private readonly client: Etcd3;
  private readonly attempts: number;
  private readonly connectTimeoutMs: number;

  constructor(options: EtcdConnectionOptions) {
    this.endpoint = options.endpoint;
    const callTimeoutMs = options.callTimeoutMs ?? 2000;
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    this.client = new Etcd3({
      hosts: options.endpoint,
      dialTimeout: callTimeoutMs,
      defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + callTimeoutMs }),
      faultHandling: { host: () => passThrough, global: passThrough },
      grpcOptions: { 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': 1000 },
    });
  }

  /** Reads a key or range (retried: reads are idempotent). */
  range(operation: string, request: IRangeRequest): Promise<IRangeResponse> {
    return this.call(operation, 'read', () => this.client.kv.range(request));
  }

  /** Runs one transaction; `once` retries only failures that certainly did not apply it. */
  txn(operation: string, retry: Retry, request: ITxnRequest): Promise<ITxnResponse> {
    return this.call(operation, retry, () => this.client.kv.txn(request));
  }

  /** Resolves when etcd answers a read, or rejects naming the endpoint after the connect timeout. */
  async ping(): Promise<void> {
    const until = Date.now() + this.connectTimeoutMs;
    let last: unknown;
    while (Date.now() < until) {
      try {
        await this.client.kv.range({ key: Buffer.from('/'), keys_only: true, limit: 1 }, {
          deadline: Math.min(until, Date.now() + 1000),
        });
        return;
      } catch (error) {
        last = error;
        await sleep(Math.min(200, Math.max(0, until - Date.now())));
      }
    }
    throw new EtcdStoreError(
      `etcd at ${this.endpoint} is unreachable (no answer within ${this.connectTimeoutMs} ms): ${describe(last)}`,
      { operation: 'connect', endpoint: this.endpoint, happened: 'no', cause: last },
    );
  }

  /** Closes the client; later calls fail. */
  close(): void {
    this.client.close();
  }

  private async call<T>(operation: string, retry: Retry, run: () => Promise<T>): Promise<T> {
    let last: unknown;
    let applied: 'no' | 'unknown' = 'no';
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        return await run();
      } catch (error) {
        last = error;
        const safe = certainlyNotApplied(error);
        if (!safe && retry !== 'read') applied = 'unknown';
        const transient = error instanceof Error && isRecoverableError(error);
        if (!transient || (retry === 'once' && !safe)) break;
        if (attempt < this.attempts) await sleep(100 * 2 ** (attempt - 1));
      }
    }
    throw new EtcdStoreError(`etcd at ${this.endpoint}: ${operation} failed: ${describe(last)}`, {
      operation,
      endpoint: this.endpoint,
      happened: applied,
      cause: last,
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
