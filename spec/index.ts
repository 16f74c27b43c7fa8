/**
 * The DNS plan protocol as an executable specification: a Planner writes numbered plans,
 * redundant Enactors apply them to DNS records, and old plans are garbage-collected.
 *
 * What the model abstracts away: the addresses inside a plan (a record either resolves to
 * its plan or is empty), time and delays (any interleaving of atomic steps is possible, so a
 * slow enactor is just one that is not scheduled), and the network between the parts.
 */
import { ACTION_NAMES, FAIR_ACTIONS, FINITELY_OFTEN, makeActions, type ActionName } from './actions.js';
import {
  enactorName,
  endpointName,
  variantOf,
  type Constants,
} from './constants.js';
import { makeEncoding } from './encoding.js';
import { formatState, VARIABLE_NAMES } from './format.js';
import { makePacked } from './packed.js';
import {
  NoActivePlanDeleted,
  NoStaleOverwrite,
  RecordNeverEmpty,
  explainNoActivePlanDeleted,
  explainNoStaleOverwrite,
  explainRecordNeverEmpty,
  makeConvergesGoal,
  makeProgress,
} from './properties.js';
import { initialState, type State } from './state.js';

export * from './constants.js';
export * from './state.js';
export * from './actions.js';
export * from './properties.js';
export * from './encoding.js';
export * from './format.js';
export * from './packed.js';

/** One action instance: an action with its parameters bound, e.g. `Write(b, regional)`. */
export interface DnsPlanAction {
  readonly name: ActionName;
  /** Parameter identities: enactor, then endpoint, as small integers. */
  readonly params: readonly number[];
  /** Readable parameters, as they appear in traces. */
  readonly args: readonly string[];
  /** Whether `Converges` assumes weak fairness for this instance (`FAIR_ACTIONS`). */
  readonly fair: boolean;
  readonly next: (s: State) => State | undefined;
}

/** This module's URL: with the constants, what a worker thread needs to build the same spec. */
export const SPEC_MODULE: string = import.meta.url;

/**
 * The specification for one set of constants. It satisfies the engine's generic spec
 * interface structurally; nothing here imports the engine.
 */
export function makeSpec(c: Constants) {
  const act = makeActions(c);
  const packed = makePacked(c);
  const actions: DnsPlanAction[] = [];
  const add = (name: ActionName, params: number[], next: (s: State) => State | undefined) =>
    actions.push({
      name,
      params,
      args: params.map((x, i) => (i === 0 ? enactorName(x) : endpointName(x))),
      fair: FAIR_ACTIONS.includes(name),
      next,
    });

  add('Plan', [], (s) => act.Plan(s));
  for (let e = 0; e < c.enactors; e++) add('Pick', [e], (s) => act.Pick(s, e));
  for (let e = 0; e < c.enactors; e++)
    for (let p = 0; p < c.endpoints; p++) add('Write', [e, p], (s) => act.Write(s, e, p));
  for (let e = 0; e < c.enactors; e++) add('Clean', [e], (s) => act.Clean(s, e));
  if (c.collector) add('Collect', [], (s) => act.Collect(s));
  if (c.crashes) for (let e = 0; e < c.enactors; e++) add('Crash', [e], (s) => act.Crash(s, e));

  return {
    name: `dnsplan ${variantOf(c)}`,
    constants: c,
    initial: [initialState(c)],
    actions,
    invariants: [
      {
        name: 'RecordNeverEmpty',
        description: 'a DNS record points to a deleted plan, so the name resolves to nothing (the outage)',
        holds: RecordNeverEmpty,
        holdsPacked: packed.RecordNeverEmpty,
        explain: explainRecordNeverEmpty,
      },
      {
        name: 'NoActivePlanDeleted',
        description: 'a plan that a record points to or a busy enactor holds was deleted',
        holds: NoActivePlanDeleted,
        holdsPacked: packed.NoActivePlanDeleted,
        explain: explainNoActivePlanDeleted,
      },
    ],
    actionProperties: [
      {
        name: 'NoStaleOverwrite',
        description: 'a step moved a record back to an older plan',
        holds: NoStaleOverwrite,
        holdsPacked: packed.NoStaleOverwrite,
        explain: explainNoStaleOverwrite,
      },
    ],
    liveness: [
      {
        name: 'Converges',
        description: 'a fair behaviour never settles with every record on the last plan',
        goal: makeConvergesGoal(c),
        goalPacked: packed.converged,
        finitely: FINITELY_OFTEN,
        progress: makeProgress(c),
        progressPacked: packed.progress,
      },
    ],
    encoding: makeEncoding(c),
    // The fast path also writes each successor's Converges measure, from what the step
    // changes, and works out the facts of each step (see `PackedFacts`).
    packed: { successors: packed.successors, measures: 'Converges', facts: true },
    symmetry: { name: 'enactors', canonicalize: packed.canonicalize },
    variables: VARIABLE_NAMES,
    format: formatState,
  };
}

export type DnsPlanSpec = ReturnType<typeof makeSpec>;
export { ACTION_NAMES };
export * from './verdicts.js';
