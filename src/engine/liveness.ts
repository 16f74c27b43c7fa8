import type { Trace, TraceStep } from './result.js';
import { actionLabel, type Spec } from './spec.js';
import type { StateStore } from './state-store.js';
import { traceTo } from './trace.js';

/**
 * Looks for a fair cycle that never settles on `goal`: a strongly connected part of the state
 * graph that holds a state outside the goal and in which every fair action instance is either
 * taken somewhere inside or disabled somewhere. Such a cycle is a behaviour that satisfies
 * weak fairness yet leaves the goal infinitely often, so "eventually always goal" fails.
 * (Behaviours that stop in a state where no fair action is enabled are found during the
 * breadth-first search itself.) Returns the counterexample as a lasso, or `undefined`.
 */
export function checkLiveness<S>(spec: Spec<S>, store: StateStore, goal: (s: S) => boolean): Trace<S> | undefined {
  const graph = buildGraph(spec, store);
  for (const component of strongComponents(graph)) {
    const trace = fairCycle(spec, store, graph, component, goal);
    if (trace !== undefined) return trace;
  }
  return undefined;
}

interface Graph {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly labels: Uint16Array;
}

function buildGraph<S>(spec: Spec<S>, store: StateStore): Graph {
  const n = store.count;
  const W = store.words;
  const key = new Uint32Array(W);
  const offsets = new Int32Array(n + 1);
  let targets = new Int32Array(Math.max(16, n * 2));
  let labels = new Uint16Array(targets.length);
  let m = 0;
  for (let id = 0; id < n; id++) {
    offsets[id] = m;
    const s = spec.encoding.decode(store.encodings, id * W);
    spec.actions.forEach((action, a) => {
      const next = action.next(s);
      if (next === undefined) return;
      spec.encoding.encode(next, key, 0);
      if (m === targets.length) {
        const t = new Int32Array(m * 2);
        t.set(targets);
        targets = t;
        const l = new Uint16Array(m * 2);
        l.set(labels);
        labels = l;
      }
      targets[m] = store.find(key);
      labels[m] = a;
      m++;
    });
  }
  offsets[n] = m;
  return { offsets, targets, labels };
}

/** Tarjan's algorithm without recursion; yields only components that contain a cycle. */
function* strongComponents(g: Graph): Generator<number[]> {
  const n = g.offsets.length - 1;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const calls: number[] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    calls.push(root, g.offsets[root]!);
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (calls.length > 0) {
      const v = calls[calls.length - 2]!;
      const e = calls[calls.length - 1]!;
      if (e < g.offsets[v + 1]!) {
        calls[calls.length - 1] = e + 1;
        const w = g.targets[e]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          calls.push(w, g.offsets[w]!);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      calls.length -= 2;
      if (calls.length > 0) {
        const parent = calls[calls.length - 2]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || hasSelfLoop(g, v)) yield component;
      }
    }
  }
}

function hasSelfLoop(g: Graph, v: number): boolean {
  for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) if (g.targets[e] === v) return true;
  return false;
}

function fairCycle<S>(
  spec: Spec<S>,
  store: StateStore,
  g: Graph,
  component: number[],
  goal: (s: S) => boolean,
): Trace<S> | undefined {
  const W = store.words;
  const decode = (id: number) => spec.encoding.decode(store.encodings, id * W);
  const inside = new Set(component);
  const start = component.filter((id) => !goal(decode(id))).sort((x, y) => x - y)[0];
  if (start === undefined) return undefined;
  // For each fair instance, a witness that the cycle treats it fairly: a state inside where
  // it is disabled, or an edge inside that takes it.
  const witnesses: number[][] = [];
  for (let a = 0; a < spec.actions.length; a++) {
    if (!spec.actions[a]!.fair) continue;
    const disabledAt = component.find((id) => spec.actions[a]!.next(decode(id)) === undefined);
    if (disabledAt !== undefined) {
      witnesses.push([disabledAt]);
      continue;
    }
    const edge = findEdge(g, component, inside, a);
    if (edge === undefined) return undefined;
    witnesses.push(edge);
  }
  const loop: number[] = [start];
  let at = start;
  for (const stops of [...witnesses, [start]]) {
    for (const stop of stops) {
      if (stop === at && stops.indexOf(stop) === 0) continue;
      loop.push(...pathWithin(g, inside, at, stop).slice(1));
      at = stop;
    }
  }
  if (loop.length === 1) loop.push(...pathWithin(g, inside, start, start).slice(1));
  const prefix = traceTo(spec, store, start);
  const steps: TraceStep<S>[] = [...prefix.steps];
  for (let i = 1; i < loop.length; i++) {
    const from = decode(loop[i - 1]!);
    const to = loop[i]!;
    steps.push({ action: labelOf(spec, g, loop[i - 1]!, to, from), state: decode(to) });
  }
  return { steps, forever: { kind: 'cycle', loopsTo: prefix.steps.length - 1 } };
}

function findEdge(g: Graph, component: number[], inside: Set<number>, a: number): number[] | undefined {
  for (const v of component)
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++)
      if (g.labels[e] === a && inside.has(g.targets[e]!)) return [v, g.targets[e]!];
  return undefined;
}

/** Shortest path from `from` to `to` inside the component (at least one step when equal). */
function pathWithin(g: Graph, inside: Set<number>, from: number, to: number): number[] {
  const parent = new Map<number, number>();
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const w = g.targets[e]!;
      if (!inside.has(w) || parent.has(w)) continue;
      parent.set(w, v);
      if (w === to) {
        const path = [to];
        for (let x = v; x !== from; x = parent.get(x)!) path.push(x);
        path.push(from);
        return path.reverse();
      }
      queue.push(w);
    }
  }
  throw new Error('a strongly connected component is not connected');
}

function labelOf<S>(spec: Spec<S>, g: Graph, from: number, to: number, _state: S): string {
  for (let e = g.offsets[from]!; e < g.offsets[from + 1]!; e++)
    if (g.targets[e] === to) return actionLabel(spec.actions[g.labels[e]!]!);
  throw new Error(`no step from state ${from} to state ${to}`);
}
