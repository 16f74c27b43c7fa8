/**
 * A run as a space-time picture, in data: one lane per actor (the Planner, each enactor, the
 * collector), one mark per step on the lane of whoever took it, and under the lanes what the
 * step left behind: each endpoint's record (the plan it resolves to, empty or torn) and the
 * plan store's live generations. Spec traces and recorded histories are both turned into
 * this one form, which the HTML, Markdown and ITF writers read.
 */

/** What one record resolves to: one plan's addresses, nothing, or a mix of plans (torn). */
export type Band =
  | { readonly kind: 'plan'; readonly plan: number }
  /** Empty: `pointsTo` is the deleted plan the record still names, when known. */
  | { readonly kind: 'empty'; readonly pointsTo?: number }
  | { readonly kind: 'torn'; readonly detail: string };

export interface Mark {
  /** The step number; 0 is the initial state (or the observation right after reset). */
  readonly index: number;
  /** The lane it is drawn on; -1 for the initial state, which belongs to no one. */
  readonly lane: number;
  /** The action with its parameters, e.g. `Write(b, regional)`. */
  readonly action: string;
  /** A few characters for the mark's label in a picture, e.g. `Write regional`. */
  readonly short: string;
  /** What the implementation said it did, when the step comes from a recorded history. */
  readonly event?: string;
  /** Each endpoint's record after the step (the spec's state, or the implementation's claim). */
  readonly records: readonly Band[];
  /** Each endpoint's record as an independent observer saw it served, when one ran. */
  readonly served?: readonly Band[];
  /** The plan store's live generations after the step, ascending. */
  readonly plans: readonly number[];
  /** The full state after the step, variable by variable, as text. */
  readonly state: Readonly<Record<string, string>>;
}

export interface Timeline {
  /** One line naming what the picture shows. */
  readonly title: string;
  readonly lanes: readonly string[];
  readonly endpoints: readonly string[];
  /** The newest generation the run can produce (sizes the plan-store band). */
  readonly maxPlan: number;
  readonly marks: readonly Mark[];
  /** The step that breaks a property, and the sentence that says what is wrong there. */
  readonly violation?: { readonly step: number; readonly property: string; readonly sentence: string };
  /** How a liveness counterexample goes on forever after its last step. */
  readonly forever?: { readonly kind: 'stutter' } | { readonly kind: 'cycle'; readonly loopsTo: number };
  /** Names of the two record channels when both exist (the claim, then what was served). */
  readonly channels?: { readonly records: string; readonly served: string };
  /** Steps after this one are the fair tail the harness adds after the schedule. */
  readonly scheduled?: number;
}

export const PLANNER = 'Planner';
export const COLLECTOR = 'collector';

/** The lanes for these enactors: the Planner, each enactor, the collector. */
export function lanesFor(enactors: readonly string[]): string[] {
  return [PLANNER, ...enactors.map((e) => `enactor ${e}`), COLLECTOR];
}

/**
 * The lane of an action from its name and first parameter: Plan is the Planner's, Collect
 * the collector's, every other action the named enactor's.
 */
export function laneOf(name: string, enactor: string | undefined, enactors: readonly string[]): number {
  const n = name.toLowerCase();
  if (n === 'plan') return 0;
  if (n === 'collect') return enactors.length + 1;
  const e = enactor === undefined ? -1 : enactors.indexOf(enactor);
  return e < 0 ? -1 : e + 1;
}

/** An action label `Write(b, regional)` split into its name and parameters. */
export function splitLabel(label: string): { name: string; args: string[] } {
  const m = /^([^(]+)(?:\((.*)\))?$/.exec(label);
  if (m === null) return { name: label, args: [] };
  return { name: m[1]!, args: m[2] === undefined || m[2] === '' ? [] : m[2].split(',').map((a) => a.trim()) };
}

/** A band as short text: `plan 2`, `EMPTY`, `TORN`. */
export function bandText(b: Band): string {
  return b.kind === 'plan' ? `plan ${b.plan}` : b.kind === 'empty' ? 'EMPTY' : 'TORN';
}

/** A band as a sentence part, with what an empty record still names and what a torn one mixes. */
export function bandLong(b: Band): string {
  if (b.kind === 'plan') return `plan ${b.plan}`;
  if (b.kind === 'empty') return b.pointsTo === undefined ? 'nothing (empty)' : `nothing (empty: it names plan ${b.pointsTo}, which is deleted)`;
  return `torn: ${b.detail}`;
}
