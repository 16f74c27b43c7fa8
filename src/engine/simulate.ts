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
 *
 * Liveness is checked on walks too, as far as a walk can show it: a walk that reaches a state
 * outside the goal where nothing fair is enabled has found a behaviour that may stop there,
 * and a walk that comes back to a state it passed has found a lasso, which is a
 * counterexample when the cycle leaves the goal, takes no step assumed to happen finitely
 * often, and treats every fair action instance fairly (takes it, or passes a state where it
 * is disabled). A walk that finds neither proves nothing.
 */
export function simulate<S>(spec: Spec<S>, options: SimulateOptions): SimulationResult<S> {
  const started = performance.now();
  const random = new Random(options.seed);
  const violations: SimulationViolation<S>[] = [];
  const seen = new Set<string>();
  let steps = 0;
  let runs = 0;
  const enabled: { label: string; next: S; action: number }[] = [];
  const A = spec.actions.length;
  const excluded = spec.liveness.map((p) => spec.actions.map((a) => p.finitely?.includes(a.name) ?? false));
  const key = new Uint32Array(spec.encoding.words);
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
    /** Per step of the walk: the action index that led there, and which instances are enabled there. */
    const taken: number[] = [-1];
    const enabledAt: Uint8Array[] = [];
    const stepOf = new Map<string, number>();
    checkInvariants(state);
    for (let d = 0; ; d++) {
      enabled.length = 0;
      const mask = new Uint8Array(A);
      for (let a = 0; a < A; a++) {
        const next = spec.actions[a]!.next(state);
        if (next === undefined) continue;
        mask[a] = 1;
        enabled.push({ label: actionLabel(spec.actions[a]!), next, action: a });
      }
      enabledAt.push(mask);
      if (spec.liveness.length > 0) checkLiveness(d);
      if (enabled.length === 0 || d >= options.depth) break;
      const pick = enabled[random.below(enabled.length)]!;
      steps++;
      walk.push({ action: pick.label, state: pick.next });
      taken.push(pick.action);
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

    /** Judges the liveness properties at step `k` of the walk (the state just reached). */
    function checkLiveness(k: number): void {
      spec.encoding.encode(state, key, 0);
      const here = key.join(',');
      const back = stepOf.get(here);
      stepOf.set(here, k);
      const fairEnabled = spec.actions.some((a, i) => a.fair && enabledAt[k]![i] === 1);
      spec.liveness.forEach((p, l) => {
        if (seen.has(p.name)) return;
        if (!fairEnabled && !p.goal(state)) {
          seen.add(p.name);
          violations.push({ property: p.name, kind: 'liveness', run, trace: { steps: walk.slice(), forever: { kind: 'stutter' } } });
          return;
        }
        if (back === undefined) return;
        // The cycle: states back..k-1, steps back+1..k.
        let offGoal = false;
        for (let i = back; i < k; i++) if (!p.goal(walk[i]!.state)) offGoal = true;
        if (!offGoal) return;
        for (let i = back + 1; i <= k; i++) if (excluded[l]![taken[i]!]) return;
        for (let a = 0; a < A; a++) {
          if (!spec.actions[a]!.fair) continue;
          let treated = false;
          for (let i = back; i < k && !treated; i++) if (enabledAt[i]![a] === 0 || taken[i + 1] === a) treated = true;
          if (!treated) return;
        }
        seen.add(p.name);
        violations.push({ property: p.name, kind: 'liveness', run, trace: { steps: walk.slice(), forever: { kind: 'cycle', loopsTo: back } } });
      });
    }
  }
  return { spec: spec.name, seed: options.seed, runs, steps, seconds: (performance.now() - started) / 1000, violations };
}
