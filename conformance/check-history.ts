/**
 * The history checker: replays what an implementation did against the spec, one step at a
 * time, keeping only the current state. For each step it asks two questions:
 * - refinement: is the reported event a step the spec allows in the reconstructed state, and
 *   does it lead to exactly what was observed (the plan store, and each record resolving to
 *   the plan the spec says or to nothing)?
 * - safety: whatever the implementation claims, does the observed state keep the invariants
 *   (no empty record, no torn record, no record moved back, no plan in use deleted)?
 * After the first refinement failure it resynchronises (the plan store and the records from
 * what was observed, the enactors' own variables from the events) and goes on judging
 * safety, so a history gets both its first refinement and its first safety violations.
 */
import { match } from 'ts-pattern';
import { Pc, has, makeSpec, state, type Constants, type State } from '../spec/index.js';
import { actionLabel } from '../src/engine/index.js';
import { classify, type Classified } from './addresses.js';
import type { Event } from './adapter.js';
import type { Level, Violation } from './levels.js';
import type { Observation } from './protocol/index.js';
import { Refinement } from './refinement.js';
import { answerText, emptySeen, plansText, seeObservation, seenText, type Seen } from './seen.js';

/** The safety properties the checker judges on observed states, the outage first. */
export const SAFETY_PROPERTIES = ['RecordNeverEmpty', 'NoActivePlanDeleted', 'NoTornRecord', 'NoStaleOverwrite'] as const;

export class HistoryChecker {
  /** The reconstructed spec state. */
  current: State;
  /** The first safety and the first refinement violation, once seen. */
  safety: Violation | undefined;
  refinement: Violation | undefined;
  /** The first violation of each safety property, by property. */
  readonly unsafe = new Map<string, Violation>();
  /** The observation of the step being checked; `verify` fills it directly. */
  readonly seen: Seen;
  readonly refine: Refinement;
  /** The last plan each record was seen resolving to (0: not seen yet). */
  private readonly last: number[];

  constructor(
    readonly constants: Constants,
    readonly enactors: readonly string[],
    readonly endpoints: readonly string[],
  ) {
    this.refine = new Refinement(makeSpec(constants), enactors, endpoints);
    this.current = makeSpec(constants).initial[0]!;
    this.seen = emptySeen(endpoints.length);
    this.last = Array<number>(endpoints.length).fill(0);
  }

  /** The level this history has kept so far (convergence is judged by `converged`). */
  get level(): Level {
    return this.safety ? 'none' : this.refinement ? 'safe' : 'refines';
  }

  /** The first violation of each kind, in the order they happened. */
  violations(): Violation[] {
    const all = [...this.unsafe.values(), ...(this.refinement ? [this.refinement] : [])];
    return all.sort((a, b) => a.step - b.step);
  }

  /** The observation right after reset must be the initial state. */
  initial(observation: Observation): void {
    seeObservation(observation, this.endpoints, this.seen);
    this.initialSeen();
  }

  /** Like `initial`, with `seen` already filled. */
  initialSeen(): void {
    this.judge(0, this.current, undefined);
  }

  /** One step: the event the implementation reported and what was observed after it. */
  step(index: number, event: Event, observation: Observation): void {
    seeObservation(observation, this.endpoints, this.seen);
    this.stepSeen(index, event);
  }

  /** Like `step`, with `seen` already filled. */
  stepSeen(index: number, event: Event): void {
    const before = this.current;
    const refinedBefore = this.refinement === undefined;
    const next = this.refine.next(before, event);
    if (typeof next === 'string') {
      this.refinement ??= violation('refines', 'Refinement', index, `${describe(event)} is not a step the spec allows here: ${next}`, this.allowed(before), describe(event));
      this.judge(index, this.resync(before, event), event);
    } else {
      this.judge(index, next, event);
    }
    if (refinedBefore && this.refinement !== undefined) this.refine.action = -1;
  }

  /**
   * The implementation's word and the served answer disagree (./channels.ts): a finding of its
   * own at level `refines`, recorded before the step is judged so that the report names it.
   */
  disagree(index: number, message: string, claimed: string, served: string): void {
    this.refinement ??= violation('refines', 'ChannelsAgree', index, message, claimed, served);
  }

  /** After the fair tail: every record resolves to the last plan. */
  converged(index: number, observation: Observation): Violation | undefined {
    return this.convergedOn(index, (p) => classify(p, observation.records[this.endpoints[p]!]));
  }

  /** Like `converged`, on the observation last seen (a recording's last step). */
  convergedSeen(index: number): Violation | undefined {
    return this.convergedOn(index, (p) => this.seen.records[p]!);
  }

  private convergedOn(index: number, answer: (p: number) => Classified): Violation | undefined {
    for (let p = 0; p < this.endpoints.length; p++) {
      const c = answer(p);
      if (c.kind !== 'plan' || c.generation !== this.constants.maxPlan) {
        const name = this.endpoints[p]!;
        return violation('live', 'Converges', index, `after fair steps the record of ${name} resolves to ${answerText(c)}, not to the last plan ${this.constants.maxPlan}`, `${name}: plan ${this.constants.maxPlan}`, `${name}: ${answerText(c)}`);
      }
    }
    return undefined;
  }

  /** Compares the observation with the expected state and judges the invariants on it. */
  private judge(index: number, next: State, event: Event | undefined): void {
    const o = this.seen;
    const refining = this.refinement === undefined;
    if (refining && (o.plans !== next.plans || o.outside !== 0)) this.mismatch(index, next, event, `the plan store holds ${plansText(o.plans, o.outside)} but the spec says ${plansText(next.plans)}`);
    for (let p = 0; p < this.endpoints.length; p++) {
      const c = o.records[p]!;
      const g = next.applied[p]!;
      const expected = has(next.plans, g) ? g : 0;
      if (c.kind === 'plan') {
        const h = c.generation;
        if (refining && h !== expected) this.mismatch(index, next, event, `the record of ${this.endpoints[p]} resolves to plan ${h}, the spec says ${expected === 0 ? 'nothing' : `plan ${expected}`}`);
        if (h < this.last[p]!) this.unsafe_(index, 'NoStaleOverwrite', `the record of ${this.endpoints[p]} went back from plan ${this.last[p]} to plan ${h}${after(event)}`, `${this.endpoints[p]}: plan ${this.last[p]} or newer`, `${this.endpoints[p]}: plan ${h}`);
        this.last[p] = h;
        if (h <= 30 ? (o.plans & (1 << h)) === 0 : o.outside !== h) {
          this.unsafe_(index, 'NoActivePlanDeleted', `plan ${h}, which the record of ${this.endpoints[p]} points to, is not in the plan store${after(event)}`, `plan ${h} in the plan store`, `plans ${plansText(o.plans, o.outside)}`);
        }
      } else if (c.kind === 'empty') {
        this.unsafe_(index, 'RecordNeverEmpty', `the record of ${this.endpoints[p]} resolves to nothing${after(event)}`, `${this.endpoints[p]}: a plan's addresses`, `${this.endpoints[p]}: nothing`);
        if (refining && expected !== 0) this.mismatch(index, next, event, `the record of ${this.endpoints[p]} resolves to nothing, the spec says plan ${expected}`);
      } else {
        this.unsafe_(index, 'NoTornRecord', `the record of ${this.endpoints[p]} is torn: ${c.detail}${after(event)}`, `${this.endpoints[p]}: one plan's whole address set`, `${this.endpoints[p]}: ${answerText(c)}`);
        if (refining) this.mismatch(index, next, event, `the record of ${this.endpoints[p]} is torn, the spec says ${expected === 0 ? 'nothing' : `plan ${expected}`}`);
      }
    }
    for (let e = 0; e < this.enactors.length; e++) {
      if (next.pc[e] !== Pc.idle && (o.plans & (1 << next.held[e]!)) === 0) {
        const g = next.held[e]!;
        this.unsafe_(index, 'NoActivePlanDeleted', `plan ${g} was deleted while enactor ${this.enactors[e]} still holds it${after(event)}`, `plan ${g} in the plan store (${this.enactors[e]} holds it)`, `plans ${plansText(o.plans, o.outside)}`);
      }
    }
    this.current = this.refinement === undefined ? next : this.observed(next);
  }

  /** The spec's steps from `s`, as trace labels, for a report. */
  private allowed(s: State): string {
    const labels = this.refine.spec.actions.filter((a) => a.next(s) !== undefined).map((a) => actionLabel(a));
    return `one of ${labels.length === 0 ? 'no action' : labels.join(', ')}, or a step that changes nothing (idle)`;
  }

  private mismatch(index: number, next: State, event: Event | undefined, message: string): void {
    const what = event === undefined ? 'reset' : describe(event);
    this.refinement ??= violation('refines', 'Refinement', index, `after ${what}, ${message}`, this.projection(next), seenText(this.seen, this.endpoints));
  }

  private unsafe_(index: number, property: string, message: string, expected: string, observed: string): void {
    if (this.unsafe.has(property)) return;
    const v = violation('safe', property, index, message, expected, observed);
    this.safety ??= v;
    this.unsafe.set(property, v);
  }

  /** What the spec says the observation should be: each record at its plan if that is stored, else nothing. */
  private projection(s: State): string {
    return `plans ${plansText(s.plans)}; ${this.endpoints.map((p, i) => `${p}: ${has(s.plans, s.applied[i]!) ? `plan ${s.applied[i]}` : 'nothing'}`).join(', ')}`;
  }

  /** `s` with the plan store and the records as observed (a record that resolves to no plan keeps its last one). */
  private observed(s: State): State {
    const o = this.seen;
    let applied = s.applied;
    for (let p = 0; p < applied.length; p++) {
      const c = o.records[p]!;
      if (c.kind === 'plan' && c.generation !== applied[p]) {
        if (applied === s.applied) applied = applied.slice();
        (applied as number[])[p] = c.generation;
      }
    }
    let latest = s.latest;
    for (let g = latest + 1; g <= 30; g++) if ((o.plans & (1 << g)) !== 0) latest = g;
    return state(latest, o.plans, applied, s.pc, s.held, s.pending);
  }

  /** After an event that is not a step: the enactors' own variables as the event says they are now. */
  private resync(s: State, event: Event): State {
    const pc = s.pc.slice();
    const held = s.held.slice();
    const pending = s.pending.slice();
    const every = (1 << this.endpoints.length) - 1;
    const e = 'enactor' in event ? this.refine.enactor(event.enactor) : -1;
    if (typeof e === 'number' && e >= 0) {
      match(event)
        .with({ kind: 'pick' }, (ev) => {
          pc[e] = Pc.apply;
          held[e] = ev.generation;
          pending[e] = every;
        })
        .with({ kind: 'write' }, (ev) => {
          if (pc[e] !== Pc.apply) pending[e] = every;
          pending[e] = pending[e]! & ~(1 << (this.refine.endpoint(ev.endpoint) ?? 31));
          pc[e] = pending[e] === 0 ? Pc.clean : Pc.apply;
          held[e] = ev.generation;
        })
        .with({ kind: 'clean' }, { kind: 'crash' }, () => {
          pc[e] = Pc.idle;
          held[e] = 0;
          pending[e] = 0;
        })
        .with({ kind: 'idle' }, { kind: 'plan' }, { kind: 'collect' }, () => undefined)
        .exhaustive();
    }
    const latest = Math.max(s.latest, event.kind === 'plan' ? event.generation : 0);
    return state(latest, s.plans, s.applied, pc, held, pending);
  }
}

function violation(level: Violation['level'], property: string, step: number, message: string, expected: string, observed: string): Violation {
  return { level, property, step, line: step + 1, message, expected, observed };
}

function after(event: Event | undefined): string {
  return event === undefined ? ' right after reset' : ` after ${describe(event)}`;
}

/** An event as a step label, e.g. `write(b, regional, 4, written)`. */
export function describe(event: Event): string {
  return match(event)
    .with({ kind: 'plan' }, (e) => `plan(${e.generation})`)
    .with({ kind: 'pick' }, (e) => `pick(${e.enactor}, ${e.generation})`)
    .with({ kind: 'write' }, (e) => `write(${e.enactor}, ${e.endpoint}, ${e.generation}, ${e.outcome})`)
    .with({ kind: 'clean' }, (e) => `clean(${e.enactor}, deleted {${e.deleted.join(', ')}})`)
    .with({ kind: 'collect' }, (e) => `collect(deleted {${e.deleted.join(', ')}})`)
    .with({ kind: 'crash' }, (e) => `crash(${e.enactor})`)
    .with({ kind: 'idle' }, (e) => `idle(${e.enactor})`)
    .exhaustive();
}
