import { excludedBy, expansion } from './expand.js';
import { ExpandPool } from './expand-pool.js';
import { DEFAULT_MAX_BYTES, search } from './explore.js';
import { findFairCycle, livenessBytes } from './liveness.js';
import { packedView } from './packed-view.js';
import type { SpecRef } from './spec-ref.js';
import type { CheckOutcome, CheckResult, Progress, PropertyVerdict, StopReason, Trace } from './result.js';
import { actionLabel, type Spec } from './spec.js';
import { StateStore } from './state-store.js';
import { traceTo } from './trace.js';

export interface CheckOptions {
  /** Stop cleanly, with an `incomplete` verdict, after this many distinct states. */
  readonly maxStates?: number;
  /** Stop cleanly when the state store (and the liveness analysis) would pass this many bytes. */
  readonly maxBytes?: number;
  /** Called about every `progressMs` milliseconds. */
  readonly onProgress?: (p: Progress) => void;
  readonly progressMs?: number;
  /** Keep exploring after a violation until every property is violated or the space is
   *  exhausted (default); with `false`, stop at the first violation. */
  readonly continueAfterViolation?: boolean;
  /** Explore every reachable state even when every property is already violated (TLC's
   *  `-continue`), so a violating configuration is counted whole. */
  readonly exhaustive?: boolean;
  /** Prove liveness properties by their progress measures where every step raises them,
   *  rather than by searching for fair cycles (default); with `false` the cycles are always
   *  searched for, as a cross-check. */
  readonly progress?: boolean;
  /**
   * Store one representative per orbit of the spec's symmetry. Liveness is then proved only
   * by progress measures, compared on the steps between representatives: when they all rise,
   * the graph of orbits has no cycle outside the excluded steps, so neither has the state
   * graph (a cycle of states maps to a cycle of their orbits, by the same actions), and
   * behaviours that stop are judged on the representatives, which stand for every state of
   * their orbit. Fair cycles are never searched for on the orbits (the lassos of a quotient
   * graph need not be fair behaviours, weak fairness being per instance): a property whose
   * measure some step fails to raise is left undecided, and one without a measure, or with
   * `progress: false`, is refused.
   */
  readonly symmetry?: boolean;
  /**
   * `count` threads that compute successors: this one and `count - 1` workers, each building
   * the spec from `ref` (the same spec as `spec`). States are numbered by this thread in the order one thread numbers them, so
   * counts, verdicts and traces are the same with any number of workers; liveness is judged
   * here, during and after the search, as with one. Workers join once they have loaded the
   * spec and `from` states are known (65,536 by default); `eager` waits for them first. They
   * are handed at most `batch` states at a time (8,192 by default).
   */
  readonly workers?: { readonly ref: SpecRef; readonly count: number; readonly from?: number; readonly eager?: boolean; readonly batch?: number };
}

/**
 * Liveness is judged during the search at 4,096 expanded states, then each time 8 times as
 * many, up to the last check at or below 2^18: a lasso near the initial states is found
 * early, with a short prefix, and the checks together cost under a tenth of the final one on a
 * graph of millions of states (each re-walks the part found so far: the steps are not stored).
 */
const FIRST_LIVENESS_CHECK = 4096;
const LAST_LIVENESS_CHECK = 2 ** 18;

/**
 * Explores every reachable state breadth-first, checking each invariant on every new state
 * and each action property on every step (including steps into states already seen), and
 * returns, for each property, the shortest trace to its first violation. Liveness is judged
 * on the expanded part of the graph at growing intervals during the search, so a lasso near
 * the initial state is found early, and on the whole graph at the end.
 */
export function check<S>(spec: Spec<S>, options: CheckOptions = {}): CheckResult<S> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const progressMs = options.progressMs ?? 1000;
  const keepGoing = options.continueAfterViolation ?? true;
  const exhaustive = options.exhaustive ?? false;
  const { actions, invariants, actionProperties, liveness } = spec;
  const view = packedView(spec);
  const symmetry = options.symmetry === true ? spec.symmetry : undefined;
  if (options.symmetry === true && symmetry === undefined) throw new Error(`${spec.name} declares no symmetry`);
  if (symmetry !== undefined && liveness.length > 0) {
    if (options.progress === false) throw new Error('fair cycles are not searched for under symmetry');
    const unmeasured = liveness.filter((_, l) => view.progress[l] === undefined).map((p) => p.name);
    if (unmeasured.length > 0) throw new Error(`${unmeasured.join(', ')} has no progress measure, and under symmetry liveness is proved only by one`);
  }
  const W = view.words;
  const w = options.workers;
  // With workers the store lives in shared memory, where they look successors up.
  const store = new StateStore(W, undefined, w !== undefined && w.count > 1, view.bits);

  const invariantTrace: (Trace<S> | undefined)[] = invariants.map(() => undefined);
  const actionTrace: (Trace<S> | undefined)[] = actionProperties.map(() => undefined);
  const livenessTrace: (Trace<S> | undefined)[] = liveness.map(() => undefined);
  const properties0 = invariants.length + actionProperties.length + liveness.length;
  let open = properties0;
  let invariantsOpen = invariants.length;
  let actionsOpen = actionProperties.length;
  let livenessOpen = liveness.length;
  let livenessStop: StopReason | undefined;
  const fairCount = actions.filter((a) => a.fair).length;
  const excluded = liveness.map((p) => excludedBy(spec, p));
  // Liveness properties whose progress measure is compared across every step: bit i of
  // `stalled` is set once a step fails to raise measure i; until then the part of the graph
  // explored has no cycle outside the excluded steps, and no fair cycle is searched for.
  const measured = options.progress !== false ? liveness.flatMap((p, l) => (view.progress[l] === undefined ? [] : [p.name])) : [];
  const measureOf = liveness.map((p) => measured.indexOf(p.name));
  let stalled = 0;
  const acyclic = (l: number): boolean => measureOf[l]! >= 0 && (stalled & (1 << measureOf[l]!)) === 0;

  let peakRss = process.memoryUsage().rss;
  let lastProgress = started;
  let nextLivenessCheck = FIRST_LIVENESS_CHECK;

  let livenessUsed = 0;
  const judgeLiveness = (limit: number): void => {
    for (let l = 0; l < liveness.length; l++) {
      // Under symmetry, fair cycles are not searched for: see `CheckOptions.symmetry`.
      if (livenessTrace[l] !== undefined || livenessStop !== undefined || acyclic(l) || symmetry !== undefined) continue;
      livenessUsed = Math.max(livenessUsed, livenessBytes(limit));
      const answer = findFairCycle(
        { spec: spec as Spec<unknown>, view, store: store, limit, goal: view.goals[l]!, excluded: excluded[l]!, maxBytes: maxBytes - store.bytes },
        () => (peakRss = Math.max(peakRss, process.memoryUsage().rss)),
      );
      if (answer.kind === 'memory') livenessStop = 'memory';
      if (answer.kind === 'lasso') {
        livenessTrace[l] = answer.trace as Trace<S>;
        livenessOpen--;
        open--;
      }
    }
  };

  /** The trace to a step that breaks action property `i`: the step itself when the trace is
   *  the stored path, else (under symmetry) the step from the concrete state that does. */
  const extend = (t: Trace<S>, i: number, action: (typeof actions)[number], next: S): Trace<S> => {
    const last = t.steps[t.steps.length - 1]!.state;
    const step =
      symmetry === undefined
        ? { action, next }
        : actions.map((a) => ({ action: a, next: a.next(last) })).find((x) => x.next !== undefined && !actionProperties[i]!.holds(last, x.next));
    if (step === undefined || step.next === undefined) throw new Error(`no step from the trace's last state breaks ${actionProperties[i]!.name}`);
    return { steps: [...t.steps, { action: actionLabel(step.action), state: step.next }] };
  };

  const pool = w === undefined || w.count <= 1 ? undefined : new ExpandPool(w.ref, w.count, expansion(spec, view, symmetry, actionProperties.length > 0, measured), w.batch);
  if (pool !== undefined && w?.eager === true) pool.awaitReady(60_000);
  const searchOptions = {
    ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
    maxBytes,
    ...(symmetry === undefined ? {} : { symmetry }),
    measured,
    ...(pool === undefined ? {} : { pool, ...(w?.from === undefined ? {} : { poolFrom: w.from }) }),
  };
  let r;
  try {
  r = search(spec, view, searchOptions, {
    onState:
      invariants.length === 0
        ? undefined
        : (id, words, at) => {
            if (invariantsOpen === 0) return;
            for (let i = 0; i < invariants.length; i++) {
              if (invariantTrace[i] === undefined && !view.invariants[i]!(words, at)) {
                invariantTrace[i] = traceTo(spec, store, id, symmetry);
                invariantsOpen--;
                open--;
              }
            }
          },
    onBrokenStep:
      actionProperties.length === 0
        ? undefined
        : (from, action, _to, words, at, broken) => {
            if (actionsOpen === 0) return;
            for (let i = 0; i < actionProperties.length; i++) {
              if (actionTrace[i] === undefined && (broken & (1 << i)) !== 0) {
                actionTrace[i] = extend(traceTo(spec, store, from, symmetry), i, actions[action]!, spec.encoding.decode(words, at));
                actionsOpen--;
                open--;
              }
            }
          },
    onExpanded:
      liveness.length === 0
        ? undefined
        : (id, _enabled, fairEnabled, stalls) => {
            stalled |= stalls;
            // A state where nothing fair is enabled is one a fair behaviour may stop in.
            if (livenessOpen === 0 || (fairEnabled > 0 && fairCount > 0)) return;
            for (let l = 0; l < liveness.length; l++) {
              if (livenessTrace[l] === undefined && !view.goals[l]!(store.encodings, id * W)) {
                livenessTrace[l] = { steps: traceTo(spec, store, id, symmetry).steps, forever: { kind: 'stutter' } };
                livenessOpen--;
                open--;
              }
            }
          },
    done: () => !exhaustive && properties0 > 0 && (open === 0 || (!keepGoing && open < properties0)),
    onChunk: (expanded, generated, depth) => {
      if (livenessOpen > 0 && expanded >= nextLivenessCheck && nextLivenessCheck <= LAST_LIVENESS_CHECK) {
        judgeLiveness(expanded);
        nextLivenessCheck = expanded * 8;
      }
      const now = performance.now();
      if (now - lastProgress >= progressMs) {
        lastProgress = now;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        options.onProgress?.({
          distinct: store.count,
          generated,
          depth,
          queued: store.count - expanded,
          seconds: (now - started) / 1000,
          storeBytes: store.bytes,
        });
      }
    },
  }, store);
  } finally {
    pool?.close();
  }
  const complete = r.complete;
  if (complete && livenessOpen > 0) judgeLiveness(r.store.count);

  const properties: PropertyVerdict<S>[] = [];
  const verdict = (name: string, kind: 'invariant' | 'action' | 'liveness', t: Trace<S> | undefined, sure: boolean): PropertyVerdict<S> =>
    t !== undefined ? { name, kind, status: 'violated', trace: t } : sure ? { name, kind, status: 'holds' } : { name, kind, status: 'incomplete' };
  invariants.forEach((p, i) => properties.push(verdict(p.name, 'invariant', invariantTrace[i], complete)));
  actionProperties.forEach((p, i) => properties.push(verdict(p.name, 'action', actionTrace[i], complete)));
  liveness.forEach((p, l) => {
    const decided = acyclic(l) || (livenessStop === undefined && symmetry === undefined);
    const v = verdict(p.name, 'liveness', livenessTrace[l], complete && decided);
    properties.push(v.status === 'holds' && acyclic(l) ? { ...v, by: 'progress' } : v);
  });

  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const seconds = (performance.now() - started) / 1000;
  const stop = r.stopped ?? livenessStop;
  const undecided = complete && symmetry !== undefined && properties.some((p) => p.kind === 'liveness' && p.status === 'incomplete');
  const outcome: CheckOutcome = properties.some((p) => p.status === 'violated')
    ? { status: 'violated' }
    : stop !== undefined
      ? { status: 'incomplete', reason: stop }
      : undecided
        ? { status: 'incomplete', reason: 'symmetry' }
      : properties.some((p) => p.status === 'incomplete')
        ? { status: 'incomplete', reason: 'max-states' }
        : { status: 'holds' };
  return {
    spec: spec.name,
    outcome,
    properties,
    stats: {
      distinct: r.store.count,
      workers: pool?.used === true ? pool.count : 1,
      represented: r.represented,
      generated: r.generated,
      depth: r.depth,
      seconds,
      cpuSeconds: cpuOf(process.cpuUsage(cpuStarted)),
      distinctPerSecond: r.store.count / Math.max(seconds, 1e-9),
      generatedPerSecond: r.generated / Math.max(seconds, 1e-9),
      storeBytes: r.store.bytes,
      livenessBytes: livenessUsed,
      peakRssBytes: peakRss,
    },
  };
}

function cpuOf(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}
