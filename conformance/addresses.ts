/**
 * The addresses the harness gives every plan: endpoint number i under plan g resolves to
 * 10.i.g.1 and 10.i.g.2, so an observed answer maps back to exactly one plan, to none (an
 * empty record), or to a mix (a torn record).
 */
import type { Plan } from './protocol/index.js';

export const ADDRESSES_PER_RECORD = 2;

/** The address set of endpoint number `endpointIndex` under plan `generation`. */
export function addressesOf(endpointIndex: number, generation: number): string[] {
  return Array.from({ length: ADDRESSES_PER_RECORD }, (_, k) => `10.${endpointIndex}.${generation}.${k + 1}`);
}

/**
 * Abstract plan `generation` of a run whose generations start at `first`, with its own
 * address set for every endpoint: it carries generation `generation + first − 1`, but its
 * addresses name the abstract plan, so they stay valid IPv4 and unique within the run for any
 * generation the protocol carries.
 */
export function planFor(generation: number, endpoints: readonly string[], first = 1): Plan {
  return { generation: generation + first - 1, records: Object.fromEntries(endpoints.map((p, i) => [p, addressesOf(i, generation)])) };
}

/** What one observed DNS answer is: one plan's whole record, nothing, or a mix (torn). */
export type Classified =
  | { readonly kind: 'plan'; readonly generation: number }
  | { readonly kind: 'empty' }
  | { readonly kind: 'torn'; readonly detail: string };

/** The empty answer (NXDOMAIN or no addresses), shared. */
export const EMPTY: Classified = { kind: 'empty' };
const PLAN_CACHE: Classified[] = [];

/** The answer "plan g's whole record", shared for small generations. */
export function wholePlan(generation: number): Classified {
  if (generation >= 1024) return { kind: 'plan', generation };
  return (PLAN_CACHE[generation] ??= { kind: 'plan', generation });
}

/**
 * One harness address `10.i.g.k` as the number `(i * 256 + g) * 4 + k`, or -1 when it is
 * not one (another network, parts out of range, leading zeros, anything else). Parsed by
 * hand: verifying a history classifies millions of addresses.
 */
export function addressCode(a: string): number {
  return addressCodeAt(a, 0, a.length);
}

/** `addressCode` of the text `s[start, end)`, read in place. */
export function addressCodeAt(s: string, start: number, end: number): number {
  if (end - start < 8 || end - start > 15) return -1;
  let code = 0;
  let at = start;
  for (let part = 0; part < 4; part++) {
    const from = at;
    let v = 0;
    while (at < end) {
      const c = s.charCodeAt(at);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      at++;
    }
    const len = at - from;
    if (len === 0 || len > 3 || (len > 1 && s.charCodeAt(from) === 48)) return -1;
    if (part < 3 && s.charCodeAt(at++) !== 46) return -1;
    code = foldOctet(part, v, code);
    if (code < 0) return -1;
  }
  return at === end ? code : -1;
}

/**
 * Folds octet `part` (0..3) of a harness address, value `v`, into the address code so far:
 * the first octet must be 10, the second is the endpoint, the third the plan generation
 * (at least 1), the fourth the address's number within the record. -1 when it cannot be one.
 */
export function foldOctet(part: number, v: number, code: number): number {
  if (part === 0) return v === 10 ? code : -1;
  if (part === 3) return v >= 1 && v <= ADDRESSES_PER_RECORD ? code * 4 + v : -1;
  return v <= 255 && (part !== 2 || v >= 1) ? code * 256 + v : -1;
}

/** What an observed answer for endpoint `i` is: one plan's whole record, nothing, or torn. */
export function classify(i: number, answer: readonly string[] | undefined): Classified {
  if (answer === undefined || answer.length === 0) return EMPTY;
  let generation = -1;
  let mask = 0;
  for (let x = 0; x < answer.length; x++) {
    const address = answer[x]!;
    const code = addressCode(address);
    if (code < 0 || code >>> 10 !== i) return { kind: 'torn', detail: `${address} belongs to no plan of this endpoint` };
    const g = (code >>> 2) & 255;
    if (generation !== -1 && g !== generation) return { kind: 'torn', detail: `addresses of plans ${generation} and ${g} mixed` };
    generation = g;
    mask |= 1 << (code & 3);
  }
  if (mask !== (1 << (ADDRESSES_PER_RECORD + 1)) - 2 || answer.length !== ADDRESSES_PER_RECORD) {
    return { kind: 'torn', detail: `only part of plan ${generation}'s record (${answer.join(', ')})` };
  }
  return wholePlan(generation);
}
