import { enactorName, endpointName, type Constants } from './constants.js';
import { Pc, active, has, members, upTo, type State } from './state.js';

/**
 * The properties of the model. Invariants are judged on every reachable state, the action
 * property on every step, and `Converges` on every fair behaviour.
 */

/** RecordNeverEmpty: every DNS record points to a plan that still exists.
 *  Postmortem: this is the outage itself; dynamodb.us-east-1.amazonaws.com resolved to
 *  nothing because its record pointed to a deleted plan. */
export function RecordNeverEmpty(s: State): boolean {
  for (const g of s.applied) if (!has(s.plans, g)) return false;
  return true;
}

/** NoActivePlanDeleted: no plan that a record points to or a busy enactor holds is deleted.
 *  Postmortem: the leading indicator; it broke when the clean-up deleted the plan the
 *  delayed enactor was still holding, before any record went empty. */
export function NoActivePlanDeleted(s: State): boolean {
  return (active(s) & ~s.plans) === 0;
}

/** NoStaleOverwrite: no step moves a record back to an older plan.
 *  Postmortem: the delayed enactor's write of its old plan over the newer one. */
export function NoStaleOverwrite(s: State, next: State): boolean {
  if (next.applied === s.applied) return true;
  for (let p = 0; p < s.applied.length; p++) if (next.applied[p]! < s.applied[p]!) return false;
  return true;
}

/** The goal of `Converges`: every record points to the last plan the Planner produces.
 *  `Converges` says that, with weak fairness on Plan, Pick, Write and Clean, every
 *  behaviour in which enactors crash only finitely often eventually reaches this goal and
 *  stays there (`<>[]~Crash => Converges`): a cycle of endless crashes is not a
 *  counterexample. Where writes compare generations, every step but a crash raises
 *  `makeProgress`'s measure, so the checker need not search for fair cycles at all.
 *  Postmortem: after the record went empty, the automation could not repair it; Pick needs
 *  the applied plan and it was gone, so the system was stuck short of the goal. */
export function makeConvergesGoal(c: Constants): (s: State) => boolean {
  return (s) => {
    for (const g of s.applied) if (g !== c.maxPlan) return false;
    return true;
  };
}

/**
 * Progress, the measure that proves `Converges` has no fair cycle to look for when writes
 * compare generations: a number that every step but a crash raises. Then no behaviour without
 * crashes can come back to a state it left, every such behaviour ends where no step is
 * enabled, and `Converges` holds exactly when every such end reaches the goal. The checker
 * trusts none of this: it compares the measure across every step it explores, and searches
 * for fair cycles as usual as soon as one step fails to raise it (every blind write that
 * moves a record back does).
 *
 * It is compared lexicographically, most significant first:
 * 1. `latest`: only Plan changes it, upwards.
 * 2. The sum of `applied`: a write that compares generations never lowers a record.
 * 3. The plans deleted so far (generations 1..MaxPlan missing from `plans`, as a bitset):
 *    Clean and Collect only delete; Collect deletes at least one plan.
 * 4. How far each enactor is through its round, summed. When those three stay put, an
 *    enactor goes from writing (one more for each endpoint written) to cleaning, to idle,
 *    then, by Pick, to writing the newest plan. That last round ranks above the others only
 *    while some record is behind `latest` ("behind"): a Pick needs one, and an enactor
 *    that writes `latest` everywhere leaves none behind, so that round cannot reach
 *    cleaning before something more significant rises.
 */
export function makeProgress(c: Constants): (s: State) => number {
  const P = c.endpoints;
  const full = upTo(c.maxPlan);
  const value = progressValue(c);
  return (s) => {
    let sum = 0;
    let behind = false;
    for (const g of s.applied) {
      sum += g;
      if (g < s.latest) behind = true;
    }
    let round = 0;
    for (let e = 0; e < s.pc.length; e++) round += roundRank(P, behind, s.latest, s.pc[e]!, s.held[e]!, s.pending[e]!);
    return value(s.latest, sum, (full & ~s.plans) >>> 1, round);
  };
}

/**
 * `makeProgress`'s four parts as one number, most significant first: `latest`, the sum of
 * `applied`, the plans deleted (generation g at bit g - 1) and the summed round ranks. Each
 * part stays below its weight, so the number compares as the parts do, and it stays below
 * 2^53, so it is exact.
 */
export function progressValue(c: Constants): (latest: number, sum: number, deleted: number, round: number) => number {
  const { sums, deletions, rounds } = progressWeights(c);
  return (latest, sum, deleted, round) => ((latest * sums + sum) * deletions + deleted) * rounds + round;
}

/** How many values each part of `progressValue` takes below its weight: the sums of `applied`, the sets of plans deleted and the summed round ranks. */
export function progressWeights(c: Constants): { readonly sums: number; readonly deletions: number; readonly rounds: number } {
  return { sums: c.endpoints * c.maxPlan + 1, deletions: 2 ** c.maxPlan, rounds: c.enactors * (2 * c.endpoints + 2) + 1 };
}

/** How far an enactor is through its round (see `makeProgress`), at most `2 * endpoints + 2`. */
export function roundRank(endpoints: number, behind: boolean, latest: number, pc: Pc, held: number, pending: number): number {
  if (pc === Pc.idle) return endpoints + 2;
  if (pc === Pc.clean) return endpoints + 1;
  const written = endpoints - bitCount(pending);
  return behind && held === latest ? endpoints + 3 + written : written;
}

/** How many bits of `x` are set. */
export function bitCount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

export const INVARIANT_NAMES = ['RecordNeverEmpty', 'NoActivePlanDeleted'] as const;
export const ACTION_PROPERTY_NAMES = ['NoStaleOverwrite'] as const;
export const LIVENESS_NAMES = ['Converges'] as const;
export const PROPERTY_NAMES = [...INVARIANT_NAMES, ...ACTION_PROPERTY_NAMES, ...LIVENESS_NAMES] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

const planSet = (set: number): string => `{${members(set).join(', ')}}`;

/** Which record is empty, and why. */
export function explainRecordNeverEmpty(s: State): string {
  const p = s.applied.findIndex((g) => !has(s.plans, g));
  return `the record of ${endpointName(p)} points to plan ${s.applied[p]}, which is not in plans ${planSet(s.plans)}: it resolves to nothing`;
}

/** Which plan in use is gone, and who was using it. */
export function explainNoActivePlanDeleted(s: State): string {
  const users: string[] = [];
  s.applied.forEach((g, p) => !has(s.plans, g) && users.push(`the record of ${endpointName(p)} points to plan ${g}`));
  s.pc.forEach((pc, e) => pc !== Pc.idle && !has(s.plans, s.held[e]!) && users.push(`enactor ${enactorName(e)} holds plan ${s.held[e]}`));
  return `${users.join(' and ')}, but plans is ${planSet(s.plans)}`;
}

/** Which record went back, from what to what. */
export function explainNoStaleOverwrite(s: State, next: State): string {
  const p = s.applied.findIndex((g, i) => next.applied[i]! < g);
  return `the record of ${endpointName(p)} went back from plan ${s.applied[p]} to plan ${next.applied[p]}`;
}
