/**
 * Conformance levels, weakest first: `safe` (no invariant broken on any observed state),
 * `refines` (also, every step is one the spec allows and leads to what was observed), `live`
 * (also, fair steps after the schedule bring every record to the newest plan). `none` is
 * below them all.
 */
export const LEVELS = ['none', 'safe', 'refines', 'live'] as const;
export type Level = (typeof LEVELS)[number];
export type RequiredLevel = Exclude<Level, 'none'>;

export function rank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function weaker(a: Level, b: Level): Level {
  return rank(a) <= rank(b) ? a : b;
}

/** One thing found wrong in a history, at the first step it showed. */
export interface Violation {
  /** The level it breaks (`safe` for an invariant, `refines` for a step, `live` for convergence). */
  readonly level: RequiredLevel;
  /** RecordNeverEmpty, NoTornRecord, NoActivePlanDeleted, NoStaleOverwrite, Refinement, Converges. */
  readonly property: string;
  /** The step index (0: right after reset; steps count from 1). */
  readonly step: number;
  /** The history line it shows on: the header is line 1 and step k is line k + 1 in a file the harness wrote. */
  readonly line: number;
  readonly message: string;
  /** What the spec or the property asked for at that step, in short readable form. */
  readonly expected: string;
  /** What the implementation reported or was observed doing instead. */
  readonly observed: string;
}
