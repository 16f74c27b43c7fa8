import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { match } from 'ts-pattern';
import { parseTarget } from '../../../adapters/http/target.js';
import { jsonText } from '../../../conformance/history/json-text.js';
import { REFERENCE_NAMES, ReferenceAdapter } from '../../../adapters/reference/index.js';
import {
  CoverageLimitError,
  HistoryDirBusyError,
  LEVELS,
  ScheduleFileError,
  formatSchedule,
  observedAdapter,
  parseSchedule,
  postmortem,
  protocolConstantsOf,
  readScheduleFile,
  runConformance,
  type Adapter,
  type ConformanceResult,
  type NamedSchedule,
  type RequiredLevel,
  type ServedObserver,
} from '../../../conformance/index.js';
import { DEFAULT_ZONE } from '../../../adapters/coredns/zone.js';
import type { ProtocolConstants } from '../../../conformance/protocol/index.js';
import { VARIANT_NAMES, enactorNames, endpointNames, type Shape } from '../../../spec/index.js';
import { freshSeed } from '../../engine/index.js';
import type { Runnable } from '../command.js';
import { observeFlag, rfc2136Flag, settleFlag, tsigFlag, zoneFlag, type ObserveTarget } from '../dns-flags.js';
import { integerFlag, numberFlag, oneOf } from '../flags.js';
import { startProgress } from '../progress.js';
import { count } from '../render/numbers.js';
import { writeOutputs } from '../outputs.js';
import { conformOutputs } from '../render/report-conform.js';
import { incompleteSentence, renderBroken, renderConformance } from '../render/conformance.js';
import { forTerminal } from '../render/escape.js';
import { replayLine } from '../replay.js';
import { shapeFrom } from '../spec-flags.js';
import { conform } from '../table/conform.js';
import { UsageError } from '../usage-error.js';

export const conformCommand: Runnable = {
  async run(_args, o, io) {
    const cmd = 'conform';
    const onBackend = o['coredns'] === true || o['rfc2136'] !== undefined;
    const targets = [o['reference'] !== undefined && !onBackend, o['target'] !== undefined, o['coredns'] === true, o['rfc2136'] !== undefined].filter(Boolean).length;
    if (targets !== 1) throw new UsageError(`dnsplan conform: give exactly one of --reference V, --target URL, --coredns or --rfc2136 SERVER`);
    if (o['observe'] !== undefined && o['target'] === undefined) throw new UsageError('dnsplan conform: --observe needs --target URL (the backends observe themselves)');
    if (o['settle'] !== undefined && o['observe'] === undefined) throw new UsageError('dnsplan conform: --settle needs --observe');
    if (o['tsig'] !== undefined && (o['rfc2136'] === undefined || o['rfc2136'] === 'auto')) throw new UsageError('dnsplan conform: --tsig needs --rfc2136 HOST:PORT (auto makes its own key)');
    const rfc2136 = o['rfc2136'] === undefined ? undefined : rfc2136Flag(cmd, o['rfc2136']);
    const tsig = tsigFlag(cmd, o['tsig'] ?? (o['rfc2136'] === undefined || o['rfc2136'] === 'auto' ? undefined : process.env['DNSPLAN_TSIG']));
    const observe = o['observe'] === undefined ? undefined : observeFlag(cmd, o['observe']);
    const settle = settleFlag(cmd, o['settle']);
    const zone = zoneFlag(cmd, o['zone'], DEFAULT_ZONE);
    const shape = shapeFrom(cmd, o);
    const specVariant = oneOf(cmd, 'spec variant', o['spec'] ?? 'fixed', VARIANT_NAMES);
    const level = oneOf(cmd, 'level', o['level'] ?? 'live', LEVELS.slice(1) as RequiredLevel[]);
    const runs = o['runs'] === undefined ? 100 : integerFlag(cmd, '--runs', o['runs'], 1, 1_000_000);
    const length = o['length'] === undefined ? 40 : integerFlag(cmd, '--length', o['length'], 1, 10_000);
    const seed = o['seed'] === undefined ? freshSeed() : integerFlag(cmd, '--seed', o['seed'], 0, 2 ** 31 - 1);
    const firstGeneration = o['firstGeneration'] === undefined ? undefined : integerFlag(cmd, '--first-generation', o['firstGeneration'], 1, Number.MAX_SAFE_INTEGER);
    const timeout = o['timeout'] === undefined ? 5000 : integerFlag(cmd, '--timeout', o['timeout'], 1, 600_000);
    const deadline = o['deadline'] === undefined ? undefined : Date.now() + 1000 * integerFlag(cmd, '--deadline', o['deadline'], 1, 86_400);
    const target = o['target'] === undefined ? undefined : parseTarget(String(o['target']));
    if (typeof target === 'string') throw new UsageError(`dnsplan conform: --target ${forTerminal(target)}`);
    const retries = o['retries'] === undefined ? 0 : integerFlag(cmd, '--retries', o['retries'], 0, 100);
    const waitReadyS = o['waitReady'] === undefined ? 10 : numberFlag(cmd, '--wait-ready', o['waitReady'], 0, 3600);
    const goal = o['coverage'] === false ? 'off' : oneOf(cmd, 'coverage goal', o['coverage'] ?? 'transitions', ['transitions', 'states', 'off'] as const);
    const maxStates = o['maxStates'] === undefined ? 1_000_000 : integerFlag(cmd, '--max-states', o['maxStates'], 1, 100_000_000);
    const pinned = protocolConstantsOf(shape);
    // The postmortem race runs first in every run; `--schedule postmortem` runs it alone.
    const race = postmortem(pinned.enactors);
    let schedule;
    let named: NamedSchedule[] = race === undefined ? [] : [race];
    if (o['schedule'] === 'postmortem') {
      if (race === undefined) throw new UsageError('dnsplan conform: --schedule postmortem needs at least 2 enactors');
    } else if (o['schedule'] !== undefined) {
      named = [];
      try {
        schedule = parseSchedule(String(o['schedule']), enactorNames(shape));
      } catch (e) {
        throw new UsageError(`dnsplan conform: --schedule: ${(e as Error).message}`);
      }
    }
    if (o['schedules'] !== undefined) named = [...named, ...scheduleFile(String(o['schedules']), pinned)];
    const alone = o['schedule'] === 'postmortem';
    const reference = o['reference'] === undefined ? (onBackend ? 'fixed' : undefined) : oneOf(cmd, 'reference', o['reference'], REFERENCE_NAMES);
    const historyDir = String(o['historyDir'] ?? join('runs', String(seed)));
    const keepHistories = o['keepHistories'] === undefined ? 0 : integerFlag(cmd, '--keep-histories', o['keepHistories'], 0, 1_000_000);
    // The constants a vendor did not pin are swept: part of the budget on 2 and 3 endpoints, with crashes.
    const sweep = schedule === undefined && !alone && !onBackend && observe === undefined ? sweptShapes(shape, o['endpoints'] !== undefined, o['crashes'] !== undefined) : [];
    const sweepRuns = Math.max(1, Math.ceil(runs / 5));
    const swept: Swept[] = [];
    // The constants of the swept run that failed, pinned in the replay lines.
    let pin: Record<string, unknown> = {};
    let seedLine = replayLine(cmd, conform.flags, o, { set: { seed } });
    // A failing run's replay pins the generation its plans started at.
    let failedFirst: number | undefined;
    const scheduleLine = (s: string) => replayLine(cmd, conform.flags, o, { set: { ...pin, schedule: s, ...(failedFirst === undefined || failedFirst === 1 ? {} : { firstGeneration: failedFirst }) }, omit: ['--seed', '--runs', '--length'] });

    let adapter: Adapter;
    if (target !== undefined) {
      const { HttpAdapter, waitReady } = await import('../../../adapters/http/index.js');
      if (!(await waitReady(target, waitReadyS))) {
        io.err(`dnsplan conform: nothing accepted a connection at ${forTerminal(target.url)} within ${waitReadyS} s (--wait-ready): the implementation never came up`);
        io.err(`rerun with: ${seedLine}`);
        return 2;
      }
      adapter = new HttpAdapter({ url: String(o['target']), requestTimeoutMs: timeout, ...(deadline === undefined ? {} : { deadline }) });
    } else if (o['coredns']) {
      const mode = oneOf(cmd, 'observer', o['observer'] ?? 'auto', ['auto', 'dns', 'etcd'] as const);
      const { openReferenceOnEtcd } = await import('../../../adapters/coredns/index.js');
      try {
        adapter = await openReferenceOnEtcd({
          variant: reference!,
          etcd: String(o['etcd'] ?? 'http://127.0.0.1:2379'),
          zone,
          endpoints: endpointNames(shape),
          observer: mode,
        });
      } catch (e) {
        io.err(`dnsplan conform: cannot use the CoreDNS backend: ${forTerminal((e as Error).message)}`);
        return 2;
      }
    } else if (rfc2136 !== undefined) {
      const { openReferenceOnRfc2136 } = await import('../../../adapters/rfc2136/index.js');
      try {
        adapter = await openReferenceOnRfc2136({
          variant: reference!,
          server: rfc2136,
          zone,
          ...(tsig === undefined ? {} : { tsig }),
          endpoints: endpointNames(shape),
          enactors: enactorNames(shape),
        });
      } catch (e) {
        io.err(`dnsplan conform: cannot use the RFC 2136 backend: ${forTerminal((e as Error).message)}`);
        return 2;
      }
    } else {
      adapter = new ReferenceAdapter({ variant: reference! });
    }
    if (observe !== undefined) adapter = await observing(adapter, observe, zone, endpointNames(shape), settle);

    let result: ConformanceResult;
    const progress = startProgress(io, { command: 'conform', label: 'running', quiet: o['quiet'] === true });
    const started = performance.now();
    try {
      result = await runConformance({
        adapter,
        shape,
        specVariant,
        level,
        runs,
        seed,
        length,
        historyDir,
        keepHistories,
        commandLine: seedLine,
        coverage: o['coverage'] !== false,
        guide: alone ? 'off' : goal,
        maxStates,
        named,
        ...(alone ? { runs: 0 } : {}),
        ...(schedule === undefined ? {} : { schedule }),
        ...(deadline === undefined ? {} : { deadline }),
        retries,
        ...(firstGeneration === undefined ? {} : { firstGeneration }),
        onProgress: (done, total, so) => {
          const rate = `${count(done / ((performance.now() - started) / 1000))} runs/s`;
          const c = so?.coverage;
          const covered = c === undefined ? '' : `  coverage ${count(c.states.covered)} of ${count(c.states.reachable)} states, ${count(c.transitions.covered)} of ${count(c.transitions.reachable)} transitions`;
          progress.update(`${count(done)} of ${count(total)} runs  ${count(so?.steps ?? 0)} steps  ${rate}${covered}`);
        },
      });
      for (const s of sweep) {
        if (result.verdict !== 'conformant') break;
        const set = { endpoints: s.endpoints, ...(s.crashes ? { crashes: true } : {}) };
        // A swept run is exactly what conform runs with its constants pinned, --runs and
        // --no-coverage: the postmortem race, then generated schedules (no --schedules file:
        // it was made for the pinned constants). So its line replays exactly it.
        const line = replayLine(cmd, conform.flags, o, { set: { seed, ...set, runs: sweepRuns, coverage: false }, omit: ['--schedules'] });
        const r = await runConformance({
          adapter,
          shape: s,
          specVariant,
          level,
          runs: sweepRuns,
          seed,
          length,
          historyDir: join(historyDir, `endpoints-${s.endpoints}${s.crashes ? '-crashes' : ''}`),
          keepHistories,
          commandLine: line,
          coverage: false,
          guide: 'off',
          named: race === undefined ? [] : [race],
          ...(deadline === undefined ? {} : { deadline }),
          retries,
          ...(firstGeneration === undefined ? {} : { firstGeneration }),
        });
        swept.push({ constants: r.constants, runs: r.runs, verdict: r.verdict, histories: r.histories });
        if (r.verdict !== 'conformant') {
          result = r;
          pin = set;
          seedLine = line;
        }
      }
    } catch (e) {
      if (e instanceof HistoryDirBusyError) {
        io.err(`dnsplan conform: ${forTerminal(e.message)}`);
        return 2;
      }
      if (!(e instanceof CoverageLimitError)) throw e;
      io.err(`dnsplan conform: ${e.message}: raise --max-states (now ${count(e.maxStates)}), or give --no-coverage to neither steer toward coverage nor measure it`);
      return 2;
    } finally {
      progress.stop();
      await adapter.close();
    }
    failedFirst = result.counterexample?.minimal.firstGeneration;
    const code = match(result.verdict)
      .with('conformant', () => 0)
      .with('not-conformant', () => 1)
      .with('broken', () => 2)
      .with('incomplete', () => 2)
      .exhaustive();
    // The verdict first; then the histories that could not be written and the secondary
    // outputs, each failure one sentence and exit 2.
    if (o['json']) io.out(jsonText({ ...(toJson(result, seedLine, scheduleLine) as object), ...(swept.length === 0 ? {} : { swept }) }));
    else if (result.verdict === 'broken') io.err(renderBroken(result, result.histories['broken']));
    else io.out(renderConformance(result, { schedule: scheduleLine, seed: seedLine }) + (swept.length === 0 ? '' : `\n${sweptSentence(swept)}`));
    for (const sentence of result.unwritten ?? []) io.err(`dnsplan conform: ${forTerminal(sentence)}`);
    return writeOutputs(cmd, result.unwritten === undefined ? code : 2, conformOutputs(o, result, { seed: seedLine, schedule: scheduleLine }), io);
  },
};

/** One swept run of constants the vendor did not pin. */
interface Swept {
  readonly constants: ConformanceResult['constants'];
  readonly runs: number;
  readonly verdict: ConformanceResult['verdict'];
  /** Its history files, by role (`runs`: the archive of every swept run). */
  readonly histories: ConformanceResult['histories'];
}

/**
 * The shapes swept besides the one given: 2 and 3 endpoints unless --endpoints was given, with
 * crashes unless --crashes was; none when both were.
 */
function sweptShapes(shape: Shape, endpointsPinned: boolean, crashesPinned: boolean): Shape[] {
  if (endpointsPinned && crashesPinned) return [];
  const crashes = crashesPinned ? shape.crashes : true;
  return (endpointsPinned ? [shape.endpoints] : [2, 3]).map((endpoints) => ({ ...shape, endpoints, crashes })).filter((s) => s.endpoints !== shape.endpoints || s.crashes !== shape.crashes);
}

/** What the sweep of constants covered, one line. */
function sweptSentence(swept: readonly Swept[]): string {
  const parts = swept.map((s) => `${count(s.runs)} runs with ${s.constants.endpoints.length} endpoint${s.constants.endpoints.length === 1 ? '' : 's'}${s.constants.crashes ? ' and crashes' : ''}: ${s.verdict}`);
  const archives = swept.flatMap((s) => (s.histories['runs'] === undefined ? [] : [forTerminal(s.histories['runs'])]));
  return `constants swept (not pinned by --endpoints/--crashes): ${parts.join('; ')}${archives.length === 0 ? '' : `\nevery swept run's history: ${archives.join(', ')}`}`;
}

/** `adapter` observed also by the harness's own observer of served answers, under names unique to this run. */
async function observing(adapter: Adapter, target: ObserveTarget, zone: string, endpoints: readonly string[], settleMs: number): Promise<Adapter> {
  const { newRunId } = await import('../../../adapters/coredns/index.js');
  const run = newRunId();
  const names = Object.fromEntries(endpoints.map((e) => [e, `${e}.${run}.${zone}`]));
  let observer: ServedObserver;
  if (target.kind === 'dns') {
    const { DnsServedObserver } = await import('../../../adapters/rfc2136/index.js');
    observer = new DnsServedObserver({ host: target.host, port: target.port }, zone);
  } else {
    const { EtcdServedObserver } = await import('../../../adapters/coredns/index.js');
    observer = new EtcdServedObserver(target.url, zone);
  }
  return observedAdapter(adapter, observer, { names, settleMs });
}

/** The named schedules of a --schedules file, or a usage error naming the file, where and what is wrong. */
function scheduleFile(file: string, run: ProtocolConstants): NamedSchedule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`dnsplan conform: --schedules ${forTerminal(file)}: cannot read it: ${forTerminal((e as Error).message)}`);
  }
  try {
    return readScheduleFile(file, text, run);
  } catch (e) {
    if (e instanceof ScheduleFileError) throw new UsageError(`dnsplan conform: --schedules ${forTerminal(e.message)}`);
    throw e;
  }
}

function toJson(r: ConformanceResult, seedLine: string, scheduleLine: (s: string) => string): unknown {
  const ce = r.counterexample;
  const b = r.broken?.broken;
  return {
    format: 'dnsplan-conform/1',
    command: 'conform',
    verdict: r.verdict,
    ...(r.verdict === 'incomplete' ? { message: incompleteSentence(r) } : {}),
    target: r.target,
    observer: r.observer,
    levelRequired: r.levelRequired,
    levelReached: r.levelReached,
    specVariant: r.specVariant,
    constants: r.constants,
    runs: r.runs,
    steps: r.steps,
    seconds: r.seconds,
    seed: r.seed,
    ...(ce
      ? {
          counterexample: {
            violation: ce.violation,
            schedule: ce.minimal.schedule,
            originalLength: ce.original.schedule.length,
            shrinks: ce.shrinks,
            history: ce.minimal.steps,
            replay: scheduleLine(formatSchedule(ce.minimal.schedule)),
            ...(ce.named === undefined ? {} : { named: ce.named }),
            reproduced: ce.reproduced,
            minimalFails: ce.minimalFails,
          },
          worseMayBeHidden: r.worseMayBeHidden,
        }
      : {}),
    ...(b ? { broken: { step: b.step, command: b.command, ...(b.event === undefined ? {} : { event: b.event }), message: b.error.message, ...b.error.details } } : {}),
    ...(r.coverage ? { coverage: r.coverage } : {}),
    phases: r.phases,
    ...(r.implementation === undefined ? {} : { implementation: r.implementation }),
    skipped: r.skipped,
    histories: r.histories,
    ...(r.unwritten ? { unwritten: r.unwritten } : {}),
    replay: seedLine,
  };
}
