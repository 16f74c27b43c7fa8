/**
 * The DNS records over etcd, in the SkyDNS layout CoreDNS serves (./layout.ts).
 *
 * A write replaces an endpoint's record in one transaction: it deletes the record's current
 * keys one by one (etcd refuses a transaction that puts a key inside a range it deletes, and
 * also one that deletes and puts the same key, so keys the new record reuses are only put),
 * puts one key per address of the new plan, and sets the record's marker to the new plan. The
 * transaction commits only if the marker and the plan key are as they were read, so a record
 * is never a mix of two writes. When the plan has been deleted meanwhile the record points to
 * it with no keys, i.e. resolves to nothing, as a record whose plan is gone must.
 *
 * A cas write also compares the marker with the new generation in that transaction and is
 * skipped when the record's plan is not older. A write that loses a race re-reads (the failed
 * transaction returns the fresh state) and tries again, a bounded number of times.
 */
import { GRPCUnavailableError } from 'etcd3';
import type { IRequestOp, ITxnResponse } from 'etcd3';
import type { DnsStore, StoredPlan } from '../reference/stores.js';
import { answerA } from './a-query.js';
import { EtcdStoreError } from './etcd-connection.js';
import type { EtcdConnection } from './etcd-connection.js';
import { SnapshotReader } from './snapshot-reader.js';
import {
  deleteKeyOp,
  keyRange,
  modIs,
  prefixRange,
  putOp,
  rangeOp,
  rangeReplies,
  single,
  storedKeys,
  valueBelow,
} from './etcd-ops.js';
import { padGeneration, parseGeneration, recordValue } from './layout.js';
import type { Layout } from './layout.js';

/** How many lost races a write tolerates before it gives up (having changed nothing). */
export const MAX_WRITE_CONFLICTS = 5;

/** How long a write whose reply was lost to an etcd outage waits for etcd to come back. */
const OUTAGE_PATIENCE_MS = 15_000;

interface RecordState {
  readonly marker: number | undefined;
  readonly markerRevision: string;
  readonly planRevision: string;
  readonly keys: readonly string[];
}

/** {@link DnsStore} over etcd for one run. */
export class EtcdDnsStore implements DnsStore {
  constructor(
    private readonly etcd: EtcdConnection,
    private readonly layout: Layout,
  ) {}

  async recordPlan(endpoint: string): Promise<number | undefined> {
    const marker = single(await this.etcd.range(`read the record of ${endpoint}`, keyRange(this.layout.markerKey(endpoint))));
    return marker === undefined ? undefined : parseGeneration(marker.value);
  }

  async writeBlind(endpoint: string, plan: StoredPlan): Promise<void> {
    await this.write(endpoint, plan, 'blind');
  }

  writeCas(endpoint: string, plan: StoredPlan): Promise<'written' | 'skipped'> {
    return this.write(endpoint, plan, 'cas');
  }

  async resolve(endpoint: string): Promise<string[]> {
    const answer = await answerA(new SnapshotReader(this.etcd), this.layout, this.layout.endpointName(endpoint));
    return [...answer.addresses];
  }

  private async write(endpoint: string, plan: StoredPlan, mode: 'blind' | 'cas'): Promise<'written' | 'skipped'> {
    const addresses = plan.records[endpoint];
    if (addresses === undefined) throw new RangeError(`plan ${plan.generation} has no record for ${endpoint}`);
    const padded = padGeneration(plan.generation);
    const marker = this.layout.markerKey(endpoint);
    const planKey = this.layout.planKey(plan.generation);
    const reads = [
      rangeOp(keyRange(marker)),
      rangeOp(keyRange(planKey)),
      rangeOp(prefixRange(this.layout.endpointDir(endpoint), undefined, true)),
    ];
    const operation = `${mode} write of plan ${plan.generation} to ${endpoint}`;
    let state = this.recordState(endpoint, await this.etcd.txn(`read before ${operation}`, 'read', { success: reads }));
    for (let attempt = 0; attempt < MAX_WRITE_CONFLICTS; attempt++) {
      if (mode === 'cas' && state.marker !== undefined && state.marker >= plan.generation) return 'skipped';
      const planExists = state.planRevision !== '0';
      const fresh = planExists ? addresses.map((_, i) => this.layout.recordKey(endpoint, plan.generation, i + 1)) : [];
      const compare = [modIs(marker, state.markerRevision), modIs(planKey, state.planRevision)];
      if (mode === 'cas' && state.marker !== undefined) compare.push(valueBelow(marker, padded));
      const success = [
        ...state.keys.filter((key) => !fresh.includes(key)).map(deleteKeyOp),
        ...fresh.map((key, i) => putOp(key, recordValue(addresses[i] as string))),
        putOp(marker, padded),
      ];
      let reply: ITxnResponse;
      try {
        reply = await this.etcd.txn(operation, mode === 'cas' ? 'once' : 'idempotent', { compare, success, failure: reads });
      } catch (error) {
        const after = await this.afterLostReply(error, endpoint, `read after ${operation}`, reads);
        // The transaction committed exactly when it moved the marker to this plan: nothing else
        // writes this record while the step runs. Unmoved, it never committed, and the next
        // attempt compares against the same revision, so at most one of them can commit.
        if (after.markerRevision !== state.markerRevision && after.marker === plan.generation) return 'written';
        if (after.markerRevision !== state.markerRevision || after.planRevision !== state.planRevision) throw error;
        continue;
      }
      if (reply.succeeded) return 'written';
      state = this.recordState(endpoint, reply);
    }
    throw new EtcdStoreError(`etcd at ${this.etcd.endpoint}: ${operation} lost ${MAX_WRITE_CONFLICTS} races in a row`, {
      operation,
      endpoint: this.etcd.endpoint,
      happened: 'no',
    });
  }

  /**
   * The record as it is once etcd is back, after a write whose reply was lost because the
   * connection went down (etcd stopped or restarted). A restarted etcd serves a linearizable
   * read only after applying everything it committed before it stopped, so that read settles
   * whether the write committed. Any other failure, or one whose outcome a live server may
   * still change (a deadline that passed), is rethrown as it was.
   */
  private async afterLostReply(error: unknown, endpoint: string, operation: string, reads: IRequestOp[]): Promise<RecordState> {
    const lostConnection = error instanceof EtcdStoreError && error.details.happened === 'unknown' && error.details.cause instanceof GRPCUnavailableError;
    if (!lostConnection) throw error;
    const until = Date.now() + OUTAGE_PATIENCE_MS;
    for (;;) {
      try {
        return this.recordState(endpoint, await this.etcd.txn(operation, 'read', { success: reads }));
      } catch {
        if (Date.now() >= until) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  private recordState(endpoint: string, reply: ITxnResponse): RecordState {
    const [markerReply, planReply, keysReply] = rangeReplies(reply.responses);
    const marker = single(markerReply);
    const plan = single(planReply);
    const keys = storedKeys(keysReply)
      .map(({ key }) => key)
      .filter((key) => this.layout.parseRecordKey(key)?.endpoint === endpoint);
    return {
      marker: marker === undefined ? undefined : parseGeneration(marker.value),
      markerRevision: marker?.modRevision ?? '0',
      planRevision: plan?.modRevision ?? '0',
      keys,
    };
  }
}
