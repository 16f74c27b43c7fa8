/**
 * A worker thread of the parallel search: it builds the spec from its module reference, then
 * expands shares of each batch the main thread hands out until none is left (see
 * `ExpandPool`), blocking on the shared control array between batches.
 */
import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { CTRL, expandShares, expansion, type Batch } from './expand.js';
import { packedView } from './packed-view.js';
import { loadSpec, type SpecRef } from './spec-ref.js';
import type { TableView } from './state-store.js';

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
  /** Where the main thread sends the newest view of its store, to look successors up in. */
  readonly views: MessagePort;
}

/** A module written in TypeScript (when run from source) is loaded through tsx. */
async function load(module: string): Promise<unknown> {
  if (!module.endsWith('.ts')) return import(module);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(module, import.meta.url);
}

function fail(ctrl: Int32Array): void {
  Atomics.store(ctrl, CTRL.failed, 1);
  Atomics.notify(ctrl, CTRL.done);
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
  let seen = 0;
  let store: TableView | undefined;
  for (;;) {
    Atomics.wait(ctrl, CTRL.seq, seen);
    seen = Atomics.load(ctrl, CTRL.seq);
    if (Atomics.load(ctrl, CTRL.exit) !== 0) return;
    for (let m = receiveMessageOnPort(d.views); m !== undefined; m = receiveMessageOnPort(d.views)) store = m.message as TableView;
    const n = Atomics.load(ctrl, CTRL.states);
    const b = d.batches[Atomics.load(ctrl, CTRL.slot)]!;
    try {
      expandShares(x, ctrl, seen, b, n, store);
    } catch {
      fail(ctrl);
    }
  }
}

const data = workerData as ExpandWorkerData;
main(data).catch(() => fail(data.ctrl));
