import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TableView } from './state-store.js';

/**
 * Whether a thread should collect its garbage (`collectGarbage`) once it has replaced its view
 * `last` of the state store with `next`: whether the arrays the store has left behind since
 * its last collection add up to COLLECT_AFTER bytes.
 *
 * When the store moves its table or words to new memory, the old arrays stay in memory while
 * some object in a thread's heap still refers to them, and the search makes almost no garbage,
 * so nothing else makes a thread collect: left alone they raised the peak memory of the
 * 20.4 M-state rung with 2 threads from 944 MB to 1,283 MB, and that of the 4 3 6 2 rung with
 * crashes under symmetry from 394 MB to 559 MB. A full collection of a thread's small heap
 * takes about 10 ms, so small arrays are left to add up first.
 */
export function leftBehind(last: TableView | undefined, next: TableView): boolean {
  if (last === undefined) return false;
  if (last.table !== next.table) left += last.table.byteLength;
  if (last.data !== next.data) left += last.data.byteLength;
  if (left < COLLECT_AFTER) return false;
  left = 0;
  return true;
}

/** A full collection of this thread's garbage. The collector is exposed to a context made for it, once per thread. */
export function collectGarbage(): void {
  collector ??= exposed();
  collector();
}

/** Bytes of old arrays a thread lets add up before it collects its garbage. */
const COLLECT_AFTER = 64 * 2 ** 20;

let left = 0;
let collector: (() => void) | undefined;

function exposed(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
