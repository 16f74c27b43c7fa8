/**
 * The fast path of `verify`: reads a step line in place, as bytes, without decoding it or
 * calling JSON.parse, straight into what the checker needs (the step's index, its event, and
 * the observation as a `Seen`). JSON.parse of a line costs several times more than checking
 * the step, because it builds every string and array of the line; this reader builds none
 * but the small event object.
 *
 * It reads only the plain form: no whitespace between tokens, no escapes in strings, plain
 * integers, every record either one plan's whole address set or empty, known endpoints, no
 * `foreign` list. Keys may come in any order. Everything else (and anything it doubts) it
 * declines, and the line goes to JSON.parse and the schema validator, which give the
 * authoritative answer. A line it accepts is a valid HistoryStep and reads exactly as
 * JSON.parse reads it; a test holds it to that.
 */
import { ADDRESSES_PER_RECORD, EMPTY, foldOctet, wholePlan } from '../addresses.js';
import type { Event } from '../adapter.js';
import type { Seen } from '../seen.js';

const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const OPEN = 123;
const CLOSE = 125;
const SQUARE = 91;
const SQUARE_CLOSE = 93;
const BACKSLASH = 92;
const MAX_GENERATION = 999_999;
/** The address-number bits (1 << k) of a whole record. */
const WHOLE = (1 << (ADDRESSES_PER_RECORD + 1)) - 2;

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const T_TYPE = bytes('"type":"step"');
const T_INDEX = bytes('"index":');
const T_COMMAND = bytes('"command":');
const T_EVENT = bytes('"event":');
const T_OBSERVATION = bytes('"observation":');
const T_MS = bytes('"ms":');
const T_PLAN_COMMAND = bytes('{"kind":"plan"}');
const T_COLLECT_COMMAND = bytes('{"kind":"collect"}');
const T_STEP_COMMAND = bytes('{"kind":"step","enactor":"');
const T_CRASH_COMMAND = bytes('{"kind":"crash","enactor":"');
const T_KIND = bytes('"kind":"');
const T_ENACTOR = bytes('"enactor":"');
const T_ENDPOINT = bytes('"endpoint":"');
const T_GENERATION = bytes('"generation":');
const T_OUTCOME = bytes('"outcome":"');
const T_WRITTEN = bytes('written"');
const T_SKIPPED = bytes('skipped"');
const T_DELETED = bytes('"deleted":');
const T_REASON = bytes('"reason":"');
const T_PLANS = bytes('"plans":[');
const T_RECORDS = bytes('"records":{');

const ENACTOR = /^[a-z][a-z0-9-]{0,31}$/;
const ENDPOINT = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Event kinds by code (each followed by its closing quote), and the keys (a bit each) each requires and allows. */
const KINDS = ['plan', 'pick', 'write', 'clean', 'collect', 'crash', 'idle'].map((k) => bytes(`${k}"`));
const K_KIND = 1;
const K_ENACTOR = 2;
const K_ENDPOINT = 4;
const K_GENERATION = 8;
const K_OUTCOME = 16;
const K_DELETED = 32;
const K_REASON = 64;
const REQUIRED = [
  K_KIND | K_GENERATION,
  K_KIND | K_ENACTOR | K_GENERATION,
  K_KIND | K_ENACTOR | K_ENDPOINT | K_GENERATION | K_OUTCOME,
  K_KIND | K_ENACTOR | K_DELETED,
  K_KIND | K_DELETED,
  K_KIND | K_ENACTOR,
  K_KIND | K_ENACTOR,
];
const OPTIONAL = [0, 0, 0, 0, 0, 0, K_REASON];

export class StepScanner {
  /** The index of the step last read. */
  index = 0;
  private b: Buffer = Buffer.alloc(0);
  private at = 0;
  private readonly enactorBytes: Uint8Array[];
  private readonly endpointBytes: Uint8Array[];
  /** The last reason read, reused while the next one has the same bytes. */
  private reason = '';
  /** The bytes of the last observation read, `seen` as it left it; none when `lastLength` is 0. */
  private readonly last = new Uint8Array(1024);
  private lastLength = 0;
  private readonly events = new Recent<Event>(4, 256);

  constructor(
    private readonly enactors: readonly string[],
    private readonly endpoints: readonly string[],
    private readonly seen: Seen,
  ) {
    this.enactorBytes = enactors.map((e) => bytes(`${e}"`));
    this.endpointBytes = endpoints.map((p) => bytes(`${p}"`));
  }

  /**
   * Reads the step line `b[start, end)` (UTF-8, without its newline): its event, with `index`
   * and the checker's `seen` filled; `undefined` when the line is not in the plain form (then
   * `seen` is garbage).
   */
  step(b: Buffer, start: number, end: number): Event | undefined {
    this.b = b;
    this.at = start;
    if (b[this.at++] !== OPEN) return undefined;
    let keys = 0;
    let event: Event | undefined;
    for (;;) {
      let key = 0;
      // Dispatch on the key's first letter: t(ype) i(ndex) c(ommand) e(vent) o(bservation) m(s).
      switch (b[this.at + 1]) {
        case 116:
          if (this.lit(T_TYPE)) key = 1;
          break;
        case 105:
          if (this.lit(T_INDEX)) {
            const n = this.int();
            if (n < 1) return undefined;
            this.index = n;
            key = 2;
          }
          break;
        case 99:
          if (this.lit(T_COMMAND)) {
            if (!this.command()) return undefined;
            key = 4;
          }
          break;
        case 101:
          if (this.lit(T_EVENT)) {
            event = this.event();
            if (event === undefined) return undefined;
            key = 8;
          }
          break;
        case 111:
          if (this.lit(T_OBSERVATION)) {
            if (!this.observation()) return undefined;
            key = 16;
          }
          break;
        case 109:
          if (this.lit(T_MS)) {
            if (!this.number()) return undefined;
            key = 32;
          }
          break;
      }
      if (key === 0 || (keys & key) !== 0) return undefined;
      keys |= key;
      const c = b[this.at++];
      if (c === COMMA) continue;
      return c === CLOSE && this.at === end && keys === 63 ? event : undefined;
    }
  }

  /** Forgets the last observation read: `seen` has been filled by someone else since. */
  forget(): void {
    this.lastLength = 0;
  }

  /** Reads `token` if the text goes on with it. */
  private lit(token: Uint8Array): boolean {
    const b = this.b;
    const at = this.at;
    const n = token.length;
    for (let i = 0; i < n; i++) if (b[at + i] !== token[i]) return false;
    this.at = at + n;
    return true;
  }

  /** A plain non-negative integer of at most 15 digits, or -1. */
  private int(): number {
    const b = this.b;
    const from = this.at;
    let v = 0;
    let c = b[this.at]!;
    while (c >= ZERO && c <= NINE) {
      v = v * 10 + (c - ZERO);
      c = b[++this.at]!;
    }
    const len = this.at - from;
    if (len === 0 || len > 15 || (len > 1 && b[from] === ZERO)) return -1;
    if (c === DOT || c === 101 || c === 69) return -1;
    return v;
  }

  private generation(): number {
    const g = this.int();
    return g >= 1 && g <= MAX_GENERATION ? g : -1;
  }

  /**
   * A finite JSON number >= 0 (the `ms` field): no sign, no leading zeros, then a fraction
   * and an exponent if any. At most 15 integer digits and a two-digit exponent keep it finite.
   */
  private number(): boolean {
    const b = this.b;
    const first = b[this.at]!;
    const from = this.at;
    if (first === ZERO) this.at++;
    else if (first <= ZERO || first > NINE || !this.digits() || this.at - from > 15) return false;
    if (b[this.at] === DOT) {
      this.at++;
      if (!this.digits()) return false;
    }
    const e = b[this.at];
    if (e === 101 || e === 69) {
      this.at++;
      const sign = b[this.at];
      if (sign === 43 || sign === MINUS) this.at++;
      const digits = this.at;
      if (!this.digits() || this.at - digits > 2) return false;
    }
    return true;
  }

  private digits(): boolean {
    const b = this.b;
    const from = this.at;
    let c = b[this.at]!;
    while (c >= ZERO && c <= NINE) c = b[++this.at]!;
    return this.at > from;
  }

  /** One of `known` (names with their closing quote), or any other name matching `pattern`, after its opening quote. */
  private name(known: readonly Uint8Array[], names: readonly string[], pattern: RegExp): string | undefined {
    for (let i = 0; i < known.length; i++) if (this.lit(known[i]!)) return names[i]!;
    const b = this.b;
    const from = this.at;
    let text = '';
    for (let c = b[this.at]!; c !== QUOTE; c = b[++this.at]!) {
      if (this.at - from >= 64 || c >= 128 || c < 32 || c === BACKSLASH) return undefined;
      text += String.fromCharCode(c);
    }
    this.at++;
    return pattern.test(text) ? text : undefined;
  }

  private command(): boolean {
    // Dispatch on the first letters of the kind, after `{"kind":"`.
    const b = this.b;
    const c = b[this.at + 9];
    if (c === 112) return this.lit(T_PLAN_COMMAND);
    if (c === 99 && b[this.at + 10] === 111) return this.lit(T_COLLECT_COMMAND);
    if (!(c === 115 ? this.lit(T_STEP_COMMAND) : this.lit(T_CRASH_COMMAND))) return false;
    return this.name(this.enactorBytes, this.enactors, ENACTOR) !== undefined && this.b[this.at++] === CLOSE;
  }

  /** `[g, ...]` of distinct generations; undefined when not plain or repeated. */
  private generations(): number[] | undefined {
    const b = this.b;
    if (b[this.at++] !== SQUARE) return undefined;
    const out: number[] = [];
    if (b[this.at] === SQUARE_CLOSE) {
      this.at++;
      return out;
    }
    for (;;) {
      const g = this.generation();
      if (g < 0 || out.includes(g)) return undefined;
      out.push(g);
      const c = b[this.at++];
      if (c === SQUARE_CLOSE) return out;
      if (c !== COMMA) return undefined;
    }
  }

  /** A plain ASCII string after its opening quote (reused when it repeats the last one); undefined if not plain. */
  private text(): string | undefined {
    const b = this.b;
    const from = this.at;
    let c = b[this.at]!;
    while (c !== QUOTE) {
      if (c >= 128 || c < 32 || c === BACKSLASH) return undefined;
      c = b[++this.at]!;
    }
    const len = this.at - from;
    this.at++;
    const last = this.reason;
    let same = last.length === len;
    for (let i = 0; same && i < len; i++) same = last.charCodeAt(i) === b[from + i];
    if (!same) this.reason = String.fromCharCode.apply(null, b.subarray(from, from + len) as unknown as number[]);
    return this.reason;
  }

  /**
   * The event object. An implementation reports few distinct events over and over (idle
   * steps above all), so the last few are recognised by their bytes and shared.
   */
  private event(): Event | undefined {
    const from = this.at;
    const hit = this.events.find(this.b, from);
    if (hit >= 0) {
      this.at = from + this.events.length(hit);
      return this.events.value(hit);
    }
    const event = this.eventObject();
    if (event !== undefined) this.events.put(this.b, from, this.at, event);
    return event;
  }

  private eventObject(): Event | undefined {
    const b = this.b;
    if (b[this.at++] !== OPEN) return undefined;
    let keys = 0;
    let kind = -1;
    let enactor: string | undefined;
    let endpoint: string | undefined;
    let generation = -1;
    let written = false;
    let deleted: number[] | undefined;
    let reason: string | undefined;
    for (;;) {
      let key = 0;
      // Dispatch on the key's first letters: k(ind) en(actor) en(dpoint) g(eneration) o(utcome) d(eleted) r(eason).
      switch (b[this.at + 1]) {
        case 107:
          if (!this.lit(T_KIND) || kind >= 0) return undefined;
          for (let k = 0; k < KINDS.length && kind < 0; k++) if (this.lit(KINDS[k]!)) kind = k;
          if (kind < 0) return undefined;
          key = K_KIND;
          break;
        case 101:
          if (this.lit(T_ENACTOR)) {
            enactor = this.name(this.enactorBytes, this.enactors, ENACTOR);
            if (enactor === undefined) return undefined;
            key = K_ENACTOR;
          } else if (this.lit(T_ENDPOINT)) {
            endpoint = this.name(this.endpointBytes, this.endpoints, ENDPOINT);
            if (endpoint === undefined) return undefined;
            key = K_ENDPOINT;
          }
          break;
        case 103:
          if (!this.lit(T_GENERATION)) return undefined;
          generation = this.generation();
          if (generation < 0) return undefined;
          key = K_GENERATION;
          break;
        case 111:
          if (!this.lit(T_OUTCOME)) return undefined;
          if (this.lit(T_WRITTEN)) written = true;
          else if (!this.lit(T_SKIPPED)) return undefined;
          key = K_OUTCOME;
          break;
        case 100:
          if (!this.lit(T_DELETED)) return undefined;
          deleted = this.generations();
          if (deleted === undefined) return undefined;
          key = K_DELETED;
          break;
        case 114:
          if (!this.lit(T_REASON)) return undefined;
          reason = this.text();
          if (reason === undefined) return undefined;
          key = K_REASON;
          break;
      }
      if (key === 0) return undefined;
      if ((keys & key) !== 0) return undefined;
      keys |= key;
      const c = b[this.at++];
      if (c === COMMA) continue;
      if (c !== CLOSE || kind < 0) return undefined;
      if ((keys & REQUIRED[kind]!) !== REQUIRED[kind] || (keys & ~(REQUIRED[kind]! | OPTIONAL[kind]!)) !== 0) return undefined;
      break;
    }
    switch (kind) {
      case 0:
        return { kind: 'plan', generation };
      case 1:
        return { kind: 'pick', enactor: enactor!, generation };
      case 2:
        return { kind: 'write', enactor: enactor!, endpoint: endpoint!, generation, outcome: written ? 'written' : 'skipped' };
      case 3:
        return { kind: 'clean', enactor: enactor!, deleted: deleted! };
      case 4:
        return { kind: 'collect', deleted: deleted! };
      case 5:
        return { kind: 'crash', enactor: enactor! };
      default:
        return reason === undefined ? { kind: 'idle', enactor: enactor! } : { kind: 'idle', enactor: enactor!, reason };
    }
  }

  /**
   * The observation object. Most steps leave the plan store and the records as they were, so
   * an observation written exactly like the last one read is recognised by its bytes and
   * leaves `seen` as it is.
   */
  private observation(): boolean {
    const b = this.b;
    const from = this.at;
    const n = this.lastLength;
    if (n > 0 && from + n <= b.length && b.compare(this.last, 0, n, from, from + n) === 0) {
      this.at = from + n;
      return true;
    }
    this.lastLength = 0;
    if (!this.observationObject()) return false;
    const length = this.at - from;
    if (length <= this.last.length) {
      this.last.set(b.subarray(from, this.at));
      this.lastLength = length;
    }
    return true;
  }

  private observationObject(): boolean {
    const b = this.b;
    const seen = this.seen;
    if (b[this.at++] !== OPEN) return false;
    let keys = 0;
    for (;;) {
      let key: number;
      if (this.lit(T_PLANS)) {
        let plans = 0;
        if (b[this.at] === SQUARE_CLOSE) this.at++;
        else
          for (;;) {
            const g = this.generation();
            if (g < 1 || g > 30 || (plans & (1 << g)) !== 0) return false;
            plans |= 1 << g;
            const c = b[this.at++];
            if (c === SQUARE_CLOSE) break;
            if (c !== COMMA) return false;
          }
        seen.plans = plans;
        seen.outside = 0;
        key = 1;
      } else if (this.lit(T_RECORDS)) {
        if (!this.records()) return false;
        key = 2;
      } else return false;
      if ((keys & key) !== 0) return false;
      keys |= key;
      const c = b[this.at++];
      if (c === COMMA) continue;
      return c === CLOSE && keys === 3;
    }
  }

  /** The records object after its `{`: every record one plan's whole address set or empty. */
  private records(): boolean {
    const b = this.b;
    const records = this.seen.records;
    const known = this.endpointBytes;
    for (let p = 0; p < records.length; p++) records[p] = EMPTY;
    // Every endpoint must be named: a line that leaves one out is declined, for the full
    // reader to reject ("the observation has no record for ...").
    const all = (1 << known.length) - 1;
    if (b[this.at] === CLOSE) {
      this.at++;
      return all === 0;
    }
    let done = 0;
    for (;;) {
      if (b[this.at++] !== QUOTE) return false;
      let p = -1;
      for (let i = 0; i < known.length && p < 0; i++) if (this.lit(known[i]!)) p = i;
      if (p < 0 || (done & (1 << p)) !== 0 || b[this.at++] !== COLON || b[this.at++] !== SQUARE) return false;
      done |= 1 << p;
      if (b[this.at] === SQUARE_CLOSE) this.at++;
      else {
        let generation = -1;
        let mask = 0;
        let count = 0;
        for (;;) {
          if (b[this.at++] !== QUOTE) return false;
          const code = this.address();
          if (code < 0 || code >>> 10 !== p || b[this.at++] !== QUOTE) return false;
          const g = (code >>> 2) & 255;
          const k = 1 << (code & 3);
          if ((generation !== -1 && g !== generation) || (mask & k) !== 0) return false;
          generation = g;
          mask |= k;
          count++;
          const c = b[this.at++];
          if (c === SQUARE_CLOSE) break;
          if (c !== COMMA) return false;
        }
        if (count !== ADDRESSES_PER_RECORD || mask !== WHOLE) return false;
        records[p] = wholePlan(generation);
      }
      const c = b[this.at++];
      if (c === CLOSE) return done === all;
      if (c !== COMMA) return false;
    }
  }

  /** A harness address `10.i.g.k` read in place, as `addressCode` numbers it, or -1. */
  private address(): number {
    const b = this.b;
    let code = 0;
    for (let part = 0; part < 4; part++) {
      const from = this.at;
      let v = 0;
      let c = b[this.at]!;
      while (c >= ZERO && c <= NINE && this.at - from < 3) {
        v = v * 10 + (c - ZERO);
        c = b[++this.at]!;
      }
      const len = this.at - from;
      if (len === 0 || (c >= ZERO && c <= NINE) || (len > 1 && b[from] === ZERO)) return -1;
      if (part < 3 && b[this.at++] !== DOT) return -1;
      code = foldOctet(part, v, code);
      if (code < 0) return -1;
    }
    return code;
  }
}

/** The last few values read, each with the bytes it was read from. */
class Recent<T> {
  private readonly bytes: Uint8Array[];
  private readonly lengths: number[];
  private readonly values: (T | undefined)[];
  private next = 0;

  constructor(
    size: number,
    private readonly longest: number,
  ) {
    this.bytes = Array.from({ length: size }, () => new Uint8Array(longest));
    this.lengths = Array<number>(size).fill(0);
    this.values = Array<T | undefined>(size).fill(undefined);
  }

  /** The entry whose bytes `b` continues with at `at`, or -1. */
  find(b: Uint8Array, at: number): number {
    for (let e = 0; e < this.lengths.length; e++) {
      const n = this.lengths[e]!;
      if (n === 0 || at + n > b.length) continue;
      const mine = this.bytes[e]!;
      let i = 0;
      while (i < n && b[at + i] === mine[i]) i++;
      if (i === n) return e;
    }
    return -1;
  }

  length(e: number): number {
    return this.lengths[e]!;
  }

  value(e: number): T {
    return this.values[e]!;
  }

  /** Remembers `value` as read from `b[from, to)`, in place of the oldest entry. */
  put(b: Uint8Array, from: number, to: number, value: T): void {
    if (to - from > this.longest) return;
    const e = this.next;
    this.next = (e + 1) % this.lengths.length;
    this.bytes[e]!.set(b.subarray(from, to));
    this.lengths[e] = to - from;
    this.values[e] = value;
  }
}
