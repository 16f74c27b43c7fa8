/** Hand-driven runs of the reference adapter: the protocol's plans and constants for small tests. */
import { ReferenceAdapter } from '../../adapters/reference/adapter.js';
import type { MakeBackend } from '../../adapters/reference/adapter.js';
import type { Plan, ProtocolConstants } from '../../conformance/protocol/types.js';

/** The harness's plan g: address k of endpoint index i is `10.i.g.k`. */
export function planOf(generation: number, endpoints: readonly string[]): Plan {
  const records: Record<string, string[]> = {};
  endpoints.forEach((endpoint, i) => {
    records[endpoint] = [`10.${i}.${generation}.1`, `10.${i}.${generation}.2`];
  });
  return { generation, records };
}

/** The addresses plan g gives endpoint index i. */
export function addresses(generation: number, i = 0): string[] {
  return [`10.${i}.${generation}.1`, `10.${i}.${generation}.2`];
}

/** The model's default constants, with overrides. */
export function constantsOf(overrides: Partial<ProtocolConstants> = {}): ProtocolConstants {
  return { enactors: ['a', 'b', 'c'], endpoints: ['regional'], maxPlan: 4, keep: 2, collector: true, crashes: false, ...overrides };
}

/** A reference adapter, reset, with `next()` publishing the next plan. */
export async function started(variant: string, overrides: Partial<ProtocolConstants> = {}, backend?: MakeBackend) {
  const adapter = new ReferenceAdapter(backend === undefined ? { variant } : { variant, backend });
  const constants = constantsOf(overrides);
  await adapter.reset({ protocol: 'dnsplan/1', constants, plan: planOf(1, constants.endpoints) });
  let latest = 1;
  const next = () => adapter.plan(planOf(++latest, constants.endpoints));
  return { adapter, constants, next };
}
