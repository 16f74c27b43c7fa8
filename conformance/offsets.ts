/**
 * Generation offsets: a run may start its plan generations at any `first` (the reset names
 * it), so plans are first, first + 1, ... Nothing in the spec depends on which numbers they
 * are; the harness maps each observed generation g to the abstract g − first + 1 before any
 * check, so every verdict is independent of the offset. The default offsets cross the digit
 * and word boundaries an enactor may mishandle ("10" < "9" as text, 2^31, 2^53).
 */
import type { Event } from './adapter.js';
import type { Observation } from './protocol/index.js';

/** The largest generation the protocol carries (Number.MAX_SAFE_INTEGER). */
export const MAX_GENERATION = 2 ** 53 - 1;

/** The offsets generated runs are spread over, in turn. */
export const DEFAULT_OFFSETS: readonly number[] = [1, 9, 99, 2 ** 31 - 2, 2 ** 53 - 8];

/** The first generation of generated run number `run` (counted from 1): deterministic, so a seed's replay line replays. */
export function offsetOfRun(run: number): number {
  return DEFAULT_OFFSETS[(run - 1) % DEFAULT_OFFSETS.length]!;
}

/** The abstract generation of observed generation `g` in a run whose plans start at `first`. */
export function abstractGeneration(g: number, first: number): number {
  return g - first + 1;
}

/** The observed generation of abstract generation `a`. */
export function concreteGeneration(a: number, first: number): number {
  return a + first - 1;
}

/** The event with its generations abstract. A switch, not a match: it runs for every step. */
export function abstractEvent(event: Event, first: number): Event {
  if (first === 1) return event;
  switch (event.kind) {
    case 'plan':
    case 'pick':
    case 'write':
      return { ...event, generation: abstractGeneration(event.generation, first) };
    case 'clean':
    case 'collect':
      return { ...event, deleted: event.deleted.map((g) => abstractGeneration(g, first)) };
    default:
      return event;
  }
}

/** The observation with the plan store's generations abstract (record addresses already name abstract plans). */
export function abstractObservation(o: Observation, first: number): Observation {
  return first === 1 ? o : { ...o, plans: o.plans.map((g) => abstractGeneration(g, first)) };
}
