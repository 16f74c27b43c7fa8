import { enactorName, endpointName, type Constants } from './constants.js';
import { Pc, active, has, members, type State } from './state.js';

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
 *  counterexample.
 *  Postmortem: after the record went empty, the automation could not repair it; Pick needs
 *  the applied plan and it was gone, so the system was stuck short of the goal. */
export function makeConvergesGoal(c: Constants): (s: State) => boolean {
  return (s) => {
    for (const g of s.applied) if (g !== c.maxPlan) return false;
    return true;
  };
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
