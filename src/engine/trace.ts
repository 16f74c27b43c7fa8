import type { Trace, TraceStep } from './result.js';
import { actionLabel, type Spec } from './spec.js';
import type { StateStore } from './state-store.js';

/**
 * The shortest path from an initial state to stored state `id`, following parent numbers
 * back and recovering each step's action by re-running the actions of the state before it.
 * Called once per violation, so it trades time for not storing an action per state.
 */
export function traceTo<S>(spec: Spec<S>, store: StateStore, id: number): Trace<S> {
  const ids: number[] = [];
  for (let at = id; at >= 0; at = store.parent(at)) ids.push(at);
  ids.reverse();
  const W = store.words;
  const steps: TraceStep<S>[] = [];
  const key = new Uint32Array(W);
  let previous: S | undefined;
  for (const at of ids) {
    const state = spec.encoding.decode(store.encodings, at * W);
    steps.push({ action: previous === undefined ? undefined : actionBetween(spec, previous, store, at, key), state });
    previous = state;
  }
  return { steps };
}

function actionBetween<S>(spec: Spec<S>, from: S, store: StateStore, to: number, key: Uint32Array): string {
  const W = store.words;
  const target = store.encodings.subarray(to * W, to * W + W);
  for (const action of spec.actions) {
    const next = action.next(from);
    if (next === undefined) continue;
    spec.encoding.encode(next, key, 0);
    if (key.every((w, i) => w === target[i])) return actionLabel(action);
  }
  throw new Error(`no action leads from state ${store.parent(to)} to state ${to}`);
}
