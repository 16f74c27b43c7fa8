/**
 * What the engine reports. Verdicts are tagged unions with an honest third case: a run that
 * stopped early is `incomplete`, never `holds`.
 */
export interface TraceStep<S> {
  /** The action that led here, e.g. `Write(b, regional)`; `undefined` for the initial state. */
  readonly action: string | undefined;
  readonly state: S;
}

export interface Trace<S> {
  readonly steps: readonly TraceStep<S>[];
  /**
   * How a liveness counterexample goes on forever after its last step: `stutter` (no fair
   * action is enabled there, so the system may stop), or a cycle back to step `loopsTo`.
   */
  readonly forever?: { readonly kind: 'stutter' } | { readonly kind: 'cycle'; readonly loopsTo: number };
}

export type PropertyKind = 'invariant' | 'action' | 'liveness';

export type PropertyVerdict<S> =
  | {
      readonly name: string;
      readonly kind: PropertyKind;
      readonly status: 'holds';
      /** A liveness property proved without searching for fair cycles: every step outside its
       *  `finitely` actions raised its progress measure, so there are none. */
      readonly by?: 'progress';
    }
  | { readonly name: string; readonly kind: PropertyKind; readonly status: 'violated'; readonly trace: Trace<S> }
  | { readonly name: string; readonly kind: PropertyKind; readonly status: 'incomplete' };

export type StopReason = 'max-states' | 'memory';

/**
 * Why a check is incomplete: a limit stopped it, or (`symmetry`) a liveness property was left
 * undecided under symmetry, where it is proved only by its progress measure, because some
 * step did not raise the measure.
 */
export type IncompleteReason = StopReason | 'symmetry';

export interface CheckStats {
  /** Reachable states found ("distinct states" in TLC's terms). */
  readonly distinct: number;
  /** The distinct states those stand for: under symmetry the sum of the stored orbit
   *  representatives' orbit sizes (what a run without symmetry counts as distinct), else `distinct`. */
  readonly represented: number;
  /** Threads that computed successors: 1, or the workers when batches went to them. */
  readonly workers: number;
  /** Initial states plus, for every expanded state, its enabled action instances. */
  readonly generated: number;
  /** States on the longest shortest path; the initial state alone is depth 1. */
  readonly depth: number;
  readonly seconds: number;
  /** CPU time the process spent during the check (user and system), in seconds. */
  readonly cpuSeconds: number;
  readonly distinctPerSecond: number;
  readonly generatedPerSecond: number;
  /** Bytes of the state store (encodings, parent numbers, hash table). */
  readonly storeBytes: number;
  /** Bytes the liveness analysis took on top of the store (0 when it did not run). */
  readonly livenessBytes: number;
  /** Peak resident memory of the process, sampled during the run. */
  readonly peakRssBytes: number;
}

export type CheckOutcome =
  | { readonly status: 'holds' }
  | { readonly status: 'violated' }
  | { readonly status: 'incomplete'; readonly reason: IncompleteReason };

export interface CheckResult<S> {
  readonly spec: string;
  readonly outcome: CheckOutcome;
  readonly properties: readonly PropertyVerdict<S>[];
  readonly stats: CheckStats;
}

export interface Progress {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly queued: number;
  readonly seconds: number;
  readonly storeBytes: number;
}
