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

  /**
   * Adds the state encoded in `key[0..words)` unless present. Returns its number when it is
   * new, or the bitwise complement (`~n`, negative) of the number it already had.
   */
  intern(key: Uint32Array, parent: number): number {
    const slot = this.probe(key);
    const found = this.table[slot + this.words]!;
    if (found !== 0) return ~(found - 1);
    if (this.full) {
      this.grow();
      return this.intern(key, parent);
    }
    const id = this.count++;
    const w = this.words;
    for (let i = 0; i < w; i++) {
      this.table[slot + i] = key[i]!;
      this.data[id * w + i] = key[i]!;
    }
    this.table[slot + w] = id + 1;
    this.parents[id] = parent;
    return id;
  }

  /** The number of a stored state, or -1. */
  find(key: Uint32Array): number {
    return this.table[this.probe(key) + this.words]! - 1;
  }

  /** The words of every state, state `id` at `id * words` (valid until the next insertion). */
  get encodings(): Uint32Array {
    return this.data;
  }

  parent(id: number): number {
    return this.parents[id]!;
  }

  /** The table offset of the slot holding `key`, or of the empty slot where it belongs. */
  private probe(key: Uint32Array): number {
    const w = this.words;
    const table = this.table;
    let slot = hash(key, 0, w) & this.mask;
    for (;;) {
      const at = slot * this.stride;
      if (table[at + w] === 0) return at;
      let same = true;
      for (let i = 0; i < w; i++) {
        if (table[at + i] !== key[i]) {
          same = false;
          break;
        }
      }
      if (same) return at;
      slot = (slot + 1) & this.mask;
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
    for (let id = 0; id < this.count; id++) {
      let slot = hash(data, id * w, w) & this.mask;
      while (this.table[slot * this.stride + w] !== 0) slot = (slot + 1) & this.mask;
      const at = slot * this.stride;
      for (let i = 0; i < w; i++) this.table[at + i] = data[id * w + i]!;
      this.table[at + w] = id + 1;
    }
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
