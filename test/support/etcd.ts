/**
 * A real, throwaway etcd for integration tests: one member on random loopback ports with a
 * temporary data directory. `stop` kills it and removes the data; `restart` stops the process
 * and starts it again on the same ports and data, as an etcd outage would.
 *
 * When the `etcd` binary is missing, tests skip with a loud message, except in CI (`CI` set),
 * where a missing etcd fails the test run (`.ci/install-system.sh` installs it).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from '../../adapters/coredns/free-port.js';

/** A running test etcd. */
export interface EtcdServer {
  /** Its client URL, e.g. `http://127.0.0.1:40123`. */
  readonly endpoint: string;
  /** Kills it and removes its data directory. */
  stop(): Promise<void>;
  /** Stops the process and starts it again on the same ports and data directory. */
  restart(): Promise<void>;
  /** Stops the process, keeping the data, until {@link start} (an outage). */
  pause(): Promise<void>;
  /** Starts a paused etcd again. */
  start(): Promise<void>;
}

/** The etcd binary: `ETCD_BIN`, else `etcd` on PATH, else `undefined`. */
export function findEtcd(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.ETCD_BIN ? [env.ETCD_BIN] : (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'etcd'));
  return candidates.find((path) => {
    try {
      accessSync(path, fsConstants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Whether etcd tests can run. Without the binary: throws in CI (the tests must not silently
 * pass), else prints a loud warning and returns false so the caller skips.
 */
export function etcdAvailable(): boolean {
  if (findEtcd() !== undefined) return true;
  const message = 'etcd binary not found (set ETCD_BIN or run .ci/install-system.sh)';
  if (process.env.CI) throw new Error(`${message}; CI requires the etcd integration tests`);
  console.warn(`\n!!! SKIPPING etcd integration tests: ${message} !!!\n`);
  return false;
}

/** Starts a single-member etcd on 127.0.0.1 and resolves once it reports healthy. */
export async function startEtcd(): Promise<EtcdServer> {
  const binary = findEtcd();
  if (binary === undefined) throw new Error('etcd binary not found (set ETCD_BIN or run .ci/install-system.sh)');
  const dataDir = await mkdtemp(join(tmpdir(), 'dnsplan-etcd-'));
  const name = `dnsplan-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  let clientPort = await freePort();
  let peerPort = await freePort();
  let child: ChildProcess | undefined;
  let output = '';

  const launch = async (): Promise<void> => {
    const client = `http://127.0.0.1:${clientPort}`;
    const peer = `http://127.0.0.1:${peerPort}`;
    output = '';
    const proc = spawn(
      binary,
      [
        '--name', name,
        '--data-dir', dataDir,
        '--listen-client-urls', client,
        '--advertise-client-urls', client,
        '--listen-peer-urls', peer,
        '--initial-advertise-peer-urls', peer,
        '--initial-cluster', `${name}=${peer}`,
        '--initial-cluster-state', 'new',
        '--logger', 'zap',
        '--log-outputs', 'stderr',
        '--log-level', 'error',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proc.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-16 * 1024);
    });
    child = proc;
    await waitHealthy(client, proc, () => output);
  };

  const kill = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    if (!done) {
      proc.kill('SIGKILL');
      await exited;
    }
  };

  try {
    await launch();
  } catch {
    await kill();
    clientPort = await freePort();
    peerPort = await freePort();
    try {
      await launch();
    } catch (error) {
      await kill();
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  return {
    get endpoint() {
      return `http://127.0.0.1:${clientPort}`;
    },
    stop: async () => {
      await kill();
      await rm(dataDir, { recursive: true, force: true });
    },
    restart: async () => {
      await kill();
      await launch();
    },
    pause: kill,
    start: launch,
  };
}

async function waitHealthy(client: string, proc: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`etcd exited before it was healthy:\n${output()}`);
    }
    try {
      const reply = await fetch(`${client}/health`, { signal: AbortSignal.timeout(500) });
      if (reply.ok && ((await reply.json()) as { health?: string }).health === 'true') return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`etcd at ${client} was not healthy within 15 s:\n${output()}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
