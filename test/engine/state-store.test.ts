import { describe, expect, it } from 'vitest';
import { explore, StateStore, type Spec } from '../../src/engine/index.js';
import { constantsOf, makeSpec, type State } from '../../spec/index.js';

/** A deterministic stream of numbers in [0, 1). */
function numbers(seed: number): () => number {
  let x = seed;
  return () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

describe('the state store', () => {
  it("gives every state of an exploration the first state it was found from", () => {
    const spec = makeSpec(constantsOf('fixed', { crashes: true })) as Spec<State>;
    const first = new Map<number, number>();
    const x = explore(spec, { onEdge: (from, _action, to) => void (first.has(to) || to === 0 ? 0 : first.set(to, from)) });
    expect(x.store.count).toBeGreaterThan(1000);
    expect(x.store.parent(0)).toBe(-1);
    for (let id = 1; id < x.store.count; id++) expect(x.store.parent(id)).toBe(first.get(id));
  });

  it('keeps parent links of states found from one state hundreds of times, and grows past its first size', () => {
    const store = new StateStore(2, 16);
    const expected: number[] = [];
    const key = new Uint32Array(2);
    const next = numbers(7);
    for (let i = 0; i < 3; i++) {
      key[0] = i;
      key[1] = 0xffffffff;
      expect(store.intern(key, -1)).toBe(i);
      expected.push(-1);
    }
    for (let v = 0; v < store.count && store.count < 50_000; v++) {
      const children = next() < 0.002 ? 700 : Math.floor(next() * 6);
      for (let c = 0; c < children; c++) {
        key[0] = Math.floor(next() * 2 ** 32);
        key[1] = store.count % 5;
        if (store.intern(key, v) >= 0) expected.push(v);
      }
    }
    expect(store.count).toBe(expected.length);
    const wrong = expected.flatMap((p, id) => (store.parent(id) === p ? [] : [[id, store.parent(id), p]]));
    expect(wrong.slice(0, 5)).toEqual([]);
    // Every key is found again under its number, and an unknown key is not.
    key[0] = 2;
    key[1] = 0xffffffff;
    expect(store.find(key)).toBe(2);
    key[1] = 6;
    expect(store.find(key)).toBe(-1);
  });

  it('finds every state under its number after its table has doubled many times', () => {
    for (const words of [1, 3]) {
      const store = new StateStore(words, 16);
      const next = numbers(words);
      const keys: number[][] = [];
      const key = new Uint32Array(words);
      while (keys.length < 120_000) {
        // Keys that differ in one word only, and random ones, from one parent each.
        for (let i = 0; i < words; i++) key[i] = i === 0 || next() < 0.5 ? Math.floor(next() * 2 ** 32) : keys.length % 7;
        const id = store.intern(key, keys.length === 0 ? -1 : keys.length - 1);
        if (id >= 0) keys.push([...key]);
      }
      expect(store.count).toBe(keys.length);
      const missing = keys.flatMap((k, id) => (store.find(Uint32Array.from(k)) === id ? [] : [id]));
      expect(missing.slice(0, 5)).toEqual([]);
      // Adding a stored state again gives back its number; a state never added is not found.
      expect(store.intern(Uint32Array.from(keys[77_777]!), keys.length - 1)).toBe(~77_777);
      const stranger = Uint32Array.from(keys[5]!);
      stranger[words - 1] = stranger[words - 1]! ^ 0x80000000;
      if (!keys.some((k) => k.every((v, i) => v === stranger[i]))) expect(store.find(stranger)).toBe(-1);
    }
  });

  it('refuses states added out of breadth-first order, whose parent links it could not keep', () => {
    const store = new StateStore(1);
    store.intern(Uint32Array.of(1), -1);
    store.intern(Uint32Array.of(2), 0);
    store.intern(Uint32Array.of(3), 1);
    expect(() => store.intern(Uint32Array.of(4), 0)).toThrow(/breadth-first order/);
  });

  it('holds about ten to sixteen bytes per state beside the states themselves', () => {
    const store = new StateStore(2);
    const key = new Uint32Array(2);
    for (let i = 0; i < 200_000; i++) {
      key[0] = i;
      store.intern(key, i === 0 ? -1 : i - 1);
    }
    const perState = store.bytes / store.count - 8;
    expect(perState).toBeGreaterThan(5);
    expect(perState).toBeLessThan(17);
  });
});
