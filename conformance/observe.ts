/**
 * Observers that belong to the harness: they read what the backend holds and what resolvers
 * are served, independently of what the implementation says. Two shapes:
 *
 * - an {@link Observer} reads a whole observation (plans and records) from a backend the
 *   harness knows the layout of (the reference on etcd, the reference on an RFC 2136 server);
 * - a {@link ServedObserver} reads only what is served for each endpoint's DNS name, for any
 *   implementation whose plan store the harness cannot read (`conform --target URL --observe`).
 */
import type { Observation } from './protocol/types.js';

/** One observation, in the protocol's Observation shape. */
export type ObservedState = Observation;

/** Reads the backend's state. */
export interface Observer {
  /** What observes, e.g. `etcd`, `dns`. */
  readonly name: string;
  observe(): Promise<ObservedState>;
}

/** What is served for each endpoint's name, and what the harness did not expect there. */
export interface ServedRecords {
  /** Per endpoint, the A addresses a resolver gets; [] for NXDOMAIN or no A records. */
  readonly records: Record<string, string[]>;
  /** Records seen that no implementation of the protocol writes there (reported, never trusted). */
  readonly foreign?: string[];
}

/** Resolves endpoint names as a client would, with no cache. */
export interface ServedObserver {
  /** What observes, e.g. `dns 127.0.0.1:5353`. */
  readonly name: string;
  /** Resolves each endpoint's name; rejects with one sentence when the harness cannot judge the answer. */
  served(names: Readonly<Record<string, string>>): Promise<ServedRecords>;
  close(): Promise<void>;
}
