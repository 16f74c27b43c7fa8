/**
 * The DNS observer: asks a DNS server (CoreDNS serving the run's zone from etcd) for each
 * endpoint's A record, as a client would. Plans and foreign keys are not in DNS; they come from
 * another observer (the etcd one).
 */
import { DnsClient } from './dns-client.js';
import type { ObservedState, Observer } from './observer.js';

/** Where and how to query. */
export interface DnsObserverOptions {
  /** The server's UDP port on 127.0.0.1. */
  readonly port: number;
  /** The endpoints to observe, with their DNS names. */
  readonly names: Readonly<Record<string, string>>;
  /** Supplies plans and foreign keys. */
  readonly base: Observer;
  /** Per query; 1000 ms when not given. */
  readonly timeoutMs?: number;
}

/** {@link Observer} whose records are real DNS answers. */
export class DnsObserver implements Observer {
  readonly name = 'dns';
  readonly client: DnsClient;

  constructor(private readonly options: DnsObserverOptions) {
    this.client = new DnsClient(options.port, options.timeoutMs);
  }

  async observe(): Promise<ObservedState> {
    const base = await this.options.base.observe();
    const records: Record<string, string[]> = {};
    for (const [endpoint, name] of Object.entries(this.options.names)) {
      records[endpoint] = [...(await this.client.queryA(name)).addresses];
    }
    return { ...base, records };
  }

  /** Cancels queries in flight. */
  close(): void {
    this.client.close();
  }
}
