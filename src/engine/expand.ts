import type { PackedView } from './packed-view.js';
import type { ActionInstance, Liveness, StepFacts, Symmetry } from './spec.js';
import { hash, hash2, lookupAll, type TableView } from './state-store.js';

/**
 * One batch of states to expand and what their expansion gives, in memory every thread sees.
 * The states to expand are `src` (state `k` of the batch at `k * words`); a thread given states
 * `[lo, hi)` writes their successors from position `lo * actions` on (each state has at most one
 * successor per action instance): state `k`'s at positions `[begin[k], end[k])`, how many of
 * them are by fair action instances at `fairs[k]`, successor `j`'s words at `keys[j * words..]`,
 * under symmetry its orbit's representative at `canon[j * words..]` and the orbit's size at
 * `orbit[j]`, the action instance at `acts[j]`, the hash of the words looked up (the
 * representative's) at `hashes[j]`, which action properties the step breaks at `broken[j]`
 * (bit `i` for property `i`, when they are judged), and at `found[j]`: `-2 - i` when it equals
 * an earlier successor `i` of the same share (see `sameAsEarlier`), else its number in the
 * store when the thread could look it up there, else -1 (not found, or not looked up). Which progress
 * measures some step of state `k` fails to raise is at `stalls[k]` (bit `i` for
 * `Expansion.progress[i]`). The successors of state `k` that the search must still visit
 * (see `listTodo`) are listed at `todo[begin[k]..begin[k] + pend[k])`.
 */
export interface Batch {
  readonly src: Uint32Array;
  readonly keys: Uint32Array;
  /** `keys` itself without symmetry. */
  readonly canon: Uint32Array;
  readonly orbit: Float64Array;
  readonly acts: Int32Array;
  readonly hashes: Int32Array;
  readonly broken: Int32Array;
  readonly found: Int32Array;
  readonly begin: Int32Array;
  readonly end: Int32Array;
  readonly fairs: Int32Array;
  readonly stalls: Int32Array;
  readonly todo: Int32Array;
  readonly pend: Int32Array;
}

/** A batch for `states` states of `words` words of a spec with `actions` action instances. */
export function makeBatch(states: number, words: number, actions: number, symmetric: boolean, shared: boolean): Batch {
  const buffer = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const u32 = (n: number) => new Uint32Array(buffer(n * 4));
  const i32 = (n: number) => new Int32Array(buffer(n * 4));
  const keys = u32(states * actions * words);
  return {
    src: u32(states * words),
    keys,
    canon: symmetric ? u32(keys.length) : keys,
    orbit: new Float64Array(buffer(symmetric ? states * actions * 8 : 8)),
    acts: i32(states * actions),
    hashes: i32(states * actions),
    broken: i32(states * actions),
    found: i32(states * actions),
    begin: i32(states),
    end: i32(states),
    fairs: i32(states),
    stalls: i32(states),
    todo: i32(states * actions),
    pend: i32(states),
  };
}

/** What expanding a state takes: the spec's encoded view and what the search asks of it. */
export interface Expansion {
  readonly view: PackedView;
  /** Action instances, at least 1. */
  readonly actions: number;
  /** Per action instance: 1 when it is fair. */
  readonly fair: Uint8Array;
  readonly symmetry: Symmetry | undefined;
  /** Whether to judge the action properties on every step (at most 31 of them). */
  readonly judge: boolean;
  /** Progress measures to compare across every step, but the steps each leaves out (at most 31). */
  readonly progress: readonly Progress[];
  /** Where the successors' measures go, for the measure that `view.successors` writes
   *  (`Progress.bySuccessors`); one per action instance, and one for the state expanded. */
  readonly measures: Float64Array | undefined;
  /** The table in which `expandRange` finds successors equal to earlier ones (see
   *  `sameAsEarlier`), made for the successors of SHARE states: 16-bit entries when they
   *  fit, so that it takes less of the processor's cache. */
  readonly seen: Uint16Array | Int32Array;
  /** When the spec's fast path works out each state's fair steps and the steps' verdicts on
   *  the action properties (see `StepFacts`), and the stalls where they are to be compared
   *  on the successors themselves: what it writes them into (one per thread). */
  readonly facts: StepFacts | undefined;
}

/** A liveness property's progress measure (see `Liveness.progress`), and per action instance 1 when its steps need not raise it. */
export interface Progress {
  /** The liveness property's name. */
  readonly name: string;
  readonly measure: (words: Uint32Array, at: number) => number;
  readonly excluded: Uint8Array;
  /** Whether the successors' measures come from `view.successors` (see `Expansion.measures`)
   *  rather than from `measure` on each successor. */
  readonly bySuccessors: boolean;
}

/** What `expansion` needs of a spec. */
interface ExpansionSpec {
  readonly actions: readonly Pick<ActionInstance<unknown>, 'name' | 'fair'>[];
  readonly liveness: readonly Pick<Liveness<unknown>, 'name' | 'finitely'>[];
}

/** Per action instance of `spec`: 1 when it is fair. */
export function fairOf(spec: { readonly actions: readonly { readonly fair: boolean }[] }): Uint8Array {
  return Uint8Array.from(spec.actions, (a) => (a.fair ? 1 : 0));
}

/**
 * What expanding a state of `spec` takes; `judge` asks for its action properties to be judged
 * on every step, `measured` names the liveness properties whose progress measures are compared
 * across every step (each must have one).
 */
export function expansion(spec: ExpansionSpec, view: PackedView, symmetry: Symmetry | undefined, judge: boolean, measured: readonly string[] = []): Expansion {
  const judged = judge && view.actionProperties.length > 0;
  if (judged && view.actionProperties.length > MAX_JUDGED) throw new Error(`at most ${MAX_JUDGED} action properties are judged per step`);
  if (measured.length > MAX_JUDGED) throw new Error(`at most ${MAX_JUDGED} progress measures are compared per step`);
  const progress = measured.map((name): Progress => {
    const l = spec.liveness.findIndex((p) => p.name === name);
    const measure = view.progress[l];
    if (measure === undefined) throw new Error(`${name} has no progress measure`);
    // Under symmetry the measure is compared on the successors' representatives, which the
    // successors' own measures need not equal.
    return { name, measure, excluded: excludedBy(spec, spec.liveness[l]!), bySuccessors: l === view.measuredBySuccessors && symmetry === undefined };
  });
  const actions = Math.max(1, spec.actions.length);
  let seen = 16;
  while (seen < 2 * SHARE * actions) seen *= 2;
  // The fast path compares one measure, on the successors as the steps make them: under
  // symmetry the stalls are compared on the representatives (see `canonicalizeAll`) instead.
  const compare = symmetry === undefined && progress.length > 0;
  const fused = view.factsBySuccessors && (!compare || (progress.length === 1 && progress[0]!.bySuccessors));
  const facts: StepFacts | undefined = fused ? { broken: new Int32Array(0), compare, fairs: 0, stalled: false } : undefined;
  return {
    view,
    actions,
    fair: fairOf(spec),
    symmetry,
    judge: judged,
    progress,
    measures: !fused && progress.some((p) => p.bySuccessors) ? new Float64Array(actions + 1) : undefined,
    seen: SHARE * actions < 0xffff ? new Uint16Array(seen) : new Int32Array(seen),
    facts,
  };
}

/** Per action instance of `spec`: 1 when liveness property `p` assumes its action happens only finitely often. */
export function excludedBy(spec: Pick<ExpansionSpec, 'actions'>, p: Pick<Liveness<unknown>, 'finitely'>): Uint8Array {
  return Uint8Array.from(spec.actions, (a) => (p.finitely?.includes(a.name) ? 1 : 0));
}

/** The most action properties judged per step: one bit each in `Batch.broken`. */
export const MAX_JUDGED = 31;

/**
 * Expands states `[lo, hi)` of a batch (see `Batch`), at most SHARE of them, the same work
 * whichever thread does it, and looks the successors up in `store` when given (a view of the
 * store in shared memory).
 */
export function expandRange(x: Expansion, b: Batch, lo: number, hi: number, store?: TableView): void {
  if (hi - lo > SHARE) throw new Error(`at most ${SHARE} states are expanded at once`);
  // Each pass is a function whose loop is the whole of it. Written inline, the first loop of
  // a worker's first share was compiled while it ran, before the lines after it had run once;
  // that code lacked what it needed for them, and left for the interpreter there on nearly
  // every share after (657 times on the 5.3 M-state rung).
  const W = x.view.words;
  const start = lo * x.actions;
  const n = expandStates(x, b, lo, hi);
  const { canon, hashes } = b;
  if (x.symmetry !== undefined) canonicalizeAll(x, x.symmetry, b, lo, hi, start, n);
  if (W === 2) sameAsEarlier2(x.seen, b, start, n);
  else {
    hashAll(canon, hashes, start, n, W);
    sameAsEarlier(x.seen, b, start, n, W);
  }
  if (store !== undefined) lookupAll(store, canon, hashes, b.found, start, n);
  listTodo(b, lo, hi, x.judge);
}

/** The first pass of `expandRange`: each state's successors, fair count, broken action
 *  properties and stalls; returns where the last state's successors end. */
function expandStates(x: Expansion, b: Batch, lo: number, hi: number): number {
  const { view, fair, progress, measures } = x;
  const { src, keys, acts, broken } = b;
  const W = view.words;
  const judges = x.judge ? view.actionProperties : [];
  const P = judges.length;
  const R = progress.length;
  // Under symmetry the measures are compared once the successors are representatives.
  const measuredHere = x.symmetry === undefined && R > 0;
  let n = lo * x.actions;
  const facts = x.facts;
  if (facts !== undefined) {
    facts.broken = broken;
    for (let k = lo; k < hi; k++) {
      b.begin[k] = n;
      n += view.successors(src, k * W, keys, n * W, acts, n, undefined, facts);
      b.fairs[k] = facts.fairs;
      b.stalls[k] = facts.compare && facts.stalled ? 1 : 0;
      b.end[k] = n;
    }
    return n;
  }
  for (let k = lo; k < hi; k++) {
    b.begin[k] = n;
    const at = k * W;
    const m = n + view.successors(src, at, keys, n * W, acts, n, measures);
    let fairs = 0;
    for (let j = n; j < m; j++) fairs += fair[acts[j]!]!;
    for (let j = n; j < m; j++) broken[j] = 0;
    for (let i = 0; i < P; i++) {
      const judge = judges[i]!;
      for (let j = n; j < m; j++) if (!judge(src, at, keys, j * W)) broken[j] = broken[j]! | (1 << i);
    }
    b.fairs[k] = fairs;
    b.stalls[k] = measuredHere ? stallsOf(progress, src, at, keys, acts, n, m, W, measures) : 0;
    n = m;
    b.end[k] = n;
  }
  return n;
}

/** Under symmetry: each successor's representative and orbit size, and the stalls compared on the representatives. */
function canonicalizeAll(x: Expansion, symmetry: Symmetry, b: Batch, lo: number, hi: number, start: number, n: number): void {
  const { keys, canon, src, acts } = b;
  const W = x.view.words;
  canon.set(keys.subarray(start * W, n * W), start * W);
  for (let j = start; j < n; j++) b.orbit[j] = symmetry.canonicalize(canon, j * W);
  for (let k = lo; k < hi; k++) b.stalls[k] = stallsOf(x.progress, src, k * W, canon, acts, b.begin[k]!, b.end[k]!, W);
}

/** Each successor's hash, for `sameAsEarlier` and the store. */
function hashAll(canon: Uint32Array, hashes: Int32Array, start: number, n: number, W: number): void {
  for (let j = start; j < n; j++) hashes[j] = hash(canon, j * W, W);
}

/**
 * `hashAll` and `sameAsEarlier` in one pass, for successors of two words, whose words are
 * compared as two locals: about a fifth less time than the two passes on the 3 3 5 rung's
 * shares (a script outside the repo), on the most common layout.
 */
function sameAsEarlier2(seen: Uint16Array | Int32Array, b: Batch, start: number, n: number): void {
  const { canon, hashes, found } = b;
  const mask = clearSeen(seen, n - start);
  for (let j = start; j < n; j++) {
    const k0 = canon[2 * j]!;
    const k1 = canon[2 * j + 1]!;
    const h = hash2(k0, k1);
    hashes[j] = h;
    let slot = h & mask;
    let mark = -1;
    for (;;) {
      const e = seen[slot]!;
      if (e === 0) {
        seen[slot] = j - start + 1;
        break;
      }
      const i = start + e - 1;
      if (canon[2 * i] === k0 && canon[2 * i + 1] === k1) {
        mark = -2 - i;
        break;
      }
      slot = (slot + 1) & mask;
    }
    found[j] = mark;
  }
}

/**
 * Lists, for each of states `[lo, hi)` of a batch, the successors the search must visit: those
 * neither found in the store nor equal to an earlier one (`found[j] === -1`: new, or added
 * since the view), and those that break an action property. When a worker has looked them up
 * in the store, that is about one successor in seven on a large graph (7.0 M of 48.5 M on the
 * 5.3 M-state rung), and the search's one numbering thread passes over the others unread.
 */
function listTodo(b: Batch, lo: number, hi: number, judged: boolean): void {
  const { found, broken, todo, begin, end, pend } = b;
  // Unjudged, `broken` may hold the fast path's verdicts all the same (see `StepFacts`).
  const mask = judged ? -1 : 0;
  for (let k = lo; k < hi; k++) {
    const first = begin[k]!;
    const last = end[k]!;
    let t = first;
    for (let j = first; j < last; j++) if (found[j] === -1 || (broken[j]! & mask) !== 0) todo[t++] = j;
    pend[k] = t - first;
  }
}

/**
 * Which of the measures some step from the state at `src[at..]` fails to raise, bit `i` for
 * `progress[i]`, its successors being at `keys[j * W..]` for `j` in `[begin, end)`, by the
 * action instances `acts[j]` (a measure the successors wrote is at `measures[j - begin]`, the
 * state's own at `measures[end - begin]`). A measure is compared until one step fails to
 * raise it.
 */
function stallsOf(
  progress: readonly Progress[],
  src: Uint32Array,
  at: number,
  keys: Uint32Array,
  acts: Int32Array,
  begin: number,
  end: number,
  W: number,
  measures?: Float64Array,
): number {
  let stalls = 0;
  for (let i = 0; i < progress.length; i++) {
    const { measure, excluded, bySuccessors } = progress[i]!;
    const here = bySuccessors ? measures![end - begin]! : measure(src, at);
    for (let j = begin; j < end; j++) {
      if (excluded[acts[j]!] === 0 && !((bySuccessors ? measures![j - begin]! : measure(keys, j * W)) > here)) {
        stalls |= 1 << i;
        break;
      }
    }
  }
  return stalls;
}

/**
 * Marks each of successors `[start, n)` of a batch that equals an earlier one of them
 * (looked up and stored as, under symmetry): `found[j]` is `-2 - i` for the first one equal,
 * `i`, and -1 for the others. Sibling states share many successors (two steps that commute
 * lead to the same state, and every crash of an enactor doing nothing to the same), so about
 * half of all successors of a share (see `SHARE`) are marked here, in a table that stays in
 * the processor's cache, and need no lookup in the store.
 */
function sameAsEarlier(seen: Uint16Array | Int32Array, b: Batch, start: number, n: number, W: number): void {
  const { canon, hashes, found } = b;
  const mask = clearSeen(seen, n - start);
  for (let j = start; j < n; j++) {
    let slot = hashes[j]! & mask;
    let mark = -1;
    for (;;) {
      const e = seen[slot]!;
      if (e === 0) {
        seen[slot] = j - start + 1;
        break;
      }
      const i = start + e - 1;
      let w = 0;
      while (w < W && canon[i * W + w] === canon[j * W + w]) w++;
      if (w === W) {
        mark = -2 - i;
        break;
      }
      slot = (slot + 1) & mask;
    }
    found[j] = mark;
  }
}

/** Empties the part of `seen` that `count` successors use, twice as many slots as they, and
 *  returns its mask. (The probe loops of `sameAsEarlier` and `sameAsEarlier2` stay apart: one
 *  loop for both layouts, with a branch on the layout, lost most of the gain for two words.) */
function clearSeen(seen: Uint16Array | Int32Array, count: number): number {
  let size = 16;
  while (size < 2 * count) size *= 2;
  seen.fill(0, 0, size);
  return size - 1;
}

/**
 * The slots of the control array the threads share (an `Int32Array`). Job `seq` (numbered from
 * 1) is in batch `seq & 1`; at most two are handed out at a time, so the workers can go on to
 * the next while the main thread finishes the last shares of one.
 */
export const CTRL = {
  /** The last job handed out; bumped once more to end. */
  seq: 0,
  /** Workers that have loaded the spec. */
  ready: 1,
  /** Set when a worker could not load the spec or expand its share. */
  failed: 2,
  /** Set, with a last bump of `seq`, when the workers are to end. */
  exit: 3,
  /** Per batch (at `states + (seq & 1)`): how many states the job in it has. */
  states: 4,
  /** Per batch: the job's claims, its sequence number (low 15 bits) times 2^16 plus the next share to take. */
  claim: 6,
  /** Per batch: the job's shares finished, summed over the threads. */
  done: 8,
  size: 10,
} as const;

/**
 * States per share of a job: threads take shares one at a time, so none waits while another
 * has work. The more states a share has, the more of their successors `sameAsEarlier` finds
 * equal to an earlier one, and the fewer are looked up in the store: on the 1.2 M-state rung,
 * 38% with shares of 256 states, 48% with 1,024, 52% with 2,048 (and 58% for a whole batch of
 * 8,192, which two threads could not share).
 */
export const SHARE = 2048;

/** The claim word of job `seq` before any share of it is taken. */
export function claimBase(seq: number): number {
  return (seq & 0x7fff) << 16;
}

/**
 * Takes the next share of job `seq` of `shares`: its number, or -1 when every share is
 * taken or the job's batch holds a later job.
 */
export function claimShare(ctrl: Int32Array, seq: number, shares: number): number {
  const base = claimBase(seq);
  const at = CTRL.claim + (seq & 1);
  for (;;) {
    const v = Atomics.load(ctrl, at);
    if ((v & ~0xffff) !== base || (v & 0xffff) >= shares) return -1;
    if (Atomics.compareExchange(ctrl, at, v, v + 1) === v) return v & 0xffff;
  }
}

/** Expands every share of job `seq` (states `[0, states)` of `b`) that nobody has taken, counting each in its batch's `done`. */
export function expandShares(x: Expansion, ctrl: Int32Array, seq: number, b: Batch, states: number, store: TableView | undefined): void {
  while (expandShare(x, ctrl, seq, b, states, store));
}

/** Expands the next share of job `seq` that nobody has taken, as `expandShares` does; false when there is none. */
export function expandShare(x: Expansion, ctrl: Int32Array, seq: number, b: Batch, states: number, store: TableView | undefined): boolean {
  const k = claimShare(ctrl, seq, Math.ceil(states / SHARE));
  if (k < 0) return false;
  expandRange(x, b, k * SHARE, Math.min(states, (k + 1) * SHARE), store);
  const done = CTRL.done + (seq & 1);
  Atomics.add(ctrl, done, 1);
  Atomics.notify(ctrl, done);
  return true;
}
