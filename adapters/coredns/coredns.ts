/**
 * A CoreDNS process serving the dnsplan zone from etcd on 127.0.0.1: found (COREDNS_BIN or
 * PATH), configured (./corefile.ts), started on a free port, waited for until it answers a
 * query, and stopped.
 */
import { constants as fsConstants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { corefile } from './corefile.js';
import { DnsClient } from './dns-client.js';
import { freePort } from './free-port.js';
import { spawnServer } from './server-process.js';

/** A running CoreDNS. */
export interface CorednsServer {
  /** Its UDP/TCP port on 127.0.0.1. */
  readonly port: number;
  readonly binary: string;
  /** What it wrote to stderr so far (its errors plugin logs there). */
  stderr(): string;
  /** Stops it (SIGTERM, then SIGKILL after 3 s) and removes its Corefile. */
  stop(): Promise<void>;
}

/** How to start CoreDNS. */
export interface StartCorednsOptions {
  readonly etcd: string;
  readonly zone: string;
  readonly pathPrefix?: string;
  /** The binary; {@link findCoredns} when not given. */
  readonly binary?: string;
  /** A free port is picked when not given. */
  readonly port?: number;
  /** How long to wait for the first answer; 10000 ms when not given. */
  readonly readyTimeoutMs?: number;
}

/**
 * The CoreDNS binary to use: `COREDNS_BIN` when set (it must be executable), else `coredns` on
 * PATH, else `undefined`.
 */
export async function findCoredns(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const explicit = env.COREDNS_BIN;
  if (explicit !== undefined && explicit !== '') {
    if (!(await executable(explicit))) throw new Error(`COREDNS_BIN=${explicit} is not an executable file`);
    return explicit;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'coredns');
    if (await executable(candidate)) return candidate;
  }
  return undefined;
}

/** Starts CoreDNS and resolves once it answers; rejects with its stderr if it does not. */
export async function startCoredns(options: StartCorednsOptions): Promise<CorednsServer> {
  const binary = options.binary ?? (await findCoredns());
  if (binary === undefined) throw new Error('no CoreDNS binary: set COREDNS_BIN or put coredns on PATH');
  const port = options.port ?? (await freePort({ udp: true }));
  const dir = await mkdtemp(join(tmpdir(), 'dnsplan-coredns-'));
  const conf = join(dir, 'Corefile');
  await writeFile(conf, corefile({ etcd: options.etcd, zone: options.zone, port, pathPrefix: options.pathPrefix }));
  const proc = spawnServer(binary, ['-conf', conf]);
  const server: CorednsServer = {
    port,
    binary,
    stderr: proc.output,
    stop: async () => {
      await proc.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  const failure = await Promise.race([
    waitUntilAnswering(port, options.zone, options.readyTimeoutMs ?? 10_000),
    proc.exited,
  ]);
  if (failure !== undefined) {
    await server.stop();
    throw new Error(`CoreDNS (${binary}) on 127.0.0.1:${port} ${failure}\n${proc.output().trim() || '(no output)'}`);
  }
  return server;
}

async function waitUntilAnswering(port: number, zone: string, timeoutMs: number): Promise<string | undefined> {
  const probe = new DnsClient(port, 300);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      await probe.queryA(`dnsplan-ready-probe.${zone}`);
      return undefined;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return `did not answer a DNS query within ${timeoutMs} ms`;
}

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}
