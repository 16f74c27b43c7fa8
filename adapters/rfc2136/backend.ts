/**
 * The RFC 2136 backend: dnsplan's plan store, claims and DNS records in one authoritative zone,
 * changed only by dynamic updates and read only by DNS queries (./layout.ts). Production
 * enactors each have their own client, so callers that model them open one backend per
 * enactor (each its own socket); every backend of a run shares the run's names.
 */
import type { Backend } from '../reference/stores.js';
import { Rfc2136DnsStore } from './dns-store.js';
import { nameProblem, Rfc2136Layout } from './layout.js';
import { Rfc2136Observer } from './observer.js';
import { Rfc2136PlanStore } from './plan-store.js';
import { Rfc2136Error, ZoneClient, type ZoneOptions } from './zone-client.js';

/** Where the zone is and what the run holds. */
export interface Rfc2136BackendOptions extends ZoneOptions {
  readonly runId: string;
  readonly endpoints: readonly string[];
  readonly enactors: readonly string[];
  /** The endpoints' DNS names, when the harness chose them (the reset's `names`). */
  readonly names?: Readonly<Record<string, string>>;
}

/** {@link Backend} in a zone, with its names and an observer over the same client. */
export interface Rfc2136Backend extends Backend {
  readonly plans: Rfc2136PlanStore;
  readonly dns: Rfc2136DnsStore;
  readonly layout: Rfc2136Layout;
  readonly zone: ZoneClient;
  readonly observer: Rfc2136Observer;
}

/** Opens the run's backend; rejects with one sentence when the server does not serve the zone. */
export async function openRfc2136Backend(o: Rfc2136BackendOptions): Promise<Rfc2136Backend> {
  for (const [what, name] of [['zone', o.zone], ['run id', o.runId], ...o.endpoints.map((e) => ['endpoint', e]), ...o.enactors.map((e) => ['enactor', e])]) {
    const problem = nameProblem(name!);
    if (problem !== undefined) throw new RangeError(`${what} ${JSON.stringify(name)} ${problem}`);
  }
  for (const [endpoint, name] of Object.entries(o.names ?? {})) {
    const problem = nameProblem(name);
    if (problem !== undefined) throw new RangeError(`the name of ${endpoint}, ${JSON.stringify(name)}, ${problem}`);
  }
  const zone = new ZoneClient(o);
  try {
    await servesZone(zone);
  } catch (error) {
    zone.close();
    throw error;
  }
  const layout = new Rfc2136Layout(o.zone, o.runId, o.endpoints, o.names);
  const plans = new Rfc2136PlanStore(zone, layout, o.endpoints, o.enactors);
  return {
    plans,
    dns: new Rfc2136DnsStore(zone, layout),
    layout,
    zone,
    observer: new Rfc2136Observer(zone, layout, plans, o.endpoints),
    close: async () => zone.close(),
  };
}

/** Resolves when the server answers the zone's SOA with authority, else rejects naming what it got. */
async function servesZone(zone: ZoneClient): Promise<void> {
  const name = zone.options.zone;
  let reply;
  try {
    reply = await zone.client.query(name, 'SOA');
  } catch (error) {
    throw new Rfc2136Error(`${(error as Error).message} (is a DNS server listening there?)`, 'no');
  }
  if (reply.rcode !== 'NOERROR' || !reply.authoritative || !reply.answers.some((r) => r.type === 'other' && r.rrtype === 'SOA')) {
    throw new Rfc2136Error(`DNS server ${zone.server} does not serve zone ${name}: its SOA query got ${reply.rcode}${reply.authoritative ? '' : ' without authority'}`, 'no', reply.rcode);
  }
}
