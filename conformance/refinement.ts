/**
 * The refinement mapping: which spec action each reported event stands for. `plan` is Plan,
 * `pick` Pick(e), `write` Write(e, p), `clean` Clean(e), a `collect` that deleted something
 * Collect, a `crash` of a busy enactor Crash(e); an `idle` step, a collection that deleted
 * nothing and the crash of an idle enactor change nothing the spec tracks (stutters).
 *
 * The mapping is a table with one entry per event kind, which the compiler checks is
 * complete; the history checker's loop looks an event's entry up by kind instead of
 * pattern-matching it (a pattern match costs about a microsecond, the whole step less).
 */
import { Pc, members, type DnsPlanSpec, type State } from '../spec/index.js';
import type { Event } from './adapter.js';

/** The spec's next state for an event, or one sentence saying why the event is not a step the spec allows. */
export type Refined = State | string;

/** The refinement mapping's shape: one entry per event kind, each taking only events of its kind. */
export type Refinements = { readonly [K in Event['kind']]: (s: State, ev: Extract<Event, { kind: K }>) => Refined };

type Next = (s: State) => State | undefined;

/** The event kinds, in the protocol's order. */
export const EVENT_KINDS = ['plan', 'pick', 'write', 'clean', 'collect', 'crash', 'idle'] as const satisfies readonly Event['kind'][];

export class Refinement {
  /** The index in `spec.actions` of the action the last refined event stood for, -1 for a stutter. */
  action = -1;
  private readonly table: Refinements;
  private readonly enactorIndex: ReadonlyMap<string, number>;
  private readonly endpointIndex: ReadonlyMap<string, number>;

  constructor(
    readonly spec: DnsPlanSpec,
    readonly enactors: readonly string[],
    readonly endpoints: readonly string[],
  ) {
    this.enactorIndex = new Map(enactors.map((e, i) => [e, i]));
    this.endpointIndex = new Map(endpoints.map((p, i) => [p, i]));
    const E = enactors.length;
    const P = endpoints.length;
    const at = (name: string, params: readonly number[]): number => spec.actions.findIndex((a) => a.name === name && a.params.join() === params.join());
    const plan = at('Plan', []);
    const collect = at('Collect', []);
    const pick = Array.from({ length: E }, (_, e) => at('Pick', [e]));
    const write = Array.from({ length: E * P }, (_, x) => at('Write', [Math.floor(x / P), x % P]));
    const clean = Array.from({ length: E }, (_, e) => at('Clean', [e]));
    const crash = Array.from({ length: E }, (_, e) => at('Crash', [e]));
    const next = (i: number): Next => spec.actions[i]?.next ?? (() => undefined);

    this.table = {
      plan: (s, ev) => {
        if (ev.generation !== s.latest + 1) return `the next plan is ${s.latest + 1}, not ${ev.generation}`;
        return this.take(plan, next(plan)(s), 'the Planner has already published its last plan');
      },
      pick: (s, ev) => {
        const e = this.enactor(ev.enactor);
        if (typeof e === 'string') return e;
        if (s.pc[e] !== Pc.idle) return `${ev.enactor} is not idle`;
        const n = next(pick[e]!)(s);
        if (n === undefined) return 'no enactor may pick now (the newest plan is applied everywhere, or a record or the newest plan is missing)';
        if (n.held[e] !== ev.generation) return `${ev.enactor} must take the newest plan ${n.held[e]}, not ${ev.generation}`;
        return this.take(pick[e]!, n, '');
      },
      write: (s, ev) => {
        const e = this.enactor(ev.enactor);
        if (typeof e === 'string') return e;
        const p = this.endpointIndex.get(ev.endpoint);
        if (p === undefined) return `there is no endpoint '${ev.endpoint}'`;
        if (s.pc[e] !== Pc.apply) return `${ev.enactor} is not applying a plan`;
        if (s.held[e] !== ev.generation) return `${ev.enactor} holds plan ${s.held[e]}, not ${ev.generation}`;
        const i = write[e * P + p]!;
        const n = next(i)(s);
        if (n === undefined) return `${ev.enactor} has already written ${ev.endpoint}`;
        // `written` means the record changed: a write of the plan the record already holds is `skipped`.
        if (ev.outcome === 'written' && s.applied[p] === ev.generation) return `the record of ${ev.endpoint} already holds plan ${ev.generation}, so the write changed nothing: the event must say skipped`;
        const agrees = ev.outcome === 'written' ? n.applied[p] === ev.generation : n.applied[p] === s.applied[p];
        if (!agrees) return `the spec's write leaves the record at plan ${n.applied[p]}, but the event says ${ev.outcome}`;
        return this.take(i, n, '');
      },
      clean: (s, ev) => {
        const e = this.enactor(ev.enactor);
        if (typeof e === 'string') return e;
        return this.deleting(clean[e]!, s, next(clean[e]!)(s), ev.deleted, `Clean(${ev.enactor})`);
      },
      collect: (s, ev) => (ev.deleted.length === 0 ? this.stutter(s) : this.deleting(collect, s, next(collect)(s), ev.deleted, 'Collect')),
      crash: (s, ev) => {
        const e = this.enactor(ev.enactor);
        if (typeof e === 'string') return e;
        if (s.pc[e] === Pc.idle) return this.stutter(s);
        return this.take(crash[e]!, next(crash[e]!)(s), 'crashes are not part of this run');
      },
      idle: (s, ev) => {
        const e = this.enactor(ev.enactor);
        return typeof e === 'string' ? e : this.stutter(s);
      },
    };
  }

  /** The spec's successor of `s` for `event`, or why there is none. */
  next(s: State, event: Event): Refined {
    this.action = -1;
    return (this.table[event.kind] as (s: State, ev: Event) => Refined)(s, event);
  }

  /** Enactor index by name, or why there is none. */
  enactor(name: string): number | string {
    return this.enactorIndex.get(name) ?? `there is no enactor '${name}'`;
  }

  endpoint(name: string): number | undefined {
    return this.endpointIndex.get(name);
  }

  private take(action: number, n: State | undefined, disabled: string): Refined {
    if (n === undefined) return disabled;
    this.action = action;
    return n;
  }

  private stutter(s: State): Refined {
    this.action = -1;
    return s;
  }

  private deleting(action: number, s: State, n: State | undefined, deleted: readonly number[], who: string): Refined {
    if (n === undefined) return `${who} is not enabled`;
    const gone = s.plans & ~n.plans;
    let said = 0;
    for (const g of deleted) said |= g >= 1 && g <= 30 ? 1 << g : 1;
    if (gone !== said) return `the spec deletes {${members(gone).join(', ')}}, the event says {${[...deleted].sort((a, b) => a - b).join(', ')}}`;
    return this.take(action, n, '');
  }
}
