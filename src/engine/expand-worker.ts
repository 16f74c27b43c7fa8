/**
 * A worker thread of the parallel search: it builds the spec from its module reference, then
 * expands its share of each batch the main thread hands out (see `ExpandPool`), blocking on
 * the shared control array between batches.
 */
import { workerData } from 'node:worker_threads';
import { CTRL, expandRange, type Batch } from './expand.js';
import { packedView } from './packed-view.js';
import { loadSpec, type SpecRef } from './spec-ref.js';

export interface ExpandWorkerData {
  readonly ref: SpecRef;
  /** This worker's number, and how many there are. */
  readonly index: number;
  readonly count: number;
  /** The words per state and action instances the main thread's spec has. */
  readonly words: number;
  readonly actions: number;
  readonly symmetric: boolean;
  readonly ctrl: Int32Array;
  readonly batches: readonly Batch[];
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
  Atomics.add(ctrl, CTRL.ready, 1);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, CTRL.seq, seen);
    seen = Atomics.load(ctrl, CTRL.seq);
    if (Atomics.load(ctrl, CTRL.exit) !== 0) return;
    const n = Atomics.load(ctrl, CTRL.states);
    const b = d.batches[Atomics.load(ctrl, CTRL.slot)]!;
    try {
      expandRange(view, A, symmetry, b, Math.floor((n * d.index) / d.count), Math.floor((n * (d.index + 1)) / d.count));
    } catch {
      fail(ctrl);
    }
    Atomics.add(ctrl, CTRL.done, 1);
    Atomics.notify(ctrl, CTRL.done);
  }
}

const data = workerData as ExpandWorkerData;
main(data).catch(() => fail(data.ctrl));
