/**
 * The observer of the reference on an RFC 2136 server: the plan store read from the zone's
 * TXT records, each endpoint resolved by DNS queries to the same server, as a client would.
 * Records in the run's names of a shape dnsplan never writes (a CNAME to anything but a plan's
 * record name, an A record under any other name, another type) are reported as `foreign`:
 * never trusted, never deleted by the harness, but counted in the answer exactly as served.
 * Records of dnsplan's own shape are the implementation's writes, whatever they hold (a torn
 * write makes exactly those), and are judged by the answer they give.
 */
import type { Observer, ObservedState } from '../../conformance/observe.js';
import type { Rfc2136Layout } from './layout.js';
import type { Rfc2136PlanStore } from './plan-store.js';
import { resolveA } from './resolve.js';
import type { ZoneClient } from './zone-client.js';

/** {@link Observer} of a run in an authoritative zone. */
export class Rfc2136Observer implements Observer {
  readonly name: string;

  constructor(
    private readonly zone: ZoneClient,
    private readonly layout: Rfc2136Layout,
    private readonly plans: Rfc2136PlanStore,
    private readonly endpoints: readonly string[],
  ) {
    this.name = `dns ${zone.server}`;
  }

  async observe(): Promise<ObservedState> {
    const plans = await this.plans.generations();
    const records: Record<string, string[]> = {};
    const foreign: string[] = [];
    for (const endpoint of this.endpoints) {
      const resolved = await resolveA(this.zone, this.layout.endpointName(endpoint));
      records[endpoint] = resolved.addresses;
      for (const r of resolved.records) {
        const why = this.whyForeign(endpoint, r);
        if (why !== undefined) foreign.push(why);
      }
    }
    return foreign.length === 0 ? { plans, records } : { plans, records, foreign };
  }

  /** Why a record of an endpoint's answer is not one dnsplan wrote, or `undefined`. */
  private whyForeign(endpoint: string, r: Awaited<ReturnType<typeof resolveA>>['records'][number]): string | undefined {
    const name = this.layout.endpointName(endpoint);
    if (r.type === 'CNAME') {
      if (r.name === name && this.layout.targetGeneration(endpoint, r.target) !== undefined) return undefined;
      return `${r.name} CNAME ${r.target} (not a plan's record of ${endpoint})`;
    }
    if (r.type !== 'A') return `${r.name} ${r.type === 'TXT' ? 'TXT' : r.rrtype} (dnsplan writes only A and CNAME records there)`;
    if (this.layout.targetGeneration(endpoint, r.name) === undefined) return `${r.name} A ${r.address} (not a plan's record of ${endpoint})`;
    return undefined;
  }
}
