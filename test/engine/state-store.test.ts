import { describe, expect, it } from 'vitest';
import { explore, StateStore, type Spec } from '../../src/engine/index.js';
import { hash, hash2, lookupAll, touchPages } from '../../src/engine/state-store.js';
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

  it.each([
    [1, 32, 'wide'],
    [2, 52, 'wide'],
    [2, 33, 'wide'],
    [2, 64, 'narrow'],
    [3, 96, 'narrow'],
  ] as const)('finds every state under its number after its table has doubled many times (%i words, %i bits: %s)', (words, bits, layout) => {
    {
      const store = new StateStore(words, 16, false, bits);
      expect(store.rest >= 0).toBe(layout === 'wide');
      const next = numbers(words);
      const keys: number[][] = [];
      const numbered = new Map<string, number>();
      const wrong: number[][] = [];
      const key = new Uint32Array(words);
      // The bits the last word uses.
      const top = 2 ** (bits - 32 * (words - 1));
      while (keys.length < 120_000) {
        // Keys that differ in one word only, and random ones, from one parent each.
        for (let i = 0; i < words; i++) {
          const range = i === words - 1 ? top : 2 ** 32;
          key[i] = i === 0 || next() < 0.5 ? Math.floor(next() * range) : (keys.length % 7) % range;
        }
        const id = store.intern(key, keys.length === 0 ? -1 : keys.length - 1);
        // A key is new exactly when it was not added before, and an old one has its number.
        const before = numbered.get(key.join());
        if (id !== (before === undefined ? keys.length : ~before)) wrong.push([...key]);
        if (id >= 0) {
          numbered.set(key.join(), id);
          keys.push([...key]);
        }
      }
      expect(wrong.slice(0, 5)).toEqual([]);
      expect(store.count).toBe(keys.length);
      const missing = keys.flatMap((k, id) => (store.find(Uint32Array.from(k)) === id ? [] : [id]));
      expect(missing.slice(0, 5)).toEqual([]);
      // Adding a stored state again gives back its number; a state never added is not found.
      expect(store.intern(Uint32Array.from(keys[77_777]!), keys.length - 1)).toBe(~77_777);
      const stranger = Uint32Array.from(keys[5]!);
      stranger[0] = stranger[0]! ^ 0x80000000;
      if (!keys.some((k) => k.every((v, i) => v === stranger[i]))) expect(store.find(stranger)).toBe(-1);
    }
  });

  it('doubles its wide table when a state would lie too far from its place in it to say how far', () => {
    // 5,000 states whose hashes put them in the first 64 of 131,072 slots: one run of taken
    // slots, at most 4,095 of which a 20-bit second word leaves room to count.
    const store = new StateStore(2, 100_000, false, 52);
    expect(store.rest).toBe(20);
    const before = store.bytes;
    const key = new Uint32Array(2);
    const keys: number[][] = [];
    for (let w0 = 0; keys.length < 5000; w0++) {
      key[0] = w0;
      key[1] = w0 % 3;
      if ((store.hash(key, 0) & (2 ** 17 - 1)) < 64) {
        expect(store.intern(key, keys.length === 0 ? -1 : keys.length - 1)).toBe(keys.length);
        keys.push([...key]);
      }
    }
    expect(store.bytes).toBe(before + 2 ** 17 * 8);
    const missing = keys.flatMap((k, id) => (store.find(Uint32Array.from(k)) === id ? [] : [id]));
    expect(missing).toEqual([]);
  });

  it('refuses, in the wide layout, a state with more bits than its encoding declares', () => {
    const store = new StateStore(2, 16, false, 40);
    expect(store.rest).toBe(8);
    store.intern(Uint32Array.of(7, 255), -1);
    expect(() => store.intern(Uint32Array.of(7, 256), 0)).toThrow('a state uses more bits than its encoding declares (40)');
  });

  it.each([
    ['wide', 40],
    ['narrow', 64],
  ] as const)(
    'answers a lookup (%s layout) from the slot its probe read, though another thread adds a state there just after',
    (_layout, bits) => {
      const store = new StateStore(2, 1024, true, bits);
      const key = new Uint32Array(2);
      for (let i = 0; i < 700; i++) store.intern(Uint32Array.of(i, 1), i === 0 ? -1 : i - 1);
      const v = store.view();
      const stride = v.rest < 0 ? 1 : 2;
      // A key not stored whose place is taken: its probe reads on to a later empty slot, which
      // no read ahead touches first.
      let h = 0;
      for (let w0 = 100_000; ; w0++) {
        key[0] = w0;
        key[1] = 1;
        h = store.hash(key, 0);
        if (store.find(key) < 0 && v.table[stride * (h & v.mask)] !== 0) break;
      }
      let empty = h & v.mask;
      while (v.table[stride * empty] !== 0) empty = (empty + 1) & v.mask;
      // The first read of that empty slot sees it empty; the store then adds a state there (the
      // entry of the state at the key's place stands for it).
      const added = v.table[stride * (h & v.mask)]!;
      const index = String(stride * empty);
      const table = new Proxy(v.table, {
        get(t, p) {
          const x: unknown = Reflect.get(t, p);
          if (p === index && x === 0) t[stride * empty] = added;
          return typeof x === 'function' ? x.bind(t) : x;
        },
      });
      const found = Int32Array.of(-1);
      lookupAll({ ...v, table: table as unknown as Int32Array }, key, Int32Array.of(h), found, 0, 1);
      expect(found[0]).toBe(-1);
      // The slot was filled after the probe's read, as in the race this guards against.
      expect(v.table[stride * empty]).toBe(added);
    },
  );

  it.each([
    ['wide', 40],
    ['narrow', 64],
  ] as const)('doubles its table (%s layout) into the table it prepared for another thread to touch, and counts it meanwhile', (_layout, bits) => {
    const store = new StateStore(2, 4096, true, bits);
    const key = new Uint32Array(2);
    let id = 0;
    const add = () => {
      key[0] = id * 7919;
      key[1] = id & 0xff;
      expect(store.intern(key, id === 0 ? -1 : id - 1)).toBe(id);
      id++;
    };
    // Nothing is prepared while the table has room.
    add();
    expect(store.prepare(2 ** 40)).toBeUndefined();
    const table = () => store.view().table;
    const data = () => store.view().data;
    const before = { table: table(), data: data() };
    const prepared: SharedArrayBuffer[] = [];
    while (table() === before.table) {
      const bytes = store.bytes;
      const memory = store.prepare(2 ** 40);
      if (memory !== undefined) {
        expect(store.bytes).toBe(bytes + memory.byteLength);
        prepared.push(memory);
        touchPages(memory);
      }
      add();
    }
    // Made once, late, and doubled into.
    expect(prepared).toHaveLength(1);
    expect(table().buffer).toBe(prepared[0]);
    expect(table().length).toBe(2 * before.table.length);
    expect(id).toBeGreaterThan(0.975 * (bits === 40 ? 0.85 : 0.75) * (before.table.length / (bits === 40 ? 2 : 1)));
    // The words grew into new memory meanwhile, not made ahead.
    expect(data()).not.toBe(before.data);
    const missing = Array.from({ length: id }, (_, i) => i).filter((i) => store.find(Uint32Array.of(i * 7919, i & 0xff)) !== i);
    expect(missing).toEqual([]);
    // None is made past the budget, or for a store in this thread's memory only.
    // Up to one state before the table doubles: three quarters of its slots (wide: 85%).
    const fill = (s: StateStore, n: number) => {
      for (let i = 0; s.count < n; i++) s.intern(Uint32Array.of(i, 0), i === 0 ? -1 : i - 1);
    };
    const tight = new StateStore(2, 4096, true, bits);
    const wide = tight.rest >= 0;
    const slots = tight.view().table.length / (wide ? 2 : 1);
    fill(tight, Math.floor(slots * (wide ? 0.85 : 0.75)) - 1);
    expect(tight.prepare(tight.bytes)).toBeUndefined();
    const arrays = tight.bytes;
    expect(tight.prepare(2 ** 40)?.byteLength).toBe(2 * tight.view().table.byteLength);
    // A search that ends before the table doubles lets it go.
    tight.settle();
    expect(tight.bytes).toBe(arrays);
    const full = tight.view().table;
    fill(tight, tight.count + 2);
    expect(tight.view().table.length).toBe(2 * full.length);
    const local = new StateStore(2, 4096, false, bits);
    fill(local, tight.count);
    expect(local.prepare(2 ** 40)).toBeUndefined();
  });

  it('touches every page of memory without changing a word', () => {
    const memory = new SharedArrayBuffer(3 * 4096 + 8);
    const words = new Int32Array(memory);
    for (let i = 0; i < words.length; i++) words[i] = (i * 2654435761) | 0;
    const copy = words.slice();
    touchPages(memory);
    expect(words).toEqual(copy);
  });

  it('refuses states added out of breadth-first order, whose parent links it could not keep', () => {
    const store = new StateStore(1);
    store.intern(Uint32Array.of(1), -1);
    store.intern(Uint32Array.of(2), 0);
    store.intern(Uint32Array.of(3), 1);
    expect(() => store.intern(Uint32Array.of(4), 0)).toThrow(/breadth-first order/);
  });

  it.each([
    [64, 5, 17],
    [42, 9, 20],
  ])('holds, for states of two words using %i bits, between %i and %i bytes per state beside the states themselves', (bits, least, most) => {
    const store = new StateStore(2, undefined, false, bits);
    const key = new Uint32Array(2);
    for (let i = 0; i < 200_000; i++) {
      key[0] = i;
      store.intern(key, i === 0 ? -1 : i - 1);
    }
    const perState = store.bytes / store.count - 8;
    expect(perState).toBeGreaterThan(least);
    expect(perState).toBeLessThan(most);
  });
});

describe('the hash of two words', () => {
  // The successors of two words are hashed by `hash2` where they are marked and looked up, and
  // stored by `hash`: the two must agree on every pair of words.
  it('is the hash of the same words read from an array', () => {
    const next = numbers(11);
    const words = new Uint32Array(2);
    const edges = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff];
    const pairs = [...edges.flatMap((a) => edges.map((b) => [a, b] as const)), ...Array.from({ length: 20_000 }, () => [Math.floor(next() * 2 ** 32), Math.floor(next() * 2 ** 32)] as const)];
    const wrong = pairs.filter(([a, b]) => {
      words[0] = a;
      words[1] = b;
      return hash2(a, b) !== hash(words, 0, 2);
    });
    expect(wrong).toEqual([]);
    // Not a constant: the pairs spread over many values.
    expect(new Set(pairs.map(([a, b]) => hash2(a, b))).size).toBeGreaterThan(19_000);
  });
});
