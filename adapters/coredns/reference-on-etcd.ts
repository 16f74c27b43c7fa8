/**
 * The reference enactor on the CoreDNS backend, as `dnsplan conform --coredns` runs it: the
 * plan store and records in etcd, one etcd client for the Planner and the collector and one
 * per enactor (as in production), opened once and reused across resets, observed through
 * DNS when CoreDNS is available and through the etcd keys otherwise. Calls that certainly did
 * not happen are retried, so a run rides out an etcd restart.
 */
import { withRetries, type Adapter } from '../../conformance/index.js';
import { ReferenceAdapter, type Backend } from '../reference/index.js';
import { makeCorednsBackendFactory, selectObserver, DEFAULT_ZONE } from './adapter.js';
import type { EtcdBackend } from './etcd-backend.js';

export interface ReferenceOnEtcdOptions {
  /** A reference variant or mutant name. */
  readonly variant: string;
  readonly etcd: string;
  readonly zone?: string;
  readonly endpoints: readonly string[];
  readonly observer?: 'auto' | 'dns' | 'etcd';
}

/** Opens the adapter; fails (naming the endpoint) when etcd is unreachable or CoreDNS does not start. */
export async function openReferenceOnEtcd(o: ReferenceOnEtcdOptions): Promise<Adapter> {
  const factory = makeCorednsBackendFactory({ etcd: o.etcd, zone: o.zone ?? DEFAULT_ZONE });
  const clients: EtcdBackend[] = [];
  const closeClients = () => Promise.all(clients.map((c) => c.close()));
  let selection;
  try {
    clients[0] = await factory({ endpoints: o.endpoints });
    selection = await selectObserver(clients[0], o.observer ?? 'auto');
  } catch (error) {
    await closeClients();
    throw error;
  }
  let slot = 0;
  const client = async (i: number): Promise<Backend> => {
    const b = (clients[i] ??= await factory({ endpoints: o.endpoints }));
    return Object.assign(Object.create(b) as EtcdBackend, { close: async () => undefined });
  };
  const observer = selection.observer;
  const reference = new ReferenceAdapter({
    variant: o.variant,
    backend: () => ((slot = 1), client(0)),
    enactorBackend: () => client(slot++),
    observer: { name: selection.description, observe: () => observer.observe() },
  });
  const sel = selection;
  return {
    ...withRetries(reference),
    target: `${reference.target} on etcd ${o.etcd} (zone ${factory.zone}, run ${factory.runId})`,
    observer: reference.observer,
    close: async () => {
      await reference.close();
      await sel.close();
      await closeClients();
    },
  };
}
