/**
 * The history checker: replays what an implementation did against the spec, one step at a
 * time, keeping only the current state. For each step it asks two questions:
 * - refinement: is the reported event a step the spec allows in the reconstructed state, and
 *   does it lead to exactly what was observed (the plan store, and each record resolving to
 *   the plan the spec says or to nothing)?
 * - safety: whatever the implementation claims, does the observed state keep the invariants
 *   (no empty record, no torn record, no record moved back, no plan in use deleted)?
 * After the first refinement failure it resynchronises on what was observed and goes on
 * judging safety, so a history gets both its first refinement and its first safety violation.
 */
import { match } from 'ts-pattern';
import { Pc, makeActions, members, state, type Actions, type Constants, type State } from '../spec/index.js';
import { classify } from './addresses.js';
import type { Event } from './adapter.js';
import type { Level, Violation } from './levels.js';
import type { Observation } from './protocol/index.js';

export class HistoryChecker {
  /** The reconstructed spec state. */
  current: State;
  /** The first safety and the first refinement violation, once seen. */
  safety: Violation | undefined;
  refinement: Violation | undefined;
  /** The first violation of each safety property, by property. */
  readonly unsafe = new Map<string, Violation>();
  /** The last plan each record was seen resolving to (0: not seen yet). */
  private readonly seen: number[];
  private readonly act: Actions;
  private readonly enactorIndex: Map<string, number>;
  private readonly endpointIndex: Map<string, number>;

  constructor(
    readonly constants: Constants,
    readonly enactors: readonly string[],
    readonly endpoints: readonly string[],
  ) {
    this.act = makeActions(constants);
    this.enactorIndex = new Map(enactors.map((e, i) => [e, i]));
    this.endpointIndex = new Map(endpoints.map((p, i) => [p, i]));
    this.current = state(1, 1 << 1, Array(endpoints.length).fill(1), Array(enactors.length).fill(Pc.idle), Array(enactors.length).fill(0), Array(enactors.length).fill(0));
    this.seen = Array(endpoints.length).fill(0);
  }

  /** The level this history has kept so far (convergence is judged by `converged`). */
  get level(): Level {
    return this.safety ? 'none' : this.refinement ? 'safe' : 'refines';
  }

  /** The observation right after reset must be the initial state. */
  initial(observation: Observation): void {
    this.judge(0, this.current, observation, 'reset');
  }

  /** One step: the event the implementation reported and what was observed after it. */
  step(index: number, event: Event, observation: Observation): void {
    const before = this.current;
    let next: State | undefined;
    let why: string | undefined;
    try {
      [next, why] = this.successor(before, event);
    } catch (error) {
      [next, why] = [undefined, (error as Error).message];
    }
    if (next === undefined) {
      this.refinement ??= { level: 'refines', property: 'Refinement', step: index, message: `${describe(event)} is not a step the spec allows here: ${why}` };
      next = this.resync(before, event, observation);
    }
    this.judge(index, next, observation, describe(event), before);
  }

  /** After the fair tail: every record resolves to the last plan. */
  converged(index: number, observation: Observation): Violation | undefined {
    for (let p = 0; p < this.endpoints.length; p++) {
      const c = classify(p, observation.records[this.endpoints[p]!]);
      if (c.kind !== 'plan' || c.generation !== this.constants.maxPlan) {
        return { level: 'live', property: 'Converges', step: index, message: `after fair steps the record of ${this.endpoints[p]} ${c.kind === 'plan' ? `is at plan ${c.generation}` : c.kind === 'empty' ? 'resolves to nothing' : `is torn (${c.detail})`}, not at the last plan ${this.constants.maxPlan}` };
      }
    }
    return undefined;
  }

  /** The spec's successor for the event, or why there is none. */
  private successor(s: State, event: Event): [State | undefined, string | undefined] {
    const enactor = (name: string): number => {
      const e = this.enactorIndex.get(name);
      if (e === undefined) throw new Error(`there is no enactor '${name}'`);
      return e;
    };
    const deletedMatches = (next: State | undefined, deleted: readonly number[], who: string): [State | undefined, string | undefined] => {
      if (next === undefined) return [undefined, `${who} is not enabled`];
      const gone = members(s.plans & ~next.plans);
      const said = [...deleted].sort((a, b) => a - b);
      return gone.join() === said.join() ? [next, undefined] : [undefined, `the spec deletes {${gone.join(', ')}}, the event says {${said.join(', ')}}`];
    };
    return match(event)
      .with({ kind: 'plan' }, (ev): [State | undefined, string | undefined] =>
        ev.generation === s.latest + 1 ? [this.act.Plan(s), 'the Planner has published its last plan'] : [undefined, `the next plan is ${s.latest + 1}, not ${ev.generation}`],
      )
      .with({ kind: 'pick' }, (ev): [State | undefined, string | undefined] => {
        const e = enactor(ev.enactor);
        const next = this.act.Pick(s, e);
        if (next === undefined) return [undefined, s.pc[e] !== Pc.idle ? `${ev.enactor} is not idle` : 'no enactor may pick now (the newest plan is applied everywhere, or a record or the newest plan is missing)'];
        return next.held[e] === ev.generation ? [next, undefined] : [undefined, `${ev.enactor} must take the newest plan ${next.held[e]}, not ${ev.generation}`];
      })
      .with({ kind: 'write' }, (ev): [State | undefined, string | undefined] => {
        const e = enactor(ev.enactor);
        const p = this.endpointIndex.get(ev.endpoint);
        if (p === undefined) return [undefined, `there is no endpoint '${ev.endpoint}'`];
        if (s.pc[e] !== Pc.apply) return [undefined, `${ev.enactor} is not applying a plan`];
        if (s.held[e] !== ev.generation) return [undefined, `${ev.enactor} holds plan ${s.held[e]}, not ${ev.generation}`];
        const next = this.act.Write(s, e, p);
        if (next === undefined) return [undefined, `${ev.enactor} has already written ${ev.endpoint}`];
        const wrote = ev.outcome === 'written' ? next.applied[p] === ev.generation : next.applied[p] === s.applied[p];
        return wrote ? [next, undefined] : [undefined, `the spec's write leaves the record at plan ${next.applied[p]}, but the event says ${ev.outcome}`];
      })
      .with({ kind: 'clean' }, (ev) => deletedMatches(this.act.Clean(s, enactor(ev.enactor)), ev.deleted, `Clean(${ev.enactor})`))
      .with({ kind: 'collect' }, (ev): [State | undefined, string | undefined] => (ev.deleted.length === 0 ? [s, undefined] : deletedMatches(this.act.Collect(s), ev.deleted, 'Collect')))
      .with({ kind: 'crash' }, (ev): [State | undefined, string | undefined] => {
        const e = enactor(ev.enactor);
        return s.pc[e] === Pc.idle ? [s, undefined] : [this.act.Crash(s, e), 'crashes are not part of this run'];
      })
      .with({ kind: 'idle' }, (ev): [State | undefined, string | undefined] => (enactor(ev.enactor), [s, undefined]))
      .exhaustive();
  }

  /** A state that follows what was observed, with the enactors' own variables from the events. */
  private resync(s: State, event: Event, o: Observation): State {
    let plans = 0;
    for (const g of o.plans) plans |= 1 << g;
    const applied = s.applied.map((g, p) => {
      const c = classify(p, o.records[this.endpoints[p]!]);
      return c.kind === 'plan' ? c.generation : g;
    });
    const pc = s.pc.slice();
    const held = s.held.slice();
    const pending = s.pending.slice();
    const e = 'enactor' in event ? this.enactorIndex.get(event.enactor) : undefined;
    if (e !== undefined) {
      match(event)
        .with({ kind: 'pick' }, (ev) => ((pc[e] = Pc.apply), (held[e] = ev.generation), (pending[e] = (1 << this.endpoints.length) - 1)))
        .with({ kind: 'write' }, (ev) => {
          if (pc[e] === Pc.idle) pending[e] = (1 << this.endpoints.length) - 1;
          pending[e] = pending[e]! & ~(1 << (this.endpointIndex.get(ev.endpoint) ?? 0));
          pc[e] = pending[e] === 0 ? Pc.clean : Pc.apply;
          held[e] = ev.generation;
        })
        .with({ kind: 'clean' }, { kind: 'crash' }, () => ((pc[e] = Pc.idle), (held[e] = 0), (pending[e] = 0)))
        .otherwise(() => undefined);
    }
    const latest = Math.max(s.latest, event.kind === 'plan' ? event.generation : 0, ...o.plans);
    return state(latest, plans, applied, pc, held, pending);
  }

  /** Compares the observation with the expected state and judges the invariants on it. */
  private judge(index: number, next: State, o: Observation, what: string, before?: State): void {
    this.current = next;
    let observedPlans = 0;
    for (const g of o.plans) observedPlans |= 1 << g;
    const refine = (message: string) => {
      this.refinement ??= { level: 'refines', property: 'Refinement', step: index, message: `after ${what}, ${message}` };
    };
    const unsafe = (property: string, message: string) => {
      const v: Violation = { level: 'safe', property, step: index, message };
      this.safety ??= v;
      if (!this.unsafe.has(property)) this.unsafe.set(property, v);
    };
    if (observedPlans !== next.plans) refine(`the plan store holds {${o.plans.join(', ')}} but the spec says {${members(next.plans).join(', ')}}`);
    for (let p = 0; p < this.endpoints.length; p++) {
      const name = this.endpoints[p]!;
      const c = classify(p, o.records[name]);
      const g = next.applied[p]!;
      const expected = (next.plans & (1 << g)) !== 0 ? `plan ${g}` : 'nothing';
      if (c.kind === 'torn') {
        unsafe('NoTornRecord', `the record of ${name} is torn: ${c.detail}`);
        refine(`the record of ${name} is torn, the spec says ${expected}`);
        continue;
      }
      if (c.kind === 'empty') {
        unsafe('RecordNeverEmpty', `the record of ${name} resolves to nothing${before === undefined ? '' : ` after ${what}`}`);
        if (expected !== 'nothing') refine(`the record of ${name} resolves to nothing, the spec says ${expected}`);
        continue;
      }
      if (expected !== `plan ${c.generation}`) refine(`the record of ${name} resolves to plan ${c.generation}, the spec says ${expected}`);
      if (c.generation < this.seen[p]!) unsafe('NoStaleOverwrite', `the record of ${name} went back from plan ${this.seen[p]} to plan ${c.generation} after ${what}`);
      this.seen[p] = c.generation;
    }
    for (let e = 0; e < this.enactors.length; e++) {
      if (next.pc[e] !== Pc.idle && (observedPlans & (1 << next.held[e]!)) === 0) {
        unsafe('NoActivePlanDeleted', `plan ${next.held[e]} was deleted while enactor ${this.enactors[e]} still holds it (after ${what})`);
      }
    }
    for (let p = 0; p < this.endpoints.length; p++) {
      const c = classify(p, o.records[this.endpoints[p]!]);
      if (c.kind === 'plan' && (observedPlans & (1 << c.generation)) === 0) {
        unsafe('NoActivePlanDeleted', `plan ${c.generation}, which the record of ${this.endpoints[p]} points to, is not in the plan store`);
      }
    }
  }
}

/** An event as a step label, e.g. `write(b, regional, 4)`. */
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
