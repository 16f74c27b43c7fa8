import type { Constants } from './constants.js';
import { state, type Pc, type State } from './state.js';

/**
 * The canonical encoding of a state: every variable packed at a fixed bit width into 32-bit
 * words. Fields have fixed positions and widths, so two states have the same words exactly
 * when they are equal; the model checker stores these words, not the objects.
 *
 * Layout, from the lowest bit: latest, plans (generations 1..maxPlan), applied[p] for each
 * endpoint, then for each enactor one field holding pc (2 bits), held and pending (one bit
 * per endpoint). No field is wider than 15 bits, so a field spans at most two words.
 */
export interface Encoding {
  readonly words: number;
  /** The bits the words use, from the low bit of the first word; the bits above are 0. */
  readonly bits: number;
  encode(s: State, out: Uint32Array, at: number): void;
  decode(words: Uint32Array, at: number): State;
}

export function makeEncoding(c: Constants): Encoding {
  const gen = 32 - Math.clz32(c.maxPlan);
  const enactorWidth = 2 + gen + c.endpoints;
  const bits = gen + c.maxPlan + c.endpoints * gen + c.enactors * enactorWidth;
  const words = Math.ceil(bits / 32);
  const genMask = (1 << gen) - 1;
  const pendingMask = (1 << c.endpoints) - 1;

  // Encoding moves a cursor over the words: `word` collects the current word's bits and
  // `used` counts them; a field that does not fit spills its high bits into the next word.
  // Decoding first unpacks every field, in layout order, into `fields`.
  const widths = [gen, c.maxPlan, ...Array<number>(c.endpoints).fill(gen), ...Array<number>(c.enactors).fill(enactorWidth)];
  const masks = widths.map((w) => 2 ** w - 1);
  const fields = new Int32Array(widths.length);
  const enactorsAt = 2 + c.endpoints;
  // Decoded arrays are copies of these, so they are allocated at their exact length.
  const endpointsTemplate: number[] = Array.from({ length: c.endpoints }, () => 0);
  const enactorsTemplate: number[] = Array.from({ length: c.enactors }, () => 0);

  return {
    words,
    bits,
    encode(s, out, start) {
      let at = start;
      let word = s.latest | ((s.plans >>> 1) << gen);
      let used = gen + c.maxPlan;
      const { applied, pc, held, pending } = s;
      for (let p = 0; p < applied.length; p++) {
        const v = applied[p]!;
        word |= v << used;
        used += gen;
        if (used >= 32) {
          out[at++] = word;
          used -= 32;
          word = v >>> (gen - used);
        }
      }
      for (let e = 0; e < pc.length; e++) {
        const v = pc[e]! | (held[e]! << 2) | (pending[e]! << (2 + gen));
        word |= v << used;
        used += enactorWidth;
        if (used >= 32) {
          out[at++] = word;
          used -= 32;
          word = v >>> (enactorWidth - used);
        }
      }
      if (used > 0) out[at++] = word;
      while (at < start + words) out[at++] = 0;
    },
    decode(src, start) {
      let at = start;
      let word = src[at++]! | 0;
      let avail = 32;
      for (let f = 0; f < widths.length; f++) {
        const width = widths[f]!;
        const mask = masks[f]!;
        if (avail >= width) {
          fields[f] = word & mask;
          word >>>= width;
          avail -= width;
        } else {
          const next = src[at++]! | 0;
          fields[f] = (word | (next << avail)) & mask;
          word = next >>> (width - avail);
          avail += 32 - width;
        }
      }
      const applied = endpointsTemplate.slice();
      for (let p = 0; p < applied.length; p++) applied[p] = fields[2 + p]!;
      const pc = enactorsTemplate.slice() as Pc[];
      const held = enactorsTemplate.slice();
      const pending = enactorsTemplate.slice();
      for (let e = 0; e < pc.length; e++) {
        const f = fields[enactorsAt + e]!;
        pc[e] = (f & 3) as Pc;
        held[e] = (f >>> 2) & genMask;
        pending[e] = (f >>> (2 + gen)) & pendingMask;
      }
      return state(fields[0]!, fields[1]! * 2, applied, pc, held, pending);
    },
  };
}
