/**
 * An observation names exactly the endpoints of its run. An absent record is not an empty
 * one (the implementation did not say), and names the run never created are refused rather
 * than carried through every check; the runner and `verify` ask the same question here.
 */
import type { Observation } from './protocol/index.js';

/** How many unknown endpoint names a sentence lists before it says how many there are. */
const NAMES_SHOWN = 3;

/** Why `observation` does not name exactly `endpoints`, or undefined when it does. */
export function observationProblem(observation: Observation, endpoints: readonly string[]): string | undefined {
  const records = observation.records;
  const missing = endpoints.find((p) => !Object.hasOwn(records, p));
  if (missing !== undefined) return `the observation has no record for ${missing}`;
  const names = Object.keys(records);
  if (names.length === endpoints.length) return undefined;
  const known = new Set(endpoints);
  const unknown = names.filter((p) => !known.has(p));
  const shown = unknown.slice(0, NAMES_SHOWN).join(', ') + (unknown.length > NAMES_SHOWN ? ', …' : '');
  return `the observation names ${unknown.length} endpoint${unknown.length === 1 ? '' : 's'} the run never created (${shown})`;
}
