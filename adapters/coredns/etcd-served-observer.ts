/**
 * The harness's etcd observer for any implementation that serves DNS through CoreDNS's etcd
 * plugin (`conform --target URL --observe etcd://HOST:PORT`): after each step it reads the keys
 * of every endpoint's name at one etcd revision and answers its A query as the plugin would
 * (./a-query.ts). A SERVFAIL the plugin would give is an error: the harness cannot judge it.
 */
import type { ServedObserver, ServedRecords } from '../../conformance/observe.js';
import { answerA } from './a-query.js';
import { EtcdConnection } from './etcd-connection.js';
import { SnapshotReader } from './snapshot-reader.js';

/** {@link ServedObserver} reading one etcd in the SkyDNS layout. */
export class EtcdServedObserver implements ServedObserver {
  readonly name: string;
  private readonly etcd: EtcdConnection;

  constructor(
    endpoint: string,
    private readonly zone: string,
    private readonly pathPrefix = '/skydns',
  ) {
    this.etcd = new EtcdConnection({ endpoint });
    this.name = `etcd ${endpoint} (zone ${zone}, answers as CoreDNS's etcd plugin gives them)`;
  }

  async served(names: Readonly<Record<string, string>>): Promise<ServedRecords> {
    const reader = new SnapshotReader(this.etcd);
    const records: Record<string, string[]> = {};
    for (const [endpoint, name] of Object.entries(names)) {
      const answer = await answerA(reader, { zone: this.zone, pathPrefix: this.pathPrefix }, name);
      if (answer.rcode === 'SERVFAIL') throw new Error(`etcd ${this.etcd.endpoint}: ${name} A would be answered SERVFAIL: ${answer.because ?? 'the plugin cannot read its keys'}`);
      records[endpoint] = [...answer.addresses];
    }
    return { records };
  }

  async close(): Promise<void> {
    this.etcd.close();
  }
}
