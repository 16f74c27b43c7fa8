import { DEFAULT_SHAPE, type Shape, type VariantName } from './constants.js';
import type { PropertyName } from './properties.js';

/**
 * The expected results: one row per configuration (variant and constants), with the verdict
 * of each property, the length of its shortest counterexample, and, where someone else
 * counted it, the complete exploration's figures, with their source. In the manner of TLA+
 * Examples' manifests, this table drives the tests, the README's tables and the bench ladder;
 * it is never regenerated from the checker's own output.
 *
 * Counts are for complete exploration: every reachable state explored, no property stopping
 * the search (dnsplan's `--continue`, TLC's `-continue`), counted as TLC counts (distinct
 * states; states generated, the initial state plus every enabled action instance of every
 * state; depth, the initial state alone being depth 1).
 *
 * Shortest lengths, in actions, worked out by hand from the actions for the default
 * constants (3 enactors, 1 endpoint, MaxPlan 4, Keep 2, no crashes):
 * - with the collector, Plan, Plan, Collect deletes plan 1 while the record still points to
 *   it (3 steps), so RecordNeverEmpty and NoActivePlanDeleted break at once under age GC;
 * - NoStaleOverwrite needs two enactors holding different plans: Plan, Pick(a), Plan,
 *   Pick(b), Write(b), Write(a) (6 steps);
 * - without the collector, NoActivePlanDeleted breaks when b's clean-up deletes the plan a
 *   still holds (7 steps), and RecordNeverEmpty is the postmortem race (8 steps);
 * - Converges fails where the system can stop short of the last plan with nothing fair left
 *   to do: with the collector, Plan, Plan, Collect empties the record so no enactor can
 *   pick, and the last Plan follows (4 steps); without it, the race plus a's own clean-up,
 *   which fairness forces (9 steps).
 */
export type Verdict = 'holds' | 'violated';

export interface Counts {
  readonly distinct: number;
  readonly generated?: number;
  readonly depth?: number;
}

export interface ExpectedResult {
  readonly variant: VariantName;
  readonly shape: Shape;
  readonly verdicts: Readonly<Record<PropertyName, Verdict>>;
  readonly shortest: Readonly<Partial<Record<PropertyName, number>>>;
  /** The complete exploration's figures, when someone other than dnsplan counted them. */
  readonly counts?: Counts;
  /** Where the verdicts and counts come from. */
  readonly source: string;
  /** A rung of the bench ladder (`npm run bench`): too large for a test. */
  readonly rung?: boolean;
  /** The rung is run only under symmetry (too many states without it for the bench). */
  readonly symmetryOnly?: boolean;
}

/** The default constants' rows, as the README's variant table shows them. */
export interface VariantVerdicts {
  readonly variant: VariantName;
  readonly collector: boolean;
  readonly verdicts: Readonly<Record<PropertyName, Verdict>>;
  readonly shortest: Readonly<Partial<Record<PropertyName, number>>>;
  readonly counts?: Counts;
}

const v = 'violated';
const h = 'holds';
const TLC = "model.md's reference counts: TLC2 on the TLA+ encoding of this model, one worker";
const MODEL = "model.md's table of what each variant must show";
const ALL_HOLD = { RecordNeverEmpty: h, NoActivePlanDeleted: h, NoStaleOverwrite: h, Converges: h } as const;

const shape = (enactors: number, endpoints: number, maxPlan: number, keep: number, collector: boolean, crashes: boolean): Shape => ({
  enactors,
  endpoints,
  maxPlan,
  keep,
  collector,
  crashes,
});
const DEFAULT = (collector: boolean): Shape => ({ ...DEFAULT_SHAPE, collector });

export const EXPECTED_RESULTS: readonly ExpectedResult[] = [
  {
    variant: 'aws-2025',
    shape: DEFAULT(true),
    verdicts: { RecordNeverEmpty: v, NoActivePlanDeleted: v, NoStaleOverwrite: v, Converges: v },
    shortest: { RecordNeverEmpty: 3, NoActivePlanDeleted: 3, NoStaleOverwrite: 6, Converges: 4 },
    counts: { distinct: 2688, generated: 9493, depth: 15 },
    source: `${MODEL}; ${TLC}`,
  },
  {
    variant: 'cas-only',
    shape: DEFAULT(true),
    verdicts: { RecordNeverEmpty: v, NoActivePlanDeleted: v, NoStaleOverwrite: h, Converges: v },
    shortest: { RecordNeverEmpty: 3, NoActivePlanDeleted: 3, Converges: 4 },
    counts: { distinct: 1842, generated: 6391, depth: 13 },
    source: `${MODEL}; ${TLC}`,
  },
  {
    variant: 'ownership-only',
    shape: DEFAULT(true),
    verdicts: { RecordNeverEmpty: h, NoActivePlanDeleted: h, NoStaleOverwrite: v, Converges: h },
    shortest: { NoStaleOverwrite: 6 },
    counts: { distinct: 2203, generated: 7739, depth: 13 },
    source: `${MODEL}; ${TLC}`,
  },
  {
    variant: 'fixed',
    shape: DEFAULT(true),
    verdicts: ALL_HOLD,
    shortest: {},
    counts: { distinct: 1543, generated: 5309, depth: 13 },
    source: `${MODEL}; ${TLC}`,
  },
  {
    variant: 'aws-2025',
    shape: DEFAULT(false),
    verdicts: { RecordNeverEmpty: v, NoActivePlanDeleted: v, NoStaleOverwrite: v, Converges: v },
    shortest: { RecordNeverEmpty: 8, NoActivePlanDeleted: 7, NoStaleOverwrite: 6, Converges: 9 },
    counts: { distinct: 2135, generated: 6362, depth: 18 },
    source: `${MODEL}; ${TLC}`,
  },
  {
    variant: 'cas-only',
    shape: DEFAULT(false),
    verdicts: { RecordNeverEmpty: h, NoActivePlanDeleted: v, NoStaleOverwrite: h, Converges: h },
    shortest: { NoActivePlanDeleted: 7 },
    counts: { distinct: 1059, generated: 3068, depth: 13 },
    source: `${MODEL}; ${TLC}`,
  },
  {
    variant: 'ownership-only',
    shape: DEFAULT(false),
    verdicts: { RecordNeverEmpty: h, NoActivePlanDeleted: h, NoStaleOverwrite: v, Converges: h },
    shortest: { NoStaleOverwrite: 6 },
    counts: { distinct: 1943, generated: 5885, depth: 18 },
    source: `${MODEL}; ${TLC}`,
  },
  {
    variant: 'fixed',
    shape: DEFAULT(false),
    verdicts: ALL_HOLD,
    shortest: {},
    counts: { distinct: 1057, generated: 3053, depth: 13 },
    source: `${MODEL}; ${TLC}`,
  },
  {
    variant: 'fixed',
    shape: { ...DEFAULT_SHAPE, crashes: true },
    verdicts: ALL_HOLD,
    shortest: {},
    source: "model.md: Converges is judged on behaviours with finitely many crashes (<>[]~Crash => Converges), so the fixed protocol holds with crashes",
  },
  {
    variant: 'cas-only',
    shape: { ...DEFAULT_SHAPE, crashes: true },
    verdicts: { RecordNeverEmpty: v, NoActivePlanDeleted: v, NoStaleOverwrite: h, Converges: v },
    shortest: { RecordNeverEmpty: 3, NoActivePlanDeleted: 3, Converges: 4 },
    source: 'crashes add behaviours and remove none: the violations without crashes remain, and none is shorter since a crash only idles an enactor',
  },
  ...(
    [
      [3, 2, 5, 2, true, false],
      [3, 3, 5, 2, true, true],
    ] as const
  ).map(([e, p, m, k, collector, crashes]) => ({
    variant: 'fixed' as const,
    shape: shape(e, p, m, k, collector, crashes),
    verdicts: ALL_HOLD,
    shortest: {},
    source: 'a rung of the bench ladder: the fixed protocol holds on every configuration (model.md); no one else published its counts',
    rung: true,
  })),
  {
    variant: 'fixed',
    shape: shape(3, 3, 6, 2, true, true),
    verdicts: ALL_HOLD,
    shortest: {},
    counts: { distinct: 5_307_670 },
    source: 'the issue that set the checker targets: TLC and dnsplan both count 5,307,670 distinct states (TLC one worker: 40,529 distinct states/s)',
    rung: true,
  },
  {
    variant: 'fixed',
    shape: shape(3, 3, 7, 2, true, true),
    verdicts: ALL_HOLD,
    shortest: {},
    source: 'a rung of the bench ladder: the fixed protocol holds on every configuration (model.md); no one else published its counts',
    rung: true,
  },
  {
    variant: 'fixed',
    shape: shape(4, 3, 6, 2, true, false),
    verdicts: ALL_HOLD,
    shortest: {},
    source: 'the issue that set the checker targets: about 27.8 M distinct states; TLC needed 2 workers and 8 minutes',
    rung: true,
  },
  {
    variant: 'fixed',
    shape: shape(4, 3, 6, 2, true, true),
    verdicts: ALL_HOLD,
    shortest: {},
    source: 'the issue that set the checker targets: TLC with SYMMETRY explores about 7.2 M orbits; checked under --symmetry',
    rung: true,
    symmetryOnly: true,
  },
];

/** The default constants' rows, in the README's order. */
export const EXPECTED_VERDICTS: readonly VariantVerdicts[] = EXPECTED_RESULTS.filter(
  (r) => r.shape.enactors === DEFAULT_SHAPE.enactors && r.shape.endpoints === DEFAULT_SHAPE.endpoints && r.shape.maxPlan === DEFAULT_SHAPE.maxPlan && r.shape.keep === DEFAULT_SHAPE.keep && !r.shape.crashes,
).map((r) => ({ variant: r.variant, collector: r.shape.collector, verdicts: r.verdicts, shortest: r.shortest, ...(r.counts ? { counts: r.counts } : {}) }));

/** The postmortem's race, as the shared model gives it (up to the names of the enactors). */
export const POSTMORTEM_RACE = [
  'Plan',
  'Pick(a)',
  'Plan',
  'Plan',
  'Pick(b)',
  'Write(b, regional)',
  'Write(a, regional)',
  'Clean(b)',
] as const;
