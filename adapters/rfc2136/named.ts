/**
 * A throwaway BIND9 `named` serving dnsplan's zone on 127.0.0.1: found (`NAMED_BIN`, PATH or
 * /usr/sbin), configured (./named-config.ts) in a temporary directory, started in the
 * foreground on a free port (UDP and TCP), waited for until it answers the zone's SOA, and
 * stopped and removed afterwards. Run as root it keeps root (no `-u`), so the zone journal in
 * the temporary directory stays writable; run as anyone else it runs as that user.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from '../coredns/free-port.js';
import { isExecutable, spawnServer } from '../coredns/server-process.js';
import { DnsClient } from './client.js';
import { namedConf, zoneFile, zoneFileName } from './named-config.js';
import type { TsigKey } from './tsig.js';

/** A running named. */
export interface NamedServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly zone: string;
  /** The key dynamic updates are signed with. */
  readonly key: TsigKey;
  readonly binary: string;
  /** What it wrote so far (it logs to stderr in the foreground). */
  output(): string;
  /** Stops it (SIGTERM, then SIGKILL after 3 s) and removes its directory. */
  stop(): Promise<void>;
}

/** How to start named. */
export interface StartNamedOptions {
  readonly zone: string;
  readonly binary?: string;
  /** How long to wait for the first answer; 15000 ms when not given. */
  readonly readyTimeoutMs?: number;
}

/** The named binary: `NAMED_BIN` when set, else `named` on PATH, else /usr/sbin/named, else `undefined`. */
export function findNamed(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NAMED_BIN) return isExecutable(env.NAMED_BIN) ? env.NAMED_BIN : undefined;
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin'];
  return dirs.map((d) => join(d, 'named')).find(isExecutable);
}

/** Starts named and resolves once it answers for the zone; rejects with its output when it does not. */
export async function startNamed(options: StartNamedOptions): Promise<NamedServer> {
  const binary = options.binary ?? findNamed();
  if (binary === undefined) throw new Error('no named binary: install Debian bind9 (.ci/install-system.sh) or set NAMED_BIN');
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launch(binary, options);
    } catch (error) {
      last = (error as Error).message;
      // another process may have taken the port between picking and binding it: try another
      if (!/address in use|could not listen/i.test(last)) break;
    }
  }
  throw new Error(last);
}

async function launch(binary: string, options: StartNamedOptions): Promise<NamedServer> {
  const zone = options.zone.endsWith('.') ? options.zone.toLowerCase() : `${options.zone.toLowerCase()}.`;
  const port = await freePort({ udp: true });
  const dir = await mkdtemp(join(tmpdir(), 'dnsplan-named-'));
  const key: TsigKey = { name: 'dnsplan-key', secret: randomBytes(32).toString('base64') };
  const conf = join(dir, 'named.conf');
  await writeFile(conf, namedConf({ zone, port, directory: dir, key }), { mode: 0o600 });
  await writeFile(join(dir, zoneFileName(zone)), zoneFile(zone), { mode: 0o644 });
  await chmod(dir, 0o700);
  const proc = spawnServer(binary, ['-g', '-4', '-n', '1', '-c', conf]);
  const server: NamedServer = {
    host: '127.0.0.1',
    port,
    zone,
    key,
    binary,
    output: proc.output,
    stop: async () => {
      await proc.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  const failure = await Promise.race([waitUntilServing(port, zone, options.readyTimeoutMs ?? 15_000), proc.exited]);
  if (failure !== undefined) {
    await server.stop();
    throw new Error(`named (${binary}) on 127.0.0.1:${port} ${failure}\n${proc.output().trim() || '(no output)'}`);
  }
  return server;
}

/** Resolves `undefined` once named on 127.0.0.1:`port` answers the zone's SOA with authority, or a sentence saying it did not. */
export async function waitUntilServing(port: number, zone: string, timeoutMs: number): Promise<string | undefined> {
  const probe = new DnsClient({ host: '127.0.0.1', port }, { timeoutMs: 300 });
  const until = Date.now() + timeoutMs;
  try {
    while (Date.now() < until) {
      try {
        const reply = await probe.query(zone, 'SOA');
        if (reply.rcode === 'NOERROR' && reply.authoritative) return undefined;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    probe.close();
  }
  return `did not serve ${zone} within ${timeoutMs} ms`;
}
