/**
 * What the schemas cannot say about a reply, because it depends on the run: an event must be
 * about the enactor the harness commanded, and an observation must name exactly the
 * endpoints of the run. Either failure is a broken protocol (exit 2), never a violation: an
 * absent answer is not an empty one, and a step reported for another enactor says nothing
 * about the one commanded.
 */
import { AdapterError, type Event } from '../adapter.js';
import { observationProblem } from '../observation-endpoints.js';
import type { Command, Observation } from '../protocol/index.js';

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
  const problem = observationProblem(observation, endpoints);
  if (problem === undefined) return;
  const expected = problem.startsWith('the observation has no record') ? 'a record (possibly []) for every endpoint of the run' : `records for exactly the run's endpoints: ${endpoints.join(', ')}`;
  throw new AdapterError(`observe: ${problem}`, { lifecycle: 'observe', happened: 'no', expected });
}
