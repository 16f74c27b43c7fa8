import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collectGarbage, leftBehind } from '../../src/engine/collect.js';
import type { TableView } from '../../src/engine/state-store.js';

function view(tableBytes: number): TableView {
  return { table: new Int32Array(new SharedArrayBuffer(tableBytes)), data: new Uint32Array(new SharedArrayBuffer(4)), mask: 0, bits: 0, words: 1, rest: -1 };
}

describe('freeing what the store leaves behind', () => {
  it('asks for a collection once the old arrays add up to 64 MiB, and the collection frees them', async () => {
    const freed: string[] = [];
    const registry = new FinalizationRegistry<string>((what) => freed.push(what));
    // A full 64 MiB table left behind is enough on its own, whatever was counted before.
    let store: TableView = view(64 * 2 ** 20);
    registry.register(store.table, 'the old table');
    const next = view(4096);
    const collect = leftBehind(store, next);
    store = next;
    expect(collect).toBe(true);
    // The test makes no garbage of its own here: only this collection can free the table.
    collectGarbage();
    // The registry's callback runs on a later turn of the event loop.
    for (let i = 0; i < 50 && freed.length === 0; i++) await sleep(10);
    expect(freed).toEqual(['the old table']);
    // The count starts again: a small array left behind asks for nothing.
    expect(leftBehind(store, view(4096))).toBe(false);
  });
});
