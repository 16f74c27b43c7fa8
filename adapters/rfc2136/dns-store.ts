/**
 * The DNS records in the zone (./layout.ts). A write is one UPDATE that replaces the plan's A
 * RRset under the endpoint's plan name and points the endpoint's CNAME at it.
 *
 * A `cas` write carries a value-dependent prerequisite: the endpoint's CNAME is still the one
 * read (or there still is none), so it commits only if no other write came in between, and it
 * is skipped when the record's plan is not older. A `blind` write has no prerequisite on the
 * record. Both carry one on the plan: its TXT record exists (then the addresses are written)
 * or does not (then only the CNAME is, and it dangles), so a write racing the plan's deletion
 * never brings a deleted plan's addresses back. A write whose prerequisite failed re-reads and
 * tries again, a bounded number of times.
 */
import type { DnsStore, StoredPlan } from '../reference/stores.js';
import type { Rfc2136Layout } from './layout.js';
import { RECORD_TTL } from './plan-store.js';
import type { Prerequisite, Update } from './update-message.js';
import { Rfc2136Error, type ZoneClient } from './zone-client.js';

/** How many lost races a write tolerates before it gives up (having changed nothing). */
export const MAX_WRITE_CONFLICTS = 5;

/** {@link DnsStore} in an authoritative zone. */
export class Rfc2136DnsStore implements DnsStore {
  constructor(
    private readonly zone: ZoneClient,
    private readonly layout: Rfc2136Layout,
  ) {}

  async recordPlan(endpoint: string): Promise<number | undefined> {
    const target = await this.target(endpoint);
    return target === undefined ? undefined : this.layout.targetGeneration(endpoint, target);
  }

  async writeBlind(endpoint: string, plan: StoredPlan): Promise<void> {
    await this.write(endpoint, plan, 'blind');
  }

  writeCas(endpoint: string, plan: StoredPlan): Promise<'written' | 'skipped'> {
    return this.write(endpoint, plan, 'cas');
  }

  async resolve(endpoint: string): Promise<string[]> {
    const answer = await this.zone.query(this.layout.endpointName(endpoint), 'A');
    return answer.records.flatMap((r) => (r.type === 'A' ? [r.address] : []));
  }

  /** The endpoint's CNAME target as served, or `undefined` when it has none. */
  private async target(endpoint: string): Promise<string | undefined> {
    const name = this.layout.endpointName(endpoint);
    const answer = await this.zone.query(name, 'CNAME');
    const cname = answer.records.find((r) => r.type === 'CNAME' && r.name === name);
    return cname?.type === 'CNAME' ? cname.target : undefined;
  }

  private async write(endpoint: string, plan: StoredPlan, mode: 'blind' | 'cas'): Promise<'written' | 'skipped'> {
    const addresses = plan.records[endpoint];
    if (addresses === undefined) throw new RangeError(`plan ${plan.generation} has no record for ${endpoint}`);
    const name = this.layout.endpointName(endpoint);
    const recordName = this.layout.recordName(endpoint, plan.generation);
    const planName = this.layout.planName(plan.generation);
    const what = `${mode} write of plan ${plan.generation} to ${name}`;
    for (let attempt = 0; attempt < MAX_WRITE_CONFLICTS; attempt++) {
      const planExists = (await this.zone.query(planName, 'TXT')).records.some((r) => r.type === 'TXT');
      const prerequisites: Prerequisite[] = [{ kind: planExists ? 'rrset-exists' : 'rrset-absent', name: planName, type: 'TXT' }];
      if (mode === 'cas') {
        const current = await this.target(endpoint);
        const generation = current === undefined ? undefined : this.layout.targetGeneration(endpoint, current);
        if (generation !== undefined && generation >= plan.generation) return 'skipped';
        prerequisites.push(current === undefined ? { kind: 'rrset-absent', name, type: 'CNAME' } : { kind: 'rrset-is', name, type: 'CNAME', value: current });
      }
      const updates: Update[] = [
        ...(planExists
          ? [
              { kind: 'delete-rrset', name: recordName, type: 'A' } as const,
              ...addresses.map((a) => ({ kind: 'add', name: recordName, type: 'A', ttl: RECORD_TTL, value: a }) as const),
            ]
          : []),
        { kind: 'delete-rrset', name, type: 'CNAME' },
        { kind: 'add', name, type: 'CNAME', ttl: RECORD_TTL, value: recordName },
      ];
      if (await this.zone.update(prerequisites, updates, what)) return 'written';
    }
    throw new Rfc2136Error(`DNS server ${this.zone.server}: the ${what} lost ${MAX_WRITE_CONFLICTS} races in a row`, 'no');
  }
}
