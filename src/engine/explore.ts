import type { StopReason } from './result.js';
import type { Spec } from './spec.js';
import { StateStore } from './state-store.js';

export interface ExploreOptions {
  /** Stop cleanly after this many distinct states. */
  readonly maxStates?: number;
  /** Stop cleanly when the state store would grow past this many bytes. */
  readonly maxBytes?: number;
  /**
   * Called for every step of the graph, in breadth-first order: from the state numbered
   * `from`, the action instance `spec.actions[action]` leads to the state numbered `to`
   * (new or already seen). States are numbered in the order they were found; decode one with
   * `spec.encoding.decode(store.encodings, id * spec.encoding.words)`.
   */
  readonly onEdge?: (from: number, action: number, to: number) => void;
}

export interface Exploration {
  /** Every state found, numbered in breadth-first order, with its parent number. */
  readonly store: StateStore;
  /** Initial states plus every enabled action instance of every expanded state (TLC's count). */
  readonly generated: number;
  /** States on the longest shortest path; the initial state alone is depth 1. */
  readonly depth: number;
  /** Why the exploration stopped before the whole graph was known, when it did. */
  readonly stopped?: StopReason;
}

/** Default store budget: half of what a 24 GiB machine has, leaving room for the heap. */
export const DEFAULT_MAX_BYTES = 12 * 2 ** 30;

/**
 * The breadth-first exploration of a spec's whole state graph, reporting every step to
 * `onEdge`. The states found are the store's; a run stopped by a limit reports the steps it
 * took up to the first state that did not fit.
 */
export function explore<S>(spec: Spec<S>, options: ExploreOptions = {}): Exploration {
  const maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const onEdge = options.onEdge;
  const { encoding, actions } = spec;
  const W = encoding.words;
  const store = new StateStore(W);
  const key = new Uint32Array(W);
  let generated = 0;
  let depth = 0;
  let levelEnd = 0;

  /** The number of the state in `key`, adding it when there is room; -1 when a limit stops it. */
  const admit = (parent: number): number => {
    const h = store.hash(key, 0);
    const known = store.findAt(key, 0, h);
    if (known >= 0) return known;
    if (store.count >= maxStates) return -1;
    if (store.full && store.bytesAfterGrowth > maxBytes) return -1;
    return store.internAt(key, 0, h, parent);
  };
  const stop = (): StopReason => (store.count >= maxStates ? 'max-states' : 'memory');

  for (const s of spec.initial) {
    generated++;
    encoding.encode(s, key, 0);
    if (admit(-1) < 0) return { store, generated, depth: store.count > 0 ? 1 : 0, stopped: stop() };
  }
  for (let id = 0; id < store.count; id++) {
    if (id === levelEnd) {
      depth++;
      levelEnd = store.count;
    }
    const s = encoding.decode(store.encodings, id * W);
    for (let a = 0; a < actions.length; a++) {
      const next = actions[a]!.next(s);
      if (next === undefined) continue;
      generated++;
      encoding.encode(next, key, 0);
      const to = admit(id);
      if (to < 0) return { store, generated, depth, stopped: stop() };
      onEdge?.(id, a, to);
    }
  }
  return { store, generated, depth };
}
