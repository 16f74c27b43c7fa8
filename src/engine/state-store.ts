/**
 * The model checker's memory: every distinct state's canonical words, numbered in the order
 * they were found, with the number of the state it was first reached from. Because states are
 * numbered in breadth-first order, the numbers double as the queue: the next state to expand
 * is simply the next number.
 *
 * It stores whole encodings, not fingerprints, so there are no hash collisions and counts are
 * exact. The hash table is a typed array with open addressing whose slots hold a state's
 * words next to its number, so a lookup (most of them find a state already seen) touches one
 * cache line; JS Maps and Sets stop at 2^24 entries and cost several times the memory.
 *
 * Lookups come in batches: `prefetch` hashes a batch of keys and reads each one's slot, and
 * since those reads do not depend on each other the processor overlaps their cache misses;
 * the lookups that follow then find their slots in cache. A lone lookup on a table of
 * hundreds of megabytes otherwise waits for main memory every time.
 *
 * Memory is time here too: every fresh page costs a fault when first touched. The table
 * doubles when it is three quarters full, and the numbered arrays grow by half, separately,
 * so the store holds about 30 bytes per state plus the table's headroom.
 */
export class StateStore {
  /** Words per state. */
  readonly words: number;
  /** How many distinct states are stored. */
  count = 0;
  /** State `id`'s words at `id * words`. */
  private data: Uint32Array;
  /** State `id`'s parent number (-1 for an initial state). */
  private parents: Int32Array;
  /** Slots of `words + 1` words: the state's words, then its number plus one (0: empty). */
  private table: Uint32Array;
  private mask: number;
  /** How many states the table takes before it doubles. */
  private limit: number;
  private readonly stride: number;
  /** Folded values of prefetching reads, kept so the reads are not optimised away. */
  private touched = 0;

  constructor(words: number, capacity = 1 << 12) {
    this.words = words;
    this.stride = words + 1;
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, capacity / MAX_LOAD)));
    this.data = new Uint32Array(capacity * words);
    this.parents = new Int32Array(capacity);
    this.table = new Uint32Array(slots * this.stride);
    this.mask = slots - 1;
    this.limit = Math.floor(slots * MAX_LOAD);
  }

  /** Bytes held by the store's arrays. */
  get bytes(): number {
    return this.data.byteLength + this.parents.byteLength + this.table.byteLength;
  }

  /** Bytes the store would hold after its next growth. */
  get bytesAfterGrowth(): number {
    if (this.count >= this.limit) return this.bytes + this.table.byteLength;
    return this.bytes + Math.ceil((this.data.byteLength + this.parents.byteLength) * (GROWTH - 1));
  }

  /** How many more states fit before the store grows. */
  get room(): number {
    return Math.min(this.parents.length, this.limit) - this.count;
  }

  /** Whether adding one more state makes the store grow. */
  get full(): boolean {
    return this.count >= this.parents.length || this.count >= this.limit;
  }

  /** The hash of the key at `keys[at..at+words)`, as `internAt`, `findAt` and `prefetch` take it. */
  hash(keys: Uint32Array, at: number): number {
    return hash(keys, at, this.words);
  }

  /**
   * Hashes the `n` keys in `keys` (key `j` at `j * words`) into `hashes` and reads the slot
   * each belongs to, so that looking them up next finds the slots in cache.
   */
  prefetch(keys: Uint32Array, n: number, hashes: Int32Array): void {
    const w = this.words;
    for (let j = 0; j < n; j++) hashes[j] = hash(keys, j * w, w);
    this.touch(hashes, 0, n);
  }

  /** Reads the slots of the keys whose hashes are `hashes[from..to)`, as `prefetch` does. */
  touch(hashes: Int32Array, from: number, to: number): void {
    const w = this.words;
    const table = this.table;
    const mask = this.mask;
    const stride = this.stride;
    let sum = 0;
    for (let j = from; j < to; j++) sum ^= table[(hashes[j]! & mask) * stride + w]!;
    this.touched ^= sum;
  }

  /**
   * Adds the state encoded in `key[0..words)` unless present. Returns its number when it is
   * new, or the bitwise complement (`~n`, negative) of the number it already had.
   */
  intern(key: Uint32Array, parent: number): number {
    return this.internAt(key, 0, hash(key, 0, this.words), parent);
  }

  /** `intern` for the key at `keys[at..at+words)` whose hash is `h`. */
  internAt(keys: Uint32Array, at: number, h: number, parent: number): number {
    const w = this.words;
    let slot = this.probe(keys, at, h);
    const found = this.table[slot + w]!;
    if (found !== 0) return ~(found - 1);
    if (this.count >= this.parents.length) this.growNumbered();
    if (this.count >= this.limit) {
      this.growTable();
      slot = this.probe(keys, at, h);
    }
    const id = this.count++;
    const table = this.table;
    const data = this.data;
    for (let i = 0; i < w; i++) {
      table[slot + i] = keys[at + i]!;
      data[id * w + i] = keys[at + i]!;
    }
    table[slot + w] = id + 1;
    this.parents[id] = parent;
    return id;
  }

  /** The number of a stored state, or -1. */
  find(key: Uint32Array): number {
    return this.findAt(key, 0, hash(key, 0, this.words));
  }

  /** `find` for the key at `keys[at..at+words)` whose hash is `h`. */
  findAt(keys: Uint32Array, at: number, h: number): number {
    return this.table[this.probe(keys, at, h) + this.words]! - 1;
  }

  /** The words of every state, state `id` at `id * words` (valid until the next insertion). */
  get encodings(): Uint32Array {
    return this.data;
  }

  parent(id: number): number {
    return this.parents[id]!;
  }

  /** The table offset of the slot holding the key at `keys[at..]`, or of the empty slot where it belongs. */
  private probe(keys: Uint32Array, at: number, h: number): number {
    const w = this.words;
    const table = this.table;
    const stride = this.stride;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const base = slot * stride;
      if (table[base + w] === 0) return base;
      let i = 0;
      while (i < w && table[base + i] === keys[at + i]) i++;
      if (i === w) return base;
      slot = (slot + 1) & mask;
    }
  }

  /** Grows the arrays indexed by state number by half. */
  private growNumbered(): void {
    const capacity = Math.ceil(this.parents.length * GROWTH);
    const data = new Uint32Array(capacity * this.words);
    data.set(this.data);
    this.data = data;
    const parents = new Int32Array(capacity);
    parents.set(this.parents);
    this.parents = parents;
  }

  /**
   * Doubles the table. It is refilled by walking the old one slot by slot: a key's new home
   * slot is its old one or that plus the old size, so the writes move through the new table
   * in two ascending runs instead of landing at random.
   */
  private growTable(): void {
    const w = this.words;
    const stride = this.stride;
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    const table = new Uint32Array(slots * stride);
    const mask = slots - 1;
    for (let from = 0; from < old.length; from += stride) {
      if (old[from + w] === 0) continue;
      let slot = hash(old, from, w) & mask;
      while (table[slot * stride + w] !== 0) slot = (slot + 1) & mask;
      const at = slot * stride;
      for (let i = 0; i < stride; i++) table[at + i] = old[from + i]!;
    }
    this.table = table;
    this.mask = mask;
    this.limit = Math.floor(slots * MAX_LOAD);
  }
}

/** The table's largest share of used slots: linear probing stays short up to about here. */
const MAX_LOAD = 0.75;

/** How much the numbered arrays grow at a time. */
const GROWTH = 1.5;

/** A 32-bit hash of the `w` words at `at` (murmur3's mixing steps). */
export function hash(key: Uint32Array, at: number, w: number): number {
  let h = 0x9747b28c ^ w;
  for (let i = at; i < at + w; i++) {
    let k = Math.imul(key[i]!, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
