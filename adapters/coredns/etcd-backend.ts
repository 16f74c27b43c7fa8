/**
 * The CoreDNS backend: a plan store and DNS records in one etcd, over one client connection.
 * Production enactors each have their own client, so callers that model them open one backend
 * per enactor; every backend of a run shares the run's layout.
 */
import type { Backend } from '../reference/stores.js';
import { EtcdConnection } from './etcd-connection.js';
import type { EtcdConnectionOptions } from './etcd-connection.js';
import { EtcdDnsStore } from './etcd-dns-store.js';
import { EtcdObserver } from './etcd-observer.js';
import { deleteKeyOp, deletePrefixOp, prefixRange, storedKeys } from './etcd-ops.js';
import { EtcdPlanStore } from './etcd-plan-store.js';
import { Layout, labelProblem } from './layout.js';
import type { LayoutOptions } from './layout.js';

/** Where the backend lives and which endpoints it serves. */
export interface EtcdBackendOptions extends EtcdConnectionOptions, LayoutOptions {
  readonly endpoints: readonly string[];
}

/** {@link Backend} over etcd, with the run's layout and an observer on the same connection. */
export interface EtcdBackend extends Backend {
  readonly plans: EtcdPlanStore;
  readonly dns: EtcdDnsStore;
  readonly layout: Layout;
  readonly endpoints: readonly string[];
  readonly connection: EtcdConnection;
  /** An observer reading this backend's etcd directly. */
  readonly observer: EtcdObserver;
  /** Deletes every key of the run that dnsplan writes (plans, claims, markers, records); foreign keys stay. */
  clear(): Promise<void>;
}

/**
 * Connects to etcd and returns the run's backend; rejects within the connect timeout (3 s by
 * default), naming the endpoint, when etcd does not answer.
 */
export async function openEtcdBackend(options: EtcdBackendOptions): Promise<EtcdBackend> {
  const layout = new Layout(options);
  for (const endpoint of options.endpoints) {
    const problem = labelProblem(endpoint);
    if (problem !== undefined) throw new RangeError(`endpoint ${JSON.stringify(endpoint)} ${problem}`);
  }
  const endpoints = [...options.endpoints];
  const connection = new EtcdConnection(options);
  try {
    await connection.ping();
  } catch (error) {
    connection.close();
    throw error;
  }
  return {
    plans: new EtcdPlanStore(connection, layout, endpoints),
    dns: new EtcdDnsStore(connection, layout),
    layout,
    endpoints,
    connection,
    observer: new EtcdObserver(connection, layout, endpoints),
    clear: () => clearRun(connection, layout),
    close: async () => connection.close(),
  };
}

async function clearRun(connection: EtcdConnection, layout: Layout): Promise<void> {
  const keys = storedKeys(await connection.range('list the run\'s DNS keys', prefixRange(layout.runDir, undefined, true)));
  const own = keys.map(({ key }) => key).filter((key) => layout.parseRecordKey(key) !== undefined);
  await connection.txn('clear the run', 'idempotent', {
    success: [deletePrefixOp(layout.metaPrefix), ...own.map(deleteKeyOp)],
  });
}
