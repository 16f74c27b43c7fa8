import { expandRange, expansion, makeBatch, SHARE, type Batch } from './expand.js';
import type { ExpandPool } from './expand-pool.js';
import { packedView, type PackedView } from './packed-view.js';
import type { StopReason } from './result.js';
import type { Spec, Symmetry } from './spec.js';
import { StateStore, type TableView } from './state-store.js';

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
  /**
   * States on the longest shortest path found; the initial state alone is depth 1. A search
   * that stops early counts the level it had begun to fill, as TLC does.
   */
  readonly depth: number;
  /** Why the exploration stopped before the whole graph was known, when a limit stopped it. */
  readonly stopped?: StopReason;
}

/** Default store budget: half of what a 24 GiB machine has, leaving room for the heap. */
export const DEFAULT_MAX_BYTES = 12 * 2 ** 30;

/**
 * The breadth-first exploration of a spec's whole state graph, reporting every step to
 * `onEdge`. A run stopped by a limit reports the steps it took up to the first state that did
 * not fit.
 */
export function explore<S>(spec: Spec<S>, options: ExploreOptions = {}): Exploration {
  const onEdge = options.onEdge;
  const r = search(spec, packedView(spec), options, onEdge === undefined ? {} : { onEdge: (from, action, to) => onEdge(from, action, to) });
  return { store: r.store, generated: r.generated, depth: r.depth, ...(r.stopped === undefined ? {} : { stopped: r.stopped }) };
}

/** What the checker hooks into the core. Words passed are valid only during the call. */
export interface SearchHooks {
  /** A new state, numbered `id`, whose words are at `words[at..]`. */
  readonly onState?: (id: number, words: Uint32Array, at: number) => void;
  /** A step from state `from` by action instance `action` to state `to`, whose words are at `words[at..]`. */
  readonly onEdge?: (from: number, action: number, to: number, words: Uint32Array, at: number) => void;
  /**
   * A step that breaks action properties: bit `i` of `broken` is set when it breaks the
   * packed view's `actionProperties[i]`. Given this hook, the search judges them on every
   * step (where the successors are computed, in the workers when there are some).
   */
  readonly onBrokenStep?: (from: number, action: number, to: number, words: Uint32Array, at: number, broken: number) => void;
  /**
   * State `id` is expanded; `fairEnabled` of its enabled instances are fair, and some step of
   * it fails to raise progress measure `i` (`SearchOptions.measured[i]`) when bit `i` of
   * `stalls` is set.
   */
  readonly onExpanded?: (id: number, enabled: number, fairEnabled: number, stalls: number) => void;
  /** Asked before each state is expanded: whether the search may end here. */
  readonly done?: () => boolean;
  /** Called between chunks, with how many states are expanded and generated so far, and the depth. */
  readonly onChunk?: (expanded: number, generated: number, depth: number) => void;
}

export interface SearchResult extends Exploration {
  /** Whether every reachable state was expanded. */
  readonly complete: boolean;
  /** How many distinct states the stored ones stand for: the sum of their orbits' sizes under
   *  symmetry, otherwise the number stored. */
  readonly represented: number;
}

export interface SearchOptions extends Pick<ExploreOptions, 'maxStates' | 'maxBytes'> {
  /** Store one representative per orbit of this symmetry. */
  readonly symmetry?: Symmetry;
  /** Worker threads that compute successors; states are still numbered here, in the same order. */
  readonly pool?: ExpandPool;
  /** The liveness properties whose progress measures are compared across every step (see
   *  `Liveness.progress`); the workers must compare the same. */
  readonly measured?: readonly string[];
  /** How many states must be known before the workers start and batches go to them (default
   *  65,536: a smaller graph is searched faster than they start); the queue must then hold
   *  this many states, or 1,024, whichever is fewer. */
  readonly poolFrom?: number;
}

/** States expanded per chunk, between calls of `onChunk` (which judges liveness during the
 *  search: the chunks fix which states it has seen); their successors are then looked up
 *  AHEAD states at a time. At most a share: `expandRange` expands at most that many at once. */
const CHUNK = 256;

/** States whose successors are read ahead together, just before they are looked up: few
 *  enough that the pages of their slots and words stay in the processor's address
 *  translation cache until then (a miss there costs a walk of the page tables, which under
 *  virtualisation is most of a memory wait). */
const AHEAD = 16;

/** The default of `SearchOptions.poolFrom`. */
const POOL_FROM = 65_536;

/** The fewest queued states handed to the workers: a hand-out of fewer costs more than it saves. */
const POOL_QUEUE = 1024;

/**
 * The exploration core. States are expanded a chunk at a time: first every successor of the
 * chunk's states is computed on the encoding and the store prefetches their slots, then the
 * chunk is replayed state by state, step by step, exactly as a one-state-at-a-time search
 * would do it (same numbers, same counts, same stopping point); only the memory waits overlap.
 */
export function search<S>(
  spec: Spec<S>,
  view: PackedView,
  options: SearchOptions,
  hooks: SearchHooks,
  store: StateStore = new StateStore(view.words, undefined, false, view.bits),
): SearchResult {
  const maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const { onState, onEdge, onBrokenStep, onExpanded, done, onChunk } = hooks;
  const W = view.words;
  const symmetry = options.symmetry;
  const x = expansion(spec, view, symmetry, onBrokenStep !== undefined, options.measured);
  // Under symmetry, successors are looked up and stored as their orbits' representatives
  // (`canon`), while steps are reported with the successor as the action made it (`keys`).
  const local = makeBatch(CHUNK, W, x.actions, symmetry !== undefined, false);
  const pool = options.pool;
  if (pool !== undefined && (pool.judges !== x.judge || pool.measured.join('\n') !== x.progress.map((p) => p.name).join('\n'))) {
    throw new Error('the workers judge steps differently from the search');
  }
  const poolFrom = options.poolFrom ?? POOL_FROM;
  const poolQueue = Math.min(POOL_QUEUE, poolFrom);
  let represented = 0;
  let generated = 0;
  let depth = 0;
  let levelEnd = 0;
  let stopped: StopReason | undefined;

  /** Adds the state at `keys[at..]` unless a limit stops the search; its number, or -1. */
  const admit = (words: Uint32Array, at: number, h: number, parent: number): number => {
    const known = store.findAt(words, at, h);
    if (known >= 0) return ~known;
    if (store.count >= maxStates) stopped = 'max-states';
    else if (store.full && store.bytesAfterGrowth > maxBytes) stopped = 'memory';
    else return store.internAt(words, at, h, parent);
    return -1;
  };
  const result = (complete: boolean): SearchResult => {
    // The search is over: a doubled table made ahead for it is let go.
    store.settle();
    return {
      store,
      generated,
      depth: depth + (store.count > levelEnd ? 1 : 0),
      complete,
      represented: symmetry === undefined ? store.count : represented,
      ...(stopped === undefined ? {} : { stopped }),
    };
  };

  for (const s of spec.initial) {
    generated++;
    const { keys, canon } = local;
    spec.encoding.encode(s, keys, 0);
    let size = 1;
    if (symmetry !== undefined) {
      canon.set(keys.subarray(0, W));
      size = symmetry.canonicalize(canon, 0);
    }
    const id = admit(canon, 0, store.hash(canon, 0), -1);
    if (stopped !== undefined) return result(false);
    if (id >= 0) {
      represented += size;
      onState?.(id, canon, 0);
    }
  }

  /**
   * Numbers the successors of states `[from, to)`, expanded into `b` (state `id`'s at
   * `b.begin[id - base]..b.end[id - base]`; `b.todo` lists `n` of them in all) step by step,
   * calling the hooks; false when the search ends here. Only the successors `b.todo` lists
   * are visited, unless a hook wants every step: the others have a number, which `b.found`
   * gives directly or through an earlier equal successor, and break nothing (in a large graph
   * most steps lead to states already seen). The number of each successor looked up here goes
   * into `b.found`, for the equal ones after it.
   */
  const replay = (from: number, to: number, b: Batch, base: number, n: number): boolean => {
    const words = b.canon;
    const { found, broken, acts, todo, pend } = b;
    const every = onEdge !== undefined;
    // When the whole chunk fits below the state limit and without growing the store, no
    // limit can stop the search inside it and its successors go straight to the store.
    const roomy = store.count + n < maxStates && n <= store.room;
    for (let id = from; id < to; id++) {
      if (done !== undefined && done()) return false;
      if (id === levelEnd) {
        depth++;
        levelEnd = store.count;
      }
      const k = id - base;
      const begin = b.begin[k]!;
      const end = b.end[k]!;
      generated += end - begin;
      const visits = every ? end : begin + pend[k]!;
      for (let t = begin; t < visits; t++) {
        const j = every ? t : todo[t]!;
        let known = found[j]!;
        // A successor equal to an earlier one of the batch has that one's number, found by now.
        if (known < -1) known = found[-2 - known]!;
        const bad = broken[j]!;
        const at = j * W;
        let next = known >= 0 ? ~known : roomy ? store.internAt(words, at, b.hashes[j]!, id) : admit(words, at, b.hashes[j]!, id);
        if (stopped !== undefined) {
          // The steps after this one were not taken.
          generated -= end - j - 1;
          return false;
        }
        if (next >= 0) {
          if (symmetry !== undefined) represented += b.orbit[j]!;
          onState?.(next, words, at);
        } else next = ~next;
        found[j] = next;
        if (bad !== 0) onBrokenStep?.(id, acts[j]!, next, b.keys, at, bad);
        onEdge?.(id, acts[j]!, next, b.keys, at);
      }
      onExpanded?.(id, end - begin, b.fairs[k]!, b.stalls[k]!);
    }
    return true;
  };

  /**
   * `replay` of states `[from, to)`, AHEAD states at a time, each group's slots (and in the
   * narrow layout, words) read ahead first, of the successors `b.todo` lists: the others
   * are not looked up.
   */
  const replayAhead = (from: number, to: number, b: Batch, base: number): boolean => {
    for (let s = from; s < to; ) {
      const e = Math.min(to, s + AHEAD);
      let n = 0;
      for (let k = s - base; k < e - base; k++) {
        const begin = b.begin[k]!;
        const listed = b.pend[k]!;
        store.touch(b.hashes, begin, begin + listed, b.todo);
        n += listed;
      }
      if (!replay(s, e, b, base, n)) return false;
      s = e;
    }
    return true;
  };

  // A store in shared memory is handed to the workers to look successors up in (the pool
  // sends them a view only when the store has moved since the last).
  const tables = (): TableView | undefined => (store.shared ? store.view() : undefined);

  // Chunks are cut as one thread cuts them, CHUNK states from where the last ended or up to
  // the last state known then, whoever expands them: hooks between chunks (the liveness checks
  // during the search) then see the same states with any number of workers.
  let chunkEnd = 0;
  const cut = (from: number): number => {
    if (from >= chunkEnd) chunkEnd = Math.min(store.count, from + CHUNK);
    return chunkEnd;
  };

  for (let from = 0; from < store.count; ) {
    if (pool !== undefined && (pool.busy || (store.count >= poolFrom && store.count - from >= poolQueue && pool.ready))) {
      // A worker touches the memory the store will grow into before this thread fills it.
      const memory = store.prepare(maxBytes);
      if (memory !== undefined) pool.prepare(memory);
      // The workers expand a batch while this thread numbers the last one's successors. The
      // next batch is handed out before this thread takes the rest of one, so that a worker
      // out of shares of that one goes on to the next at once.
      if (!pool.busy) pool.dispatch(store.encodings, from, store.count, tables());
      if (pool.free && pool.handedTo < store.count && pool.ready) pool.dispatch(store.encodings, pool.handedTo, store.count, tables());
      const job = pool.collect();
      const b = job.batch;
      for (let c = from; c < job.to; ) {
        const e = Math.min(job.to, cut(c));
        if (!replayAhead(c, e, b, from)) return result(false);
        if (e === chunkEnd) onChunk?.(e, generated, depth);
        c = e;
      }
      from = job.to;
      continue;
    }
    const to = cut(from);
    local.src.set(store.encodings.subarray(from * W, to * W));
    expandRange(x, local, 0, to - from);
    if (!replayAhead(from, to, local, from)) return result(false);
    from = to;
    onChunk?.(from, generated, depth);
  }
  return result(true);
}
