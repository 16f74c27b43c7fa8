import type { PackedView } from './packed-view.js';
import type { Symmetry } from './spec.js';
import { hash } from './state-store.js';

/**
 * One batch of states to expand and what their expansion gives, in memory every thread sees.
 * The states to expand are `src` (state `k` of the batch at `k * words`); a thread given states
 * `[lo, hi)` writes their successors from position `lo * actions` on (each state has at most one
 * successor per action instance): state `k`'s at positions `[begin[k], end[k])`, successor `j`'s
 * words at `keys[j * words..]`, under symmetry its orbit's representative at `canon[j * words..]`
 * and the orbit's size at `orbit[j]`, the action instance at `acts[j]` and the hash of the words
 * looked up (the representative's) at `hashes[j]`.
 */
export interface Batch {
  readonly src: Uint32Array;
  readonly keys: Uint32Array;
  /** `keys` itself without symmetry. */
  readonly canon: Uint32Array;
  readonly orbit: Float64Array;
  readonly acts: Int32Array;
  readonly hashes: Int32Array;
  readonly begin: Int32Array;
  readonly end: Int32Array;
}

/** A batch for `states` states of `words` words of a spec with `actions` action instances, in shared memory. */
export function sharedBatch(states: number, words: number, actions: number, symmetric: boolean): Batch {
  const u32 = (n: number) => new Uint32Array(new SharedArrayBuffer(n * 4));
  const i32 = (n: number) => new Int32Array(new SharedArrayBuffer(n * 4));
  const keys = u32(states * actions * words);
  return {
    src: u32(states * words),
    keys,
    canon: symmetric ? u32(keys.length) : keys,
    orbit: new Float64Array(new SharedArrayBuffer(symmetric ? states * actions * 8 : 8)),
    acts: i32(states * actions),
    hashes: i32(states * actions),
    begin: i32(states),
    end: i32(states),
  };
}

/** Expands states `[lo, hi)` of a batch (see `Batch`); the same work whichever thread does it. */
export function expandRange(view: PackedView, actions: number, symmetry: Symmetry | undefined, b: Batch, lo: number, hi: number): void {
  const W = view.words;
  const start = lo * actions;
  let n = start;
  for (let k = lo; k < hi; k++) {
    b.begin[k] = n;
    n += view.successors(b.src, k * W, b.keys, n * W, b.acts, n);
    b.end[k] = n;
  }
  if (symmetry !== undefined) {
    b.canon.set(b.keys.subarray(start * W, n * W), start * W);
    for (let j = start; j < n; j++) b.orbit[j] = symmetry.canonicalize(b.canon, j * W);
  }
  for (let j = start; j < n; j++) b.hashes[j] = hash(b.canon, j * W, W);
}

/** The slots of the control array the threads share (an `Int32Array`). */
export const CTRL = {
  /** Bumped by the main thread for each job, and once more to end. */
  seq: 0,
  /** Which batch the job is in, and how many of its states to expand. */
  slot: 1,
  states: 2,
  /** Jobs finished, summed over the workers. */
  done: 3,
  /** Workers that have loaded the spec. */
  ready: 4,
  /** Set when a worker could not load the spec or expand its share. */
  failed: 5,
  /** Set, with a last bump of `seq`, when the workers are to end. */
  exit: 6,
  size: 8,
} as const;
