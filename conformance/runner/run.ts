/**
 * A conformance run: many generated schedules against one implementation, each history
 * checked as it happens; on a failure fast-check shrinks the schedule to a minimal one that
 * fails the same way, which is replayed once more so its history is on disk. An
 * implementation that breaks the protocol ends the whole run at once.
 */
import fc from 'fast-check';
import { constantsOf, makeSpec, type Shape, type State, type VariantName } from '../../spec/index.js';
import type { Spec } from '../../src/engine/index.js';
import type { Adapter } from '../adapter.js';
import { Coverage, type CoverageCounts, type CoverageReport } from '../coverage.js';
import { Guide, type CoverageGoal } from '../guide.js';
import { rank, weaker, type Level, type RequiredLevel, type Violation } from '../levels.js';
import type { Command, ProtocolConstants } from '../protocol/index.js';
import { scheduleArb } from '../schedule.js';
import type { RunContext } from './context.js';
import { execute, type RunRecord, type Steering } from './execute.js';
import { HistoryFiles } from './history-files.js';
import { minimise } from './minimise.js';
import { probe, type Feature, type Probed } from './probe.js';
import { offsetOfRun } from '../offsets.js';
import { protocolConstantsOf } from '../protocol-constants.js';

export { protocolConstantsOf };
import type { NamedSchedule } from '../schedule-file.js';

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
  /** Where history files go; none are written when absent. A second process given the same directory is refused (HistoryDirBusyError). */
  readonly historyDir?: string;
  /** How many of the latest runs' histories to keep as plain files besides the failing ones, under `runs/` (default 0: only the last); every run is in the archive regardless. */
  readonly keepHistories?: number;
  readonly commandLine?: string;
  /** Measure spec coverage (explores the spec for the run's constants first; default on). */
  readonly coverage?: boolean;
  /** Called after each run with the runs done, the steps taken and, when measured, the spec coverage so far. */
  readonly onProgress?: (done: number, total: number, so?: { readonly steps: number; readonly coverage?: CoverageCounts }) => void;
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
  /**
   * Spec-guided schedules before the generated ones, until every reachable transition (or
   * state) is covered; `off` (the default here) runs none. Needs coverage.
   */
  readonly guide?: CoverageGoal | 'off';
  /** The most reachable states coverage may explore; more is a CoverageLimitError (default 1,000,000). */
  readonly maxStates?: number;
  /**
   * The generation every run's plans start at. Unset: named schedules (and a replayed one)
   * start at 1; spec-guided and generated ones take the default offsets in turn (1, 9, 99,
   * 2^31 − 2, 2^53 − 8), by their number in their phase, so the same seed runs the same offsets.
   */
  readonly firstGeneration?: number;
  /** Schedules run first, in this order (the postmortem race, a schedule file's); a failure among them is reported by name. */
  readonly named?: readonly NamedSchedule[];
}

/** The spec's reachable graph for these constants is larger than the coverage budget. */
export class CoverageLimitError extends Error {
  constructor(readonly maxStates: number) {
    super(`the spec has more than ${maxStates.toLocaleString('en-US')} reachable states for these constants, too many to measure coverage over`);
    this.name = 'CoverageLimitError';
  }
}

export interface Counterexample {
  /** The named schedule that failed, when the failure came from one. */
  readonly named?: { readonly name: string; readonly source: string };
  /** Whether the failing schedule failed the same way again when replayed; when not, the implementation is nondeterministic and nothing was shrunk. */
  readonly reproduced: boolean;
  /** Whether the minimal schedule's own replay (the history kept as `min`) showed the violation. */
  readonly minimalFails: boolean;
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
  readonly coverage?: CoverageReport & { readonly goal: CoverageGoal | 'off' };
  /** Who answered, when the implementation's reset reply says. */
  readonly implementation?: Probed['implementation'];
  /** Features the run went without because the implementation does not support them (the constants show what was run). */
  readonly skipped: readonly Feature[];
  /** Runs of each kind: named schedules, spec-guided, generated. */
  readonly phases: { readonly named: number; readonly guided: number; readonly random: number };
  /** The violation reported is not the gravest (an empty record): the search stopped at it, so a worse one may be hidden. */
  readonly worseMayBeHidden: boolean;
  /** History files written, by role: `runs` (the archive of every run), `fail`, `min`, `broken`, `last`. */
  readonly histories: Readonly<Record<string, string>>;
  /** Why the run stopped before its end, when it did. */
  readonly stopped?: 'deadline';
  /** One sentence per history file that could not be written (the run went on without it). */
  readonly unwritten?: readonly string[];
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
  let files: HistoryFiles;
  try {
    files = new HistoryFiles(o.historyDir, o.keepHistories ?? 0);
  } catch (error) {
    if (o.adapter === undefined) await adapter.close();
    throw error;
  }
  try {
    return await conform(o, adapter, files);
  } finally {
    files.dispose();
    if (o.adapter === undefined) await adapter.close();
  }
}

async function conform(o: ConformanceOptions, adapter: Adapter, files: HistoryFiles): Promise<ConformanceResult> {
  const started = performance.now();
  const specVariant = o.specVariant ?? 'fixed';
  const level = o.level ?? 'live';
  const probed = await probe(adapter, o.shape);
  const shape = probed.shape;
  const constants = constantsOf(specVariant, shape);
  const protocolConstants = protocolConstantsOf(shape);
  const goal = o.guide ?? 'off';
  const maxStates = o.maxStates ?? 1_000_000;
  let coverage: Coverage | undefined;
  if (o.coverage !== false || goal !== 'off') {
    coverage = Coverage.build(makeSpec(constants) as unknown as Spec<State>, maxStates);
    if (coverage === undefined) throw new CoverageLimitError(maxStates);
  }
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
  const phases = { named: 0, guided: 0, random: 0 };
  let runs = 0;
  let steps = 0;
  let reached: Level = 'live';
  let broken: RunRecord | undefined;
  let stopped = false;
  let first: Violation | undefined;
  let original: RunRecord | undefined;
  let named: NamedSchedule | undefined;
  let reserve: { run: RunRecord; violation: Violation; file: string; named?: NamedSchedule } | undefined;

  const pinned = o.firstGeneration;
  const once = (schedule: readonly Command[] | Steering, name?: string, offset = pinned ?? 1): Promise<RunRecord> => files.with((writer) => execute(ctx, schedule, runs, writer, offset), name);
  const same = (v: Violation | undefined) => v !== undefined && first !== undefined && v.property === first.property && v.level === first.level;
  const late = () => o.deadline !== undefined && Date.now() >= o.deadline;
  /** Runs a candidate while shrinking: whether it fails the same way. A broken run is kept and ends the shrinking, as does the deadline. */
  const rerun = async (candidate: readonly Command[]): Promise<boolean> => {
    if (broken !== undefined || stopped) return false;
    const run = await once(candidate, undefined, original?.firstGeneration);
    if (run.stopped) {
      stopped = true;
      return false;
    }
    steps += run.steps.length;
    if (run.broken) {
      broken = run;
      files.keep('broken', 'history.jsonl', 'history-broken.jsonl');
      return false;
    }
    return same(weakest(run));
  };
  const randomRuns = (): number => (o.schedule !== undefined ? 1 : Math.max(0, o.runs - runs));

  /**
   * Judges one run that is not a shrinking step: `fail` ends the search with it, `pass` goes
   * on. A violation short of an empty record is kept in reserve while runs remain, in the hope
   * of a graver one (a refinement failure may hide a safety one): the gravest is shrunk.
   */
  const judge = (run: RunRecord, more: boolean, from?: NamedSchedule): 'pass' | 'fail' => {
    if (run.stopped) {
      stopped = true;
      return 'fail';
    }
    runs++;
    steps += run.steps.length;
    o.onProgress?.(runs, Math.max(runs, o.runs), { steps, ...(coverage === undefined ? {} : { coverage: coverage.counts() }) });
    files.archiveRun(runs - 1, run, protocolConstants);
    if (run.broken) {
      broken = run;
      files.keep('broken', 'history.jsonl', 'history-broken.jsonl');
      return 'fail';
    }
    reached = weaker(reached, run.level);
    const v = rank(run.level) >= rank(level) ? undefined : weakest(run);
    if (v === undefined) {
      files.rotate(runs - 1);
      return 'pass';
    }
    if (more && !(v.level === 'safe' && v.property === 'RecordNeverEmpty')) {
      if (reserve === undefined || graver(v, reserve.violation)) {
        // Kept under its own name: an earlier reserve's history stays on disk too.
        const file = `history-reserve-${runs}.jsonl`;
        files.keep('reserve', 'history.jsonl', file);
        reserve = { run, violation: v, file, ...(from === undefined ? {} : { named: from }) };
      }
      return 'pass';
    }
    first = v;
    original = run;
    named = from;
    files.keep('fail', 'history.jsonl', 'history-fail.jsonl');
    return 'fail';
  };

  // 1. Named schedules, in order: the postmortem race first.
  const searching = () => first === undefined && broken === undefined && !stopped && !late();
  for (const n of o.named ?? []) {
    if (!searching()) break;
    phases.named++;
    if (judge(await once(n.commands), true, n) === 'fail') break;
  }

  // 2. Spec-guided schedules, until coverage is complete or runs stop adding to it.
  if (coverage !== undefined && goal !== 'off' && o.schedule === undefined) {
    // With level live every schedule ends in a fair tail: about one round per enactor and endpoint.
    const tail = level === 'live' ? protocolConstants.enactors.length * (protocolConstants.endpoints.length + 2) : 0;
    const guide = new Guide(coverage, goal, o.scheduleLength ?? o.length ?? 40, 1 + tail);
    let idle = 0;
    while (searching() && !guide.done && idle < 20) {
      const before = coverage.generation;
      guide.restart();
      phases.guided++;
      if (judge(await once(guide, undefined, pinned ?? offsetOfRun(phases.guided)), true) === 'fail') break;
      idle = coverage.generation === before ? idle + 1 : 0;
    }
  }

  // 3. Generated schedules for the runs that remain (or the one schedule given, a replay).
  let shrinks = 0;
  let failing: readonly Command[] | undefined = original?.schedule;
  const total = randomRuns();
  if (searching() && total > 0) {
    const arb = o.schedule === undefined ? scheduleArb({ ...protocolConstants, endpoints: shape.endpoints }, o.scheduleLength ?? o.length ?? 40) : fc.constant([...o.schedule]);
    let left = total;
    const property = fc.asyncProperty(arb, async (schedule) => {
      if (broken !== undefined || stopped) return true;
      if (first !== undefined) return !(await rerun(schedule));
      if (late()) {
        stopped = true;
        return true;
      }
      phases.random++;
      left--;
      const offset = pinned ?? (o.schedule === undefined ? offsetOfRun(phases.random) : 1);
      return judge(await once(schedule, undefined, offset), left > 0) === 'pass' || broken !== undefined || stopped;
    });
    // At the deadline fast-check stops generating schedules too (a million runs cost seconds to generate).
    const interrupt = o.deadline === undefined ? {} : { interruptAfterTimeLimit: Math.max(1, o.deadline - Date.now()) };
    const details = await fc.check(property, { seed: o.seed, numRuns: total, endOnFailure: false, ...interrupt });
    if (details.interrupted) stopped = true;
    if (details.failed && details.counterexample !== null && first !== undefined) {
      failing = details.counterexample[0];
      shrinks = details.numShrinks;
    } else if (details.failed && details.errorInstance && first === undefined && broken === undefined) {
      throw details.errorInstance;
    }
  }
  if (first === undefined && broken === undefined && reserve !== undefined) {
    first = reserve.violation;
    original = reserve.run;
    named = reserve.named;
    failing = reserve.run.schedule;
    files.keep('fail', reserve.file, 'history-fail.jsonl');
  }
  // A reserve a graver failure superseded stays on disk under its own name.
  delete histories['reserve'];

  let counterexample: Counterexample | undefined;
  let shortest: Command[] | undefined;
  let reproduced = false;
  if (broken === undefined && failing !== undefined && original !== undefined && first !== undefined) {
    // A failure that does not come back on its own replay is the implementation's nondeterminism: nothing to shrink.
    reproduced = await rerun(failing);
    shortest = reproduced ? await minimise(failing, rerun) : [...failing];
  }
  if (broken === undefined && stopped && original !== undefined && first !== undefined) {
    // The deadline cut the shrinking short: the failure stands as found, unshrunk.
    counterexample = { schedule: original.schedule, steps: original.steps, violation: first, minimal: original, original, shrinks, reproduced, minimalFails: true, ...(named === undefined ? {} : { named: { name: named.name, source: named.source } }) };
    reached = original.level;
  } else if (broken === undefined && shortest !== undefined && original !== undefined && first !== undefined) {
    const minimal = await once(shortest, 'history-min.jsonl', original.firstGeneration);
    steps += minimal.steps.length;
    files.note('min', 'history-min.jsonl');
    const minimalFails = minimal.broken === undefined && same(weakest(minimal));
    counterexample = {
      schedule: minimal.schedule,
      steps: minimal.steps,
      violation: minimalFails ? (weakest(minimal) ?? first) : first,
      minimal,
      original,
      shrinks,
      reproduced,
      minimalFails,
      ...(named === undefined ? {} : { named: { name: named.name, source: named.source } }),
    };
    // The level reported is the one a kept, replayable history shows.
    reached = minimalFails ? minimal.level : original.level;
  }
  files.flushArchive();
  if (histories['fail'] === undefined && broken === undefined) files.noteLast();
  const gravest = counterexample?.violation;
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
    ...(coverage ? { coverage: { ...coverage.report(), goal } } : {}),
    phases,
    skipped: probed.skipped,
    ...(probed.implementation === undefined ? {} : { implementation: probed.implementation }),
    worseMayBeHidden: gravest !== undefined && !(gravest.level === 'safe' && gravest.property === 'RecordNeverEmpty'),
    histories,
    ...(stopped ? { stopped: 'deadline' as const } : {}),
    ...(files.unwritten.size > 0 ? { unwritten: [...files.unwritten.values()] } : {}),
  };
}

/** Whether violation `a` is graver than `b`: a weaker level, or the same level and a graver property. */
function graver(a: Violation, b: Violation): boolean {
  const g = (v: Violation) => (GRAVITY.includes(v.property) ? GRAVITY.indexOf(v.property) : GRAVITY.length);
  return rank(a.level) < rank(b.level) || (a.level === b.level && g(a) < g(b));
}
