/**
 * The plan store in the zone (./layout.ts): a plan is a TXT record plus its generation in the
 * index, written in one update; deleting plans deletes, in one update, their TXT records,
 * their index entries and every endpoint's record of those plans, so a record never outlives
 * its plan and an endpoint whose plan is gone resolves to nothing.
 */
import type { PlanStore, StoredPlan } from '../reference/stores.js';
import { parsePlanText, planText, type Rfc2136Layout } from './layout.js';
import { Rfc2136Error, type ZoneClient } from './zone-client.js';

/** The TTL of every record dnsplan writes. */
export const RECORD_TTL = 30;

/** {@link PlanStore} in an authoritative zone. */
export class Rfc2136PlanStore implements PlanStore {
  constructor(
    private readonly zone: ZoneClient,
    private readonly layout: Rfc2136Layout,
    private readonly endpoints: readonly string[],
    private readonly enactors: readonly string[],
  ) {}

  async put(plan: StoredPlan): Promise<void> {
    const name = this.layout.planName(plan.generation);
    await this.zone.update(
      [],
      [
        { kind: 'delete-rrset', name, type: 'TXT' },
        { kind: 'add', name, type: 'TXT', ttl: RECORD_TTL, value: planText(plan.records) },
        { kind: 'add', name: this.layout.plansIndex, type: 'TXT', ttl: RECORD_TTL, value: [String(plan.generation)] },
      ],
      `put plan ${plan.generation}`,
    );
  }

  async get(generation: number): Promise<StoredPlan | undefined> {
    const name = this.layout.planName(generation);
    const answer = await this.zone.query(name, 'TXT');
    const txt = answer.records.find((r) => r.type === 'TXT');
    if (txt === undefined || txt.type !== 'TXT') return undefined;
    const records = parsePlanText(txt.text);
    if (typeof records === 'string') throw new Rfc2136Error(`DNS server ${this.zone.server}: ${name} TXT is ${records}`, 'no');
    return { generation, records };
  }

  async generations(): Promise<number[]> {
    const answer = await this.zone.query(this.layout.plansIndex, 'TXT');
    const found = new Set<number>();
    for (const r of answer.records) {
      if (r.type !== 'TXT') continue;
      const text = r.text.join('');
      if (/^[1-9]\d{0,15}$/.test(text) && Number.isSafeInteger(Number(text))) found.add(Number(text));
    }
    return [...found].sort((a, b) => a - b);
  }

  async delete(generations: readonly number[]): Promise<void> {
    if (generations.length === 0) return;
    const updates = [...new Set(generations)].flatMap((g) => [
      { kind: 'delete-rrset', name: this.layout.planName(g), type: 'TXT' } as const,
      { kind: 'delete-rr', name: this.layout.plansIndex, type: 'TXT', value: [String(g)] } as const,
      ...this.endpoints.map((e) => ({ kind: 'delete-rrset', name: this.layout.recordName(e, g), type: 'A' }) as const),
    ]);
    await this.zone.update([], updates, `delete plans ${generations.join(', ')}`);
  }

  async claim(enactor: string, generation: number): Promise<void> {
    const name = this.layout.claimName(enactor);
    await this.zone.update(
      [],
      [
        { kind: 'delete-rrset', name, type: 'TXT' },
        { kind: 'add', name, type: 'TXT', ttl: RECORD_TTL, value: [String(generation)] },
      ],
      `claim plan ${generation} for ${enactor}`,
    );
  }

  async release(enactor: string): Promise<void> {
    await this.zone.update([], [{ kind: 'delete-rrset', name: this.layout.claimName(enactor), type: 'TXT' }], `release the claim of ${enactor}`);
  }

  async claims(): Promise<ReadonlyMap<string, number>> {
    const claims = new Map<string, number>();
    for (const enactor of this.enactors) {
      const answer = await this.zone.query(this.layout.claimName(enactor), 'TXT');
      const txt = answer.records.find((r) => r.type === 'TXT');
      const text = txt?.type === 'TXT' ? txt.text.join('') : '';
      if (/^[1-9]\d{0,15}$/.test(text) && Number.isSafeInteger(Number(text))) claims.set(enactor, Number(text));
    }
    return claims;
  }
}
