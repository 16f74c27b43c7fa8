/**
 * The colours of plan generations in pictures: distinct hues with none near red or orange,
 * which belong to the empty and the torn record, so a band's colour alone never looks like
 * an outage. Every band also carries its text (`plan 2`, `EMPTY`), so colour is never the
 * only carrier of meaning.
 */
const PLAN_COLOURS = [
  '#4e79a7', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#8cd17d', '#a0cbe8',
  '#d4a6c8', '#499894', '#b6992d', '#79706e', '#86bcb6', '#d7b5a6', '#bab0ac',
] as const;

/** The fill of plan `g`'s bands. */
export function planColour(g: number): string {
  return PLAN_COLOURS[(((g - 1) % PLAN_COLOURS.length) + PLAN_COLOURS.length) % PLAN_COLOURS.length]!;
}

/** Black or white, whichever reads better on `hex` (by relative luminance). */
export function inkOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return l > 0.22 ? '#1a1a1a' : '#ffffff';
}

export const EMPTY_COLOUR = '#c62828';
export const TORN_COLOUR = '#e65100';
