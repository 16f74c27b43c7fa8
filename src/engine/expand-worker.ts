/**
 * A worker thread of the parallel search: it builds the spec from its module reference, then
 * expands shares of each batch the main thread hands out until none is left (see
 * `ExpandPool`), blocking on the shared control array between batches.
 */
import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { collectGarbage, leftBehind } from './collect.js';
import { CTRL, expandShares, expansion, type Batch } from './expand.js';
import { packedView } from './packed-view.js';
import { loadSpec, type SpecRef } from './spec-ref.js';
import { touchPages, type TableView } from './state-store.js';

export interface ExpandWorkerData {
  readonly ref: SpecRef;
  /** The words per state and action instances the main thread's spec has. */
  readonly words: number;
  readonly actions: number;
  readonly symmetric: boolean;
  /** Whether to judge the action properties on every step. */
  readonly judge: boolean;
  /** The liveness properties whose progress measures are compared across every step. */
  readonly measured: readonly string[];
  readonly ctrl: Int32Array;
  readonly batches: readonly Batch[];
  /** Where the main thread sends its `PoolMessage`s. */
  readonly views: MessagePort;
}

/**
 * What the main thread sends a worker besides jobs: the newest view of its store, to look
 * successors up in, or memory the store will soon use, whose pages the worker touches first
 * (see `StateStore.prepare`).
 */
export type PoolMessage = { readonly view: TableView } | { readonly touch: SharedArrayBuffer };

/** A module written in TypeScript (when run from source) is loaded through tsx. */
async function load(module: string): Promise<unknown> {
  if (!module.endsWith('.ts')) return import(module);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(module, import.meta.url);
}

function fail(ctrl: Int32Array): void {
  Atomics.store(ctrl, CTRL.failed, 1);
  Atomics.notify(ctrl, CTRL.done);
  Atomics.notify(ctrl, CTRL.done + 1);
}

async function main(d: ExpandWorkerData): Promise<void> {
  const { ctrl } = d;
  const spec = await loadSpec(d.ref, load);
  const view = packedView(spec);
  const A = Math.max(1, spec.actions.length);
  const symmetry = d.symmetric ? spec.symmetry : undefined;
  if (view.words !== d.words || A !== d.actions || d.symmetric !== (symmetry !== undefined)) throw new Error('the spec a worker built is not the one searched');
  const x = expansion(spec, view, symmetry, d.judge, d.measured);
  Atomics.add(ctrl, CTRL.ready, 1);
  let store: TableView | undefined;
  // The next job to work on. At most two are handed out at a time, so a job before the last
  // but one is finished, and one whose batch holds a later job has no share left to take.
  let next = 1;
  for (;;) {
    let seq = Atomics.load(ctrl, CTRL.seq);
    while (seq < next && Atomics.load(ctrl, CTRL.exit) === 0) {
      Atomics.wait(ctrl, CTRL.seq, seq);
      seq = Atomics.load(ctrl, CTRL.seq);
    }
    if (Atomics.load(ctrl, CTRL.exit) !== 0) return;
    next = Math.max(next, seq - 1);
    for (let m = receiveMessageOnPort(d.views); m !== undefined; m = receiveMessageOnPort(d.views)) {
      const message = m.message as PoolMessage;
      if ('view' in message) {
        // The view before this one is dropped, and with it, in time, the memory the store left.
        const collect = leftBehind(store, message.view);
        store = message.view;
        if (collect) collectGarbage();
      } else touchPages(message.touch);
    }
    const n = Atomics.load(ctrl, CTRL.states + (next & 1));
    try {
      expandShares(x, ctrl, next, d.batches[next & 1]!, n, store);
    } catch {
      fail(ctrl);
    }
    next++;
  }
}

const data = workerData as ExpandWorkerData;
main(data).catch(() => fail(data.ctrl));
