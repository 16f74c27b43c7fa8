/**
 * One test etcd per suite (test/support/etcd.ts), with a raw client of it for planting keys the
 * code under test did not write; kept apart from etcd.ts, which the bench imports too.
 */
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll } from 'vitest';
import { startEtcd, type EtcdServer } from './etcd.js';

/** A test etcd for a whole suite, with a raw client of it (to plant keys), both set once started. */
export interface SuiteEtcd {
  readonly server: EtcdServer;
  readonly raw: Etcd3;
}

/** Starts a test etcd and a raw client before the suite's tests and stops both after them. */
export function useEtcd(): SuiteEtcd {
  const suite = {} as { server: EtcdServer; raw: Etcd3 };
  beforeAll(async () => {
    suite.server = await startEtcd();
    suite.raw = new Etcd3({ hosts: suite.server.endpoint });
  });
  afterAll(async () => {
    suite.raw?.close();
    await suite.server?.stop();
  });
  return suite;
}
