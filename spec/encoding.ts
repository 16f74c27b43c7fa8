import type { Constants } from './constants.js';
import { state, type Pc, type State } from './state.js';

/**
 * The canonical encoding of a state: every variable packed at a fixed bit width into 32-bit
 * words. Fields have fixed positions and widths, so two states have the same words exactly
 * when they are equal; the model checker stores these words, not the objects.
 *
 * Layout, from the lowest bit: latest, plans (generations 1..maxPlan), applied[p] for each
 * endpoint, then for each enactor one field holding pc (2 bits), held and pending (one bit
 * per endpoint). No field is wider than 15 bits, so a double accumulates the bits exactly.
 */
export interface Encoding {
  readonly words: number;
  encode(s: State, out: Uint32Array, at: number): void;
  decode(words: Uint32Array, at: number): State;
}

const TWO_32 = 2 ** 32;

export function makeEncoding(c: Constants): Encoding {
  const gen = 32 - Math.clz32(c.maxPlan);
  const head = gen + c.maxPlan;
  const enactorWidth = 2 + gen + c.endpoints;
  const bits = head + c.endpoints * gen + c.enactors * enactorWidth;
  const words = Math.ceil(bits / 32);
  const genMask = (1 << gen) - 1;
  const pendingMask = (1 << c.endpoints) - 1;
  const pow2 = Array.from({ length: 48 }, (_, i) => 2 ** i);
  const widths = [gen, c.maxPlan, ...Array<number>(c.endpoints).fill(gen), ...Array<number>(c.enactors).fill(enactorWidth)];

  return {
    words,
    encode(s, out, start) {
      let at = start;
      let acc = s.latest | ((s.plans >>> 1) << gen);
      let used = head;
      const applied = s.applied;
      for (let p = 0; p < applied.length; p++) {
        acc += applied[p]! * pow2[used]!;
        used += gen;
        if (used >= 32) {
          out[at++] = acc >>> 0;
          acc = Math.floor(acc / TWO_32);
          used -= 32;
        }
      }
      const { pc, held, pending } = s;
      for (let e = 0; e < pc.length; e++) {
        acc += (pc[e]! | (held[e]! << 2) | (pending[e]! << (2 + gen))) * pow2[used]!;
        used += enactorWidth;
        if (used >= 32) {
          out[at++] = acc >>> 0;
          acc = Math.floor(acc / TWO_32);
          used -= 32;
        }
      }
      if (used > 0) out[at++] = acc >>> 0;
      while (at < start + words) out[at++] = 0;
    },
    decode(src, start) {
      // Reads the fields back in order; `acc` holds the not yet consumed bits (< 2^47).
      let at = start;
      let acc = src[at++]!;
      let avail = 32;
      let v = 0;
      const fields: number[] = [];
      for (const width of widths) {
        if (avail < width) {
          acc += (src[at++] ?? 0) * pow2[avail]!;
          avail += 32;
        }
        v = acc % pow2[width]!;
        acc = (acc - v) / pow2[width]!;
        avail -= width;
        fields.push(v);
      }
      const latest = fields[0]!;
      const plans = fields[1]! << 1;
      const applied = fields.slice(2, 2 + c.endpoints);
      const pc: Pc[] = [];
      const held: number[] = [];
      const pending: number[] = [];
      for (const f of fields.slice(2 + c.endpoints)) {
        pc.push((f & 3) as Pc);
        held.push((f >>> 2) & genMask);
        pending.push((f >>> (2 + gen)) & pendingMask);
      }
      return state(latest, plans, applied, pc, held, pending);
    },
  };
}
