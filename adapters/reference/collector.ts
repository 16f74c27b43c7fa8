/**
 * The periodic garbage collector: deletes the plans more than Keep generations older than the
 * newest in the store. Postmortem: with age alone deciding, nothing asked whether DNS still
 * pointed at a plan; under ownership GC it spares every plan a record points to or an
 * enactor holds.
 */
import type { CollectEvent } from '../../conformance/protocol/types.js';
import { doomedPlans } from './doomed.js';
import type { GcMode } from './modes.js';
import type { Backend } from './stores.js';

/** Runs the collector once over the backend and says which plans it deleted ([] when none). */
export async function collect(
  backend: Backend,
  gc: GcMode,
  keep: number,
  endpoints: readonly string[],
): Promise<CollectEvent> {
  const generations = await backend.plans.generations();
  const latest = generations[generations.length - 1];
  const deleted = latest === undefined ? [] : await doomedPlans(backend, gc, latest - keep, endpoints);
  await backend.plans.delete(deleted);
  return { kind: 'collect', deleted };
}
