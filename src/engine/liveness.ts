import { fairOf } from './expand.js';
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
 * components are found by an iterative Tarjan that computes a state's successors on the
 * spec's fast path when it reaches the state, looks them up in the store in one batch, and
 * keeps their numbers only while the state is on its path. Per state it keeps one 32-bit
 * number and one byte; the stacks grow only as deep as the search goes.
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
  return limit * 5;
}

const UNSEEN = 0;
const ON_STACK = 1;
const DONE = 2;
const IN_COMPONENT = 3;
const CHOSEN = 4;
/** The bits of a state's flag that hold one of the values above. */
const STATE = 7;
/** A flag bit: the state has a step to itself. */
const SELF = 8;

export function findFairCycle(q: LivenessQuery, onPeak?: () => void): LivenessAnswer {
  const { spec, view, store, limit, goal, excluded } = q;
  if (livenessBytes(limit) > q.maxBytes) return { kind: 'memory' };
  const W = view.words;
  const A = Math.max(1, spec.actions.length);
  const fair = fairOf(spec);
  // Tarjan's low-link per state; a state's own visit number lives in its frame on the call
  // stack, the only place it is needed (an on-stack successor contributes its low-link, not
  // its number, which finds the same components).
  const low = new Int32Array(limit);
  const flag = new Uint8Array(limit);
  let tstack = new Int32Array(1024);
  let tsp = 0;
  let calls = new Int32Array(4096);
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
    if (size === 1 && (flag[root]! & SELF) === 0) {
      // A single state without a step to itself lies on no cycle.
      flag[root] = DONE;
      tsp = bottom;
      return;
    }
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
            if (t >= 0 && (flag[t]! & STATE) === IN_COMPONENT) {
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

  // The depth-first search keeps, per state on its path, the numbers of the state's
  // successors on a stack of its own (looked up once, in a batch whose table slots are read
  // ahead); the path is as deep as the longest simple path the search follows, so this stays
  // small, and it counts against the budget like the rest.
  let succ = new Int32Array(4096);
  let ssp = 0;
  const hashes = new Int32Array(A);
  const budget = q.maxBytes - livenessBytes(limit);
  let overBudget = false;
  const push = (v: number): void => {
    const number = counter++;
    low[v] = number;
    flag[v] = ON_STACK;
    if (tsp === tstack.length) tstack = grow(tstack);
    tstack[tsp++] = v;
    const all = view.successors(store.encodings, v * W, out, 0, acts, 0);
    // Steps left out of cycles are dropped before anything is looked up: a lookup is a wait
    // for memory, the most of what a state costs here. The buffers then no longer hold all
    // of v's successors, so `expand` computes them again when it is asked.
    let n = 0;
    for (let j = 0; j < all; j++) {
      if (excluded[acts[j]!]) continue;
      if (n !== j) {
        out.copyWithin(n * W, j * W, j * W + W);
        acts[n] = acts[j]!;
      }
      n++;
    }
    cachedFor = -1;
    store.prefetch(out, n, hashes);
    if (ssp + n > succ.length) succ = grow(succ);
    const first = ssp;
    for (let j = 0; j < n; j++) {
      const t = store.findAt(out, j * W, hashes[j]!);
      if (t >= limit) continue;
      if (t === v) flag[v] |= SELF;
      succ[ssp++] = t;
    }
    if (csp + 4 > calls.length) calls = grow(calls);
    calls[csp++] = v;
    calls[csp++] = first;
    calls[csp++] = ssp;
    calls[csp++] = number;
    if ((tstack.length + succ.length + calls.length) * 4 > budget) overBudget = true;
  };
  for (let root = 0; root < limit && !overBudget; root++) {
    if (flag[root] !== UNSEEN) continue;
    push(root);
    while (csp > 0 && !overBudget) {
      const v = calls[csp - 4]!;
      const end = calls[csp - 2]!;
      let j = calls[csp - 3]!;
      let descended = false;
      for (; j < end; j++) {
        const w = succ[j]!;
        const f = flag[w]! & STATE;
        if (f === UNSEEN) {
          calls[csp - 3] = j + 1;
          push(w);
          descended = true;
          break;
        }
        if (f === ON_STACK && low[w]! < low[v]!) low[v] = low[w]!;
      }
      if (descended) continue;
      csp -= 4;
      ssp = calls[csp + 1]!;
      if (csp > 0) {
        const parent = calls[csp - 4]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
      if (low[v] === calls[csp + 3]) component(v);
    }
  }
  if (overBudget) return { kind: 'memory' };
  onPeak?.();
  if (best === undefined) return { kind: 'none' };
  for (const v of best) flag[v] = CHOSEN;
  return { kind: 'lasso', trace: lasso(q, best, flag, fair, acts, expand, target) };
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The counterexample through a fair component: the shortest path to its earliest-found
 * state, then a cycle inside it, built greedily: from where it is, the nearest state outside
 * the goal unless it passed one; for each fair instance it has not yet treated fairly, the
 * nearest state where the instance is disabled or that takes it inside (and the step); then
 * the shortest way back.
 */
function lasso(
  q: LivenessQuery,
  members: Int32Array,
  flag: Uint8Array,
  fair: Uint8Array,
  acts: Int32Array,
  expand: (v: number) => number,
  target: (j: number) => number,
): Trace<unknown> {
  const { spec, store, goal, excluded } = q;
  const W = store.words;
  const A = spec.actions.length;
  const start = members.reduce((m, v) => Math.min(m, v), Number.POSITIVE_INFINITY);
  const prefix = traceTo(spec, store, start);
  const steps: TraceStep<unknown>[] = [...prefix.steps];
  const decode = (x: number): unknown => spec.encoding.decode(store.encodings, x * W);
  const parent = new Int32Array(store.count).fill(-1);
  const via = new Int32Array(store.count);
  const taken = new Uint8Array(A);
  const disabledSeen = new Uint8Array(A);
  let offGoalSeen = false;
  let at = start;

  /** Notes what the cycle has shown at state `v`: off the goal, which instances are disabled. */
  const visit = (v: number): void => {
    if (!goal(store.encodings, v * W)) offGoalSeen = true;
    const n = expand(v);
    let j = 0;
    for (let a = 0; a < A; a++) {
      if (j < n && acts[j] === a) while (j < n && acts[j] === a) j++;
      else disabledSeen[a] = 1;
    }
  };
  const step = (a: number, t: number): void => {
    steps.push({ action: actionLabel(spec.actions[a]!), state: decode(t) });
    taken[a] = 1;
    visit(t);
    at = t;
  };
  /** The step by instance `a` from `v` to a state of the component, or -1. */
  const stepBy = (v: number, a: number): number => {
    if (excluded[a]) return -1;
    const n = expand(v);
    for (let j = 0; j < n; j++) if (acts[j] === a) {
      const t = target(j);
      if (t >= 0 && flag[t] === CHOSEN) return t;
    }
    return -1;
  };
  /** Walks the shortest path inside the component from `at` to the nearest state (one step or more) that `want` accepts. */
  const walkTo = (want: (t: number) => boolean): void => {
    const touched: number[] = [];
    const queue = [at];
    let found = -1;
    for (let i = 0; i < queue.length && found < 0; i++) {
      const v = queue[i]!;
      // v's steps are read out first: `want` expands other states into the same buffers.
      const n = expand(v);
      const steps: [number, number][] = [];
      for (let j = 0; j < n; j++) if (!excluded[acts[j]!]) steps.push([acts[j]!, target(j)]);
      for (const [a, t] of steps) {
        if (t < 0 || flag[t] !== CHOSEN || parent[t] !== -1) continue;
        parent[t] = v;
        via[t] = a;
        touched.push(t);
        if (want(t)) {
          found = t;
          break;
        }
        queue.push(t);
      }
    }
    if (found < 0) throw new Error('a strongly connected component is not connected');
    const path: number[] = [];
    for (let x = found; ; x = parent[x]!) {
      path.push(x);
      if (parent[x] === at) break;
    }
    for (const t of touched) parent[t] = -1;
    for (const x of path.reverse()) step(via[x]!, x);
  };
  const disabledAt = (a: number) => (t: number): boolean => {
    const n = expand(t);
    for (let j = 0; j < n; j++) if (acts[j] === a) return false;
    return true;
  };

  visit(start);
  if (!offGoalSeen) walkTo((t) => !goal(store.encodings, t * W));
  for (let a = 0; a < A; a++) {
    if (!fair[a] || taken[a] || disabledSeen[a]) continue;
    if (stepBy(at, a) < 0 && !disabledAt(a)(at)) walkTo((t) => disabledAt(a)(t) || stepBy(t, a) >= 0);
    if (disabledSeen[a]) continue;
    step(a, stepBy(at, a));
  }
  walkTo((t) => t === start);
  return { steps, forever: { kind: 'cycle', loopsTo: prefix.steps.length - 1 } };
}
