/**
 * The harness's own DNS observer for any implementation (`conform --target URL --observe
 * dns://HOST:PORT`): after each step it resolves every endpoint's name at the given server
 * (A records, CNAMEs followed, no cache) and reports the addresses served. What those
 * addresses mean (one plan, none, a mix) is the checker's to judge.
 */
import type { ServedObserver, ServedRecords } from '../../conformance/observe.js';
import { resolveA } from './resolve.js';
import type { ServerAddress } from './transport.js';
import { ZoneClient } from './zone-client.js';

/** {@link ServedObserver} over DNS queries to one server. */
export class DnsServedObserver implements ServedObserver {
  readonly name: string;
  private readonly zone: ZoneClient;

  constructor(server: ServerAddress, zone: string, timeoutMs = 2000) {
    this.zone = new ZoneClient({ server, zone, timeoutMs });
    this.name = `dns ${this.zone.server} (zone ${zone})`;
  }

  async served(names: Readonly<Record<string, string>>): Promise<ServedRecords> {
    const records: Record<string, string[]> = {};
    for (const [endpoint, name] of Object.entries(names)) records[endpoint] = (await resolveA(this.zone, name)).addresses;
    return { records };
  }

  async close(): Promise<void> {
    this.zone.close();
  }
}
