/**
 * Spec coverage of a conformance run: which of the spec's reachable states, and which of its
 * transitions (an action instance taken from a reachable state), the implementation's
 * histories went through. The reachable graph comes from the engine's breadth-first
 * exploration, once per run's constants; a graph larger than the state budget is refused
 * rather than guessed at.
 */
import { actionLabel, explore, type Spec, type StateStore } from '../src/engine/index.js';
import type { State } from '../spec/index.js';

/** The spec's reachable state graph: states numbered breadth-first, their outgoing transitions in arrays. */
export class SpecGraph {
  private readonly key: Uint32Array;

  private constructor(
    readonly spec: Spec<State>,
    readonly store: StateStore,
    /** Transitions of state s are start[s] .. start[s + 1] - 1. */
    readonly start: Int32Array,
    /** Each transition's action instance (an index into spec.actions) and target state. */
    readonly action: Int32Array,
    readonly to: Int32Array,
  ) {
    this.key = new Uint32Array(spec.encoding.words);
  }

  /** Explores the spec; `undefined` when it has more than `maxStates` reachable states. */
  static build(spec: Spec<State>, maxStates: number): SpecGraph | undefined {
    const from: number[] = [];
    const action: number[] = [];
    const to: number[] = [];
    const x = explore(spec, {
      maxStates,
      onEdge: (f, a, t) => {
        from.push(f);
        action.push(a);
        to.push(t);
      },
    });
    if (x.stopped !== undefined) return undefined;
    const V = x.store.count;
    const start = new Int32Array(V + 1);
    for (const f of from) start[f + 1]!++;
    for (let s = 0; s < V; s++) start[s + 1]! += start[s]!;
    // explore reports a state's transitions together, states in order: the arrays are already grouped by source.
    return new SpecGraph(spec, x.store, start, Int32Array.from(action), Int32Array.from(to));
  }

  get states(): number {
    return this.store.count;
  }

  get transitions(): number {
    return this.to.length;
  }

  /** The number of a spec state, -1 when it is not reachable. */
  id(s: State): number {
    this.spec.encoding.encode(s, this.key, 0);
    return this.store.find(this.key);
  }

  /** The transition taken from state `from` by action instance `action`, -1 when there is none. */
  transition(from: number, action: number): number {
    if (from < 0) return -1;
    for (let t = this.start[from]!; t < this.start[from + 1]!; t++) if (this.action[t] === action) return t;
    return -1;
  }

  /** A transition as text, e.g. `Write(b, regional) from latest 3, plans {2, 3}, applied[regional] 2, ...`:
   *  every entry the spec's formatter gives (one per element of a function-valued variable). */
  describe(t: number): string {
    let from = 0;
    while (this.start[from + 1]! <= t) from++;
    const s = this.spec.encoding.decode(this.store.encodings, from * this.spec.encoding.words);
    const vars = this.spec.format(s);
    return `${actionLabel(this.spec.actions[this.action[t]!]!)} from ${Object.entries(vars).map(([name, value]) => `${name} ${value}`).join(', ')}`;
  }
}

export interface CoverageCount {
  readonly covered: number;
  readonly reachable: number;
}

/** A transition the protocol's commands cannot make the implementation take, and why. */
export interface Unsteerable {
  readonly transition: string;
  readonly reason: string;
}

/** States and transitions covered of reachable. */
export interface CoverageCounts {
  readonly states: CoverageCount;
  readonly transitions: CoverageCount;
}

export interface CoverageReport extends CoverageCounts {
  /** Transitions by action name (Plan, Pick, Write, Clean, Collect, Crash). */
  readonly actions: Readonly<Record<string, CoverageCount>>;
  /** Transitions the spec-guided schedules aimed at and the implementation never took, left out of the goal. */
  readonly unsteerable: readonly Unsteerable[];
}

/** Which states and transitions of the graph the run's histories went through. */
export class Coverage {
  readonly visitedStates: Uint8Array;
  readonly takenTransitions: Uint8Array;
  private statesCovered = 0;
  private transitionsCovered = 0;
  /** Bumped whenever something new is covered, so a planner knows its plan may be stale. */
  generation = 0;
  readonly unsteerable = new Map<number, string>();

  constructor(readonly graph: SpecGraph) {
    this.visitedStates = new Uint8Array(graph.states);
    this.takenTransitions = new Uint8Array(graph.transitions);
  }

  /** Explores the spec; `undefined` when it has more than `maxStates` reachable states. */
  static build(spec: Spec<State>, maxStates = 1_000_000): Coverage | undefined {
    const graph = SpecGraph.build(spec, maxStates);
    return graph === undefined ? undefined : new Coverage(graph);
  }

  /** Records a state the run went through (a spec state, reconstructed while it refines); its number or -1. */
  visit(s: State): number {
    const id = this.graph.id(s);
    if (id >= 0 && this.visitedStates[id] === 0) {
      this.visitedStates[id] = 1;
      this.statesCovered++;
      this.generation++;
    }
    return id;
  }

  /** Records the transition taken from `s` by the action instance `spec.actions[action]`; its number or -1. */
  take(s: State, action: number): number {
    const t = action < 0 ? -1 : this.graph.transition(this.graph.id(s), action);
    if (t >= 0 && this.takenTransitions[t] === 0) {
      this.takenTransitions[t] = 1;
      this.transitionsCovered++;
      this.generation++;
    }
    return t;
  }

  /** Whether every reachable transition (or state) is covered, the unsteerable ones aside. */
  complete(goal: 'transitions' | 'states'): boolean {
    return goal === 'states' ? this.statesCovered === this.graph.states : this.transitionsCovered + this.unsteerable.size >= this.graph.transitions;
  }

  /** The two totals, cheaply (for progress after every run). */
  counts(): CoverageCounts {
    return { states: { covered: this.statesCovered, reachable: this.graph.states }, transitions: { covered: this.transitionsCovered, reachable: this.graph.transitions } };
  }

  report(): CoverageReport {
    const { graph } = this;
    const actions: Record<string, { covered: number; reachable: number }> = {};
    for (let t = 0; t < graph.transitions; t++) {
      const name = graph.spec.actions[graph.action[t]!]!.name;
      const c = (actions[name] ??= { covered: 0, reachable: 0 });
      c.reachable++;
      if (this.takenTransitions[t] === 1) c.covered++;
    }
    const unsteerable = [...this.unsteerable].filter(([t]) => this.takenTransitions[t] === 0).map(([t, reason]) => ({ transition: graph.describe(t), reason }));
    return { ...this.counts(), actions, unsteerable };
  }
}
