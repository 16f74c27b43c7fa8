import { describe, expect, it } from 'vitest';
import { expandRange, expansion, makeBatch, SHARE } from '../../src/engine/expand.js';
import { explore, StateStore } from '../../src/engine/index.js';
import { packedView } from '../../src/engine/packed-view.js';
import { constantsOf, makeSpec } from '../../spec/index.js';

/** States expanded together here: part of a share, as the last of a batch may be. */
const STATES = 256;

/**
 * STATES states of a breadth-first exploration from `from`, expanded as a worker expands a
 * share, with a store in either layout or none. The states take two words.
 */
function expandShare(symmetric: boolean, from: number, layout: 'none' | 'narrow' | 'wide') {
  const spec = makeSpec(constantsOf('fixed', { enactors: 3, endpoints: 3, maxPlan: 4, crashes: true }));
  const view = packedView(spec);
  const W = view.words;
  expect(W).toBe(2);
  expect(STATES).toBeLessThanOrEqual(SHARE);
  const { store } = explore(spec, { maxStates: from + 4 * STATES });
  const x = expansion(spec, view, symmetric ? spec.symmetry : undefined, true, ['Converges']);
  const b = makeBatch(STATES, W, x.actions, symmetric, false);
  b.src.set(store.encodings.subarray(from * W, (from + STATES) * W));
  // A store in shared memory holding the states explored so far (as their orbits'
  // representatives under symmetry), as a worker sees it; their parents do not matter here.
  const shared = new StateStore(W, 1024, true, layout === 'wide' ? view.bits : 32 * W);
  expect(shared.rest >= 0).toBe(layout === 'wide');
  const key = new Uint32Array(W);
  for (let id = 0; id < store.count; id++) {
    key.set(store.encodings.subarray(id * W, (id + 1) * W));
    if (symmetric) spec.symmetry!.canonicalize(key, 0);
    shared.intern(key, -1);
  }
  expandRange(x, b, 0, STATES, layout === 'none' ? undefined : shared.view());
  const n = b.end[STATES - 1]!;
  const keyOf = (j: number) => b.canon.subarray(j * W, (j + 1) * W).join();
  return { b, n, keyOf, shared, W };
}

describe('expanding a share of states', () => {
  it.each([
    [false, 'none'],
    [true, 'none'],
    [false, 'narrow'],
    [true, 'narrow'],
    [false, 'wide'],
    [true, 'wide'],
  ] as const)('marks each successor equal to an earlier one of the share with that one, and only those (symmetry %s, store %s)', (symmetric, layout) => {
    const { b, n, keyOf, shared, W } = expandShare(symmetric, 2000, layout);
    const first = new Map<string, number>();
    let marked = 0;
    const lookedUp = { found: 0, missing: 0 };
    for (let j = 0; j < n; j++) {
      const k = keyOf(j);
      const f = b.found[j]!;
      if (f < -1) {
        marked++;
        // The earliest successor with the same key, itself unmarked.
        expect(-2 - f).toBe(first.get(k));
      } else {
        expect(first.has(k)).toBe(false);
        first.set(k, j);
        // Looked up in the store when one is given: its number there, or -1 when it is not there.
        const there = shared.find(b.canon.subarray(j * W, (j + 1) * W));
        expect(f).toBe(layout === 'none' ? -1 : there);
        lookedUp[there >= 0 ? 'found' : 'missing']++;
      }
    }
    expect(marked).toBeGreaterThan(n / 10);
    expect(first.size).toBe(n - marked);
    // Both outcomes of a lookup are met.
    expect(lookedUp.found).toBeGreaterThan(100);
    expect(lookedUp.missing).toBeGreaterThan(100);
  });

  it.each([
    [false, 'none'],
    [true, 'wide'],
    [false, 'narrow'],
  ] as const)('lists for each state, in order, exactly its successors not found and not marked, and those breaking a property (symmetry %s, store %s)', (symmetric, layout) => {
    const { b } = expandShare(symmetric, 2000, layout);
    let listed = 0;
    for (let k = 0; k < STATES; k++) {
      const want: number[] = [];
      for (let j = b.begin[k]!; j < b.end[k]!; j++) if (b.found[j] === -1 || b.broken[j] !== 0) want.push(j);
      expect(Array.from(b.todo.subarray(b.begin[k]!, b.begin[k]! + b.pend[k]!))).toEqual(want);
      listed += want.length;
    }
    expect(listed).toBeGreaterThan(0);
    // With a store, only what it does not hold yet is left to visit.
    if (layout !== 'none') expect(listed).toBeLessThan(b.end[STATES - 1]! / 2);
  });
});

describe("the spec's facts of each step", () => {
  // The fast path works out each state's fair steps, stalls and the steps' verdicts on the
  // action properties as it writes the successors; without it the search judges every step
  // after. Both must expand a share alike. In aws-2025, whose writes are blind, steps break
  // NoStaleOverwrite and fail to raise the measure.
  it.each((['aws-2025', 'cas-only', 'fixed'] as const).flatMap((variant) => [false, true].flatMap((symmetric) => [true, false].map((judge) => [variant, symmetric, judge] as const))))(
    'are those the search works out itself (%s, symmetry %s, judged %s)',
    (variant, symmetric, judge) => {
      const spec = makeSpec(constantsOf(variant, { enactors: 3, endpoints: 2, maxPlan: 4, crashes: true }));
      const view = packedView(spec);
      expect(view.factsBySuccessors).toBe(true);
      const { store } = explore(spec, { maxStates: 8 * STATES });
      const W = view.words;
      const symmetry = symmetric ? spec.symmetry : undefined;
      const expand = (facts: boolean) => {
        const s = facts ? spec : { ...spec, packed: { ...spec.packed, facts: false } };
        const v = packedView(s);
        const x = expansion(s, v, symmetry, judge, ['Converges']);
        expect(x.facts !== undefined).toBe(facts);
        const b = makeBatch(4 * STATES, W, x.actions, symmetric, false);
        b.src.set(store.encodings.subarray(4 * STATES * W, 8 * STATES * W));
        expandRange(x, b, 0, 4 * STATES);
        return b;
      };
      const fast = expand(true);
      const slow = expand(false);
      const n = slow.end[4 * STATES - 1]!;
      expect(fast.end[4 * STATES - 1]).toBe(n);
      for (const k of ['begin', 'end', 'fairs', 'stalls', 'pend'] as const) expect(Array.from(fast[k])).toEqual(Array.from(slow[k]));
      for (const k of ['acts', 'found', 'todo'] as const) expect(Array.from(fast[k].subarray(0, n))).toEqual(Array.from(slow[k].subarray(0, n)));
      expect(Array.from(fast.keys.subarray(0, n * W))).toEqual(Array.from(slow.keys.subarray(0, n * W)));
      if (judge) expect(Array.from(fast.broken.subarray(0, n))).toEqual(Array.from(slow.broken.subarray(0, n)));
      // What makes the comparison worth having: steps that break a property, states that stall.
      const broken = slow.broken.subarray(0, n).filter((x) => x !== 0).length;
      const stalls = slow.stalls.filter((x) => x !== 0).length;
      if (judge && variant === 'aws-2025') expect(broken).toBeGreaterThan(0);
      if (variant === 'aws-2025') expect(stalls).toBeGreaterThan(0);
      expect(slow.fairs.some((f) => f > 0)).toBe(true);
    },
  );
});
