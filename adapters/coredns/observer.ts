/**
 * An observer: reads what the plan store holds and what every endpoint's record resolves to
 * from the backend itself, not from the implementation's word.
 */

/** One observation, in the protocol's Observation shape. */
export interface ObservedState {
  /** Generations in the plan store, ascending. */
  plans: number[];
  /** Per endpoint, the A addresses a resolver gets; empty for NXDOMAIN, NODATA or SERVFAIL. */
  records: { [endpoint: string]: string[] };
  /** Things seen in the run's part of the zone that dnsplan did not write. */
  foreign?: string[];
}

/** Reads the backend's state. */
export interface Observer {
  /** `etcd` (the keys, interpreted as CoreDNS would) or `dns` (queries to CoreDNS). */
  readonly name: 'etcd' | 'dns';
  observe(): Promise<ObservedState>;
}
