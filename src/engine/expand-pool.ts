import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { claimBase, CTRL, expandRange, expandShares, makeBatch, SHARE, type Batch, type Expansion } from './expand.js';
import type { ExpandWorkerData } from './expand-worker.js';
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

/**
 * The threads of a parallel search, which compute successors and look them up in the store
 * while the main thread numbers the new ones: `count` threads in all, the main thread and
 * `count - 1` workers (a worker per core would leave the main thread, which has work of its
 * own, competing for a core). Each worker builds the spec from its module reference (no
 * function crosses threads); the states to expand and their successors live in shared
 * memory, and the threads hand batches over with atomics, so the search itself stays
 * synchronous. Two batches alternate: the workers expand the next while the main thread
 * stores the last one's successors in order, then takes what is left of the next.
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
  /** The main thread's end of each worker's channel for store views. */
  private readonly ports: MessagePort[] = [];
  /** The view last sent to the workers. */
  private sent: TableView | undefined;
  private seq = 0;
  private slot = 0;
  private job: Job | undefined;
  /** The store view the workers were given with the job handed out. */
  private store: TableView | undefined;
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

  constructor(
    private readonly ref: SpecRef,
    count: number,
    private readonly x: Expansion,
  ) {
    if (count < 2) throw new Error('a pool has at least one worker besides this thread');
    this.count = count;
    this.batches = [0, 1].map(() => makeBatch(BATCH_STATES, x.view.words, x.actions, x.symmetry !== undefined, true));
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
    return this.job !== undefined;
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
    const W = this.x.view.words;
    const end = Math.min(to, from + BATCH_STATES);
    const batch = this.batches[this.slot]!;
    batch.src.set(encodings.subarray(from * W, end * W));
    this.job = { batch, from, to: end };
    this.used = true;
    if (this.dead) return;
    const sent = this.sent;
    if (store !== undefined && (sent === undefined || sent.table !== store.table || sent.data !== store.data)) {
      for (const port of this.ports) port.postMessage(store);
      this.sent = store;
    }
    this.store = store;
    this.seq++;
    Atomics.store(this.ctrl, CTRL.slot, this.slot);
    Atomics.store(this.ctrl, CTRL.states, end - from);
    Atomics.store(this.ctrl, CTRL.done, 0);
    Atomics.store(this.ctrl, CTRL.claim, claimBase(this.seq));
    Atomics.store(this.ctrl, CTRL.seq, this.seq);
    Atomics.notify(this.ctrl, CTRL.seq);
    this.slot ^= 1;
  }

  /**
   * The batch handed out, once it is expanded: this thread expands the shares no worker has
   * taken yet, then waits for the ones they have.
   */
  collect(): Job {
    const job = this.job;
    if (job === undefined) throw new Error('no batch was handed out');
    this.job = undefined;
    const states = job.to - job.from;
    if (!this.dead) expandShares(this.x, this.ctrl, this.seq, job.batch, states, this.store);
    const shares = Math.ceil(states / SHARE);
    for (;;) {
      // `done` is read first: a worker marks a failure before it gives up its share.
      const d = Atomics.load(this.ctrl, CTRL.done);
      if (this.dead || Atomics.load(this.ctrl, CTRL.failed) !== 0) {
        this.dead = true;
        for (let k = 0; k < states; k += SHARE) expandRange(this.x, job.batch, k, Math.min(states, k + SHARE));
        return job;
      }
      if (d >= shares) return job;
      Atomics.wait(this.ctrl, CTRL.done, d, 100);
    }
  }

  /** Ends the workers. */
  close(): void {
    this.dead = true;
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
