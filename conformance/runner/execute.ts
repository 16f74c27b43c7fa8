/**
 * One run: reset the implementation, drive it through a schedule, observe after every step,
 * check each step as it comes, and, for the `live` level, finish with fair steps (the
 * remaining plans, then every enactor in turn until a whole round does nothing) and see
 * whether every record reached the last plan. Each step is written to the history as it
 * happens.
 */
import { match } from 'ts-pattern';
import { planFor } from '../addresses.js';
import { abstractEvent, abstractObservation } from '../offsets.js';
import { AdapterError, DeadlineReached, type Adapter, type Event } from '../adapter.js';
import { disagreement, servedBy } from '../channels.js';
import { HistoryChecker } from '../check-history.js';
import type { HistoryLine, HistoryWriter } from '../history/writer.js';
import type { Level, Violation } from '../levels.js';
import type { Command, Observation, ProtocolConstants } from '../protocol/index.js';
import { checkEventFor, checkObservation } from './answers.js';
import type { State } from '../../spec/index.js';
import type { RunContext } from './context.js';

/** A schedule made step by step: the next command from the spec state the run is in (`undefined` once the history left the spec); `undefined` ends it. */
export interface Steering {
  next(state: State | undefined): Command | undefined;
}

export interface RunRecord {
  readonly schedule: readonly Command[];
  /** The generation the run's plans started at (its reset named it); the steps carry abstract generations. */
  readonly firstGeneration: number;
  /** The step lines, in order (the schedule's, then the fair tail's). */
  readonly steps: HistoryLine[];
  level: Level;
  /** How many of the steps came from the schedule (the rest are the fair tail). */
  scheduled: number;
  readonly violations: Violation[];
  /**
   * Set when the implementation broke the protocol: the run ended there. `event` is the
   * step's event when what failed is the observation after it (the step took effect).
   */
  broken?: { readonly error: AdapterError; readonly step: number; readonly command: Command | undefined; readonly event?: Event };
  /** Set when the whole-run deadline stopped the run before its end: it proves nothing either way. */
  stopped?: true;
}

/**
 * Runs one schedule. The run's plans start at generation `first` (the reset names it); every
 * event and observation is mapped to abstract generations (observed − first + 1) as it comes,
 * so the checks, the coverage and the history see the same run whatever the offset.
 */
export async function execute(ctx: RunContext, source: readonly Command[] | Steering, run: number, history?: HistoryWriter, first = 1): Promise<RunRecord> {
  const { adapter, constants, protocolConstants } = ctx;
  const steered = 'next' in source ? source : undefined;
  const schedule: Command[] | readonly Command[] = steered === undefined ? (source as readonly Command[]) : [];
  const record: RunRecord = { schedule, firstGeneration: first, steps: [], level: 'none', scheduled: 0, violations: [] };
  const checker = new HistoryChecker(constants, protocolConstants.enactors, protocolConstants.endpoints);
  let index = 0;
  let latest = 1;
  let command: Command | undefined;
  // The event of a step whose observation has not come back yet: kept if the observe fails.
  let unobserved: Event | undefined;
  try {
    const header = (initial?: Observation) =>
      history?.write({
        type: 'header',
        format: 'dnsplan-history/1',
        target: adapter.target,
        observer: adapter.observer,
        constants: protocolConstants,
        specVariant: ctx.specVariant,
        seed: ctx.seed,
        run,
        ...(first === 1 ? {} : { firstGeneration: first }),
        started: new Date().toISOString(),
        ...(ctx.commandLine === undefined ? {} : { command: ctx.commandLine }),
        ...(initial === undefined ? {} : { initial }),
      });
    let initial: Observation;
    try {
      await adapter.reset({ protocol: 'dnsplan/1', constants: protocolConstants, plan: planFor(1, protocolConstants.endpoints, first), ...(first === 1 ? {} : { firstGeneration: first }) });
      initial = await adapter.observe();
      checkObservation(initial, protocolConstants.endpoints);
      initial = abstractObservation(initial, first);
    } catch (error) {
      header();
      throw error;
    }
    header(initial);
    const by = servedBy(adapter.observer);
    const compare = (at: number, o: Observation) => {
      const d = disagreement(o, protocolConstants.endpoints, by);
      if (d !== undefined) checker.disagree(at, d.message, d.claimed, d.served);
    };
    compare(0, initial);
    checker.initial(initial);
    foreignTorn(checker, 0, initial);
    ctx.coverage?.visit(checker.current);

    const drive = async (c: Command): Promise<Event | undefined> => {
      command = c;
      if (ctx.deadline !== undefined && Date.now() >= ctx.deadline) throw new DeadlineReached(c.kind === 'step' || c.kind === 'crash' ? `${c.kind}(${c.enactor})` : c.kind);
      const started = performance.now();
      const retried: string[] = [];
      let event: Event | undefined;
      for (;;) {
        try {
          event = await send(adapter, c, latest, protocolConstants, first);
          break;
        } catch (error) {
          const again = error instanceof AdapterError && !(error instanceof DeadlineReached) && error.details.happened === 'no' && retried.length < (ctx.retries ?? 0);
          if (!again) throw error;
          retried.push(error.message);
        }
      }
      if (event === undefined) return undefined;
      checkEventFor(c, event);
      event = abstractEvent(event, first);
      unobserved = event;
      let observation = await adapter.observe();
      checkObservation(observation, protocolConstants.endpoints);
      observation = abstractObservation(observation, first);
      unobserved = undefined;
      if (event.kind === 'plan') latest = event.generation;
      index++;
      const before = checker.current;
      const refinedBefore = checker.refinement === undefined;
      compare(index, observation);
      checker.step(index, event, observation);
      if (ctx.coverage && refinedBefore && checker.refinement === undefined) {
        ctx.coverage.take(before, checker.refine.action);
        ctx.coverage.visit(checker.current);
      }
      const line: HistoryLine = { type: 'step', index, command: c, event, observation, ...(retried.length > 0 ? { retries: retried } : {}), ms: performance.now() - started };
      record.steps.push(line);
      history?.write(line);
      foreignTorn(checker, index, observation);
      return event;
    };

    if (steered === undefined) for (const c of schedule) await drive(c);
    else {
      for (let c = steered.next(checker.current); c !== undefined; c = steered.next(checker.refinement === undefined ? checker.current : undefined)) {
        (schedule as Command[]).push(c);
        await drive(c);
      }
    }
    record.scheduled = index;
    let last: Observation | undefined;
    if (ctx.level === 'live' && checker.level === 'refines') {
      while (latest < protocolConstants.maxPlan) await drive({ kind: 'plan' });
      const rounds = 4 * protocolConstants.enactors.length * (protocolConstants.endpoints.length + 2);
      for (let r = 0; r < rounds; r++) {
        let busy = false;
        for (const e of protocolConstants.enactors) {
          const event = await drive({ kind: 'step', enactor: e });
          if (event !== undefined && event.kind !== 'idle') busy = true;
        }
        if (!busy) break;
      }
      last = await adapter.observe();
      checkObservation(last, protocolConstants.endpoints);
      last = abstractObservation(last, first);
    }
    record.level = checker.level;
    record.violations.push(...checker.unsafe.values());
    if (checker.refinement) record.violations.push(checker.refinement);
    if (last !== undefined && record.level === 'refines') {
      const stuck = checker.converged(index, last);
      if (stuck) record.violations.push(stuck);
      else record.level = 'live';
    }
    // The footer marks where the fair tail started, so that a recording can be judged live.
    history?.write({ type: 'footer', steps: index, outcome: 'completed', ended: new Date().toISOString(), ...(last === undefined ? {} : { fairFrom: record.scheduled + 1 }) });
  } catch (caught) {
    if (!(caught instanceof AdapterError)) throw caught;
    if (caught instanceof DeadlineReached) {
      record.stopped = true;
      history?.write({ type: 'footer', steps: index, outcome: 'aborted', ended: new Date().toISOString() });
      return record;
    }
    // An observation changes nothing: whatever went wrong with one, it did not happen.
    const error = caught.details.lifecycle === 'observe' ? new AdapterError(caught.message, { ...caught.details, happened: 'no' }) : caught;
    record.broken = { error, step: index + 1, command, ...(unobserved === undefined ? {} : { event: unobserved }) };
    history?.write({
      type: 'error',
      index: index + 1,
      ...(command === undefined ? {} : { command }),
      ...(unobserved === undefined ? {} : { event: unobserved }),
      lifecycle: error.details.lifecycle,
      message: error.message,
      happened: error.details.happened,
    });
    history?.write({ type: 'footer', steps: index, outcome: 'aborted', ended: new Date().toISOString() });
  }
  return record;
}

/**
 * A torn answer seen together with records the harness did not write in the run's part of the
 * zone is the environment's fault, not the implementation's: the run stops (exit 2) naming them.
 */
function foreignTorn(checker: HistoryChecker, index: number, o: Observation): void {
  const torn = checker.unsafe.get('NoTornRecord');
  if (o.foreign === undefined || o.foreign.length === 0 || torn === undefined || torn.step !== index) return;
  const shown = o.foreign.slice(0, 5).join('; ') + (o.foreign.length > 5 ? `; and ${o.foreign.length - 5} more` : '');
  throw new AdapterError(
    `${torn.message}, but the run's part of the zone holds records the harness did not write (foreign, never trusted): ${shown}; the harness cannot judge the implementation on a zone it shares with them`,
    { lifecycle: 'observe', happened: 'no', blame: 'environment' },
  );
}

/**
 * Sends one command; `undefined` when the command is not possible in this run (no event).
 * A switch, not a match: it runs for every step.
 */
function send(adapter: Adapter, c: Command, latest: number, k: ProtocolConstants, first: number): Promise<Event> | undefined {
  switch (c.kind) {
    case 'plan':
      return latest >= k.maxPlan ? undefined : adapter.plan(planFor(latest + 1, k.endpoints, first));
    case 'step':
      return adapter.step(c.enactor);
    case 'collect':
      return k.collector ? adapter.collect() : undefined;
    case 'crash':
      return k.crashes ? adapter.crash(c.enactor) : undefined;
    default:
      return unknownCommand(c);
  }
}

function unknownCommand(c: never): never {
  throw new TypeError(`unknown command ${JSON.stringify(c)}`);
}
