import { match } from 'ts-pattern';
import { HistoryChecker, classify, describeEvent, type Event, type HistoryLine, type Violation } from '../../../conformance/index.js';
import type { Command, HistoryHeader, HistoryStep, Observation, ProtocolConstants } from '../../../conformance/protocol/index.js';
import { constantsOf, formatState, has, state, type State, type VariantName } from '../../../spec/index.js';
import type { Trace } from '../../engine/index.js';
import { laneOf, lanesFor, type Band, type Mark, type Timeline } from './timeline.js';

/** A recorded history: what its header says about the run, and its step lines in order. */
export interface HistoryInput {
  readonly constants: ProtocolConstants;
  readonly specVariant: VariantName;
  /** The observation right after reset. */
  readonly initial: Observation;
  readonly steps: readonly HistoryStep[];
  /** The first violation to highlight, if the history shows one. */
  readonly violation?: Pick<Violation, 'step' | 'property' | 'message'>;
  /** How many steps came from the schedule (the rest are the fair tail). */
  readonly scheduled?: number;
  readonly observer?: string;
}

/** The step lines of a history (header, footer and error lines left out). */
function stepLines(lines: readonly HistoryLine[]): HistoryStep[] {
  return lines.filter((l): l is HistoryStep => l.type === 'step');
}

/** A history from its header and lines, when the reset succeeded (the header has the initial observation). */
export function historyInput(header: HistoryHeader, lines: readonly HistoryLine[], violation?: HistoryInput['violation'], scheduled?: number): HistoryInput | undefined {
  if (header.initial === undefined) return undefined;
  return {
    constants: header.constants,
    specVariant: header.specVariant,
    initial: header.initial,
    steps: stepLines(lines),
    observer: header.observer,
    ...(violation ? { violation } : {}),
    ...(scheduled === undefined ? {} : { scheduled }),
  };
}

/** An event in a few characters, for the mark's label: `write regional 4`, `clean −{1, 2}`. */
function shortEvent(e: Event, oneEndpoint: boolean): string {
  return match(e)
    .with({ kind: 'plan' }, (x) => `plan ${x.generation}`)
    .with({ kind: 'pick' }, (x) => `pick ${x.generation}`)
    .with({ kind: 'write' }, (x) => `write ${oneEndpoint ? '' : `${x.endpoint} `}${x.generation}${x.outcome === 'written' ? '' : ` ${x.outcome}`}`)
    .with({ kind: 'clean' }, (x) => (x.deleted.length === 0 ? 'clean' : `clean −{${x.deleted.join(', ')}}`))
    .with({ kind: 'collect' }, (x) => (x.deleted.length === 0 ? 'collect' : `collect −{${x.deleted.join(', ')}}`))
    .with({ kind: 'crash' }, () => 'crash')
    .with({ kind: 'idle' }, () => 'idle')
    .exhaustive();
}

/** `s` with each record observed empty pointing to the deleted plan it was last written with, when the state does not already say so. */
function emptied(s: State, records: readonly Band[], written: readonly number[]): State {
  let applied = s.applied;
  records.forEach((b, p) => {
    const g = written[p]!;
    if (b.kind !== 'empty' || !has(s.plans, s.applied[p]!) || g === 0 || has(s.plans, g)) return;
    if (applied === s.applied) applied = applied.slice();
    (applied as number[])[p] = g;
  });
  return applied === s.applied ? s : state(s.latest, s.plans, applied, s.pc, s.held, s.pending);
}

/** A command as a step label, e.g. `step(b)`. */
function commandLabel(c: Command): string {
  return c.kind === 'step' || c.kind === 'crash' ? `${c.kind}(${c.enactor})` : c.kind;
}

function bands(records: Observation['records'], endpoints: readonly string[]): Band[] {
  return endpoints.map((p, i): Band => {
    const k = classify(i, records[p]);
    return k.kind === 'plan' ? { kind: 'plan', plan: k.generation } : k.kind === 'empty' ? { kind: 'empty' } : { kind: 'torn', detail: k.detail };
  });
}

/**
 * A history as a space-time picture and as a trace of spec states. The spec state of each
 * step is the history checker's reconstruction (after a step the spec does not allow, the
 * plan store and records as observed); the picture's bands are what was observed.
 */
export function fromHistory(h: HistoryInput, title: string): { timeline: Timeline; trace: Trace<State> } {
  const k = h.constants;
  const checker = new HistoryChecker(
    constantsOf(h.specVariant, { enactors: k.enactors.length, endpoints: k.endpoints.length, maxPlan: k.maxPlan, keep: k.keep, collector: k.collector, crashes: k.crashes }),
    k.enactors,
    k.endpoints,
  );
  checker.initial(h.initial);
  // With an independent observer, `records` is what was served and `claimed` the
  // implementation's word; the picture shows the claim on top and what was served beneath.
  const channels = (o: Observation): { records: Band[]; served?: Band[] } =>
    o.claimed === undefined ? { records: bands(o.records, k.endpoints) } : { records: bands(o.claimed, k.endpoints), served: bands(o.records, k.endpoints) };
  const observed = (o: Observation): Record<string, string> => {
    const out: Record<string, string> = { 'observed plans': `{${o.plans.join(', ')}}` };
    const served = o.claimed === undefined ? 'observed' : 'served';
    k.endpoints.forEach((p) => (out[`${served} ${p}`] = (o.records[p] ?? []).join(', ') || '(nothing)'));
    if (o.claimed !== undefined) k.endpoints.forEach((p) => (out[`claimed ${p}`] = (o.claimed![p] ?? []).join(', ') || '(nothing)'));
    return out;
  };
  const marks: Mark[] = [
    {
      index: 0,
      lane: -1,
      action: 'reset',
      short: 'reset',
      ...channels(h.initial),
      plans: [...h.initial.plans].sort((a, b) => a - b),
      state: { ...formatState(checker.current), ...observed(h.initial) },
    },
  ];
  const steps: { action: string | undefined; state: State }[] = [{ action: undefined, state: checker.current }];
  let twoChannels = h.initial.claimed !== undefined;
  // The plan each record was last written with, to show an empty record as pointing to it
  // (after a step the spec does not allow, the checker's state follows what was observed,
  // and a record that resolves to nothing names no plan there).
  const written: number[] = k.endpoints.map(() => 0);
  for (const line of h.steps) {
    checker.step(line.index, line.event, line.observation);
    if (line.event.kind === 'write' && line.event.outcome === 'written') {
      const p = k.endpoints.indexOf(line.event.endpoint);
      if (p >= 0) written[p] = line.event.generation;
    }
    const now = emptied(checker.current, bands(line.observation.records, k.endpoints), written);
    twoChannels ||= line.observation.claimed !== undefined;
    const c = line.command;
    const event = describeEvent(line.event);
    marks.push({
      index: line.index,
      lane: laneOf(c.kind === 'step' ? 'step' : c.kind, 'enactor' in c ? c.enactor : undefined, k.enactors),
      action: commandLabel(c),
      short: shortEvent(line.event, k.endpoints.length === 1),
      event,
      ...channels(line.observation),
      plans: [...line.observation.plans].sort((a, b) => a - b),
      state: { event, ...formatState(now), ...observed(line.observation) },
    });
    steps.push({ action: event, state: now });
  }
  const timeline: Timeline = {
    title,
    lanes: lanesFor(k.enactors),
    endpoints: k.endpoints,
    maxPlan: Math.max(k.maxPlan, ...marks.flatMap((m) => m.plans)),
    marks,
    ...(h.violation ? { violation: { step: h.violation.step, property: h.violation.property, sentence: h.violation.message } } : {}),
    ...(twoChannels ? { channels: { records: 'the implementation says', served: `${h.observer ?? 'the observer'} served` } } : {}),
    ...(h.scheduled !== undefined && h.scheduled < h.steps.length ? { scheduled: h.scheduled } : {}),
  };
  return { timeline, trace: { steps } };
}
