/**
 * The in-memory backend: plans, claims and DNS records in one object, so that deleting a plan
 * deletes the records that belong to it, as deleting a plan's keys in etcd deletes the DNS keys
 * stored under them. Every method completes at once; the promises are only the interface's.
 */
import type { Backend, DnsStore, PlanStore, StoredPlan } from './stores.js';

/** One endpoint's record: the plan it was written from, and its addresses until that plan is deleted. */
interface MemoryRecord {
  plan: number;
  addresses: readonly string[] | undefined;
}

/** What the plan store and the DNS records share. */
class MemoryData {
  readonly plans = new Map<number, StoredPlan>();
  /** The keys of `plans`, ascending. */
  generations: number[] = [];
  readonly claims = new Map<string, number>();
  readonly records = new Map<string, MemoryRecord>();
}

/** {@link PlanStore} in memory. */
export class MemoryPlanStore implements PlanStore {
  constructor(private readonly data: MemoryData) {}

  async put(plan: StoredPlan): Promise<void> {
    const { data } = this;
    if (!data.plans.has(plan.generation)) {
      data.generations.push(plan.generation);
      data.generations.sort((a, b) => a - b);
    }
    data.plans.set(plan.generation, plan);
  }

  async get(generation: number): Promise<StoredPlan | undefined> {
    return this.data.plans.get(generation);
  }

  async generations(): Promise<number[]> {
    return this.data.generations.slice();
  }

  async delete(generations: readonly number[]): Promise<void> {
    if (generations.length === 0) return;
    const { data } = this;
    for (const g of generations) data.plans.delete(g);
    data.generations = data.generations.filter((g) => data.plans.has(g));
    for (const record of data.records.values()) {
      if (generations.includes(record.plan)) record.addresses = undefined;
    }
  }

  async claim(enactor: string, generation: number): Promise<void> {
    this.data.claims.set(enactor, generation);
  }

  async release(enactor: string): Promise<void> {
    this.data.claims.delete(enactor);
  }

  async claims(): Promise<ReadonlyMap<string, number>> {
    return new Map(this.data.claims);
  }
}

/** {@link DnsStore} in memory. A write of a plan no longer in the store leaves a record that resolves to nothing. */
export class MemoryDnsStore implements DnsStore {
  constructor(private readonly data: MemoryData) {}

  async recordPlan(endpoint: string): Promise<number | undefined> {
    return this.data.records.get(endpoint)?.plan;
  }

  async writeBlind(endpoint: string, plan: StoredPlan): Promise<void> {
    this.write(endpoint, plan);
  }

  async writeCas(endpoint: string, plan: StoredPlan): Promise<'written' | 'skipped'> {
    const record = this.data.records.get(endpoint);
    if (record !== undefined && record.plan >= plan.generation) return 'skipped';
    this.write(endpoint, plan);
    return 'written';
  }

  async resolve(endpoint: string): Promise<string[]> {
    const addresses = this.data.records.get(endpoint)?.addresses;
    return addresses === undefined ? [] : addresses.slice();
  }

  private write(endpoint: string, plan: StoredPlan): void {
    const addresses = plan.records[endpoint];
    if (addresses === undefined) throw new RangeError(`plan ${plan.generation} has no record for ${endpoint}`);
    const stored = this.data.plans.has(plan.generation) ? addresses : undefined;
    const record = this.data.records.get(endpoint);
    if (record === undefined) this.data.records.set(endpoint, { plan: plan.generation, addresses: stored });
    else {
      record.plan = plan.generation;
      record.addresses = stored;
    }
  }
}

/** {@link Backend} in memory: a fresh, empty plan store and DNS records. */
export class MemoryBackend implements Backend {
  readonly plans: MemoryPlanStore;
  readonly dns: MemoryDnsStore;

  constructor() {
    const data = new MemoryData();
    this.plans = new MemoryPlanStore(data);
    this.dns = new MemoryDnsStore(data);
  }

  async close(): Promise<void> {}
}

/** Opens a fresh in-memory backend; the default backend of the reference enactor. */
export async function openMemoryBackend(): Promise<Backend> {
  return new MemoryBackend();
}
