import { Random } from './random.js';
import type { PropertyKind, Trace, TraceStep } from './result.js';
import { actionLabel, type Spec } from './spec.js';

export interface SimulateOptions {
  readonly runs: number;
  /** The most steps a walk takes; a walk also ends where no action is enabled. */
  readonly depth: number;
  readonly seed: number;
  /** Stop at the first violation (default) or finish every run. */
  readonly stopAtFirst?: boolean;
  /** Called about every `progressMs` milliseconds (default 1000) with the walks and steps so far. */
  readonly onProgress?: (p: { readonly runs: number; readonly steps: number; readonly seconds: number }) => void;
  readonly progressMs?: number;
}

export interface SimulationViolation<S> {
  readonly property: string;
  readonly kind: PropertyKind;
  readonly run: number;
  readonly trace: Trace<S>;
}

/** A simulation samples behaviours; finding no violation proves nothing. */
export interface SimulationResult<S> {
  readonly spec: string;
  readonly seed: number;
  readonly runs: number;
  readonly steps: number;
  readonly seconds: number;
  readonly violations: readonly SimulationViolation<S>[];
}

/**
 * Random walks from the initial states: at every step one enabled action instance is chosen
 * uniformly, and every invariant and action property is checked along the way. The same seed
 * gives the same walks.
 */
export function simulate<S>(spec: Spec<S>, options: SimulateOptions): SimulationResult<S> {
  const started = performance.now();
  const random = new Random(options.seed);
  const violations: SimulationViolation<S>[] = [];
  const seen = new Set<string>();
  let steps = 0;
  let runs = 0;
  const enabled: { label: string; next: S }[] = [];
  const progressMs = options.progressMs ?? 1000;
  let lastProgress = started;

  const report = (property: string, kind: PropertyKind, run: number, walk: TraceStep<S>[]) => {
    if (seen.has(property)) return;
    seen.add(property);
    violations.push({ property, kind, run, trace: { steps: walk.slice() } });
  };

  for (let run = 1; run <= options.runs; run++) {
    runs = run;
    let state: S = spec.initial[random.below(spec.initial.length)]!;
    const walk: TraceStep<S>[] = [{ action: undefined, state }];
    checkInvariants(state);
    for (let d = 0; d < options.depth; d++) {
      enabled.length = 0;
      for (const action of spec.actions) {
        const next = action.next(state);
        if (next !== undefined) enabled.push({ label: actionLabel(action), next });
      }
      if (enabled.length === 0) break;
      const pick = enabled[random.below(enabled.length)]!;
      steps++;
      walk.push({ action: pick.label, state: pick.next });
      for (const p of spec.actionProperties) if (!p.holds(state, pick.next)) report(p.name, 'action', run, walk);
      state = pick.next;
      checkInvariants(state);
    }
    if ((options.stopAtFirst ?? true) && violations.length > 0) break;
    if (options.onProgress !== undefined && (run & 255) === 0) {
      const now = performance.now();
      if (now - lastProgress >= progressMs) {
        lastProgress = now;
        options.onProgress({ runs, steps, seconds: (now - started) / 1000 });
      }
    }

    function checkInvariants(s: S): void {
      for (const p of spec.invariants) if (!p.holds(s)) report(p.name, 'invariant', run, walk);
    }
  }
  return { spec: spec.name, seed: options.seed, runs, steps, seconds: (performance.now() - started) / 1000, violations };
}
