/**
 * What the schemas cannot say about a reply, because it depends on the run: an event must be
 * about the enactor the harness commanded, and an observation must name exactly the
 * endpoints of the run. Either failure is a broken protocol (exit 2), never a violation: an
 * absent answer is not an empty one, and a step reported for another enactor says nothing
 * about the one commanded.
 */
import { AdapterError, type Event } from '../adapter.js';
import type { Command, Observation } from '../protocol/index.js';

/** How many unknown endpoint names a sentence lists before it says how many there are. */
const NAMES_SHOWN = 3;

/** Throws unless `event`, the answer to `command`, is about the enactor commanded. */
export function checkEventFor(command: Command, event: Event): void {
  if (command.kind !== 'step' && command.kind !== 'crash') return;
  if (!('enactor' in event) || event.enactor === command.enactor) return;
  const lifecycle = `${command.kind}(${command.enactor})`;
  throw new AdapterError(`${lifecycle}: the event is about enactor ${event.enactor}, but enactor ${command.enactor} was commanded`, {
    lifecycle,
    happened: 'unknown',
    sent: { enactor: command.enactor },
    expected: `an event of enactor ${command.enactor}`,
    received: event,
  });
}

/** Throws unless `observation` has a record for every endpoint of the run and for no other. */
export function checkObservation(observation: Observation, endpoints: readonly string[]): void {
  const records = observation.records;
  const missing = endpoints.find((p) => !Object.hasOwn(records, p));
  if (missing !== undefined) {
    throw observeError(`the observation has no record for ${missing}`, 'a record (possibly []) for every endpoint of the run');
  }
  const names = Object.keys(records);
  if (names.length === endpoints.length) return;
  const known = new Set(endpoints);
  const unknown = names.filter((p) => !known.has(p));
  const shown = unknown.slice(0, NAMES_SHOWN).join(', ') + (unknown.length > NAMES_SHOWN ? ', …' : '');
  throw observeError(
    `the observation names ${unknown.length} endpoint${unknown.length === 1 ? '' : 's'} the run never created (${shown})`,
    `records for exactly the run's endpoints: ${endpoints.join(', ')}`,
  );
}

function observeError(message: string, expected: string): AdapterError {
  return new AdapterError(`observe: ${message}`, { lifecycle: 'observe', happened: 'no', expected });
}
