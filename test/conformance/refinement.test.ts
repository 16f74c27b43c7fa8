import { describe, expect, expectTypeOf, it } from 'vitest';
import { EVENT_KINDS, Refinement, type Refinements } from '../../conformance/refinement.js';
import type { Event } from '../../conformance/adapter.js';
import { constantsOf, makeSpec } from '../../spec/index.js';

describe('the refinement mapping', () => {
  it('has exactly one entry per event kind (a missing one does not compile)', () => {
    expectTypeOf<keyof Refinements>().toEqualTypeOf<Event['kind']>();
    expect([...EVENT_KINDS].sort()).toEqual(['clean', 'collect', 'crash', 'idle', 'pick', 'plan', 'write']);
    const stutter = (s: never) => s;
    // @ts-expect-error a mapping without `idle` is not a refinement mapping
    const partial: Refinements = { plan: stutter, pick: stutter, write: stutter, clean: stutter, collect: stutter, crash: stutter };
    expect(Object.keys(partial)).toHaveLength(6);
  });

  it('names the spec action each step stood for, and -1 for a stutter', () => {
    const spec = makeSpec(constantsOf('fixed', { crashes: true }));
    const r = new Refinement(spec, ['a', 'b', 'c'], ['regional']);
    const label = () => (r.action < 0 ? 'stutter' : `${spec.actions[r.action]!.name}(${spec.actions[r.action]!.args.join(', ')})`);
    let s = spec.initial[0]!;
    const steps: [Event, string][] = [
      [{ kind: 'idle', enactor: 'a' }, 'stutter'],
      [{ kind: 'plan', generation: 2 }, 'Plan()'],
      [{ kind: 'pick', enactor: 'b', generation: 2 }, 'Pick(b)'],
      [{ kind: 'crash', enactor: 'a' }, 'stutter'],
      [{ kind: 'write', enactor: 'b', endpoint: 'regional', generation: 2, outcome: 'written' }, 'Write(b, regional)'],
      [{ kind: 'collect', deleted: [] }, 'stutter'],
      [{ kind: 'clean', enactor: 'b', deleted: [] }, 'Clean(b)'],
    ];
    for (const [event, expected] of steps) {
      const next = r.next(s, event);
      expect(typeof next, JSON.stringify(event)).toBe('object');
      expect(label()).toBe(expected);
      s = next as typeof s;
    }
    expect(r.next(s, { kind: 'plan', generation: 5 })).toBe('the next plan is 3, not 5');
    expect(r.action).toBe(-1);
  });

  it('a write that changed nothing must say skipped, in cas and in blind writes', () => {
    for (const variant of ['fixed', 'aws-2025'] as const) {
      const spec = makeSpec(constantsOf(variant));
      const r = new Refinement(spec, ['a', 'b', 'c'], ['regional']);
      let s = spec.initial[0]!;
      for (const event of [
        { kind: 'plan', generation: 2 },
        { kind: 'pick', enactor: 'a', generation: 2 },
        { kind: 'pick', enactor: 'b', generation: 2 },
        { kind: 'write', enactor: 'a', endpoint: 'regional', generation: 2, outcome: 'written' },
      ] as Event[]) {
        s = r.next(s, event) as typeof s;
      }
      const same: Event = { kind: 'write', enactor: 'b', endpoint: 'regional', generation: 2, outcome: 'written' };
      expect(r.next(s, same), variant).toBe('the record of regional already holds plan 2, so the write changed nothing: the event must say skipped');
      expect(typeof r.next(s, { ...same, outcome: 'skipped' }), variant).toBe('object');
    }
  });
});
