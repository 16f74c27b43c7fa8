import { availableParallelism } from 'node:os';
import pc from 'picocolors';
import { match } from 'ts-pattern';
import { protocolConstantsOf } from '../../../conformance/protocol-constants.js';
import { scheduleFileOf } from '../../../conformance/schedule-file.js';
import { SPEC_MODULE, type Constants, type VariantName } from '../../../spec/index.js';
import { check, explainViolation, propertyDescription, type CheckResult, type Spec, type Trace } from '../../engine/index.js';
import type { Io, Runnable } from '../command.js';
import { UsageError } from '../usage-error.js';
import { integerFlag, numberFlag } from '../flags.js';
import { defaultMaxBytes, gib } from '../memory.js';
import { startProgress } from '../progress.js';
import { bytes, count, seconds } from '../render/numbers.js';
import { renderTrace } from '../render/trace.js';
import { traceData } from '../render/trace-data.js';
import { requested as output, writeOutputs } from '../outputs.js';
import { checkOutputs, orbits } from '../render/report-check.js';
import { replayLine } from '../replay.js';
import { describeConstants, specFrom } from '../spec-flags.js';
import { SCHEDULES_OUT_FLAG, check as checkEntry } from '../table/check.js';

export const checkCommand: Runnable = {
  async run(_args, o, io) {
    const { spec, constants, variant } = specFrom('check', o);
    const symmetry = symmetryFor(spec, constants, o, io);
    const maxStates = o['maxStates'] === undefined ? undefined : integerFlag('check', '--max-states', o['maxStates'], 1, 2 ** 31 - 1);
    const maxGiB = o['maxMemory'] === undefined ? undefined : numberFlag('check', '--max-memory', o['maxMemory'], 0.01, 1024);
    const workers = o['workers'] === undefined ? Math.min(64, availableParallelism()) : integerFlag('check', '--workers', o['workers'], 1, 64);
    const replay = replayLine('check', checkEntry.flags, o);
    const progress = startProgress(io, { command: 'check', label: 'checking', quiet: o['quiet'] === true });
    let result;
    try {
      result = check(spec, {
        ...(maxStates === undefined ? {} : { maxStates }),
        maxBytes: maxGiB === undefined ? defaultMaxBytes() : maxGiB * 2 ** 30,
        exhaustive: o['continue'] === true,
        progress: o['searchCycles'] !== true,
        symmetry,
        workers: { ref: { module: SPEC_MODULE, constants }, count: workers },
        onProgress: (p) =>
          progress.update(`${count(p.distinct)} distinct  ${count(p.generated)} generated  depth ${p.depth}  queue ${count(p.queued)}  ${count(p.distinct / p.seconds)} states/s`),
      });
    } finally {
      progress.stop();
    }
    const code = exitCode(result);
    if (o['json']) io.out(JSON.stringify(toJson(spec, result, variant, constants, replay, symmetry, maxStates, maxGiB)));
    else io.out(report(spec, result, variant, replay, symmetry, maxStates, maxGiB));
    // Exporting the counterexamples is what a run with --schedules is for: it succeeds once they are written.
    const exporting = o['schedules'] !== undefined && code !== 2;
    const schedules = output(SCHEDULES_OUT_FLAG, o['schedules'], () => schedulesText(result, variant, constants));
    return writeOutputs('check', exporting ? 0 : code, [schedules, ...checkOutputs(o, spec, constants, variant, result, replay)], io);
  },
};

/**
 * Whether to reduce by the enactors' symmetry. With one enactor there is nothing to reduce.
 * Under symmetry Converges is proved only by its progress measure (see `CheckOptions.symmetry`):
 * fair cycles are not searched for on orbits, since weak fairness is per enactor and a fair
 * cycle of representatives need not be a fair behaviour, so --search-cycles is refused.
 */
function symmetryFor(spec: Spec<unknown>, c: Constants, o: Record<string, unknown>, io: Io): boolean {
  if (o['symmetry'] !== true) return false;
  if (c.enactors === 1) {
    io.err('dnsplan check: --symmetry with one enactor has nothing to reduce; checking without it');
    return false;
  }
  if (o['searchCycles'] === true && spec.liveness.length > 0) {
    throw new UsageError(
      `dnsplan check: --search-cycles cannot be used with --symmetry (weak fairness is per enactor, so a fair cycle of orbit representatives need not be a fair behaviour); drop --symmetry to search for fair cycles, or --search-cycles to prove ${spec.liveness.map((l) => l.name).join(', ')} by its progress measure`,
    );
  }
  return true;
}

/** The counterexamples as a schedule file (conformance/protocol/schedules.schema.json). */
function schedulesText(r: CheckResult<unknown>, variant: VariantName, constants: Constants): string {
  const counterexamples = r.properties.flatMap((p) =>
    p.status === 'violated' ? [{ property: p.name, actions: p.trace.steps.flatMap((s) => (s.action === undefined ? [] : [s.action])) }] : [],
  );
  return `${JSON.stringify(scheduleFileOf(protocolConstantsOf(constants), variant, counterexamples), null, 2)}\n`;
}

function exitCode(r: CheckResult<unknown>): number {
  return match(r.outcome)
    .with({ status: 'holds' }, () => 0)
    .with({ status: 'violated' }, () => 1)
    .with({ status: 'incomplete' }, () => 2)
    .exhaustive();
}

function stopSentence(r: CheckResult<unknown>, maxStates: number | undefined, maxGiB: number | undefined): string | undefined {
  if (r.outcome.status !== 'incomplete') return undefined;
  return match(r.outcome.reason)
    .with('max-states', () => `stopped at --max-states ${count(maxStates ?? r.stats.distinct)}: the properties not shown violated are unproven`)
    .with(
      'symmetry',
      () =>
        `${r.properties.filter((p) => p.kind === 'liveness' && p.status === 'incomplete').map((p) => p.name).join(', ')} undecided: under --symmetry it is proved only by its progress measure, and a step did not raise it (a write that moves a record back does); drop --symmetry to search for fair cycles`,
    )
    .with('memory', () =>
      r.properties.every((p) => p.kind === 'liveness' || p.status !== 'incomplete')
        ? `every reachable state was explored (${count(r.stats.distinct)} distinct), but the liveness analysis did not fit in the ${maxGiB ?? gib(defaultMaxBytes())} GiB memory budget (--max-memory): ${r.properties.filter((p) => p.status === 'incomplete').map((p) => p.name).join(', ')} unproven; raise --max-memory`
        : `these constants do not fit in the ${maxGiB ?? gib(defaultMaxBytes())} GiB memory budget (--max-memory): stopped after ${count(r.stats.distinct)} distinct states; lower --enactors, --endpoints or --max-plan, or bound the run with --max-states`,
    )
    .exhaustive();
}

/** How a counterexample is introduced: a safety trace is shortest, a lasso is a prefix and a cycle. */
function traceHeading(t: Trace<unknown>): string {
  const n = t.steps.length - 1;
  return match(t.forever)
    .with(undefined, () => `Shortest trace, ${n} steps`)
    .with({ kind: 'stutter' }, () => `A fair behaviour that stops short of the goal: ${n} steps, then nothing fair is enabled`)
    .with({ kind: 'cycle' }, (f) => `A fair behaviour that never settles: a prefix of ${f.loopsTo} steps, then a cycle of ${n - f.loopsTo} steps forever`)
    .exhaustive();
}

/** How a liveness property that holds by its progress measure was proved, as the report states it. */
function progressProof(spec: Spec<unknown>, name: string, symmetry: boolean): string {
  const finitely = (spec.liveness.find((l) => l.name === name)?.finitely ?? []).filter((a) => spec.actions.some((x) => x.name === a));
  const steps = finitely.length === 0 ? 'the graph has no cycle: every step' : `the graph has no cycle without a ${finitely.join(' or ')} step: every other step`;
  const compared = symmetry ? "compared on each step between orbits' representatives, so the orbits have no such cycle either" : 'compared on each one';
  return `${steps} raised the spec's progress measure (${compared}), so there was no fair cycle to search for`;
}

/** The assumptions a liveness property is judged under, as the report states them. */
function assumptions(spec: Spec<unknown>, name: string): string | undefined {
  const p = spec.liveness.find((l) => l.name === name);
  if (p === undefined) return undefined;
  const fair = [...new Set(spec.actions.filter((a) => a.fair).map((a) => a.name))];
  const finitely = (p.finitely ?? []).filter((a) => spec.actions.some((x) => x.name === a));
  return `${name} assumes weak fairness of ${fair.join(', ')}${finitely.length > 0 ? ` and finitely many ${finitely.join(', ')} steps (a cycle that takes one is not a counterexample)` : ''}`;
}

function report(spec: Spec<unknown>, r: CheckResult<unknown>, variant: string, replay: string, symmetry: boolean, maxStates?: number, maxGiB?: number): string {
  const lines: string[] = [`dnsplan check: ${variant}`];
  for (const p of r.properties) {
    const label = p.name.padEnd(20);
    lines.push(
      match(p)
        .with({ status: 'holds' }, () => `  ${label} ${pc.green('holds')}`)
        .with({ status: 'incomplete' }, () => `  ${label} ${pc.yellow('incomplete')}`)
        .with({ status: 'violated' }, (v) => `  ${label} ${pc.red('violated')}  (${v.trace.steps.length - 1} steps)`)
        .exhaustive(),
    );
  }
  for (const p of r.properties) {
    const assumed = p.kind === 'liveness' ? assumptions(spec, p.name) : undefined;
    if (assumed !== undefined) lines.push(pc.dim(`  (${assumed})`));
    if (p.status === 'holds' && p.by === 'progress') lines.push(pc.dim(`  (${p.name} holds because ${progressProof(spec, p.name, symmetry)})`));
  }
  for (const p of r.properties) {
    if (p.status !== 'violated') continue;
    const why = propertyDescription(spec, p.name);
    lines.push('', pc.red(`${p.name} is violated${why ? `: ${why}` : ''}. ${traceHeading(p.trace)}:`));
    lines.push(renderTrace(p.trace, spec.format, explainViolation(spec, p.name, p.trace.steps)));
  }
  const s = r.stats;
  lines.push(
    '',
    `${count(s.distinct)} distinct states${orbits(s)}, ${count(s.generated)} generated, depth ${s.depth}, ${seconds(s.seconds)} ` +
      `(${count(s.distinctPerSecond)} distinct/s${s.workers > 1 ? `, ${s.workers} workers` : ''}, store ${bytes(s.storeBytes)}, peak RSS ${bytes(s.peakRssBytes)})`,
  );
  const stopped = stopSentence(r, maxStates, maxGiB);
  if (stopped !== undefined) lines.push(pc.yellow(`incomplete: ${stopped}`));
  lines.push(pc.dim(`replay with: ${replay}`));
  return lines.join('\n');
}

function toJson(
  spec: Spec<unknown>,
  r: CheckResult<unknown>,
  variant: string,
  constants: Constants,
  replay: string,
  symmetry: boolean,
  maxStates?: number,
  maxGiB?: number,
): unknown {
  return {
    format: 'dnsplan-check/1',
    command: 'check',
    spec: r.spec,
    variant,
    constants: describeConstants(constants),
    outcome: r.outcome.status,
    ...(r.outcome.status === 'incomplete' ? { reason: r.outcome.reason, message: stopSentence(r, maxStates, maxGiB) } : {}),
    properties: r.properties.map((p) =>
      p.status === 'violated'
        ? { name: p.name, kind: p.kind, status: p.status, description: propertyDescription(spec, p.name), because: explainViolation(spec, p.name, p.trace.steps), trace: traceData(p.trace, constants) }
        : { name: p.name, kind: p.kind, status: p.status, ...(p.status === 'holds' && p.by !== undefined ? { by: p.by, proof: progressProof(spec, p.name, symmetry) } : {}) },
    ).map((p) => {
      const assumes = p.kind === 'liveness' ? assumptions(spec, p.name) : undefined;
      return assumes === undefined ? p : { ...p, assumes };
    }),
    stats: r.stats,
    replay,
  };
}
