import type { Constants, State } from '../../../spec/index.js';
import type { Trace } from '../../engine/index.js';
import { stateData } from './state-data.js';

/** A spec trace as JSON data: each step's action and its state as data. */
export function traceData(trace: Trace<unknown>, c: Constants): unknown {
  return {
    length: trace.steps.length - 1,
    steps: trace.steps.map((s, i) => ({ step: i, action: s.action ?? null, state: stateData(s.state as State, c) })),
    ...(trace.forever ? { forever: trace.forever } : {}),
  };
}
