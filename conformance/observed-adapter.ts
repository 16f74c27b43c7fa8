/**
 * Two channels for any implementation: the implementation's own word (`/v1/observe`) and what
 * resolvers are served, read by an observer that belongs to the harness. The reset tells the
 * implementation each endpoint's DNS name for the run; after every step the harness reads the
 * implementation's observation, waits `settleMs` if asked, and resolves the names itself. The
 * observation it judges carries the served records as `records`, the implementation's as
 * `claimed`, and the wait as `settleMs`, so both channels are in the history.
 */
import { AdapterError, type Adapter } from './adapter.js';
import type { ServedObserver } from './observe.js';
import type { Observation, ResetRequest } from './protocol/types.js';

export interface ObservedAdapterOptions {
  /** The endpoints' DNS names for the run, e.g. `{ regional: 'regional.r1a2.dnsplan.test.' }`. */
  readonly names: Readonly<Record<string, string>>;
  /** How long to wait after a step before reading the served answers (default 0). */
  readonly settleMs?: number;
}

/** `inner` observed through `observer` as well as through its own word. */
export function observedAdapter(inner: Adapter, observer: ServedObserver, o: ObservedAdapterOptions): Adapter {
  const settle = o.settleMs ?? 0;
  return {
    get target() {
      return inner.target;
    },
    observer: `${observer.name}, beside the implementation's word`,
    reset: (request: ResetRequest) => inner.reset({ ...request, names: { ...o.names } }),
    plan: (p) => inner.plan(p),
    step: (e) => inner.step(e),
    collect: () => inner.collect(),
    crash: (e) => inner.crash(e),
    async observe(): Promise<Observation> {
      const claim = await inner.observe();
      if (settle > 0) await new Promise((resolve) => setTimeout(resolve, settle));
      let served;
      try {
        served = await observer.served(o.names);
      } catch (error) {
        throw new AdapterError(`observe: ${(error as Error).message}`, { lifecycle: 'observe', happened: 'no', blame: 'environment' });
      }
      const foreign = [...(claim.foreign ?? []), ...(served.foreign ?? [])];
      return {
        plans: claim.plans,
        records: served.records,
        claimed: claim.records,
        ...(settle > 0 ? { settleMs: settle } : {}),
        ...(foreign.length > 0 ? { foreign } : {}),
      };
    },
    close: async () => {
      await observer.close();
      await inner.close();
    },
  };
}
