import type { VariantName } from './constants.js';
import type { PropertyName } from './properties.js';

/**
 * What each variant must show with the model's default constants (3 enactors, 1 endpoint,
 * MaxPlan 4, Keep 2, no crashes), as the shared model states it. `shortest` is the length,
 * in actions, of the shortest violation, worked out by hand from the actions:
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
 * This table drives the tests and the README's variant table; it is never regenerated from
 * the checker's own output.
 */
export type Verdict = 'holds' | 'violated';

export interface VariantVerdicts {
  readonly variant: VariantName;
  readonly collector: boolean;
  readonly verdicts: Readonly<Record<PropertyName, Verdict>>;
  readonly shortest: Readonly<Partial<Record<PropertyName, number>>>;
}

const v = 'violated';
const h = 'holds';

export const EXPECTED_VERDICTS: readonly VariantVerdicts[] = [
  {
    variant: 'aws-2025',
    collector: true,
    verdicts: { RecordNeverEmpty: v, NoActivePlanDeleted: v, NoStaleOverwrite: v, Converges: v },
    shortest: { RecordNeverEmpty: 3, NoActivePlanDeleted: 3, NoStaleOverwrite: 6, Converges: 4 },
  },
  {
    variant: 'cas-only',
    collector: true,
    verdicts: { RecordNeverEmpty: v, NoActivePlanDeleted: v, NoStaleOverwrite: h, Converges: v },
    shortest: { RecordNeverEmpty: 3, NoActivePlanDeleted: 3, Converges: 4 },
  },
  {
    variant: 'ownership-only',
    collector: true,
    verdicts: { RecordNeverEmpty: h, NoActivePlanDeleted: h, NoStaleOverwrite: v, Converges: h },
    shortest: { NoStaleOverwrite: 6 },
  },
  {
    variant: 'fixed',
    collector: true,
    verdicts: { RecordNeverEmpty: h, NoActivePlanDeleted: h, NoStaleOverwrite: h, Converges: h },
    shortest: {},
  },
  {
    variant: 'aws-2025',
    collector: false,
    verdicts: { RecordNeverEmpty: v, NoActivePlanDeleted: v, NoStaleOverwrite: v, Converges: v },
    shortest: { RecordNeverEmpty: 8, NoActivePlanDeleted: 7, NoStaleOverwrite: 6, Converges: 9 },
  },
  {
    variant: 'cas-only',
    collector: false,
    verdicts: { RecordNeverEmpty: h, NoActivePlanDeleted: v, NoStaleOverwrite: h, Converges: h },
    shortest: { NoActivePlanDeleted: 7 },
  },
  {
    variant: 'ownership-only',
    collector: false,
    verdicts: { RecordNeverEmpty: h, NoActivePlanDeleted: h, NoStaleOverwrite: v, Converges: h },
    shortest: { NoStaleOverwrite: 6 },
  },
  {
    variant: 'fixed',
    collector: false,
    verdicts: { RecordNeverEmpty: h, NoActivePlanDeleted: h, NoStaleOverwrite: h, Converges: h },
    shortest: {},
  },
];

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
