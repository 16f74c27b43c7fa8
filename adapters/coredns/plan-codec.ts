/**
 * A plan as it is stored in etcd: the JSON of `{generation, records}`, checked on the way in and
 * on the way out so a damaged value is reported instead of enacted.
 */
import { isIPv4 } from 'node:net';
import type { StoredPlan } from '../reference/stores.js';
import { labelProblem, padGeneration } from './layout.js';

/** The value stored under a plan's key. */
export function encodePlan(plan: StoredPlan): string {
  checkPlan(plan, `plan ${plan.generation}`);
  return JSON.stringify({ generation: plan.generation, records: plan.records });
}

/** The plan stored under `key`; throws naming the key when the value is not a plan. */
export function decodePlan(key: string, value: string): StoredPlan {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error(`${key} does not hold a plan: not JSON`);
  }
  const plan = parsed as StoredPlan;
  checkPlan(plan, key);
  return { generation: plan.generation, records: plan.records };
}

/** Throws a RangeError naming `where` unless `plan` is a well-formed plan. */
export function checkPlan(plan: StoredPlan, where: string): void {
  if (typeof plan !== 'object' || plan === null) throw new RangeError(`${where}: not an object`);
  padGeneration(plan.generation);
  if (typeof plan.records !== 'object' || plan.records === null) throw new RangeError(`${where}: no records`);
  for (const [endpoint, addresses] of Object.entries(plan.records)) {
    const problem = labelProblem(endpoint);
    if (problem !== undefined) throw new RangeError(`${where}: endpoint ${JSON.stringify(endpoint)} ${problem}`);
    if (!Array.isArray(addresses) || addresses.length === 0 || !addresses.every((a) => isIPv4(a))) {
      throw new RangeError(`${where}: the record of ${endpoint} must be a non-empty list of IPv4 addresses`);
    }
  }
}
