import { DEFAULT_MAX_BYTES } from './explore.js';
import { checkLiveness } from './liveness.js';
import type { CheckOutcome, CheckResult, Progress, PropertyVerdict, StopReason, Trace } from './result.js';
import type { Spec } from './spec.js';
import { StateStore } from './state-store.js';
import { traceTo } from './trace.js';

export interface CheckOptions {
  /** Stop cleanly, with an `incomplete` verdict, after this many distinct states. */
  readonly maxStates?: number;
  /** Stop cleanly when the state store would grow past this many bytes. */
  readonly maxBytes?: number;
  /** Called about every `progressMs` milliseconds. */
  readonly onProgress?: (p: Progress) => void;
  readonly progressMs?: number;
  /** Keep exploring after a violation until every property is violated or the space is
   *  exhausted (default); with `false`, stop at the first violation. */
  readonly continueAfterViolation?: boolean;
}


/** States expanded per chunk: enough successors to overlap many memory waits, few enough that
 *  their table slots stay in the processor's cache until they are looked up. */
const CHUNK = 256;

/**
 * Explores every reachable state breadth-first, checking each invariant on every new state
 * and each action property on every step (including steps into states already seen), and
 * returns, for each property, the shortest trace to its first violation. Liveness properties
 * are judged after the whole graph is known.
 */
export function check<S>(spec: Spec<S>, options: CheckOptions = {}): CheckResult<S> {
  const started = performance.now();
  const maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const progressMs = options.progressMs ?? 1000;
  const keepGoing = options.continueAfterViolation ?? true;
  const { encoding, actions, invariants, actionProperties } = spec;
  const W = encoding.words;
  const store = new StateStore(W);
  const scratch = new Uint32Array(W);

  const invariantTrace: (Trace<S> | undefined)[] = invariants.map(() => undefined);
  const actionTrace: (Trace<S> | undefined)[] = actionProperties.map(() => undefined);
  const properties0 = invariants.length + actionProperties.length + spec.liveness.length;
  let open = properties0;
  let invariantsOpen = invariants.length;
  const goal = spec.liveness.map((l) => l.goal);
  const stutterAt: number[] = goal.map(() => -1);

  let generated = 0;
  let depth = 0;
  let levelEnd = 0;
  let stop: StopReason | undefined;
  let peakRss = process.memoryUsage().rss;
  let lastProgress = started;

  /** The new state `id` (`s`) is checked against every invariant not yet violated. */
  const judge = (s: S, id: number): void => {
    for (let i = 0; i < invariants.length; i++) {
      if (invariantTrace[i] === undefined && !invariants[i]!.holds(s)) {
        invariantTrace[i] = traceTo(spec, store, id);
        invariantsOpen--;
        open--;
      }
    }
  };

  /** Adds state `s`, encoded at `keys[at..]` with hash `h`, unless a limit stops the search. */
  const admit = (s: S, keys: Uint32Array, at: number, h: number, parent: number): void => {
    if (store.count >= maxStates || (store.full && store.bytesAfterGrowth > maxBytes)) {
      if (store.findAt(keys, at, h) < 0) stop = store.count >= maxStates ? 'max-states' : 'memory';
      return;
    }
    const id = store.internAt(keys, at, h, parent);
    if (id >= 0 && invariantsOpen > 0) judge(s, id);
  };

  for (const s of spec.initial) {
    generated++;
    encoding.encode(s, scratch, 0);
    admit(s, scratch, 0, store.hash(scratch, 0), -1);
    if (stop) break;
  }

  // States are expanded a chunk at a time: first every successor of the chunk's states is
  // computed and encoded and the store prefetches their slots, then the chunk is replayed
  // state by state, edge by edge, exactly as a one-state-at-a-time search would do it (same
  // numbers, same counts, same stopping point, same traces); only the memory waits overlap.
  const fairCount = actions.filter((a) => a.fair).length;
  const chunkStates = new Array<S>(CHUNK);
  const fairEnabled = new Int32Array(CHUNK);
  const firstSuccessor = new Int32Array(CHUNK + 1);
  const keys = new Uint32Array(CHUNK * W * Math.max(1, actions.length));
  const hashes = new Int32Array(CHUNK * Math.max(1, actions.length));
  /** Steps that broke an action property when generated: successor, property, action. */
  const broken: number[] = [];
  const successors: S[] = [];

  let completed = stop === undefined;
  explore: for (let from = 0; from < store.count; ) {
    const to = Math.min(store.count, from + CHUNK);
    let n = 0;
    broken.length = 0;
    for (let id = from; id < to; id++) {
      const k = id - from;
      const s = encoding.decode(store.encodings, id * W);
      chunkStates[k] = s;
      firstSuccessor[k] = n;
      let fair = 0;
      for (let a = 0; a < actions.length; a++) {
        const action = actions[a]!;
        const next = action.next(s);
        if (next === undefined) continue;
        if (action.fair) fair++;
        for (let i = 0; i < actionProperties.length; i++) {
          if (actionTrace[i] === undefined && !actionProperties[i]!.holds(s, next)) broken.push(n, i, a);
        }
        encoding.encode(next, keys, n * W);
        successors[n++] = next;
      }
      fairEnabled[k] = fair;
    }
    firstSuccessor[to - from] = n;
    store.prefetch(keys, n, hashes);

    // When the whole chunk fits below the state limit and without growing the store, no
    // limit can stop the search inside it and its successors go straight to the store.
    const roomy = store.count + n < maxStates && n <= store.room;
    let b = 0;
    for (let id = from; id < to; id++) {
      if (properties0 > 0 && (open === 0 || (!keepGoing && open < properties0))) {
        completed = false;
        break explore;
      }
      if (id === levelEnd) {
        depth++;
        levelEnd = store.count;
      }
      const k = id - from;
      for (let j = firstSuccessor[k]!; j < firstSuccessor[k + 1]!; j++) {
        generated++;
        for (; b < broken.length && broken[b] === j; b += 3) {
          const i = broken[b + 1]!;
          if (actionTrace[i] !== undefined) continue;
          const action = actions[broken[b + 2]!]!;
          actionTrace[i] = extend(traceTo(spec, store, id), action.name, action.args, successors[j]!);
          open--;
        }
        if (roomy) {
          const added = store.internAt(keys, j * W, hashes[j]!, id);
          if (added >= 0 && invariantsOpen > 0) judge(successors[j]!, added);
          continue;
        }
        admit(successors[j]!, keys, j * W, hashes[j]!, id);
        if (stop) {
          completed = false;
          break explore;
        }
      }
      const s = chunkStates[k]!;
      if (fairEnabled[k] === 0 || fairCount === 0) {
        for (let l = 0; l < goal.length; l++) {
          if (stutterAt[l]! < 0 && !goal[l]!(s)) {
            stutterAt[l] = id;
            open--;
          }
        }
      }
      if ((id & 0x3fff) === 0) {
        const now = performance.now();
        if (now - lastProgress >= progressMs) {
          lastProgress = now;
          peakRss = Math.max(peakRss, process.memoryUsage().rss);
          options.onProgress?.({
            distinct: store.count,
            generated,
            depth,
            queued: store.count - id - 1,
            seconds: (now - started) / 1000,
            storeBytes: store.bytes,
          });
        }
      }
    }
    from = to;
  }

  const exhausted = completed;
  const properties: PropertyVerdict<S>[] = [];
  const verdict = (name: string, kind: 'invariant' | 'action', t: Trace<S> | undefined): PropertyVerdict<S> =>
    t !== undefined
      ? { name, kind, status: 'violated', trace: t }
      : exhausted
        ? { name, kind, status: 'holds' }
        : { name, kind, status: 'incomplete' };
  invariants.forEach((p, i) => properties.push(verdict(p.name, 'invariant', invariantTrace[i])));
  actionProperties.forEach((p, i) => properties.push(verdict(p.name, 'action', actionTrace[i])));
  spec.liveness.forEach((p, l) => {
    if (stutterAt[l]! >= 0) {
      properties.push({
        name: p.name,
        kind: 'liveness',
        status: 'violated',
        trace: { steps: traceTo(spec, store, stutterAt[l]!).steps, forever: { kind: 'stutter' } },
      });
    } else if (!exhausted) {
      properties.push({ name: p.name, kind: 'liveness', status: 'incomplete' });
    } else {
      const cycle = checkLiveness(spec, store, p.goal);
      properties.push(
        cycle === undefined
          ? { name: p.name, kind: 'liveness', status: 'holds' }
          : { name: p.name, kind: 'liveness', status: 'violated', trace: cycle },
      );
    }
  });

  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const seconds = (performance.now() - started) / 1000;
  const outcome: CheckOutcome = properties.some((p) => p.status === 'violated')
    ? { status: 'violated' }
    : stop !== undefined
      ? { status: 'incomplete', reason: stop }
      : properties.some((p) => p.status === 'incomplete')
        ? { status: 'incomplete', reason: 'max-states' }
        : { status: 'holds' };
  return {
    spec: spec.name,
    outcome,
    properties,
    stats: {
      distinct: store.count,
      generated,
      depth,
      seconds,
      distinctPerSecond: store.count / Math.max(seconds, 1e-9),
      generatedPerSecond: generated / Math.max(seconds, 1e-9),
      storeBytes: store.bytes,
      peakRssBytes: peakRss,
    },
  };
}

function extend<S>(t: Trace<S>, name: string, args: readonly string[], next: S): Trace<S> {
  const action = args.length === 0 ? name : `${name}(${args.join(', ')})`;
  return { steps: [...t.steps, { action, state: next }] };
}
