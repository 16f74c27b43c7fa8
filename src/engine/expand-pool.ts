import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CTRL, expandRange, sharedBatch, type Batch } from './expand.js';
import type { ExpandWorkerData } from './expand-worker.js';
import type { PackedView } from './packed-view.js';
import type { Symmetry } from './spec.js';
import type { SpecRef } from './spec-ref.js';

/** States per batch handed to the workers: thousands of successors each, so a hand-out costs little. */
const BATCH_STATES = 8192;

/** A batch handed out: states `[from, to)` of the search, in `batch`. */
export interface Job {
  readonly batch: Batch;
  readonly from: number;
  readonly to: number;
}

/**
 * The worker threads of a parallel search, which compute successors while the main thread
 * numbers them. Each worker builds the spec from its module reference (no function crosses
 * threads); the states to expand and their successors live in shared memory, and the threads
 * hand batches over with atomics, so the search itself stays synchronous. Two batches alternate:
 * the workers expand the next while the main thread stores the last one's successors in order.
 *
 * A worker that cannot load the spec or fails is not waited for: the main thread expands
 * the batch itself and the search goes on without the workers, slower but with the same answer.
 */
export class ExpandPool {
  readonly count: number;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(CTRL.size * 4));
  private readonly batches: Batch[];
  private readonly workers: Worker[] = [];
  private seq = 0;
  private slot = 0;
  private job: Job | undefined;
  private dead = false;
  /** Whether any batch was expanded by the workers. */
  used = false;

  constructor(
    private readonly ref: SpecRef,
    count: number,
    private readonly view: PackedView,
    private readonly actions: number,
    private readonly symmetry: Symmetry | undefined,
  ) {
    this.count = count;
    this.batches = [0, 1].map(() => sharedBatch(BATCH_STATES, view.words, actions, symmetry !== undefined));
  }

  /** Starts the workers, once: a search that stays small never pays for them. */
  private start(): void {
    if (this.workers.length > 0) return;
    const script = workerScript();
    const { ref, count, view, actions } = this;
    for (let index = 0; index < count; index++) {
      const data: ExpandWorkerData = { ref, index, count, words: view.words, actions, symmetric: this.symmetry !== undefined, ctrl: this.ctrl, batches: this.batches };
      const w = new Worker(script, { workerData: data });
      w.on('error', () => Atomics.store(this.ctrl, CTRL.failed, 1));
      w.unref();
      this.workers.push(w);
    }
  }

  /** Whether every worker has its spec and none failed; the first call starts them. */
  get ready(): boolean {
    this.start();
    return !this.dead && Atomics.load(this.ctrl, CTRL.ready) === this.count && Atomics.load(this.ctrl, CTRL.failed) === 0;
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
      if (r === this.count || Atomics.load(this.ctrl, CTRL.failed) !== 0 || performance.now() >= until) return this.ready;
      Atomics.wait(this.ctrl, CTRL.ready, r, 10);
    }
  }

  /** Hands out states `[from, min(to, from + batch size))`, whose words are at `encodings[id * words..]`. */
  dispatch(encodings: Uint32Array, from: number, to: number): void {
    const W = this.view.words;
    const end = Math.min(to, from + BATCH_STATES);
    const batch = this.batches[this.slot]!;
    batch.src.set(encodings.subarray(from * W, end * W));
    this.job = { batch, from, to: end };
    this.used = true;
    if (this.dead) return;
    Atomics.store(this.ctrl, CTRL.slot, this.slot);
    Atomics.store(this.ctrl, CTRL.states, end - from);
    this.seq++;
    Atomics.store(this.ctrl, CTRL.seq, this.seq);
    Atomics.notify(this.ctrl, CTRL.seq);
    this.slot ^= 1;
  }

  /** The batch handed out, once it is expanded. */
  collect(): Job {
    const job = this.job;
    if (job === undefined) throw new Error('no batch was handed out');
    this.job = undefined;
    const target = this.seq * this.count;
    for (;;) {
      // `done` is read first: a worker marks a failure before it counts its share done.
      const d = Atomics.load(this.ctrl, CTRL.done);
      if (this.dead || Atomics.load(this.ctrl, CTRL.failed) !== 0) {
        this.dead = true;
        expandRange(this.view, this.actions, this.symmetry, job.batch, 0, job.to - job.from);
        return job;
      }
      if (d >= target) return job;
      Atomics.wait(this.ctrl, CTRL.done, d, 100);
    }
  }

  /** Ends the workers. */
  close(): void {
    this.dead = true;
    Atomics.store(this.ctrl, CTRL.exit, 1);
    Atomics.add(this.ctrl, CTRL.seq, 1);
    Atomics.notify(this.ctrl, CTRL.seq);
  }
}

/** The worker's compiled script: beside this module, or in dist/ when this module runs from source. */
function workerScript(): URL {
  const here = new URL('./expand-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts') || existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/src/engine/expand-worker.js', import.meta.url);
}
