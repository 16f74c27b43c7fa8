import { totalmem } from 'node:os';

/** The share of the machine's memory `check` may fill with states when --max-memory is not given. */
export const MEMORY_SHARE = 0.5;

/** The default memory budget: a share of this machine's memory, so a run stops cleanly instead of swapping. */
export function defaultMaxBytes(total: number = totalmem()): number {
  return Math.floor(total * MEMORY_SHARE);
}

/** Bytes as GiB the way --max-memory takes them, e.g. `3.8`. */
export function gib(bytes: number): string {
  return String(Math.round((bytes / 2 ** 30) * 100) / 100);
}
