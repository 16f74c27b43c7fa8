/**
 * A conformance run: many generated schedules against one implementation, each history
 * checked as it happens; on a failure fast-check shrinks the schedule to a minimal one that
 * fails the same way, which is replayed once more so its history is on disk. An
 * implementation that breaks the protocol ends the whole run at once.
 */
import fc from 'fast-check';
import { constantsOf, endpointNames, enactorNames, makeSpec, type Shape, type State, type VariantName } from '../../spec/index.js';
import type { Spec } from '../../src/engine/index.js';
import type { Adapter } from '../adapter.js';
import { Coverage, type CoverageReport } from '../coverage.js';
import { rank, weaker, type Level, type RequiredLevel, type Violation } from '../levels.js';
import type { Command, ProtocolConstants } from '../protocol/index.js';
import { scheduleArb } from '../schedule.js';
import type { RunContext } from './context.js';
import { execute, type RunRecord } from './execute.js';
import { HistoryFiles } from './history-files.js';
import { minimise } from './minimise.js';

export interface ConformanceOptions {
  /** The implementation under test; the caller closes it. */
  readonly adapter?: Adapter;
  /** Or how to open it: the run then closes it when done. Give exactly one of the two. */
  readonly adapterFactory?: () => Adapter | Promise<Adapter>;
  readonly shape: Shape;
  /** The spec variant histories are checked against (default `fixed`: the protocol as it should be). */
  readonly specVariant?: VariantName;
  readonly runs: number;
  readonly seed: number;
  /** Commands per generated schedule (default 40). */
  readonly scheduleLength?: number;
  /** The same as `scheduleLength` (its older name). */
  readonly length?: number;
  /** The level the implementation must reach (default `live`). */
  readonly level?: RequiredLevel;
  /** Run exactly this schedule once instead of generated ones (a replay). */
  readonly schedule?: readonly Command[];
  /** Where history files go; none are written when absent. */
  readonly historyDir?: string;
  readonly commandLine?: string;
  /** Measure spec coverage (explores the spec for the run's constants first; default on). */
  readonly coverage?: boolean;
  /** Called after each generated run with the runs done, the steps taken and, when measured, the spec coverage so far. */
  readonly onProgress?: (done: number, total: number, so?: { readonly steps: number; readonly coverage?: CoverageReport }) => void;
  /**
   * Absolute time (ms since the epoch) of the whole run's end: no run or step starts after it.
   * A run it cuts short counts for nothing; with no failure found the verdict is incomplete.
   */
  readonly deadline?: number;
  /**
   * Send a command again, up to this many times, when the implementation answers it with an
   * error that says `happened: no` (it certainly did not take effect); each such answer is
   * recorded in the step's history line. Default 0: the first error ends the run.
   */
  readonly retries?: number;
}

export interface Counterexample {
  /** The minimal failing schedule (the same as `minimal.schedule`). */
  readonly schedule: readonly Command[];
  /** Its history's step lines (the same as `minimal.steps`). */
  readonly steps: RunRecord['steps'];
  /** The violation the minimal schedule shows (the weakest level it breaks). */
  readonly violation: Violation;
  readonly minimal: RunRecord;
  readonly original: RunRecord;
  readonly shrinks: number;
}

export interface ConformanceResult {
  /** `incomplete`: the deadline came first; the `runs` done were all conformant. */
  readonly verdict: 'conformant' | 'not-conformant' | 'broken' | 'incomplete';
  readonly target: string;
  readonly observer: string;
  readonly levelRequired: RequiredLevel;
  /** The weakest level any run reached. */
  readonly levelReached: Level;
  readonly runs: number;
  readonly steps: number;
  readonly seconds: number;
  readonly seed: number;
  readonly constants: ProtocolConstants;
  readonly specVariant: VariantName;
  readonly counterexample?: Counterexample;
  readonly broken?: RunRecord;
  readonly coverage?: CoverageReport;
  /** History files written, by role: `fail`, `min`, `broken`, `last`. */
  readonly histories: Readonly<Record<string, string>>;
  /** Why the run stopped before its end, when it did. */
  readonly stopped?: 'deadline';
  /** One sentence per history file that could not be written (the run went on without it). */
  readonly unwritten?: readonly string[];
}

export function protocolConstantsOf(shape: Shape): ProtocolConstants {
  return {
    enactors: enactorNames(shape),
    endpoints: endpointNames(shape),
    maxPlan: shape.maxPlan,
    keep: shape.keep,
    collector: shape.collector,
    crashes: shape.crashes,
  };
}

/** Safety properties, the outage first: a run that shows several is reported by the gravest. */
const GRAVITY = ['RecordNeverEmpty', 'NoActivePlanDeleted', 'NoTornRecord', 'NoStaleOverwrite'];

/** The weakest level's gravest violation of a run: what its shrinking must preserve. */
export function weakest(run: RunRecord): Violation | undefined {
  const g = (v: Violation) => (GRAVITY.includes(v.property) ? GRAVITY.indexOf(v.property) : GRAVITY.length);
  return [...run.violations].sort((a, b) => rank(a.level) - rank(b.level) || g(a) - g(b))[0];
}

export async function runConformance(o: ConformanceOptions): Promise<ConformanceResult> {
  if ((o.adapter === undefined) === (o.adapterFactory === undefined)) throw new TypeError('runConformance: give exactly one of adapter and adapterFactory');
  const adapter = o.adapter ?? (await o.adapterFactory!());
  const files = new HistoryFiles(o.historyDir);
  try {
    return await conform(o, adapter, files);
  } finally {
    files.close();
    if (o.adapter === undefined) await adapter.close();
  }
}

async function conform(o: ConformanceOptions, adapter: Adapter, files: HistoryFiles): Promise<ConformanceResult> {
  const started = performance.now();
  const specVariant = o.specVariant ?? 'fixed';
  const level = o.level ?? 'live';
  const constants = constantsOf(specVariant, o.shape);
  const protocolConstants = protocolConstantsOf(o.shape);
  const coverage = o.coverage !== false ? Coverage.build(makeSpec(constants) as unknown as Spec<State>) : undefined;
  const ctx: RunContext = {
    adapter,
    constants,
    protocolConstants,
    specVariant,
    level,
    seed: o.seed,
    ...(o.commandLine === undefined ? {} : { commandLine: o.commandLine }),
    ...(coverage === undefined ? {} : { coverage }),
    ...(o.deadline === undefined ? {} : { deadline: o.deadline }),
    ...(o.retries === undefined ? {} : { retries: o.retries }),
  };
  const histories = files.kept;
  let runs = 0;
  let steps = 0;
  let reached: Level = 'live';
  let broken: RunRecord | undefined;
  let stopped = false;

  const once = (schedule: readonly Command[], name?: string): Promise<RunRecord> => files.with((writer) => execute(ctx, schedule, runs, writer), name);
  const keep = (role: string, from: string, to: string) => files.keep(role, from, to);

  let first: Violation | undefined;
  let original: RunRecord | undefined;
  let reserve: { run: RunRecord; violation: Violation } | undefined;
  const total = o.schedule === undefined ? o.runs : 1;
  const property = fc.asyncProperty(o.schedule === undefined ? scheduleArb({ ...protocolConstants, endpoints: o.shape.endpoints }, o.scheduleLength ?? o.length ?? 40) : fc.constant([...o.schedule]), async (schedule) => {
    if (broken !== undefined || stopped) return true;
    if (o.deadline !== undefined && Date.now() >= o.deadline) {
      stopped = true;
      return true;
    }
    const shrinking = first !== undefined;
    const run = await once(schedule);
    if (run.stopped) {
      stopped = true;
      return true;
    }
    if (!shrinking) {
      runs++;
      o.onProgress?.(runs, total, { steps: steps + run.steps.length, ...(coverage === undefined ? {} : { coverage: coverage.report() }) });
    }
    steps += run.steps.length;
    if (run.broken) {
      broken = run;
      keep('broken', 'history.jsonl', 'history-broken.jsonl');
      return true;
    }
    const failed = rank(run.level) < rank(level);
    if (!shrinking) reached = weaker(reached, run.level);
    if (!failed) return true;
    const v = weakest(run);
    if (first === undefined) {
      // A safety failure short of the outage itself is kept in reserve while the remaining
      // runs look for an empty record, which is then the one shrunk and reported.
      if (v !== undefined && v.level === 'safe' && v.property !== 'RecordNeverEmpty' && runs < total) {
        reserve ??= { run, violation: v };
        return true;
      }
      first = v;
      original = run;
      keep('fail', 'history.jsonl', 'history-fail.jsonl');
      return false;
    }
    return !(v !== undefined && v.property === first.property && v.level === first.level);
  });
  // At the deadline fast-check stops generating schedules too (a million runs cost seconds to generate).
  const interrupt = o.deadline === undefined ? {} : { interruptAfterTimeLimit: Math.max(1, o.deadline - Date.now()) };
  const details = await fc.check(property, { seed: o.seed, numRuns: total, endOnFailure: false, ...interrupt });
  if (details.interrupted) stopped = true;

  let counterexample: Counterexample | undefined;
  let failing: readonly Command[] | undefined = details.failed && details.counterexample !== null ? details.counterexample[0] : undefined;
  if (failing === undefined && reserve !== undefined && broken === undefined) {
    first = reserve.violation;
    original = reserve.run;
    failing = reserve.run.schedule;
  }
  if (failing !== undefined && original !== undefined && first !== undefined) {
    const shortest = await minimise(failing, async (candidate) => {
      if (broken !== undefined || stopped) return false;
      const run = await once(candidate);
      steps += run.steps.length;
      if (run.stopped) {
        stopped = true;
        return false;
      }
      if (run.broken) {
        // Kept like any broken run: the reruns that follow must not write over it.
        broken = run;
        keep('broken', 'history.jsonl', 'history-broken.jsonl');
        return false;
      }
      const v = weakest(run);
      return v !== undefined && v.property === first!.property && v.level === first!.level;
    });
    if (broken === undefined && stopped) {
      // The deadline cut the shrinking short: the failure stands as found, unshrunk.
      counterexample = { schedule: original.schedule, steps: original.steps, violation: first, minimal: original, original, shrinks: details.numShrinks };
    } else if (broken === undefined) {
      const minimal = await once(shortest, 'history-min.jsonl');
      files.note('min', 'history-min.jsonl');
      counterexample = { schedule: minimal.schedule, steps: minimal.steps, violation: weakest(minimal) ?? first, minimal, original, shrinks: details.numShrinks };
    }
  } else if (details.failed && details.errorInstance) {
    throw details.errorInstance;
  }
  if (histories['fail'] === undefined && broken === undefined) files.note('last', 'history.jsonl');
  return {
    verdict: broken ? 'broken' : counterexample ? 'not-conformant' : stopped ? 'incomplete' : 'conformant',
    target: adapter.target,
    observer: adapter.observer,
    levelRequired: level,
    levelReached: broken || runs === 0 ? 'none' : reached,
    runs,
    steps,
    seconds: (performance.now() - started) / 1000,
    seed: o.seed,
    constants: protocolConstants,
    specVariant,
    ...(counterexample ? { counterexample } : {}),
    ...(broken ? { broken } : {}),
    ...(coverage ? { coverage: coverage.report() } : {}),
    histories,
    ...(stopped ? { stopped: 'deadline' as const } : {}),
    ...(files.unwritten.size > 0 ? { unwritten: [...files.unwritten.values()] } : {}),
  };
}
