/**
 * The last stage of shrinking: removes commands from a failing schedule while the run still
 * fails the same way, first in halves, then quarters, down to single commands, and repeats
 * the single-command pass until no one command can go, so the schedule it returns is
 * 1-minimal. fast-check's own shrinking cannot always get there through the biased
 * generators (the steps a starved enactor is forced to take, for one), and a failure kept in
 * reserve is not shrunk by fast-check at all.
 */
import type { Command } from '../protocol/index.js';

export async function minimise(schedule: readonly Command[], stillFails: (s: Command[]) => Promise<boolean>): Promise<Command[]> {
  let current = [...schedule];
  let size = 1;
  while (size * 2 <= current.length) size *= 2;
  for (; size >= 1; size = Math.floor(size / 2)) {
    let removed = true;
    while (removed) {
      removed = false;
      for (let i = current.length - size; i >= 0; i--) {
        const candidate = [...current.slice(0, i), ...current.slice(i + size)];
        if (await stillFails(candidate)) {
          current = candidate;
          removed = true;
          i = Math.min(i, current.length - size + 1);
        }
      }
      if (size > 1) break;
    }
  }
  return current;
}
