/**
 * The other side of the protocol: any Adapter served over HTTP on 127.0.0.1. This is how
 * `dnsplan serve-reference` offers the reference enactor as an external implementation, and
 * a worked example for vendors of what the harness expects.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdapterError, type Adapter } from '../../conformance/adapter.js';
import { firstError, type MessageName } from '../../conformance/protocol/index.js';
import type { CrashRequest, PlanRequest, ResetRequest, StepRequest } from '../../conformance/protocol/index.js';

/** An Adapter being served: where, and how to stop. */
export interface Served {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Where to listen: loopback only; port 0 (the default) picks a free one. */
export interface ServeOptions {
  readonly port?: number;
  readonly host?: '127.0.0.1';
}

const ROUTES: Record<string, { request: MessageName; handle(a: Adapter, body: any): Promise<unknown> }> = {
  '/v1/reset': { request: 'ResetRequest', handle: async (a, b: ResetRequest) => (await a.reset(b)) ?? {} },
  '/v1/plan': { request: 'PlanRequest', handle: async (a, b: PlanRequest) => ({ event: await a.plan(b.plan) }) },
  '/v1/step': { request: 'StepRequest', handle: async (a, b: StepRequest) => ({ event: await a.step(b.enactor) }) },
  '/v1/collect': { request: 'CollectRequest', handle: async (a) => ({ event: await a.collect() }) },
  '/v1/crash': { request: 'CrashRequest', handle: async (a, b: CrashRequest) => ({ event: await a.crash(b.enactor) }) },
  '/v1/observe': { request: 'ObserveRequest', handle: async (a) => ({ observation: await a.observe() }) },
};

const MAX_REQUEST = 2 ** 20;

/** Serves `adapter` over the protocol on 127.0.0.1:`port`; requests are handled one at a time, in order. */
export async function serveAdapter(adapter: Adapter, options: ServeOptions = {}): Promise<Served> {
  const host = options.host ?? '127.0.0.1';
  let queue: Promise<unknown> = Promise.resolve();
  const server = createServer((req, res) => {
    queue = queue.then(() => handle(adapter, req, res)).catch(() => undefined);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((ok, ko) => {
    server.once('error', ko);
    server.listen(options.port ?? 0, host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

async function handle(adapter: Adapter, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const reply = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const error = (status: number, message: string, happened: 'no' | 'unknown' = 'no') => reply(status, { error: { message, happened } });
  const route = ROUTES[req.url ?? ''];
  if (req.method !== 'POST' || route === undefined) return error(404, `no such endpoint: ${req.method} ${req.url}; the protocol has POST ${Object.keys(ROUTES).join(', ')}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST) return error(413, `the request is over ${MAX_REQUEST} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    return error(400, 'the request body is not JSON');
  }
  const why = firstError(route.request, body);
  if (why !== undefined) return error(400, `the request is not a valid ${route.request}: ${why}`);
  try {
    reply(200, { result: await route.handle(adapter, body) });
  } catch (e) {
    if (e instanceof AdapterError) return error(500, e.message, e.details.happened);
    return error(500, (e as Error).message, 'unknown');
  }
}
