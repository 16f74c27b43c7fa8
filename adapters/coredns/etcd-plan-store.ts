/**
 * The plan store over etcd: plans under `/dnsplan/<run>/plans/gNNNNNN`, claims under
 * `/dnsplan/<run>/claims/<enactor>`. Deleting plans deletes, in the same transaction, every DNS
 * key of those plans for every endpoint, so a record never outlives its plan.
 */
import type { PlanStore, StoredPlan } from '../reference/stores.js';
import type { EtcdConnection } from './etcd-connection.js';
import { deleteKeyOp, deletePrefixOp, keyRange, prefixRange, putOp, storedKeys } from './etcd-ops.js';
import { padGeneration, parseGeneration } from './layout.js';
import type { Layout } from './layout.js';
import { decodePlan, encodePlan } from './plan-codec.js';

/** {@link PlanStore} over etcd for one run. */
export class EtcdPlanStore implements PlanStore {
  constructor(
    private readonly etcd: EtcdConnection,
    private readonly layout: Layout,
    /** The endpoints whose records a plan deletion clears (besides those the plan names). */
    private readonly endpoints: readonly string[],
  ) {}

  async put(plan: StoredPlan): Promise<void> {
    const value = encodePlan(plan);
    await this.etcd.txn(`put plan ${plan.generation}`, 'idempotent', {
      success: [putOp(this.layout.planKey(plan.generation), value)],
    });
  }

  async get(generation: number): Promise<StoredPlan | undefined> {
    const key = this.layout.planKey(generation);
    const [kv] = storedKeys(await this.etcd.range(`get plan ${generation}`, keyRange(key)));
    return kv === undefined ? undefined : decodePlan(key, kv.value);
  }

  async generations(): Promise<number[]> {
    const reply = await this.etcd.range('list plans', prefixRange(this.layout.plansDir, undefined, true));
    return storedKeys(reply)
      .flatMap(({ key }) => {
        const name = key.slice(this.layout.plansDir.length);
        const generation = name.startsWith('g') ? parseGeneration(name.slice(1)) : undefined;
        return generation === undefined ? [] : [generation];
      })
      .sort((a, b) => a - b);
  }

  async delete(generations: readonly number[]): Promise<void> {
    if (generations.length === 0) return;
    const wanted = new Set(generations.map((g) => this.layout.planKey(g)));
    const stored = storedKeys(await this.etcd.range('read plans to delete', prefixRange(this.layout.plansDir)));
    const named = stored.filter(({ key }) => wanted.has(key)).flatMap(({ key, value }) => {
      try {
        return Object.keys(decodePlan(key, value).records);
      } catch {
        return [];
      }
    });
    const endpoints = [...new Set([...this.endpoints, ...named])];
    const ops = [...new Set(generations)].flatMap((g) => [
      deleteKeyOp(this.layout.planKey(g)),
      ...endpoints.map((endpoint) => deletePrefixOp(this.layout.recordDir(endpoint, g))),
    ]);
    await this.etcd.txn(`delete plans ${generations.join(',')}`, 'idempotent', { success: ops });
  }

  async claim(enactor: string, generation: number): Promise<void> {
    await this.etcd.txn(`claim plan ${generation} for ${enactor}`, 'idempotent', {
      success: [putOp(this.layout.claimKey(enactor), padGeneration(generation))],
    });
  }

  async release(enactor: string): Promise<void> {
    await this.etcd.txn(`release the claim of ${enactor}`, 'idempotent', {
      success: [deleteKeyOp(this.layout.claimKey(enactor))],
    });
  }

  async claims(): Promise<ReadonlyMap<string, number>> {
    const reply = await this.etcd.range('list claims', prefixRange(this.layout.claimsDir));
    const claims = new Map<string, number>();
    for (const { key, value } of storedKeys(reply)) {
      const generation = parseGeneration(value);
      if (generation !== undefined) claims.set(decodeURIComponent(key.slice(this.layout.claimsDir.length)), generation);
    }
    return claims;
  }
}
