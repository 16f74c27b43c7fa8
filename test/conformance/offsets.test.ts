import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import type { Adapter } from '../../conformance/adapter.js';
import { planFor } from '../../conformance/addresses.js';
import { runConformance, verifyFile } from '../../conformance/index.js';
import { abstractEvent, abstractObservation, DEFAULT_OFFSETS, offsetOfRun } from '../../conformance/offsets.js';
import type { ResetRequest } from '../../conformance/protocol/index.js';
import { DEFAULT_SHAPE } from '../../spec/index.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-offsets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The reference, with every reset request it was sent kept. */
function recording(variant: string): { adapter: Adapter; resets: ResetRequest[] } {
  const inner = new ReferenceAdapter({ variant });
  const resets: ResetRequest[] = [];
  const adapter = Object.create(inner) as Adapter;
  adapter.reset = (request: ResetRequest) => {
    resets.push(request);
    return inner.reset(request);
  };
  return { adapter, resets };
}

describe('generation offsets', () => {
  it('map observed generations to abstract ones, whatever the offset', () => {
    const first = 2 ** 53 - 8;
    expect(abstractEvent({ kind: 'pick', enactor: 'a', generation: first + 2 }, first)).toEqual({ kind: 'pick', enactor: 'a', generation: 3 });
    expect(abstractEvent({ kind: 'collect', deleted: [first, first + 1] }, first)).toEqual({ kind: 'collect', deleted: [1, 2] });
    expect(abstractObservation({ plans: [first + 3], records: {} }, first)).toEqual({ plans: [4], records: {} });
    const plan = planFor(4, ['regional', 'global'], first);
    expect(plan.generation).toBe(2 ** 53 - 5);
    expect(plan.records).toEqual({ regional: ['10.0.4.1', '10.0.4.2'], global: ['10.1.4.1', '10.1.4.2'] });
  });

  it('spread generated runs over 1, 9, 99, 2^31 - 2 and 2^53 - 8, by run number', () => {
    expect(DEFAULT_OFFSETS).toEqual([1, 9, 99, 2 ** 31 - 2, 2 ** 53 - 8]);
    expect([1, 2, 3, 4, 5, 6].map(offsetOfRun)).toEqual([1, 9, 99, 2147483646, 9007199254740984, 1]);
  });

  it('the fixed reference is conformant (live) at every default offset, and each run resets with its own', async () => {
    const { adapter, resets } = recording('fixed');
    const r = await runConformance({ adapter, shape: DEFAULT_SHAPE, runs: 10, seed: 7, coverage: false, historyDir: join(dir, 'spread'), keepHistories: 10 });
    expect(r.verdict).toBe('conformant');
    expect(r.levelReached).toBe('live');
    const firsts = resets.map((q) => q.firstGeneration ?? 1);
    expect(new Set(firsts)).toEqual(new Set(DEFAULT_OFFSETS));
    for (const q of resets) expect(q.plan.generation).toBe(q.firstGeneration ?? 1);
    // The kept histories name the offset and carry abstract generations, so they verify unchanged.
    const files = readdirSync(join(dir, 'spread', 'runs')).map((f) => join(dir, 'spread', 'runs', f));
    const headers = files.map((f) => JSON.parse(readFileSync(f, 'utf8').split('\n')[0]!) as { firstGeneration?: number });
    expect(headers.some((h) => h.firstGeneration === 2 ** 53 - 8)).toBe(true);
    for (const f of files) {
      const v = await verifyFile(f);
      expect([v.status, v.level, v.violations]).toEqual(['checked', 'live', []]);
    }
  });

  it('a pinned first generation is used by every run', async () => {
    const { adapter, resets } = recording('fixed');
    const r = await runConformance({ adapter, shape: DEFAULT_SHAPE, runs: 3, seed: 7, coverage: false, firstGeneration: 99 });
    expect(r.verdict).toBe('conformant');
    // The first reset is the probe's, which asks only who answers.
    expect(resets.length).toBe(4);
    expect(resets.slice(1).every((q) => q.firstGeneration === 99 && q.plan.generation === 99)).toBe(true);
  });
});
