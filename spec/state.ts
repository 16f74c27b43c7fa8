import type { Constants } from './constants.js';

/** What an enactor is doing: waiting for a newer plan, writing one, or cleaning up after it. */
export const Pc = { idle: 0, apply: 1, clean: 2 } as const;
export type Pc = (typeof Pc)[keyof typeof Pc];
export const PC_NAMES = ['idle', 'apply', 'clean'] as const;

/**
 * One state of the DNS plan system. Sets are bitsets: generation `g` is in `plans` when bit
 * `g` is set (bit 0 is never used), endpoint `p` is in `pending[e]` when bit `p` is set.
 * States are immutable; an action copies only the arrays it changes.
 */
export interface State {
  /** Newest plan generation the Planner has produced. */
  readonly latest: number;
  /** Generations still in the plan store (bitset). */
  readonly plans: number;
  /** endpoint → generation its DNS record points to. */
  readonly applied: readonly number[];
  /** enactor → what it is doing. */
  readonly pc: readonly Pc[];
  /** enactor → generation it is enacting, 0 when idle. */
  readonly held: readonly number[];
  /** enactor → endpoints it still has to write (bitset). */
  readonly pending: readonly number[];
}

/** A state from its six variables (one object shape for all states, which keeps V8 fast). */
export function state(
  latest: number,
  plans: number,
  applied: readonly number[],
  pc: readonly Pc[],
  held: readonly number[],
  pending: readonly number[],
): State {
  return { latest, plans, applied, pc, held, pending };
}

/** The set {g} as a bitset. */
export function bit(g: number): number {
  return 1 << g;
}

export function has(set: number, g: number): boolean {
  return (set & (1 << g)) !== 0;
}

/** The bitset of generations 1..g (empty when g < 1). */
export function upTo(g: number): number {
  return g < 1 ? 0 : ((1 << (g + 1)) - 1) & ~1;
}

/** The members of a bitset, ascending. */
export function members(set: number): number[] {
  const out: number[] = [];
  for (let g = 0; set >>> g !== 0; g++) if (has(set, g)) out.push(g);
  return out;
}

/** Initially plan 1 exists, every record points to it, and every enactor is idle. */
export function initialState(c: Constants): State {
  return state(
    1,
    bit(1),
    Array.from({ length: c.endpoints }, () => 1),
    Array.from({ length: c.enactors }, () => Pc.idle),
    Array.from({ length: c.enactors }, () => 0),
    Array.from({ length: c.enactors }, () => 0),
  );
}

/**
 * `Active`: the plans in use, those some record points to and those a busy enactor holds.
 * Deleting one of these is what emptied the record in the incident.
 */
export function active(s: State): number {
  let set = 0;
  for (const g of s.applied) set |= bit(g);
  for (let e = 0; e < s.pc.length; e++) if (s.pc[e] !== Pc.idle) set |= bit(s.held[e]!);
  return set;
}

/** The bitset of all endpoints. */
export function allEndpoints(c: Constants): number {
  return (1 << c.endpoints) - 1;
}
