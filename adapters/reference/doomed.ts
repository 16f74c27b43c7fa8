/**
 * Which plans a clean-up or the collector deletes: those at or below a generation, and under
 * ownership GC only those that no record points to and no busy enactor has claimed.
 */
import type { GcMode } from './modes.js';
import type { Backend } from './stores.js';

/** The generations in the store that are at or below `limit` and, under `owned` GC, not in use; ascending. */
export async function doomedPlans(
  backend: Backend,
  gc: GcMode,
  limit: number,
  endpoints: readonly string[],
): Promise<number[]> {
  const generations = await backend.plans.generations();
  const old = generations.filter((g) => g <= limit);
  if (gc === 'age' || old.length === 0) return old;
  const inUse = new Set((await backend.plans.claims()).values());
  for (const endpoint of endpoints) {
    const g = await backend.dns.recordPlan(endpoint);
    if (g !== undefined) inUse.add(g);
  }
  return old.filter((g) => !inUse.has(g));
}
