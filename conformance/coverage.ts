/**
 * Spec coverage of a conformance run: which of the spec's reachable states, and which of its
 * transitions (a state with an action enabled there), the implementation's histories
 * visited. The reachable set comes from the model checker's own store, explored once for the
 * run's constants; beyond `maxStates` coverage is not reported rather than guessed.
 */
import { StateStore, type Spec } from '../src/engine/index.js';
import type { State } from '../spec/index.js';

export interface CoverageReport {
  readonly states: number;
  readonly statesReachable: number;
  readonly transitions: number;
  readonly transitionsReachable: number;
}

export class Coverage {
  private readonly visitedStates = new Set<number>();
  private readonly visitedEdges = new Set<number>();
  private readonly key: Uint32Array;

  private constructor(
    private readonly spec: Spec<State>,
    private readonly store: StateStore,
    private readonly edges: number,
  ) {
    this.key = new Uint32Array(spec.encoding.words);
  }

  /** Explores the spec; `undefined` when it has more than `maxStates` states. */
  static build(spec: Spec<State>, maxStates = 1_000_000): Coverage | undefined {
    const W = spec.encoding.words;
    const store = new StateStore(W);
    const key = new Uint32Array(W);
    let edges = 0;
    for (const s of spec.initial) {
      spec.encoding.encode(s, key, 0);
      store.intern(key, -1);
    }
    for (let id = 0; id < store.count; id++) {
      const s = spec.encoding.decode(store.encodings, id * W);
      for (const a of spec.actions) {
        const n = a.next(s);
        if (n === undefined) continue;
        edges++;
        spec.encoding.encode(n, key, 0);
        store.intern(key, id);
        if (store.count > maxStates) return undefined;
      }
    }
    return new Coverage(spec, store, edges);
  }

  private id(s: State): number {
    this.spec.encoding.encode(s, this.key, 0);
    return this.store.find(this.key);
  }

  /** Records a state the run went through (a spec state, reconstructed while it refines). */
  visit(s: State): void {
    const id = this.id(s);
    if (id >= 0) this.visitedStates.add(id);
  }

  /** Records the transition taken from `s` by the action instance `spec.actions[action]`. */
  take(s: State, action: number): void {
    const id = this.id(s);
    if (id >= 0 && action >= 0) this.visitedEdges.add(id * this.spec.actions.length + action);
  }

  report(): CoverageReport {
    return { states: this.visitedStates.size, statesReachable: this.store.count, transitions: this.visitedEdges.size, transitionsReachable: this.edges };
  }
}
