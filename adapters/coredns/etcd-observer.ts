/**
 * The etcd observer: reads the run's plans and DNS keys at one revision and answers each
 * endpoint's A query the way CoreDNS's etcd plugin would (./a-query.ts lists the rule of each
 * step). Keys in the run's part of the zone of a shape dnsplan never writes (another path, a
 * key bound to a lease) are reported as `foreign`: they are neither trusted nor deleted, but
 * they count in the answers exactly as CoreDNS would count them. Keys of dnsplan's own shape
 * are the implementation's writes whatever they hold (a torn write makes exactly those) and
 * are judged by the answer they give.
 */
import { answerA } from './a-query.js';
import type { AAnswer, StoredKey } from './a-query.js';
import type { EtcdConnection } from './etcd-connection.js';
import { parseGeneration } from './layout.js';
import type { Layout } from './layout.js';
import type { ObservedState, Observer } from './observer.js';
import { decodePlan } from './plan-codec.js';
import type { StoredPlan } from '../reference/stores.js';
import { SnapshotReader } from './snapshot-reader.js';

/** An observation with the full answer CoreDNS would give per endpoint. */
export interface EtcdSnapshot {
  readonly state: ObservedState;
  readonly answers: Readonly<Record<string, AAnswer>>;
}

/** {@link Observer} reading etcd directly. */
export class EtcdObserver implements Observer {
  readonly name = 'etcd';

  constructor(
    private readonly etcd: EtcdConnection,
    private readonly layout: Layout,
    private readonly endpoints: readonly string[],
  ) {}

  async observe(): Promise<ObservedState> {
    return (await this.snapshot()).state;
  }

  /** Plans, answers and foreign keys, all at one etcd revision. */
  async snapshot(): Promise<EtcdSnapshot> {
    const reader = new SnapshotReader(this.etcd);
    const plans = new Map<number, StoredPlan | undefined>();
    const foreign: string[] = [];
    for (const { key, value } of await reader.prefix(this.layout.plansDir)) {
      const name = key.slice(this.layout.plansDir.length);
      const generation = name.startsWith('g') ? parseGeneration(name.slice(1)) : undefined;
      if (generation === undefined) continue;
      try {
        plans.set(generation, decodePlan(key, value));
      } catch (error) {
        plans.set(generation, undefined);
        foreign.push(`${key}: ${(error as Error).message}`);
      }
    }
    for (const kv of await reader.prefix(this.layout.runDir)) {
      const why = this.whyForeign(kv);
      if (why !== undefined) foreign.push(`${kv.key} = ${clip(kv.value)} (${why})`);
    }
    const answers: Record<string, AAnswer> = {};
    const records: Record<string, string[]> = {};
    for (const endpoint of this.endpoints) {
      const answer = await answerA(reader, this.layout, this.layout.endpointName(endpoint));
      answers[endpoint] = answer;
      records[endpoint] = [...answer.addresses];
    }
    const state: ObservedState = { plans: [...plans.keys()].sort((a, b) => a - b), records };
    if (foreign.length > 0) state.foreign = foreign;
    return { state, answers };
  }

  private whyForeign(kv: StoredKey): string | undefined {
    const parsed = this.layout.parseRecordKey(kv.key);
    if (parsed === undefined || !this.endpoints.includes(parsed.endpoint)) return 'not a key dnsplan writes';
    if (kv.leased) return 'bound to an etcd lease';
    return undefined;
  }
}

function clip(value: string): string {
  return value.length > 120 ? `${value.slice(0, 117)}...` : value;
}
