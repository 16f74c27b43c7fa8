/**
 * An observation as the checker reads it: the plan store as a bitset and each endpoint's
 * answer classified to a plan, nothing, or torn. Both the runner's observations and the
 * lines `verify` scans are turned into this one form, so the checker never looks at
 * addresses or JSON.
 */
import { EMPTY, classify, type Classified } from './addresses.js';
import type { Observation } from './protocol/index.js';

/** The largest generation a plan-store bitset holds; a larger one is noted in `outside`. */
export const MAX_BITSET_GENERATION = 30;

export interface Seen {
  /** Generations 1..30 in the plan store (bit g for generation g). */
  plans: number;
  /** A generation above 30 in the plan store (no spec has one), 0 when none. */
  outside: number;
  /** Endpoint index → what its record resolves to. */
  readonly records: Classified[];
}

/** A reusable Seen for `endpoints` records. */
export function emptySeen(endpoints: number): Seen {
  return { plans: 0, outside: 0, records: Array.from({ length: endpoints }, () => EMPTY) };
}

/** Fills `into` from an observation (endpoints by name, in the constants' order). */
export function seeObservation(o: Observation, endpoints: readonly string[], into: Seen): Seen {
  let plans = 0;
  let outside = 0;
  for (const g of o.plans) {
    if (g >= 1 && g <= MAX_BITSET_GENERATION) plans |= 1 << g;
    else outside = g;
  }
  into.plans = plans;
  into.outside = outside;
  for (let p = 0; p < endpoints.length; p++) into.records[p] = classify(p, o.records[endpoints[p]!]);
  return into;
}

/** The plan store as text, e.g. `{3, 4}`. */
export function plansText(plans: number, outside = 0): string {
  const gs: number[] = [];
  for (let g = 1; g <= MAX_BITSET_GENERATION; g++) if ((plans & (1 << g)) !== 0) gs.push(g);
  if (outside !== 0) gs.push(outside);
  return `{${gs.join(', ')}}`;
}

/** One record's answer as text: `plan 4`, `nothing`, or `torn (…)`. */
export function answerText(c: Classified): string {
  return c.kind === 'plan' ? `plan ${c.generation}` : c.kind === 'empty' ? 'nothing' : `torn (${c.detail})`;
}

/** A whole observation as text: `plans {3, 4}; regional: plan 4, fips: nothing`. */
export function seenText(s: Seen, endpoints: readonly string[]): string {
  return `plans ${plansText(s.plans, s.outside)}; ${endpoints.map((p, i) => `${p}: ${answerText(s.records[i] ?? EMPTY)}`).join(', ')}`;
}
