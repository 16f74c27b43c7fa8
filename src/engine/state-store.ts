/**
 * The model checker's memory: every distinct state's canonical words, numbered in the order
 * they were found, with the number of the state it was first reached from. Because states are
 * numbered in breadth-first order, the numbers double as the queue: the next state to expand
 * is simply the next number.
 *
 * It stores whole encodings, not fingerprints, so there are no hash collisions and counts are
 * exact. Each state's words are stored once, in number order; the hash table is a typed array
 * with open addressing. JS Maps and Sets stop at 2^24 entries and cost several times the memory.
 * The table has one of two layouts:
 * - narrow: a 32-bit slot holds a state's number and a tag of its hash, so a lookup reads one
 *   slot (its neighbours share the cache line) and, when the tag matches, the state's words;
 * - wide, for states of one word, or of two whose second word is short (see `WIDE_REST`): a
 *   second 32-bit word beside each slot holds the state's second word and how far the slot
 *   lies from where the state's hash puts it. The hash is a bijection of the first word for a
 *   given second word, so the tag, that place and the second word are the whole state: a
 *   lookup compares them and reads nothing else. A lookup waits for one random read of
 *   memory instead of two, and the table doubles without reading any state's words.
 *
 * Lookups come in batches: `prefetch` hashes a batch of keys and reads each one's slot, then
 * (narrow) the words the slots point at; since the reads of each pass do not depend on each
 * other the processor overlaps their cache misses, and the lookups that follow find what they
 * need in cache. A lone lookup on a table of hundreds of megabytes otherwise waits for main
 * memory.
 *
 * Memory is time here too: every fresh page costs a fault when first touched. The table
 * doubles when it is three quarters full (wide: 85%), and the numbered arrays grow by half,
 * separately; a store in shared memory makes each doubled table a little ahead, for a worker
 * to touch while this thread goes on (see `prepare`). Per state that is its words, about a
 * byte of parent link, and 5.3 to 10.7 bytes of narrow table or 9.4 to 18.8 of wide.
 */
/** What a worker needs to look states up in the store's table while the store grows apart from it. */
export interface TableView {
  readonly table: Int32Array;
  readonly data: Uint32Array;
  readonly mask: number;
  readonly bits: number;
  readonly words: number;
  /** With the wide layout, the bits of the second word kept beside each slot; -1 with the narrow one. */
  readonly rest: number;
}

export class StateStore {
  /** Words per state. */
  readonly words: number;
  /** How many distinct states are stored. */
  count = 0;
  /** State `id`'s words at `id * words`. */
  private data: Uint32Array;
  /**
   * Parent links, kept as counts. States are numbered in the order they are found, so a
   * state's parent never comes before the parent of a state numbered earlier: the states
   * state `v` found first are a run of consecutive numbers, `children[v]` of them (255: see
   * `overflow`), after the initial states and the runs of the states before `v`. Where the
   * run of every 256th state starts is kept in `starts`. That is about a byte per state
   * instead of four for a parent number.
   */
  private children: Uint8Array;
  private starts: Int32Array;
  /** Child counts of 255 or more, by state. */
  private readonly overflow = new Map<number, number>();
  /** How many initial states there are (parent -1); they come first. */
  private initials = 0;
  /** The parent of the last state added; every state up to it has its run complete. */
  private lastParent = -1;
  /** How many states the numbered arrays hold. */
  private capacity: number;
  /**
   * One 32-bit slot per entry (0: empty), at `table[s]` (narrow) or `table[2 * s]` (wide).
   * With `2^bits` slots, the low `bits` bits hold a state's number plus one (numbers stay
   * below the slot count: see `limit`) and the high bits hold the top bits of its hash,
   * a tag: a narrow probe compares a state's words, in `data`, only when the tag matches, so
   * walking past other keys costs no extra reads. In the wide layout `table[2 * s + 1]` holds
   * the state's second word (none for one word) plus, above its `rest` bits, how many slots
   * past the one its hash names it lies.
   */
  private table: Int32Array;
  private mask: number;
  private bits: number;
  /** How many states the table takes before it doubles. */
  private limit: number;
  /** Folded values of prefetching reads, kept so the reads are not optimised away. */
  private touched = 0;
  /** The doubled table, made ahead of its time by `prepare`, until the table doubles. */
  private nextTable: Int32Array | undefined;
  /** Whether the table and the words live in memory other threads can read. */
  readonly shared: boolean;
  /** With the wide layout, the bits of a state's second word (0 for one word); -1 with the narrow one. */
  readonly rest: number;

  /**
   * A store for states of `words` words, of which they use the low `bits` (see
   * `StateEncoding.bits`), with room for `capacity` before it first grows. A `shared` store
   * keeps its table and words where worker threads can look states up (see `view` and
   * `lookupAll`).
   */
  constructor(words: number, capacity = 1 << 12, shared = false, bits = 32 * words) {
    this.words = words;
    this.shared = shared;
    this.rest = words === 1 ? 0 : words === 2 && bits - 32 <= WIDE_REST ? Math.max(0, bits - 32) : -1;
    const load = this.rest < 0 ? MAX_LOAD : WIDE_LOAD;
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, capacity / load)));
    this.data = this.u32(capacity * words);
    this.capacity = capacity;
    this.children = new Uint8Array(capacity);
    this.starts = new Int32Array((capacity >> 8) + 1);
    this.table = this.i32(this.rest < 0 ? slots : 2 * slots);
    this.mask = slots - 1;
    this.bits = Math.log2(slots);
    this.limit = Math.floor(slots * load);
  }

  /** Bytes held by the store's arrays, with the doubled table made ahead (see `prepare`). */
  get bytes(): number {
    return this.data.byteLength + this.children.byteLength + this.starts.byteLength + this.table.byteLength + (this.nextTable?.byteLength ?? 0);
  }

  /** Bytes the store would hold after its next growth. */
  get bytesAfterGrowth(): number {
    if (this.count >= this.limit) return this.bytes + (this.nextTable === undefined ? this.table.byteLength : -this.table.byteLength);
    return this.bytes + Math.ceil((this.data.byteLength + this.children.byteLength + this.starts.byteLength) * (GROWTH - 1));
  }

  /** How many more states fit before the store grows. */
  get room(): number {
    return Math.min(this.capacity, this.limit) - this.count;
  }

  /** Whether adding one more state makes the store grow. */
  get full(): boolean {
    return this.count >= this.capacity || this.count >= this.limit;
  }

  /**
   * The doubled table, made now when the table is nearly full and the store is in shared
   * memory, so that another thread can touch its pages first; undefined when it is made
   * already, the table has room, or it would pass `maxBytes`. Touching a page of fresh memory
   * costs a fault, and the faults of a table written at random cost more than the writes: a
   * 64 MiB table doubles in about a quarter of the time into memory already touched. It is
   * made late (see `PREPARE`), as a search that ends first has held it for nothing; the
   * numbered arrays, written in order and grown by half, are not made ahead.
   */
  prepare(maxBytes: number): SharedArrayBuffer | undefined {
    if (!this.shared || this.nextTable !== undefined || this.count < this.limit * PREPARE || this.bytes + 2 * this.table.byteLength > maxBytes) return undefined;
    this.nextTable = this.i32(2 * this.table.length);
    return this.nextTable.buffer as SharedArrayBuffer;
  }

  /**
   * Lets go of the doubled table made ahead by `prepare`, once the search that would have
   * grown into it is over (it may end just before the table doubles): the store then holds,
   * and counts, only what it uses. A later doubling makes a table anew.
   */
  settle(): void {
    this.nextTable = undefined;
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

  /**
   * Reads the slots of the keys whose hashes are `hashes[from..to)` (with `list`, those whose
   * hashes are `hashes[list[i]]` for `i` in `[from, to)`), then (narrow) the words of the
   * states those slots name, as `prefetch` does: the reads of each pass do not wait for each
   * other, so their cache misses overlap.
   */
  touch(hashes: Int32Array, from: number, to: number, list?: Int32Array): void {
    this.touched ^=
      this.rest < 0
        ? readAhead(this.table, this.data, this.mask, this.bits, this.words, hashes, from, to, list)
        : readAheadWide(this.table, this.mask, hashes, from, to, list);
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
    const rest = this.rest;
    const known = this.probe(keys, at, h);
    if (known !== 0) return ~((known & this.mask) - 1);
    let slot = probedSlot;
    // The wide layout keeps the second word in `rest` bits: a state that uses more is refused
    // before anything changes.
    const second = rest >= 0 && w === 2 ? keys[at + 1]! : 0;
    if (rest >= 0 && second >>> rest !== 0) throw new Error(`a state uses more bits than its encoding declares (${32 + rest})`);
    if (this.count >= this.capacity) this.growNumbered();
    // The table also doubles, as it never does in practice, when the wide slot would lie too
    // far from the state's place to say how far.
    while (this.count >= this.limit || (rest > 0 && ((slot - h) & this.mask) >>> (32 - rest) !== 0)) {
      this.growTable();
      this.probe(keys, at, h);
      slot = probedSlot;
    }
    if (parent !== this.lastParent) this.advance(parent);
    const id = this.count++;
    const data = this.data;
    for (let i = 0; i < w; i++) data[id * w + i] = keys[at + i]!;
    const entry = ((h >>> this.bits) << this.bits) | (id + 1);
    if (rest < 0) this.table[slot] = entry;
    else {
      // The second word and the distance first: a slot is read as taken once its first word is.
      this.table[2 * slot + 1] = wideRest(second, (slot - h) & this.mask, rest);
      this.table[2 * slot] = entry;
    }
    if (parent < 0) this.initials++;
    else {
      const c = this.children[parent]!;
      if (c < 254) this.children[parent] = c + 1;
      else {
        this.children[parent] = 255;
        this.overflow.set(parent, (this.overflow.get(parent) ?? 254) + 1);
      }
    }
    return id;
  }

  /** The number of a stored state, or -1. */
  find(key: Uint32Array): number {
    return this.findAt(key, 0, hash(key, 0, this.words));
  }

  /** `find` for the key at `keys[at..at+words)` whose hash is `h`. */
  findAt(keys: Uint32Array, at: number, h: number): number {
    return (this.probe(keys, at, h) & this.mask) - 1;
  }

  /** The words of every state, state `id` at `id * words` (valid until the next insertion). */
  get encodings(): Uint32Array {
    return this.data;
  }

  /** The number of the state that state `id` was first found from, or -1 for an initial state. */
  parent(id: number): number {
    if (id < this.initials) return -1;
    if (id >= this.count) throw new RangeError(`state ${id} is not stored`);
    // The last sampled run that starts at or before `id`, then the runs after it.
    let lo = 0;
    let hi = this.lastParent >> 8;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= id) lo = mid;
      else hi = mid - 1;
    }
    let v = lo << 8;
    let start = this.starts[lo]!;
    for (;;) {
      const n = this.childCount(v);
      if (id < start + n) return v;
      start += n;
      v++;
    }
  }

  private childCount(v: number): number {
    const c = this.children[v]!;
    return c === 255 ? this.overflow.get(v)! : c;
  }

  /**
   * Moves on to a new parent: the runs of every state up to it are complete, and the run of
   * each 256th state among those passed starts here.
   */
  private advance(parent: number): void {
    if (parent < this.lastParent) {
      throw new Error(`states must be added in breadth-first order: parent ${parent} after ${this.lastParent}`);
    }
    for (let v = this.lastParent + 1; v <= parent; v++) if ((v & 255) === 0) this.starts[v >> 8] = this.count;
    this.lastParent = parent;
  }

  /**
   * The table and the words as they are now, for another thread to look states up in. A
   * view stays valid for the states it holds after the store moves on (the store never
   * writes into memory it has left); it only misses the states added since.
   */
  view(): TableView {
    if (!this.shared) throw new Error('the store is not in shared memory');
    return { table: this.table, data: this.data, mask: this.mask, bits: this.bits, words: this.words, rest: this.rest };
  }

  /** The entry of the slot holding the key at `keys[at..]`, or 0 at the empty slot where it
   *  belongs (see `probe`); the slot is left in `probedSlot`. */
  private probe(keys: Uint32Array, at: number, h: number): number {
    return this.rest < 0
      ? probe(this.table, this.data, this.mask, this.bits, this.words, keys, at, h)
      : probeWide(this.table, this.mask, this.bits, this.rest, this.words, keys, at, h);
  }

  private u32(length: number): Uint32Array {
    return this.shared ? new Uint32Array(new SharedArrayBuffer(length * 4)) : new Uint32Array(length);
  }

  private i32(length: number): Int32Array {
    return this.shared ? new Int32Array(new SharedArrayBuffer(length * 4)) : new Int32Array(length);
  }

  /** Grows the arrays indexed by state number by half. */
  private growNumbered(): void {
    const capacity = Math.ceil(this.capacity * GROWTH);
    const data = this.u32(capacity * this.words);
    data.set(this.data);
    this.data = data;
    const children = new Uint8Array(capacity);
    children.set(this.children);
    this.children = children;
    const starts = new Int32Array((capacity >> 8) + 1);
    starts.set(this.starts);
    this.starts = starts;
    this.capacity = capacity;
  }

  /** Memory for the doubled table: the prepared one, or new. */
  private doubled(): Int32Array {
    const table = this.nextTable ?? this.i32(2 * this.table.length);
    this.nextTable = undefined;
    return table;
  }

  /**
   * Doubles the table. A state's home in the doubled table is its old home, or that plus the
   * old size when the lowest bit of its tag is set; so the old table is walked in slot order
   * and the doubled one is written in two nearly sequential streams, not at random. In the
   * narrow layout only the words of the states met are read at random, a block of slots at a
   * time ahead of the inserts, so that those reads overlap; no key needs comparing since each
   * is known to be new.
   */
  private growTable(): void {
    if (this.rest >= 0) {
      this.growWide();
      return;
    }
    const w = this.words;
    const old = this.table;
    const size = old.length;
    const oldMask = this.mask;
    const slots = size * 2;
    const table = this.doubled();
    const mask = slots - 1;
    const bits = this.bits + 1;
    const data = this.data;
    let sum = 0;
    for (let lo = 0; lo < size; lo += GROW_BLOCK) {
      const hi = Math.min(size, lo + GROW_BLOCK);
      for (let s = lo; s < hi; s++) {
        const e = old[s]!;
        if (e !== 0) sum ^= data[((e & oldMask) - 1) * w]!;
      }
      for (let s = lo; s < hi; s++) {
        const e = old[s]!;
        if (e === 0) continue;
        const id = (e & oldMask) - 1;
        const h = hash(data, id * w, w);
        let slot = h & mask;
        while (table[slot] !== 0) slot = (slot + 1) & mask;
        table[slot] = ((h >>> bits) << bits) | (id + 1);
      }
    }
    this.touched ^= sum;
    this.table = table;
    this.mask = mask;
    this.bits = bits;
    this.limit = Math.floor(slots * MAX_LOAD);
  }

  /**
   * `growTable` in the wide layout: a slot's hash is its tag over the slot it was put in less
   * its distance from there, so the states' words are not read at all.
   */
  private growWide(): void {
    const old = this.table;
    const size = old.length >> 1;
    const oldMask = this.mask;
    const oldBits = this.bits;
    const slots = size * 2;
    const table = this.doubled();
    const mask = slots - 1;
    const bits = oldBits + 1;
    const rest = this.rest;
    const low = rest === 0 ? 0 : 2 ** rest - 1;
    for (let s = 0; s < size; s++) {
      const e = old[2 * s]!;
      if (e === 0) continue;
      const r = old[2 * s + 1]!;
      const h = ((e >>> oldBits) << oldBits) | ((s - (r >>> rest)) & oldMask);
      let slot = h & mask;
      while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
      const d = (slot - h) & mask;
      if (rest > 0 && d >>> (32 - rest) !== 0) throw new Error(`a state lies ${d} slots past its place in the hash table`);
      table[2 * slot + 1] = wideRest(r & low, d, rest);
      table[2 * slot] = ((h >>> bits) << bits) | (e & oldMask);
    }
    this.table = table;
    this.mask = mask;
    this.bits = bits;
    this.limit = Math.floor(slots * WIDE_LOAD);
  }
}

/**
 * The second word of a wide slot: a state's second word `second` (0 for one word), of at most
 * `rest` bits, and above them the slot's distance `d` from where the state's hash puts it.
 */
function wideRest(second: number, d: number, rest: number): number {
  return second | (d << rest);
}

/**
 * The slot the last probe of this thread stopped at: the key's, or the empty slot where the
 * key belongs. A probe returns the entry it read there, and every lookup takes its answer
 * from that read: in a table that another thread writes, reading the slot again could find a
 * state added there since, and give its number for a key that is not stored. A lookup needs
 * the entry alone, and takes it as the probe's result: `lookupAll` took about 8% longer when
 * the entry went through a variable of the module and the probe returned the slot.
 */
let probedSlot = 0;

/**
 * The entry of `table` holding the key at `keys[at..at+w)` whose hash is `h`, as read, or 0
 * at the empty slot where it belongs (see `StateStore.table`); the slot is left in `probedSlot`.
 */
function probe(table: Int32Array, data: Uint32Array, mask: number, bits: number, w: number, keys: Uint32Array, at: number, h: number): number {
  const tag = h >>> bits;
  let slot = h & mask;
  for (;;) {
    const e = table[slot]!;
    if (e === 0) {
      probedSlot = slot;
      return 0;
    }
    if (e >>> bits === tag) {
      const base = ((e & mask) - 1) * w;
      let i = 0;
      while (i < w && data[base + i] === keys[at + i]) i++;
      if (i === w) {
        probedSlot = slot;
        return e;
      }
    }
    slot = (slot + 1) & mask;
  }
}

/**
 * `probe` in a wide `table` (see `StateStore.table`): the key's slot is the one whose tag,
 * second word and distance from the key's place are the key's.
 */
function probeWide(table: Int32Array, mask: number, bits: number, rest: number, w: number, keys: Uint32Array, at: number, h: number): number {
  const tag = h >>> bits;
  const second = w === 2 ? keys[at + 1]! : 0;
  let slot = h & mask;
  for (let d = 0; ; d++) {
    const e = table[2 * slot]!;
    if (e === 0 || (e >>> bits === tag && table[2 * slot + 1] === wideRest(second, d, rest))) {
      probedSlot = slot;
      return e;
    }
    slot = (slot + 1) & mask;
  }
}

/** `StateStore.touch` on the given table and words; returns the values read, folded. */
function readAhead(table: Int32Array, data: Uint32Array, mask: number, bits: number, w: number, hashes: Int32Array, from: number, to: number, list?: Int32Array): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum ^= table[hashes[list === undefined ? i : list[i]!]! & mask]!;
  for (let i = from; i < to; i++) {
    const h = hashes[list === undefined ? i : list[i]!]!;
    const e = table[h & mask]!;
    // The words of the state the slot names when the tags match, else state 0's (cached).
    sum ^= data[Math.max(e >>> bits === h >>> bits ? (e & mask) - 1 : 0, 0) * w]!;
  }
  return sum;
}

/** `readAhead` for a wide table, whose slots hold all a lookup compares. */
function readAheadWide(table: Int32Array, mask: number, hashes: Int32Array, from: number, to: number, list?: Int32Array): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum ^= table[2 * (hashes[list === undefined ? i : list[i]!]! & mask)]!;
  return sum;
}

/**
 * Touches every page of `memory` without changing a word, as another thread may be writing
 * it: each page is then in memory before that thread needs it (see `StateStore.prepare`).
 * The compare-exchange writes (a read would map a page of zeros, and the first write fault
 * again) and leaves each word as it finds it.
 */
export function touchPages(memory: SharedArrayBuffer): void {
  const a = new Int32Array(memory);
  for (let i = 0; i < a.length; i += PAGE_WORDS) Atomics.compareExchange(a, i, 0, 0);
}

/** 32-bit words per page of memory. */
const PAGE_WORDS = 1024;

/** Folded values of the reads `lookupAll` makes ahead, kept so they are not optimised away. */
let readAheadSink = 0;

/** Keys looked up together by `lookupAll`: their slots and words stay in cache between the passes. */
const LOOKUP_RUN = 512;

/**
 * Looks up keys `[from, to)` (key `j` at `keys[j * words..]`, its hash at `hashes[j]`) whose
 * `found[j]` is -1 in a view of a store, writing each one's number, or -1, to `found[j]` (-1
 * also, at times, when the store added it after the view was taken, or while this runs); the
 * others are left as they are. They go a run at a time: every slot of the run is read, then
 * (narrow) every word those slots point at, then the lookups find them in cache, so the
 * memory waits of a run overlap.
 *
 * Safe while the store adds states from another thread: it writes a narrow slot after the
 * words the slot points at, and a wide slot's second word before its first, and a read of a
 * 32-bit word sees it empty or whole; a number past the words a view has compares unequal,
 * nothing is ever removed, and each answer comes from the one read of the slot the probe
 * compared (see `probedSlot`), so a number found is right.
 */
export function lookupAll(v: TableView, keys: Uint32Array, hashes: Int32Array, found: Int32Array, from: number, to: number): void {
  const { table, data, mask, bits, words, rest } = v;
  for (let lo = from; lo < to; lo += LOOKUP_RUN) {
    const hi = Math.min(to, lo + LOOKUP_RUN);
    // Every key's slot (and, narrow, words) is read, even those of keys not looked up: a branch
    // on which to read would be mispredicted often, and each misprediction throws away the
    // reads issued after it; a key not looked up repeats an earlier key of the batch, whose
    // reads are cached.
    readAheadSink ^= rest < 0 ? readAhead(table, data, mask, bits, words, hashes, lo, hi) : readAheadWide(table, mask, hashes, lo, hi);
    for (let j = lo; j < hi; j++) {
      if (found[j] !== -1) continue;
      const e = rest < 0 ? probe(table, data, mask, bits, words, keys, j * words, hashes[j]!) : probeWide(table, mask, bits, rest, words, keys, j * words, hashes[j]!);
      found[j] = (e & mask) - 1;
    }
  }
}

/** The table's largest share of used slots: linear probing stays short up to about here. */
const MAX_LOAD = 0.75;

/**
 * The same for the wide layout, whose probes walk slots eight to a cache line and read
 * nothing else: its 8-byte slots then cost 9.4 to 18.8 bytes per state, against 5.3 to 10.7
 * for the narrow layout's 4-byte ones.
 */
const WIDE_LOAD = 0.85;

/**
 * How full, as a share of what it takes, the table is when `prepare` makes the doubled one:
 * late enough that a search seldom ends with it unused, early enough that a worker has
 * touched it first (on the 5.3 M-state rung, the last 2.5% before the table doubles to 64 MiB
 * take about 89,000 states, near a tenth of a second; a worker touches 64 MiB in about 40 ms).
 */
const PREPARE = 0.975;

/** Slots of the old table whose states' words `growTable` reads ahead together. */
const GROW_BLOCK = 1024;

/** How much the numbered arrays grow at a time. */
const GROWTH = 1.5;

/**
 * The most bits of a second word the wide layout keeps beside a slot: the other 12 of its
 * 32 count how far a slot lies from where its state's hash puts it, up to 4,095 slots (at
 * `WIDE_LOAD`, linear probing puts no state of a table of billions past about 2,000).
 */
const WIDE_REST = 20;

/** `hash` of the two words `k0`, `k1`, written out for the states of two words the checker meets most. */
export function hash2(k0: number, k1: number): number {
  return finish(mix(mix(0x9747b28c ^ 2, k0), k1));
}

/**
 * A 32-bit hash of the `w` words at `at` (murmur3's mixing steps). Every step is invertible,
 * so for given later words the hash is a bijection of the first: the wide table relies on it.
 */
export function hash(key: Uint32Array, at: number, w: number): number {
  let h = 0x9747b28c ^ w;
  for (let i = at; i < at + w; i++) h = mix(h, key[i]!);
  return finish(h);
}

/** murmur3's step that mixes the word `word` into the hash so far, `h`. */
function mix(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3's last step, which spreads every bit of `h` over the others. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
