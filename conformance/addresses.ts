/**
 * The addresses the harness gives every plan: endpoint number i under plan g resolves to
 * 10.i.g.1 and 10.i.g.2, so an observed answer maps back to exactly one plan, to none (an
 * empty record), or to a mix (a torn record).
 */
import type { Plan } from './protocol/index.js';

export const ADDRESSES_PER_RECORD = 2;

export function addressesOf(endpointIndex: number, generation: number): string[] {
  return Array.from({ length: ADDRESSES_PER_RECORD }, (_, k) => `10.${endpointIndex}.${generation}.${k + 1}`);
}

/** Plan `generation` with its own address set for every endpoint. */
export function planFor(generation: number, endpoints: readonly string[]): Plan {
  return { generation, records: Object.fromEntries(endpoints.map((p, i) => [p, addressesOf(i, generation)])) };
}

export type Classified =
  | { readonly kind: 'plan'; readonly generation: number }
  | { readonly kind: 'empty' }
  | { readonly kind: 'torn'; readonly detail: string };

const EMPTY: Classified = { kind: 'empty' };
const PLAN_CACHE: Classified[] = [];

/** What an observed answer for endpoint `i` is: one plan's whole record, nothing, or torn. */
export function classify(i: number, answer: readonly string[] | undefined): Classified {
  if (answer === undefined || answer.length === 0) return EMPTY;
  let generation = -1;
  let mask = 0;
  for (const address of answer) {
    const parts = address.split('.');
    const g = Number(parts[2]);
    const k = Number(parts[3]);
    if (parts.length !== 4 || parts[0] !== '10' || Number(parts[1]) !== i || !(g >= 1) || !(k >= 1 && k <= ADDRESSES_PER_RECORD)) {
      return { kind: 'torn', detail: `${address} belongs to no plan of this endpoint` };
    }
    if (generation !== -1 && g !== generation) return { kind: 'torn', detail: `addresses of plans ${generation} and ${g} mixed` };
    generation = g;
    mask |= 1 << k;
  }
  if (mask !== (1 << (ADDRESSES_PER_RECORD + 1)) - 2 || answer.length !== ADDRESSES_PER_RECORD) {
    return { kind: 'torn', detail: `only part of plan ${generation}'s record (${answer.join(', ')})` };
  }
  return (PLAN_CACHE[generation] ??= { kind: 'plan', generation });
}
