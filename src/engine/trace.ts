import type { Trace, TraceStep } from './result.js';
import { actionLabel, type Spec, type Symmetry } from './spec.js';
import type { StateStore } from './state-store.js';

/**
 * The shortest path from an initial state to stored state `id`, following parent numbers
 * back and recovering each step's action by re-running the actions of the state before it.
 * Called once per violation, so it trades time for not storing an action per state.
 *
 * Under symmetry the store holds orbit representatives, and the path is replayed as a
 * concrete behaviour: from each concrete state, the step whose successor's representative
 * is the next one stored. Its states are permutations of the stored ones, and it replays.
 */
export function traceTo<S>(spec: Spec<S>, store: StateStore, id: number, symmetry?: Symmetry): Trace<S> {
  const ids: number[] = [];
  for (let at = id; at >= 0; at = store.parent(at)) ids.push(at);
  ids.reverse();
  const W = store.words;
  const key = new Uint32Array(W);
  /** Whether `s` is, up to the symmetry, stored state `to`. */
  const is = (s: S, to: number): boolean => {
    spec.encoding.encode(s, key, 0);
    symmetry?.canonicalize(key, 0);
    for (let i = 0; i < W; i++) if (key[i] !== store.encodings[to * W + i]) return false;
    return true;
  };
  const first = symmetry === undefined ? spec.encoding.decode(store.encodings, ids[0]! * W) : spec.initial.find((s) => is(s, ids[0]!));
  if (first === undefined) throw new Error(`no initial state is stored state ${ids[0]}`);
  const steps: TraceStep<S>[] = [{ action: undefined, state: first }];
  let previous: S = first;
  for (const at of ids.slice(1)) {
    const step = spec.actions
      .map((action) => ({ action, next: action.next(previous) }))
      .find((x): x is { action: (typeof spec.actions)[number]; next: S } => x.next !== undefined && is(x.next, at));
    if (step === undefined) throw new Error(`no action leads from state ${store.parent(at)} to state ${at}`);
    steps.push({ action: actionLabel(step.action), state: step.next });
    previous = step.next;
  }
  return { steps };
}
