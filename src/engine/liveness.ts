import type { PackedView } from './packed-view.js';
import type { Trace, TraceStep } from './result.js';
import { actionLabel, type Spec } from './spec.js';
import type { StateStore } from './state-store.js';
import { traceTo } from './trace.js';

/**
 * Liveness: "eventually always goal" under weak fairness, judged on the states numbered
 * below `limit` (all expanded, so their steps are known; during the search that is a prefix
 * of the graph, afterwards the whole of it).
 *
 * A counterexample is a reachable cycle that leaves the goal somewhere and treats every fair
 * action instance fairly: the instance is disabled somewhere on it or taken on it. Steps of
 * actions assumed to happen finitely often (`Crash` in `<>[]~Crash => Converges`) are not
 * part of any cycle. Such a cycle exists exactly when some strongly connected component of
 * the graph without those steps holds a state outside the goal and treats every fair
 * instance fairly within it (a cycle through all of its states then does); under weak
 * fairness a component that fails cannot hold a smaller cycle that succeeds, since an
 * instance enabled everywhere in it and never taken inside it is so on every part of it too.
 * (Behaviours that stop where nothing fair is enabled are found during the search itself.)
 *
 * Memory: storing every step of a graph of millions of states costs more than the store
 * itself (about ten steps per state, four bytes each), so steps are not stored: the
 * components are found by an iterative Tarjan that recomputes a state's successors on the
 * spec's fast path when it returns to it and looks each up in the store. Per state it keeps
 * two 32-bit numbers and one byte; the stacks grow only as deep as the search goes.
 */
export interface LivenessQuery {
  readonly spec: Spec<unknown>;
  readonly view: PackedView;
  readonly store: StateStore;
  /** States numbered below this are judged. */
  readonly limit: number;
  readonly goal: (words: Uint32Array, at: number) => boolean;
  /** Per action instance: 1 when its steps are left out of cycles. */
  readonly excluded: Uint8Array;
  /** Bytes the analysis may take; past this it gives up. */
  readonly maxBytes: number;
}

export type LivenessAnswer =
  | { readonly kind: 'none' }
  | { readonly kind: 'memory' }
  | { readonly kind: 'lasso'; readonly trace: Trace<unknown> };

/** Bytes the analysis takes for `limit` states, before its stacks. */
export function livenessBytes(limit: number): number {
  return limit * 9;
}

const UNSEEN = 0;
const ON_STACK = 1;
const DONE = 2;
const IN_COMPONENT = 3;
const CHOSEN = 4;

export function findFairCycle(q: LivenessQuery, onPeak?: () => void): LivenessAnswer {
  const { spec, view, store, limit, goal, excluded } = q;
  if (livenessBytes(limit) > q.maxBytes) return { kind: 'memory' };
  const W = view.words;
  const A = Math.max(1, spec.actions.length);
  const fair = Uint8Array.from(spec.actions, (a) => (a.fair ? 1 : 0));
  const index = new Int32Array(limit);
  const low = new Int32Array(limit);
  const flag = new Uint8Array(limit);
  let tstack = new Int32Array(1024);
  let tsp = 0;
  let calls = new Int32Array(2048);
  let csp = 0;
  const out = new Uint32Array(A * W);
  const acts = new Int32Array(A);
  const hash = (at: number): number => store.hash(out, at);
  let cachedFor = -1;
  let cachedCount = 0;
  /** The successors of `v` into `out`/`acts`, computed again only when another state's are there. */
  const expand = (v: number): number => {
    if (cachedFor !== v) {
      cachedCount = view.successors(store.encodings, v * W, out, 0, acts, 0);
      cachedFor = v;
    }
    return cachedCount;
  };
  /** The number of successor j of the expanded state, or -1 when it is outside the judged part. */
  const target = (j: number): number => {
    const t = store.findAt(out, j * W, hash(j * W));
    return t < limit ? t : -1;
  };

  const enabledEverywhere = new Uint8Array(A);
  const taken = new Uint8Array(A);
  let best: Int32Array | undefined;
  let bestStart = Number.POSITIVE_INFINITY;
  let counter = 1;

  /** Judges the component on top of the Tarjan stack down to `root`, then pops it. */
  const component = (root: number): void => {
    let bottom = tsp - 1;
    while (tstack[bottom] !== root) bottom--;
    const size = tsp - bottom;
    for (let i = bottom; i < tsp; i++) flag[tstack[i]!] = IN_COMPONENT;
    let cyclic = size > 1;
    let offGoal = false;
    let start = Number.POSITIVE_INFINITY;
    enabledEverywhere.fill(1);
    taken.fill(0);
    for (let i = bottom; i < tsp; i++) {
      const v = tstack[i]!;
      if (v < start) start = v;
      if (!offGoal && !goal(store.encodings, v * W)) offGoal = true;
      const n = expand(v);
      let j = 0;
      for (let a = 0; a < A; a++) {
        if (j < n && acts[j] === a) {
          for (; j < n && acts[j] === a; j++) {
            if (excluded[a]) continue;
            const t = target(j);
            if (t >= 0 && flag[t] === IN_COMPONENT) {
              taken[a] = 1;
              if (t === v) cyclic = true;
            }
          }
        } else enabledEverywhere[a] = 0;
      }
    }
    let fairCycle = cyclic && offGoal && start < bestStart;
    for (let a = 0; fairCycle && a < A; a++) if (fair[a] && enabledEverywhere[a] && !taken[a]) fairCycle = false;
    if (fairCycle) {
      best = tstack.slice(bottom, tsp);
      bestStart = start;
    }
    for (let i = bottom; i < tsp; i++) flag[tstack[i]!] = DONE;
    tsp = bottom;
  };

  for (let root = 0; root < limit; root++) {
    if (flag[root] !== UNSEEN) continue;
    const push = (v: number): void => {
      index[v] = low[v] = counter++;
      flag[v] = ON_STACK;
      if (tsp === tstack.length) tstack = grow(tstack);
      tstack[tsp++] = v;
      if (csp + 2 > calls.length) calls = grow(calls);
      calls[csp++] = v;
      calls[csp++] = 0;
    };
    push(root);
    while (csp > 0) {
      const v = calls[csp - 2]!;
      const n = expand(v);
      let j = calls[csp - 1]!;
      let descended = false;
      for (; j < n; j++) {
        if (excluded[acts[j]!]) continue;
        const w = target(j);
        if (w < 0) continue;
        if (flag[w] === UNSEEN) {
          calls[csp - 1] = j + 1;
          push(w);
          descended = true;
          break;
        }
        if (flag[w] === ON_STACK && index[w]! < low[v]!) low[v] = index[w]!;
      }
      if (descended) continue;
      csp -= 2;
      if (csp > 0) {
        const parent = calls[csp - 2]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
      if (low[v] === index[v]) component(v);
    }
  }
  onPeak?.();
  if (best === undefined) return { kind: 'none' };
  for (const v of best) flag[v] = CHOSEN;
  return { kind: 'lasso', trace: lasso(q, best, flag, fair, out, acts, expand, target) };
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The counterexample through a fair component: the shortest path to its earliest-found
 * state, then a cycle inside it that passes a state outside the goal and a witness of
 * fairness for every fair instance (a state where it is disabled, or a step that takes it),
 * back to that state.
 */
function lasso(
  q: LivenessQuery,
  members: Int32Array,
  flag: Uint8Array,
  fair: Uint8Array,
  out: Uint32Array,
  acts: Int32Array,
  expand: (v: number) => number,
  target: (j: number) => number,
): Trace<unknown> {
  const { spec, store, goal, excluded } = q;
  const W = store.words;
  const start = members.reduce((m, v) => Math.min(m, v), Number.POSITIVE_INFINITY);
  // The places the cycle must pass, in order: a state, reached by any path inside the
  // component, or (with `via`) reached from the place before by exactly that fair step.
  const stops: { state: number; via: number }[] = [];
  const offGoal = members.find((v) => !goal(store.encodings, v * W));
  if (offGoal !== undefined) stops.push({ state: offGoal, via: -1 });
  for (let a = 0; a < spec.actions.length; a++) {
    if (!fair[a]) continue;
    let disabledAt = -1;
    let edge: [number, number] | undefined;
    for (const v of members) {
      const n = expand(v);
      let enabled = false;
      for (let j = 0; j < n; j++) {
        if (acts[j] !== a) continue;
        enabled = true;
        const t = excluded[a] ? -1 : target(j);
        if (t >= 0 && flag[t] === CHOSEN && edge === undefined) edge = [v, t];
      }
      if (!enabled) {
        disabledAt = v;
        break;
      }
    }
    if (disabledAt >= 0) stops.push({ state: disabledAt, via: -1 });
    else if (edge !== undefined) stops.push({ state: edge[0], via: -1 }, { state: edge[1], via: a });
  }
  stops.push({ state: start, via: -1 });
  const prefix = traceTo(spec, store, start);
  const steps: TraceStep<unknown>[] = [...prefix.steps];
  const decode = (x: number): unknown => spec.encoding.decode(store.encodings, x * W);
  const parent = new Int32Array(store.count).fill(-1);
  const via = new Int32Array(store.count);
  let at = start;
  for (let s = 0; s < stops.length; s++) {
    const { state: goalId, via: forced } = stops[s]!;
    if (forced >= 0) {
      steps.push({ action: actionLabel(spec.actions[forced]!), state: decode(goalId) });
      at = goalId;
      continue;
    }
    if (goalId === at && s < stops.length - 1) continue;
    // Breadth-first inside the component from `at` to `goalId`, at least one step.
    const touched: number[] = [];
    const queue = [at];
    let reached = false;
    for (let i = 0; i < queue.length && !reached; i++) {
      const v = queue[i]!;
      const n = expand(v);
      for (let j = 0; j < n; j++) {
        if (excluded[acts[j]!]) continue;
        const t = target(j);
        if (t < 0 || flag[t] !== CHOSEN || parent[t] !== -1) continue;
        parent[t] = v;
        via[t] = acts[j]!;
        touched.push(t);
        if (t === goalId) {
          reached = true;
          break;
        }
        queue.push(t);
      }
    }
    if (!reached) throw new Error('a strongly connected component is not connected');
    const path: number[] = [];
    for (let x = goalId; ; x = parent[x]!) {
      path.push(x);
      if (parent[x] === at) break;
    }
    path.reverse();
    for (const x of path) steps.push({ action: actionLabel(spec.actions[via[x]!]!), state: decode(x) });
    for (const t of touched) parent[t] = -1;
    at = goalId;
  }
  return { steps, forever: { kind: 'cycle', loopsTo: prefix.steps.length - 1 } };
}
