/**
 * One protocol exchange on the wire: POST a JSON body, read the whole reply within a time
 * limit that covers the body too, and stop reading at a size cap instead of buffering it.
 * What can go wrong is classified here by whether the request can have reached the
 * implementation; what the reply means is for the caller.
 */
import { errors, type Pool } from 'undici';

/** A reply read in full: its HTTP status and body text. */
export interface RawReply {
  readonly status: number;
  readonly text: string;
}

/** An exchange that produced no complete reply, and whether the request may have taken effect. */
export class ExchangeFailure extends Error {
  constructor(
    message: string,
    readonly happened: 'no' | 'unknown',
    readonly received?: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ExchangeFailure';
  }
}

/** How one POST is bounded. */
export interface PostLimits {
  /** Time for the whole exchange, headers and body (ms). */
  readonly timeoutMs: number;
  /** Why the time is what it is, for the failure's sentence (e.g. `the 500 ms request timeout`). */
  readonly timeoutName: string;
  /** Largest body read before giving up (bytes). */
  readonly maxBytes: number;
}

/** POSTs `body` as JSON to `path` and reads the reply; rejects with an ExchangeFailure. */
export async function postJson(pool: Pool, path: string, body: unknown, limits: PostLimits): Promise<RawReply> {
  const { timeoutMs, maxBytes } = limits;
  try {
    const res = await pool.request({
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.body.destroy();
      throw new ExchangeFailure(`the reply (HTTP ${res.statusCode}) declares ${declared} bytes, over the ${maxBytes}-byte cap; it was not read`, 'unknown');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        res.body.destroy();
        const start = Buffer.concat(chunks).toString('utf8', 0, 200);
        throw new ExchangeFailure(`the reply (HTTP ${res.statusCode}) is over the ${maxBytes}-byte cap; reading stopped there`, 'unknown', `${start}…`);
      }
      chunks.push(chunk);
    }
    return { status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    throw classify(error, limits);
  }
}

function classify(error: unknown, limits: PostLimits): ExchangeFailure {
  if (error instanceof ExchangeFailure) return error;
  const code = (error as { code?: unknown }).code;
  const name = (error as { name?: unknown }).name;
  if (code === 'ECONNREFUSED') return new ExchangeFailure('connection refused', 'no', undefined, 'is the implementation listening there?');
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new ExchangeFailure(`could not connect within ${limits.timeoutName}`, 'no');
  const timedOut =
    name === 'TimeoutError' || name === 'AbortError' || error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError;
  if (timedOut) {
    return new ExchangeFailure(`no complete reply within ${limits.timeoutName}`, 'unknown', undefined, 'a step must answer in time; a slow implementation can be given more with --timeout');
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ExchangeFailure(`the exchange failed: ${message}${typeof code === 'string' ? ` (${code})` : ''}`, 'unknown');
}
