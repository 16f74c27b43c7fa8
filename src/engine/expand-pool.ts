import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { collectGarbage, leftBehind } from './collect.js';
import { claimBase, CTRL, expandRange, expandShare, expandShares, makeBatch, SHARE, type Batch, type Expansion } from './expand.js';
import type { ExpandWorkerData, PoolMessage } from './expand-worker.js';
import type { SpecRef } from './spec-ref.js';
import type { TableView } from './state-store.js';

/** States per batch handed to the workers: thousands of successors each, so a hand-out costs little. */
const BATCH_STATES = 8192;

/** A batch handed out: states `[from, to)` of the search, in `batch`. */
export interface Job {
  readonly batch: Batch;
  readonly from: number;
  readonly to: number;
}

/** A job as the pool keeps it: its sequence number, and the store view its successors are looked up in. */
interface Handed extends Job {
  readonly seq: number;
  readonly store: TableView | undefined;
}

/**
 * The threads of a parallel search, which compute successors and look them up in the store
 * while the main thread numbers the new ones: `count` threads in all, the main thread and
 * `count - 1` workers (a worker per core would leave the main thread, which has work of its
 * own, competing for a core). Each worker builds the spec from its module reference (no
 * function crosses threads); the states to expand and their successors live in shared
 * memory, and the threads hand batches over with atomics, so the search itself stays
 * synchronous. Two batches alternate, and two jobs can be handed out at once: the workers
 * expand the next while the main thread stores the last one's successors in order; the main
 * thread hands out the one after before it takes what is left of the next, so a worker that
 * runs out of shares of one goes on to the other without waiting.
 * When the store moves its table or words to new memory, each worker is sent the new view
 * with the next batch; until then it looks states up in the old one, which only misses the
 * newest states (the main thread looks those up again).
 *
 * A worker that cannot load the spec or fails is not waited for: the main thread expands
 * the batch itself and the search goes on without the workers, slower but with the same answer.
 */
export class ExpandPool {
  /** Threads that expand states: this one and the workers. */
  readonly count: number;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(CTRL.size * 4));
  private readonly batches: Batch[];
  private readonly workers: Worker[] = [];
  /** The main thread's end of each worker's channel for `PoolMessage`s. */
  private readonly ports: MessagePort[] = [];
  /** The view last sent to the workers. */
  private sent: TableView | undefined;
  private seq = 0;
  /** The jobs handed out and not yet collected, oldest first: at most two. */
  private readonly jobs: Handed[] = [];
  private dead = false;
  /** Whether the workers judge the action properties on every step. */
  get judges(): boolean {
    return this.x.judge;
  }

  /** The liveness properties whose progress measures the workers compare across every step. */
  get measured(): readonly string[] {
    return this.x.progress.map((p) => p.name);
  }

  /** Whether any batch was expanded by the workers. */
  used = false;

  /** `batch`: the most states per batch handed out. */
  constructor(
    private readonly ref: SpecRef,
    count: number,
    private readonly x: Expansion,
    private readonly batch = BATCH_STATES,
  ) {
    if (count < 2) throw new Error('a pool has at least one worker besides this thread');
    if (!(batch >= 1)) throw new Error('a batch has at least one state');
    this.count = count;
    this.batches = [0, 1].map(() => makeBatch(batch, x.view.words, x.actions, x.symmetry !== undefined, true));
  }

  /** Starts the workers, once: a search that stays small never pays for them. */
  private start(): void {
    if (this.workers.length > 0) return;
    const script = workerScript();
    const { ref, x } = this;
    for (let i = 0; i < this.count - 1; i++) {
      const channel = new MessageChannel();
      const data: ExpandWorkerData = {
        ref,
        words: x.view.words,
        actions: x.actions,
        symmetric: x.symmetry !== undefined,
        judge: x.judge,
        measured: x.progress.map((p) => p.name),
        ctrl: this.ctrl,
        batches: this.batches,
        views: channel.port2,
      };
      const w = new Worker(script, { workerData: data, transferList: [channel.port2] });
      channel.port1.unref();
      this.ports.push(channel.port1);
      w.on('error', () => Atomics.store(this.ctrl, CTRL.failed, 1));
      w.unref();
      this.workers.push(w);
    }
  }

  /** Whether every worker has its spec and none failed; the first call starts them. */
  get ready(): boolean {
    this.start();
    return !this.dead && Atomics.load(this.ctrl, CTRL.ready) === this.count - 1 && Atomics.load(this.ctrl, CTRL.failed) === 0;
  }

  /** Whether a batch is handed out and not yet collected. */
  get busy(): boolean {
    return this.jobs.length > 0;
  }

  /** Whether another batch can be handed out: fewer than two are. */
  get free(): boolean {
    return this.jobs.length < 2;
  }

  /** Where the last batch handed out ends (0 before the first). */
  get handedTo(): number {
    return this.jobs[this.jobs.length - 1]?.to ?? 0;
  }

  /** Waits up to `ms` for every worker to load its spec; whether they all did. */
  awaitReady(ms: number): boolean {
    this.start();
    const until = performance.now() + ms;
    for (;;) {
      const r = Atomics.load(this.ctrl, CTRL.ready);
      if (r === this.count - 1 || Atomics.load(this.ctrl, CTRL.failed) !== 0 || performance.now() >= until) return this.ready;
      Atomics.wait(this.ctrl, CTRL.ready, r, 10);
    }
  }

  /**
   * Hands out states `[from, min(to, from + batch size))`, whose words are at
   * `encodings[id * words..]`; with `store`, the workers look their successors up in it.
   */
  dispatch(encodings: Uint32Array, from: number, to: number, store?: TableView): void {
    if (!this.free) throw new Error('two batches are handed out already');
    const W = this.x.view.words;
    const end = Math.min(to, from + this.batch);
    const seq = ++this.seq;
    const slot = seq & 1;
    const batch = this.batches[slot]!;
    batch.src.set(encodings.subarray(from * W, end * W));
    this.jobs.push({ batch, from, to: end, seq, store });
    this.used = true;
    if (this.dead) return;
    const sent = this.sent;
    if (store !== undefined && (sent === undefined || sent.table !== store.table || sent.data !== store.data)) {
      this.send({ view: store });
      // The store has moved: what it left is freed here too, in time (a job still out may
      // hold the view before, which a later collection frees).
      const collect = leftBehind(sent, store);
      this.sent = store;
      if (collect) collectGarbage();
    }
    Atomics.store(this.ctrl, CTRL.states + slot, end - from);
    Atomics.store(this.ctrl, CTRL.done + slot, 0);
    Atomics.store(this.ctrl, CTRL.claim + slot, claimBase(seq));
    Atomics.store(this.ctrl, CTRL.seq, seq);
    Atomics.notify(this.ctrl, CTRL.seq);
  }

  /**
   * The oldest batch handed out, once it is expanded: this thread expands the shares no worker
   * has taken yet, then, until the workers finish the ones they have, shares of the next.
   */
  collect(): Job {
    const job = this.jobs.shift();
    if (job === undefined) throw new Error('no batch was handed out');
    const states = job.to - job.from;
    if (!this.dead) expandShares(this.x, this.ctrl, job.seq, job.batch, states, job.store);
    const shares = Math.ceil(states / SHARE);
    const done = CTRL.done + (job.seq & 1);
    for (;;) {
      // `done` is read first: a worker marks a failure before it gives up its share.
      const d = Atomics.load(this.ctrl, done);
      if (this.dead || Atomics.load(this.ctrl, CTRL.failed) !== 0) {
        this.dead = true;
        for (let k = 0; k < states; k += SHARE) expandRange(this.x, job.batch, k, Math.min(states, k + SHARE));
        return job;
      }
      if (d >= shares) return job;
      // While a worker finishes its last shares of this batch, this thread takes one of the next.
      const next = this.jobs[0];
      if (next === undefined || !expandShare(this.x, this.ctrl, next.seq, next.batch, next.to - next.from, next.store)) Atomics.wait(this.ctrl, done, d, 100);
    }
  }

  /**
   * Has a worker touch the pages of `memory`, which the store will soon use, before this
   * thread does (see `StateStore.prepare`): the faults then cost the worker's time.
   */
  prepare(memory: SharedArrayBuffer): void {
    if (!this.dead && this.ports.length > 0) this.ports[0]!.postMessage({ touch: memory } satisfies PoolMessage);
  }

  private send(message: PoolMessage): void {
    for (const port of this.ports) port.postMessage(message);
  }

  /** Ends the workers, each once it has finished the share it is expanding. */
  close(): void {
    this.dead = true;
    // No share of a job still handed out (the search stopped early) is taken after this one.
    Atomics.store(this.ctrl, CTRL.claim, -1);
    Atomics.store(this.ctrl, CTRL.claim + 1, -1);
    Atomics.store(this.ctrl, CTRL.exit, 1);
    Atomics.add(this.ctrl, CTRL.seq, 1);
    Atomics.notify(this.ctrl, CTRL.seq);
    for (const port of this.ports) port.close();
  }
}

/** The worker's compiled script: beside this module, or in dist/ when this module runs from source. */
function workerScript(): URL {
  const here = new URL('./expand-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts') || existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/src/engine/expand-worker.js', import.meta.url);
}
