/**
 * The two stores an enactor works on, as interfaces a backend implements: the plan store (plans
 * and the enactors' claims on them) and the DNS records. A record belongs to the plan it was
 * written from, so deleting a plan deletes its records and the endpoint resolves to nothing,
 * exactly as DNS keys stored under a plan's keys in etcd disappear with it.
 */

/** A plan as stored: its generation and, per endpoint, the IPv4 addresses of its record. */
export interface StoredPlan {
  readonly generation: number;
  readonly records: Readonly<Record<string, readonly string[]>>;
}

/** The plan store: numbered plans, and which plan each busy enactor holds (its claim). */
export interface PlanStore {
  put(plan: StoredPlan): Promise<void>;
  get(generation: number): Promise<StoredPlan | undefined>;
  /** The generations in the store, ascending. */
  generations(): Promise<number[]>;
  /** Deletes the plans and the DNS records that belong to them. */
  delete(generations: readonly number[]): Promise<void>;
  /** Records that an enactor holds this plan, so ownership GC spares it. */
  claim(enactor: string, generation: number): Promise<void>;
  release(enactor: string): Promise<void>;
  claims(): Promise<ReadonlyMap<string, number>>;
}

/** The DNS records, one per endpoint, each written whole from one plan. */
export interface DnsStore {
  /** Which plan generation the endpoint's record belongs to (undefined: no record). */
  recordPlan(endpoint: string): Promise<number | undefined>;
  /** Replaces the endpoint's record with this plan's addresses, in one atomic write. */
  writeBlind(endpoint: string, plan: StoredPlan): Promise<void>;
  /** The same, but only if the record's plan is older than plan.generation, checked in the same atomic transaction. */
  writeCas(endpoint: string, plan: StoredPlan): Promise<'written' | 'skipped'>;
  /** What a resolver gets for the endpoint: the addresses of the record if its plan still exists, else []. */
  resolve(endpoint: string): Promise<string[]>;
}

/** A plan store and the DNS records it owns, opened together for one run. */
export interface Backend {
  readonly plans: PlanStore;
  readonly dns: DnsStore;
  close(): Promise<void>;
}
