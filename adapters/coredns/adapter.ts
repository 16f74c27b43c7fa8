/**
 * How the conformance harness runs an enactor on the CoreDNS backend: a factory of etcd
 * backends for one run (one per enactor if the caller wants production's one-client-per-enactor
 * shape), and the choice of observer: DNS queries to a CoreDNS started for the run when a
 * CoreDNS binary exists, else the etcd keys interpreted as CoreDNS would answer.
 */
import { randomBytes } from 'node:crypto';
import { startCoredns, findCoredns } from './coredns.js';
import type { CorednsServer } from './coredns.js';
import { DnsObserver } from './dns-observer.js';
import { openEtcdBackend } from './etcd-backend.js';
import type { EtcdBackend } from './etcd-backend.js';
import type { Observer } from './observer.js';
import { DEFAULT_ZONE } from './zone.js';

export { DEFAULT_ZONE } from './zone.js';

/** Where a run's backend lives. */
export interface CorednsBackendOptions {
  /** The etcd client URL, e.g. `http://127.0.0.1:2379`. */
  readonly etcd: string;
  /** {@link DEFAULT_ZONE} when not given. */
  readonly zone?: string;
  /** A fresh random id when not given. */
  readonly runId?: string;
  /** CoreDNS's etcd `path`; `/skydns` when not given. */
  readonly pathPrefix?: string;
  /** Per etcd call attempt; 2000 ms when not given. */
  readonly callTimeoutMs?: number;
}

/** The part of the protocol constants a backend needs. */
export interface BackendConstants {
  readonly endpoints: readonly string[];
}

/** Makes a backend for the run, each with its own etcd client. */
export type BackendFactory = ((constants: BackendConstants) => Promise<EtcdBackend>) & {
  readonly runId: string;
  readonly zone: string;
};

/** A run id that is a DNS label: `r` and 10 random base-36 characters. */
export function newRunId(): string {
  const digits = [...randomBytes(10)].map((b) => (b % 36).toString(36)).join('');
  return `r${digits}`;
}

/** The backend factory of one run on the CoreDNS backend. */
export function makeCorednsBackendFactory(options: CorednsBackendOptions): BackendFactory {
  const runId = options.runId ?? newRunId();
  const zone = options.zone ?? DEFAULT_ZONE;
  const make = (constants: BackendConstants): Promise<EtcdBackend> =>
    openEtcdBackend({
      endpoint: options.etcd,
      zone,
      runId,
      endpoints: constants.endpoints,
      ...(options.pathPrefix === undefined ? {} : { pathPrefix: options.pathPrefix }),
      ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
    });
  return Object.assign(make, { runId, zone });
}

/** The observer chosen for a run, what it is, and how to release what it started. */
export interface ObserverSelection {
  readonly observer: Observer;
  /** E.g. `dns (CoreDNS /usr/bin/coredns on 127.0.0.1:40123)` or `etcd (no CoreDNS binary: ...)`. */
  readonly description: string;
  readonly coredns?: CorednsServer;
  close(): Promise<void>;
}

/**
 * Picks the observer for a backend: `auto` uses DNS when a CoreDNS binary is found, else etcd;
 * `dns` requires CoreDNS (and fails with its stderr if it does not start); `etcd` never starts it.
 */
export async function selectObserver(
  backend: EtcdBackend,
  mode: 'auto' | 'dns' | 'etcd' = 'auto',
): Promise<ObserverSelection> {
  const binary = mode === 'etcd' ? undefined : await findCoredns();
  if (binary === undefined) {
    if (mode === 'dns') throw new Error('the dns observer needs CoreDNS: set COREDNS_BIN or put coredns on PATH');
    const why = mode === 'etcd' ? 'asked for' : 'no CoreDNS binary: set COREDNS_BIN or put coredns on PATH';
    return { observer: backend.observer, description: `etcd (${why})`, close: async () => undefined };
  }
  const coredns = await startCoredns({
    binary,
    etcd: backend.connection.endpoint,
    zone: backend.layout.zone,
    pathPrefix: backend.layout.pathPrefix,
  });
  const names = Object.fromEntries(backend.endpoints.map((e) => [e, backend.layout.endpointName(e)]));
  const observer = new DnsObserver({ port: coredns.port, names, base: backend.observer });
  return {
    observer,
    coredns,
    description: `dns (CoreDNS ${binary} on 127.0.0.1:${coredns.port})`,
    close: async () => {
      observer.close();
      await coredns.stop();
    },
  };
}
