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
 */
export class StateStore {
  /** Words per state. */
  readonly words: number;
  /** How many distinct states are stored. */
  count = 0;
  private data: Uint32Array;
  private parents: Int32Array;
  /** Slots of `words + 1` words: the state's words, then its number plus one (0: empty). */
  private table: Uint32Array;
  private mask: number;
  private readonly stride: number;
  /** Folded values of prefetching reads, kept so the reads are not optimised away. */
  private touched = 0;

  constructor(words: number, capacity = 1 << 12) {
    this.words = words;
    this.stride = words + 1;
    const cap = 2 ** Math.ceil(Math.log2(Math.max(16, capacity)));
    this.data = new Uint32Array(cap * words);
    this.parents = new Int32Array(cap);
    this.table = new Uint32Array(cap * 2 * this.stride);
    this.mask = cap * 2 - 1;
  }

  /** Bytes held by the store's arrays. */
  get bytes(): number {
    return this.data.byteLength + this.parents.byteLength + this.table.byteLength;
  }

  /** Bytes the store would hold after its next growth. */
  get bytesAfterGrowth(): number {
    return this.bytes * 2;
  }

  /** Whether adding one more state makes the store grow. */
  get full(): boolean {
    return this.count >= this.parents.length;
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
    const table = this.table;
    const mask = this.mask;
    const stride = this.stride;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const h = hash(keys, j * w, w);
      hashes[j] = h;
      sum ^= table[(h & mask) * stride + w]!;
    }
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
    const slot = this.probe(keys, at, h);
    const w = this.words;
    const found = this.table[slot + w]!;
    if (found !== 0) return ~(found - 1);
    if (this.full) {
      this.grow();
      return this.internAt(keys, at, h, parent);
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

  private grow(): void {
    const cap = this.parents.length * 2;
    const w = this.words;
    const data = new Uint32Array(cap * w);
    data.set(this.data);
    this.data = data;
    const parents = new Int32Array(cap);
    parents.set(this.parents);
    this.parents = parents;
    this.table = new Uint32Array(cap * 2 * this.stride);
    this.mask = cap * 2 - 1;
    const batch = 1024;
    const hashes = new Int32Array(batch);
    for (let from = 0; from < this.count; from += batch) {
      const n = Math.min(batch, this.count - from);
      this.prefetch(data.subarray(from * w), n, hashes);
      for (let j = 0; j < n; j++) this.place(data, (from + j) * w, hashes[j]!, from + j);
    }
  }

  /** Puts stored state `id` (its key at `keys[at..]`, hash `h`) into the first free slot. */
  private place(keys: Uint32Array, at: number, h: number, id: number): void {
    const w = this.words;
    const table = this.table;
    let slot = h & this.mask;
    while (table[slot * this.stride + w] !== 0) slot = (slot + 1) & this.mask;
    const base = slot * this.stride;
    for (let i = 0; i < w; i++) table[base + i] = keys[at + i]!;
    table[base + w] = id + 1;
  }
}

/** A 32-bit hash of the `w` words at `at` (murmur3's mixing steps). */
function hash(key: Uint32Array, at: number, w: number): number {
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
